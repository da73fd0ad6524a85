/**
 * Shared set-up of the service specs: a real local runtime per spec (closed after it, with a
 * check that no timer, socket or request is left), a service pointed at it, and the circuits
 * the specs run.
 */
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime, LocalRuntimeOptions } from '../../src/local/index.js';
import { RuntimeService } from '../../src/service/index.js';
import type { RuntimeServiceOptions } from '../../src/service/index.js';
import { transportStats } from '../../src/transport/websocket.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';

/** The Bell circuit of the "Run a job" guide, in OpenQASM 3. */
export const BELL = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;`;

/** The same circuit in OpenQASM 2. */
export const BELL_QASM2 = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg meas[2];
h q[0];
cx q[0], q[1];
measure q -> meas;`;

/**
 * A circuit the runtime accepts but whose simulation fails: the bound angle `theta / 0` is not
 * finite. Run it with parameter values `[1]`.
 */
export const FAILS_AT_RUN = `OPENQASM 3.0;
include "stdgates.inc";
input float theta;
qubit[1] q;
bit[1] c;
rx(theta / 0) q[0];
c = measure q;`;

/** Poll quickly so specs do not wait for the default intervals. */
export const FAST_POLL = { queuedMs: 25, runningMs: 25, floorMs: 5, relaxedMs: 250 };

/** What each spec gets. */
export interface Harness {
  readonly runtime: LocalRuntime;
  readonly service: RuntimeService;
  /** Messages the service reported through `onNotice`. */
  readonly notices: string[];
  /** A second service on the same runtime (e.g. to re-attach a job), closed after the spec. */
  another(options?: RuntimeServiceOptions): RuntimeService;
}

/**
 * Register `beforeEach`/`afterEach` that start a local runtime with `runtimeOptions` and a
 * service for it, and close both after each spec, failing the spec when anything it opened is
 * still open. Returns a getter for the current spec's harness.
 */
export function useLocalRuntime(
  runtimeOptions: LocalRuntimeOptions = {},
  serviceOptions: RuntimeServiceOptions = {},
): () => Harness {
  let current: Harness | undefined;
  let leaks: LeakTracker;
  let services: RuntimeService[] = [];
  let socketsAtStart = 0;
  beforeEach(async () => {
    leaks = trackLeaks();
    socketsAtStart = transportStats().openSockets;
    const runtime = await startLocalRuntime({ port: 0, seed: 7, ...runtimeOptions });
    const notices: string[] = [];
    const make = (extra: RuntimeServiceOptions = {}): RuntimeService => {
      const s = new RuntimeService({
        url: runtime.url,
        token: runtime.token,
        poll: FAST_POLL,
        onNotice: (m) => notices.push(m),
        ...serviceOptions,
        ...extra,
      });
      services.push(s);
      return s;
    };
    current = { runtime, service: make(), notices, another: make };
  });
  afterEach(async () => {
    const h = current!;
    for (const s of services) s.close();
    await h.runtime.close();
    const all = services;
    services = [];
    current = undefined;
    await leaks.expectNone({
      'HTTP requests in flight': () => all.reduce((n, s) => n + s.http.stats.inFlight, 0),
      'websockets open': () => transportStats().openSockets - socketsAtStart,
    });
  });
  return () => {
    if (current === undefined) throw new Error('the harness is only available inside a spec');
    return current;
  };
}

/** Inputs of a sampler job of `circuits` (each a pub `[circuit]`). */
export function samplerInputs(...pubs: unknown[][]): Record<string, unknown> {
  return { pubs, version: 2 };
}

/** Wait until `check` holds, polling every 10 ms, at most `ms` (for server-side effects). */
export async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
