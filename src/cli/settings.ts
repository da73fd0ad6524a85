/**
 * Connection settings of `qjobs`: the flags `--url`, `--token`, `--api-key` and `--instance`
 * over the environment variables `RuntimeService.fromEnv` reads, each remembered with where
 * it came from, and checked up front so a setting that cannot work is named in the CLI's
 * words (the flag or variable to change, and how).
 *
 * @module
 */
import { isQuantumJobsError } from '../codecs/errors.js';
import { isIbmQuantumHost } from '../service/ibm-host.js';
import { ENV_VARIABLES, optionsFromEnv } from '../service/env.js';
import type { EnvRecord } from '../service/env.js';
import { DEFAULT_LOCAL_URL, apiUrlForCrn, parseCrn } from '../service/options.js';
import type { RuntimeServiceOptions } from '../service/options.js';
import { isLoopbackHost } from '../transport/url.js';
import { stringFlag } from './args.js';
import type { FlagDef, ParsedArgs } from './args.js';
import type { CliIo } from './command.js';
import { CliUsageError } from './usage-error.js';

/** The connection flags every command that talks to a service accepts. */
export const CONNECTION_FLAGS: readonly FlagDef[] = [
  {
    name: 'url',
    kind: 'string',
    value: 'URL',
    help: 'API root of the service: a local runtime, or https://quantum.cloud.ibm.com/api',
    default: `$QJOBS_URL, else the region of the instance, else ${DEFAULT_LOCAL_URL}`,
  },
  {
    name: 'token',
    kind: 'string',
    value: 'TOKEN',
    help: 'bearer token, such as the one qjobs serve prints',
    default: '$QJOBS_TOKEN',
  },
  {
    name: 'api-key',
    kind: 'string',
    value: 'KEY',
    help: 'IBM Cloud API key, exchanged for access tokens',
    default: '$QJOBS_API_KEY, else $QISKIT_IBM_TOKEN',
  },
  {
    name: 'instance',
    kind: 'string',
    value: 'CRN',
    help: 'instance CRN on IBM Quantum Platform',
    default: '$QJOBS_INSTANCE, else $QISKIT_IBM_INSTANCE',
  },
];

/** The environment variables `qjobs --help` lists, with what each is for. */
export const ENVIRONMENT_HELP: readonly (readonly [string, string])[] = [
  ['QJOBS_URL', `API root of the service (default: ${DEFAULT_LOCAL_URL}, the local runtime)`],
  ['QJOBS_TOKEN', 'bearer token, such as the one qjobs serve prints'],
  ['QJOBS_API_KEY', 'IBM Cloud API key (QISKIT_IBM_TOKEN is read too)'],
  ['QJOBS_INSTANCE', 'instance CRN on IBM Quantum Platform (QISKIT_IBM_INSTANCE is read too)'],
  ['QJOBS_ALLOW_INSECURE_HTTP', 'true to allow http:// to hosts other than this machine'],
  ['QJOBS_IAM_URL', 'IAM endpoint of the API key exchange (default: from the instance CRN)'],
  ['QJOBS_API_VERSION', 'value of the IBM-API-Version header'],
];

/** A setting's value and where it came from: a flag (`--url`) or a variable (`QJOBS_URL`). */
export interface Setting<T = string> {
  readonly value: T;
  readonly from: string;
}

/** The connection settings of a command, checked, with where each came from. */
export interface ConnectionSettings {
  readonly url: Setting | undefined;
  readonly token: Setting | undefined;
  readonly apiKey: Setting | undefined;
  readonly instance: Setting | undefined;
  readonly allowInsecureHttp: Setting<boolean> | undefined;
  /** The API root commands talk to (the URL, the instance's region, or the local default). */
  readonly apiRoot: string;
  /** True when no URL or instance is configured and the local default is used. */
  readonly defaulted: boolean;
  /** True when the API root is on this machine. */
  readonly local: boolean;
  /** The options of the service the command creates. */
  readonly options: RuntimeServiceOptions;
  /** The credentials, kept out of everything the command prints. */
  readonly secrets: readonly string[];
}

/** The environment a command reads: `io.env`, or the process's. */
export function envOf(io: CliIo): EnvRecord {
  return io.env ?? process.env;
}

/** A connection setting that cannot work: exit 2, in the CLI's words. */
function settingError(message: string, hint: string): CliUsageError {
  return new CliUsageError(message, { hint, code: 'config' });
}

/** The variable among `names` whose (trimmed) value is `value`. */
function variableHolding(env: EnvRecord, names: readonly string[], value: string): string {
  return names.find((n) => env[n]?.trim() === value) ?? names[0]!;
}

/** Environment options, with a variable that cannot be read named in the CLI's words. */
function environmentOptions(env: EnvRecord): RuntimeServiceOptions {
  try {
    return optionsFromEnv(env);
  } catch (error) {
    if (isQuantumJobsError(error)) {
      const hint =
        (error as { option?: unknown }).option === 'QISKIT_IBM_CHANNEL'
          ? 'set it to ibm_quantum_platform, or leave it unset'
          : 'set it to true or false';
      throw settingError(error.message, hint);
    }
    throw error;
  }
}

/**
 * A URL setting checked as the service would check it: absolute, `http(s)`, no user name,
 * query or fragment, and `https` unless the host is this machine or insecure HTTP is allowed.
 */
function checkUrl(url: Setting, allowInsecure: Setting<boolean> | undefined): void {
  let parsed: URL;
  try {
    parsed = new URL(url.value);
  } catch {
    throw settingError(
      `${url.from} is not a URL: ${JSON.stringify(url.value)}`,
      `give the API root, such as ${DEFAULT_LOCAL_URL} or https://quantum.cloud.ibm.com/api`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw settingError(
      `${url.from} must start with http:// or https://, got ${JSON.stringify(url.value)}`,
      `give the API root, such as ${DEFAULT_LOCAL_URL}`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw settingError(
      `${url.from} must not hold a user name or password`,
      'give the token in QJOBS_TOKEN (or --token) instead',
    );
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw settingError(
      `${url.from} must not hold a query (?…) or fragment (#…)`,
      `give the API root only, such as ${DEFAULT_LOCAL_URL}`,
    );
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname) && !allowInsecure?.value) {
    throw settingError(
      `${url.from} uses unencrypted http:// to ${parsed.host}, which would send the credentials in clear text`,
      'use https://, or set QJOBS_ALLOW_INSECURE_HTTP=true if the network is trusted',
    );
  }
}

/** An instance CRN checked as the service would read it. */
function checkInstance(instance: Setting): void {
  try {
    parseCrn(instance.value);
  } catch {
    throw settingError(
      `${instance.from} is not an instance CRN: ${JSON.stringify(instance.value)}`,
      'an instance CRN reads crn:v1:bluemix:public:quantum-computing:<region>:a/<account>:<instance>:: (copy it from the instance page of IBM Quantum Platform)',
    );
  }
}

/** The credentials are usable: one of token or API key, and an API key knows where it goes. */
function checkCredentials(s: Omit<ConnectionSettings, 'options' | 'secrets'>): void {
  if (s.token !== undefined && s.apiKey !== undefined) {
    throw settingError(
      `${s.token.from} and ${s.apiKey.from} are both given`,
      'give one of them: a bearer token or an IBM Cloud API key',
    );
  }
  if (s.apiKey !== undefined && s.url === undefined && s.instance === undefined) {
    throw settingError(
      `an IBM Cloud API key (${s.apiKey.from}) needs the instance it belongs to`,
      'set QISKIT_IBM_INSTANCE (or pass --instance) to the instance CRN, or QJOBS_URL to the API root',
    );
  }
  if (
    s.url !== undefined &&
    s.instance === undefined &&
    isIbmQuantumHost(new URL(s.apiRoot).hostname)
  ) {
    throw settingError(
      `${s.url.from} is IBM Quantum Platform, which refuses every request without the instance CRN`,
      'set QISKIT_IBM_INSTANCE (or pass --instance) to the instance CRN from the instance page of quantum.cloud.ibm.com',
    );
  }
  if (s.token !== undefined || s.apiKey !== undefined) return;
  if (s.defaulted) {
    throw settingError(
      `no service configured: qjobs talks to a local runtime at ${DEFAULT_LOCAL_URL} by default, and needs its token`,
      'start one with `qjobs serve` and set QJOBS_URL and QJOBS_TOKEN to the url and token it prints; for IBM Quantum Platform set QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE',
    );
  }
  if (s.local) {
    throw settingError(
      `no token for the local runtime at ${s.apiRoot}`,
      'set QJOBS_TOKEN to the token `qjobs serve` printed, or pass --token',
    );
  }
  throw settingError(
    `no credentials for ${s.apiRoot}`,
    'set QISKIT_IBM_TOKEN to an IBM Cloud API key and QISKIT_IBM_INSTANCE to the instance CRN, or QJOBS_TOKEN to a bearer token',
  );
}

/**
 * The connection settings of a command: the environment (`QJOBS_*`, or the qiskit-ibm-runtime
 * names when no `QJOBS_URL`, `QJOBS_TOKEN` or `QJOBS_API_KEY` is set) with the flags on top; a
 * `--token` flag drops an API key from the environment and `--api-key` a token. Throws a
 * {@link CliUsageError} (code `config`) naming the flag or variable to fix.
 */
export function readSettings(parsed: ParsedArgs, env: EnvRecord): ConnectionSettings {
  const fromEnv = environmentOptions(env);
  const envSetting = (
    key: 'url' | 'token' | 'apiKey' | 'serviceCrn',
    names: readonly string[],
  ): Setting | undefined => {
    const value = fromEnv[key];
    return typeof value === 'string'
      ? { value, from: variableHolding(env, names, value) }
      : undefined;
  };
  const flag = (name: string): Setting | undefined => {
    const value = stringFlag(parsed, name);
    return value !== undefined ? { value, from: `--${name}` } : undefined;
  };
  const tokenFlag = flag('token');
  const keyFlag = flag('api-key');
  const credentialFlags = tokenFlag !== undefined || keyFlag !== undefined;
  const url = flag('url') ?? envSetting('url', ENV_VARIABLES.url);
  const token = credentialFlags ? tokenFlag : envSetting('token', ENV_VARIABLES.token);
  const apiKey = credentialFlags ? keyFlag : envSetting('apiKey', ENV_VARIABLES.apiKey);
  const instance = flag('instance') ?? envSetting('serviceCrn', ENV_VARIABLES.serviceCrn);
  const allowInsecureHttp =
    fromEnv.allowInsecureHttp !== undefined
      ? { value: fromEnv.allowInsecureHttp, from: 'QJOBS_ALLOW_INSECURE_HTTP' }
      : undefined;

  if (instance !== undefined) checkInstance(instance);
  if (url !== undefined) checkUrl(url, allowInsecureHttp);
  if (fromEnv.iamUrl !== undefined) {
    checkUrl(
      { value: fromEnv.iamUrl, from: variableHolding(env, ENV_VARIABLES.iamUrl, fromEnv.iamUrl) },
      allowInsecureHttp,
    );
  }
  // QiskitRuntimeService's default url, the IBM Cloud console, means the instance's region.
  const consoleUrl =
    url !== undefined && /^https:\/\/(test\.)?cloud\.ibm\.com\/?$/i.test(url.value);
  const apiRoot =
    instance !== undefined && (url === undefined || consoleUrl)
      ? apiUrlForCrn(instance.value)
      : (url?.value ?? DEFAULT_LOCAL_URL);
  const checked = {
    url,
    token,
    apiKey,
    instance,
    allowInsecureHttp,
    apiRoot: apiRoot.replace(/\/+$/, ''),
    defaulted: url === undefined && instance === undefined,
    local: isLoopbackHost(new URL(apiRoot).hostname),
  };
  checkCredentials(checked);
  const { url: _u, token: _t, apiKey: _k, serviceCrn: _c, ...rest } = fromEnv;
  const options: RuntimeServiceOptions = {
    ...rest,
    ...(url !== undefined ? { url: url.value } : {}),
    ...(token !== undefined ? { token: token.value } : {}),
    ...(apiKey !== undefined ? { apiKey: apiKey.value } : {}),
    ...(instance !== undefined ? { serviceCrn: instance.value } : {}),
  };
  return {
    ...checked,
    options,
    secrets: [token?.value, apiKey?.value].filter((s): s is string => s !== undefined),
  };
}

/**
 * Credentials that may appear in `args` or `env` before the settings are read (a command line
 * that does not parse still must not print them).
 */
export function visibleSecrets(args: readonly string[], env: EnvRecord): string[] {
  const out: string[] = [];
  args.forEach((arg, i) => {
    for (const name of ['--token', '--api-key']) {
      if (arg === name && args[i + 1] !== undefined) out.push(args[i + 1]!);
      else if (arg.startsWith(`${name}=`)) out.push(arg.slice(name.length + 1));
    }
  });
  for (const name of [...ENV_VARIABLES.token, ...ENV_VARIABLES.apiKey]) {
    const v = env[name]?.trim();
    if (v !== undefined && v !== '') out.push(v);
  }
  return out;
}
