/**
 * The least busy backend of a service (qiskit-ibm-runtime's `least_busy`): the online backends
 * matching the filters, by the number of jobs waiting on each.
 *
 * @module
 */
import { defer, forkJoin, map, mergeMap, of, throwError, catchError } from 'rxjs';
import type { Observable } from 'rxjs';
import { listBackends$ } from './backend.js';
import type { Backend, BackendFilters } from './backend.js';
import type { ServiceRef } from './context.js';
import { BackendNotFoundError } from './errors.js';

/** A backend and the jobs waiting on it. */
interface Load {
  readonly backend: Backend;
  readonly pending: number;
}

/**
 * The jobs waiting on an operational `backend`: the list's `queue_length`, or when the list
 * did not give it (API versions that list names only) the status's `pending_jobs`. Undefined
 * when the list or the status says the backend is not operational, or the status cannot be
 * read.
 */
function load$(backend: Backend): Observable<Load | undefined> {
  const listedStatus = backend.statusName;
  if (listedStatus !== undefined && listedStatus !== 'online') return of(undefined);
  const listed = backend.device?.queue_length;
  if (typeof listed === 'number') return of({ backend, pending: listed });
  return backend.status$().pipe(
    map((status) => (status.operational ? { backend, pending: status.pending_jobs } : undefined)),
    catchError(() => of(undefined)),
  );
}

/**
 * The operational backends matching `filters`, least busy first; among backends with as many
 * waiting jobs, the service's list order (qiskit-ibm-runtime `qiskit_runtime_service.py`
 * `least_busy` sorts the list's online backends by `queue_length`, a stable sort). Backends
 * whose load cannot be read are left out. Only operational backends are ever given:
 * `filters.operational` is not consulted (a list of names only says nothing of their status,
 * which then comes from each backend's status).
 */
export function backendsByLoad$(
  service: ServiceRef,
  filters: BackendFilters = {},
): Observable<Backend[]> {
  const { operational: _operational, ...listFilters } = filters;
  return defer(() => listBackends$(service, listFilters)).pipe(
    mergeMap((backends) => (backends.length === 0 ? of([]) : forkJoin(backends.map(load$)))),
    map((loads) =>
      loads
        .filter((l): l is Load => l !== undefined)
        .map((l, i) => ({ ...l, i }))
        .sort((a, b) => a.pending - b.pending || a.i - b.i)
        .map((l) => l.backend),
    ),
  );
}

/**
 * The least busy backend matching `filters` (see {@link backendsByLoad$});
 * {@link BackendNotFoundError} when none does.
 */
export function leastBusy$(service: ServiceRef, filters: BackendFilters = {}): Observable<Backend> {
  return backendsByLoad$(service, filters).pipe(
    mergeMap((ordered) =>
      ordered.length > 0
        ? of(ordered[0]!)
        : throwError(
            () =>
              new BackendNotFoundError(
                '',
                `No operational backend matches the criteria ${JSON.stringify(filters)}`,
              ),
          ),
    ),
  );
}
