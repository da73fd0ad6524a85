/**
 * The transpiler's stages in the order of Qiskit's preset pass managers — unroll, layout,
 * route, translate, optimise — with the effort of each set by the optimisation level, turning
 * a circuit model into an ISA circuit model over the backend's physical qubits.
 *
 * @module
 */
import { addAngles, angleParameters, angleValue } from '../angles.js';
import { blocksOf, forEachInstruction, mapBlocks } from '../blocks.js';
import { TranspileError } from '../errors.js';
import { inlineGates } from '../inline.js';
import type { Angle, Block, Circuit, Instruction } from '../model.js';
import { wrapAngle } from '../synthesis/euler.js';
import { interactions } from './dag.js';
import { TranspileLayout } from './layout.js';
import { elideSwaps } from './elide-swaps.js';
import { consolidateBlocks } from './optimize-blocks.js';
import { cancelTwoQubitPairs } from './optimize-cancel.js';
import { optimizeOneQubitRuns } from './optimize-1q.js';
import { Placement } from './placement.js';
import { postLayout, relabel } from './post-layout.js';
import { Random } from './random.js';
import { routeBlock } from './route.js';
import { sabreLayout } from './sabre-layout.js';
import { buildTarget, type BackendLike, type Target } from './target.js';
import { Translator } from './translate.js';
import { Unroller } from './unroll.js';
import { completeLayout, interactionGraph, vf2Layout } from './vf2.js';

/** Options of `transpile`. */
export interface TranspileOptions {
  /**
   * 0: trivial layout, routing, translation. 1 (default): perfect or SABRE layout, single-qubit
   * resynthesis and cancellation of inverse pairs. 2: more layout and routing trials,
   * cancellation through commuting gates. 3: the most trials and two-qubit block resynthesis.
   */
  readonly optimizationLevel?: 0 | 1 | 2 | 3;
  /** Seed of the randomised choices (layout trials, routing tie-breaks); default 0. */
  readonly seed?: number;
  /** The physical qubit for each of the circuit's qubits, skipping layout selection. */
  readonly initialLayout?: readonly number[];
}

interface Effort {
  readonly vf2Calls: number;
  readonly vf2Solutions: number;
  readonly layoutTrials: number;
  readonly layoutIterations: number;
  readonly routingTrials: number;
}

const EFFORT: readonly Effort[] = [
  { vf2Calls: 0, vf2Solutions: 0, layoutTrials: 0, layoutIterations: 0, routingTrials: 1 },
  { vf2Calls: 50_000, vf2Solutions: 250, layoutTrials: 3, layoutIterations: 2, routingTrials: 2 },
  {
    vf2Calls: 500_000,
    vf2Solutions: 2_500,
    layoutTrials: 8,
    layoutIterations: 3,
    routingTrials: 4,
  },
  {
    vf2Calls: 3_000_000,
    vf2Solutions: 25_000,
    layoutTrials: 16,
    layoutIterations: 4,
    routingTrials: 8,
  },
];

/** Control-flow kinds and the instruction names backends list for them. */
const INSTRUCTION_NAMES: Readonly<Record<string, string>> = {
  reset: 'reset',
  delay: 'delay',
  if: 'if_else',
  while: 'while_loop',
  for: 'for_loop',
  switch: 'switch_case',
  box: 'box',
};

/** Transpile a circuit model for a backend. */
export function transpileModel(
  circuit: Circuit,
  backend: BackendLike,
  options: TranspileOptions = {},
): { circuit: Circuit; layout: TranspileLayout } {
  const level = options.optimizationLevel ?? 1;
  if (![0, 1, 2, 3].includes(level)) {
    throw new TranspileError(`optimizationLevel must be 0, 1, 2 or 3, got ${String(level)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed))
    throw new TranspileError(`seed must be an integer, got ${String(seed)}`);
  const target = buildTarget(backend);
  const n = target.numQubits;
  const nv = circuit.numQubits;
  if (nv > n) {
    throw new TranspileError(`the circuit has ${nv} qubits but the backend has ${n}`);
  }
  const effort = EFFORT[level]!;

  // Inline custom gates, unroll the rest, and flatten boxes the backend does not run.
  const inlined = inlineGates(circuit);
  const unrolled = new Unroller(inlined.gates).unrollBlock(inlined.instructions);
  let block: Instruction[] = target.supports('box') ? unrolled.block : flattenBoxes(unrolled.block);
  checkInstructions(block, target);
  let phase: Angle = addAngles(inlined.globalPhase, unrolled.phase);
  if (level >= 1) block = cancelTwoQubitPairs(block, false).block;
  // Levels 2 and 3 drop the circuit's own swaps, relabelling what follows.
  let wire = Array.from({ length: nv }, (_, q) => q);
  if (level >= 2) ({ block, wire } = elideSwaps(block, nv));

  // Layout.
  const pairs = interactions(block);
  const graph = interactionGraph(nv, pairs, oneQubitCounts(block, nv), measuredQubits(block, nv));
  let initial: Int32Array;
  if (options.initialLayout !== undefined) {
    initial = checkedLayout(options.initialLayout, nv, n);
  } else if (level === 0) {
    initial = Int32Array.from({ length: nv }, (_, v) => v);
  } else {
    const perfect = vf2Layout(graph, target, {
      callLimit: effort.vf2Calls,
      maxSolutions: effort.vf2Solutions,
    });
    initial =
      perfect !== undefined
        ? completeLayout(graph, target, perfect)
        : sabreLayout(pairs, graph, target, seed, {
            trials: effort.layoutTrials,
            iterations: effort.layoutIterations,
          }).slice(0, nv);
  }

  // Routing: the trial with the fewest swaps.
  let routed: { block: Instruction[]; placement: Placement; swaps: number } | undefined;
  for (let t = 0; t < effort.routingTrials; t++) {
    const placement = Placement.extend([...initial], n);
    const r = routeBlock(block, circuit.numClbits, target, placement, new Random(seed * 7919 + t));
    if (routed === undefined || r.swaps < routed.swaps)
      routed = { block: r.block, placement, swaps: r.swaps };
  }
  const start = Placement.extend([...initial], n);
  let permutation = new Array<number>(n);
  for (let v = 0; v < n; v++) permutation[start.v2p[v]!] = routed!.placement.v2p[v]!;
  let routedBlock = routed!.block;

  // With error rates, move the routed circuit to the equivalent qubits of least error (not when
  // the caller fixed the layout).
  if (level >= 1 && options.initialLayout === undefined) {
    const map = postLayout(routedBlock, target, {
      callLimit: effort.vf2Calls,
      maxSolutions: effort.vf2Solutions,
    });
    if (map !== undefined) {
      routedBlock = relabel(routedBlock, map);
      initial = initial.map((p) => map[p]!);
      const moved = new Array<number>(n);
      permutation.forEach((to, from) => (moved[map[from]!] = map[to]!));
      permutation = moved;
    }
  }

  // Translation to the basis.
  const translated = new Translator(target).translateBlock(routedBlock);
  block = translated.block;
  phase = addAngles(phase, translated.phase);

  // Optimisation.
  if (level >= 1) {
    for (let round = 0; round < 4; round++) {
      let changed = false;
      if (level >= 3) {
        const c = consolidateBlocks(block, target);
        block = c.block;
        phase = addAngles(phase, c.phase);
        changed ||= c.changed;
      }
      const cancelled = cancelTwoQubitPairs(block, level >= 2);
      block = cancelled.block;
      changed ||= cancelled.changed;
      const one = optimizeOneQubitRuns(block, target);
      block = one.block;
      phase = addAngles(phase, one.phase);
      changed ||= one.changed;
      if (!changed) break;
    }
  }

  const numeric = angleValue(phase);
  const parameters = new Set<string>();
  forEachInstruction(block, (ins) => {
    if (ins.kind === 'gate') for (const p of ins.params) angleParameters(p, parameters);
  });
  angleParameters(phase, parameters);
  const out: Circuit = {
    ...(circuit.name !== undefined ? { name: circuit.name } : {}),
    numQubits: n,
    numClbits: circuit.numClbits,
    qregs: [{ name: 'q', bits: Array.from({ length: n }, (_, i) => i) }],
    cregs: circuit.cregs,
    parameters: circuit.parameters.filter((p) => parameters.has(p)),
    globalPhase: numeric === undefined ? phase : wrapAngle(numeric),
    vars: circuit.vars,
    gates: [],
    instructions: block,
  };
  return { circuit: out, layout: new TranspileLayout([...initial], permutation, n, wire) };
}

function checkedLayout(layout: readonly number[], nv: number, n: number): Int32Array {
  if (!Array.isArray(layout) || layout.length !== nv) {
    throw new TranspileError(
      `initialLayout must list one physical qubit for each of the circuit's ${nv} qubits`,
    );
  }
  const seen = new Set<number>();
  for (const p of layout) {
    if (!Number.isInteger(p) || p < 0 || p >= n) {
      throw new TranspileError(
        `initialLayout names qubit ${String(p)}, but the backend has qubits 0 to ${n - 1}`,
      );
    }
    if (seen.has(p)) throw new TranspileError(`initialLayout names physical qubit ${p} twice`);
    seen.add(p);
  }
  return Int32Array.from(layout);
}

function checkInstructions(block: Block, target: Target): void {
  forEachInstruction(block, (ins) => {
    const name = INSTRUCTION_NAMES[ins.kind];
    if (name !== undefined && !target.supports(name)) {
      throw new TranspileError(`the backend does not support ${name}, which the circuit uses`);
    }
  });
}

function flattenBoxes(block: Block): Instruction[] {
  const out: Instruction[] = [];
  for (const ins of block) {
    if (ins.kind === 'box') out.push(...flattenBoxes(ins.body));
    else if (blocksOf(ins).length > 0) out.push(mapBlocks(ins, flattenBoxes));
    else out.push(ins);
  }
  return out;
}

function oneQubitCounts(block: Block, nv: number): number[] {
  const counts = new Array<number>(nv).fill(0);
  forEachInstruction(block, (ins) => {
    if (ins.kind === 'gate' && ins.qubits.length === 1) counts[ins.qubits[0]!]!++;
  });
  return counts;
}

function measuredQubits(block: Block, nv: number): boolean[] {
  const measured = new Array<boolean>(nv).fill(false);
  forEachInstruction(block, (ins) => {
    if (ins.kind === 'measure') measured[ins.qubit] = true;
  });
  return measured;
}
