/**
 * How a `qjobs` command reports a failure: one line on stderr (`qjobs <command>: <message>:
 * <what to do next>`, then any detail lines such as QASM excerpts) and, with `--json`, one
 * `{"type": "error", "code", "message", …}` document on stdout; credentials are redacted from
 * both.
 *
 * @module
 */
import { redactSecrets } from '../transport/redact.js';
import type { CliIo } from './command.js';
import type { ExitCode } from './exit-codes.js';
import type { CliFailure } from './failure.js';
import { writeJson } from './output.js';

/** `value` with every string in it redacted. */
function redacted(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redacted(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redacted(v, secrets)] as const),
    );
  }
  return value;
}

/** The human line of a failure (without the `qjobs <command>: ` prefix). */
export function failureLine(failure: CliFailure): string {
  return failure.hint !== undefined ? `${failure.message}: ${failure.hint}` : failure.message;
}

/** The `--json` document of a failure, with `extra` fields (job context) merged in. */
export function failureJson(
  failure: CliFailure,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    type: 'error',
    code: failure.code,
    message: failure.message,
    ...(failure.hint !== undefined ? { hint: failure.hint } : {}),
    ...extra,
    ...failure.fields,
    ...(failure.tag !== undefined ? { tag: failure.tag } : {}),
    exitCode: failure.exitCode,
  };
}

/** Options of {@link reportFailure}. */
export interface ReportOptions {
  /** Also write the `--json` error document on stdout. */
  readonly json: boolean;
  readonly secrets: readonly string[];
  /** Fields merged into the JSON document (the job's id, program, backend). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Report `failure` of `qjobs <command>` (of `qjobs` itself for `''`) and return its exit code. */
export function reportFailure(
  io: CliIo,
  command: string,
  failure: CliFailure,
  options: ReportOptions,
): ExitCode {
  const prefix = command !== '' ? `qjobs ${command}` : 'qjobs';
  const lines = [`${prefix}: ${failureLine(failure)}`, ...(failure.detail ?? [])];
  io.stderr.write(`${redactSecrets(lines.join('\n'), options.secrets)}\n`);
  if (options.json) {
    writeJson(io.stdout, redacted(failureJson(failure, options.extra), options.secrets));
  }
  return failure.exitCode;
}
