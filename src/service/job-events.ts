/**
 * How a `RuntimeJob` shares its one event stream: RxJS's `share()`, with the job's latest state
 * replayed to a subscriber that joins a running stream ({@link shareWithLatest}).
 *
 * @module
 */
import { concat, defer, from, share, tap } from 'rxjs';
import type { Observable } from 'rxjs';
import type {
  ConnectionEvent,
  JobEvent,
  LogsEvent,
  MetricsEvent,
  ProgressEvent,
  ResultEvent,
  StatusEvent,
} from '../events/job-event.js';

/** What a late subscriber is told first: the latest events of the stream so far. */
export interface LatestEvents<R> {
  readonly status?: StatusEvent;
  /** Every progress event so far merged into one (later fields win). */
  readonly progress?: ProgressEvent;
  readonly websocket?: ConnectionEvent;
  readonly poll?: ConnectionEvent;
  readonly result?: ResultEvent<R>;
  readonly metrics?: MetricsEvent;
  readonly logs?: LogsEvent;
}

const NOTHING_YET: LatestEvents<never> = Object.freeze({});

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The latest events after `event`: the last status, the progress merged, the latest connection
 * event of each channel (idle reports left out), the result, metrics and logs. Interim results
 * and unknown statuses are not kept. Pure: returns `latest` itself when nothing changed.
 */
export function recordLatest<R>(latest: LatestEvents<R>, event: JobEvent<R>): LatestEvents<R> {
  switch (event.type) {
    case 'status':
      return { ...latest, status: event };
    case 'progress':
      return {
        ...latest,
        progress: { ...latest.progress, ...withoutUndefined(event) } as ProgressEvent,
      };
    case 'connection':
      if (event.state === 'idle') return latest;
      return event.channel === 'websocket'
        ? { ...latest, websocket: event }
        : { ...latest, poll: event };
    case 'result':
      return { ...latest, result: event };
    case 'metrics':
      return { ...latest, metrics: event };
    case 'logs':
      return { ...latest, logs: event };
    default:
      return latest;
  }
}

/** The events a late subscriber gets at once, in stream order. */
export function replayOf<R>(latest: LatestEvents<R>): JobEvent<R>[] {
  const out: (JobEvent<R> | undefined)[] = [
    latest.status,
    latest.progress,
    latest.websocket,
    latest.poll,
    latest.result,
    latest.metrics,
    latest.logs,
  ];
  return out.filter((e): e is JobEvent<R> => e !== undefined);
}

/**
 * `source$` shared by every subscriber with `share()`: the first subscription starts it, the
 * last unsubscribe stops it, and after it ended (completion or error) the next subscription
 * starts it afresh. A subscriber joining a running stream first gets the job's current state
 * ({@link replayOf}: the latest status, the progress so far, the latest connection event of
 * each channel, and the result, metrics and logs if they came), then the live events; interim
 * results emitted before it joined are not replayed.
 */
export function shareWithLatest<R>(source$: Observable<JobEvent<R>>): Observable<JobEvent<R>> {
  let latest: LatestEvents<R> = NOTHING_YET;
  const forget = (): void => {
    latest = NOTHING_YET;
  };
  const shared$ = defer(() => {
    forget();
    return source$;
  }).pipe(
    tap({
      next: (event) => {
        latest = recordLatest(latest, event);
      },
      complete: forget,
      error: forget,
      unsubscribe: forget,
    }),
    share(),
  );
  return defer(() => concat(from(replayOf(latest)), shared$));
}
