/**
 * Fault injection: knobs that make the local runtime misbehave the way a remote service and
 * the network in front of it do (slow answers, 5xx, resets, 429 bursts, dropped websockets,
 * malformed bodies, stale statuses, duplicate pushes, cancels that lose the race with completion,
 * results served a while after the job completed). Every random decision comes from a
 * generator seeded by the runtime's seed, so a run with the same seed and the same request
 * order fails the same way. Knobs can be replaced while the runtime runs.
 *
 * @module
 */
import { ConfigError } from '../../codecs/errors.js';
import { createPrng, type Prng } from './prng.js';

/** Endpoints whose bodies `malformedBody` can corrupt (`ws-*` are websocket messages). */
export type MalformedEndpoint =
  'details' | 'results' | 'list' | 'metrics' | 'ws-status' | 'ws-stream';

const MALFORMED_ENDPOINTS: readonly MalformedEndpoint[] = [
  'details',
  'results',
  'list',
  'metrics',
  'ws-status',
  'ws-stream',
];

/** The fault knobs. Every field is optional; an empty object means a well-behaved server. */
export interface FaultOptions {
  /** Extra latency before each HTTP answer: a fixed number of ms, or uniform in `[min, max]`. */
  readonly delayMs?: number | { readonly min: number; readonly max: number };
  /** Probability (0..1) that an HTTP request is answered with a 5xx instead of being handled. */
  readonly error5xxRate?: number;
  /** Statuses `error5xxRate` picks from (uniformly). Default `[500, 502, 503, 504]`. */
  readonly statuses?: readonly number[];
  /** Probability (0..1) that an HTTP request's socket is destroyed without any answer. */
  readonly resetRate?: number;
  /**
   * Periodic 429 bursts: `every` requests pass, then `count` requests are answered 429 with
   * `Retry-After: retryAfterSeconds` (no header when it is `null`, as the service's 429s may
   * come), and the cycle repeats. Defaults: every 10, count 1, 1 s.
   */
  readonly burst429?: {
    readonly every?: number;
    readonly count?: number;
    readonly retryAfterSeconds?: number | null;
  };
  /** Each websocket is cut (no close frame) right after the server sent this many messages. */
  readonly dropWebSocketAfter?: number;
  /** Truncate bodies of the named endpoint(s) with probability `rate` (default 1). */
  readonly malformedBody?: {
    readonly endpoint: MalformedEndpoint | readonly MalformedEndpoint[];
    readonly rate?: number;
  };
  /** For `delayMs` after each transition, job details (and list entries) show the previous status. */
  readonly lateStatus?: { readonly delayMs: number };
  /** Send every websocket push (job-status messages, stream results) twice. */
  readonly duplicatePushes?: boolean;
  /**
   * Answer a cancel of a queued or running job 204 without cancelling it: the job runs on to
   * its own end (Completed, Failed, or Cancelled for running too long), as when a cancel loses
   * the race with completion.
   */
  readonly cancelLosesRace?: boolean;
  /**
   * For `delayMs` after a job completes, `GET /v1/jobs/{id}/results` answers `status`
   * (default 404) instead of the result, as a service that reports Completed before it serves
   * the result does.
   */
  readonly lateResults?: { readonly delayMs: number; readonly status?: number };
}

/** What to do with one HTTP request, decided before it is handled. */
export interface HttpFaultDecision {
  /** Destroy the socket, answer nothing. */
  readonly reset: boolean;
  /** Wait this long before answering. */
  readonly delayMs: number;
  /** Answer 429 instead of handling, with this Retry-After (none when null). */
  readonly throttleRetryAfterSeconds: number | null | undefined;
  /** Answer this 5xx status instead of handling. */
  readonly errorStatus: number | undefined;
}

function rate(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new ConfigError(
      `faults.${name} must be a number between 0 and 1, got ${String(v)}`,
      `faults.${name}`,
    );
  }
  return v;
}

function nonNegative(name: string, v: unknown, integer = false): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new ConfigError(
      `faults.${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(v)}`,
      `faults.${name}`,
    );
  }
  return v;
}

/** Check a fault configuration, throwing a `ConfigError` that names the bad knob. */
export function validateFaults(f: FaultOptions): FaultOptions {
  if (typeof f !== 'object' || f === null)
    throw new ConfigError('faults must be an object', 'faults');
  if (typeof f.delayMs === 'object') {
    const min = nonNegative('delayMs.min', f.delayMs.min) ?? 0;
    const max = nonNegative('delayMs.max', f.delayMs.max) ?? 0;
    if (max < min)
      throw new ConfigError('faults.delayMs.max must be >= faults.delayMs.min', 'faults.delayMs');
  } else nonNegative('delayMs', f.delayMs);
  rate('error5xxRate', f.error5xxRate);
  rate('resetRate', f.resetRate);
  if (f.statuses !== undefined) {
    if (!Array.isArray(f.statuses) || f.statuses.length === 0) {
      throw new ConfigError(
        'faults.statuses must be a non-empty array of 5xx statuses',
        'faults.statuses',
      );
    }
    for (const s of f.statuses) {
      if (!Number.isInteger(s) || s < 500 || s > 599) {
        throw new ConfigError(
          `faults.statuses: ${String(s)} is not a 5xx status`,
          'faults.statuses',
        );
      }
    }
  }
  if (f.burst429 !== undefined) {
    const every = nonNegative('burst429.every', f.burst429.every, true);
    if (every === 0)
      throw new ConfigError('faults.burst429.every must be at least 1', 'faults.burst429.every');
    nonNegative('burst429.count', f.burst429.count, true);
    if (f.burst429.retryAfterSeconds !== null) {
      nonNegative('burst429.retryAfterSeconds', f.burst429.retryAfterSeconds, true);
    }
  }
  nonNegative('dropWebSocketAfter', f.dropWebSocketAfter, true);
  if (f.malformedBody !== undefined) {
    const eps = Array.isArray(f.malformedBody.endpoint)
      ? f.malformedBody.endpoint
      : [f.malformedBody.endpoint];
    for (const e of eps) {
      if (!MALFORMED_ENDPOINTS.includes(e as MalformedEndpoint)) {
        throw new ConfigError(
          `faults.malformedBody.endpoint: ${String(e)} is not one of ${MALFORMED_ENDPOINTS.join(', ')}`,
          'faults.malformedBody.endpoint',
        );
      }
    }
    rate('malformedBody.rate', f.malformedBody.rate);
  }
  if (f.lateStatus !== undefined) nonNegative('lateStatus.delayMs', f.lateStatus.delayMs);
  if (f.duplicatePushes !== undefined && typeof f.duplicatePushes !== 'boolean') {
    throw new ConfigError('faults.duplicatePushes must be a boolean', 'faults.duplicatePushes');
  }
  if (f.cancelLosesRace !== undefined && typeof f.cancelLosesRace !== 'boolean') {
    throw new ConfigError('faults.cancelLosesRace must be a boolean', 'faults.cancelLosesRace');
  }
  if (f.lateResults !== undefined) {
    if (typeof f.lateResults !== 'object' || f.lateResults === null) {
      throw new ConfigError('faults.lateResults must be an object', 'faults.lateResults');
    }
    nonNegative('lateResults.delayMs', f.lateResults.delayMs);
    if (typeof f.lateResults.delayMs !== 'number') {
      throw new ConfigError(
        'faults.lateResults.delayMs must be a non-negative number',
        'faults.lateResults.delayMs',
      );
    }
    const status = f.lateResults.status;
    if (
      status !== undefined &&
      (!Number.isInteger(status) || (status !== 404 && (status < 500 || status > 599)))
    ) {
      throw new ConfigError(
        `faults.lateResults.status must be 404 or a 5xx status, got ${String(status)}`,
        'faults.lateResults.status',
      );
    }
  }
  return f;
}

/** Cut a body so it no longer parses: keep the first half (at least one character). */
export function corruptBody(text: string): string {
  if (text.length <= 1) return '{';
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** Holds the current fault knobs and makes every seeded decision about them. */
export class FaultInjector {
  private faults: FaultOptions = {};
  private readonly prng: Prng;
  private requestsSinceSet = 0;

  constructor(seed: number, initial: FaultOptions = {}) {
    this.prng = createPrng(seed);
    this.set(initial);
  }

  /** Replace every knob (validated first) and restart the 429 burst cycle. */
  set(faults: FaultOptions): void {
    this.faults = validateFaults({ ...faults });
    this.requestsSinceSet = 0;
  }

  /** The knobs in force. */
  get current(): FaultOptions {
    return this.faults;
  }

  private roll(p: number | undefined): boolean {
    if (p === undefined || p <= 0) return false;
    return this.prng.next() < p;
  }

  /** Decide the fate of one HTTP request (consumes random numbers only for the knobs that are set). */
  decideHttp(): HttpFaultDecision {
    const f = this.faults;
    const reset = this.roll(f.resetRate);
    let delayMs = 0;
    if (typeof f.delayMs === 'number') delayMs = f.delayMs;
    else if (f.delayMs)
      delayMs = f.delayMs.min + this.prng.next() * (f.delayMs.max - f.delayMs.min);
    let throttle: number | null | undefined;
    if (f.burst429) {
      const every = f.burst429.every ?? 10;
      const count = f.burst429.count ?? 1;
      const i = this.requestsSinceSet++ % (every + count);
      if (i >= every) {
        const after = f.burst429.retryAfterSeconds;
        throttle = after === null ? null : (after ?? 1);
      }
    }
    let errorStatus: number | undefined;
    if (this.roll(f.error5xxRate)) {
      const statuses = f.statuses ?? [500, 502, 503, 504];
      errorStatus = statuses[Math.floor(this.prng.next() * statuses.length)] ?? 500;
    }
    return {
      reset,
      delayMs: Math.round(delayMs),
      throttleRetryAfterSeconds: throttle,
      errorStatus,
    };
  }

  /** Whether this answer (or websocket message) of `endpoint` is to be corrupted. */
  malformed(endpoint: MalformedEndpoint): boolean {
    const m = this.faults.malformedBody;
    if (!m) return false;
    const eps: readonly MalformedEndpoint[] = Array.isArray(m.endpoint) ? m.endpoint : [m.endpoint];
    if (!eps.includes(endpoint)) return false;
    return this.roll(m.rate ?? 1);
  }

  /** How long job details keep showing the previous status after a transition (0 = off). */
  lateStatusMs(): number {
    return this.faults.lateStatus?.delayMs ?? 0;
  }

  /** Messages after which a websocket is cut, if that knob is set. */
  dropWebSocketAfter(): number | undefined {
    return this.faults.dropWebSocketAfter;
  }

  /** Whether websocket pushes are sent twice. */
  duplicatePushes(): boolean {
    return this.faults.duplicatePushes === true;
  }

  /** Whether a cancel is answered 204 and the job left to run on. */
  cancelLosesRace(): boolean {
    return this.faults.cancelLosesRace === true;
  }

  /** How long after completing a job's result is refused, and with which status (0 = off). */
  lateResults(): { readonly delayMs: number; readonly status: number } {
    const late = this.faults.lateResults;
    return { delayMs: late?.delayMs ?? 0, status: late?.status ?? 404 };
  }
}
