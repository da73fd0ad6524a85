/**
 * Transpilation quality and speed on standard circuits — GHZ, QFT, quantum-volume-like random
 * circuits and one Trotter step of an Ising chain, at 10 to 100 qubits — for the 127-qubit
 * Eagle (ibm_sherbrooke, `ecr`) and 156-qubit Heron (ibm_fez, `cz`) devices of the local
 * runtime, against a naive baseline written here: the trivial layout, shortest-path swaps
 * before each two-qubit gate (the layout kept), and gate-by-gate translation to the basis.
 *
 * Figures: two-qubit gate counts and depths summed over the suite (naive, level 1, level 3),
 * the reduction of two-qubit gates against the naive baseline, and transpile times (level 1
 * against the naive baseline, measured in the same run). Targets: at least 30% fewer
 * two-qubit gates than the naive baseline at level 1, and level 1 no more than 10× slower.
 *
 * Then the circuits of bench/published-qiskit.ts, whose Qiskit transpilation was published
 * with the exact circuit, coupling map and settings: for each published figure, ours (the mean
 * over five seeds, `vs_qiskit_<case>_<metric>_ours`) next to Qiskit's
 * (`vs_qiskit_<case>_<metric>_qiskit`). These carry no target.
 */
import { circuitDepth } from '../src/circuits/metrics.js';
import type { Circuit, Instruction } from '../src/circuits/model.js';
import { QuantumCircuit } from '../src/circuits/quantum-circuit.js';
import { zsxSequence } from '../src/circuits/synthesis/euler.js';
import { standardGate } from '../src/circuits/gates/standard.js';
import { transpile } from '../src/circuits/transpile.js';
import type { BackendLike } from '../src/circuits/transpiler/target.js';
import { device } from '../src/local/backends/index.js';
import { report } from './harness.js';
import { comparePublished, SEEDS } from './published-qiskit.js';

// ---------------------------------------------------------------- the circuits

/** A seeded generator (mulberry32), so every run transpiles the same random circuits. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ghz(n: number): QuantumCircuit {
  const qc = new QuantumCircuit(n).h(0);
  for (let i = 1; i < n; i++) qc.cx(i - 1, i);
  return qc.measureAll();
}

/** Qiskit's `QFT(n)` decomposed: H and controlled phases, then the qubit-reversing swaps. */
function qft(n: number): QuantumCircuit {
  const qc = new QuantumCircuit(n);
  for (let i = n - 1; i >= 0; i--) {
    qc.h(i);
    for (let j = i - 1; j >= 0; j--) qc.cp(Math.PI / 2 ** (i - j), j, i);
  }
  for (let i = 0; i < Math.floor(n / 2); i++) qc.swap(i, n - 1 - i);
  return qc.measureAll();
}

/**
 * A quantum-volume-style circuit (Cross et al., PRA 100, 032328): `depth` layers, each pairing
 * the qubits at random and applying a random two-qubit unitary to every pair, written as
 * Qiskit writes a decomposed SU(4): three CX between single-qubit layers.
 */
function quantumVolume(n: number, depth: number, seed: number): QuantumCircuit {
  const rand = random(seed);
  const angle = () => (rand() * 2 - 1) * Math.PI;
  const qc = new QuantumCircuit(n);
  for (let layer = 0; layer < depth; layer++) {
    const order = [...Array(n).keys()];
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let k = 0; k + 1 < n; k += 2) {
      const a = order[k]!,
        b = order[k + 1]!;
      for (let r = 0; r < 3; r++) {
        qc.u(angle(), angle(), angle(), a).u(angle(), angle(), angle(), b).cx(a, b);
      }
      qc.u(angle(), angle(), angle(), a).u(angle(), angle(), angle(), b);
    }
  }
  return qc.measureAll();
}

/** One first-order Trotter step of the transverse-field Ising chain: RZZ on each bond, RX on each site. */
function isingStep(n: number): QuantumCircuit {
  const qc = new QuantumCircuit(n);
  for (let i = 0; i + 1 < n; i += 2) qc.rzz(0.2, i, i + 1);
  for (let i = 1; i + 1 < n; i += 2) qc.rzz(0.2, i, i + 1);
  for (let i = 0; i < n; i++) qc.rx(0.3, i);
  return qc.measureAll();
}

const SUITE: readonly [string, () => QuantumCircuit][] = [
  ...[10, 20, 50, 100].map((n): [string, () => QuantumCircuit] => [`ghz_${n}`, () => ghz(n)]),
  ...[10, 20, 50, 100].map((n): [string, () => QuantumCircuit] => [`qft_${n}`, () => qft(n)]),
  ...[10, 20, 50].map((n): [string, () => QuantumCircuit] => [
    `qv_${n}`,
    () => quantumVolume(n, n, 7 + n),
  ]),
  [`qv_100_d10`, () => quantumVolume(100, 10, 107)],
  ...[10, 20, 50, 100].map((n): [string, () => QuantumCircuit] => [
    `ising_${n}`,
    () => isingStep(n),
  ]),
];

// ---------------------------------------------------------------- the naive baseline

interface NaiveTarget {
  readonly n: number;
  readonly neighbours: number[][];
  readonly distance: Int32Array;
  readonly twoQubit: string;
  /** `a * n + b` for the ordered pairs the entangling gate runs on. */
  readonly directed: Set<number>;
}

function naiveTarget(config: {
  n_qubits: number;
  basis_gates: string[];
  coupling_map: number[][];
}): NaiveTarget {
  const n = config.n_qubits;
  const twoQubit = config.basis_gates.includes('cz') ? 'cz' : 'ecr';
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  const directed = new Set<number>();
  for (const [a, b] of config.coupling_map) {
    directed.add(a! * n + b!);
    if (!neighbours[a!]!.includes(b!)) neighbours[a!]!.push(b!);
    if (!neighbours[b!]!.includes(a!)) neighbours[b!]!.push(a!);
  }
  const distance = new Int32Array(n * n).fill(-1);
  for (let s = 0; s < n; s++) {
    const queue = [s];
    distance[s * n + s] = 0;
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const v of neighbours[u]!) {
        if (distance[s * n + v] === -1) {
          distance[s * n + v] = distance[s * n + u]! + 1;
          queue.push(v);
        }
      }
    }
  }
  return { n, neighbours, distance, twoQubit, directed };
}

/** Gate-by-gate translation of one single-qubit gate to rz/sx/x. */
function naiveOneQubit(
  name: string,
  params: readonly number[],
  q: number,
  out: Instruction[],
): void {
  if (name === 'rz' || name === 'sx' || name === 'x') {
    out.push({ kind: 'gate', name, qubits: [q], params });
    return;
  }
  for (const g of zsxSequence(standardGate(name)!.matrix(params)).gates) {
    out.push({ kind: 'gate', name: g.name, qubits: [q], params: g.params });
  }
}

/** CX(a → b) in the entangling gate of the target, with its fixed single-qubit corrections. */
function naiveCx(t: NaiveTarget, a: number, b: number, out: Instruction[]): void {
  if (t.twoQubit === 'cz') {
    naiveOneQubit('h', [], b, out);
    out.push({ kind: 'gate', name: 'cz', qubits: [a, b], params: [] });
    naiveOneQubit('h', [], b, out);
    return;
  }
  // CX = (rz(−π/2) on a)·ECR·(x on a, sx on b) up to phase; the reversed direction adds H on both.
  const forward = t.directed.has(a * t.n + b);
  const [c, d] = forward ? [a, b] : [b, a];
  if (!forward) {
    naiveOneQubit('h', [], a, out);
    naiveOneQubit('h', [], b, out);
  }
  naiveOneQubit('rz', [-Math.PI / 2], c, out);
  out.push({ kind: 'gate', name: 'ecr', qubits: [c, d], params: [] });
  naiveOneQubit('x', [], c, out);
  naiveOneQubit('sx', [], d, out);
  if (!forward) {
    naiveOneQubit('h', [], a, out);
    naiveOneQubit('h', [], b, out);
  }
}

/** Trivial layout, shortest-path swaps before each gate, gate-by-gate translation. */
function naiveTranspile(circuit: Circuit, t: NaiveTarget): Circuit {
  const v2p = Array.from({ length: t.n }, (_, i) => i);
  const p2v = [...v2p];
  const out: Instruction[] = [];
  const swap = (p: number, q: number) => {
    naiveCx(t, p, q, out);
    naiveCx(t, q, p, out);
    naiveCx(t, p, q, out);
    const vp = p2v[p]!,
      vq = p2v[q]!;
    p2v[p] = vq;
    p2v[q] = vp;
    v2p[vp] = q;
    v2p[vq] = p;
  };
  for (const ins of circuit.instructions) {
    if (ins.kind === 'measure') {
      out.push({ ...ins, qubit: v2p[ins.qubit]! });
      continue;
    }
    if (ins.kind === 'barrier') {
      out.push({ ...ins, qubits: ins.qubits.map((q) => v2p[q]!) });
      continue;
    }
    if (ins.kind !== 'gate') throw new Error(`the baseline does not take ${ins.kind}`);
    const params = ins.params as number[];
    if (ins.qubits.length === 1) {
      naiveOneQubit(ins.name, params, v2p[ins.qubits[0]!]!, out);
      continue;
    }
    const [va, vb] = ins.qubits as [number, number];
    // Walk the first qubit towards the second until they are neighbours.
    while (t.distance[v2p[va]! * t.n + v2p[vb]!]! > 1) {
      const p = v2p[va]!,
        goal = v2p[vb]!;
      const step = t.neighbours[p]!.find(
        (q) => t.distance[q * t.n + goal] === t.distance[p * t.n + goal]! - 1,
      )!;
      swap(p, step);
    }
    const a = v2p[va]!,
      b = v2p[vb]!;
    switch (ins.name) {
      case 'cx':
        naiveCx(t, a, b, out);
        break;
      case 'swap':
        swap(a, b);
        break;
      case 'cp': {
        const l = params[0]!;
        naiveOneQubit('p', [l / 2], a, out);
        naiveCx(t, a, b, out);
        naiveOneQubit('p', [-l / 2], b, out);
        naiveCx(t, a, b, out);
        naiveOneQubit('p', [l / 2], b, out);
        break;
      }
      case 'rzz':
        naiveCx(t, a, b, out);
        naiveOneQubit('rz', [params[0]!], b, out);
        naiveCx(t, a, b, out);
        break;
      default:
        throw new Error(`the baseline does not translate ${ins.name}`);
    }
  }
  return { ...circuit, numQubits: t.n, instructions: out };
}

// ---------------------------------------------------------------- measuring

function twoQubitCount(c: Circuit): number {
  return c.instructions.filter((i) => i.kind === 'gate' && i.qubits.length === 2).length;
}

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
}

const DEVICES = ['ibm_sherbrooke', 'ibm_fez'] as const;
const totals = {
  naive2q: 0,
  l1_2q: 0,
  l3_2q: 0,
  naiveDepth: 0,
  l1Depth: 0,
  l3Depth: 0,
  naiveMs: 0,
  l1Ms: 0,
  l3Ms: 0,
};
const rows: string[] = [];
for (const name of DEVICES) {
  const d = device(name)!;
  const backend: BackendLike = {
    configuration: d.configuration as never,
    properties: d.properties as never,
  };
  const t = naiveTarget(d.configuration as never);
  // Warm up both paths once (JIT), outside the measurements.
  transpile(ghz(5), backend);
  naiveTranspile(ghz(5).toCircuit(), t);
  for (const [circuitName, make] of SUITE) {
    const qc = make();
    const model = qc.toCircuit();
    const [naive, naiveMs] = time(() => naiveTranspile(model, t));
    const [l1, l1Ms] = time(() => transpile(qc, backend, { optimizationLevel: 1, seed: 1 }));
    const [l3, l3Ms] = time(() => transpile(qc, backend, { optimizationLevel: 3, seed: 1 }));
    const counts = [
      twoQubitCount(naive),
      twoQubitCount(l1.toCircuit()),
      twoQubitCount(l3.toCircuit()),
    ];
    const depths = [circuitDepth(naive), l1.depth(), l3.depth()];
    totals.naive2q += counts[0]!;
    totals.l1_2q += counts[1]!;
    totals.l3_2q += counts[2]!;
    totals.naiveDepth += depths[0]!;
    totals.l1Depth += depths[1]!;
    totals.l3Depth += depths[2]!;
    totals.naiveMs += naiveMs;
    totals.l1Ms += l1Ms;
    totals.l3Ms += l3Ms;
    rows.push(
      `${name.padEnd(15)} ${circuitName.padEnd(11)} 2q ${String(counts[0]).padStart(6)} ${String(counts[1]).padStart(6)} ${String(counts[2]).padStart(6)}   depth ${String(depths[0]).padStart(6)} ${String(depths[1]).padStart(6)} ${String(depths[2]).padStart(6)}   ms ${naiveMs.toFixed(0).padStart(6)} ${l1Ms.toFixed(0).padStart(6)} ${l3Ms.toFixed(0).padStart(6)}`,
    );
  }
}
console.log(
  'device          circuit        2q: naive     L1     L3   depth: naive    L1     L3   ms: naive    L1     L3',
);
for (const r of rows) console.log(r);

// ---------------------------------------------------------------- published Qiskit figures

const compared = comparePublished();
console.log(
  `\ncircuit                         metric               Qiskit   ours (mean over seeds ${SEEDS.join(', ')}; range)`,
);
const published: Record<string, number> = {};
for (const f of compared) {
  const name = f.label ?? f.metric;
  console.log(
    `${f.case.key.padEnd(31)} ${name.padEnd(18)} ${String(f.qiskit).padStart(8)}   ${f.mean.toFixed(0).padStart(6)} (${Math.min(...f.ours)}–${Math.max(...f.ours)})`,
  );
  published[`vs_qiskit_${f.case.key}_${name}_ours`] = f.mean;
  published[`vs_qiskit_${f.case.key}_${name}_qiskit`] = f.qiskit;
}
console.log('sources:');
for (const source of new Set(compared.map((f) => f.source))) console.log(`  ${source}`);

const ok = report('transpile', {
  figures: {
    two_qubit_naive: totals.naive2q,
    two_qubit_level1: totals.l1_2q,
    two_qubit_level3: totals.l3_2q,
    two_qubit_reduction_level1: 1 - totals.l1_2q / totals.naive2q,
    two_qubit_reduction_level3: 1 - totals.l3_2q / totals.naive2q,
    depth_naive: totals.naiveDepth,
    depth_level1: totals.l1Depth,
    depth_level3: totals.l3Depth,
    ms_naive: totals.naiveMs,
    ms_level1: totals.l1Ms,
    ms_level3: totals.l3Ms,
    time_ratio_level1: totals.l1Ms / totals.naiveMs,
    ...published,
  },
  targets: [
    { figure: 'two_qubit_reduction_level1', op: '>=', value: 0.3 },
    { figure: 'time_ratio_level1', op: '<=', value: 10 },
  ],
});
process.exit(ok ? 0 : 1);
