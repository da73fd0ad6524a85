/**
 * A device's noise model, derived from its calibration the way Qiskit Aer's
 * `NoiseModel.from_backend` derives its gate errors (without thermal relaxation): each gate
 * with a reported error `r` on `n` qubits is followed by an `n`-qubit depolarizing channel of
 * parameter `λ = r·d/(d−1)` (`d = 2^n`), which applies each of the `d²−1` non-identity Paulis
 * with probability `λ/d²`, so some non-identity Pauli with probability `r·(d+1)/d`. Each
 * measured bit is flipped with the qubit's preparation/measurement error probabilities.
 *
 * @module
 */
import { gateKey, type HardwareDevice } from './device.js';

/** The noise of one device. */
export interface NoiseModel {
  /** The device it describes. */
  readonly device: string;
  /** The calibration date it comes from. */
  readonly calibrated: string;
  /**
   * The probability that gate `name` on `qubits` is followed by a non-identity Pauli error
   * (0 when the device reports no error for it).
   */
  pauliErrorProbability(name: string, qubits: readonly number[]): number;
  /** The probability of reading 1 from a qubit in |0⟩. */
  readoutZeroToOne(qubit: number): number;
  /** The probability of reading 0 from a qubit in |1⟩. */
  readoutOneToZero(qubit: number): number;
}

/**
 * The probability of a non-identity Pauli after an `n`-qubit gate whose average gate error is
 * `r`: `r·(d+1)/d` with `d = 2^n`, at most 1.
 */
export function depolarizingPauliProbability(r: number, n: number): number {
  if (!(r > 0) || n < 1) return 0;
  const d = 2 ** n;
  return Math.min(1, (r * (d + 1)) / d);
}

/** The noise model of `device`. */
export function noiseModelOf(device: HardwareDevice): NoiseModel {
  const at = (a: Float64Array, q: number): number => (q >= 0 && q < a.length ? a[q]! : 0);
  return {
    device: device.name,
    calibrated: String(device.properties['last_update_date']),
    pauliErrorProbability(name, qubits) {
      const r = device.gateErrors.get(gateKey(name, qubits));
      return r === undefined ? 0 : depolarizingPauliProbability(r, qubits.length);
    },
    readoutZeroToOne: (q) => at(device.readoutFlips.zeroToOne, q),
    readoutOneToZero: (q) => at(device.readoutFlips.oneToZero, q),
  };
}
