/**
 * The fault-injection scenarios. Each one sets the local runtime's fault knobs from its seed,
 * watches one Bell job with `job$`, and checks what the harness checks (see `harness.ts`).
 * Every status lasts a few hundred ms at least, several poll intervals, so a stream that
 * loses one has really lost it.
 */
import {
  DecodeError,
  RuntimeInvalidStateError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
} from '../../../src/codecs/errors.js';
import type { CancelPolicy } from '../../../src/operators/cancel-on-unsubscribe.js';
import type { MalformedEndpoint } from '../../../src/local/index.js';
import { startLocalRuntime } from '../../../src/local/index.js';
import { lastValueFrom, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import type { JobEvent } from '../../../src/events/job-event.js';
import { RuntimeService } from '../../../src/service/runtime-service.js';
import { FAST_POLL, Run, isTimeout } from './harness.js';
import type { Scenario, Watched } from './harness.js';

/** Queue and run delays (each status lasts that long) drawn from the seed. */
function queue(r: Run, min = 300, max = 600): { queueDelayMs: number; runDelayMs: number } {
  return { queueDelayMs: r.random.int(min, max), runDelayMs: r.random.int(min, max) };
}

/** Check every subscriber ran to the end with every transition and the result. */
async function checkComplete(
  r: Run,
  id: string,
  w: Watched,
  allowed: (e: unknown) => boolean = () => false,
): Promise<void> {
  for (let i = 0; i < w.events.length; i++) {
    const who = w.events.length > 1 ? `subscriber ${i + 1}` : 'stream';
    const ranToEnd = w.endings[i] === 'complete';
    r.checkTransitions(id, w.events[i]!, ranToEnd, who);
    await r.checkOutcome(id, w.events[i]!, w.endings[i]!, w.errors[i], allowed, who);
  }
  await r.checkClientClosed();
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const rt = await startLocalRuntime({ port: 0 });
  const port = rt.port;
  await rt.close();
  return port;
}

const wsDropped: Scenario = {
  name: 'websocket dropped at random points',
  async run(r) {
    await r.start({ queue: queue(r), faults: { dropWebSocketAfter: r.random.int(1, 4) } });
    const id = await r.createJob();
    const w = await r.watch(id, {
      websocket: r.random.pick(['both', 'status', 'stream'] as const),
    });
    await checkComplete(r, id, w);
  },
};

const noWebSockets: Scenario = {
  name: 'both websocket protocols unavailable from the start',
  async run(r) {
    await r.start({ queue: queue(r) });
    const id = await r.createJob();
    const wsBaseUrl = r.random.pick([
      `${r.runtime.wsUrl}/v1/no-websockets-here`,
      `ws://127.0.0.1:${await closedPort()}/api/v1`,
    ]);
    const w = await r.watch(id, { wsBaseUrl });
    await checkComplete(r, id, w);
    const fallbacks = w.events[0]!.filter((e) => e.type === 'connection' && e.state === 'fallback');
    if (fallbacks.length !== 2)
      r.problem(
        `${fallbacks.length} fallback events, expected 2 (status socket and result stream)`,
      );
  },
};

const errorsAndResets: Scenario = {
  name: 'bursts of 5xx and connection resets',
  async run(r) {
    await r.start({ queue: queue(r) });
    const id = await r.createJob();
    r.setFaults({
      error5xxRate: r.random.between(0.2, 0.4),
      resetRate: r.random.between(0.05, 0.15),
    });
    const w = await r.watch(id, { websocket: r.random.pick([false, 'stream'] as const) });
    r.setFaults({});
    await checkComplete(r, id, w);
    const failures = r.runtime.requests().filter((q) => q.status >= 500 || q.status === 0).length;
    if (failures === 0) r.problem('no 5xx or reset was injected: the scenario tested nothing');
  },
};

const throttled: Scenario = {
  name: '429 bursts with Retry-After',
  async run(r) {
    await r.start({ queue: queue(r, 600, 900) });
    const id = await r.createJob();
    r.setFaults({
      burst429: { every: r.random.int(2, 5), count: r.random.int(1, 3), retryAfterSeconds: 1 },
    });
    const w = await r.watch(id);
    r.setFaults({});
    await checkComplete(r, id, w);
    if (r.runtime.requestCount({ status: 429 }) === 0) r.problem('no 429 was answered');
  },
};

const throttledNoWait: Scenario = {
  name: '429 bursts with Retry-After: 0 (polling only)',
  async run(r) {
    await r.start({ queue: queue(r) });
    const id = await r.createJob();
    r.setFaults({
      burst429: { every: r.random.int(1, 4), count: r.random.int(1, 4), retryAfterSeconds: 0 },
    });
    const w = await r.watch(id, { websocket: false });
    r.setFaults({});
    await checkComplete(r, id, w);
    if (r.runtime.requestCount({ status: 429 }) === 0) r.problem('no 429 was answered');
  },
};

const slowAnswers: Scenario = {
  name: 'slow answers past the idle watchdog',
  async run(r) {
    await r.start({ queue: queue(r, 800, 1000) });
    const id = await r.createJob();
    r.setFaults({ delayMs: { min: 30, max: r.random.int(150, 400) } });
    const w = await r.watch(id, {
      idleTimeoutMs: r.random.int(80, 150),
      websocket: r.random.pick([true, false] as const),
    });
    r.setFaults({});
    await checkComplete(r, id, w);
  },
};

const lateAndDuplicated: Scenario = {
  name: 'statuses answered late, out of order, and pushed twice',
  async run(r) {
    await r.start({ queue: queue(r, 400, 700) });
    const id = await r.createJob();
    r.setFaults({ lateStatus: { delayMs: r.random.int(100, 300) }, duplicatePushes: true });
    const w = await r.watch(id, { subscribers: r.random.int(1, 2) });
    r.setFaults({});
    await checkComplete(r, id, w);
  },
};

function malformed(
  endpoints: readonly MalformedEndpoint[],
  rateMin: number,
  name: string,
): Scenario {
  return {
    name,
    async run(r) {
      await r.start({ queue: queue(r) });
      const id = await r.createJob();
      const rate = r.random.between(rateMin, 1);
      r.setFaults({ malformedBody: { endpoint: endpoints, rate } });
      const w = await r.watch(id);
      r.setFaults({});
      // Either the stream survived the damage (polling carries, a retry read it whole), or it
      // ended with a DecodeError: any other failure breaks the promise.
      await checkComplete(r, id, w, (e) => e instanceof DecodeError);
      const ending = w.endings[0];
      if (endpoints.includes('results') && rate >= 1 && ending !== 'error') {
        r.problem(`every result body was malformed but the stream ended with ${ending}`);
      }
    },
  };
}

const iamExpiry: Scenario = {
  name: 'IAM token expiring mid-wait (401, refresh, resume)',
  async run(r) {
    // A client clock running slow makes the client use a token the server has expired: the
    // server answers 401, the client refreshes once and goes on. At the right pace the client
    // refreshes ahead of expiry instead.
    const clockRate = r.random.pick([1, 0.4]);
    await r.start({ queue: queue(r, 1200, 1600), iam: { ttlSeconds: 1, clockRate } });
    const id = await r.createJob();
    const w = await r.watch(id, { websocket: r.random.pick([true, false] as const) });
    await checkComplete(r, id, w);
    const exchanges = r.runtime.requestCount({ route: 'iam.token' });
    if (exchanges < 2) r.problem(`${exchanges} IAM exchanges: the token was never refreshed`);
    if (clockRate < 1 && r.runtime.requestCount({ status: 401 }) === 0) {
      r.problem('the slow-clock client never met a 401: the expiry path was not exercised');
    }
  },
};

const restarted: Scenario = {
  name: 'local runtime restarted mid-job with dataDir',
  async run(r) {
    const dataDir = await r.tempDir();
    await r.start({ queue: queue(r, 500, 800), dataDir });
    const id = await r.createJob();
    const restartAt = r.random.int(100, 900);
    const w = await r.watch(id, {
      websocket: r.random.pick([true, false] as const),
      during: async () => {
        await new Promise((resolve) => setTimeout(resolve, restartAt));
        await r.restart(r.random.int(30, 250));
      },
    });
    await checkComplete(r, id, w);
    // Restart once more after the job finished: a new client still gets the same result.
    const before = await r.serverResult(id);
    await r.restart(r.random.int(10, 100));
    const again = await r.watch(id, { websocket: false, client: r.clientFor(r.newHttpClient()) });
    const result = again.events[0]!.find((e) => e.type === 'result');
    const after = await r.serverResult(id);
    if (before === undefined || after !== before) r.problem('the result changed across a restart');
    if (result?.type !== 'result') r.problem('no result from the restarted runtime');
    else if (Run.digest(result.result) !== before) {
      r.problem('the result served after the restart differs from the one before');
    }
    const problems = r.runtime.persistenceProblems();
    if (problems.length > 0) r.problem(`persistence problems: ${problems.join('; ')}`);
    await r.checkClientClosed();
  },
};

const serviceFacade: Scenario = {
  name: 'the service facade (RuntimeJob events$ and result()) under mixed faults',
  async run(r) {
    await r.start({ queue: queue(r, 400, 700) });
    const id = await r.createJob();
    const service = new RuntimeService({
      url: r.runtime.url,
      token: r.runtime.token,
      retry: r.retry,
      poll: FAST_POLL,
      requestBudget: 200,
      websocket: r.random.pick([true, false, 'status'] as const),
    });
    try {
      const job = await service.job(id);
      r.setFaults({
        error5xxRate: r.random.between(0.05, 0.2),
        resetRate: r.random.between(0, 0.05),
        dropWebSocketAfter: r.random.int(1, 3),
        lateStatus: { delayMs: r.random.int(50, 200) },
        duplicatePushes: r.random.next() < 0.5,
      });
      // events$ and result() share one job$: both must agree with the server.
      const [events, result] = await Promise.all([
        lastValueFrom(job.events$.pipe(toArray())) as Promise<JobEvent[]>,
        job.result(),
      ]);
      r.setFaults({});
      r.checkTransitions(id, events, true, 'events$');
      await r.checkOutcome(id, events, 'complete', undefined, () => false, 'events$');
      const expected = await r.serverResult(id);
      r.resultsChecked++;
      if (Run.digest(result) !== expected)
        r.problem(`job.result() differs from the server's result`);
    } finally {
      service.close();
    }
    await r.checkClientClosed();
  },
};

/** How one subscription to a RuntimeJob's events$ ended. */
interface Subscribed {
  readonly events: JobEvent[];
  readonly ending: 'complete' | 'error';
  readonly error: unknown;
}

function subscribeAll(events$: Observable<JobEvent>): Promise<Subscribed> {
  const events: JobEvent[] = [];
  return new Promise((resolve) => {
    events$.subscribe({
      next: (e) => events.push(e),
      complete: () => resolve({ events, ending: 'complete', error: undefined }),
      error: (error: unknown) => resolve({ events, ending: 'error', error }),
    });
  });
}

const isJobEnd = (e: unknown): boolean =>
  e instanceof RuntimeJobCancelledError ||
  e instanceof RuntimeJobFailureError ||
  e instanceof RuntimeJobMaxTimeoutError;

const racingCancel: Scenario = {
  name: "a cancel racing the job's end, and the result served late (RuntimeJob)",
  async run(r) {
    await r.start({ queue: queue(r, 300, 600) });
    const id = await r.createJob();
    const service = new RuntimeService({
      url: r.runtime.url,
      token: r.runtime.token,
      retry: r.retry,
      poll: FAST_POLL,
      requestBudget: 200,
      websocket: r.random.pick([true, false, 'status'] as const),
    });
    try {
      const job = await service.job(id);
      // Half the seeds: the cancel is answered 204 and the job runs on (it lost the race).
      const losesRace = r.random.next() < 0.5;
      r.setFaults({
        cancelLosesRace: losesRace,
        lateResults: { delayMs: r.random.int(100, 1500), status: r.random.pick([404, 404, 503]) },
      });
      const first = subscribeAll(job.events$ as Observable<JobEvent>);
      await new Promise((resolve) => setTimeout(resolve, r.random.int(50, 1200)));
      const cancelError = await job.cancel().then(
        () => undefined,
        (e: unknown) => e,
      );
      // Refused only because the job had already ended (409).
      if (cancelError !== undefined && !(cancelError instanceof RuntimeInvalidStateError)) {
        r.problem(`cancel() failed with ${String(cancelError)}`);
      }
      const seen = await first;
      const server = r.serverStatuses(id);
      const final = server.at(-1);
      if (losesRace && final !== 'DONE') {
        r.problem(`a cancel that lost the race ended the job ${final ?? 'nowhere'}, not DONE`);
      }
      const ranToEnd = seen.ending === 'complete' || isJobEnd(seen.error);
      r.checkTransitions(id, seen.events, ranToEnd, 'events$');
      await r.checkOutcome(id, seen.events, seen.ending, seen.error, isJobEnd, 'events$');
      // A subscriber that comes after the end, and result(), tell the server's final status.
      const late = await subscribeAll(job.events$ as Observable<JobEvent>);
      const lateStatus = late.events.find((e) => e.type === 'status');
      if (lateStatus?.type !== 'status' || lateStatus.status !== final) {
        r.problem(
          `a late subscriber was told ${lateStatus?.type === 'status' ? lateStatus.status : 'no status'}, the server says ${final ?? 'nothing'}`,
        );
      }
      if (job.lastStatus !== final) r.problem(`lastStatus ${job.lastStatus}, server ${final}`);
      const result = await job.result().then(
        (value) => ({ value, error: undefined }),
        (error: unknown) => ({ value: undefined, error }),
      );
      r.setFaults({});
      if (final === 'DONE') {
        const expected = await r.serverResult(id);
        r.resultsChecked++;
        if (result.value === undefined) r.problem(`job.result() failed: ${String(result.error)}`);
        else if (Run.digest(result.value) !== expected) {
          r.losses++;
          r.problem(`job.result() differs from the server's result`);
        }
      } else if (final === 'CANCELLED' && !(result.error instanceof RuntimeInvalidStateError)) {
        r.problem(`job.result() of a cancelled job: ${String(result.error ?? 'a result')}`);
      }
    } finally {
      service.close();
    }
    await r.checkClientClosed();
  },
};

function unsubscribing(policy: CancelPolicy): Scenario {
  return {
    name: `subscribers unsubscribing at random points, cancel policy ${policy}`,
    async run(r) {
      await r.start({ queue: queue(r, 300, 600) });
      const id = await r.createJob();
      const subscribers = policy === 'on-last-unsubscribe' ? r.random.int(1, 2) : 1;
      const unsubscribeAfterMs =
        policy === 'on-deadline'
          ? [undefined]
          : Array.from({ length: subscribers }, () => r.random.int(50, 1500));
      const deadlineMs = policy === 'on-deadline' ? r.random.int(100, 1600) : undefined;
      const w = await r.watch(id, {
        cancelPolicy: policy,
        subscribers,
        unsubscribeAfterMs,
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
        websocket: r.random.pick([true, false] as const),
      });
      const finalSeen = w.events.some((list) =>
        list.some(
          (e) =>
            e.type === 'status' &&
            (e.status === 'DONE' || e.status === 'CANCELLED' || e.status === 'ERROR'),
        ),
      );
      let expected = 0;
      let why = 'policy never';
      if (policy === 'on-last-unsubscribe') {
        const allLeft = w.endings.every((e) => e === 'unsubscribed');
        expected = allLeft && !finalSeen ? 1 : 0;
        why = allLeft
          ? finalSeen
            ? 'every subscriber left after the final status'
            : 'every subscriber left early'
          : 'a stream ran to its end';
      } else if (policy === 'on-deadline') {
        const timedOut = isTimeout(w.errors[0]);
        expected = timedOut && !finalSeen ? 1 : 0;
        why = timedOut ? 'the deadline passed' : 'the job ended before the deadline';
      }
      await r.checkCancels(id, expected, why);
      for (let i = 0; i < w.events.length; i++) {
        const who = w.events.length > 1 ? `subscriber ${i + 1}` : 'stream';
        const ranToEnd = w.endings[i] === 'complete';
        r.checkTransitions(id, w.events[i]!, ranToEnd, who);
        await r.checkOutcome(id, w.events[i]!, w.endings[i]!, w.errors[i], isTimeout, who);
      }
      await r.checkClientClosed();
    },
  };
}

/** Every scenario, in a stable order. */
export const SCENARIOS: readonly Scenario[] = [
  wsDropped,
  noWebSockets,
  errorsAndResets,
  throttled,
  throttledNoWait,
  slowAnswers,
  lateAndDuplicated,
  malformed(['details'], 0.05, 'malformed job details'),
  malformed(['results'], 0.3, 'malformed results'),
  malformed(['ws-status', 'ws-stream'], 0.2, 'malformed websocket messages'),
  iamExpiry,
  restarted,
  serviceFacade,
  racingCancel,
  unsubscribing('never'),
  unsubscribing('on-last-unsubscribe'),
  unsubscribing('on-deadline'),
];
