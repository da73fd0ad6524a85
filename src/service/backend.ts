/**
 * `Backend`: one backend of a service (name, what the backend list says about it) with its
 * status and configuration, and the reads of the backend list that produce them.
 *
 * @module
 */
import { defer, firstValueFrom, map, mergeMap, of, throwError, catchError } from 'rxjs';
import type { Observable } from 'rxjs';
import {
  BackendConfiguration,
  BackendProperties,
  BackendsResponse,
  decodeBackendStatus,
  deviceStatusName,
} from '../codecs/backends.js';
import type { BackendDevice, BackendStatus } from '../codecs/backends.js';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { encodePathSegment } from '../transport/url.js';
import type { RuntimeContext, ServiceRef } from './context.js';
import { BackendNotFoundError, runtimeError } from './errors.js';
import { decodeWith } from '../operators/decode-with.js';

/**
 * Filters of `service.backends()`; every given filter must match.
 *
 * @category Services and jobs
 */
export interface BackendFilters {
  /** Exact backend name. */
  readonly name?: string;
  /** Only simulators (`true`) or only devices (`false`). */
  readonly simulator?: boolean;
  /** Only backends whose listed status is `online` (`true`) or anything else (`false`). */
  readonly operational?: boolean;
  /** Only backends with at least this many qubits. */
  readonly minNumQubits?: number;
}

/**
 * One backend of a service. Built by `service.backend(name)` and `service.backends()`; pass it
 * to `new Sampler({ backend })`, `new Estimator({ backend })` or `service.run(..., { backend })`.
 * `status()` and `configuration()` each make one request.
 *
 * @category Services and jobs
 */
export class Backend implements ServiceRef {
  /** The backend's name, e.g. `ibmq_qasm_simulator`. */
  readonly name: string;
  /** What the backend list said about it (absent for API versions that list names only). */
  readonly device: BackendDevice | undefined;
  readonly #context: RuntimeContext;

  constructor(service: ServiceRef, name: string, device?: BackendDevice) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ConfigError(
        `backend name must be a non-empty string, got ${describeValue(name)}`,
        'name',
      );
    }
    this.#context = service.context;
    this.name = name;
    this.device = device;
  }

  /** The service this backend belongs to. */
  get context(): RuntimeContext {
    return this.#context;
  }

  /** Number of qubits, when the list gave it. */
  get numQubits(): number | undefined {
    return this.device?.qubits ?? undefined;
  }

  /** True for simulators, when the list said. */
  get simulator(): boolean | undefined {
    return this.device?.is_simulator ?? undefined;
  }

  /** The listed status word (`online`, `paused`, ...), when the list gave one. */
  get statusName(): string | undefined {
    return this.device === undefined ? undefined : deviceStatusName(this.device);
  }

  /** `GET /backends/{name}/status`, presented as qiskit's `BackendStatus`. */
  status$(): Observable<BackendStatus> {
    return defer(() =>
      this.#context.http.request({
        method: 'GET',
        path: `/backends/${encodePathSegment(this.name, 'backend')}/status`,
      }),
    ).pipe(
      map((response) => response.body),
      decodeWith((body: unknown) => decodeBackendStatus(this.name, body)),
      catchError((error: unknown) =>
        throwError(() => runtimeError(`Failed to get the status of backend ${this.name}`, error)),
      ),
    );
  }

  /** Promise form of {@link Backend.status$}. */
  status(): Promise<BackendStatus> {
    return firstValueFrom(this.status$());
  }

  /** `GET /backends/{name}/configuration`: gates, coupling map, limits. */
  configuration$(): Observable<BackendConfiguration> {
    return defer(() =>
      this.#context.http.getJson(
        `/backends/${encodePathSegment(this.name, 'backend')}/configuration`,
        BackendConfiguration,
      ),
    ).pipe(
      catchError((error: unknown) =>
        throwError(() =>
          runtimeError(`Failed to get the configuration of backend ${this.name}`, error),
        ),
      ),
    );
  }

  /** Promise form of {@link Backend.configuration$}. */
  configuration(): Promise<BackendConfiguration> {
    return firstValueFrom(this.configuration$());
  }

  /**
   * `GET /backends/{name}/properties`: the device's calibration (qubit and gate error rates),
   * which `transpile` uses to prefer better qubits and edges. Simulators have none.
   */
  properties$(): Observable<BackendProperties> {
    return defer(() =>
      this.#context.http.getJson(
        `/backends/${encodePathSegment(this.name, 'backend')}/properties`,
        BackendProperties,
      ),
    ).pipe(
      catchError((error: unknown) =>
        throwError(() =>
          runtimeError(`Failed to get the properties of backend ${this.name}`, error),
        ),
      ),
    );
  }

  /** Promise form of {@link Backend.properties$}. */
  properties(): Promise<BackendProperties> {
    return firstValueFrom(this.properties$());
  }

  /** `Backend(<name>)`. */
  toString(): string {
    return `Backend(${this.name})`;
  }

  /** The name and the listed device information. */
  toJSON(): { name: string; device?: BackendDevice } {
    return this.device === undefined
      ? { name: this.name }
      : { name: this.name, device: this.device };
  }
}

function checkFilters(filters: BackendFilters): void {
  if (filters === null || typeof filters !== 'object') {
    throw new ConfigError(
      `backend filters must be an object, got ${describeValue(filters)}`,
      'filters',
    );
  }
  const min = filters.minNumQubits;
  if (min !== undefined && (typeof min !== 'number' || !Number.isInteger(min) || min < 0)) {
    throw new ConfigError(
      `minNumQubits must be a non-negative integer, got ${describeValue(min)}`,
      'minNumQubits',
    );
  }
}

function matches(backend: Backend, filters: BackendFilters): boolean {
  if (filters.name !== undefined && backend.name !== filters.name) return false;
  if (filters.simulator !== undefined && backend.simulator !== filters.simulator) return false;
  if (
    filters.operational !== undefined &&
    (backend.statusName === 'online') !== filters.operational
  ) {
    return false;
  }
  if (filters.minNumQubits !== undefined && (backend.numQubits ?? 0) < filters.minNumQubits) {
    return false;
  }
  return true;
}

/**
 * `GET /backends`, as {@link Backend}s matching `filters`. Failures are `IBMRuntimeError`s
 * carrying the original error as `cause`; an unreadable list a `DecodeError`.
 */
export function listBackends$(
  service: ServiceRef,
  filters: BackendFilters = {},
): Observable<Backend[]> {
  return defer(() => {
    checkFilters(filters);
    return service.context.http.request({ method: 'GET', path: '/backends' });
  }).pipe(
    map((response) => response.body),
    decodeWith(BackendsResponse, 'backends'),
    map((list) =>
      list.devices
        .map((d) =>
          typeof d === 'string' ? new Backend(service, d) : new Backend(service, d.name, d),
        )
        .filter((b) => matches(b, filters)),
    ),
    catchError((error: unknown) =>
      throwError(() => runtimeError('Failed to list backends', error)),
    ),
  );
}

/**
 * The backend called `name`, from the backend list; {@link BackendNotFoundError} when the
 * service has none of that name.
 */
export function findBackend$(service: ServiceRef, name: string): Observable<Backend> {
  return defer(() => {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ConfigError(
        `backend name must be a non-empty string, got ${describeValue(name)}`,
        'name',
      );
    }
    return listBackends$(service, {});
  }).pipe(
    mergeMap((all) => {
      const found = all.find((b) => b.name === name);
      if (found !== undefined) return of(found);
      const names = all.map((b) => b.name).join(', ');
      return throwError(
        () =>
          new BackendNotFoundError(
            name,
            `No backend named ${JSON.stringify(name)}; the service has: ${names || 'none'}`,
          ),
      );
    }),
  );
}
