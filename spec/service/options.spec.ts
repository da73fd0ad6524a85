/**
 * Resolution of RuntimeService options and environment variables (no server needed): where
 * the service points, which credentials it uses, and the errors for unusable settings.
 */
import { ConfigError } from '../../src/codecs/errors.js';
import { optionsFromEnv, processEnv } from '../../src/service/env.js';
import {
  DEFAULT_LOCAL_URL,
  apiUrlForCrn,
  iamUrlForCrn,
  parseCrn,
  resolveServiceOptions,
} from '../../src/service/options.js';
import type { RuntimeServiceOptions } from '../../src/service/options.js';

const CRN = 'crn:v1:bluemix:public:quantum-computing:us-east:a/acct:inst::';

describe('service options', () => {
  it('parseCrn() reads cname, type and region; anything else is a ConfigError', () => {
    expect(parseCrn(CRN)).toEqual({ cname: 'bluemix', ctype: 'public', region: 'us-east' });
    for (const bad of [
      '',
      'crn:v2:bluemix:public:q:us-east:a/x:y::',
      'crn:v1:bluemix:public:q::a/x:y::',
      'crn:v1',
    ]) {
      expect(() => parseCrn(bad))
        .withContext(bad)
        .toThrowError(ConfigError);
    }
  });

  it('apiUrlForCrn() and iamUrlForCrn() follow the region, staging and private endpoints', () => {
    expect(apiUrlForCrn(CRN)).toBe('https://quantum.cloud.ibm.com/api');
    expect(apiUrlForCrn(CRN.replace('us-east', 'eu-de'))).toBe(
      'https://eu-de.quantum.cloud.ibm.com/api',
    );
    expect(apiUrlForCrn(CRN.replace('bluemix', 'staging'))).toBe(
      'https://quantum.test.cloud.ibm.com/api',
    );
    expect(apiUrlForCrn(CRN.replace('public', 'private'))).toBe(
      'https://private.us-east.quantum.cloud.ibm.com/api',
    );
    expect(iamUrlForCrn(CRN)).toBe('https://iam.cloud.ibm.com');
    expect(iamUrlForCrn(CRN.replace('bluemix', 'staging'))).toBe('https://iam.test.cloud.ibm.com');
  });

  it('a local URL with an API key exchanges it at the same origin', () => {
    const r = resolveServiceOptions({ url: 'http://127.0.0.1:9999/api', apiKey: 'k' });
    expect(r.credentials).toEqual({ type: 'iam', apiKey: 'k', iamUrl: 'http://127.0.0.1:9999' });
    expect(r.baseUrl).toBe('http://127.0.0.1:9999/api/v1');
    expect(r.local).toBeTrue();
    expect(r.defaulted).toBeFalse();
    expect(r.notice).toBeUndefined();
  });

  it('a CRN picks the IAM host; an explicit iamUrl wins', () => {
    expect(resolveServiceOptions({ apiKey: 'k', serviceCrn: CRN }).credentials).toEqual(
      jasmine.objectContaining({ iamUrl: 'https://iam.cloud.ibm.com' }),
    );
    expect(
      resolveServiceOptions({ apiKey: 'k', serviceCrn: CRN, iamUrl: 'https://iam.example.com/' })
        .credentials,
    ).toEqual(jasmine.objectContaining({ iamUrl: 'https://iam.example.com' }));
  });

  it('with a token and no url it defaults to the local runtime, never a remote host', () => {
    const r = resolveServiceOptions({ token: 't' });
    expect(r.url).toBe(DEFAULT_LOCAL_URL);
    expect(r.defaulted).toBeTrue();
    expect(r.local).toBeTrue();
    expect(r.notice).toContain('nothing is sent to a remote service');
  });

  it('a token is never described in errors', () => {
    let message = '';
    try {
      resolveServiceOptions({ token: { secret: 'hunter2' } as never });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('token must be a non-empty string');
    expect(message).not.toContain('hunter2');
  });

  it('a URL with a query, credentials or another scheme is refused', () => {
    expect(() =>
      resolveServiceOptions({ url: 'https://x.example/api?a=1', token: 't' }),
    ).toThrowError(ConfigError, /query/);
    expect(() =>
      resolveServiceOptions({ url: 'https://u:p@x.example/api', token: 't' }),
    ).toThrowError(ConfigError);
    expect(() => resolveServiceOptions({ url: 'wss://x.example/api', token: 't' })).toThrowError(
      ConfigError,
      /http or https/,
    );
    expect(() => resolveServiceOptions(null as never)).toThrowError(ConfigError);
  });
});

describe('environment variables', () => {
  it('QJOBS_* names take precedence over the qiskit names', () => {
    expect(
      optionsFromEnv({
        QJOBS_URL: 'http://127.0.0.1:1/api',
        QJOBS_TOKEN: 'tok',
        QISKIT_IBM_TOKEN: 'ibm-key',
        QISKIT_IBM_INSTANCE: CRN,
        QISKIT_IBM_URL: 'https://cloud.ibm.com',
      }),
    ).toEqual({ url: 'http://127.0.0.1:1/api', token: 'tok' });
  });

  it('the qiskit names give an API key, a CRN and a URL', () => {
    expect(
      optionsFromEnv({
        QISKIT_IBM_TOKEN: 'key',
        QISKIT_IBM_INSTANCE: CRN,
        IAM_URL: 'https://iam.example.com',
      }),
    ).toEqual({ apiKey: 'key', serviceCrn: CRN, iamUrl: 'https://iam.example.com' });
  });

  it('QJOBS_ALLOW_INSECURE_HTTP and QJOBS_API_VERSION are read; a bad boolean is a ConfigError', () => {
    expect(
      optionsFromEnv({ QJOBS_ALLOW_INSECURE_HTTP: 'yes', QJOBS_API_VERSION: '2025-01-01' }),
    ).toEqual({
      allowInsecureHttp: true,
      apiVersion: '2025-01-01',
    });
    expect(() => optionsFromEnv({ QJOBS_ALLOW_INSECURE_HTTP: 'perhaps' })).toThrowError(
      ConfigError,
      /QJOBS_ALLOW_INSECURE_HTTP/,
    );
  });

  it('empty variables count as unset; no environment gives no options', () => {
    expect(optionsFromEnv({ QJOBS_URL: '  ', QJOBS_TOKEN: '' })).toEqual({});
    expect(optionsFromEnv(undefined)).toEqual({});
  });

  it('processEnv() is the process environment on Node', () => {
    expect(processEnv()).toBe(process.env);
  });
});

// QiskitRuntimeService's option names, from Qiskit/qiskit-ibm-runtime
// qiskit_ibm_runtime/qiskit_runtime_service.py (`__init__`: channel, token, url, instance,
// private_endpoint, region) and qiskit_ibm_runtime/api/utils.py (default_runtime_url_resolver).
describe("service options under QiskitRuntimeService's names", () => {
  const EU = CRN.replace('us-east', 'eu-de');
  const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';

  it('instance is the CRN: sent as Service-CRN, and the URL of its region when none is given', () => {
    const r = resolveServiceOptions({ token: 'api-key', instance: EU });
    expect(r.serviceCrn).toBe(EU);
    expect(r.url).toBe('https://eu-de.quantum.cloud.ibm.com/api');
    expect(r.ibm).toBeTrue();
    expect(resolveServiceOptions({ token: 't', instance: CRN, serviceCrn: CRN }).serviceCrn).toBe(
      CRN,
    );
    expect(() => resolveServiceOptions({ token: 't', instance: CRN, serviceCrn: EU })).toThrowError(
      ConfigError,
      /two names of the instance CRN/,
    );
  });

  it("instance given as a name (or 'auto') says to give the CRN, naming instance", () => {
    for (const instance of ['my-instance', 'auto']) {
      let error: unknown;
      try {
        resolveServiceOptions({ token: 'k', instance });
      } catch (e) {
        error = e;
      }
      expect(error).withContext(instance).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe('instance');
      expect((error as Error).message).toContain('copy the CRN');
    }
  });

  it('to IBM Quantum Platform, token is an API key as in QiskitRuntimeService, unless it is an IAM access token', () => {
    expect(resolveServiceOptions({ token: 'k3y', instance: CRN }).credentials).toEqual({
      type: 'iam',
      apiKey: 'k3y',
      iamUrl: 'https://iam.cloud.ibm.com',
    });
    expect(
      resolveServiceOptions({
        channel: 'ibm_quantum_platform',
        url: 'https://cloud.ibm.com',
        token: 'k3y',
        instance: CRN,
      }),
    ).toEqual(
      jasmine.objectContaining({
        url: 'https://quantum.cloud.ibm.com/api',
        credentials: { type: 'iam', apiKey: 'k3y', iamUrl: 'https://iam.cloud.ibm.com' },
      }),
    );
    expect(resolveServiceOptions({ token: JWT, instance: CRN }).credentials).toEqual({
      type: 'bearer',
      token: JWT,
    });
  });

  it('to a local runtime, token stays a bearer token; with an IBM channel it is exchanged there', () => {
    const url = 'http://127.0.0.1:8787/api';
    expect(resolveServiceOptions({ url, token: 't', instance: CRN }).credentials).toEqual({
      type: 'bearer',
      token: 't',
    });
    // An API key meant for a loopback runtime is exchanged at that runtime, never at IBM's IAM.
    expect(
      resolveServiceOptions({ channel: 'ibm_cloud', url, token: 't', instance: CRN }).credentials,
    ).toEqual({ type: 'iam', apiKey: 't', iamUrl: 'http://127.0.0.1:8787' });
    expect(resolveServiceOptions({ channel: 'local', token: 't' }).credentials).toEqual({
      type: 'bearer',
      token: 't',
    });
  });

  it('an IBM host or channel without a CRN is a ConfigError naming instance', () => {
    const cases: RuntimeServiceOptions[] = [
      { url: 'https://quantum.cloud.ibm.com/api', token: 'k' },
      { url: 'https://eu-de.quantum.cloud.ibm.com/api/v1', apiKey: 'k' },
      { url: 'https://private.us-east.quantum.cloud.ibm.com/api', token: JWT },
      { url: 'https://quantum.test.cloud.ibm.com', token: 'k' },
      { url: 'https://cloud.ibm.com', token: 'k' },
      { channel: 'ibm_quantum_platform', token: 'k' },
      { apiKey: 'k' },
    ];
    for (const options of cases) {
      let error: unknown;
      try {
        resolveServiceOptions(options);
      } catch (e) {
        error = e;
      }
      expect(error).withContext(JSON.stringify(options)).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option)
        .withContext(JSON.stringify(options))
        .toBe('instance');
    }
  });

  it('privateEndpoint picks the private API and IAM hosts of the CRN region', () => {
    const r = resolveServiceOptions({ token: 'k', instance: EU, privateEndpoint: true });
    expect(r.url).toBe('https://private.eu-de.quantum.cloud.ibm.com/api');
    expect(r.credentials).toEqual({
      type: 'iam',
      apiKey: 'k',
      iamUrl: 'https://private.iam.cloud.ibm.com',
    });
    expect(() =>
      resolveServiceOptions({ token: 'k', instance: EU, privateEndpoint: 'yes' as never }),
    ).toThrowError(ConfigError, /privateEndpoint must be a boolean/);
  });

  it("region must be the CRN's region", () => {
    expect(resolveServiceOptions({ token: 'k', instance: EU, region: 'eu-de' }).url).toBe(
      'https://eu-de.quantum.cloud.ibm.com/api',
    );
    expect(() =>
      resolveServiceOptions({ token: 'k', instance: EU, region: 'us-east' }),
    ).toThrowError(ConfigError, /region "us-east" is not the region of the instance CRN \(eu-de\)/);
  });

  it('channel is one of the three; the retired ibm_quantum channel says so', () => {
    expect(() =>
      resolveServiceOptions({ token: 't', channel: 'ibm_quantum' as never }),
    ).toThrowError(ConfigError, /retired on 1 July 2025/);
    expect(() => resolveServiceOptions({ token: 't', channel: 'cloud' as never })).toThrowError(
      ConfigError,
      /channel must be one of 'ibm_quantum_platform', 'ibm_cloud', 'local'/,
    );
  });
});

describe('QISKIT_IBM_CHANNEL', () => {
  // from Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/accounts/management.py line 193
  it('is read with the qiskit names and checked', () => {
    expect(
      optionsFromEnv({
        QISKIT_IBM_TOKEN: 'k',
        QISKIT_IBM_INSTANCE: CRN,
        QISKIT_IBM_CHANNEL: 'ibm_cloud',
      }),
    ).toEqual({ channel: 'ibm_cloud', apiKey: 'k', serviceCrn: CRN });
    expect(optionsFromEnv({ QJOBS_TOKEN: 't', QISKIT_IBM_CHANNEL: 'ibm_cloud' })).toEqual({
      token: 't',
    });
    expect(() => optionsFromEnv({ QISKIT_IBM_CHANNEL: 'ibm_quantum' })).toThrowError(
      ConfigError,
      /QISKIT_IBM_CHANNEL must be one of .* \(the ibm_quantum channel was retired on 1 July 2025\)/,
    );
  });
});
