/**
 * Perfect layouts: an embedding of the circuit's interaction graph (virtual qubits joined when a
 * two-qubit gate acts on them) into the coupling graph, so that no swap is needed — a subgraph
 * monomorphism search in the manner of VF2 (Cordella et al., IEEE TPAMI 26(10), 2004) with the
 * VF2++ node order (most-constrained first), as Qiskit's `VF2Layout` does. With error rates the
 * search keeps looking (within a budget) for the embedding of least expected error.
 *
 * @module
 */
import type { Target } from './target.js';

/** The interaction graph of a circuit over its virtual qubits. */
export interface InteractionGraph {
  readonly numQubits: number;
  /** Neighbours of each virtual qubit. */
  readonly neighbours: readonly (readonly number[])[];
  /** Number of two-qubit gates on each unordered pair (`min * numQubits + max`). */
  readonly pairCounts: ReadonlyMap<number, number>;
  /** Number of single-qubit gates on each qubit. */
  readonly oneQubitCounts: readonly number[];
  /** Whether each qubit is measured. */
  readonly measured: readonly boolean[];
}

/** How hard to look. */
export interface Vf2Options {
  /** Candidate checks before giving up. */
  readonly callLimit: number;
  /** Complete embeddings to compare (by error) before stopping. */
  readonly maxSolutions: number;
}

/** The expected-error cost of putting the circuit on `v2p` (lower is better; 0 without errors). */
export function layoutCost(
  graph: InteractionGraph,
  target: Target,
  v2p: ArrayLike<number>,
): number {
  const nll = (e: number) => -Math.log(Math.max(1 - e, 1e-12));
  let cost = 0;
  for (const [key, count] of graph.pairCounts) {
    const a = Math.floor(key / graph.numQubits),
      b = key % graph.numQubits;
    cost += count * nll(target.edgeError(v2p[a]!, v2p[b]!));
  }
  for (let v = 0; v < graph.numQubits; v++) {
    const p = v2p[v]!;
    if (p < 0) continue;
    cost += graph.oneQubitCounts[v]! * nll(target.qubitError(p));
    if (graph.measured[v]) cost += nll(target.readoutError(p));
  }
  return cost;
}

/**
 * An embedding of the interacting qubits of `graph` into the coupling graph (`-1` for virtual
 * qubits without two-qubit gates), or `undefined` when none was found within the budget.
 */
export function vf2Layout(
  graph: InteractionGraph,
  target: Target,
  options: Vf2Options,
): Int32Array | undefined {
  const nv = graph.numQubits;
  const np = target.numQubits;
  const degree = graph.neighbours.map((ns) => ns.length);
  const active = [...Array(nv).keys()].filter((v) => degree[v]! > 0);
  if (active.length === 0) return new Int32Array(nv).fill(-1);
  if (active.length > np) return undefined;
  const pdeg = target.neighbours.map((ns) => ns.length);
  // VF2++ order: repeatedly the unordered node with most ordered neighbours, then most neighbours.
  const order: number[] = [];
  const inOrder = new Uint8Array(nv);
  const orderedNeighbours = new Int32Array(nv);
  while (order.length < active.length) {
    let best = -1;
    for (const v of active) {
      if (inOrder[v]) continue;
      if (
        best < 0 ||
        orderedNeighbours[v]! > orderedNeighbours[best]! ||
        (orderedNeighbours[v] === orderedNeighbours[best] && degree[v]! > degree[best]!)
      ) {
        best = v;
      }
    }
    order.push(best);
    inOrder[best] = 1;
    for (const w of graph.neighbours[best]!) orderedNeighbours[w]!++;
  }
  // For each position, the earlier-ordered neighbours the candidate must be adjacent to.
  const position = new Int32Array(nv).fill(-1);
  order.forEach((v, i) => (position[v] = i));
  const anchors = order.map((v) => graph.neighbours[v]!.filter((w) => position[w]! < position[v]!));
  // Physical qubits by quality, for nodes that start a new component.
  const quality = [...Array(np).keys()].sort((a, b) => nodeCost(a) - nodeCost(b) || a - b);
  const adjacent = new Uint8Array(np * np);
  target.neighbours.forEach((ns, p) => ns.forEach((q) => (adjacent[p * np + q] = 1)));

  const v2p = new Int32Array(nv).fill(-1);
  const used = new Uint8Array(np);
  let calls = 0;
  let solutions = 0;
  let best: Int32Array | undefined;
  let bestCost = Infinity;
  const noisy = target.noiseAware;

  const search = (depth: number): boolean => {
    if (depth === order.length) {
      solutions++;
      const cost = noisy ? layoutCost(graph, target, v2p) : 0;
      if (cost < bestCost) {
        bestCost = cost;
        best = Int32Array.from(v2p);
      }
      return !noisy || solutions >= options.maxSolutions;
    }
    const v = order[depth]!;
    const anchor = anchors[depth]!;
    const candidates = anchor.length > 0 ? target.neighbours[v2p[anchor[0]!]!]! : quality;
    for (const p of candidates) {
      if (++calls > options.callLimit) return true;
      if (used[p] || pdeg[p]! < degree[v]!) continue;
      let fits = true;
      for (let i = 1; i < anchor.length; i++) {
        if (!adjacent[p * np + v2p[anchor[i]!]!]) {
          fits = false;
          break;
        }
      }
      if (!fits) continue;
      v2p[v] = p;
      used[p] = 1;
      const stop = search(depth + 1);
      used[p] = 0;
      v2p[v] = -1;
      if (stop) return true;
    }
    return false;
  };
  search(0);
  return best;

  function nodeCost(p: number): number {
    let edge = 0;
    for (const q of target.neighbours[p]!) edge += target.edgeError(p, q);
    const deg = target.neighbours[p]!.length;
    return (deg > 0 ? edge / deg : 1) + target.readoutError(p) + target.qubitError(p);
  }
}

/** Put the virtual qubits `v2p` leaves at −1 on the best remaining physical qubits. */
export function completeLayout(
  graph: InteractionGraph,
  target: Target,
  v2p: Int32Array,
): Int32Array {
  const out = Int32Array.from(v2p);
  const used = new Uint8Array(target.numQubits);
  for (const p of out) if (p >= 0) used[p] = 1;
  const free = [...Array(target.numQubits).keys()]
    .filter((p) => !used[p])
    .sort(
      (a, b) =>
        target.readoutError(a) +
          target.qubitError(a) -
          (target.readoutError(b) + target.qubitError(b)) || a - b,
    );
  let k = 0;
  for (let v = 0; v < out.length; v++) if (out[v]! < 0) out[v] = free[k++]!;
  return out;
}

/** The interaction graph of a list of two-qubit pairs plus per-qubit gate counts. */
export function interactionGraph(
  numQubits: number,
  pairs: readonly (readonly [number, number])[],
  oneQubitCounts: readonly number[],
  measured: readonly boolean[],
): InteractionGraph {
  const sets: Set<number>[] = Array.from({ length: numQubits }, () => new Set());
  const pairCounts = new Map<number, number>();
  for (const [a, b] of pairs) {
    if (a === b) continue;
    sets[a]!.add(b);
    sets[b]!.add(a);
    const key = Math.min(a, b) * numQubits + Math.max(a, b);
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
  }
  return {
    numQubits,
    neighbours: sets.map((s) => [...s].sort((x, y) => x - y)),
    pairCounts,
    oneQubitCounts,
    measured,
  };
}
