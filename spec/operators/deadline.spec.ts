import { retry, switchMap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConfigError, NetworkError, RuntimeJobTimeoutError } from '../../src/codecs/errors.js';
import { deadline } from '../../src/operators/deadline.js';
import { addErrorEquality, countFired, JOB } from '../helpers/marble-support.js';

describe('deadline', () => {
  beforeEach(addErrorEquality);

  it('passes values through and fails with RuntimeJobTimeoutError when the deadline passes', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold('-a--b----c|');
      expectObservable(source.pipe(deadline(7, { jobId: JOB }))).toBe(
        '-a--b--#',
        undefined,
        new RuntimeJobTimeoutError(JOB, 7),
      );
    });
  });

  it('keeps one absolute deadline across a source switch', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ hot, cold, expectObservable }) => {
      const trigger = hot('--x-----y---');
      const inner = cold('-a-b-');
      const switched = trigger.pipe(switchMap(() => inner));
      expectObservable(switched).toBe('---a-b---a-b');
      expectObservable(switched.pipe(deadline(10, { jobId: JOB }))).toBe(
        '---a-b---a#',
        undefined,
        new RuntimeJobTimeoutError(JOB, 10),
      );
    });
  });

  it('keeps one absolute deadline across retries and unsubscribes the retried source', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-a-#', undefined, new NetworkError('reset'));
        expectObservable(source.pipe(retry(5), deadline(8, { jobId: JOB }))).toBe(
          '-a--a--a#',
          undefined,
          new RuntimeJobTimeoutError(JOB, 8),
        );
        expectSubscriptions(source.subscriptions).toBe(['^--!', '---^--!', '------^-!']);
      },
    );
  });

  it('restarts the budget for a retry applied outside it (the wrong placement)', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold('-a-#', undefined, new NetworkError('reset'));
      // Each resubscription of deadline(4) gets a fresh budget, so the network error wins.
      expectObservable(source.pipe(deadline(4), retry(2))).toBe(
        '-a--a--a-#',
        undefined,
        new NetworkError('reset'),
      );
    });
  });

  it('fixes `now + ms` per subscription but shares a Date deadline between subscribers', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ hot, expectObservable }) => {
      const source = hot('-a-b-c-d-e-f-g');
      expectObservable(source.pipe(deadline(6)), '----^').toBe(
        '-----c-d-e#',
        undefined,
        new RuntimeJobTimeoutError(undefined, 6),
      );
      const at = new Date(6);
      expectObservable(source.pipe(deadline(at, { jobId: JOB })), '----^').toBe(
        '-----c#',
        undefined,
        new RuntimeJobTimeoutError(
          JOB,
          2,
          `Timed out waiting for job ${JOB} to complete: deadline ${at.toISOString()} passed.`,
        ),
      );
    });
  });

  it('fails at once, without subscribing, when the deadline has already passed', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-a|');
        const at = new Date(3);
        expectObservable(source.pipe(deadline(at)), '-----^').toBe(
          '-----#',
          undefined,
          new RuntimeJobTimeoutError(
            undefined,
            0,
            `Timed out waiting for job to complete: deadline ${at.toISOString()} passed.`,
          ),
        );
        expectSubscriptions(source.subscriptions).toBe([]);
      },
    );
  });

  it('lets a stream that ends in time end normally and never fires its timer', () => {
    const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const fired = countFired(testScheduler);
    testScheduler.run(({ cold, expectObservable }) => {
      const options = { scheduler: fired.scheduler };
      expectObservable(cold('-a-|').pipe(deadline(5, options))).toBe('-a-|');
      expectObservable(
        cold('-a-#', undefined, new NetworkError('x')).pipe(deadline(5, options)),
      ).toBe('-a-#', undefined, new NetworkError('x'));
      expectObservable(cold('-a-b-c-').pipe(deadline(5, options)), '^--!').toBe('-a-');
    });
    expect(fired.count).toBe(0);
    // The same counting, on a stream that does cross its deadline, does see the timer fire.
    const crossing = new TestScheduler((a, e) => expect(a).toEqual(e));
    const firedWhenCrossed = countFired(crossing);
    crossing.run(({ cold, expectObservable }) => {
      const options = { scheduler: firedWhenCrossed.scheduler };
      expectObservable(cold('-a-b-c-').pipe(deadline(5, options))).toBe(
        '-a-b-#',
        undefined,
        new RuntimeJobTimeoutError(undefined, 5),
      );
    });
    expect(firedWhenCrossed.count).toBe(1);
  });

  it('rejects an unusable deadline with a ConfigError', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, new Date('nope')]) {
      expect(() => deadline(bad)).toThrowMatching(
        (e: unknown) => e instanceof ConfigError && e.option === 'deadline',
      );
    }
    expect(() => deadline('soon' as unknown as number)).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && /got soon/.test(e.message),
    );
  });
});
