/**
 * A service in virtual time for marble specs of `RuntimeJob`: its job reads, result reads and
 * cancel requests are scripted cold observables (see `fakeApi`), read through a real
 * `PollScheduler` on the spec's `TestScheduler`. Build it inside `TestScheduler.run`, where
 * `asyncScheduler` (which `RuntimeJob`'s streams use) runs in the same virtual time.
 */
import { defer, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { ConfigError } from '../../src/codecs/errors.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import type { ResultRetryPolicy } from '../../src/observables/result-read.js';
import type { RuntimeContext, ServiceRef } from '../../src/service/context.js';
import type { HttpRequest, HttpResponse } from '../../src/transport/http-client.js';
import { fakeApi, POLL } from './job-stream-support.js';
import type { Cold, Script } from './job-stream-support.js';

export interface VirtualScript extends Script {
  /** Answers to `POST /jobs/{id}/cancel`, one per request. */
  cancel?: Cold<HttpResponse>[];
}

export interface VirtualService extends ServiceRef {
  /** Requests made, by kind (`details`, `results`, `cancel`). */
  readonly calls: Record<string, number>;
}

/** A 204 answer. */
export const NO_CONTENT: HttpResponse = {
  status: 204,
  headers: new Headers(),
  text: '',
  body: undefined,
};

/**
 * A service whose requests answer from `script`: job reads (`details`, through a poll scheduler
 * with the specs' short intervals and a budget that never holds a read back), result reads (`results`, for job streams and for
 * `RuntimeJob`'s own reads alike) and cancels (`cancel`). No websockets.
 */
export function virtualService(
  scheduler: TestScheduler,
  script: VirtualScript,
  resultRetry?: Partial<ResultRetryPolicy>,
): VirtualService {
  const api = fakeApi(script);
  const calls = api.calls;
  const pollScheduler = new PollScheduler(
    {
      fetchJob: (id) => api.details(id),
      fetchPendingPage: () => throwError(() => new ConfigError('no pending list', 'client')),
    },
    { batch: false, scheduler, intervals: POLL, requestsPerSecond: 1000 },
  );
  const jobClient = { ...api, pollScheduler };
  const jobIdOf = (path: string): string => decodeURIComponent(path.split('/')[2] ?? '');
  const http = {
    baseUrl: 'http://virtual/api/v1',
    request: (req: HttpRequest): Observable<HttpResponse> =>
      defer(() => {
        if (req.method !== 'POST' || !req.path.endsWith('/cancel')) {
          throw new Error(`unexpected request ${req.method} ${req.path}`);
        }
        const i = (calls['cancel'] = (calls['cancel'] ?? 0) + 1) - 1;
        const answer = script.cancel?.[i];
        if (answer === undefined) throw new Error(`unexpected cancel #${i + 1}`);
        return answer;
      }),
    getText: (path: string): Observable<string> =>
      defer(() => {
        if (!path.endsWith('/results')) throw new Error(`unexpected GET ${path}`);
        return api.results(jobIdOf(path));
      }),
    getJson: (path: string): Observable<never> =>
      throwError(() => new Error(`unexpected GET ${path}`)),
  };
  const context = {
    url: 'http://virtual/api',
    http,
    jobClient,
    streamOptions: {
      websocket: false,
      retry: { jitter: 0 },
      ...(resultRetry !== undefined ? { resultRetry } : {}),
    },
    notice: () => undefined,
  } as unknown as RuntimeContext;
  return { context, calls };
}
