/**
 * Where a transpiled circuit put the input's qubits (Qiskit's `TranspileLayout`): the initial
 * layout (virtual qubit → physical qubit at the start), the permutation routing applied by the
 * end, and the observable mapping an Estimator needs (`SparsePauliOp.apply_layout`).
 *
 * @module
 */
import { CircuitError } from '../errors.js';

/** An observable as the Estimator takes it: a Pauli string, or `{ pauli: coefficient }`. */
export type PauliObservable = string | Readonly<Record<string, number>>;

/** Observables in any nesting of arrays. */
export type PauliObservables = PauliObservable | readonly PauliObservables[];

/** The layout of a transpiled circuit. */
export class TranspileLayout {
  /**
   * @param initialLayout physical qubit of each input qubit at the start
   * @param routingPermutation for each physical qubit, where the state that starts on it is at the end
   * @param numPhysical the backend's number of qubits
   * @param virtualPermutation for each input qubit, the input qubit whose place its state takes
   *   once the circuit's own swaps are elided (identity when none were)
   */
  constructor(
    readonly initialLayout: readonly number[],
    readonly routingPermutation: readonly number[],
    readonly numPhysical: number,
    readonly virtualPermutation: readonly number[] = initialLayout.map((_, q) => q),
  ) {}

  /** Number of qubits of the circuit before transpilation. */
  get numInputQubits(): number {
    return this.initialLayout.length;
  }

  /** The physical qubit each input qubit is on at the end (Qiskit's `final_index_layout()`). */
  finalIndexLayout(): number[] {
    return this.virtualPermutation.map((w) => this.routingPermutation[this.initialLayout[w]!]!);
  }

  /**
   * An observable of the input circuit (Pauli strings over its qubits, qubit 0 rightmost) as an
   * observable of the transpiled circuit, over all the backend's qubits: each input qubit's
   * Pauli moves to the physical qubit that qubit ends on. Arrays are mapped element by element.
   */
  applyLayout<T extends PauliObservables>(observables: T): T {
    const final = this.finalIndexLayout();
    const mapString = (s: string): string => {
      if (s.length !== final.length) {
        throw new CircuitError(
          `the observable ${JSON.stringify(s.length > 40 ? s.slice(0, 37) + '...' : s)} acts on ${s.length} qubits, the circuit has ${final.length}`,
        );
      }
      const out = new Array<string>(this.numPhysical).fill('I');
      for (let v = 0; v < final.length; v++) {
        out[this.numPhysical - 1 - final[v]!] = s[s.length - 1 - v]!;
      }
      return out.join('');
    };
    const map = (o: PauliObservables): PauliObservables => {
      if (typeof o === 'string') return mapString(o);
      if (Array.isArray(o)) return o.map(map);
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(o as Record<string, number>)) out[mapString(k)] = v;
      return out;
    };
    return map(observables) as T;
  }

  /** Plain data, for logs and JSON. */
  toJSON(): { initialLayout: number[]; finalIndexLayout: number[]; numPhysical: number } {
    return {
      initialLayout: [...this.initialLayout],
      finalIndexLayout: this.finalIndexLayout(),
      numPhysical: this.numPhysical,
    };
  }
}
