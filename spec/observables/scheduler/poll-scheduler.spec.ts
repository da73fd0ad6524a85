import { config, defer, map, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  IBMApiError,
  NetworkError,
  RuntimeInvalidStateError,
} from '../../../src/codecs/errors.js';
import { jobStatusOf } from '../../../src/codecs/job.js';
import { PollScheduler } from '../../../src/observables/scheduler/poll-scheduler.js';
import type {
  PollSchedulerOptions,
  WatchEvent,
  WatchSink,
} from '../../../src/observables/scheduler/types.js';
import { FakeStatusService, maxInAnyWindow, prng } from './fake-status-service.js';

function virtualTime(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A sink that records what it hears, with the virtual time. */
class Recorder {
  readonly events: { at: number; event: WatchEvent }[] = [];
  constructor(private readonly clock: { now(): number }) {}
  readonly sink: WatchSink = (event) => this.events.push({ at: this.clock.now(), event });
  details(): { at: number; status: string; viaBatch: boolean }[] {
    return this.events.flatMap(({ at, event }) =>
      event.kind === 'details'
        ? [{ at, status: String(jobStatusOf(event.details).status), viaBatch: event.viaBatch }]
        : [],
    );
  }
  intervals(): number[] {
    return this.events.flatMap(({ event }) =>
      event.kind === 'interval' ? [event.pollIntervalMs] : [],
    );
  }
  errors(): { at: number; error: unknown; retryInMs: number }[] {
    return this.events.flatMap(({ at, event }) =>
      event.kind === 'error' ? [{ at, error: event.error, retryInMs: event.retryInMs }] : [],
    );
  }
}

/** Run `body` in virtual time and dispose the scheduler it returns at `untilMs`. */
function runFor(untilMs: number, body: (ts: TestScheduler) => PollScheduler): TestScheduler {
  const ts = virtualTime();
  ts.run(() => {
    const polls = body(ts);
    ts.schedule(() => polls.dispose(), untilMs);
  });
  return ts;
}

function options(ts: TestScheduler, extra: PollSchedulerOptions = {}): PollSchedulerOptions {
  return { scheduler: ts, ...extra };
}

describe('PollScheduler', () => {
  describe('budget', () => {
    for (const batch of [false, true]) {
      it(`keeps 1,000 jobs within 10 requests in every 1 s window and maxInFlight (batch ${batch ? 'on' : 'off'})`, () => {
        let service!: FakeStatusService;
        let polls!: PollScheduler;
        const random = prng(7);
        const recorders: Recorder[] = [];
        runFor(120_000, (ts) => {
          service = new FakeStatusService(ts, () => 50 + Math.floor(random() * 400));
          polls = new PollScheduler(
            service,
            options(ts, {
              requestsPerSecond: 10,
              maxInFlight: 4,
              batch: batch ? { minPending: 20, pageSize: 100 } : false,
            }),
          );
          for (let i = 0; i < 1000; i++) {
            const id = `job-${i}`;
            const queuedFor = Math.floor(random() * 90_000);
            const runsFor = Math.floor(random() * 20_000);
            service.add(id, (t) =>
              t < queuedFor ? 'Queued' : t < queuedFor + runsFor ? 'Running' : 'Completed',
            );
            const recorder = new Recorder(ts);
            recorders.push(recorder);
            polls.watch(id, recorder.sink);
          }
          return polls;
        });
        const starts = service.requests.map((r) => r.at);
        expect(maxInAnyWindow(starts, 1000)).toBeLessThanOrEqual(10);
        expect(service.maxInFlightSeen).toBeLessThanOrEqual(4);
        expect(service.maxInFlightSeen).toBeGreaterThan(0);
        // The budget is used, not wasted: it is the bottleneck with 1,000 jobs.
        if (!batch) expect(starts.length).toBeGreaterThan(0.9 * 10 * 120);
        // Every job was read at least once.
        expect(recorders.every((r) => r.details().length > 0)).toBeTrue();
      });
    }

    it('never exceeds ceil(rate) in a second with a fractional rate (2.5 req/s)', () => {
      let service!: FakeStatusService;
      runFor(60_000, (ts) => {
        service = new FakeStatusService(ts, 10);
        const polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 2.5, batch: false }),
        );
        for (let i = 0; i < 50; i++) {
          service.add(`j${i}`, 'Running');
          polls.watch(`j${i}`, () => undefined);
        }
        return polls;
      });
      const starts = service.requests.map((r) => r.at);
      expect(maxInAnyWindow(starts, 400)).toBeLessThanOrEqual(1);
      expect(maxInAnyWindow(starts, 1000)).toBeLessThanOrEqual(3);
      expect(starts.length).toBeGreaterThan(0.9 * 2.5 * 60);
    });

    it('holds one timer however many jobs are idle', () => {
      const samples: number[] = [];
      let service!: FakeStatusService;
      runFor(30_000, (ts) => {
        service = new FakeStatusService(ts, 100);
        const polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 10, batch: false }),
        );
        for (let i = 0; i < 1000; i++) {
          service.add(`j${i}`, 'Queued');
          polls.watch(`j${i}`, () => undefined);
        }
        for (let t = 50; t < 30_000; t += 997) {
          ts.schedule(() => samples.push(ts.actions.length - service.inFlight), t);
        }
        return polls;
      });
      // Scheduled actions other than the fake's in-flight answers: the sampler itself, the
      // dispose action, and at most one scheduler timer.
      expect(samples.length).toBeGreaterThan(20);
      for (const [i, n] of samples.entries()) {
        const samplersLeft = samples.length - i - 1;
        expect(n - samplersLeft - 1).toBeLessThanOrEqual(1);
      }
    });
  });

  describe('priorities', () => {
    it('reads due RUNNING jobs before QUEUED ones before jobs of unknown status', () => {
      let service!: FakeStatusService;
      runFor(5_500, (ts) => {
        service = new FakeStatusService(ts, 10);
        const polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 1, maxInFlight: 1, batch: false }),
        );
        for (const id of ['u1', 'q1', 'q2', 'r1', 'u2', 'r2']) {
          service.add(
            id,
            id.startsWith('r') ? 'Running' : id.startsWith('q') ? 'Queued' : 'Initializing',
          );
          polls.watch(id, () => undefined);
        }
        // A push said what r* and q* are before any read: all six are due at once.
        for (const id of ['q1', 'q2']) polls.setStatusHint(id, 'QUEUED');
        for (const id of ['r1', 'r2']) polls.setStatusHint(id, 'RUNNING');
        return polls;
      });
      expect(
        service
          .jobRequests()
          .slice(0, 6)
          .map((r) => r.id),
      ).toEqual(['r1', 'r2', 'q1', 'q2', 'u1', 'u2']);
    });

    it('reads a job whose status just changed, or a poked job, before the others', () => {
      let service!: FakeStatusService;
      runFor(40_000, (ts) => {
        service = new FakeStatusService(ts, 10);
        const polls = new PollScheduler(
          service,
          options(ts, {
            requestsPerSecond: 1,
            maxInFlight: 1,
            batch: false,
            intervals: { queuedMs: 5_000, runningMs: 5_000, initialMs: 5_000 },
          }),
        );
        // a and b run from the start; c is queued and starts running at t = 6 s.
        service
          .add('a', 'Running')
          .add('b', 'Running')
          .add('c', (t) => (t < 6_000 ? 'Queued' : 'Running'));
        service.add('d', 'Queued');
        for (const id of ['a', 'b', 'c', 'd']) polls.watch(id, () => undefined);
        // A 429 at t = 10 s pauses everything for 10 s, so that every job is due when it ends.
        service.override = (r) =>
          r.at === 10_000
            ? new IBMApiError({ status: 429, message: 'slow down', retryAfterSeconds: 10 })
            : undefined;
        ts.schedule(() => polls.pokeNow('d'), 15_000);
        return polls;
      });
      // Reads: a 0 s, b 1 s, c 2 s, d 3 s; a 5 s, b 6 s, c 7 s (now RUNNING: changed), d 8 s;
      // a at 10 s gets the 429. When the pause ends all four are due.
      expect(
        service
          .jobRequests()
          .slice(0, 9)
          .map((r) => `${r.id}@${r.at}`),
      ).toEqual([
        'a@0',
        'b@1000',
        'c@2000',
        'd@3000',
        'a@5000',
        'b@6000',
        'c@7000',
        'd@8000',
        'a@10000',
      ]);
      const after = service
        .jobRequests()
        .filter((r) => r.at >= 20_000)
        .slice(0, 4)
        .map((r) => r.id);
      // c changed at its last read (running), d was poked (queued), then the running a and b
      // (b first: it has been due since 11 s, a only since the end of the pause).
      expect(after).toEqual(['c', 'd', 'b', 'a']);
    });
  });

  describe('rate limits and errors', () => {
    it('pauses every request for Retry-After (429, 5 s), then resumes', () => {
      let service!: FakeStatusService;
      let limitedAt = -1;
      const recorder = new Recorder({ now: () => 0 });
      runFor(30_000, (ts) => {
        service = new FakeStatusService(ts, 100);
        const polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 10, batch: false }),
        );
        for (let i = 0; i < 200; i++) {
          service.add(`j${i}`, 'Running');
          polls.watch(`j${i}`, i === 0 ? recorder.sink : () => undefined);
        }
        service.override = (r, index) => {
          if (index !== 30) return undefined;
          limitedAt = ts.now();
          return new IBMApiError({
            status: 429,
            message: 'Too many requests',
            retryAfterSeconds: 5,
          });
        };
        return polls;
      });
      expect(limitedAt).toBeGreaterThan(0);
      const later = service.requests.filter((r) => r.at > limitedAt).map((r) => r.at);
      expect(later.length).toBeGreaterThan(0);
      expect(Math.min(...later)).toBe(limitedAt + 5_000);
      // The limited job is not told about the 429; it is simply read again after the pause.
      const limitedJob = service.requests[30]!.id!;
      expect(service.jobRequests(limitedJob).some((r) => r.at >= limitedAt + 5_000)).toBeTrue();
      expect(recorder.errors()).toEqual([]);
    });

    it('backs off exponentially on 429s without Retry-After, and 503 with Retry-After pauses too', () => {
      let service!: FakeStatusService;
      const answeredLimited: number[] = [];
      let polls!: PollScheduler;
      runFor(20_000, (ts) => {
        service = new FakeStatusService(ts, 0);
        polls = new PollScheduler(
          service,
          options(ts, {
            requestsPerSecond: 10,
            maxInFlight: 1,
            batch: false,
            backoff: { initialMs: 1_000, maxMs: 8_000 },
          }),
        );
        for (let i = 0; i < 5; i++) {
          service.add(`j${i}`, 'Running');
          polls.watch(`j${i}`, () => undefined);
        }
        service.override = (_r, index) => {
          if (index >= 3 && index < 6) {
            answeredLimited.push(ts.now());
            return new IBMApiError({ status: 429, message: 'limited' });
          }
          if (index === 6) {
            answeredLimited.push(ts.now());
            return new IBMApiError({ status: 503, message: 'busy', retryAfterSeconds: 3 });
          }
          return undefined;
        };
        return polls;
      });
      // Requests 3..5 are 429s without Retry-After: pauses of 1 s, 2 s, 4 s; then the 503's 3 s.
      expect(answeredLimited.slice(1).map((t, i) => t - answeredLimited[i]!)).toEqual([
        1_000, 2_000, 4_000,
      ]);
      const afterLast = service.requests.filter((r) => r.at > answeredLimited[3]!);
      expect(afterLast[0]!.at).toBe(answeredLimited[3]! + 3_000);
    });

    it('reports a failed read to its own sinks and retries it with backoff; other jobs carry on', () => {
      let service!: FakeStatusService;
      const bad = new Recorder({ now: () => 0 });
      const good = new Recorder({ now: () => 0 });
      runFor(60_000, (ts) => {
        service = new FakeStatusService(ts, 10);
        const polls = new PollScheduler(
          service,
          options(ts, {
            requestsPerSecond: 10,
            batch: false,
            backoff: { initialMs: 4_000, maxMs: 16_000 },
          }),
        );
        service.add('bad', 'Running').add('good', 'Running');
        polls.watch('bad', bad.sink);
        polls.watch('good', good.sink);
        service.override = (r) =>
          r.id === 'bad' && r.at < 30_000
            ? r.at % 2 === 0
              ? new IBMApiError({ status: 502, message: 'bad gateway' })
              : new NetworkError('connection reset')
            : undefined;
        return polls;
      });
      const errors = bad.errors();
      expect(errors.length).toBeGreaterThanOrEqual(3);
      expect(errors.map((e) => e.retryInMs).slice(0, 3)).toEqual([4_000, 8_000, 16_000]);
      // Each retry starts retryInMs after the failed answer arrived.
      const badReads = service.jobRequests('bad');
      expect(badReads.slice(1, 4).map((r, i) => r.at - badReads[i]!.answeredAt!)).toEqual([
        4_000, 8_000, 16_000,
      ]);
      // Recovered after t = 30 s: details again.
      expect(bad.details().length).toBeGreaterThan(0);
      // The healthy job kept its 2 s interval throughout.
      const goodReads = service.jobRequests('good').map((r) => r.at);
      expect(goodReads.length).toBeGreaterThanOrEqual(29);
      expect(good.errors()).toEqual([]);
    });

    it('reports a fetcher that throws, answers nothing, or answers a non-object as errors', () => {
      const recorder = new Recorder({ now: () => 0 });
      runFor(10_000, (ts) => {
        const service = new FakeStatusService(ts, 10).add('x', 'Running');
        let n = 0;
        const fetcher = {
          fetchJob: (id: string) => {
            n++;
            if (n === 1) throw new TypeError('adapter bug');
            return service.fetchJob(id);
          },
          fetchPendingPage: (offset: number, limit: number) =>
            service.fetchPendingPage(offset, limit),
        };
        service.override = (_r, index) =>
          index === 0 ? 'complete-empty' : index === 1 ? 42 : undefined;
        const polls = new PollScheduler(fetcher, options(ts, { batch: false }));
        polls.watch('x', recorder.sink);
        return polls;
      });
      const errors = recorder.errors().map((e) => e.error as Error);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect(errors[1]!.message).toContain('completed without an answer');
      expect((errors[2] as { _tag?: string })._tag).toBe('DecodeError');
      expect(recorder.details().length).toBeGreaterThan(0);
    });
  });

  describe('batching', () => {
    it('refreshes 500 pending jobs with ceil(500/pageSize) pages per round, reading alone only the unlisted ones', () => {
      let service!: FakeStatusService;
      let polls!: PollScheduler;
      const recorders = new Map<string, Recorder>();
      const statsAt: { batched: number; batching: boolean }[] = [];
      runFor(35_000, (ts) => {
        service = new FakeStatusService(ts, 100);
        polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 10, batch: { minPending: 20, pageSize: 100 } }),
        );
        for (let i = 0; i < 510; i++) {
          const id = `job-${i}`;
          // 500 stay queued; 10 already completed (never in the pending list); job-7 completes at 12 s.
          if (i >= 500) service.add(id, 'Completed');
          else if (i === 7) service.add(id, (t) => (t < 12_000 ? 'Queued' : 'Completed'));
          else service.add(id, 'Queued');
          const recorder = new Recorder(ts);
          recorders.set(id, recorder);
          polls.watch(id, recorder.sink);
        }
        ts.schedule(() => statsAt.push(polls.stats), 5_000);
        return polls;
      });
      const pages = service.pageRequests();
      // Rounds at 0 s, 10 s, 20 s, 30 s: five pages each.
      const rounds = [0, 10_000, 20_000, 30_000].map(
        (start) => pages.filter((p) => p.at >= start && p.at < start + 10_000).length,
      );
      expect(rounds).toEqual([5, 5, 5, 5]);
      expect(pages.slice(0, 5).map((p) => p.offset)).toEqual([0, 100, 200, 300, 400]);
      // Own reads: the 10 completed jobs after round 1, job-7 after round 2, nothing else.
      const own = service.jobRequests();
      expect(own.map((r) => r.id).sort()).toEqual(
        ['job-7', ...Array.from({ length: 10 }, (_, i) => `job-${500 + i}`)].sort(),
      );
      expect(own.filter((r) => r.id !== 'job-7').every((r) => r.at < 10_000)).toBeTrue();
      expect(service.jobRequests('job-7')[0]!.at).toBeGreaterThanOrEqual(20_000);
      // Listed jobs heard their details from pages.
      const d = recorders.get('job-3')!.details();
      expect(d.length).toBe(4);
      expect(d.every((x) => x.viaBatch && x.status === 'QUEUED')).toBeTrue();
      expect(recorders.get('job-505')!.details()).toEqual([
        jasmine.objectContaining({ status: 'DONE', viaBatch: false }),
      ]);
      expect(recorders.get('job-7')!.details().at(-1)).toEqual(
        jasmine.objectContaining({ status: 'DONE', viaBatch: false }),
      );
      expect(statsAt[0]!.batching).toBeTrue();
      expect(statsAt[0]!.batched).toBe(500);
    });

    it('stays with own reads when the list is much longer than the watched jobs', () => {
      let service!: FakeStatusService;
      runFor(30_000, (ts) => {
        service = new FakeStatusService(ts, 50);
        // 5,000 pending jobs on the account, 30 of them watched.
        for (let i = 0; i < 5_000; i++) service.add(`other-${i}`, 'Queued');
        const polls = new PollScheduler(service, options(ts, { requestsPerSecond: 10 }));
        for (let i = 0; i < 30; i++) {
          service.add(`mine-${i}`, 'Running');
          polls.watch(`mine-${i}`, () => undefined);
        }
        return polls;
      });
      // One page taught the scheduler the list has 5,000 jobs (50 pages > 30 jobs): no more pages.
      expect(service.pageRequests().length).toBe(1);
      // 30 running jobs want 15 reads/s; the budget gives 10/s for 30 s.
      expect(service.jobRequests().length).toBeGreaterThan(0.9 * 10 * 30);
    });

    it('turns batching off for a while when a page fails, and reads every job on its own meanwhile', () => {
      let service!: FakeStatusService;
      let polls!: PollScheduler;
      const stats: boolean[] = [];
      runFor(20_000, (ts) => {
        service = new FakeStatusService(ts, 50);
        polls = new PollScheduler(service, options(ts, { requestsPerSecond: 10 }));
        for (let i = 0; i < 40; i++) {
          service.add(`j${i}`, 'Queued');
          polls.watch(`j${i}`, () => undefined);
        }
        service.override = (r) =>
          r.kind === 'page'
            ? new IBMApiError({ status: 400, message: 'pending not supported' })
            : undefined;
        ts.schedule(() => stats.push(polls.stats.batching), 1_000);
        return polls;
      });
      expect(service.pageRequests().length).toBe(1);
      expect(stats).toEqual([false]);
      expect(new Set(service.jobRequests().map((r) => r.id)).size).toBe(40);
    });
  });

  describe('watchers', () => {
    it('reads a job watched twice once, for both sinks; the last unwatch frees it', () => {
      let service!: FakeStatusService;
      let polls!: PollScheduler;
      const one = new Recorder({ now: () => 0 });
      const two = new Recorder({ now: () => 0 });
      const watchedAt: number[] = [];
      runFor(30_000, (ts) => {
        service = new FakeStatusService(ts, 10).add('x', 'Running');
        polls = new PollScheduler(service, options(ts, { batch: false }));
        const unwatchOne = polls.watch('x', one.sink);
        const unwatchTwo = polls.watch('x', two.sink);
        ts.schedule(() => {
          unwatchOne();
          unwatchOne(); // a second call does nothing
          watchedAt.push(polls.stats.watched, polls.stats.watchers);
        }, 10_050);
        ts.schedule(() => {
          unwatchTwo();
          watchedAt.push(polls.stats.watched, polls.stats.watchers);
        }, 20_050);
        return polls;
      });
      const reads = service.jobRequests('x').map((r) => r.at);
      // One read every 2 s while watched (0, 2, ..., 20 s), none after the last unwatch.
      expect(reads).toEqual([
        0, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 14_000, 16_000, 18_000, 20_000,
      ]);
      expect(one.details().length).toBe(6);
      expect(two.details().length).toBe(11);
      expect(watchedAt).toEqual([1, 1, 0, 0]);
    });

    it('cancels the read in flight when the last watcher leaves', () => {
      let service!: FakeStatusService;
      const recorder = new Recorder({ now: () => 0 });
      runFor(5_000, (ts) => {
        service = new FakeStatusService(ts, 1_000).add('x', 'Running');
        const polls = new PollScheduler(service, options(ts, { batch: false }));
        const unwatch = polls.watch('x', recorder.sink);
        ts.schedule(() => unwatch(), 500);
        return polls;
      });
      expect(service.cancels).toBe(1);
      expect(service.requests.length).toBe(1);
      expect(recorder.events).toEqual([]);
    });

    it('lets a sink unwatch from inside its own callback', () => {
      let service!: FakeStatusService;
      runFor(10_000, (ts) => {
        service = new FakeStatusService(ts, 10).add('x', 'Running');
        const polls = new PollScheduler(service, options(ts, { batch: false }));
        const unwatch = polls.watch('x', (e) => {
          if (e.kind === 'details') unwatch();
        });
        return polls;
      });
      expect(service.requests.length).toBe(1);
    });

    it('stops reading a final job but keeps it watched; a new watcher gets one confirming read', () => {
      let service!: FakeStatusService;
      let polls!: PollScheduler;
      const late = new Recorder({ now: () => 0 });
      const finals: number[] = [];
      runFor(30_000, (ts) => {
        service = new FakeStatusService(ts, 10).add('x', (t) =>
          t < 3_000 ? 'Running' : 'Completed',
        );
        polls = new PollScheduler(service, options(ts, { batch: false }));
        polls.watch('x', () => undefined);
        ts.schedule(() => {
          finals.push(polls.stats.watchedByStatus.final);
          expect(polls.pokeNow('x')).toBeFalse();
          polls.watch('x', late.sink);
        }, 15_000);
        return polls;
      });
      expect(service.jobRequests('x').map((r) => r.at)).toEqual([0, 2_000, 4_000, 15_000]);
      expect(finals).toEqual([1]);
      expect(late.details()).toEqual([jasmine.objectContaining({ status: 'DONE' })]);
    });

    it('keeps serving other sinks when one throws, and reports the exception', () => {
      const reported: unknown[] = [];
      const previous = config.onUnhandledError;
      config.onUnhandledError = (e) => reported.push(e);
      const good = new Recorder({ now: () => 0 });
      let polls!: PollScheduler;
      try {
        runFor(5_000, (ts) => {
          const service = new FakeStatusService(ts, 10).add('x', 'Running').add('y', 'Running');
          polls = new PollScheduler(service, options(ts, { batch: false }));
          polls.watch('x', () => {
            throw new Error('sink bug');
          });
          polls.watch('x', good.sink);
          polls.watch('y', good.sink);
          ts.schedule(() => reported.push(polls.stats.sinkErrors), 4_999);
          return polls;
        });
      } finally {
        config.onUnhandledError = previous;
      }
      expect(good.details().length).toBe(6);
      expect((reported[0] as Error).message).toBe('sink bug');
      // The throwing sink threw for x's interval report and its three details.
      expect(reported.at(-1)).toBe(4);
    });
  });

  describe('pokes and hints', () => {
    it('answers pokes within the budget and never below floorMs per job', () => {
      let service!: FakeStatusService;
      runFor(20_000, (ts) => {
        service = new FakeStatusService(ts, 5);
        const polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 2, batch: false }),
        );
        for (let i = 0; i < 20; i++) {
          service.add(`j${i}`, 'Queued');
          polls.watch(`j${i}`, () => undefined);
        }
        for (let t = 100; t < 20_000; t += 100) {
          ts.schedule(() => {
            for (let i = 0; i < 20; i++) polls.pokeNow(`j${i}`);
          }, t);
        }
        return polls;
      });
      const starts = service.requests.map((r) => r.at);
      expect(maxInAnyWindow(starts, 1000)).toBeLessThanOrEqual(2);
      expect(starts.length).toBeGreaterThanOrEqual(38);
      for (let i = 0; i < 20; i++) {
        const reads = service.jobRequests(`j${i}`).map((r) => r.at);
        for (let k = 1; k < reads.length; k++)
          expect(reads[k]! - reads[k - 1]!).toBeGreaterThanOrEqual(500);
      }
    });

    it('reads a poked job soon instead of at its next interval', () => {
      let service!: FakeStatusService;
      runFor(12_000, (ts) => {
        service = new FakeStatusService(ts, 10).add('x', 'Queued');
        const polls = new PollScheduler(service, options(ts, { batch: false }));
        polls.watch('x', () => undefined);
        ts.schedule(() => expect(polls.pokeNow('x')).toBeTrue(), 3_000);
        ts.schedule(() => expect(polls.pokeNow('nope')).toBeFalse(), 3_000);
        return polls;
      });
      expect(service.jobRequests('x').map((r) => r.at)).toEqual([0, 3_000]);
    });

    it('adapts the interval to a RUNNING hint, and confirms a final hint with one read', () => {
      let service!: FakeStatusService;
      const recorder = new Recorder({ now: () => 0 });
      runFor(40_000, (ts) => {
        service = new FakeStatusService(ts, 10).add('x', (t) =>
          t < 5_000 ? 'Queued' : t < 21_000 ? 'Running' : 'Completed',
        );
        const polls = new PollScheduler(service, options(ts, { batch: false }));
        polls.watch('x', recorder.sink);
        ts.schedule(() => polls.setStatusHint('x', 'RUNNING'), 5_000);
        ts.schedule(() => polls.setStatusHint('x', 'DONE'), 21_000);
        return polls;
      });
      // Queued: 0; the hint at 5 s moves the next read to 2 s after the last (now): 5 s; then 2 s apart;
      // the final hint at 21 s reads at once (floor 500 ms after 20 s): 21 s, and that is the last.
      expect(service.jobRequests('x').map((r) => r.at)).toEqual([
        0, 5_000, 7_000, 9_000, 11_000, 13_000, 15_000, 17_000, 19_000, 21_000,
      ]);
      expect(recorder.intervals()).toEqual([10_000, 2_000]);
    });

    it('confirms a final hint that arrived while a read was in flight with one more read', () => {
      let service!: FakeStatusService;
      const recorder = new Recorder({ now: () => 0 });
      runFor(20_000, (ts) => {
        // Reads take 300 ms and answer as of their arrival. The push says DONE at 2.2 s, while
        // the read sent at 2 s is in flight; the service itself reports it from 2.35 s on.
        service = new FakeStatusService(ts, 300).add('x', (t) =>
          t < 2_350 ? 'Running' : 'Completed',
        );
        const polls = new PollScheduler(service, options(ts, { batch: false }));
        polls.watch('x', recorder.sink);
        ts.schedule(() => polls.setStatusHint('x', 'DONE'), 2_200);
        return polls;
      });
      // The read sent at 2 s answers RUNNING at 2.3 s; because of the hint the next read comes
      // floorMs after it (2.5 s) instead of at 4 s, and that one sees the job final.
      expect(service.jobRequests('x').map((r) => r.at)).toEqual([0, 2_000, 2_500]);
      expect(recorder.details().map((d) => d.status)).toEqual(['RUNNING', 'RUNNING', 'DONE']);
    });
  });

  describe('intervals under load', () => {
    it('reports a per-job interval that grows with the number of watched jobs', () => {
      const first = new Recorder({ now: () => 0 });
      let polls!: PollScheduler;
      const floors: number[] = [];
      runFor(400_000, (ts) => {
        const service = new FakeStatusService(ts, 20);
        polls = new PollScheduler(service, options(ts, { requestsPerSecond: 5, batch: false }));
        for (let i = 0; i < 10; i++) {
          service.add(`a${i}`, 'Queued');
          polls.watch(`a${i}`, i === 0 ? first.sink : () => undefined);
        }
        ts.schedule(() => {
          floors.push(polls.stats.fairFloorMs);
          for (let i = 0; i < 990; i++) {
            service.add(`b${i}`, 'Queued');
            polls.watch(`b${i}`, () => undefined);
          }
        }, 30_000);
        ts.schedule(() => floors.push(polls.stats.fairFloorMs), 31_000);
        return polls;
      });
      const reported = first.intervals();
      expect(reported[0]).toBe(10_000);
      // 1,000 queued jobs at 5 req/s: each one every 200 s.
      expect(reported.at(-1)).toBe(200_000);
      expect(floors).toEqual([0, 200_000]);
    });

    it('pulls reads back in when most jobs are unwatched', () => {
      let service!: FakeStatusService;
      runFor(300_000, (ts) => {
        service = new FakeStatusService(ts, 20);
        const polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 5, batch: false }),
        );
        const unwatch: (() => void)[] = [];
        for (let i = 0; i < 1000; i++) {
          service.add(`j${i}`, 'Queued');
          unwatch.push(polls.watch(`j${i}`, () => undefined));
        }
        ts.schedule(() => unwatch.slice(1).forEach((u) => u()), 201_000);
        return polls;
      });
      const reads = service.jobRequests('j0').map((r) => r.at);
      // j0: read at 0 and 200 s; after the others left at 201 s its interval is 10 s again.
      expect(reads[0]).toBe(0);
      expect(reads[1]).toBeGreaterThanOrEqual(199_000);
      expect(reads[1]).toBeLessThanOrEqual(201_000);
      expect(reads[2]).toBeLessThanOrEqual(reads[1]! + 10_000);
      expect(reads.length).toBeGreaterThan(8);
    });
  });

  describe('other requests (job creation) within the budget', () => {
    it('sends them ahead of due reads, each taking a token and an in-flight slot', () => {
      let service!: FakeStatusService;
      const sent: number[] = [];
      let polls!: PollScheduler;
      runFor(5_000, (ts) => {
        service = new FakeStatusService(ts, 100);
        polls = new PollScheduler(
          service,
          options(ts, { requestsPerSecond: 2, maxInFlight: 1, batch: false }),
        );
        for (const id of ['a', 'b']) {
          service.add(id, 'Queued');
          polls.watch(id, () => undefined);
        }
        // Two creations at once, with two reads due: the creations go first, one per token.
        for (let i = 0; i < 2; i++) {
          polls.request(timer(100, ts).pipe(map(() => i))).subscribe(() => sent.push(ts.now()));
        }
        return polls;
      });
      // Tokens at 0 and 500 (2 per second, a burst of 2 but one in flight at a time).
      expect(sent).toEqual([100, 200]);
      expect(service.jobRequests()[0]!.at).toBeGreaterThanOrEqual(200);
      expect(polls.stats.otherRequests).toBe(2);
    });

    it('pauses every read for the Retry-After of a rate-limited request', () => {
      let service!: FakeStatusService;
      let failedAt = -1;
      runFor(10_000, (ts) => {
        service = new FakeStatusService(ts, 10);
        const polls = new PollScheduler(service, options(ts, { batch: false }));
        service.add('a', 'Running');
        polls.watch('a', () => undefined);
        const limited = new IBMApiError({ status: 429, message: 'slow', retryAfterSeconds: 4 });
        ts.schedule(() => {
          polls.request(throwError(() => limited)).subscribe({
            error: () => (failedAt = ts.now()),
          });
        }, 2_500);
        return polls;
      });
      expect(failedAt).toBe(2_500);
      const reads = service.jobRequests().map((r) => r.at);
      expect(reads.filter((at) => at > 2_500 && at < 6_500)).toEqual([]);
      expect(reads.some((at) => at >= 6_500)).toBeTrue();
    });

    it('takes a request out of the queue when it is unsubscribed before it started, and runs requests at once after dispose', () => {
      runFor(1_000, (ts) => {
        const polls = new PollScheduler(
          new FakeStatusService(ts, 10),
          options(ts, { requestsPerSecond: 1, maxInFlight: 1 }),
        );
        let started = 0;
        const request$ = defer(() => {
          started++;
          return timer(50, ts);
        });
        polls.request(request$).subscribe();
        polls.request(request$).subscribe().unsubscribe();
        ts.schedule(() => {
          expect(started).toBe(1);
          polls.dispose();
          polls.request(request$).subscribe();
          expect(started).toBe(2);
        }, 500);
        return polls;
      });
    });
  });

  describe('watch options', () => {
    it('tells a watcher how many reads of its job failed in a row', () => {
      const recorder = new Recorder({ now: () => 0 });
      runFor(20_000, (ts) => {
        const service = new FakeStatusService(ts, 10);
        const polls = new PollScheduler(
          service,
          options(ts, { batch: false, backoff: { initialMs: 1_000, maxMs: 1_000 } }),
        );
        service.add('a', 'Running');
        service.override = (_r, index) =>
          index === 1 || index === 2 || index === 4 ? new NetworkError('reset') : undefined;
        polls.watch('a', recorder.sink);
        return polls;
      });
      const failures = recorder.events.flatMap(({ event }) =>
        event.kind === 'error' ? [event.failures] : [],
      );
      // Reads 1 and 2 fail in a row, read 3 answers, read 4 fails again.
      expect(failures).toEqual([1, 2, 1]);
    });

    it('refuses bad intervals of a watcher with a ConfigError naming them', () => {
      const polls = new PollScheduler(new FakeStatusService(virtualTime(), 10));
      expect(() =>
        polls.watch('a', () => undefined, { intervals: { runningMs: -1 } }),
      ).toThrowMatching((e) => e instanceof ConfigError && e.option === 'intervals.runningMs');
      expect(polls.stats.watched).toBe(0);
      polls.dispose();
    });
  });

  describe('lifecycle and bad input', () => {
    it('leaves no scheduled action and no request after dispose', () => {
      const ts = virtualTime();
      let service!: FakeStatusService;
      let polls!: PollScheduler;
      let actionsAfterDispose = -1;
      ts.run(() => {
        service = new FakeStatusService(ts, 300);
        polls = new PollScheduler(service, options(ts, { requestsPerSecond: 10 }));
        for (let i = 0; i < 100; i++) {
          service.add(`j${i}`, 'Running');
          polls.watch(`j${i}`, () => undefined);
        }
        ts.schedule(() => {
          polls.dispose();
          polls.dispose();
          actionsAfterDispose = ts.actions.length;
        }, 5_150);
      });
      expect(actionsAfterDispose).toBe(0);
      expect(service.inFlight).toBe(0);
      expect(service.requests.every((r) => r.answeredAt !== undefined || r.cancelled)).toBeTrue();
      expect(() => polls.watch('j1', () => undefined)).toThrowMatching(
        (e) => e instanceof RuntimeInvalidStateError,
      );
      expect(polls.pokeNow('j1')).toBeFalse();
    });

    it('leaves no scheduled action after the last unwatch', () => {
      const ts = virtualTime();
      let left = -1;
      ts.run(() => {
        const service = new FakeStatusService(ts, 300);
        const polls = new PollScheduler(service, options(ts));
        const unwatch = Array.from({ length: 50 }, (_, i) => {
          service.add(`j${i}`, 'Queued');
          return polls.watch(`j${i}`, () => undefined);
        });
        ts.schedule(() => unwatch.forEach((u) => u()), 2_222);
        // Both the pending answers and the scheduler's timer are gone once the pump has run.
        ts.schedule(() => (left = ts.actions.length), 2_223);
      });
      expect(left).toBe(0);
    });

    it('rejects bad options and arguments with ConfigError naming them', () => {
      const fetcher = new FakeStatusService(virtualTime());
      const bad: [PollSchedulerOptions, string][] = [
        [{ requestsPerSecond: 0 }, 'requestsPerSecond'],
        [{ requestsPerSecond: Number.NaN }, 'requestsPerSecond'],
        [{ maxInFlight: 0 }, 'maxInFlight'],
        [{ maxInFlight: 1.5 }, 'maxInFlight'],
        [{ intervals: { queuedMs: -1 } }, 'intervals.queuedMs'],
        [{ intervals: { often: 3 } as never }, 'intervals.often'],
        [{ batch: { pageSize: 0 } }, 'batch.pageSize'],
        [{ batch: { pageSize: 2.5 } }, 'batch.pageSize'],
        [{ backoff: { maxMs: Infinity } }, 'backoff.maxMs'],
      ];
      for (const [opts, option] of bad) {
        expect(() => new PollScheduler(fetcher, opts)).toThrowMatching(
          (e) => e instanceof ConfigError && e.option === option,
        );
      }
      expect(() => new PollScheduler({} as never)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'fetcher',
      );
      const polls = new PollScheduler(fetcher, { scheduler: virtualTime() });
      expect(() => polls.watch('', () => undefined)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'jobId',
      );
      expect(() => polls.watch(7 as never, () => undefined)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'jobId',
      );
      expect(() => polls.watch('x', 42 as never)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'sink' && /got 42/.test(e.message),
      );
      expect(() => polls.setStatusHint('x', 'BOGUS' as never)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'status',
      );
      polls.dispose();
    });
  });
});
