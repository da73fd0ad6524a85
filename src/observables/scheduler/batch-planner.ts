/**
 * The batch refresh planner: whether many watched jobs are cheaper to refresh from pending-list
 * pages (`GET /v1/jobs?pending=true&limit=…&offset=…`, protocol §2.3) than one request each,
 * and the state of one pass over those pages (a "round").
 *
 * A round asks for page after page, advancing `offset` by the number of jobs received, until
 * it has covered the `count` the service reported (or received a short page when no `count`
 * came). Jobs can finish while a round pages through the list, which shifts later pages; a
 * watched job the round did not list is therefore only *probably* final, and the scheduler
 * confirms it with one request of its own.
 *
 * @module
 */
import type { JobsPage } from '../../codecs/job.js';
import type { HeapItem } from './indexed-heap.js';

/** Requests needed to list `count` jobs with pages of `pageSize`. */
export function pagesFor(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/**
 * Whether to refresh from list pages: at least `minPending` candidates (watched jobs that may be
 * pending) and fewer pages than candidates. `knownPending` is the list's `count` from the last
 * round (all of the account's pending jobs, watched or not); before any round the candidates
 * stand in for it.
 */
export function shouldBatch(
  candidates: number,
  knownPending: number | undefined,
  minPending: number,
  pageSize: number,
): boolean {
  if (candidates < minPending) return false;
  return pagesFor(knownPending ?? candidates, pageSize) < candidates;
}

/** Most pages one round reads when the service reports no `count`. */
export const MAX_PAGES_WITHOUT_COUNT = 1000;

/**
 * One pass over the pending-list pages. The same object is reused round after round (`no`
 * counts them); between rounds it sits in the scheduler's heaps like a job, due when the
 * next round should start.
 */
export class PendingListRound implements HeapItem {
  heapIndex = -1;
  due = 0;
  priority = 0;
  seq = 0;
  /** Number of the current (or last) round; 0 before the first. */
  no = 0;
  /** True from the first page request until the last page is in. */
  active = false;
  /** When the current round started. */
  startedAt = 0;
  /** Offset of the next page. */
  offset = 0;
  /** Pages requested in this round. */
  pages = 0;
  /** The service's `count` in this round, when it sent one. */
  count: number | undefined = undefined;
  /** `count` of the last complete round: the account's pending jobs. */
  lastCount: number | undefined = undefined;

  constructor(readonly pageSize: number) {}

  /** Begin a new round at `now`. */
  start(now: number): void {
    this.no++;
    this.active = true;
    this.startedAt = now;
    this.offset = 0;
    this.pages = 0;
    this.count = undefined;
  }

  /** A page request is about to go out: its offset and limit. */
  nextPage(): { readonly offset: number; readonly limit: number } {
    this.pages++;
    return { offset: this.offset, limit: this.pageSize };
  }

  /** Take in an answered page; returns true when the round is complete. */
  accept(page: JobsPage): boolean {
    const received = page.jobs.length;
    this.offset += received;
    if (page.count !== undefined) this.count = page.count;
    let done: boolean;
    if (received === 0) done = true;
    else if (this.count !== undefined) {
      done = this.offset >= this.count || this.pages >= pagesFor(this.count, this.pageSize) + 1;
    } else {
      done = received < this.pageSize || this.pages >= MAX_PAGES_WITHOUT_COUNT;
    }
    if (done) this.finish();
    return done;
  }

  /** End the round (complete or abandoned). */
  finish(): void {
    if (!this.active) return;
    this.active = false;
    this.lastCount = this.count ?? this.offset;
  }

  /** Abandon the round without learning anything (a page failed). */
  abandon(): void {
    this.active = false;
  }
}
