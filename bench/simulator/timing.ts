/** Timing helpers of the simulator benchmark: wall-clock and process CPU time, best of runs. */

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Wall-clock and process CPU milliseconds of one run. */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<Timing> {
  gc();
  const c0 = cpuMs();
  const t0 = performance.now();
  await fn();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

export function timeSync(fn: () => unknown): Timing {
  gc();
  const c0 = cpuMs();
  const t0 = performance.now();
  fn();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

export function best(timings: readonly Timing[]): Timing {
  return {
    wall: Math.min(...timings.map((t) => t.wall)),
    cpu: Math.min(...timings.map((t) => t.cpu)),
  };
}
