/**
 * The hardware devices the local runtime can serve, by the name the service gives them:
 * `ibm_fez` (Heron r2, 156 qubits, `cz` basis) and `ibm_sherbrooke` (Eagle r3, 127 qubits,
 * `ecr` basis), from the calibration snapshots qiskit-ibm-runtime's `fake_provider` ships.
 *
 * @module
 */
import fez from './data/ibm_fez.json' with { type: 'json' };
import sherbrooke from './data/ibm_sherbrooke.json' with { type: 'json' };
import { deviceFromData, type CompactDevice, type HardwareDevice } from './device.js';

export { gateKey, type HardwareDevice, type Nduv } from './device.js';

const DATA: Readonly<Record<string, CompactDevice>> = {
  ibm_fez: fez as unknown as CompactDevice,
  ibm_sherbrooke: sherbrooke as unknown as CompactDevice,
};

/** Names of the hardware devices the local runtime knows. */
export const DEVICE_NAMES: readonly string[] = Object.keys(DATA);

const built = new Map<string, HardwareDevice>();

/** The device called `name`, or undefined when no such device is known. Built once. */
export function device(name: string): HardwareDevice | undefined {
  const data = DATA[name];
  if (data === undefined) return undefined;
  let d = built.get(name);
  if (d === undefined) {
    d = deviceFromData(name, data);
    built.set(name, d);
  }
  return d;
}
export { depolarizingPauliProbability, noiseModelOf, type NoiseModel } from './noise.js';
