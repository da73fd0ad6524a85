import fc from 'fast-check';
import { ConfigError } from '../../../src/codecs/errors.js';
import { TokenBucket, burstFor } from '../../../src/observables/scheduler/token-bucket.js';
import { maxInAnyWindow } from './fake-status-service.js';

describe('TokenBucket', () => {
  it('allows a burst of `rate` for whole rates, then one token back per spent token a window later', () => {
    const bucket = new TokenBucket(3);
    expect(bucket.capacity).toBe(3);
    expect(bucket.windowMs).toBe(1000);
    expect([bucket.tryTake(0), bucket.tryTake(10), bucket.tryTake(20), bucket.tryTake(30)]).toEqual(
      [true, true, true, false],
    );
    expect(bucket.nextTokenAt(30)).toBe(1000);
    expect(bucket.tryTake(999)).toBeFalse();
    expect(bucket.tryTake(1000)).toBeTrue();
    expect(bucket.available(1010)).toBe(1);
    expect(bucket.nextTokenAt(1010)).toBe(1010);
  });

  it('keeps fractional rates at the rate in the long run, with ceil(rate) per second at most', () => {
    expect(burstFor(0.5)).toBe(1);
    expect(burstFor(2.5)).toBe(1);
    expect(burstFor(10)).toBe(10);
    expect(burstFor(4.0)).toBe(4);
    const slow = new TokenBucket(0.5);
    expect(slow.windowMs).toBe(2000);
    expect(new TokenBucket(2.5).windowMs).toBe(400);
  });

  it('rejects a rate that is not a finite number > 0', () => {
    for (const bad of [0, -1, Number.NaN, Infinity, '5' as unknown as number]) {
      expect(() => new TokenBucket(bad)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'requestsPerSecond',
      );
    }
  });

  it('never lets more than ceil(rate) through in any 1 s window, and not more than capacity per window', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 300 }),
        (rate, gaps) => {
          const bucket = new TokenBucket(rate);
          const taken: number[] = [];
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            if (bucket.tryTake(t)) taken.push(t);
          }
          expect(maxInAnyWindow(taken, 1000)).toBeLessThanOrEqual(Math.ceil(rate));
          expect(maxInAnyWindow(taken, bucket.windowMs)).toBeLessThanOrEqual(bucket.capacity);
        },
      ),
    );
  });

  it('gives a token at nextTokenAt and never before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 60 }),
        (rate, takes) => {
          const bucket = new TokenBucket(rate);
          let t = 0;
          for (let i = 0; i < takes; i++) {
            const at = bucket.nextTokenAt(t);
            expect(at).toBeGreaterThanOrEqual(t);
            if (at > t) expect(bucket.tryTake(at - 1)).toBeFalse();
            expect(bucket.tryTake(at)).toBeTrue();
            t = at;
          }
        },
      ),
    );
  });
});
