/**
 * The shape every `qjobs` command shares: parse the command line against the command's flags,
 * read the connection settings and create the service when the command asks, and turn any
 * failure into one report (a line on stderr, and with `--json` one error document on stdout)
 * and an exit code.
 *
 * @module
 */
import { RuntimeService } from '../service/runtime-service.js';
import { booleanFlag, parseArgs, wantsJson } from './args.js';
import type { ParsedArgs, PositionalSpec } from './args.js';
import type { CliCommand, CliIo, CommandHelp } from './command.js';
import type { ExitCode } from './exit-codes.js';
import { describeFailure } from './failure.js';
import type { CliFailure, FailureContext } from './failure.js';
import { reportFailure } from './report.js';
import { CONNECTION_FLAGS, envOf, readSettings, visibleSecrets } from './settings.js';
import type { ConnectionSettings } from './settings.js';

/** What a command knows while it runs, and how it reports. */
export interface CommandContext {
  readonly io: CliIo;
  readonly parsed: ParsedArgs;
  /** `--json` was given. */
  readonly json: boolean;
  /** What a failure report should know; commands fill it in as they learn it. */
  readonly about: { -readonly [K in keyof FailureContext]: FailureContext[K] };
  /** The connection settings, read and checked on first use. */
  settings(): ConnectionSettings;
  /** The service, created on first use (closed when the command ends). */
  service(): RuntimeService;
  /** The credentials to keep out of every output. */
  secrets(): readonly string[];
  /** Report `error` (or a failure already described) and return its exit code. */
  fail(error: unknown, extra?: Readonly<Record<string, unknown>>): ExitCode;
  /** Report `error` on stderr only (a side failure that does not decide the outcome). */
  warn(error: unknown): void;
}

/** A command: its help (flags included), its positional arguments and what it does. */
export interface CommandDefinition {
  readonly help: CommandHelp;
  readonly positional: PositionalSpec;
  run(ctx: CommandContext): Promise<number>;
}

function isFailure(value: unknown): value is CliFailure {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as CliFailure).code === 'string' &&
    typeof (value as CliFailure).message === 'string' &&
    typeof (value as CliFailure).exitCode === 'number' &&
    !(value instanceof Error)
  );
}

/** Build a {@link CliCommand} from its definition. */
export function defineCommand(def: CommandDefinition): CliCommand {
  const flags = def.help.connection ? [...def.help.flags, ...CONNECTION_FLAGS] : def.help.flags;
  return {
    help: def.help,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const env = envOf(io);
      let settings: ConnectionSettings | undefined;
      let service: RuntimeService | undefined;
      const about: CommandContext['about'] = {};
      const secrets = (): readonly string[] => settings?.secrets ?? visibleSecrets(args, env);
      let json = wantsJson(args);
      const report = (
        error: unknown,
        asJson: boolean,
        extra?: Readonly<Record<string, unknown>>,
      ): ExitCode => {
        const failure = isFailure(error) ? error : describeFailure(error, { ...about, settings });
        return reportFailure(io, def.help.name, failure, {
          json: asJson,
          secrets: secrets(),
          ...(extra !== undefined ? { extra } : {}),
        });
      };
      const fail = (error: unknown, extra?: Readonly<Record<string, unknown>>): ExitCode =>
        report(error, json, extra);
      let parsed: ParsedArgs;
      try {
        parsed = parseArgs(args, flags, def.positional);
      } catch (error) {
        return fail(error);
      }
      json = booleanFlag(parsed, 'json');
      const ctx: CommandContext = {
        io,
        parsed,
        json,
        about,
        settings: () => (settings ??= readSettings(parsed, env)),
        service: () => (service ??= new RuntimeService(ctx.settings().options)),
        secrets,
        fail,
        warn: (error) => void report(error, false),
      };
      try {
        return await def.run(ctx);
      } catch (error) {
        return fail(error);
      } finally {
        service?.close();
      }
    },
  };
}
