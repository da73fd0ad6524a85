/**
 * The plumbing a `RuntimeService` shares with the jobs, backends, sessions and primitives it
 * creates ({@link RuntimeContext}), so those can be built from any service-like object
 * ({@link ServiceRef}) without depending on the service class itself.
 *
 * @module
 */
import { ConfigError, describeValue } from '../codecs/errors.js';
import type { JobClient } from '../observables/job-client.js';
import type { PollScheduler } from '../observables/scheduler/poll-scheduler.js';
import type { JobStreamOptions } from '../observables/job-stream-options.js';
import type { HttpClient } from '../transport/http-client.js';

/** The job-stream options a service applies to every job it watches. */
export type ServiceStreamOptions = Pick<JobStreamOptions, 'websocket' | 'retry' | 'resultRetry'>;

/** What everything created by a service uses to reach it. */
export interface RuntimeContext {
  /** API root, e.g. `http://127.0.0.1:8787/api`. */
  readonly url: string;
  /** The REST client (base URL `{url}/v1`, authenticated). */
  readonly http: HttpClient;
  /** What `job$` needs: the REST client, websockets, the service's poll scheduler. */
  readonly jobClient: JobClient & { readonly pollScheduler: PollScheduler };
  /** Stream options applied to every job. */
  readonly streamOptions: ServiceStreamOptions;
  /** Report something worth knowing that is not an error (see `onNotice`). */
  notice(message: string): void;
}

/** Anything that carries a {@link RuntimeContext}: a `RuntimeService`. */
export interface ServiceRef {
  readonly context: RuntimeContext;
}

/** The context of `service`; throws {@link ConfigError} when it is not a `RuntimeService`. */
export function contextOf(service: ServiceRef, option = 'service'): RuntimeContext {
  const context = (service as Partial<ServiceRef> | null | undefined)?.context;
  if (
    context === null ||
    typeof context !== 'object' ||
    typeof context.http !== 'object' ||
    typeof context.notice !== 'function'
  ) {
    throw new ConfigError(
      `${option} must be a RuntimeService, got ${describeValue(service)}`,
      option,
    );
  }
  return context;
}
