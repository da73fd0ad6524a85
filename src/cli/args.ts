/**
 * Table-driven parsing of a `qjobs` command line into flags and positional arguments, with a
 * {@link CliUsageError} naming the flag or argument that is wrong.
 *
 * @module
 */
import { nearest } from './suggest.js';
import { CliUsageError } from './usage-error.js';

/** How one flag's value is read. */
export type FlagKind =
  /** No value: present means true. */
  | 'boolean'
  /** Any non-empty text. */
  | 'string'
  /** A whole number within `min`..`max`. */
  | 'int'
  /** A finite number greater than 0, in seconds. */
  | 'seconds'
  /** A finite number greater than 0. */
  | 'positive'
  /** Text that may be given several times, each value possibly comma-separated. */
  | 'list';

/** One flag of a command. */
export interface FlagSpec {
  readonly kind: FlagKind;
  /** Smallest accepted value of an `int` flag. Default 0. */
  readonly min?: number;
  /** Largest accepted value of an `int` flag. Default `Number.MAX_SAFE_INTEGER`. */
  readonly max?: number;
  /** Accepted values of a `string` flag. */
  readonly choices?: readonly string[];
}

/** One flag of a command: how it is parsed, and what `--help` says of it. */
export interface FlagDef extends FlagSpec {
  /** The name without the dashes (`shots`). */
  readonly name: string;
  /** What the value stands for in the help (`N`, `NAME`, `S`); none for a boolean flag. */
  readonly value?: string;
  /** What the flag does, as one sentence without a final period. */
  readonly help: string;
  /** What applies when the flag is not given, shown as `(default: …)`. */
  readonly default?: string;
}

/** What a command line parsed into. */
export interface ParsedArgs {
  /** Values by flag name without the dashes (`shots`, `json`, `tag`). */
  readonly flags: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  readonly positionals: readonly string[];
}

/** Positional arguments a command takes. */
export interface PositionalSpec {
  /** Name shown in errors, e.g. `FILE.qasm` or `ID`. */
  readonly name: string;
  readonly min: number;
  /** Default: `min`. `Infinity` for "one or more". */
  readonly max?: number;
}

function readInt(flag: string, value: string, spec: FlagSpec): number {
  const min = spec.min ?? 0;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new CliUsageError(`${flag} expects an integer ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function readPositive(flag: string, value: string, what: string): number {
  const n = /^\d+(\.\d+)?([eE][+-]?\d+)?$|^\.\d+([eE][+-]?\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) {
    throw new CliUsageError(`${flag} expects ${what} greater than 0, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** An unknown flag, with the nearest known one suggested. */
function unknownFlag(flag: string, known: readonly string[]): CliUsageError {
  const guess = flag.startsWith('--') ? nearest(flag.slice(2), known) : undefined;
  return new CliUsageError(
    `unknown flag ${JSON.stringify(flag)}${guess !== undefined ? ` (did you mean --${guess}?)` : ''}`,
    { hint: 'see the flags with --help' },
  );
}

/** True when `args` ask for JSON output (`--json` before any `--`), even if they do not parse. */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

/** True when `args` ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  return flags.includes('--help') || flags.includes('-h');
}

/**
 * Parse `args` against `defs` (`--name value`, `--name=value`, booleans as `--name`) and
 * `positional`. `--` ends the flags; `-` alone is a positional argument (standard input).
 * Throws {@link CliUsageError} for an unknown flag (suggesting the nearest known one), a
 * missing or malformed value, a flag given twice (other than lists), or too few or too many
 * positional arguments.
 */
export function parseArgs(
  args: readonly string[],
  defs: readonly FlagDef[],
  positional: PositionalSpec,
): ParsedArgs {
  const flags: Record<string, FlagSpec> = Object.create(null) as Record<string, FlagSpec>;
  for (const def of defs) flags[def.name] = def;
  const known = defs.map((d) => d.name);
  const out: Record<string, string | number | boolean | string[]> = {};
  const positionals: string[] = [];
  let flagsDone = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (flagsDone || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsDone = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 2 ? arg.slice(0, eq) : arg;
    const spec = flag.startsWith('--') ? flags[flag.slice(2)] : undefined;
    if (!spec) throw unknownFlag(flag, known);
    const key = flag.slice(2);
    if (spec.kind !== 'list' && Object.prototype.hasOwnProperty.call(out, key)) {
      throw new CliUsageError(`${flag} is given more than once`);
    }
    if (spec.kind === 'boolean') {
      if (eq > 2) throw new CliUsageError(`${flag} takes no value`);
      out[key] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 2) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      // A following flag is not a value (`--backend --json`); a negative number may be.
      if (value !== undefined && value.startsWith('--')) value = undefined;
      else i += 1;
    }
    if (value === undefined || value === '') throw new CliUsageError(`${flag} needs a value`);
    switch (spec.kind) {
      case 'int':
        out[key] = readInt(flag, value, spec);
        break;
      case 'seconds':
        out[key] = readPositive(flag, value, 'a number of seconds');
        break;
      case 'positive':
        out[key] = readPositive(flag, value, 'a number');
        break;
      case 'list': {
        const items = value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (items.length === 0) throw new CliUsageError(`${flag} needs a value`);
        const list = (out[key] as string[] | undefined) ?? [];
        list.push(...items);
        out[key] = list;
        break;
      }
      default:
        if (spec.choices !== undefined && !spec.choices.includes(value)) {
          throw new CliUsageError(
            `${flag} expects one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`,
          );
        }
        out[key] = value;
    }
  }
  const max = positional.max ?? positional.min;
  if (positionals.length < positional.min) {
    throw new CliUsageError(`missing ${positional.name}`);
  }
  if (positionals.length > max) {
    throw new CliUsageError(`unexpected argument ${JSON.stringify(positionals[max])}`);
  }
  return { flags: out, positionals };
}

/** The value of a string flag, or undefined. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** The value of a numeric flag, or undefined. */
export function numberFlag(parsed: ParsedArgs, name: string): number | undefined {
  const v = parsed.flags[name];
  return typeof v === 'number' ? v : undefined;
}

/** True when a boolean flag was given. */
export function booleanFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.flags[name] === true;
}

/** The values of a list flag (empty when not given). */
export function listFlag(parsed: ParsedArgs, name: string): readonly string[] {
  const v = parsed.flags[name];
  return Array.isArray(v) ? v : [];
}
