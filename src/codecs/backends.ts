/**
 * Codecs for the backend endpoints: the list (`GET /v1/backends`), one backend's
 * configuration (`GET /v1/backends/{name}/configuration`) and its status
 * (`GET /v1/backends/{name}/status`). Extra fields are kept.
 *
 * The list is `{"devices": [...]}`: plain names for API versions up to `2024-01-01`, objects
 * (`name`, `status`, `qubits`, `queue_length`, ...) from `2025-01-01`. The status endpoint
 * answers `{state, status, message, length_queue, backend_version}`, which clients present as
 * `{backend_name, operational, pending_jobs, status_msg}` (`BackendStatus`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode, failAt, validateInPlace } from './decode.js';
import type { DecodeError } from './errors.js';
import { FiniteNumber, NonNegativeInt, nullable } from './scalars.js';

/** Status of a listed device: a word such as `online`, or `{name, reason?}`. */
export const DeviceStatus = t.union(
  [
    t.string,
    t.intersection([t.type({ name: t.string }), t.partial({ reason: nullable(t.string) })]),
  ],
  'DeviceStatus',
);
export type DeviceStatus = t.TypeOf<typeof DeviceStatus>;

/** Processor family of a device, e.g. `{family: "Heron", revision: "2"}`. */
export const ProcessorType = t.partial(
  {
    family: nullable(t.string),
    revision: nullable(t.union([t.string, t.number])),
    segment: nullable(t.string),
  },
  'ProcessorType',
);
export type ProcessorType = t.TypeOf<typeof ProcessorType>;

/** One entry of the backend list (API versions from `2025-01-01`). */
export const BackendDevice = t.intersection(
  [
    t.type({ name: t.string }),
    t.partial({
      status: nullable(DeviceStatus),
      is_simulator: nullable(t.boolean),
      qubits: nullable(NonNegativeInt),
      queue_length: nullable(NonNegativeInt),
      clops: nullable(t.UnknownRecord),
      processor_type: nullable(ProcessorType),
      performance_metrics: nullable(t.UnknownRecord),
      wait_time_seconds: nullable(t.unknown),
    }),
  ],
  'BackendDevice',
);
export type BackendDevice = t.TypeOf<typeof BackendDevice>;

const BackendEntries = t.array(t.union([t.string, BackendDevice], 'backend name or device'));

/**
 * `devices` of the list: optional in the OpenAPI model (`devices: Option<Vec<...>>`,
 * Qiskit/qiskit-ibm-runtime-c `crates/ibm-quantum-platform-api/src/models/backends_response_v2.rs`),
 * so an answer without it (or with `null`) lists no backend.
 */
const Devices = new t.Type<
  t.TypeOf<typeof BackendEntries>,
  t.TypeOf<typeof BackendEntries>,
  unknown
>(
  `${BackendEntries.name} or absent`,
  BackendEntries.is,
  (u, c) => (u === undefined || u === null ? t.success([]) : BackendEntries.validate(u, c)),
  t.identity,
);

/** Answer of `GET /v1/backends`: device objects, or plain names from older API versions. */
export const BackendsResponse = t.type({ devices: Devices }, 'BackendsResponse');
export type BackendsResponse = t.TypeOf<typeof BackendsResponse>;

/** The names of the listed backends, whichever form the list used. */
export function backendNamesOf(response: BackendsResponse): string[] {
  return response.devices.map((d) => (typeof d === 'string' ? d : d.name));
}

/** The status word of a listed device (`online`, `paused`, ...), if it has one. */
export function deviceStatusName(device: BackendDevice): string | undefined {
  const s = device.status;
  if (s === undefined || s === null) return undefined;
  return typeof s === 'string' ? s : s.name;
}

/** The fields of a backend configuration, all optional (see `BackendConfiguration` for what is required). */
export const BackendConfigurationFields = t.partial({
  backend_name: t.string,
  name: t.string,
  backend_version: nullable(t.string),
  n_qubits: NonNegativeInt,
  num_qubits: NonNegativeInt,
  basis_gates: t.array(t.string),
  coupling_map: nullable(t.array(t.array(NonNegativeInt))),
  simulator: t.boolean,
  local: nullable(t.boolean),
  conditional: nullable(t.boolean),
  open_pulse: nullable(t.boolean),
  memory: nullable(t.boolean),
  max_shots: nullable(NonNegativeInt),
  max_experiments: nullable(NonNegativeInt),
  supported_instructions: nullable(t.array(t.string)),
  processor_type: nullable(ProcessorType),
  online_date: nullable(t.string),
  description: nullable(t.string),
  dt: nullable(FiniteNumber),
  dtm: nullable(FiniteNumber),
});

/**
 * Configuration of one backend. It must name the backend (`backend_name`, or `name`) and
 * give its width (`n_qubits`, or `num_qubits`); see `configurationName` and
 * `configurationQubits`.
 */
export const BackendConfiguration = new t.Type<t.TypeOf<typeof BackendConfigurationFields>>(
  'BackendConfiguration',
  (u): u is t.TypeOf<typeof BackendConfigurationFields> =>
    E.isRight(BackendConfiguration.validate(u, [])),
  (u, c) =>
    E.chain(
      (
        cfg: t.TypeOf<typeof BackendConfigurationFields>,
      ): t.Validation<t.TypeOf<typeof BackendConfigurationFields>> => {
        if (cfg.backend_name === undefined && cfg.name === undefined) {
          return failAt(c, u, ['backend_name'], 'string (or "name")');
        }
        if (cfg.n_qubits === undefined && cfg.num_qubits === undefined) {
          return failAt(c, u, ['n_qubits'], 'non-negative integer (or "num_qubits")');
        }
        return t.success(cfg);
      },
    )(validateInPlace(BackendConfigurationFields, u, c)),
  t.identity,
);
export type BackendConfiguration = t.TypeOf<typeof BackendConfiguration>;

/** The backend's name from its configuration. */
export function configurationName(config: BackendConfiguration): string {
  return config.backend_name ?? config.name ?? '';
}

/** The backend's qubit count from its configuration. */
export function configurationQubits(config: BackendConfiguration): number {
  return config.n_qubits ?? config.num_qubits ?? 0;
}

/** One calibration value (`{date, name, unit, value}`) of a backend's properties. */
export const Nduv = t.intersection([
  t.type({ name: t.string, value: t.number }),
  t.partial({ unit: t.string, date: t.string }),
]);

/**
 * `GET /backends/{name}/properties`: a device's calibration (per-qubit values such as
 * `readout_error`, and every gate's `gate_error` and `gate_length`), as qiskit-ibm-runtime's
 * `BackendProperties` reads it.
 */
export const BackendProperties = t.intersection([
  t.type({
    qubits: t.array(t.array(Nduv)),
    gates: t.array(
      t.intersection([
        t.type({ gate: t.string, qubits: t.array(NonNegativeInt), parameters: t.array(Nduv) }),
        t.partial({ name: t.string }),
      ]),
    ),
  }),
  t.partial({
    backend_name: t.string,
    backend_version: t.string,
    last_update_date: t.string,
    general: t.array(Nduv),
  }),
]);
export type BackendProperties = t.TypeOf<typeof BackendProperties>;

/**
 * What `GET /v1/backends/{name}/status` sends: `state` (true when operational), `status`
 * (e.g. `active`), `message`, `length_queue` (pending jobs).
 */
export const BackendStatusResponse = t.partial(
  {
    state: nullable(t.boolean),
    status: nullable(t.string),
    message: nullable(t.string),
    length_queue: nullable(t.number),
    backend_version: nullable(t.string),
  },
  'BackendStatusResponse',
);
export type BackendStatusResponse = t.TypeOf<typeof BackendStatusResponse>;

/** The status of a backend as clients present it (qiskit's `BackendStatus`). */
export const BackendStatus = t.intersection(
  [
    t.type({
      backend_name: t.string,
      operational: t.boolean,
      pending_jobs: NonNegativeInt,
      status_msg: t.string,
    }),
    t.partial({ backend_version: t.string }),
  ],
  'BackendStatus',
);
export type BackendStatus = t.TypeOf<typeof BackendStatus>;

/**
 * Present a status answer as a `BackendStatus`: `operational` from `state`,
 * `status_msg` from `status`, `pending_jobs` from `length_queue` (never below 0), version
 * `0.0.0` when none is given — the way qiskit-ibm-runtime reads this endpoint.
 */
export function backendStatusFromResponse(
  backendName: string,
  response: BackendStatusResponse,
): BackendStatus {
  const queue = response.length_queue;
  return {
    backend_name: backendName,
    backend_version: response.backend_version ?? '0.0.0',
    status_msg: response.status ?? '',
    operational: response.state === true,
    pending_jobs:
      typeof queue === 'number' && Number.isFinite(queue) ? Math.max(0, Math.floor(queue)) : 0,
  };
}

/**
 * Decode a status answer for backend `backendName`, in either form: the endpoint's own
 * (`state`, `length_queue`, ...) or the presented `BackendStatus`.
 */
export function decodeBackendStatus(
  backendName: string,
  value: unknown,
): E.Either<DecodeError, BackendStatus> {
  if (E.isRight(BackendStatus.decode(value))) return decode(BackendStatus, value);
  return E.map((r: BackendStatusResponse) => backendStatusFromResponse(backendName, r))(
    decode(BackendStatusResponse, value),
  );
}
