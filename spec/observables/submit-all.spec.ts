/**
 * submitAll in virtual time against a fake job service: the concurrency cap, the request rate
 * and jobs-per-minute window, pauses on 429, retries on the 5xx force list only, and the
 * look-up by client token when an answer is lost (never a blind second POST).
 */
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeJobTimeoutError,
} from '../../src/codecs/errors.js';
import type { CreateJobRequest } from '../../src/codecs/job.js';
import type { JobClient } from '../../src/observables/job-client.js';
import { submitAll } from '../../src/observables/submit-all.js';
import type {
  Submission,
  SubmitAllOptions,
  SubmitOutcome,
} from '../../src/observables/submit-all.js';
import { FakeRuntime, maxInWindow } from './job-set-fake-runtime.js';
import type { RequestRecord } from './job-set-fake-runtime.js';

function request(i: number): CreateJobRequest {
  return { program_id: 'sampler', backend: 'fake_backend', params: { n: i } };
}

function tokenOf(record: RequestRecord): string | undefined {
  const body = record.body as CreateJobRequest;
  return body.tags?.find((t) => t.startsWith('qjrx-submit:'));
}

interface Outcome {
  readonly outcomes: SubmitOutcome[];
  readonly completedAt: number | undefined;
  readonly fake: FakeRuntime;
}

/**
 * Submit `submissions` in virtual time with the fake service prepared by `setup`; returns the
 * outcomes, when the stream completed, and the fake.
 */
function run(
  submissions: readonly Submission[],
  options: SubmitAllOptions,
  setup: (fake: FakeRuntime) => void = () => undefined,
  latencyMs = 50,
): Outcome {
  const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
  const outcomes: SubmitOutcome[] = [];
  let completedAt: number | undefined;
  let fake!: FakeRuntime;
  ts.run(({ flush }) => {
    fake = new FakeRuntime(ts, latencyMs);
    setup(fake);
    const client: JobClient = { http: fake };
    let n = 0;
    submitAll(client, submissions, {
      scheduler: ts,
      newToken: () => `t${n++}`,
      ...options,
    }).subscribe({
      next: (o) => outcomes.push(o),
      error: (e: unknown) => fail(e),
      complete: () => (completedAt = ts.now()),
    });
    flush();
  });
  return { outcomes, completedAt, fake };
}

const many = (n: number): CreateJobRequest[] => Array.from({ length: n }, (_, i) => request(i));

describe('submitAll', () => {
  it('creates one job per submission, each tagged with its own client token', () => {
    const { outcomes, fake } = run(many(10), { concurrency: 4, requestsPerSecond: 100 });
    expect(outcomes.length).toBe(10);
    expect(
      outcomes.every((o) => o.type === 'submitted' && !o.adopted && o.attempts === 1),
    ).toBeTrue();
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(fake.jobs.size).toBe(10);
    const tokens = fake.posts().map(tokenOf);
    expect(new Set(tokens).size).toBe(10);
    expect(tokens.every((t) => t !== undefined && /^qjrx-submit:t\d+$/.test(t))).toBeTrue();
    // The submission's own params go out unchanged.
    const params = fake.posts().map((r) => (r.body as CreateJobRequest).params['n']);
    expect([...params].sort((a, b) => Number(a) - Number(b))).toEqual([...Array(10).keys()]);
  });

  it('keeps at most `concurrency` POSTs in flight', () => {
    const { outcomes, fake } = run(
      many(40),
      { concurrency: 3, requestsPerSecond: 1000 },
      undefined,
      200,
    );
    expect(outcomes.length).toBe(40);
    expect(fake.maxPostsInFlight).toBe(3);
  });

  it('starts at most requestsPerSecond POSTs in any sliding second', () => {
    const { outcomes, fake } = run(
      many(40),
      { concurrency: 10, requestsPerSecond: 5 },
      undefined,
      10,
    );
    expect(outcomes.length).toBe(40);
    expect(
      maxInWindow(
        fake.posts().map((r) => r.at),
        1000,
      ),
    ).toBe(5);
  });

  it('creates at most jobsPerMinute jobs in any sliding minute', () => {
    const { outcomes, fake, completedAt } = run(many(25), {
      concurrency: 10,
      requestsPerSecond: 50,
      jobsPerMinute: 10,
    });
    expect(outcomes.length).toBe(25);
    expect(
      maxInWindow(
        fake.posts().map((r) => r.at),
        60_000,
      ),
    ).toBe(10);
    expect(completedAt!).toBeGreaterThanOrEqual(120_000);
  });

  it('pauses every POST for Retry-After after a 429, then sends the same request again', () => {
    let limitedAt = -1;
    const { outcomes, fake } = run(many(20), { concurrency: 4, requestsPerSecond: 100 }, (f) => {
      f.override = (_r, i) => {
        if (i !== 5) return undefined;
        return {
          fail: new IBMApiError({ status: 429, message: 'slow down', retryAfterSeconds: 3 }),
        };
      };
    });
    limitedAt = fake.posts()[5]!.answeredAt!;
    expect(outcomes.length).toBe(20);
    expect(outcomes.every((o) => o.type === 'submitted')).toBeTrue();
    expect(fake.jobs.size).toBe(20);
    const startedDuringPause = fake
      .posts()
      .filter((r) => r.at > limitedAt && r.at < limitedAt + 3000);
    expect(startedDuringPause).toEqual([]);
    // The limited submission went again with the same token, and made one job.
    const token = tokenOf(fake.posts()[5]!);
    expect(fake.posts().filter((r) => tokenOf(r) === token).length).toBe(2);
    expect([...fake.jobs.values()].filter((j) => j.body.tags?.includes(token!)).length).toBe(1);
  });

  it('backs off 1 s, then 2 s, after 429s without Retry-After', () => {
    const { outcomes, fake } = run([request(0)], { requestsPerSecond: 100 }, (f) => {
      f.override = (_r, i) =>
        i < 2 ? { fail: new IBMApiError({ status: 429, message: 'slow down' }) } : undefined;
    });
    expect(outcomes.map((o) => o.type)).toEqual(['submitted']);
    expect(fake.posts().map((r) => r.at)).toEqual([0, 1050, 3100]);
  });

  it('retries a POST answered 503 and makes exactly one job of it', () => {
    const { outcomes, fake } = run(
      [request(0)],
      { requestsPerSecond: 100, random: () => 0 },
      (f) => {
        f.override = (_r, i) =>
          i === 0 ? { fail: new IBMApiError({ status: 503, message: 'try again' }) } : undefined;
      },
    );
    expect(outcomes.length).toBe(1);
    const outcome = outcomes[0]!;
    expect(outcome.type).toBe('submitted');
    expect(outcome.attempts).toBe(2);
    expect(fake.posts().length).toBe(2);
    expect(tokenOf(fake.posts()[0]!)).toBe(tokenOf(fake.posts()[1]!));
    expect(fake.jobs.size).toBe(1);
    // The transport's POST policy: 500 ms before the first retry.
    expect(fake.posts()[1]!.at - fake.posts()[0]!.answeredAt!).toBe(500);
  });

  it('reports a submission failed once the 5xx retries are used up, having made no job', () => {
    const { outcomes, fake } = run(
      [request(0)],
      { requestsPerSecond: 100, retry: { maxAttempts: 3 }, random: () => 0 },
      (f) => {
        f.override = () => ({ fail: new IBMApiError({ status: 502, message: 'bad gateway' }) });
      },
    );
    expect(outcomes.length).toBe(1);
    const outcome = outcomes[0]!;
    expect(outcome.type).toBe('failed');
    expect(outcome.type === 'failed' && outcome.error instanceof IBMApiError).toBeTrue();
    expect(fake.posts().length).toBe(3);
    expect(fake.jobs.size).toBe(0);
  });

  it('never retries a POST refused with another 4xx', () => {
    const { outcomes, fake } = run([request(0), request(1)], { requestsPerSecond: 100 }, (f) => {
      f.override = (r) =>
        (r.body as CreateJobRequest).params['n'] === 1
          ? { fail: new IBMApiError({ status: 400, message: 'bad circuit', code: 1002 }) }
          : undefined;
    });
    expect(outcomes.map((o) => o.type).sort()).toEqual(['failed', 'submitted']);
    expect(fake.posts().length).toBe(2);
  });

  it('on a timeout after the request was sent, looks the job up by its token and adopts it', () => {
    const { outcomes, fake } = run(
      [request(0), request(1)],
      { requestsPerSecond: 100, timeoutMs: 5000, lookup: { delayMs: 1000 } },
      (f) => {
        f.override = (r) =>
          (r.body as CreateJobRequest | undefined)?.params['n'] === 0
            ? 'hang-after-work'
            : undefined;
      },
    );
    const adopted = outcomes.find((o) => o.index === 0)!;
    expect(adopted.type).toBe('submitted');
    expect(adopted.type === 'submitted' && adopted.adopted).toBeTrue();
    expect(adopted.attempts).toBe(1);
    expect(fake.posts().length).toBe(2);
    expect(fake.jobs.size).toBe(2);
    // The POST was abandoned at the timeout, and the look-up asked for the token.
    expect(fake.posts()[0]!.cancelled).toBeTrue();
    const lookups = fake.requests.filter((r) => r.method === 'GET' && r.path === '/jobs');
    expect(lookups.length).toBe(1);
    expect(lookups[0]!.query['tags']).toEqual(['qjrx-submit:t0']);
    expect(adopted.token).toBe('qjrx-submit:t0');
    expect(lookups[0]!.at).toBe(5000 + 1000);
    expect(adopted.type === 'submitted' && fake.jobs.has(adopted.jobId)).toBeTrue();
  });

  it('adopts a job created by a request whose answer was a network error', () => {
    const { outcomes, fake } = run([request(0)], { requestsPerSecond: 100 }, (f) => {
      f.override = (r) =>
        r.method === 'POST' ? { failAfter: new NetworkError('socket hang up') } : undefined;
    });
    expect(outcomes.length).toBe(1);
    expect(outcomes[0]!.type === 'submitted' && outcomes[0]!.adopted).toBeTrue();
    expect(fake.posts().length).toBe(1);
    expect(fake.jobs.size).toBe(1);
  });

  it('reports an unknown outcome, and never sends again, when the look-ups find nothing', () => {
    const { outcomes, fake } = run(
      [request(0)],
      { requestsPerSecond: 100, lookup: { attempts: 2, delayMs: 2000 } },
      (f) => {
        f.override = (r) =>
          r.method === 'POST' ? { fail: new NetworkError('connection reset') } : undefined;
      },
    );
    expect(outcomes.length).toBe(1);
    const outcome = outcomes[0]!;
    expect(outcome.type).toBe('unknown');
    if (outcome.type !== 'unknown') return;
    expect(outcome.error).toBeInstanceOf(NetworkError);
    expect(outcome.lookupError).toBeUndefined();
    expect(outcome.token).toBe('qjrx-submit:t0');
    expect(outcome.request.tags).toContain('qjrx-submit:t0');
    expect(fake.posts().length).toBe(1);
    expect(fake.requests.filter((r) => r.method === 'GET').length).toBe(2);
    expect(fake.jobs.size).toBe(0);
  });

  it('says the outcome is unknown, with the timeout and the look-up error, when the look-up fails too', () => {
    const { outcomes } = run([request(0)], { requestsPerSecond: 100, timeoutMs: 1000 }, (f) => {
      f.override = (r) =>
        r.method === 'POST'
          ? 'hang'
          : { fail: new IBMApiError({ status: 500, message: 'list unavailable' }) };
    });
    const outcome = outcomes[0]!;
    expect(outcome.type).toBe('unknown');
    if (outcome.type !== 'unknown') return;
    expect(outcome.error).toBeInstanceOf(RuntimeJobTimeoutError);
    expect(outcome.error.message).toContain('may have been created');
    expect(outcome.lookupError).toBeInstanceOf(IBMApiError);
  });

  it('makes a job of each PUB with the given program, backend and params', () => {
    const pub = ['OPENQASM 3.0; qubit q; bit c; c = measure q;', null, 100];
    const { outcomes, fake } = run([pub], {
      program: 'sampler',
      backend: 'fake_backend',
      params: { version: 2, options: { default_shots: 10 } },
      tags: ['batch-1'],
    });
    expect(outcomes[0]!.type).toBe('submitted');
    const body = fake.posts()[0]!.body as CreateJobRequest;
    expect(body.program_id).toBe('sampler');
    expect(body.backend).toBe('fake_backend');
    expect(body.params).toEqual({ version: 2, options: { default_shots: 10 }, pubs: [pub] });
    expect(body.tags).toEqual(['batch-1', 'qjrx-submit:t0']);
  });

  it('reports a bad submission as failed with a typed error naming it, without sending it', () => {
    const { outcomes, fake } = run(
      [request(0), { program_id: 7 } as unknown as CreateJobRequest, ['a PUB without a program']],
      {},
    );
    expect(fake.posts().length).toBe(1);
    const bad = outcomes.find((o) => o.index === 1)!;
    expect(bad.type).toBe('failed');
    expect(bad.type === 'failed' && bad.error instanceof DecodeError).toBeTrue();
    expect(bad.type === 'failed' && bad.error.message).toContain('submissions[1]');
    const pub = outcomes.find((o) => o.index === 2)!;
    expect(pub.type === 'failed' && pub.error instanceof ConfigError).toBeTrue();
  });

  it('abandons requests in flight and sends nothing more when unsubscribed', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ flush }) => {
      const fake = new FakeRuntime(ts, 500);
      const subscription = submitAll({ http: fake }, many(10), {
        scheduler: ts,
        concurrency: 2,
        requestsPerSecond: 100,
      }).subscribe();
      ts.schedule(() => subscription.unsubscribe(), 700);
      flush();
      expect(fake.posts().length).toBe(4);
      expect(fake.posts().filter((r) => r.cancelled).length).toBe(2);
      expect(fake.inFlight).toBe(0);
    });
  });

  it('rejects bad options with a ConfigError naming them', () => {
    const http = new FakeRuntime(new TestScheduler(() => undefined));
    expect(() => submitAll({ http }, [], { concurrency: 0 })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'concurrency',
    );
    expect(() => submitAll({ http }, [], { jobsPerMinute: 2.5 })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'jobsPerMinute',
    );
    expect(() => submitAll({ http }, [], { timeoutMs: -1 })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'timeoutMs',
    );
    expect(() => submitAll({ http }, 42 as never)).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'submissions',
    );
    expect(() => submitAll({} as never, [])).toThrowError(ConfigError);
  });
});
