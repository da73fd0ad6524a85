import fc from 'fast-check';
import { fairFloorMs } from '../../../src/observables/scheduler/fair-interval.js';
import type { LoadClass } from '../../../src/observables/scheduler/fair-interval.js';

function rate(classes: readonly LoadClass[], floor: number): number {
  return classes.reduce((sum, c) => sum + (c.weight * 1000) / Math.max(c.desiredMs, floor), 0);
}

describe('fairFloorMs', () => {
  it('is 0 when every class fits at its desired interval', () => {
    expect(fairFloorMs([{ weight: 10, desiredMs: 10_000 }], 5)).toBe(0);
    expect(fairFloorMs([], 5)).toBe(0);
    expect(fairFloorMs([{ weight: 0, desiredMs: 1 }], 5)).toBe(0);
  });

  it('spreads the jobs evenly over the budget when all want the same interval', () => {
    // 1,000 queued jobs at 10 requests/s: each every 100 s.
    expect(fairFloorMs([{ weight: 1000, desiredMs: 10_000 }], 10)).toBeCloseTo(100_000, 6);
  });

  it('slows the fastest class first', () => {
    // 10 running (2 s) + 10 queued (10 s) at 5/s: running at 2 s would need 5/s alone plus 1/s
    // queued; F = 2.5 s keeps queued at 10 s: 10/2.5 + 10/10 = 5.
    expect(
      fairFloorMs(
        [
          { weight: 10, desiredMs: 2_000 },
          { weight: 10, desiredMs: 10_000 },
        ],
        5,
      ),
    ).toBeCloseTo(2_500, 6);
  });

  it('is Infinity with no capacity', () => {
    expect(fairFloorMs([{ weight: 1, desiredMs: 1000 }], 0)).toBe(Infinity);
  });

  it('finds the smallest floor whose total rate fits the capacity', () => {
    const klass = fc.record({
      weight: fc.integer({ min: 0, max: 100_000 }),
      desiredMs: fc.integer({ min: 1, max: 600_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(klass, { maxLength: 6 }),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        (classes, capacity) => {
          const floor = fairFloorMs(classes, capacity);
          expect(floor).toBeGreaterThanOrEqual(0);
          expect(rate(classes, floor)).toBeLessThanOrEqual(capacity * (1 + 1e-6));
          if (floor > 0) {
            // Any smaller floor would overspend: the floor is tight.
            expect(rate(classes, floor * 0.999)).toBeGreaterThan(capacity * (1 - 1e-6));
          }
        },
      ),
    );
  });

  it('grows with the number of jobs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 50_000 }),
        (a, b) => {
          const small = fairFloorMs([{ weight: Math.min(a, b), desiredMs: 2000 }], 10);
          const large = fairFloorMs([{ weight: Math.max(a, b), desiredMs: 2000 }], 10);
          expect(large).toBeGreaterThanOrEqual(small);
        },
      ),
    );
  });
});
