/**
 * `qjobs serve`: start the local runtime in the foreground, print its URL and token, and run
 * until SIGINT or SIGTERM (or the caller's abort signal), then shut down cleanly.
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import { startLocalRuntime } from '../local/index.js';
import type { LocalRuntimeOptions } from '../local/index.js';
import type { CliCommand, CliIo } from './command.js';
import { prepareDashboard } from './serve-ui.js';
import type { PreparedDashboard } from './serve-ui.js';
import { SERVE_HELP } from './serve-usage.js';
import { CliUsageError } from './usage-error.js';

export { CliUsageError } from './usage-error.js';

interface FlagSpec {
  readonly key: 'port' | 'host' | 'token' | 'seed' | 'data' | 'queueDelay' | 'runDelay' | 'ui';
  readonly kind: 'int' | 'string' | 'switch';
  readonly min?: number;
  readonly max?: number;
}

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--port': { key: 'port', kind: 'int', min: 0, max: 65535 },
  '--host': { key: 'host', kind: 'string' },
  '--token': { key: 'token', kind: 'string' },
  '--seed': { key: 'seed', kind: 'int', min: 0, max: 0xffffffff },
  '--data': { key: 'data', kind: 'string' },
  '--queue-delay': { key: 'queueDelay', kind: 'int', min: 0, max: 3_600_000 },
  '--run-delay': { key: 'runDelay', kind: 'int', min: 0, max: 3_600_000 },
  '--ui': { key: 'ui', kind: 'switch' },
};

/** The flags of `qjobs serve`, parsed. */
export interface ServeArgs {
  readonly port: number;
  readonly host?: string;
  readonly token?: string;
  readonly seed?: number;
  readonly data?: string;
  readonly queueDelay?: number;
  readonly runDelay?: number;
  /** Serve the built dashboard under `/ui/`. */
  readonly ui?: boolean;
}

/** Usage text of `qjobs serve`. */
export { SERVE_USAGE } from './serve-usage.js';

/** Parse `qjobs serve` flags (`--flag value` or `--flag=value`); throws {@link CliUsageError}. */
export function parseServeArgs(args: readonly string[]): ServeArgs {
  const out: Record<string, string | number | boolean> = { port: 8787 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[name];
    if (!spec) {
      throw new CliUsageError(
        arg.startsWith('-')
          ? `unknown flag ${JSON.stringify(name)}`
          : `unexpected argument ${JSON.stringify(arg)}`,
      );
    }
    if (spec.kind === 'switch') {
      if (eq > 0) throw new CliUsageError(`${name} takes no value`);
      out[spec.key] = true;
      continue;
    }
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new CliUsageError(`${name} needs a value`);
    if (spec.kind === 'int') {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (
        !Number.isSafeInteger(n) ||
        n < (spec.min ?? 0) ||
        n > (spec.max ?? Number.MAX_SAFE_INTEGER)
      ) {
        throw new CliUsageError(
          `${name} expects an integer between ${spec.min ?? 0} and ${spec.max}, got ${JSON.stringify(value)}`,
        );
      }
      out[spec.key] = n;
    } else {
      out[spec.key] = value;
    }
  }
  return out as unknown as ServeArgs;
}

function toOptions(a: ServeArgs, uiDir: string | undefined): LocalRuntimeOptions {
  return {
    ...(uiDir !== undefined ? { uiDir } : {}),
    port: a.port,
    ...(a.host !== undefined ? { host: a.host } : {}),
    ...(a.token !== undefined ? { token: a.token } : {}),
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.data !== undefined ? { dataDir: a.data } : {}),
    queue: {
      ...(a.queueDelay !== undefined ? { queueDelayMs: a.queueDelay } : {}),
      ...(a.runDelay !== undefined ? { runDelayMs: a.runDelay } : {}),
    },
  };
}

/** Resolve when SIGINT or SIGTERM arrives or `signal` aborts; removes its listeners after. */
function untilStopped(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onInt = (): void => done('SIGINT');
    const onTerm = (): void => done('SIGTERM');
    const onAbort = (): void => done('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) done('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `qjobs serve`. */
export const serveCommand: CliCommand = {
  help: SERVE_HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed: ServeArgs;
    try {
      parsed = parseServeArgs(args);
    } catch (e) {
      if (e instanceof CliUsageError) {
        io.stderr.write(`qjobs serve: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    let dashboard: PreparedDashboard | undefined;
    if (parsed.ui) {
      const prepared = await prepareDashboard({
        useDist: (io.env ?? process.env)['QJOBS_USE_DIST'] === '1',
      });
      if (!prepared.ok) {
        io.stderr.write(`qjobs serve: --ui: ${prepared.reason}\n`);
        return 1;
      }
      dashboard = prepared.dashboard;
    }
    const uiDir = dashboard?.dir;
    let runtime;
    try {
      runtime = await startLocalRuntime(toOptions(parsed, uiDir));
    } catch (e) {
      dashboard?.dispose();
      if (e instanceof ConfigError) {
        io.stderr.write(`qjobs serve: ${e.message}\n`);
        return 2;
      }
      const code = (e as NodeJS.ErrnoException).code;
      io.stderr.write(
        `qjobs serve: cannot start: ${code ? `${code} ` : ''}${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 1;
    }
    io.stdout.write(`url: ${runtime.url}\n`);
    io.stdout.write(`token: ${runtime.token}\n`);
    if (uiDir !== undefined) io.stdout.write(`ui: ${runtime.iamUrl}/ui/?token=${runtime.token}\n`);
    const why = await untilStopped(io.signal);
    await runtime.close();
    dashboard?.dispose();
    io.stderr.write(`qjobs serve: stopped (${why})\n`);
    return 0;
  },
};
