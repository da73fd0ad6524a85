/**
 * Large amplitude buffers kept from one run for the next. A fresh gigabyte costs its page
 * faults when first written, which on a busy machine can take longer than the simulation
 * itself; a server running job after job of the same size reuses the same memory instead. At
 * most one buffer is kept, for at most {@link KEEP_MS} after the run that used it, without
 * keeping the process alive.
 *
 * @module
 */

/** Buffers below this many amplitudes are not worth keeping. */
export const RECYCLE_AMPLITUDES = 2 ** 18;

/** How long a kept buffer waits for the next run. */
export const KEEP_MS = 10_000;

let kept: Float64Array | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * The kept buffer if it has exactly `length` numbers and the wanted sharing (its contents are
 * left over from an earlier run), else `undefined`.
 */
export function takeKeptBuffer(length: number, shared: boolean): Float64Array | undefined {
  const b = kept;
  if (!b || b.length !== length || isSharedBuffer(b) !== shared) return undefined;
  kept = undefined;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  return b;
}

/** Keep `buffer` (no longer used by its run) for the next run, in place of any other. */
export function keepBuffer(buffer: Float64Array): void {
  if (buffer.length < 2 * RECYCLE_AMPLITUDES) return;
  kept = buffer;
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    kept = undefined;
    timer = undefined;
  }, KEEP_MS);
  timer.unref?.();
}

/** Drop the kept buffer now. */
export function dropKeptBuffer(): void {
  kept = undefined;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function isSharedBuffer(b: Float64Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && b.buffer instanceof SharedArrayBuffer;
}
