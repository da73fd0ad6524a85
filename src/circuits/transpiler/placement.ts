/**
 * A placement of virtual qubits on physical qubits that routing updates swap by swap: both
 * directions of the bijection over all of the backend's qubits (virtual qubits beyond the
 * circuit's own are the idle ancillas).
 *
 * @module
 */

/** A bijection between virtual and physical qubits, mutated by swaps. */
export class Placement {
  /** Physical qubit of each virtual qubit. */
  readonly v2p: Int32Array;
  /** Virtual qubit on each physical qubit. */
  readonly p2v: Int32Array;

  constructor(v2p: ArrayLike<number>) {
    this.v2p = Int32Array.from(v2p);
    this.p2v = new Int32Array(this.v2p.length);
    this.v2p.forEach((p, v) => (this.p2v[p] = v));
  }

  /**
   * A placement of all `numPhysical` qubits that puts virtual qubit `v` on `initial[v]`, and the
   * remaining virtual qubits on the remaining physical qubits in increasing order.
   */
  static extend(initial: readonly number[], numPhysical: number): Placement {
    const used = new Uint8Array(numPhysical);
    for (const p of initial) used[p] = 1;
    const v2p = [...initial];
    for (let p = 0; p < numPhysical; p++) if (used[p] === 0) v2p.push(p);
    return new Placement(v2p);
  }

  /** Exchange the virtual qubits on physical qubits `a` and `b`. */
  swap(a: number, b: number): void {
    const va = this.p2v[a]!,
      vb = this.p2v[b]!;
    this.p2v[a] = vb;
    this.p2v[b] = va;
    this.v2p[va] = b;
    this.v2p[vb] = a;
  }

  /** An independent copy. */
  clone(): Placement {
    return new Placement(this.v2p);
  }
}
