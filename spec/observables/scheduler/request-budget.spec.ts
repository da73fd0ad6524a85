import { ConfigError } from '../../../src/codecs/errors.js';
import {
  MAX_RETRY_AFTER_MS,
  RequestBudget,
  backoffMs,
} from '../../../src/observables/scheduler/request-budget.js';

const bounds = { initialMs: 1000, maxMs: 8000 };

describe('RequestBudget', () => {
  it('caps requests in flight and frees a slot on release', () => {
    const budget = new RequestBudget(100, 2, bounds);
    expect(budget.tryAcquire(0)).toBeTrue();
    expect(budget.tryAcquire(0)).toBeTrue();
    expect(budget.tryAcquire(0)).toBeFalse();
    expect(budget.nextStartAt(0)).toBe(Infinity);
    budget.release();
    expect(budget.inFlight).toBe(1);
    expect(budget.nextStartAt(0)).toBe(0);
    expect(budget.tryAcquire(0)).toBeTrue();
  });

  it('spends a token per request', () => {
    const budget = new RequestBudget(2, 10, bounds);
    expect([budget.tryAcquire(0), budget.tryAcquire(0), budget.tryAcquire(0)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(budget.nextStartAt(0)).toBe(1000);
  });

  it('pauses everything for Retry-After, capped at an hour', () => {
    const budget = new RequestBudget(10, 4, bounds);
    expect(budget.rateLimited(100, 50, 5000)).toBe(5100);
    expect(budget.tryAcquire(5099)).toBeFalse();
    expect(budget.nextStartAt(200)).toBe(5100);
    expect(budget.tryAcquire(5100)).toBeTrue();
    expect(budget.rateLimited(6000, 5100, 10 * MAX_RETRY_AFTER_MS)).toBe(6000 + MAX_RETRY_AFTER_MS);
  });

  it('backs off exponentially without Retry-After, counting simultaneous answers once, and resets on success', () => {
    const budget = new RequestBudget(10, 4, bounds);
    expect(budget.rateLimited(0, 0, undefined)).toBe(1000);
    // A second answer to a request sent before the pause began does not double the wait.
    expect(budget.rateLimited(10, 0, undefined)).toBe(1010);
    expect(budget.rateLimited(1010, 1010, undefined)).toBe(3010);
    expect(budget.rateLimited(3010, 3010, undefined)).toBe(7010);
    expect(budget.rateLimited(7010, 7010, undefined)).toBe(15010);
    expect(budget.rateLimited(15010, 15010, undefined)).toBe(23010);
    budget.succeeded();
    expect(budget.rateLimited(30000, 30000, undefined)).toBe(31000);
  });

  it('computes capped exponential waits', () => {
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffMs(n, bounds))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('rejects a maxInFlight that is not an integer >= 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new RequestBudget(5, bad, bounds)).toThrowMatching(
        (e) => e instanceof ConfigError && e.option === 'maxInFlight',
      );
    }
  });
});
