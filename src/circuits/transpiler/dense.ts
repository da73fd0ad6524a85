/**
 * Noise-aware dense layout: the connected set of physical qubits, grown breadth first from each
 * qubit along its best edges, with the most couplings among them and then the least error (the
 * idea of Qiskit's `DenseLayout`), and a placement of the circuit's busiest qubits on its best
 * connected qubits.
 *
 * @module
 */
import type { Target } from './target.js';
import type { InteractionGraph } from './vf2.js';

const subsets = new WeakMap<Target, Map<number, number[]>>();

/** A connected set of `k` physical qubits, densest first, then least error. */
export function denseSubset(target: Target, k: number): number[] {
  let known = subsets.get(target);
  if (known === undefined) subsets.set(target, (known = new Map()));
  const cached = known.get(k);
  if (cached !== undefined) return cached;
  const found = searchDenseSubset(target, k);
  known.set(k, found);
  return found;
}

function searchDenseSubset(target: Target, k: number): number[] {
  const n = target.numQubits;
  let best: number[] = [];
  let bestEdges = -1;
  let bestError = Infinity;
  const inSet = new Uint8Array(n);
  const links = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    const chosen: number[] = [];
    inSet.fill(0);
    links.fill(0);
    const frontier = new Set<number>();
    const add = (p: number) => {
      chosen.push(p);
      inSet[p] = 1;
      frontier.delete(p);
      for (const r of target.neighbours[p]!) {
        if (inSet[r]) continue;
        links[r]!++;
        frontier.add(r);
      }
    };
    add(start);
    // Grow by the outside neighbour with the most links into the set, then the best edge.
    while (chosen.length < k && frontier.size > 0) {
      let pick = -1;
      let pickLinks = -1;
      let pickError = Infinity;
      for (const q of frontier) {
        let edge = Infinity;
        for (const r of target.neighbours[q]!)
          if (inSet[r]) edge = Math.min(edge, target.edgeError(q, r));
        const err = edge + target.readoutError(q);
        if (links[q]! > pickLinks || (links[q] === pickLinks && err < pickError)) {
          pick = q;
          pickLinks = links[q]!;
          pickError = err;
        }
      }
      add(pick);
    }
    if (chosen.length < k) continue;
    let edges = 0;
    let error = 0;
    for (const p of chosen) {
      error += target.readoutError(p) + target.qubitError(p);
      for (const q of target.neighbours[p]!) {
        if (q > p && inSet[q]) {
          edges++;
          error += target.edgeError(p, q);
        }
      }
    }
    if (edges > bestEdges || (edges === bestEdges && error < bestError)) {
      best = chosen;
      bestEdges = edges;
      bestError = error;
    }
  }
  return best;
}

/**
 * Place the interacting virtual qubits on a dense subset: both sides are walked breadth first
 * from their best-connected node and matched in that order. Returns `v2p` (−1 for qubits
 * without two-qubit gates) or `undefined` when the coupling map has no connected set that
 * large.
 */
export function denseLayout(graph: InteractionGraph, target: Target): Int32Array | undefined {
  const active = [...Array(graph.numQubits).keys()].filter((v) => graph.neighbours[v]!.length > 0);
  const v2p = new Int32Array(graph.numQubits).fill(-1);
  if (active.length === 0) return v2p;
  const subset = denseSubset(target, active.length);
  if (subset.length < active.length) return undefined;
  const inSubset = new Set(subset);
  const virtualOrder = bfsOrder(
    active,
    (v) => graph.neighbours[v]!,
    (v) => weightedDegree(graph, v),
  );
  const physicalOrder = bfsOrder(
    subset,
    (p) => target.neighbours[p]!.filter((q) => inSubset.has(q)),
    (p) => target.neighbours[p]!.filter((q) => inSubset.has(q)).length,
  );
  virtualOrder.forEach((v, i) => (v2p[v] = physicalOrder[i]!));
  return v2p;
}

function weightedDegree(graph: InteractionGraph, v: number): number {
  let w = 0;
  for (const u of graph.neighbours[v]!) {
    w += graph.pairCounts.get(Math.min(u, v) * graph.numQubits + Math.max(u, v)) ?? 0;
  }
  return w;
}

/** Breadth-first order over `nodes`, each component started from its heaviest node. */
function bfsOrder(
  nodes: readonly number[],
  next: (x: number) => readonly number[],
  weight: (x: number) => number,
): number[] {
  const allowed = new Set(nodes);
  const seen = new Set<number>();
  const out: number[] = [];
  const byWeight = [...nodes].sort((a, b) => weight(b) - weight(a) || a - b);
  for (const root of byWeight) {
    if (seen.has(root)) continue;
    seen.add(root);
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i]!;
      out.push(x);
      const ns = next(x)
        .filter((y) => allowed.has(y) && !seen.has(y))
        .sort((a, b) => weight(b) - weight(a) || a - b);
      for (const y of ns) {
        seen.add(y);
        queue.push(y);
      }
    }
  }
  return out;
}
