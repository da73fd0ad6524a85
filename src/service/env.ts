/**
 * Reading `RuntimeService` options from environment variables, safely in browsers: the
 * process environment is read only when `globalThis.process.env` exists, and an explicit
 * record can always be passed instead.
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import { CHANNELS } from './options.js';
import type { Channel, RuntimeServiceOptions } from './options.js';

/** A set of environment variables (e.g. `process.env`). */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/**
 * The variables {@link optionsFromEnv} reads, by option. When any of the `QJOBS_*` variables
 * `QJOBS_URL`, `QJOBS_TOKEN` or `QJOBS_API_KEY` is set, only the `QJOBS_*` names are read for
 * url and credentials; otherwise the qiskit-ibm-runtime names are.
 *
 * | option | quantum-jobs-rx | qiskit-ibm-runtime |
 * | --- | --- | --- |
 * | `url` | `QJOBS_URL` | `QISKIT_IBM_URL` |
 * | `token` (bearer) | `QJOBS_TOKEN` | — |
 * | `apiKey` (IBM Cloud API key) | `QJOBS_API_KEY` | `QISKIT_IBM_TOKEN` |
 * | `serviceCrn` (`instance`) | `QJOBS_INSTANCE` | `QISKIT_IBM_INSTANCE` |
 * | `channel` | — | `QISKIT_IBM_CHANNEL` |
 * | `iamUrl` | `QJOBS_IAM_URL` | `IAM_URL` |
 * | `apiVersion` | `QJOBS_API_VERSION` | — |
 * | `allowInsecureHttp` | `QJOBS_ALLOW_INSECURE_HTTP` (`true`/`false`/`1`/`0`) | — |
 */
export const ENV_VARIABLES = {
  url: ['QJOBS_URL', 'QISKIT_IBM_URL'],
  token: ['QJOBS_TOKEN'],
  apiKey: ['QJOBS_API_KEY', 'QISKIT_IBM_TOKEN'],
  serviceCrn: ['QJOBS_INSTANCE', 'QISKIT_IBM_INSTANCE'],
  channel: ['QISKIT_IBM_CHANNEL'],
  iamUrl: ['QJOBS_IAM_URL', 'IAM_URL'],
  apiVersion: ['QJOBS_API_VERSION'],
  allowInsecureHttp: ['QJOBS_ALLOW_INSECURE_HTTP'],
} as const;

/** The process environment when there is one (Node, Deno with compat), `undefined` in browsers. */
export function processEnv(): EnvRecord | undefined {
  const proc = (globalThis as { process?: { env?: unknown } }).process;
  const env = proc?.env;
  return env !== null && typeof env === 'object' ? (env as EnvRecord) : undefined;
}

function value(env: EnvRecord, name: string): string | undefined {
  const v = env[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function flag(env: EnvRecord, name: string): boolean | undefined {
  const v = value(env, name);
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(v)}`, name);
}

/**
 * `QISKIT_IBM_CHANNEL` as QiskitRuntimeService reads it (Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/accounts/management.py`, `AccountManager.get`).
 */
function channel(env: EnvRecord): Channel | undefined {
  const v = value(env, 'QISKIT_IBM_CHANNEL');
  if (v === undefined) return undefined;
  if (!(CHANNELS as readonly string[]).includes(v)) {
    throw new ConfigError(
      `QISKIT_IBM_CHANNEL must be one of ${CHANNELS.join(', ')}, got ${JSON.stringify(v)}` +
        (v === 'ibm_quantum' ? ' (the ibm_quantum channel was retired on 1 July 2025)' : ''),
      'QISKIT_IBM_CHANNEL',
    );
  }
  return v as Channel;
}

/**
 * The service options the environment sets (see {@link ENV_VARIABLES}); unset or empty
 * variables are left out. `env` defaults to the process environment, or to nothing where
 * there is none (browsers). Throws {@link ConfigError} for an unreadable boolean or channel.
 */
export function optionsFromEnv(env: EnvRecord | undefined = processEnv()): RuntimeServiceOptions {
  if (env === undefined) return {};
  const own =
    value(env, 'QJOBS_URL') !== undefined ||
    value(env, 'QJOBS_TOKEN') !== undefined ||
    value(env, 'QJOBS_API_KEY') !== undefined;
  const pick = (names: readonly string[]): string | undefined => {
    const [ours, theirs] = names;
    if (ours !== undefined && value(env, ours) !== undefined) return value(env, ours);
    return !own && theirs !== undefined ? value(env, theirs) : undefined;
  };
  const url = pick(ENV_VARIABLES.url);
  const token = value(env, 'QJOBS_TOKEN');
  const apiKey = token === undefined ? pick(ENV_VARIABLES.apiKey) : undefined;
  const serviceCrn = pick(ENV_VARIABLES.serviceCrn);
  const iamUrl = value(env, 'QJOBS_IAM_URL') ?? value(env, 'IAM_URL');
  const apiVersion = value(env, 'QJOBS_API_VERSION');
  const allowInsecureHttp = flag(env, 'QJOBS_ALLOW_INSECURE_HTTP');
  const qiskitChannel = own ? undefined : channel(env);
  return {
    ...(qiskitChannel !== undefined ? { channel: qiskitChannel } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(serviceCrn !== undefined ? { serviceCrn } : {}),
    ...(iamUrl !== undefined ? { iamUrl } : {}),
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(allowInsecureHttp !== undefined ? { allowInsecureHttp } : {}),
  };
}
