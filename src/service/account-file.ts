/**
 * Where QiskitRuntimeService's saved-account file is and how it is read: `~/.qiskit/qiskit-ibm.json`
 * under the home directory of the environment (`HOME`, or `USERPROFILE` on Windows), read with
 * Node's `fs` reached through `process.getBuiltinModule` (Node 20.16 and 22.3 on), so nothing
 * here imports a Node module and browser bundles stay free of them. In a browser, or on a Node
 * without `getBuiltinModule`, there is no reader and no file is read.
 *
 * @module
 */
import { ConfigError, messageOf } from '../codecs/errors.js';
import type { EnvRecord } from './env.js';

/** Reads a text file: its text, or `undefined` when there is no such file. */
export type ReadTextFile = (path: string) => string | undefined;

/**
 * The saved-account file relative to the home directory (Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/accounts/management.py`, `_DEFAULT_ACCOUNT_CONFIG_JSON_FILE`).
 */
export const ACCOUNT_FILE = ['.qiskit', 'qiskit-ibm.json'] as const;

interface NodeFs {
  readFileSync(path: string, encoding: 'utf8'): string;
}

interface NodePath {
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
}

type GetBuiltinModule = (id: string) => unknown;

function builtin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: unknown } }).process;
  const get = proc?.getBuiltinModule;
  return typeof get === 'function' ? ((get as GetBuiltinModule)(id) as T) : undefined;
}

/**
 * A {@link ReadTextFile} over Node's `fs`, or `undefined` where there is none (browsers, Node
 * before 20.16). A missing file reads as `undefined`; any other failure (a directory, no
 * permission) is a {@link ConfigError} naming the file.
 */
export function nodeTextFileReader(): ReadTextFile | undefined {
  const fs = builtin<NodeFs>('node:fs');
  if (fs === undefined) return undefined;
  return (path) => {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw new ConfigError(`cannot read ${path}: ${messageOf(error)}`, 'filename');
    }
  };
}

/**
 * The path of the saved-account file: `filename` when given (a leading `~` is the home
 * directory, as Python's `os.path.expanduser` reads it), else `~/.qiskit/qiskit-ibm.json`;
 * `undefined` when the home directory is needed and `env` names none (or paths cannot be
 * built: no Node).
 */
export function accountFilePath(env: EnvRecord, filename?: string): string | undefined {
  const path = builtin<NodePath>('node:path');
  if (path === undefined) return undefined;
  const home = env['HOME'] ?? env['USERPROFILE'];
  if (filename !== undefined) {
    if (filename === '~' || /^~[\\/]/.test(filename)) {
      return home === undefined ? undefined : path.join(home, filename.slice(1));
    }
    return path.resolve(filename);
  }
  return home === undefined || home.trim() === '' ? undefined : path.join(home, ...ACCOUNT_FILE);
}
