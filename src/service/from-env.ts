/**
 * The options `RuntimeService.fromEnv()` builds, in QiskitRuntimeService's order: a saved
 * account asked for by name; else credentials from the environment variables (or given as
 * overrides); else the default saved account of `~/.qiskit/qiskit-ibm.json`; with the
 * overrides on top.
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import { accountFilePath, nodeTextFileReader } from './account-file.js';
import type { ReadTextFile } from './account-file.js';
import { optionsFromEnv, processEnv } from './env.js';
import type { EnvRecord } from './env.js';
import type { RuntimeServiceOptions } from './options.js';
import { chooseSavedAccount, parseSavedAccounts, savedAccountOptions } from './saved-account.js';

/**
 * Which saved account `RuntimeService.fromEnv()` loads, in QiskitRuntimeService's words.
 *
 * @category Configuration
 */
export interface SavedAccountChoice {
  /** The saved account of this name (QiskitRuntimeService's `name`); a `ConfigError` when absent. */
  readonly name?: string;
  /** The saved-account file (QiskitRuntimeService's `filename`). Default `~/.qiskit/qiskit-ibm.json`. */
  readonly filename?: string;
  /**
   * How the file is read; `false` reads none. Default: Node's `fs` where there is one (never
   * in a browser).
   */
  readonly readFile?: ReadTextFile | false;
}

/** What {@link environmentOptions} found. */
export interface EnvironmentOptions {
  readonly options: RuntimeServiceOptions;
  /** The saved account used, if any: its name and the file it came from. */
  readonly account: { readonly name: string; readonly file: string } | undefined;
  /** Saved-account fields the client does not apply, each with why. */
  readonly ignored: readonly string[];
}

function hasCredentials(options: RuntimeServiceOptions): boolean {
  return options.token !== undefined || options.apiKey !== undefined;
}

/** The settings that hold beside a saved account: the ones QiskitRuntimeService has no variable for. */
function besideAccount(options: RuntimeServiceOptions): RuntimeServiceOptions {
  const { apiVersion, allowInsecureHttp, iamUrl } = options;
  return {
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(allowInsecureHttp !== undefined ? { allowInsecureHttp } : {}),
    ...(iamUrl !== undefined ? { iamUrl } : {}),
  };
}

/**
 * The options of `RuntimeService.fromEnv(env, overrides, choice)`. `env` defaults to the
 * process environment; the saved-account file is looked for under its `HOME` (or
 * `USERPROFILE`), so an explicit `env` without one never reads a file. Throws
 * {@link ConfigError} for an unreadable variable or file, or a named account that is not there.
 */
export function environmentOptions(
  env: EnvRecord | undefined = processEnv(),
  overrides: RuntimeServiceOptions = {},
  choice: SavedAccountChoice = {},
): EnvironmentOptions {
  const fromEnv = optionsFromEnv(env);
  const named = choice.name !== undefined;
  if (!named && (hasCredentials(fromEnv) || hasCredentials(overrides))) {
    return { options: { ...fromEnv, ...overrides }, account: undefined, ignored: [] };
  }
  const read = choice.readFile === false ? undefined : (choice.readFile ?? nodeTextFileReader());
  const file = read === undefined ? undefined : accountFilePath(env ?? {}, choice.filename);
  const text = file === undefined ? undefined : read!(file);
  const accounts = text === undefined ? {} : parseSavedAccounts(text, file!);
  const chosen = chooseSavedAccount(accounts, {
    ...(choice.name !== undefined ? { name: choice.name } : {}),
    ...(overrides.channel !== undefined ? { channel: overrides.channel } : {}),
    ...(fromEnv.channel !== undefined ? { envChannel: fromEnv.channel } : {}),
  });
  if (chosen === undefined) {
    if (named) {
      throw new ConfigError(
        `no saved account called ${JSON.stringify(choice.name)} in ${file ?? '~/.qiskit/qiskit-ibm.json (no file can be read here)'}`,
        'name',
      );
    }
    return { options: { ...fromEnv, ...overrides }, account: undefined, ignored: [] };
  }
  const saved = savedAccountOptions(chosen.name, chosen.account);
  // What the caller gives replaces the account's own (an instance given under either name).
  const { instance, apiKey, ...rest } = saved.options;
  const account: RuntimeServiceOptions = {
    ...rest,
    ...(overrides.instance === undefined &&
    overrides.serviceCrn === undefined &&
    instance !== undefined
      ? { instance }
      : {}),
    ...(!hasCredentials(overrides) && apiKey !== undefined ? { apiKey } : {}),
  };
  return {
    options: { ...account, ...besideAccount(fromEnv), ...overrides },
    account: { name: chosen.name, file: file! },
    ignored: saved.ignored,
  };
}
