/**
 * What a job stream needs from the outside world ({@link JobClient}: an HTTP client, where the
 * websockets are, optionally a shared poll scheduler) and the adapters that turn it into the
 * requests and sockets the stream's sources use ({@link jobApiOf}, {@link statusFetcherOf}).
 *
 * @module
 */
import {
  asyncScheduler,
  catchError,
  defer,
  finalize,
  map,
  mergeMap,
  of,
  share,
  take,
  throwError,
} from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import { ConfigError, NetworkError } from '../codecs/errors.js';
import { JobDetails, JobsPage } from '../codecs/job.js';
import { JobMetrics } from '../codecs/metrics.js';
import { NO_WEBSOCKETS, webSocketOffersOf } from '../codecs/websocket-offers.js';
import type { WebSocketOffers } from '../codecs/websocket-offers.js';
import { WS_CLOSE_JOB_FINAL, WS_CLOSE_NORMAL } from '../codecs/ws-messages.js';
import type { HttpClient } from '../transport/http-client.js';
import { encodePathSegment, joinUrl, wsUrlFromHttp } from '../transport/url.js';
import { webSocket$ } from '../transport/websocket.js';
import type { WebSocketFactory } from '../transport/websocket.js';
import { PollScheduler } from './scheduler/poll-scheduler.js';
import type { StatusFetcher } from './scheduler/types.js';

/** The parts of {@link HttpClient} job streams use (a fake with these methods works in tests). */
export type JobHttp = Pick<
  HttpClient,
  'baseUrl' | 'request' | 'getJson' | 'getText' | 'authorization'
> &
  Partial<Pick<HttpClient, 'secrets'>>;

/**
 * Everything `job$` needs to watch jobs of one service.
 *
 * @category Streams and events
 */
export interface JobClient {
  /** The REST client; its base URL is the API root (e.g. `https://quantum.cloud.ibm.com/api/v1`). */
  readonly http: JobHttp;
  /**
   * Base URL of the websockets: the result stream is `{wsBaseUrl}/stream/jobs/{id}` and the
   * job-status socket `{wsBaseUrl}/jobs/{id}/status/v/1`. Default: the HTTP base URL with
   * `http(s)` turned into `ws(s)`. A service without websockets makes both fail at once and the
   * streams poll instead.
   */
  readonly wsBaseUrl?: string;
  /**
   * The websockets the server offers: streams in `websocket: 'auto'` mode open only these, and
   * the job-status socket (whose first frame carries the bearer token) is opened only when
   * `status` is offered. Default: read once per HTTP client from `GET /versions` (its
   * `websockets` field, see `webSocketOffersOf`), when a stream first wants a socket; an answer
   * without the field, or an error other than a failed connection, offers none.
   */
  readonly webSocketOffers?: Observable<WebSocketOffers>;
  /**
   * The client's poll scheduler: every stream of this client reads its jobs through it, within
   * one request budget. Default: one made for this client object on first use, with the
   * default budget and intervals (see {@link pollSchedulerOf}).
   */
  readonly pollScheduler?: PollScheduler;
  /** How websockets are opened (tests, custom environments). Default: the transport's choice. */
  readonly webSocketFactory?: WebSocketFactory;
  /** Accept `ws://` to hosts other than loopback. Default false. */
  readonly allowInsecureWebSocket?: boolean;
  /**
   * How the result-stream socket carries the token: an `Authorization` header (Node, the
   * default there) or an `access_token` query parameter (browsers cannot send headers; the
   * default where there is no Node).
   */
  readonly streamAuth?: 'header' | 'query';
}

/** The requests and sockets of one job, as cold Observables (each subscription does the work). */
export interface JobApi {
  /** `GET /jobs/{id}?exclude_params=true`, a single attempt (callers retry), decoded. */
  details(jobId: string): Observable<JobDetails>;
  /** `GET /jobs/{id}/results` as text. */
  results(jobId: string): Observable<string>;
  /** `GET /jobs/{id}/metrics`, decoded. */
  metrics(jobId: string): Observable<JobMetrics>;
  /** `GET /jobs/{id}/logs` as text. */
  logs(jobId: string): Observable<string>;
  /**
   * One connection to the job-status socket, sending `input$`'s frames once open; completes on
   * close 1000 or 4002.
   */
  statusSocket(jobId: string, input$: Observable<string>): Observable<string>;
  /** One connection to the result stream, authenticated; completes on close 1000. */
  resultStream(jobId: string): Observable<string>;
  /** The bare access token (without `Bearer `), for in-band authentication. */
  token(): Observable<string>;
  /**
   * The websockets the server offers (see {@link JobClient.webSocketOffers}). A hand-made
   * JobApi without it offers both.
   */
  offers?(): Observable<WebSocketOffers>;
  /**
   * The client's poll scheduler. `undefined` in a hand-made JobApi: streams then read through
   * a default one made for it (see {@link pollSchedulerOf}).
   */
  readonly pollScheduler: PollScheduler | undefined;
}

const BEARER = /^\s*bearer\s+/i;
/** The query of every details read: the job's program inputs are not needed to follow it. */
const DETAILS_QUERY = Object.freeze({ exclude_params: true });
const SINGLE_ATTEMPT = Object.freeze({ retry: false as const });

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === 'string';
}

function jobPath(jobId: string, rest = ''): string {
  return `/jobs/${encodePathSegment(jobId, 'jobId')}${rest}`;
}

/**
 * Check a {@link JobClient} and build its {@link JobApi}. Throws a {@link ConfigError} naming
 * the field when the client is unusable (no `http`, a bad `wsBaseUrl`).
 */
export function jobApiOf(client: JobClient): JobApi {
  if (client === null || typeof client !== 'object') {
    throw new ConfigError('job client must be an object with an http client', 'client');
  }
  const http = client.http;
  if (
    http === null ||
    typeof http !== 'object' ||
    typeof http.request !== 'function' ||
    typeof http.getText !== 'function'
  ) {
    throw new ConfigError('client.http must be an HttpClient', 'client.http');
  }
  const wsBase = (client.wsBaseUrl ?? wsUrlFromHttp(http.baseUrl)).replace(/\/+$/, '');
  if (client.wsBaseUrl !== undefined) wsUrlFromHttp(wsBase); // validates the scheme
  const streamAuth = client.streamAuth ?? (isNode() ? 'header' : 'query');
  const secrets = (): string[] => [...(http.secrets?.() ?? [])];
  const socketOptions = {
    ...(client.webSocketFactory !== undefined ? { factory: client.webSocketFactory } : {}),
    ...(client.allowInsecureWebSocket !== undefined
      ? { allowInsecure: client.allowInsecureWebSocket }
      : {}),
  };

  const token = (): Observable<string> =>
    http.authorization().pipe(map((header) => (header ?? '').replace(BEARER, '')));
  const offers$ = client.webSocketOffers ?? advertisedOffers(http);

  return {
    pollScheduler: client.pollScheduler ?? defaultPollScheduler(client),
    details: (jobId) => readDetails(http, jobId),
    results: (jobId) => defer(() => http.getText(jobPath(jobId, '/results'))),
    metrics: (jobId) => defer(() => http.getJson(jobPath(jobId, '/metrics'), JobMetrics)),
    logs: (jobId) => defer(() => http.getText(jobPath(jobId, '/logs'))),
    token,
    offers: () => offers$,
    // The socket's first frame carries the bearer token: only to a server that offers it.
    statusSocket: (jobId, input$) =>
      offers$.pipe(
        take(1),
        mergeMap((offers) =>
          offers.status === undefined
            ? throwError(
                () =>
                  new ConfigError(
                    `${new URL(http.baseUrl).host} does not advertise the job-status socket, and its ` +
                      'first frame would carry the bearer token: not opened',
                    'websocket',
                  ),
              )
            : webSocket$(`${wsBase}${jobPath(jobId, '/status/v/1')}`, {
                ...socketOptions,
                input$,
                normalCloseCodes: [WS_CLOSE_NORMAL, WS_CLOSE_JOB_FINAL],
                secrets: secrets(),
              }),
        ),
      ),
    resultStream: (jobId) =>
      defer(() => http.authorization()).pipe(
        mergeMap((header) => {
          const path = `/stream${jobPath(jobId)}`;
          if (header === undefined) return webSocket$(`${wsBase}${path}`, socketOptions);
          if (streamAuth === 'header') {
            return webSocket$(`${wsBase}${path}`, {
              ...socketOptions,
              headers: { Authorization: header },
              secrets: secrets(),
            });
          }
          const bare = header.replace(BEARER, '');
          return webSocket$(joinUrl(wsBase, path, { access_token: bare }), {
            ...socketOptions,
            secrets: [...secrets(), bare],
          });
        }),
      ),
  };
}

/** The websockets each HTTP client's server advertised, read once (see {@link advertisedOffers}). */
const offersByClient = new WeakMap<object, Observable<WebSocketOffers>>();

/**
 * The websockets `http`'s server advertises in `GET /versions`, read when first subscribed and
 * kept for the client's life; concurrent first subscribers share one request. A failed
 * connection is not kept (the next subscriber asks again) and offers none meanwhile; any other
 * failure (a 404 from a server without the endpoint, a refusal) offers none for good.
 */
export function advertisedOffers(http: Pick<JobHttp, 'request'>): Observable<WebSocketOffers> {
  const cached = offersByClient.get(http);
  if (cached !== undefined) return cached;
  let known: WebSocketOffers | undefined;
  let asking: Observable<WebSocketOffers> | undefined;
  const offers$ = defer(() => {
    if (known !== undefined) return of(known);
    asking ??= defer(() => http.request({ method: 'GET', path: '/versions', retry: false })).pipe(
      map((response) => (known = webSocketOffersOf(response.body))),
      catchError((error: unknown) => {
        if (!(error instanceof NetworkError)) known = NO_WEBSOCKETS;
        return of(NO_WEBSOCKETS);
      }),
      finalize(() => {
        asking = undefined;
      }),
      share(),
    );
    return asking;
  });
  offersByClient.set(http, offers$);
  return offers$;
}

const API_METHODS = [
  'details',
  'results',
  'metrics',
  'logs',
  'statusSocket',
  'resultStream',
  'token',
] as const;

/** True when `value` is a ready {@link JobApi} (every request and socket method present). */
export function isJobApi(value: unknown): value is JobApi {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return API_METHODS.every((name) => typeof v[name] === 'function');
}

/**
 * The {@link JobApi} of a client: a {@link JobApi} as it is (custom transports, fakes in
 * tests), a {@link JobClient} through {@link jobApiOf}.
 */
export function toJobApi(client: JobClient | JobApi): JobApi {
  return isJobApi(client) ? client : jobApiOf(client);
}

/**
 * The {@link StatusFetcher} a {@link PollScheduler} needs, over an HTTP client: job reads
 * (`GET /jobs/{id}?exclude_params=true`) and pending-list pages
 * (`GET /jobs?pending=true&exclude_params=true&offset=…&limit=…`), each a single attempt (the
 * scheduler handles backoff and rate limits for everyone) and decoded.
 *
 * ```ts
 * const scheduler = new PollScheduler(statusFetcherOf(http), { requestsPerSecond: 5 });
 * job$({ http, pollScheduler: scheduler }, id)
 * ```
 */
export function statusFetcherOf(http: Pick<HttpClient, 'getJson'>): StatusFetcher {
  return {
    fetchJob: (id) => readDetails(http, id),
    fetchPendingPage: (offset, limit) =>
      http.getJson(
        '/jobs',
        JobsPage,
        { pending: true, exclude_params: true, offset, limit },
        SINGLE_ATTEMPT,
      ),
  };
}

/**
 * `GET /jobs/{id}?exclude_params=true`, a single attempt, decoded: every read of a job's
 * status (the poll scheduler's, and {@link JobApi.details}) goes through here, the hot path of
 * polling (one request, decoded in the request's own read; the query string of the frozen
 * query is built once).
 */
function readDetails(http: Pick<HttpClient, 'getJson'>, jobId: string): Observable<JobDetails> {
  let path: string;
  try {
    path = jobPath(jobId);
  } catch (error) {
    return throwError(() => error);
  }
  return http.getJson(path, JobDetails, DETAILS_QUERY, SINGLE_ATTEMPT);
}

/** The default poll scheduler of each client object without one of its own. */
const defaultSchedulers = new WeakMap<object, PollScheduler>();

/**
 * The poll scheduler of `client`: its own, or the default one made for this client object on
 * first use (the default budget and intervals). Every stream, set and job creation of the
 * client reads and sends through it.
 */
export function pollSchedulerOfClient(client: JobClient): PollScheduler {
  return client.pollScheduler ?? defaultPollScheduler(client);
}

function defaultPollScheduler(client: JobClient): PollScheduler {
  let scheduler = defaultSchedulers.get(client);
  if (scheduler === undefined) {
    scheduler = new PollScheduler(statusFetcherOf(client.http));
    defaultSchedulers.set(client, scheduler);
  }
  return scheduler;
}

/** Default poll schedulers of hand-made JobApis, by api and clock. */
const apiSchedulers = new WeakMap<JobApi, Map<SchedulerLike, PollScheduler>>();

/**
 * The poll scheduler jobs of `api` are read through: its own, or, for a hand-made
 * {@link JobApi} without one (custom transports, fakes in tests), a default one made for that
 * api on first use, reading through `api.details` with no pending-list batching, on `clock`.
 * A client's one default: every stream of the same api (and clock) shares it.
 */
export function pollSchedulerOf(api: JobApi, clock: SchedulerLike = asyncScheduler): PollScheduler {
  if (api.pollScheduler !== undefined) return api.pollScheduler;
  let byClock = apiSchedulers.get(api);
  if (byClock === undefined) {
    byClock = new Map();
    apiSchedulers.set(api, byClock);
  }
  let scheduler = byClock.get(clock);
  if (scheduler === undefined) {
    scheduler = new PollScheduler(
      {
        fetchJob: (id) => api.details(id),
        fetchPendingPage: () =>
          throwError(() => new ConfigError('this client has no pending-list reads', 'client')),
      },
      { batch: false, scheduler: clock },
    );
    byClock.set(clock, scheduler);
  }
  return scheduler;
}
