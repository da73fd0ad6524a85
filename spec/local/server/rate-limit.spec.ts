import { JobRateLimiter } from '../../../src/local/server/rate-limit.js';
import { createPrng, deriveSeed } from '../../../src/local/server/prng.js';
import { isRuntimeId, newRuntimeId } from '../../../src/local/server/ids.js';

describe('JobRateLimiter', () => {
  it('allows perMinute creations per user in any rolling minute and says how long to wait', () => {
    let now = 0;
    const limiter = new JobRateLimiter(2, () => now);
    expect(limiter.take('u').allowed).toBe(true);
    now = 20_000;
    expect(limiter.take('u').allowed).toBe(true);
    now = 30_000;
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take('other').allowed).toBe(true);
    now = 60_001;
    expect(limiter.take('u').allowed).toBe(true);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('allows everything when no limit is set', () => {
    const limiter = new JobRateLimiter(undefined);
    for (let i = 0; i < 100; i++) expect(limiter.take('u').allowed).toBe(true);
  });
});

describe('seeded randomness and ids', () => {
  it('repeats a stream for a seed and separates labelled streams', () => {
    const a = createPrng(9);
    const b = createPrng(9);
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(deriveSeed(1, 'job-0')).not.toBe(deriveSeed(1, 'job-1'));
    expect(deriveSeed(1, 'job-0')).toBe(deriveSeed(1, 'job-0'));
  });

  it('makes ids in the service format and recognises only those', () => {
    const ids = new Set(Array.from({ length: 200 }, newRuntimeId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(isRuntimeId(id)).toBe(true);
    for (const bad of [
      '',
      'd6147q3traac73bef6f',
      'D6147Q3TRAAC73BEF6F0',
      '../../../../../etc/pa', // self-contained: probe (an id that tries traversal)
      'd6147q3traac73bef6fw',
    ]) {
      expect(isRuntimeId(bad)).withContext(bad).toBe(false);
    }
    expect(isRuntimeId('d6147q3traac73bef6f0')).toBe(true);
  });
});
