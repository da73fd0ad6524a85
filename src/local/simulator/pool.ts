/**
 * Worker threads that run passes over a large state in parallel, each on its own range of the
 * state's index space, on amplitudes held in a `SharedArrayBuffer`. The main thread only hands
 * out ranges and waits, so the event loop stays free while every core works.
 *
 * The workers run the very functions the main thread runs: their source text is taken from
 * the kernel functions themselves (`Function.prototype.toString`) and evaluated in the worker,
 * so the same code serves TypeScript sources, the ESM and the CommonJS builds alike. Every
 * kernel is a plain function over typed arrays and numbers, referring to nothing but its
 * fellow kernels, which makes this possible.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KERNELS, runGateOpWith, type GateOp } from './gate-ops.js';
import * as general from './kernels-general.js';
import * as k from './kernels.js';
import { parity, pauliPartialSum } from './pauli.js';

/** States at least this large (amplitudes) are worth handing to the workers. */
export const PARALLEL_AMPLITUDES = 2 ** 19;

/** Amplitudes per task: small enough that an abort is seen within a few milliseconds. */
const TASK_AMPLITUDES = 2 ** 20;

/** Functions the workers need, by the names their source text declares. */
const FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  k.insert,
  k.sorted3,
  ...Object.values(KERNELS).filter((f) => f !== general.runGeneral),
  general.base,
  general.diagonalUnits,
  general.permutationUnits,
  general.matrixUnits,
  general.runGeneral,
  k.probabilityOne,
  parity,
  pauliPartialSum,
  k.tensorRange,
  runGateOpWith,
];

/**
 * The name a function's source text declares (which a bundler may have changed, and which
 * `Function.name` may not report when the bundler keeps the original names).
 */
function declaredName(f: (...args: never[]) => unknown): string {
  const m = /^function\s*\*?\s*([\w$]+)/.exec(f.toString());
  if (!m) throw new Error(`cannot read the name of ${f.name}`);
  return m[1]!;
}

/** The worker's program. */
function workerSource(): string {
  const table = Object.entries(KERNELS)
    .map(([key, f]) => `${key}: ${declaredName(f)}`)
    .join(', ');
  return `'use strict';
const { parentPort } = require('node:worker_threads');
var __name = (f) => f;
${FUNCTIONS.map((f) => f.toString()).join('\n')}
const K = { ${table} };
parentPort.on('message', (m) => {
  const a = new Float64Array(m.buffer, m.byteOffset, m.length);
  let result = 0;
  switch (m.kind) {
    case 'gate':
      ${declaredName(runGateOpWith)}(K, a, m.op, m.lo, m.hi);
      break;
    case 'probabilityOne':
      result = ${declaredName(k.probabilityOne)}(a, m.q, m.lo, m.hi);
      break;
    case 'pauli':
      result = ${declaredName(pauliPartialSum)}(a, m.masks, m.lo, m.hi);
      break;
    case 'copy':
      a.set(new Float64Array(m.source, m.sourceOffset + 16 * m.lo, 2 * (m.hi - m.lo)), 2 * m.lo);
      break;
    case 'tensor': {
      const out = new Float64Array(m.out, m.outOffset, m.outLength);
      ${declaredName(k.tensorRange)}(a, m.kA, m.b, m.lo, m.hi, out);
      break;
    }
  }
  parentPort.postMessage({ id: m.id, result });
});
`;
}

/** One task for a worker, posted as a message. */
type Task = Record<string, unknown> & { readonly lo: number; readonly hi: number };

interface Pending {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Worker threads that run tasks over shared state arrays; {@link close} ends them. */
export class KernelPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: (() => void)[] = [];
  private nextId = 0;
  private failure: unknown;

  private constructor(size: number) {
    const source = workerSource();
    for (let i = 0; i < size; i++) {
      const w = new Worker(source, { eval: true, execArgv: [], stdout: false, stderr: false });
      w.on('message', (m: { id: number; result: unknown }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        this.release(w);
        p?.resolve(m.result);
      });
      w.on('error', (e) => {
        this.failure = e;
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** A pool of one worker per core, or `undefined` when there is one core only. */
  static create(): KernelPool | undefined {
    const cores = Math.min(availableParallelism(), 8);
    return cores >= 2 ? new KernelPool(cores) : undefined;
  }

  /** Number of workers. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Run `make(lo, hi)` tasks over `[0, units)` on the state array `a` (of `weight` amplitudes
   * per unit), `between` called after each task finishes (to count work and notice an
   * abort, by throwing). Returns the tasks' results in range order.
   */
  async map(
    a: Float64Array,
    units: number,
    weight: number,
    make: (lo: number, hi: number) => Task,
    between: (done: number) => Promise<void>,
  ): Promise<unknown[]> {
    const step = Math.max(1, Math.floor(TASK_AMPLITUDES / weight));
    const results: unknown[] = [];
    const running: Promise<void>[] = [];
    let stop: unknown;
    for (let lo = 0, i = 0; lo < units; lo += step, i++) {
      if (stop !== undefined) break;
      const hi = Math.min(units, lo + step);
      const worker = await this.acquire();
      const index = i;
      const task = make(lo, hi);
      running.push(
        this.post(worker, a, task).then(
          async (r) => {
            results[index] = r;
            try {
              await between((hi - lo) * weight);
            } catch (e) {
              stop ??= e;
            }
          },
          (e: unknown) => {
            stop ??= e;
          },
        ),
      );
    }
    await Promise.all(running);
    if (stop !== undefined) throw stop;
    return results;
  }

  /** Keep the process alive while the workers have work (`true`), or not. */
  hold(held: boolean): void {
    for (const w of this.workers) {
      if (held) w.ref();
      else w.unref();
    }
  }

  /** Whether a worker failed (the pool is then of no further use). */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** End the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private acquire(): Promise<Worker> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    return new Promise((resolve) => this.waiting.push(() => resolve(this.idle.pop()!)));
  }

  private release(w: Worker): void {
    this.idle.push(w);
    this.waiting.shift()?.();
  }

  private post(w: Worker, a: Float64Array, task: Task): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({
        ...task,
        id,
        buffer: a.buffer,
        byteOffset: a.byteOffset,
        length: a.length,
      });
    });
  }
}

/** Whether `a` lives in shared memory the workers can see. */
export function isShared(a: Float64Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** Run one gate over the whole state on the pool. */
export function gateOnPool(
  pool: KernelPool,
  a: Float64Array,
  op: GateOp,
  units: number,
  weight: number,
  between: (done: number) => Promise<void>,
): Promise<unknown[]> {
  return pool.map(a, units, weight, (lo, hi) => ({ kind: 'gate', op, lo, hi }), between);
}

// ---- the pool shared by simulation runs ----------------------------------------------------

/** Idle time after which the shared workers are ended. */
const IDLE_MS = 10_000;

let shared: KernelPool | undefined;
let users = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The workers shared by all simulation runs (created on first use, one per core), or
 * `undefined` on a single core. Each {@link acquireSharedPool} is matched by one
 * {@link releaseSharedPool}. While no run uses them the workers do not keep the process alive,
 * and they end after ten idle seconds.
 */
export function acquireSharedPool(): KernelPool | undefined {
  if (idleTimer !== undefined) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  if (shared?.broken) {
    void shared.close();
    shared = undefined;
  }
  shared ??= KernelPool.create();
  if (!shared) return undefined;
  users++;
  shared.hold(true);
  return shared;
}

/** Give back the workers of {@link acquireSharedPool}. */
export function releaseSharedPool(pool: KernelPool): void {
  if (pool !== shared) {
    void pool.close();
    return;
  }
  if (--users > 0) return;
  pool.hold(false);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (users === 0 && shared === pool) {
      shared = undefined;
      void pool.close();
    }
  }, IDLE_MS);
  idleTimer.unref?.();
}

/** End the shared workers now (they are started again when a run needs them). */
export async function closeSharedPool(): Promise<void> {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  const pool = shared;
  shared = undefined;
  users = 0;
  await pool?.close();
}
