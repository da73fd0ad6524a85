/**
 * Circuits for which Qiskit's transpiler output has been published with the exact circuit,
 * coupling map and settings, rebuilt here gate for gate, and the published Qiskit figures with
 * where each was published. `bench/transpile.bench.ts` transpiles each with this library on the
 * same coupling map at the corresponding level and prints both; docs/circuits.md tabulates them.
 *
 * Our seeds are not Qiskit's (the random choices differ), so every case runs over the seeds
 * 1–5 and reports the mean with the range.
 *
 * @module
 */
import { circuitDepth } from '../src/circuits/metrics.js';
import { Parameter } from '../src/circuits/parameter.js';
import { QuantumCircuit } from '../src/circuits/quantum-circuit.js';
import { transpile } from '../src/circuits/transpile.js';
import { Placement } from '../src/circuits/transpiler/placement.js';
import { Random } from '../src/circuits/transpiler/random.js';
import { routeBlock } from '../src/circuits/transpiler/route.js';
import { buildTarget, type BackendLike } from '../src/circuits/transpiler/target.js';
import { device } from '../src/local/backends/index.js';
import { heavyHexConfiguration } from './heavy-hex.js';

/** One published Qiskit figure. */
export interface PublishedFigure {
  /** Which of the case's measurements it is compared with. */
  readonly metric: string;
  /** Name of the figure when one metric is compared with several published values. */
  readonly label?: string;
  readonly qiskit: number;
  /** Where it was published, precisely enough to find it again. */
  readonly source: string;
}

/** A circuit, where it runs, and what Qiskit was published to make of it. */
export interface PublishedCase {
  /** Stem of the benchmark's figure names. */
  readonly key: string;
  readonly circuit: string;
  readonly couplingMap: string;
  readonly qiskitSettings: string;
  readonly ourSettings: string;
  readonly published: readonly PublishedFigure[];
  /** This library's value of each published metric with the given seed. */
  measure(seed: number): Record<string, number>;
}

export const SEEDS = [1, 2, 3, 4, 5] as const;

// ---------------------------------------------------------------- circuits

/**
 * The star-shaped GHZ circuit of IBM's tutorial "Transpilation optimizations with SABRE":
 * H on qubit 0, then CX from qubit 0 to every other qubit, then `measure_all`.
 */
export function starGhz(n: number): QuantumCircuit {
  const qc = new QuantumCircuit(n).h(0);
  for (let i = 1; i < n; i++) qc.cx(0, i);
  return qc.measureAll();
}

/**
 * Bernstein–Vazirani for the all-ones string, as Qiskit's benchmarks build it
 * (`bv_all_ones` in Qiskit/qiskit test/benchmarks/utils.py): X on the last qubit, H on all,
 * CX from each other qubit to the last, H on the others, and their measurements.
 */
export function bvAllOnes(n: number): QuantumCircuit {
  const qc = new QuantumCircuit(n, n - 1).x(n - 1);
  for (let q = 0; q < n; q++) qc.h(q);
  for (let q = 0; q < n - 1; q++) qc.cx(q, n - 1);
  for (let q = 0; q < n - 1; q++) qc.h(q);
  for (let q = 0; q < n - 1; q++) qc.measure(q, q);
  return qc;
}

/**
 * Qiskit's `efficient_su2(n, reps, entanglement="circular")`: per repetition an RY then an RZ
 * layer with fresh parameters and the circular CX chain — (n − 1 → 0) first, then (0 → 1), …,
 * (n − 2 → n − 1), as Qiskit/qiskit crates/circuit_library/src/entanglement.rs orders it — and
 * a final rotation layer.
 */
export function efficientSu2Circular(n: number, reps: number): QuantumCircuit {
  const qc = new QuantumCircuit(n);
  let k = 0;
  const rotations = () => {
    for (const gate of ['ry', 'rz'] as const) {
      for (let q = 0; q < n; q++) qc[gate](new Parameter(`θ[${k++}]`), q);
    }
  };
  for (let r = 0; r < reps; r++) {
    rotations();
    qc.cx(n - 1, 0);
    for (let q = 0; q + 1 < n; q++) qc.cx(q, q + 1);
  }
  rotations();
  return qc;
}

/**
 * The QFT of Qiskit's routing benchmarks (`build_model_circuit` in Qiskit/qiskit
 * test/benchmarks/qft.py): for each qubit i, CP(π·2^(j−i)) on (i, j) for every j < i, then H
 * on i; no final swaps, no measurements.
 */
export function benchmarkQft(n: number): QuantumCircuit {
  const qc = new QuantumCircuit(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) qc.cp(Math.PI * 2 ** (j - i), i, j);
    qc.h(i);
  }
  return qc;
}

// ---------------------------------------------------------------- measuring

function twoQubitDepth(qc: QuantumCircuit): number {
  return qc.depth(true);
}

function deviceBackend(name: string): BackendLike {
  const d = device(name)!;
  return { configuration: d.configuration as never, properties: d.properties as never };
}

/**
 * Routing alone, as Qiskit's routing benchmarks run `SabreSwap` on an untranslated circuit:
 * the trivial layout on the heavy-hex map of distance `d`, one routing pass with the given
 * seed. Returns the swaps inserted and the routed circuit's size and depth (CP, H and SWAP each
 * counting as one gate, as in the benchmark's `dag.size()` and `dag.depth()`).
 */
function routeTrivially(
  qc: QuantumCircuit,
  d: number,
  seed: number,
): { swaps: number; size: number; depth: number } {
  const config = heavyHexConfiguration(d, 'cx');
  const target = buildTarget(config);
  const n = config.n_qubits;
  const placement = Placement.extend(
    Array.from({ length: qc.numQubits }, (_, q) => q),
    n,
  );
  const routed = routeBlock(qc.toCircuit().instructions, 0, target, placement, new Random(seed));
  return {
    swaps: routed.swaps,
    size: routed.block.length,
    depth: circuitDepth({ instructions: routed.block, numQubits: n, numClbits: 0 }),
  };
}

// ---------------------------------------------------------------- the cases

const SABRE_TUTORIAL =
  'IBM Quantum tutorial "Transpilation optimizations with SABRE", pass manager 1 (Qiskit/documentation docs/tutorials/transpilation-optimizations-with-sabre.ipynb at 05d62968)';
const ASV = (pr: string, date: string, column: string) =>
  `Qiskit's asv benchmark (test/benchmarks/${column}), run posted on Qiskit/qiskit PR ${pr} (${date})`;

/** The circuits, coupling maps and published Qiskit figures compared. */
export const PUBLISHED_CASES: readonly PublishedCase[] = [
  (() => {
    const qc = starGhz(100);
    const backend = deviceBackend('ibm_fez');
    return {
      key: 'ghz_star_100_heron_l3',
      circuit: 'star GHZ, 100 qubits, measure_all',
      couplingMap:
        'ibm_kingston (Qiskit) / ibm_fez (ours): the same 156-qubit Heron r2 coupling map, cz',
      qiskitSettings: 'generate_preset_pass_manager(optimization_level=3, seed_transpiler=42)',
      ourSettings: 'optimizationLevel 3 with ibm_fez calibration',
      published: [
        { metric: 'depth2q', qiskit: 403, source: SABRE_TUTORIAL },
        { metric: 'size', qiskit: 1824, source: SABRE_TUTORIAL },
      ],
      measure: (seed: number) => {
        const out = transpile(qc, backend, { optimizationLevel: 3, seed });
        return { depth2q: twoQubitDepth(out), size: out.size() };
      },
    };
  })(),
  (() => {
    const qc = bvAllOnes(100);
    const backend = heavyHexConfiguration(9, 'cz');
    return {
      key: 'bv_100_heavyhex9_l2',
      circuit: 'Bernstein-Vazirani, all-ones string, 100 qubits',
      couplingMap: 'CouplingMap.from_heavy_hex(9), 193 qubits, cz',
      qiskitSettings:
        'GenericBackendV2 (seeded random error rates), optimization_level=2, seed_transpiler=1234567845',
      ourSettings: 'optimizationLevel 2, no error rates',
      published: [
        {
          metric: 'depth2q',
          qiskit: 400,
          source: ASV('#15017', '2025-10-09', 'utility_scale.py track_bv_100_depth'),
        },
      ],
      measure: (seed: number) => ({
        depth2q: twoQubitDepth(transpile(qc, backend, { optimizationLevel: 2, seed })),
      }),
    };
  })(),
  ...[
    [100, 300, ASV('#12899', '2024-08-07', 'utility_scale.py track_circSU2_depth')],
    [89, 1423, ASV('#14911', '2026-04-12', 'utility_scale.py track_circSU2_89_depth, after')],
  ].map(([n, value, source]): PublishedCase => {
    const qc = efficientSu2Circular(n as number, 3);
    const backend = heavyHexConfiguration(9, 'cz');
    return {
      key: `su2_circular_${n}_heavyhex9_l2`,
      circuit: `efficient_su2(${n}, reps=3, entanglement="circular")`,
      couplingMap: 'CouplingMap.from_heavy_hex(9), 193 qubits, cz',
      qiskitSettings:
        'GenericBackendV2 (seeded random error rates), optimization_level=2, seed_transpiler=1234567845',
      ourSettings: 'optimizationLevel 2, no error rates',
      published: [{ metric: 'depth2q', qiskit: value as number, source: source as string }],
      measure: (seed: number) => ({
        depth2q: twoQubitDepth(transpile(qc, backend, { optimizationLevel: 2, seed })),
      }),
    };
  }),
  (() => {
    const qc = benchmarkQft(115);
    const gates = (115 * 114) / 2 + 115;
    return {
      key: 'qft_115_heavyhex7_route',
      circuit: 'QFT (CP and H, no swaps), 115 qubits',
      couplingMap: 'CouplingMap.from_heavy_hex(7), 115 qubits',
      qiskitSettings:
        'SabreSwap(heuristic=…, seed=2022_10_27, trials=1) alone, trivial layout (Qiskit Terra 0.23 development)',
      ourSettings: 'one SABRE routing pass alone, trivial layout',
      published: [
        {
          metric: 'swaps',
          label: 'swaps_vs_lookahead',
          qiskit: 17954 - gates,
          source: `${ASV('#9116', '2022-12', 'qft.py track_size_sabre_swap(115, "lookahead")')}: size 17954 less the ${gates} CP and H`,
        },
        {
          metric: 'swaps',
          label: 'swaps_vs_decay',
          qiskit: 19379 - gates,
          source: `${ASV('#9116', '2022-12', 'qft.py track_size_sabre_swap(115, "decay")')}: size 19379 less the ${gates} CP and H`,
        },
      ],
      measure: (seed: number) => ({ swaps: routeTrivially(qc, 7, seed).swaps }),
    };
  })(),
  (() => {
    const qc = benchmarkQft(409);
    return {
      key: 'qft_409_heavyhex13_route',
      circuit: 'QFT (CP and H, no swaps), 409 qubits',
      couplingMap: 'CouplingMap.from_heavy_hex(13), 409 qubits',
      qiskitSettings:
        'SabreSwap(heuristic="decay", seed=2022_10_27, trials=1) alone, trivial layout (Qiskit 2.1 development)',
      ourSettings: 'one SABRE routing pass alone, trivial layout',
      published: [
        {
          metric: 'depth',
          qiskit: 23776,
          source: ASV('#14458', '2025-05-28', 'qft.py track_depth_sabre_swap(409, "decay"), after'),
        },
      ],
      measure: (seed: number) => ({ depth: routeTrivially(qc, 13, seed).depth }),
    };
  })(),
];

/** One compared figure: the published Qiskit value and ours over the seeds. */
export interface ComparedFigure extends PublishedFigure {
  readonly case: PublishedCase;
  readonly ours: readonly number[];
  readonly mean: number;
}

/** Run every case over the seeds. */
export function comparePublished(): ComparedFigure[] {
  const out: ComparedFigure[] = [];
  for (const c of PUBLISHED_CASES) {
    const runs = SEEDS.map((seed) => c.measure(seed));
    for (const f of c.published) {
      const ours = runs.map((r) => r[f.metric]!);
      out.push({ ...f, case: c, ours, mean: ours.reduce((a, b) => a + b, 0) / ours.length });
    }
  }
  return out;
}
