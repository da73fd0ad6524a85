/**
 * SABRE swap insertion (Li, Ding and Xie, "Tackling the Qubit Mapping Problem for NISQ-Era
 * Quantum Devices", ASPLOS 2019), with the refinements Qiskit's `SabreSwap` uses: nodes run as
 * soon as their qubits are adjacent; otherwise every swap on an edge next to a waiting gate is
 * scored by the mean distance of the front layer plus half the mean distance of the next
 * twenty two-qubit gates (the lookahead), times a decay that discourages moving the same qubits
 * again; ties are broken at random (seeded), and a release valve walks the nearest gate along a
 * shortest path when swaps stop making progress.
 *
 * @module
 */
import { TranspileError } from '../errors.js';
import type { RoutingDag } from './dag.js';
import type { Placement } from './placement.js';
import type { Random } from './random.js';
import { UNREACHABLE } from './target.js';

/** The coupling graph routing works on. */
export interface CouplingGraph {
  readonly numQubits: number;
  readonly neighbours: readonly (readonly number[])[];
  readonly distance: Int32Array;
}

/** What routing does with what it decides. */
export interface RoutingSink {
  /** Node `i` runs now; `placement` says where its virtual qubits are. */
  node(i: number, placement: Placement): void;
  /** A swap of physical qubits `a` and `b` runs now (the placement is already updated). */
  swap(a: number, b: number): void;
}

const EXTENDED_SIZE = 20;
const EXTENDED_WEIGHT = 0.5;
const DECAY_INCREMENT = 0.001;
const DECAY_RESET = 5;
const EPSILON = 1e-10;

/** A sink that only counts swaps (for layout passes). */
export const NO_OUTPUT: RoutingSink = { node: () => undefined, swap: () => undefined };

const diameters = new WeakMap<Int32Array, number>();

function diameter(dist: Int32Array): number {
  let d = diameters.get(dist);
  if (d === undefined) {
    d = 0;
    for (let i = 0; i < dist.length; i++) if (dist[i]! < UNREACHABLE && dist[i]! > d) d = dist[i]!;
    diameters.set(dist, d);
  }
  return d;
}

/**
 * Route `dag` from `placement` (updated in place to the final placement) on `graph`, telling
 * `sink` each node and swap in order. Returns the number of swaps inserted.
 */
export function sabreRoute(
  dag: RoutingDag,
  graph: CouplingGraph,
  placement: Placement,
  random: Random,
  sink: RoutingSink,
): number {
  const n = graph.numQubits;
  const dist = graph.distance;
  const neighbours = graph.neighbours;
  const count = dag.nodes.length;
  const pred = Int32Array.from(dag.predecessors);
  const qa = new Int32Array(count),
    qb = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (dag.twoQubit[i] === 1) {
      qa[i] = dag.qubits[i]![0]!;
      qb[i] = dag.qubits[i]![1]!;
    }
  }
  const v2p = placement.v2p;
  const decay = new Float64Array(n).fill(1);
  const front: number[] = [];
  let queue: number[] = [];
  let head = 0;
  for (let i = 0; i < count; i++) if (pred[i] === 0) queue.push(i);
  let swaps = 0;
  const stallLimit = 2 * diameter(dist) + 10;
  // Scratch for the extended set and for scoring.
  const seen = new Int32Array(count);
  const pending = new Int32Array(count);
  let epoch = 0;
  const touchStamp = new Int32Array(n);
  const touchList: number[][] = Array.from({ length: n }, () => []);
  let touchEpoch = 0;
  const candidateStamp = new Int32Array(n * 4 + 4);
  let df = 0,
    de = 0;

  const adjacent = (node: number): boolean => dist[v2p[qa[node]!]! * n + v2p[qb[node]!]!] === 1;
  const execute = (node: number) => {
    sink.node(node, placement);
    for (const s of dag.successors[node]!) if (--pred[s]! === 0) queue.push(s);
  };
  /** Run every node that can run; returns whether anything ran. */
  const drain = (): boolean => {
    let progressed = false;
    for (;;) {
      for (let k = front.length - 1; k >= 0; k--) {
        const node = front[k]!;
        if (adjacent(node)) {
          front[k] = front[front.length - 1]!;
          front.pop();
          execute(node);
          progressed = true;
        }
      }
      if (head >= queue.length) break;
      while (head < queue.length) {
        const node = queue[head++]!;
        if (dag.twoQubit[node] === 1 && !adjacent(node)) {
          front.push(node);
        } else {
          execute(node);
          progressed = true;
        }
      }
    }
    queue = [];
    head = 0;
    return progressed;
  };

  drain();
  let sinceProgress = 0;
  let sinceReset = 0;
  const extended: number[] = [];
  const candidatesA: number[] = [];
  const candidatesB: number[] = [];
  const bestA: number[] = [];
  const bestB: number[] = [];
  while (front.length > 0) {
    if (sinceProgress >= stallLimit) {
      releaseValve();
      decay.fill(1);
      sinceProgress = 0;
      continue;
    }
    fillExtended();
    chooseSwap();
    const pick = bestA.length === 1 ? 0 : random.below(bestA.length);
    const a = bestA[pick]!,
      b = bestB[pick]!;
    doSwap(a, b);
    decay[a]! += DECAY_INCREMENT;
    decay[b]! += DECAY_INCREMENT;
    if (++sinceReset >= DECAY_RESET) {
      decay.fill(1);
      sinceReset = 0;
    }
    if (drain()) {
      decay.fill(1);
      sinceReset = 0;
      sinceProgress = 0;
    } else {
      sinceProgress++;
    }
  }
  return swaps;

  function doSwap(a: number, b: number) {
    placement.swap(a, b);
    sink.swap(a, b);
    swaps++;
  }

  /** The next two-qubit nodes after the front layer, breadth first, at most EXTENDED_SIZE. */
  function fillExtended() {
    extended.length = 0;
    const mark = ++epoch;
    let layer: number[] = front.slice();
    for (let k = 0; k < layer.length; k++) seen[layer[k]!] = mark;
    while (layer.length > 0 && extended.length < EXTENDED_SIZE) {
      const nextLayer: number[] = [];
      for (const node of layer) {
        for (const s of dag.successors[node]!) {
          if (seen[s] === mark) continue;
          // A successor joins once all its predecessors inside the explored region are reached.
          if (seen[s] !== -mark) {
            seen[s] = -mark;
            pending[s] = pred[s]!;
          }
          if (--pending[s]! > 0) continue;
          seen[s] = mark;
          if (dag.twoQubit[s] === 1) {
            extended.push(s);
            if (extended.length >= EXTENDED_SIZE) return;
          }
          nextLayer.push(s);
        }
      }
      layer = nextLayer;
    }
  }

  function touch(p: number, node: number, stamp: number) {
    if (touchStamp[p] !== stamp) {
      touchStamp[p] = stamp;
      touchList[p]!.length = 0;
    }
    touchList[p]!.push(node);
  }

  function addCandidates(p: number, stamp: number) {
    const ns = neighbours[p]!;
    for (let j = 0; j < ns.length; j++) {
      const q = ns[j]!;
      const lo = p < q ? p : q,
        hi = p < q ? q : p;
      // One stamp per (lower qubit, neighbour slot of the higher).
      const slot = neighbours[lo]!.indexOf(hi);
      if (slot < 4) {
        const key = lo * 4 + slot;
        if (candidateStamp[key] === stamp) continue;
        candidateStamp[key] = stamp;
      }
      candidatesA.push(p);
      candidatesB.push(q);
    }
  }

  /** Change of the front (`df`) and extended (`de`) sums if `a` and `b` were swapped. */
  function deltas(a: number, b: number, stamp: number): void {
    df = 0;
    de = 0;
    for (let side = 0; side < 2; side++) {
      const p = side === 0 ? a : b;
      if (touchStamp[p] !== stamp) continue;
      const list = touchList[p]!;
      for (let k = 0; k < list.length; k++) {
        const tagged = list[k]!;
        const node = tagged < 0 ? ~tagged : tagged;
        let pa = v2p[qa[node]!]!,
          pb = v2p[qb[node]!]!;
        // A gate on both swapped qubits is listed twice and keeps its distance: count it once.
        if (side === 1 && (pa === a || pb === a)) continue;
        const before = dist[pa * n + pb]!;
        if (pa === a) pa = b;
        else if (pa === b) pa = a;
        if (pb === a) pb = b;
        else if (pb === b) pb = a;
        const delta = dist[pa * n + pb]! - before;
        if (tagged < 0) de += delta;
        else df += delta;
      }
    }
  }

  function chooseSwap() {
    // Index the front and extended nodes by the physical qubits they sit on.
    const stamp = ++touchEpoch;
    let frontSum = 0;
    for (let k = 0; k < front.length; k++) {
      const node = front[k]!;
      const pa = v2p[qa[node]!]!,
        pb = v2p[qb[node]!]!;
      frontSum += dist[pa * n + pb]!;
      touch(pa, node, stamp);
      touch(pb, node, stamp);
    }
    let extendedSum = 0;
    for (let k = 0; k < extended.length; k++) {
      const node = extended[k]!;
      const pa = v2p[qa[node]!]!,
        pb = v2p[qb[node]!]!;
      extendedSum += dist[pa * n + pb]!;
      touch(pa, ~node, stamp);
      touch(pb, ~node, stamp);
    }
    // Candidate swaps: edges at the physical qubits of waiting gates.
    candidatesA.length = 0;
    candidatesB.length = 0;
    for (let k = 0; k < front.length; k++) {
      const node = front[k]!;
      addCandidates(v2p[qa[node]!]!, stamp);
      addCandidates(v2p[qb[node]!]!, stamp);
    }
    const frontSize = front.length;
    const extendedSize = extended.length;
    let best = Infinity;
    bestA.length = 0;
    bestB.length = 0;
    for (let c = 0; c < candidatesA.length; c++) {
      const a = candidatesA[c]!,
        b = candidatesB[c]!;
      deltas(a, b, stamp);
      let score = (frontSum + df) / frontSize;
      if (extendedSize > 0) score += (EXTENDED_WEIGHT * (extendedSum + de)) / extendedSize;
      const da = decay[a]!,
        db = decay[b]!;
      score *= da > db ? da : db;
      if (score < best - EPSILON) {
        best = score;
        bestA.length = 0;
        bestB.length = 0;
        bestA.push(a);
        bestB.push(b);
      } else if (score < best + EPSILON) {
        bestA.push(a);
        bestB.push(b);
      }
    }
  }

  /** Bring the closest waiting gate together along a shortest path. */
  function releaseValve() {
    let target = front[0]!;
    let closest = Infinity;
    for (const node of front) {
      const d = dist[v2p[qa[node]!]! * n + v2p[qb[node]!]!]!;
      if (d < closest) {
        closest = d;
        target = node;
      }
    }
    if (closest >= UNREACHABLE) {
      throw new TranspileError(
        'two qubits that interact were placed on parts of the coupling map that are not connected',
      );
    }
    let p = v2p[qa[target]!]!;
    const goal = v2p[qb[target]!]!;
    while (dist[p * n + goal]! > 1) {
      const step = neighbours[p]!.find((q) => dist[q * n + goal]! === dist[p * n + goal]! - 1);
      if (step === undefined) break;
      doSwap(p, step);
      p = step;
    }
    drain();
  }
}
