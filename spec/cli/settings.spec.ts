/**
 * qjobs connection settings read as RuntimeService reads them: QiskitRuntimeService's
 * variables (Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/accounts/management.py,
 * `_from_env_variables` and `AccountManager.get`: QISKIT_IBM_TOKEN, QISKIT_IBM_URL,
 * QISKIT_IBM_INSTANCE, QISKIT_IBM_CHANNEL), its default url `https://cloud.ibm.com` (the
 * instance's region, qiskit_ibm_runtime/api/utils.py default_runtime_url_resolver), and an IBM
 * host without an instance refused up front in the CLI's words.
 */
import { CliUsageError } from '../../src/cli/usage-error.js';
import { readSettings } from '../../src/cli/settings.js';
import type { ParsedArgs } from '../../src/cli/args.js';

const EU = 'crn:v1:bluemix:public:quantum-computing:eu-de:a/acct:inst::';
const noFlags: ParsedArgs = { flags: {}, positionals: [] };

describe('qjobs settings', () => {
  it("QiskitRuntimeService's variables, its default url and channel: the region of the instance", () => {
    const s = readSettings(noFlags, {
      QISKIT_IBM_TOKEN: 'key',
      QISKIT_IBM_INSTANCE: EU,
      QISKIT_IBM_URL: 'https://cloud.ibm.com',
      QISKIT_IBM_CHANNEL: 'ibm_quantum_platform',
    });
    expect(s.apiRoot).toBe('https://eu-de.quantum.cloud.ibm.com/api');
    expect(s.local).toBeFalse();
    expect(s.options).toEqual({
      channel: 'ibm_quantum_platform',
      url: 'https://cloud.ibm.com',
      apiKey: 'key',
      serviceCrn: EU,
    });
    expect(s.instance).toEqual({ value: EU, from: 'QISKIT_IBM_INSTANCE' });
    expect(s.secrets).toEqual(['key']);
  });

  it('an IBM URL without an instance is refused, naming where the URL came from', () => {
    for (const [parsed, env, from] of [
      [
        { flags: { url: 'https://quantum.cloud.ibm.com/api' }, positionals: [] },
        { QJOBS_API_KEY: 'k' },
        '--url',
      ],
      [
        noFlags,
        { QISKIT_IBM_TOKEN: 'k', QISKIT_IBM_URL: 'https://cloud.ibm.com' },
        'QISKIT_IBM_URL',
      ],
    ] as const) {
      let error: unknown;
      try {
        readSettings(parsed as ParsedArgs, env);
      } catch (e) {
        error = e;
      }
      expect(error).withContext(from).toBeInstanceOf(CliUsageError);
      expect((error as Error).message).toBe(
        `${from} is IBM Quantum Platform, which refuses every request without the instance CRN`,
      );
    }
  });

  it('--instance and a token to an IBM URL go to the service as they are', () => {
    const s = readSettings(
      {
        flags: { url: 'https://quantum.cloud.ibm.com/api', instance: EU, token: 't' },
        positionals: [],
      },
      {},
    );
    expect(s.apiRoot).toBe('https://quantum.cloud.ibm.com/api');
    expect(s.options).toEqual({
      url: 'https://quantum.cloud.ibm.com/api',
      token: 't',
      serviceCrn: EU,
    });
  });

  it('a retired or unknown QISKIT_IBM_CHANNEL is refused with what to set', () => {
    expect(() => readSettings(noFlags, { QISKIT_IBM_CHANNEL: 'ibm_quantum' })).toThrowError(
      CliUsageError,
      /^QISKIT_IBM_CHANNEL must be one of ibm_quantum_platform, ibm_cloud, local, got "ibm_quantum"/,
    );
  });
});
