/**
 * Connection settings of `qjobs`: the flags `--url`, `--token`, `--api-key` and `--instance`
 * over the environment variables `RuntimeService.fromEnv` reads, and the secrets among them
 * (kept out of every message the command prints).
 *
 * @module
 */
import { optionsFromEnv } from '../service/env.js';
import type { EnvRecord } from '../service/env.js';
import type { RuntimeServiceOptions } from '../service/options.js';
import { stringFlag } from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliIo } from './command.js';

/** The connection flags every command that talks to a service accepts. */
export const CONNECTION_FLAGS: Readonly<Record<string, FlagSpec>> = {
  url: { kind: 'string' },
  token: { kind: 'string' },
  'api-key': { kind: 'string' },
  instance: { kind: 'string' },
};

/** Usage text of the connection flags. */
export const CONNECTION_USAGE = '[--url URL] [--token TOKEN | --api-key KEY] [--instance CRN]';

/** The environment a command reads: `io.env`, or the process's. */
export function envOf(io: CliIo): EnvRecord {
  return io.env ?? process.env;
}

/**
 * Service options from the environment (`QJOBS_URL`, `QJOBS_TOKEN`, `QJOBS_API_KEY`,
 * `QJOBS_INSTANCE`, or the qiskit-ibm-runtime names `QISKIT_IBM_URL`, `QISKIT_IBM_TOKEN`,
 * `QISKIT_IBM_INSTANCE`, ...) with the flags on top: a flag wins over its variable, and a
 * `--token` flag drops an API key from the environment (and `--api-key` a token).
 */
export function connectionOptions(parsed: ParsedArgs, env: EnvRecord): RuntimeServiceOptions {
  const fromEnv: RuntimeServiceOptions = { ...optionsFromEnv(env) };
  const url = stringFlag(parsed, 'url');
  const token = stringFlag(parsed, 'token');
  const apiKey = stringFlag(parsed, 'api-key');
  const instance = stringFlag(parsed, 'instance');
  const { token: envToken, apiKey: envApiKey, ...rest } = fromEnv;
  const credentials =
    token !== undefined || apiKey !== undefined
      ? {
          ...(token !== undefined ? { token } : {}),
          ...(apiKey !== undefined ? { apiKey } : {}),
        }
      : {
          ...(envToken !== undefined ? { token: envToken } : {}),
          ...(envApiKey !== undefined ? { apiKey: envApiKey } : {}),
        };
  return {
    ...rest,
    ...credentials,
    ...(url !== undefined ? { url } : {}),
    ...(instance !== undefined ? { serviceCrn: instance } : {}),
  };
}

/** The credentials among `options`, to redact from anything printed. */
export function secretsOf(options: RuntimeServiceOptions): string[] {
  return [options.token, options.apiKey].filter((s): s is string => s !== undefined);
}
