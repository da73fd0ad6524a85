/**
 * Lets a long simulation share the thread: it counts work, yields to the event loop about
 * every {@link YIELD_INTERVAL_MS} milliseconds of computation, reports progress, and stops with
 * {@link SimulationAbortedError} once the `AbortSignal` fires.
 *
 * Where `setImmediate` exists (Node) it yields through it: an immediate runs after the event
 * loop's timers and I/O, so a server simulating a heavy job keeps answering. Node drains a
 * chain of `MessageChannel` messages without returning to timers and I/O, so a channel is
 * used only where there is no `setImmediate` (browsers), where it is not clamped to a
 * millisecond as `setTimeout(0)` is.
 *
 * @module
 */
import { SimulationAbortedError } from './errors.js';
import type { Sliced } from './sliced.js';

/** Target time between two yields to the event loop. */
export const YIELD_INTERVAL_MS = 8;

/** Amplitude updates between two looks at the clock (well under a millisecond of work). */
const CLOCK_CHECK_EVERY = 2 ** 18;

/**
 * Most work (amplitude updates, or their equivalent for planning, branching and sampling)
 * between two yields, whatever the clock says: a few milliseconds on one core. A run is thus
 * cut into slices of bounded work even when the clock is coarse or the machine busy, and an
 * abort is seen at the end of the slice in which it fired. One step of work (a kernel call on
 * one chunk, one sparse pass over a bounded range) may overshoot it.
 */
export const SLICE_WORK = 2 ** 22;

/** Smallest progress step reported between two `onProgress` calls. */
const PROGRESS_STEP = 0.001;

/** Options shared by the simulator entry points for cooperation with the caller. */
export interface CooperationOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((fraction: number) => void) | undefined;
}

/** Work accounting, yielding, progress and abort for one simulation run. */
export class Cooperation {
  private total = 1;
  private done = 0;
  private sinceYield = 0;
  private sinceClock = 0;
  private lastYield = performance.now();
  private reported = 0;
  private channel: MessageChannel | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: CooperationOptions) {}

  /** Throw {@link SimulationAbortedError} if the signal has fired. */
  checkAbort(): void {
    const signal = this.options.signal;
    if (signal?.aborted) throw new SimulationAbortedError(signal.reason);
  }

  /** Add to the expected total amount of work (amplitude updates). */
  expect(work: number): void {
    this.total += work;
  }

  /** Record `work` amplitude updates; true when it is time to {@link pause}. */
  tick(work: number): boolean {
    this.done += work;
    return this.slice(work);
  }

  /** Count `work` toward the current slice only (not toward progress); true when it is time to pause. */
  private slice(work: number): boolean {
    this.sinceYield += work;
    if (this.sinceYield >= SLICE_WORK) return true;
    this.sinceClock += work;
    if (this.sinceClock < CLOCK_CHECK_EVERY) return false;
    this.sinceClock = 0;
    return performance.now() - this.lastYield >= YIELD_INTERVAL_MS;
  }

  /**
   * Run a sliced computation, pausing when its work fills a slice. Its work is not progress:
   * the total of a run is known only once its circuit is planned, which is what this drives.
   */
  async drive<T>(sliced: Sliced<T>): Promise<T> {
    for (;;) {
      const r = sliced.next();
      if (r.done) return r.value;
      if (this.slice(r.value)) await this.pause();
    }
  }

  /** Report progress, let the event loop run, then check the signal. */
  async pause(): Promise<void> {
    this.sinceYield = 0;
    this.sinceClock = 0;
    this.report(Math.min(this.done / this.total, 0.999));
    await this.yieldToEventLoop();
    this.lastYield = performance.now();
    this.checkAbort();
  }

  /** Report completion. */
  finish(): void {
    this.report(1);
  }

  /** Release the message channel; call once the run is over, however it ended. */
  close(): void {
    if (this.channel) {
      this.channel.port1.close();
      this.channel.port2.close();
      this.channel = undefined;
    }
  }

  private report(fraction: number): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    if (fraction < 1 && fraction - this.reported < PROGRESS_STEP) return;
    if (fraction <= this.reported && this.reported > 0) return;
    this.reported = fraction;
    onProgress(fraction);
  }

  private yieldToEventLoop(): Promise<void> {
    const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
      .setImmediate;
    if (typeof immediate === 'function') {
      return new Promise((resolve) => void immediate(resolve));
    }
    if (typeof MessageChannel === 'undefined') {
      return new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (!this.channel) {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
      };
    }
    const channel = this.channel;
    return new Promise((resolve) => {
      this.wake = resolve;
      channel.port2.postMessage(null);
    });
  }
}
