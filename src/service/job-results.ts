/**
 * A job's result and interim results read over HTTP ({@link JobResults}): the result text read
 * once and kept, decoded with the job's decoder or another, the latest interim result, and a
 * failed job's partial result; with the options of `job.result()` and their checks.
 *
 * @module
 */
import { catchError, defer, mergeMap, of, tap, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { decodeResult } from '../codecs/results.js';
import type { ResultDecoder } from '../codecs/results.js';
import { readDoneResult$, resolveResultRetry } from '../observables/result-read.js';
import type { ResultRetryPolicy } from '../observables/result-read.js';
import { decodeWith } from '../operators/decode-with.js';
import type { HttpClient } from '../transport/http-client.js';
import { jobLookupError } from './errors.js';

/**
 * Options of `RuntimeJob.result` in its object form.
 *
 * @category Services and jobs
 */
export interface ResultOptions<T> {
  /** Seconds to wait for the job to finish; `RuntimeJobTimeoutError` after. Default: no limit. */
  readonly timeout?: number;
  /** Decoder of the result text, instead of the job's own. */
  readonly decoder?: ResultDecoder<T>;
  /**
   * For a failed job, return the last interim result (the PUBs that completed before the
   * failure) instead of failing, when there is one. Default false.
   */
  readonly partial?: boolean;
  /** Download the result again even if it was already read. Default false. */
  readonly refresh?: boolean;
}

/** `seconds` as milliseconds (`undefined` for none); a {@link ConfigError} for a bad value. */
export function timeoutMs(seconds: unknown): number | undefined {
  if (seconds === undefined || seconds === null) return undefined;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ConfigError(
      `timeout must be a finite number of seconds >= 0, got ${describeValue(seconds)}`,
      'timeout',
    );
  }
  return seconds * 1000;
}

/** A {@link ConfigError} unless `decoder` is a function or left out. */
export function checkDecoder(decoder: unknown): void {
  if (decoder !== undefined && typeof decoder !== 'function') {
    throw new ConfigError(`decoder must be a function, got ${describeValue(decoder)}`, 'decoder');
  }
}

/** The options of `result(timeout, decoder)` or `result(options)`, checked. */
export function resultOptionsOf(
  timeoutOrOptions: number | ResultOptions<unknown> | undefined,
  decoder: ResultDecoder<unknown> | undefined,
): ResultOptions<unknown> {
  if (timeoutOrOptions !== null && typeof timeoutOrOptions === 'object') {
    checkDecoder(timeoutOrOptions.decoder);
    timeoutMs(timeoutOrOptions.timeout);
    return timeoutOrOptions;
  }
  checkDecoder(decoder);
  timeoutMs(timeoutOrOptions);
  return {
    ...(timeoutOrOptions !== undefined ? { timeout: timeoutOrOptions } : {}),
    ...(decoder !== undefined ? { decoder } : {}),
  };
}

/** What one job's results are read and decoded with, and what was read already. */
export class JobResults<R> {
  #text: string | undefined;
  #result: { readonly value: R } | undefined;
  #interim: { readonly value: unknown } | undefined;
  readonly #retry: ResultRetryPolicy;

  /**
   * @param http the service's REST client.
   * @param jobId the job.
   * @param jobPath `/jobs/{id}`, the job's path.
   * @param decoder the job's own decoder; `decodeResult` when left out.
   * @param resultRetry how the result of a DONE job is read again after a 404 or a transient
   *   failure (see `readDoneResult$`).
   */
  constructor(
    private readonly http: Pick<HttpClient, 'getText'>,
    private readonly jobId: string,
    private readonly jobPath: string,
    readonly decoder: ResultDecoder<R> | undefined,
    resultRetry?: Partial<ResultRetryPolicy>,
  ) {
    this.#retry = resolveResultRetry(resultRetry);
  }

  /** The result decoded with the job's own decoder, once it was read. */
  get kept(): { readonly value: R } | undefined {
    return this.#result;
  }

  /** Keep `value` as the result decoded with the job's own decoder. */
  keep(value: R): void {
    this.#result = { value };
  }

  /** True for the job's own decoder (or none given). */
  isOwn(decoder: ResultDecoder<unknown> | undefined): boolean {
    return decoder === undefined || decoder === (this.decoder as unknown);
  }

  /** `decoder`, or the job's own, or `decodeResult`. */
  decoderFor<T>(decoder: ResultDecoder<T> | undefined): ResultDecoder<T> {
    return (decoder ?? this.decoder ?? decodeResult) as ResultDecoder<T>;
  }

  /**
   * `GET /jobs/{id}/results` as text, read once and kept (unless `refresh`): for a failed job,
   * its failure report. A 404 is a `RuntimeJobNotFoundError`.
   */
  text$(refresh: boolean): Observable<string> {
    return defer(() => {
      if (!refresh && this.#text !== undefined) return of(this.#text);
      return this.http.getText(`${this.jobPath}/results`).pipe(
        catchError((e: unknown) => throwError(() => jobLookupError(this.jobId, e))),
        tap((text) => {
          this.#text = text;
        }),
      );
    });
  }

  /**
   * The result text of a job that reported DONE, read once and kept (unless `refresh`). A read
   * answered 404 or failing transiently is read again within the job's `resultRetry`, as
   * `job$` does, and the last failure is the same error the stream fails with (an
   * `IBMApiError` 404 stays one: the job exists, its result could not be read).
   */
  doneText$(refresh: boolean): Observable<string> {
    return defer(() => {
      if (!refresh && this.#text !== undefined) return of(this.#text);
      const read$ = defer(() => this.http.getText(`${this.jobPath}/results`));
      return readDoneResult$(read$, this.#retry).pipe(
        tap((text) => {
          this.#text = text;
        }),
      );
    });
  }

  /** The result of a job that reported DONE, decoded with `decoder` (or the job's own). */
  decoded$<T>(decoder: ResultDecoder<T> | undefined, refresh: boolean): Observable<T> {
    return this.doneText$(refresh).pipe(decodeWith(this.decoderFor(decoder)));
  }

  /**
   * The latest interim result (`GET /jobs/{id}/interim_results`) decoded with `decoder`,
   * `undefined` when none was published. `keep`: remember it (the job is final and used its
   * own decoder), so it is not read again.
   */
  latestInterim$<T>(
    decoder: ResultDecoder<T> | undefined,
    keep: boolean,
  ): Observable<T | undefined> {
    return defer(() => {
      if (this.isOwn(decoder) && this.#interim !== undefined) {
        return of(this.#interim.value as T);
      }
      return this.http.getText(`${this.jobPath}/interim_results`).pipe(
        catchError((e: unknown) => throwError(() => jobLookupError(this.jobId, e))),
        mergeMap((text) =>
          text.trim() === '' ? of(undefined) : of(text).pipe(decodeWith(this.decoderFor(decoder))),
        ),
        tap((value) => {
          if (keep && this.isOwn(decoder)) this.#interim = { value };
        }),
      );
    });
  }

  /**
   * A failed job's partial result: its last interim result, decoded; `failure` itself when it
   * published none, or it cannot be read or decoded.
   */
  partial$<T>(decoder: ResultDecoder<T> | undefined, failure: unknown): Observable<T> {
    return this.http.getText(`${this.jobPath}/interim_results`).pipe(
      mergeMap((text) =>
        text.trim() === ''
          ? throwError(() => failure)
          : of(text).pipe(decodeWith(this.decoderFor(decoder))),
      ),
      catchError(() => throwError(() => failure)),
    );
  }
}
