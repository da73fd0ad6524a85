/**
 * The Observable wiring of the console, all of it reading through the service's one poll
 * scheduler (one request budget): the list's unfinished jobs watched by one `jobSet$`, the
 * open job's event stream, and the open job's reads (last check, next check). Nothing is read
 * while the tab is hidden: each piece unsubscribes when it hides and starts again when it
 * shows.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import {
  EMPTY,
  Observable,
  Subject,
  concat,
  defer,
  distinctUntilChanged,
  endWith,
  from,
  switchMap,
  takeWhile,
} from 'rxjs';
import { jobSet$ } from '../../../src/index.js';
import type {
  JobClient,
  JobEvent,
  JobSetEvent,
  JobStatus,
  PrimitiveResult,
} from '../../../src/index.js';
import type { JobLike } from '../../../src/observables/index.js';
import { isFinished } from './detail-state.js';

const ENDED = Symbol('ended');

/**
 * `make()` subscribed while `visible$` says the tab shows, and unsubscribed while it is hidden.
 * Once a run of `make()` completes, nothing more is made: the result completes.
 */
export function whileVisible<T>(
  visible$: Observable<boolean>,
  make: () => Observable<T>,
): Observable<T> {
  return visible$.pipe(
    distinctUntilChanged(),
    switchMap((visible) => (visible ? make().pipe(endWith(ENDED)) : EMPTY)),
    takeWhile((x): x is T => x !== ENDED),
  );
}

/** What the list learns between two reads of it. */
export interface ListUpdates {
  /** A job of the list reached `status`. */
  status(jobId: string, status: JobStatus): void;
  /** The service no longer knows a job of the list. */
  gone(jobId: string): void;
}

/**
 * Watches the unfinished jobs the list shows with one `jobSet$` on the service's client: the
 * jobs join as the list shows them, and their status changes reach `updates`. While the tab
 * is hidden no set runs; when it shows again one set starts with every unfinished job the
 * list has seen (a set reads its members' input once, so it cannot be paused and resumed).
 */
export class ListWatcher {
  private readonly members = new Map<string, JobLike>();
  private readonly joined = new Subject<JobLike>();
  private readonly subscription: Subscription;

  constructor(client: JobClient, visible$: Observable<boolean>, updates: ListUpdates) {
    const input$ = defer(() => concat(from([...this.members.values()]), this.joined));
    this.subscription = whileVisible(visible$, () => jobSet$(client, input$)).subscribe({
      next: (event: JobSetEvent) => this.onEvent(event, updates),
      error: (error: unknown) => console.warn('the jobs list stopped following its jobs:', error),
    });
  }

  /** Follow `jobs` (those not finished and not followed yet). */
  follow(jobs: readonly JobLike[]): void {
    for (const job of jobs) {
      const id = typeof job.jobId === 'string' ? job.jobId : job.jobId();
      if (this.members.has(id) || isFinished(job.lastStatus)) continue;
      const member: JobLike = { jobId: id, lastStatus: job.lastStatus };
      this.members.set(id, member);
      this.joined.next(member);
    }
  }

  /** Jobs followed now (unfinished ones the list has shown). */
  get following(): number {
    return this.members.size;
  }

  /** Stop everything. */
  close(): void {
    this.subscription.unsubscribe();
    this.joined.complete();
  }

  private onEvent(event: JobSetEvent, updates: ListUpdates): void {
    if (event.type === 'job' && event.event.type === 'status') {
      const { jobId } = event;
      const status = event.event.status;
      if (isFinished(status)) this.members.delete(jobId);
      else this.members.set(jobId, { jobId, lastStatus: status });
      updates.status(jobId, status);
    } else if (event.type === 'failure' && event.failure.kind === 'lost') {
      const id = event.failure.jobId;
      if (id !== undefined) {
        this.members.delete(id);
        updates.gone(id);
      }
    }
  }
}

/** When the open job was last read and when the next read is due. */
export interface ReadTimes {
  readonly last: Date | undefined;
  readonly next: Date | undefined;
}

/**
 * The reads of job `jobId` by the client's poll scheduler, as last/next times: watching it
 * joins the reads the job's own stream already makes (no extra request). Emits on each read
 * and each change of pace; ends when unsubscribed.
 */
export function readTimes$(client: JobClient, jobId: string): Observable<ReadTimes> {
  const scheduler = client.pollScheduler;
  if (scheduler === undefined) return EMPTY;
  return new Observable<ReadTimes>((subscriber) => {
    let last: Date | undefined;
    let pace: number | undefined;
    const emit = (): void =>
      subscriber.next({
        last,
        next:
          last !== undefined && pace !== undefined && pace > 0
            ? new Date(last.getTime() + pace)
            : undefined,
      });
    return scheduler.watch(jobId, (event) => {
      if (event.kind === 'details') last = new Date();
      else if (event.kind === 'interval') pace = event.pollIntervalMs;
      else return;
      emit();
    });
  });
}

/** The open job's events while the tab shows, until its stream ends. */
export function jobEvents$(
  events$: Observable<JobEvent<PrimitiveResult>>,
  visible$: Observable<boolean>,
): Observable<JobEvent<PrimitiveResult>> {
  return whileVisible(visible$, () => events$);
}
