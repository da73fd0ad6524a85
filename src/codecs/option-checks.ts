/**
 * Checks of option values given by callers, each throwing a `ConfigError` that names the
 * option and shows what it got.
 *
 * @module
 */
import { ConfigError, describeValue } from './errors.js';

/** `value` when it is a string with something other than whitespace; `undefined` when absent. */
export function optionalText(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(
      `${option} must be a non-empty string, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}
