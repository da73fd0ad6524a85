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
