/**
 * The backend `qjobs run` uses when `--backend` is not given: the operational backend with the
 * fewest pending jobs.
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import type { Backend } from '../service/backend.js';
import type { RuntimeService } from '../service/runtime-service.js';

/**
 * The operational backend of `service` with the fewest pending jobs (ties: the first listed).
 * Backends whose status cannot be read are skipped; a `ConfigError` says to pass `--backend`
 * when none is left.
 */
export async function leastBusyBackend(service: RuntimeService): Promise<Backend> {
  const backends = await service.backends({ operational: true });
  const statuses = await Promise.all(
    backends.map(async (backend) => {
      try {
        const status = await backend.status();
        return status.operational ? { backend, pending: status.pending_jobs } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  let best: { backend: Backend; pending: number } | undefined;
  for (const s of statuses) {
    if (s !== undefined && (best === undefined || s.pending < best.pending)) best = s;
  }
  if (best === undefined) {
    throw new ConfigError(
      'the service lists no operational backend: pass --backend NAME',
      'backend',
    );
  }
  return best.backend;
}
