/**
 * Any error a `qjobs` command meets, as a failure in the CLI's own words: a stable `code`, a
 * one-line message, what to do next (the flag or variable to change, the command to run), the
 * exit code, and the fields its `--json` error document carries.
 *
 * @module
 */
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeInvalidStateError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobNotFoundError,
  RuntimeJobTimeoutError,
  WebSocketClosedError,
  isQuantumJobsError,
} from '../codecs/errors.js';
import { TranspileError } from '../circuits/errors.js';
import { isFinal } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import { EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { diagnosticsInText } from './qasm-diagnostics.js';
import type { QasmDiagnostic } from './qasm-diagnostics.js';
import { diagnosticsText } from './qasm-excerpt.js';
import type { CircuitSource } from './qasm-excerpt.js';
import type { ConnectionSettings } from './settings.js';
import { CliUsageError } from './usage-error.js';

/** A failure as `qjobs` reports it. */
export interface CliFailure {
  /** Stable machine-readable kind: `usage`, `config`, `connection`, `unauthorized`, `qasm`, … */
  readonly code: string;
  /** One line saying what went wrong. */
  readonly message: string;
  /** What to do next. */
  readonly hint?: string;
  readonly exitCode: ExitCode;
  /** The `_tag` of the library error behind it, when there is one. */
  readonly tag?: string;
  /** More fields of the `--json` document (`jobId`, `status`, `diagnostics`, …). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** More lines of the human report (the source lines of QASM diagnostics). */
  readonly detail?: readonly string[];
}

/** What the command knew when the error happened, to say it precisely. */
export interface FailureContext {
  readonly settings?: ConnectionSettings | undefined;
  /** The job the command acts on or follows. */
  readonly jobId?: string | undefined;
  /** True once the job was created and is being followed. */
  readonly following?: boolean;
  /** The circuit that was submitted. */
  readonly circuit?: CircuitSource | undefined;
  /** Problems the CLI's own OpenQASM parser found, shown when the service names none. */
  readonly localDiagnostics?: readonly QasmDiagnostic[];
  /** The job's last known status. */
  readonly status?: string | undefined;
  /** `--timeout`, in seconds. */
  readonly timeoutSeconds?: number | undefined;
  /** The backend `qjobs run` chose. */
  readonly backend?: string | undefined;
  /** True when `qjobs run --no-transpile` sent a device a circuit that is not ISA for it. */
  readonly asWrittenOnDevice?: boolean | undefined;
}

/** The reason code of a job whose circuits are not ISA for its device. */
const NON_ISA_REASON_CODE = 1517;

/** `error`, then its `cause`s. */
function* chain(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    yield current;
    current = current instanceof Error ? current.cause : undefined;
  }
}

function find<T>(error: unknown, cls: abstract new (...args: never[]) => T): T | undefined {
  for (const e of chain(error)) if (e instanceof cls) return e;
  return undefined;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function tagOf(error: unknown): string | undefined {
  return isQuantumJobsError(error) ? error._tag : undefined;
}

/** Where the command was talking to, for messages. */
function where(ctx: FailureContext): string {
  return ctx.settings?.apiRoot ?? 'the service';
}

/** The credential in use and where it came from (`the token (QJOBS_TOKEN)`). */
function credential(ctx: FailureContext): { what: string; from: string } {
  const s = ctx.settings;
  if (s?.apiKey !== undefined) return { what: 'API key', from: s.apiKey.from };
  if (s?.token !== undefined) return { what: 'token', from: s.token.from };
  return { what: 'credentials', from: 'QJOBS_TOKEN' };
}

/** `HTTP <status>: <the server's own words>`, without the method, URL and error code. */
function serverWords(error: IBMApiError): string {
  const words = messageOf(error).replace(/^(?:[A-Z]+ \S+: )?HTTP \d+(?: \(code [^)]*\))?: /, '');
  return `HTTP ${error.status}: ${words}`;
}

/** The reason a connection failed, in a few words. */
function networkReason(error: unknown): string {
  const text = [...chain(error)].map(messageOf).join(' ');
  const code = [...chain(error)]
    .map((e) => (e as { code?: unknown } | null)?.code)
    .find((c): c is string => typeof c === 'string');
  const has = (name: string): boolean => code === name || text.includes(name);
  if (has('ECONNREFUSED')) return 'connection refused';
  if (has('ENOTFOUND') || has('EAI_AGAIN')) return 'host not found';
  if (has('ETIMEDOUT')) return 'connection timed out';
  if (has('ECONNRESET') || has('EPIPE')) return 'connection reset';
  if (has('CERT') || /certificate|TLS|SSL/i.test(text)) return 'TLS failure';
  return messageOf(error).replace(/^[A-Z]+ \S+: /, '');
}

function connectionFailure(
  error: unknown,
  ctx: FailureContext,
  tag: string | undefined,
): CliFailure {
  const reason = networkReason(error);
  const id = ctx.jobId;
  if (ctx.following && id !== undefined) {
    return {
      code: 'connection_lost',
      message: `lost the connection to ${where(ctx)} while following job ${id} (${reason})`,
      hint: `the job may still run: \`qjobs watch ${id}\` follows it again`,
      exitCode: EXIT.failed,
      ...(tag !== undefined ? { tag } : {}),
      fields: { jobId: id },
    };
  }
  const urlFrom = ctx.settings?.url?.from;
  const hint =
    ctx.settings === undefined || ctx.settings.local
      ? urlFrom === '--url'
        ? 'is `qjobs serve` running? Start it, or pass the url it prints with --url'
        : 'is `qjobs serve` running? Start it, or set QJOBS_URL to the url it prints'
      : `check the network, and ${urlFrom ?? 'QJOBS_URL'}`;
  return {
    code: 'connection',
    message: `cannot connect to ${where(ctx)} (${reason})`,
    hint,
    exitCode: EXIT.failed,
    ...(tag !== undefined ? { tag } : {}),
  };
}

/** Library option names as the CLI spells them. */
const OPTION_WORDS: Readonly<Record<string, string>> = {
  url: 'the URL (--url, QJOBS_URL)',
  token: 'the token (--token, QJOBS_TOKEN)',
  apiKey: 'the API key (--api-key, QJOBS_API_KEY)',
  serviceCrn: 'the instance (--instance, QJOBS_INSTANCE)',
  instance: 'the instance (--instance, QJOBS_INSTANCE)',
  channel: 'QISKIT_IBM_CHANNEL',
  iamUrl: 'QJOBS_IAM_URL',
  allowInsecureHttp: 'QJOBS_ALLOW_INSECURE_HTTP',
  maxExecutionTime: '--max-execution-time',
  jobTags: '--tag',
  tags: '--tag',
  shots: '--shots',
  precision: '--precision',
  backend: '--backend',
};

/** A configuration error the CLI's own checks did not catch, with option names translated. */
function configFailure(error: ConfigError): CliFailure {
  const option = error.option;
  let message = messageOf(error);
  const word = option !== undefined ? OPTION_WORDS[option] : undefined;
  if (option !== undefined && word !== undefined && message.startsWith(option)) {
    message = `${word}${message.slice(option.length)}`;
  }
  return { code: 'config', message, exitCode: EXIT.usage, tag: error._tag };
}

function qasmFailure(
  api: IBMApiError,
  ctx: FailureContext,
  tag: string | undefined,
): CliFailure | undefined {
  const texts = [messageOf(api), ...api.details.map((d) => d.message)];
  const seen = new Set<string>();
  let diagnostics = texts
    .flatMap((t) => diagnosticsInText(t))
    .filter((d) => {
      const key = `${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const mentionsQasm = texts.some((t) => /openqasm|qasm/i.test(t));
  if (diagnostics.length === 0 && !mentionsQasm) return undefined;
  const fromLocal = diagnostics.length === 0 && (ctx.localDiagnostics?.length ?? 0) > 0;
  if (fromLocal) diagnostics = [...ctx.localDiagnostics!];
  const name = ctx.circuit?.name ?? 'the circuit';
  const count = `${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}`;
  const message =
    diagnostics.length === 0
      ? `the service refused the circuit in ${name}: ${serverWords(api)}`
      : `the service refused the circuit in ${name} (${count}${fromLocal ? ' found by qjobs' : ''})`;
  return {
    code: 'qasm',
    message,
    exitCode: EXIT.failed,
    ...(tag !== undefined ? { tag } : {}),
    fields: {
      ...(ctx.circuit !== undefined ? { file: ctx.circuit.name } : {}),
      httpStatus: api.status,
      diagnostics,
    },
    detail: diagnosticsText(ctx.circuit ?? { name }, diagnostics),
  };
}

function apiFailure(api: IBMApiError, ctx: FailureContext, tag: string | undefined): CliFailure {
  const words = serverWords(api);
  const base = { exitCode: EXIT.failed, ...(tag !== undefined ? { tag } : {}) } as const;
  const fields = {
    httpStatus: api.status,
    ...(ctx.jobId !== undefined ? { jobId: ctx.jobId } : {}),
  };
  if (api.status === 401) {
    const c = credential(ctx);
    return {
      ...base,
      code: 'unauthorized',
      message: `${where(ctx)} refused the ${c.what} (${words})`,
      hint: `check ${c.from}${c.what === 'token' && ctx.settings?.local ? ': it must be the token `qjobs serve` printed' : ''}`,
      fields,
    };
  }
  if (api.status === 403) {
    const c = credential(ctx);
    return {
      ...base,
      code: 'forbidden',
      message: `${where(ctx)} denied access (${words})`,
      hint: `check that the ${c.what} (${c.from}) may use this instance`,
      fields,
    };
  }
  if (api.status === 400 && ctx.circuit !== undefined) {
    const qasm = qasmFailure(api, ctx, tag);
    if (qasm !== undefined) return qasm;
  }
  if (api.status === 429) {
    const wait = api.retryAfterSeconds !== undefined ? ` in ${api.retryAfterSeconds} s` : ' later';
    return {
      ...base,
      code: 'rate_limited',
      message: `${where(ctx)} asks to slow down (${words})`,
      hint: `try again${wait}`,
      fields,
    };
  }
  if (api.status >= 500) {
    return {
      ...base,
      code: 'service',
      message: `${where(ctx)} failed (${words})`,
      hint: 'try again later',
      fields,
    };
  }
  return {
    ...base,
    code: 'rejected',
    message: `${where(ctx)} refused the request (${words})`,
    fields,
  };
}

/** Failures of the job itself: it failed, was cancelled, or did not finish in time. */
function jobFailure(error: unknown, ctx: FailureContext): CliFailure | undefined {
  const tag = tagOf(error);
  const withTag = tag !== undefined ? { tag } : {};
  if (error instanceof RuntimeJobCancelledError) {
    return {
      code: 'job_cancelled',
      message: `job ${error.jobId} was cancelled`,
      exitCode: EXIT.cancelled,
      ...withTag,
      fields: { jobId: error.jobId, status: 'CANCELLED' },
    };
  }
  if (error instanceof RuntimeJobTimeoutError) {
    const id = error.jobId ?? ctx.jobId ?? 'ID';
    const seconds = ctx.timeoutSeconds ?? error.timeoutMs / 1000;
    return {
      code: 'timeout',
      message:
        ctx.status !== undefined && !isFinal(ctx.status as JobStatus)
          ? `job ${id} is still ${ctx.status} after ${seconds} s (--timeout)`
          : `job ${id} did not finish within ${seconds} s (--timeout)`,
      hint: `it goes on: \`qjobs watch ${id}\` follows it, \`qjobs cancel ${id}\` cancels it`,
      exitCode: EXIT.timeout,
      ...withTag,
      fields: { jobId: id, status: 'TIMEOUT' },
    };
  }
  if (error instanceof RuntimeJobMaxTimeoutError) {
    return {
      code: 'job_failed',
      message: `job ${error.jobId} ran longer than its maximum execution time and was stopped${error.reason ? ` (${error.reason})` : ''}`,
      hint: 'give it more time with --max-execution-time S',
      exitCode: EXIT.failed,
      ...withTag,
      fields: { jobId: error.jobId, status: 'ERROR', maxExecutionTimeExceeded: true },
    };
  }
  if (error instanceof RuntimeJobFailureError) {
    const logs = `\`qjobs logs ${error.jobId}\``;
    return {
      code: 'job_failed',
      message: `job ${error.jobId} failed${error.reason ? `: ${error.reason.replace(/\s+/g, ' ').trim()}` : ''}`,
      hint:
        error.reasonCode !== NON_ISA_REASON_CODE
          ? `${logs} shows its log`
          : ctx.asWrittenOnDevice === true
            ? `leave out --no-transpile and qjobs transpiles the circuit for the device; ${logs} names each instruction it does not run`
            : `${logs} names each instruction the device does not run; \`qjobs run\` transpiles for a device unless --no-transpile is given`,
      exitCode: EXIT.failed,
      ...withTag,
      fields: {
        jobId: error.jobId,
        status: 'ERROR',
        ...(error.reasonCode !== undefined ? { reasonCode: error.reasonCode } : {}),
      },
    };
  }
  return undefined;
}

/** `error` in the CLI's words (see {@link CliFailure}). */
export function describeFailure(error: unknown, ctx: FailureContext = {}): CliFailure {
  if (error instanceof CliUsageError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
      exitCode: EXIT.usage,
    };
  }
  const job = jobFailure(error, ctx);
  if (job !== undefined) return job;
  const tag = tagOf(error);
  const withTag = tag !== undefined ? { tag } : {};
  if (error instanceof RuntimeJobNotFoundError) {
    return {
      code: 'not_found',
      message: `no job ${error.jobId} on ${where(ctx)}`,
      hint: 'check the id: `qjobs list` shows the recent jobs',
      exitCode: EXIT.failed,
      ...withTag,
      fields: { jobId: error.jobId },
    };
  }
  if (error instanceof RuntimeInvalidStateError) {
    const id = error.jobId ?? ctx.jobId;
    const status = ctx.status;
    return {
      code: 'invalid_state',
      message:
        status !== undefined && id !== undefined
          ? `job ${id} is already ${status}: there is nothing to cancel`
          : messageOf(error),
      exitCode: EXIT.failed,
      ...withTag,
      fields: { ...(id !== undefined ? { jobId: id } : {}), ...(status ? { status } : {}) },
    };
  }
  if (tag === 'BackendNotFoundError') {
    const name = (error as { backendName?: unknown }).backendName;
    return {
      code: 'not_found',
      message: `no backend ${typeof name === 'string' ? name : ''} on ${where(ctx)}`.replace(
        '  ',
        ' ',
      ),
      hint: 'leave out --backend to run on the least busy backend',
      exitCode: EXIT.failed,
      ...withTag,
    };
  }
  if (error instanceof ConfigError) return configFailure(error);
  if (error instanceof TranspileError) {
    const what = ctx.circuit?.name ?? 'the circuit';
    return {
      code: 'transpile',
      message: `cannot transpile ${what} for ${ctx.backend ?? 'the backend'}: ${messageOf(error)}`,
      hint: 'choose another backend with --backend (a simulator runs any circuit)',
      exitCode: EXIT.failed,
      ...withTag,
      ...(ctx.backend !== undefined ? { fields: { backend: ctx.backend } } : {}),
    };
  }
  const api = find(error, IBMApiError);
  if (api !== undefined) return apiFailure(api, ctx, tag);
  if (find(error, NetworkError) !== undefined || error instanceof WebSocketClosedError) {
    return connectionFailure(error, ctx, tag);
  }
  if (error instanceof DecodeError) {
    return {
      code: 'decode',
      message: `${where(ctx)} sent an answer qjobs cannot read (${messageOf(error)})`,
      hint: 'the service may be newer than qjobs: see `qjobs --version`',
      exitCode: EXIT.failed,
      ...withTag,
    };
  }
  return {
    code: 'error',
    message: tag !== undefined ? `${tag}: ${messageOf(error)}` : messageOf(error),
    exitCode: EXIT.failed,
    ...withTag,
  };
}
