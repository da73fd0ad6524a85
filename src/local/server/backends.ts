/**
 * The backends the local runtime offers: simulators and hardware devices from real
 * calibration data (`ibm_fez`, `ibm_sherbrooke`, see `src/local/backends/`), which take only
 * ISA circuits. By default all four: `local_simulator`, `ibmq_qasm_simulator`, `ibm_fez` and
 * `ibm_sherbrooke`, listed in that order. Every backend runs on the same statevector simulator.
 *
 * @module
 */
import { device, DEVICE_NAMES, type HardwareDevice } from '../backends/index.js';

/** One backend of the local runtime. */
export interface LocalBackendSpec {
  /**
   * Backend name as used in `backend` fields and `/v1/backends/{name}`. The name of a known
   * device (`ibm_fez`, `ibm_sherbrooke`) serves that device unless `device` says otherwise.
   */
  readonly name: string;
  /** Serve this hardware device under `name` (`'ibm_fez'`, `'ibm_sherbrooke'`). */
  readonly device?: string;
  /** Qubits a simulator reports; capped by the `maxQubits` limit. Not for devices. */
  readonly numQubits?: number;
  /** Gate names a simulator reports in its configuration. Not for devices. */
  readonly basisGates?: readonly string[];
  /** False makes the backend report itself down and refuse new jobs (400). Default true. */
  readonly operational?: boolean;
  /** Free text shown in the status (`active`, `maintenance`, ...). */
  readonly statusMessage?: string;
}

/** A backend with every field filled in. */
export interface ResolvedBackend {
  readonly name: string;
  readonly numQubits: number;
  readonly basisGates: readonly string[];
  readonly operational: boolean;
  readonly statusMessage: string;
  /** The hardware device behind the backend; undefined for a simulator. */
  readonly device: HardwareDevice | undefined;
}

/** Gates the simulator understands, reported as every backend's basis by default. */
export const DEFAULT_BASIS_GATES: readonly string[] = [
  'id',
  'x',
  'y',
  'z',
  'h',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'sxdg',
  'rx',
  'ry',
  'rz',
  'p',
  'u',
  'cx',
  'cy',
  'cz',
  'ch',
  'swap',
  'ccx',
  'cswap',
  'crx',
  'cry',
  'crz',
  'cp',
  'rxx',
  'ryy',
  'rzz',
  'ecr',
  'measure',
  'reset',
  'barrier',
];

/**
 * The backends offered when the `backends` option is left out: the two simulators first, then
 * the devices. The list's order is the order of `GET /v1/backends`, which breaks ties when a
 * client picks the least busy backend (qiskit-ibm-runtime's `least_busy` sorts the list by
 * `queue_length`, keeping the list's order among equals): on an idle runtime that is
 * `local_simulator`, and with `simulator=False`, `ibm_fez`.
 */
export const DEFAULT_BACKENDS: readonly string[] = [
  'local_simulator',
  'ibmq_qasm_simulator',
  'ibm_fez',
  'ibm_sherbrooke',
];

/** The hardware devices a backend may serve. */
export const KNOWN_DEVICES: readonly string[] = DEVICE_NAMES;

/**
 * Fill in a backend's defaults; `maxQubits` caps a simulator's qubit count. A device's size
 * and basis are the device's. Throws a `RangeError` naming an unknown device.
 */
export function resolveBackend(
  spec: string | LocalBackendSpec,
  maxQubits: number,
): ResolvedBackend {
  const s: LocalBackendSpec = typeof spec === 'string' ? { name: spec } : spec;
  const operational = s.operational ?? true;
  const statusMessage = s.statusMessage ?? (operational ? 'active' : 'maintenance');
  const deviceName = s.device ?? (DEVICE_NAMES.includes(s.name) ? s.name : undefined);
  if (deviceName !== undefined) {
    const d = device(deviceName);
    if (d === undefined) {
      throw new RangeError(
        `unknown device ${JSON.stringify(deviceName)} (known: ${DEVICE_NAMES.join(', ')})`,
      );
    }
    return {
      name: s.name,
      numQubits: d.numQubits,
      basisGates: d.basisGates,
      operational,
      statusMessage,
      device: d,
    };
  }
  return {
    name: s.name,
    numQubits: Math.min(s.numQubits ?? maxQubits, maxQubits),
    basisGates: s.basisGates ?? DEFAULT_BASIS_GATES,
    operational,
    statusMessage,
    device: undefined,
  };
}
