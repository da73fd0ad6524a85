import {
  MAX_PAGES_WITHOUT_COUNT,
  PendingListRound,
  pagesFor,
  shouldBatch,
} from '../../../src/observables/scheduler/batch-planner.js';
import type { JobsPage } from '../../../src/codecs/job.js';

function page(n: number, count?: number): JobsPage {
  const jobs = Array.from({ length: n }, (_, i) => ({ id: `j${i}`, state: { status: 'Queued' } }));
  return count === undefined ? { jobs } : { jobs, count };
}

describe('batch planner', () => {
  it('counts pages', () => {
    expect([
      pagesFor(0, 100),
      pagesFor(1, 100),
      pagesFor(100, 100),
      pagesFor(101, 100),
      pagesFor(500, 100),
    ]).toEqual([1, 1, 1, 2, 5]);
  });

  it('batches only with enough candidates and fewer pages than jobs', () => {
    expect(shouldBatch(19, undefined, 20, 100)).toBeFalse();
    expect(shouldBatch(20, undefined, 20, 100)).toBeTrue();
    expect(shouldBatch(30, 5000, 20, 100)).toBeFalse(); // 50 pages for 30 jobs
    expect(shouldBatch(60, 5000, 20, 100)).toBeTrue(); // 50 pages for 60 jobs
    expect(shouldBatch(1, undefined, 1, 100)).toBeFalse(); // one page for one job gains nothing
  });

  it('pages with offset until the count is covered', () => {
    const round = new PendingListRound(100);
    round.start(1000);
    expect(round.no).toBe(1);
    expect(round.nextPage()).toEqual({ offset: 0, limit: 100 });
    expect(round.accept(page(100, 250))).toBeFalse();
    expect(round.nextPage()).toEqual({ offset: 100, limit: 100 });
    expect(round.accept(page(100, 250))).toBeFalse();
    expect(round.nextPage()).toEqual({ offset: 200, limit: 100 });
    expect(round.accept(page(50, 250))).toBeTrue();
    expect(round.active).toBeFalse();
    expect(round.lastCount).toBe(250);
  });

  it('stops at an empty page (jobs finished while paging) and at a short page without count', () => {
    const round = new PendingListRound(100);
    round.start(0);
    round.nextPage();
    expect(round.accept(page(100, 300))).toBeFalse();
    round.nextPage();
    expect(round.accept(page(0, 300))).toBeTrue();
    round.start(10);
    expect(round.no).toBe(2);
    round.nextPage();
    expect(round.accept(page(100))).toBeFalse();
    round.nextPage();
    expect(round.accept(page(7))).toBeTrue();
    expect(round.lastCount).toBe(107);
  });

  it('never pages forever when the service ignores offset', () => {
    const withCount = new PendingListRound(10);
    withCount.start(0);
    let n = 0;
    do {
      withCount.nextPage();
      n++;
    } while (!withCount.accept({ jobs: page(10).jobs, count: 15 }));
    expect(n).toBeLessThanOrEqual(3);
    const without = new PendingListRound(10);
    without.start(0);
    n = 0;
    do {
      without.nextPage();
      n++;
    } while (!without.accept(page(10)));
    expect(n).toBe(MAX_PAGES_WITHOUT_COUNT);
  });
});
