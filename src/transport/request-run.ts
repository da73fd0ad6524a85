/**
 * One subscription to an `HttpClient` request, run as a small state machine: take the
 * `Authorization` header, send an attempt, and on failure replace a rejected IAM token once,
 * wait and try again, or fail.
 *
 * @module
 */
import type { SchedulerLike, Subscriber, Subscription } from 'rxjs';
import { IBMApiError } from '../codecs/errors.js';
import type { TokenSource } from './credentials.js';
import type {
  ExchangeAbort,
  ExchangeOutcome,
  FetchFunction,
  HttpExchange,
  RawResponse,
} from './fetch-once.js';
import { exchangeAbortFor, exchangeOutcome } from './fetch-once.js';
import type { RetryPolicy } from './retry.js';
import { retryDelayFor } from './retry.js';

/** Counters a client keeps over all its requests. */
export interface RequestCounters {
  requests: number;
  inFlight: number;
  retries: number;
}

/** What every request of one client shares: built once per client. */
export interface RequestEnv {
  readonly fetch: FetchFunction;
  readonly tokens: TokenSource | undefined;
  readonly scheduler: SchedulerLike;
  readonly random: (() => number) | undefined;
  readonly maxResponseBytes: number;
  readonly counters: RequestCounters;
  /** The strings to remove from error text, as of now. */
  secrets(): readonly string[];
}

/** A request ready to send, without its `Authorization` header. */
export interface PreparedRequest extends HttpExchange {
  /** `undefined`: a single attempt. */
  readonly policy: RetryPolicy | undefined;
  /** Whether repeating it is harmless (not POST or PATCH): see {@link RetryPolicy.retryPost}. */
  readonly idempotent: boolean;
}

/**
 * The run of one subscription: created when the request Observable is subscribed, it emits
 * `read(answer)` and completes, or errors, and its {@link RequestRun.teardown} aborts whatever
 * is under way. Written as a class rather than composed from operators because every poll of
 * every job goes through it: one object and one promise chain per attempt, nothing else.
 *
 * - The header comes from the token source at once when it has one (a bearer token, a fresh
 *   IAM token); otherwise the exchange of the API key is awaited, and its failure is final
 *   (the token source retried it already).
 * - A 401 to an IAM token invalidates it and sends the same attempt once more with a new one.
 * - Other failures follow {@link retryDelayFor}: a wait on `env.scheduler`, then another attempt.
 * - `read` throwing (an unreadable or undecodable body) is the request's error.
 */
export class RequestRun<T> {
  readonly #env: RequestEnv;
  readonly #request: PreparedRequest;
  readonly #read: (response: RawResponse) => T;
  readonly #subscriber: Subscriber<T>;
  #settled = false;
  /** Attempts sent so far; an outcome of an earlier attempt than the last is stale. */
  #attempts = 0;
  #retryNumber = 0;
  #controller: ExchangeAbort | undefined;
  #token: Subscription | undefined;
  #wait: Subscription | undefined;

  constructor(
    env: RequestEnv,
    request: PreparedRequest,
    read: (response: RawResponse) => T,
    subscriber: Subscriber<T>,
  ) {
    this.#env = env;
    this.#request = request;
    this.#read = read;
    this.#subscriber = subscriber;
    env.counters.requests++;
    env.counters.inFlight++;
  }

  /** Send the first attempt. */
  start(): void {
    this.#attempt(false);
  }

  /** Stop: abort the attempt in flight, cancel a token exchange or a retry wait. */
  teardown(): void {
    this.#token?.unsubscribe();
    this.#wait?.unsubscribe();
    if (this.#controller !== undefined) {
      this.#controller.abort();
      this.#controller = undefined;
    }
    this.#done();
  }

  #fail(error: unknown): void {
    this.#done();
    this.#subscriber.error(error);
  }

  #done(): void {
    if (!this.#settled) {
      this.#settled = true;
      this.#env.counters.inFlight--;
    }
  }

  #attempt(refreshed: boolean): void {
    const tokens = this.#env.tokens;
    if (tokens === undefined) return this.#send(undefined, refreshed);
    const cached = tokens.cachedAuthorization();
    if (cached !== undefined) return this.#send(cached, refreshed);
    this.#token = tokens.authorization().subscribe({
      next: (authorization) => this.#send(authorization, refreshed),
      error: (error: unknown) => this.#fail(error),
    });
  }

  #send(authorization: string | undefined, refreshed: boolean): void {
    const request = this.#request;
    const exchange: HttpExchange =
      authorization === undefined
        ? request
        : {
            method: request.method,
            url: request.url,
            headers: { ...request.headers, Authorization: authorization },
            body: request.body,
          };
    const controller = exchangeAbortFor(this.#env.fetch);
    this.#controller = controller;
    const attempt = ++this.#attempts;
    const env = this.#env;
    void exchangeOutcome(env.fetch, exchange, env.secrets(), env.maxResponseBytes, controller).then(
      (outcome) => this.#settle(outcome, attempt, authorization, refreshed),
    );
  }

  #settle(
    outcome: ExchangeOutcome,
    attempt: number,
    authorization: string | undefined,
    refreshed: boolean,
  ): void {
    if (this.#subscriber.closed || attempt !== this.#attempts) return;
    this.#controller = undefined;
    if (outcome.ok) {
      let value: T;
      try {
        value = this.#read(outcome.response);
      } catch (error) {
        this.#fail(error);
        return;
      }
      this.#done();
      this.#subscriber.next(value);
      this.#subscriber.complete();
      return;
    }
    const error = outcome.error;
    const tokens = this.#env.tokens;
    if (
      !refreshed &&
      authorization !== undefined &&
      tokens?.refreshable === true &&
      error instanceof IBMApiError &&
      error.status === 401
    ) {
      tokens.invalidate(authorization);
      this.#attempt(true);
      return;
    }
    const policy = this.#request.policy;
    const delayMs =
      policy === undefined
        ? undefined
        : retryDelayFor(error, ++this.#retryNumber, policy, {
            idempotent: this.#request.idempotent,
            ...(this.#env.random !== undefined ? { random: this.#env.random } : {}),
          });
    if (delayMs === undefined) {
      this.#fail(error);
      return;
    }
    this.#env.counters.retries++;
    this.#wait = this.#env.scheduler.schedule(() => this.#attempt(false), delayMs);
  }
}
