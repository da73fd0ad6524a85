/**
 * The backends `qjobs run` chooses among when `--backend` is not given. Leaving out `--backend`
 * gives the same kind of backend however busy the queues are: where the service has simulators
 * (the local runtime), its operational simulators; where it has none (IBM Quantum), its
 * devices, as Qiskit's `service.least_busy()` picks among them. Least busy first in both
 * cases (fewest pending jobs; among equals, the service's list order). Queue lengths never send
 * a circuit meant for a simulator to a device.
 *
 * @module
 */
import { firstValueFrom } from 'rxjs';
import { ConfigError } from '../codecs/errors.js';
import type { Backend } from '../service/backend.js';
import { backendsByLoad$ } from '../service/least-busy.js';
import type { RuntimeService } from '../service/runtime-service.js';

/**
 * Whether `backend` is a simulator: as the backend list says, or, for API versions that list
 * names only, as its configuration says (a configuration that cannot be read counts as a
 * device's: the run then reports why it cannot be read).
 */
async function isSimulator(backend: Backend): Promise<boolean> {
  if (backend.simulator !== undefined) return backend.simulator;
  try {
    return (await backend.configuration()).simulator === true;
  } catch {
    return false;
  }
}

/**
 * The operational simulators of `service`, least busy first, or its devices when it has no
 * simulator. Backends whose load cannot be read are left out; a `ConfigError` says to pass
 * `--backend` when none is left.
 */
export async function defaultBackends(service: RuntimeService): Promise<Backend[]> {
  const backends = await firstValueFrom(backendsByLoad$(service));
  if (backends.length === 0) {
    throw new ConfigError(
      'the service lists no operational backend: pass --backend NAME',
      'backend',
    );
  }
  const simulator = await Promise.all(backends.map(isSimulator));
  const simulators = backends.filter((_, i) => simulator[i]);
  return simulators.length > 0 ? simulators : backends;
}
