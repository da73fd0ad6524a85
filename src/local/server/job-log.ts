/**
 * The text format of job logs (`GET /v1/jobs/{id}/logs`): one line per event,
 * `<ISO time> <LEVEL> <message>`.
 *
 * @module
 */

/** Severity of a log line. */
export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Format one log line. */
export function formatLogLine(at: number, level: LogLevelName, message: string): string {
  return `${new Date(at).toISOString()} ${level} ${message}`;
}
