/**
 * Text formats of the dashboard: wall-clock times with milliseconds, durations, counts.
 *
 * @module
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `14:03:07.218`: local wall-clock time with milliseconds. */
export function clockTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** `0.4 s`, `12.0 s`, `3 min 05 s`: a duration for people. Negative durations read as `0.0 s`. */
export function duration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)} s`;
  const minutes = Math.floor(safe / 60_000);
  const seconds = Math.floor((safe % 60_000) / 1000);
  return `${minutes} min ${pad(seconds)} s`;
}

/** `+0.41 s`: the time from `from` to `to`. */
export function offset(from: Date, to: Date): string {
  return `+${duration(to.getTime() - from.getTime())}`;
}

/** A number shown with at most `digits` decimals and no trailing zeros (`0.5`, `-1`, `0.0123`). */
export function shortNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(digits)));
}
