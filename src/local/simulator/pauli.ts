/**
 * Expectation values of Pauli strings on a statevector, computed exactly from the amplitudes:
 * for P = i^{#Y} · X^x · Z^z, ⟨ψ|P|ψ⟩ = i^{#Y} · Σ_k conj(ψ[k ⊕ x]) · (−1)^{|k ∧ z|} · ψ[k].
 *
 * @module
 */

/** A Pauli string in bit-mask form over the simulated qubits. */
export interface PauliMasks {
  /** Qubits carrying X or Y. */
  readonly x: number;
  /** Qubits carrying Z or Y. */
  readonly z: number;
  /** Number of Y letters. */
  readonly numY: number;
}

/**
 * Convert a label over the circuit's full width into masks over the simulated qubits, where
 * `position[q]` is the simulated index of circuit qubit q, or −1 for a qubit no gate touches
 * (it stays in |0⟩). Returns `undefined` when the expectation is zero for that reason (an X or
 * Y on an untouched qubit); I and Z on untouched qubits contribute a factor 1.
 */
export function pauliMasks(label: string, position: Int32Array): PauliMasks | undefined {
  let x = 0,
    z = 0,
    numY = 0;
  const n = label.length;
  for (let q = 0; q < n; q++) {
    const letter = label[n - 1 - q];
    if (letter === 'I') continue;
    const at = position[q]!;
    if (at < 0) {
      if (letter === 'Z') continue;
      return undefined;
    }
    const bit = 1 << at;
    if (letter === 'X') x |= bit;
    else if (letter === 'Z') z |= bit;
    else {
      x |= bit;
      z |= bit;
      numY++;
    }
  }
  return { x, z, numY };
}

export function parity(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/**
 * The part of Σ_k conj(ψ[k ⊕ x]) · (−1)^{|k ∧ z|} · ψ[k] over basis indices `[lo, hi)`, as
 * `[re, im]`, for an interleaved amplitude array.
 */
export function pauliPartialSum(
  a: Float64Array,
  masks: PauliMasks,
  lo: number,
  hi: number,
): [number, number] {
  const { x, z } = masks;
  let re = 0,
    im = 0;
  if (x === 0) {
    for (let k = lo; k < hi; k++) {
      const p = a[2 * k]! * a[2 * k]! + a[2 * k + 1]! * a[2 * k + 1]!;
      re += parity(k & z) ? -p : p;
    }
    return [re, 0];
  }
  for (let k = lo; k < hi; k++) {
    const j = 2 * (k ^ x);
    const ur = a[j]!,
      ui = -a[j + 1]!;
    const vr = a[2 * k]!,
      vi = a[2 * k + 1]!;
    const pr = ur * vr - ui * vi,
      pi = ur * vi + ui * vr;
    if (parity(k & z)) {
      re -= pr;
      im -= pi;
    } else {
      re += pr;
      im += pi;
    }
  }
  return [re, im];
}

/** Combine a full sum from {@link pauliPartialSum} with the i^{#Y} phase: the (real) expectation. */
export function pauliExpectationFromSum(masks: PauliMasks, sum: readonly [number, number]): number {
  switch (masks.numY & 3) {
    case 0:
      return sum[0];
    case 1:
      return -sum[1];
    case 2:
      return -sum[0];
    default:
      return sum[1];
  }
}
