/**
 * Reads a PUB's observables (a Pauli string, a `{pauli: coefficient}` object, or nested lists
 * of those) into a shaped array of weighted Pauli sums, following Qiskit's `ObservablesArray`.
 * In a Pauli label the rightmost letter acts on qubit 0.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import { SimulationError } from './errors.js';
import { readNested, type Shaped } from './ndarray.js';

/** One Pauli string with its real coefficient. */
export interface PauliTerm {
  /** Letters I, X, Y, Z; the rightmost acts on qubit 0. */
  readonly label: string;
  readonly coeff: number;
}

/** A Hermitian observable as a real-weighted sum of Pauli strings. */
export interface Observable {
  readonly terms: readonly PauliTerm[];
}

const PAULI = /^[IXYZ]*$/;

function checkLabel(label: string, numQubits: number, where: string): void {
  if (!PAULI.test(label)) {
    throw new SimulationError(`${where}: '${label}' is not a Pauli string (letters I, X, Y, Z)`);
  }
  if (label.length !== numQubits) {
    throw new SimulationError(
      `${where}: Pauli string '${label.length > 40 ? `${label.slice(0, 37)}...` : label}' acts on ${label.length} qubit(s) but the circuit has ${numQubits}`,
    );
  }
}

/**
 * Read `value` for a circuit of `numQubits` qubits. Throws {@link SimulationError} naming the
 * path of an invalid label, a label of the wrong width, a non-numeric coefficient, or a
 * ragged list.
 */
export function readObservables(value: unknown, numQubits: number): Shaped<Observable> {
  if (value === undefined || value === null) {
    throw new SimulationError('observables are required');
  }
  return readNested(value, 'observables', (v, path): Observable => {
    const where = `observables${path}`;
    if (typeof v === 'string') {
      checkLabel(v, numQubits, where);
      return { terms: [{ label: v, coeff: 1 }] };
    }
    if (typeof v === 'object' && v !== null) {
      const terms: PauliTerm[] = [];
      for (const [label, coeff] of Object.entries(v as Record<string, unknown>)) {
        checkLabel(label, numQubits, where);
        if (typeof coeff !== 'number' || !Number.isFinite(coeff)) {
          throw new SimulationError(
            `${where}['${label}']: expected a real coefficient, got ${describeValue(coeff)}`,
          );
        }
        terms.push({ label, coeff });
      }
      return { terms };
    }
    throw new SimulationError(
      `${where}: expected a Pauli string or an object of Pauli string → coefficient, got ${describeValue(v)}`,
    );
  });
}
