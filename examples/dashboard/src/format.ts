/**
 * Text formats of the dashboard: statuses in plain words, wall-clock times and dates,
 * durations, "in 8 s" countdowns, numbers.
 *
 * @module
 */
import type { JobStatus } from '../../../src/index.js';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** What each status is called on the page. */
export const STATUS_WORDS: Readonly<Record<JobStatus, string>> = {
  INITIALIZING: 'Initializing',
  VALIDATING: 'Validating',
  QUEUED: 'Queued',
  RUNNING: 'Running',
  DONE: 'Completed',
  CANCELLED: 'Cancelled',
  ERROR: 'Failed',
};

/** `Completed`, `Failed`, …; `Unknown` when no status is known yet. */
export function statusWord(status: JobStatus | undefined): string {
  return status === undefined ? 'Unknown' : STATUS_WORDS[status];
}

/** `14:03:07`: local wall-clock time. */
export function clock(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `14:03:07.218`: local wall-clock time with milliseconds. */
export function clockTime(date: Date): string {
  return `${clock(date)}.${pad(date.getMilliseconds(), 3)}`;
}

/** `2025-06-12 14:03`: a local date and time, the same in every locale. */
export function dateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `0.4 s`, `12.0 s`, `3 min 05 s`: a duration for people. Negative durations read as `0.0 s`. */
export function duration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)} s`;
  const minutes = Math.floor(safe / 60_000);
  const seconds = Math.floor((safe % 60_000) / 1000);
  return `${minutes} min ${pad(seconds)} s`;
}

/** `in 8 s`, `in 2 min`, `now`: how long until `ms` from now, rounded up to what people read. */
export function countdown(ms: number): string {
  if (!Number.isFinite(ms) || ms < 500) return 'now';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}

/** A number shown with at most `digits` decimals and no trailing zeros (`0.5`, `-1`, `0.0123`). */
export function shortNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(digits)));
}

/** `1,024`: a count with thousands separators (the same in every locale). */
export function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `2 jobs`, `1 job`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
