/**
 * HTTP handlers for backends: the list, one backend, its status, configuration and
 * properties. Hardware devices answer their real configuration and calibration data;
 * simulators a configuration of their own and empty properties.
 *
 * @module
 */
import type { Handler, RuntimeCore } from './core.js';
import type { ResolvedBackend } from './backends.js';
import { ERROR_CODES, errorReply, jsonReply } from './reply.js';

/** Version string every local simulator reports. */
export const LOCAL_BACKEND_VERSION = '1.0.0';

/** `online_date` of the local simulators. */
const SIMULATOR_ONLINE_DATE = '2024-01-01T00:00:00Z';

function pendingJobs(core: RuntimeCore, name: string): number {
  return core.store
    .all()
    .filter((j) => j.backend === name && (j.status === 'Queued' || j.status === 'Running')).length;
}

/**
 * One backend as the list and `GET /v1/backends/{name}` describe it (the fields of IBM's
 * OpenAPI `BackendsResponseV2` devices).
 */
function backendView(core: RuntimeCore, b: ResolvedBackend): Record<string, unknown> {
  const d = b.device;
  const best = d?.twoQubitErrorBest;
  return {
    name: b.name,
    status: { name: b.operational ? 'online' : 'offline', reason: b.statusMessage },
    is_simulator: d === undefined,
    qubits: b.numQubits,
    processor_type:
      d === undefined
        ? { family: 'statevector simulator' }
        : { family: d.processorType.family, revision: d.processorType.revision },
    queue_length: pendingJobs(core, b.name),
    clops: d?.clops === undefined ? null : { type: 'hardware', value: d.clops },
    performance_metrics:
      best === undefined
        ? null
        : {
            two_q_error_best: { value: best.value, gate: best.gate, unit: '', qubits: best.qubits },
          },
  };
}

function lookup(core: RuntimeCore, name: string): ResolvedBackend | undefined {
  return core.backends.get(name);
}

function notFound(name: string): ReturnType<typeof errorReply> {
  return errorReply(404, ERROR_CODES.backendNotFound, `Backend not found: ${name}`);
}

/**
 * `GET /v1/backends`: device objects, or plain names when the request pins an
 * `IBM-API-Version` before `2025-01-01` (as the service does).
 */
export const listBackends: Handler = (core, ctx) => {
  const version = ctx.req.headers['ibm-api-version'];
  const names =
    typeof version === 'string' && version.trim() !== '' && version.trim() < '2025-01-01';
  const backends = [...core.backends.values()];
  return jsonReply(200, {
    devices: names ? backends.map((b) => b.name) : backends.map((b) => backendView(core, b)),
  });
};

/** `GET /v1/backends/{name}`. */
export const getBackend: Handler = (core, ctx) => {
  const b = lookup(core, ctx.params['backend']!);
  return b ? jsonReply(200, backendView(core, b)) : notFound(ctx.params['backend']!);
};

/** `GET /v1/backends/{name}/status`: `{state, status, message, length_queue, backend_version}`. */
export const getBackendStatus: Handler = (core, ctx) => {
  const b = lookup(core, ctx.params['backend']!);
  if (!b) return notFound(ctx.params['backend']!);
  return jsonReply(200, {
    state: b.operational,
    status: b.statusMessage,
    message: b.operational ? 'available' : 'not accepting jobs',
    length_queue: pendingJobs(core, b.name),
    backend_version: b.device?.backendVersion ?? LOCAL_BACKEND_VERSION,
  });
};

/** `GET /v1/backends/{name}/configuration`. */
export const getBackendConfiguration: Handler = (core, ctx) => {
  const b = lookup(core, ctx.params['backend']!);
  if (!b) return notFound(ctx.params['backend']!);
  if (b.device !== undefined)
    return jsonReply(200, { ...b.device.configuration, backend_name: b.name });
  const limits = core.options.limits;
  return jsonReply(200, {
    backend_name: b.name,
    backend_version: LOCAL_BACKEND_VERSION,
    n_qubits: b.numQubits,
    basis_gates: b.basisGates,
    supported_instructions: b.basisGates,
    gates: [],
    coupling_map: null,
    simulator: true,
    local: false,
    conditional: false,
    open_pulse: false,
    memory: true,
    max_shots: limits.maxShots,
    max_experiments: limits.maxPubs,
    description: 'Statevector simulator of the quantum-jobs-rx local runtime',
    online_date: SIMULATOR_ONLINE_DATE,
  });
};

/**
 * `GET /v1/backends/{name}/properties`: a device's calibration (qubits, gates, their dates);
 * a simulator has none to report (empty lists). `updated_before` and `calibration_id` are
 * accepted, and the one snapshot answered.
 */
export const getBackendProperties: Handler = (core, ctx) => {
  const b = lookup(core, ctx.params['backend']!);
  if (!b) return notFound(ctx.params['backend']!);
  if (b.device !== undefined)
    return jsonReply(200, { ...b.device.properties, backend_name: b.name });
  return jsonReply(200, {
    backend_name: b.name,
    backend_version: LOCAL_BACKEND_VERSION,
    last_update_date: SIMULATOR_ONLINE_DATE,
    qubits: [],
    gates: [],
    general: [],
  });
};
