/**
 * `qjobs serve`: start the local runtime in the foreground, print its URL and token, and run
 * until SIGINT or SIGTERM (or the caller's abort signal), then shut down cleanly.
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import { startLocalRuntime } from '../local/index.js';
import type { LocalRuntimeOptions } from '../local/index.js';
import { booleanFlag, numberFlag, parseArgs, stringFlag, wantsJson } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { EXIT } from './exit-codes.js';
import { describeFailure } from './failure.js';
import { writeJson } from './output.js';
import { reportFailure } from './report.js';
import { prepareDashboard } from './serve-ui.js';
import type { PreparedDashboard } from './serve-ui.js';
import { SERVE_HELP } from './serve-usage.js';

export { CliUsageError } from './usage-error.js';

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
  /** Print one JSON document (`{"type": "serving", …}`, or the error) instead of lines. */
  readonly json?: boolean;
  /** Backends offered, comma-separated: simulator names and devices (`ibm_fez`, `ibm_sherbrooke`). */
  readonly backends?: string;
  /** Run device jobs under their noise model unless a job says otherwise. */
  readonly noise?: boolean;
}

/** Usage text of `qjobs serve`. */
export { SERVE_USAGE } from './serve-usage.js';

/**
 * Parse `qjobs serve` flags (`--flag value` or `--flag=value`) against the flags its help
 * describes; throws {@link CliUsageError}.
 */
export function parseServeArgs(args: readonly string[]): ServeArgs {
  const p = parseArgs(args, SERVE_HELP.flags, { name: 'argument', min: 0 });
  const text = (name: string): string | undefined => stringFlag(p, name);
  const int = (name: string): number | undefined => numberFlag(p, name);
  const out = {
    port: int('port') ?? 8787,
    host: text('host'),
    token: text('token'),
    seed: int('seed'),
    data: text('data'),
    queueDelay: int('queue-delay'),
    runDelay: int('run-delay'),
    ui: booleanFlag(p, 'ui') || undefined,
    json: booleanFlag(p, 'json') || undefined,
    backends: text('backends'),
    noise: booleanFlag(p, 'noise') || undefined,
  };
  return Object.fromEntries(
    Object.entries(out).filter(([, v]) => v !== undefined),
  ) as unknown as ServeArgs;
}

function toOptions(a: ServeArgs, uiDir: string | undefined): LocalRuntimeOptions {
  return {
    ...(uiDir !== undefined ? { uiDir } : {}),
    port: a.port,
    ...(a.host !== undefined ? { host: a.host } : {}),
    ...(a.token !== undefined ? { token: a.token } : {}),
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.data !== undefined ? { dataDir: a.data } : {}),
    ...(a.backends !== undefined
      ? {
          backends: a.backends
            .split(',')
            .map((b) => b.trim())
            .filter((b) => b !== ''),
        }
      : {}),
    ...(a.noise ? { noise: true } : {}),
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
    let json = wantsJson(args);
    const fail = (code: string, message: string, exitCode: 1 | 2): number =>
      reportFailure(io, 'serve', { code, message, exitCode }, { json, secrets: [] });
    let parsed: ServeArgs;
    try {
      parsed = parseServeArgs(args);
    } catch (e) {
      return reportFailure(io, 'serve', describeFailure(e), { json, secrets: [] });
    }
    json = parsed.json === true;
    let dashboard: PreparedDashboard | undefined;
    if (parsed.ui) {
      const prepared = await prepareDashboard({
        useDist: (io.env ?? process.env)['QJOBS_USE_DIST'] === '1',
      });
      if (!prepared.ok) return fail('ui', `--ui: ${prepared.reason}`, EXIT.failed);
      dashboard = prepared.dashboard;
    }
    const uiDir = dashboard?.dir;
    let runtime;
    try {
      runtime = await startLocalRuntime(toOptions(parsed, uiDir));
    } catch (e) {
      dashboard?.dispose();
      if (e instanceof ConfigError) return fail('config', e.message, EXIT.usage);
      const code = (e as NodeJS.ErrnoException).code;
      const message = `cannot start: ${code ? `${code} ` : ''}${e instanceof Error ? e.message : String(e)}`;
      return fail('start', message, EXIT.failed);
    }
    const ui = uiDir !== undefined ? `${runtime.iamUrl}/ui/?token=${runtime.token}` : undefined;
    if (json) {
      writeJson(io.stdout, {
        type: 'serving',
        url: runtime.url,
        token: runtime.token,
        instance: runtime.instance,
        ...(ui !== undefined ? { ui } : {}),
      });
    } else {
      io.stdout.write(`url: ${runtime.url}\n`);
      io.stdout.write(`token: ${runtime.token}\n`);
      io.stdout.write(`instance: ${runtime.instance}\n`);
      if (ui !== undefined) io.stdout.write(`ui: ${ui}\n`);
    }
    const why = await untilStopped(io.signal);
    await runtime.close();
    dashboard?.dispose();
    io.stderr.write(`qjobs serve: stopped (${why})\n`);
    return 0;
  },
};
