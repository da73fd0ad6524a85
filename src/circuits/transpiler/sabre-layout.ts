/**
 * SABRE layout: starting placements (the noise-aware dense layout, and random placements on a
 * compact region around it) refined by routing the circuit forward and then backward, each
 * backward pass's final placement being the next initial one (Li, Ding and Xie, ASPLOS 2019,
 * section 4.3); the trial whose forward routing needs the fewest swaps wins.
 *
 * @module
 */
import { interactionDag } from './dag.js';
import { denseLayout, denseSubset } from './dense.js';
import { Placement } from './placement.js';
import { Random } from './random.js';
import { NO_OUTPUT, sabreRoute } from './sabre.js';
import type { Target } from './target.js';
import { completeLayout, layoutCost, type InteractionGraph } from './vf2.js';

/** How much work layout does. */
export interface SabreLayoutOptions {
  /** Starting placements to refine. */
  readonly trials: number;
  /** Forward-and-backward refinements per trial. */
  readonly iterations: number;
}

/**
 * An initial placement of all the backend's qubits (`v2p`, virtual qubits beyond the circuit's
 * own being idle ancillas) for a circuit with these interactions.
 */
export function sabreLayout(
  pairs: readonly (readonly [number, number])[],
  graph: InteractionGraph,
  target: Target,
  seed: number,
  options: SabreLayoutOptions,
): Int32Array {
  const n = target.numQubits;
  const nv = graph.numQubits;
  const forward = interactionDag(pairs, n);
  const backward = interactionDag([...pairs].reverse(), n);
  const random = new Random(seed);
  const starts: Int32Array[] = [];
  const dense = denseLayout(graph, target);
  if (dense !== undefined) starts.push(completeLayout(graph, target, dense));
  // Random placements over a compact region a little larger than the circuit.
  const region = denseSubset(target, Math.min(n, Math.max(nv + 2, Math.ceil(nv * 1.25))));
  const pool = region.length >= nv ? region : [...Array(n).keys()];
  while (starts.length < Math.max(1, options.trials)) {
    const picked = random.shuffle([...pool]).slice(0, nv);
    starts.push(Int32Array.from(picked));
  }
  let best: Int32Array | undefined;
  let bestSwaps = Infinity;
  let bestCost = Infinity;
  for (const start of starts) {
    const placement = Placement.extend([...start], n);
    for (let i = 0; i < options.iterations; i++) {
      sabreRoute(forward, target, placement, random, NO_OUTPUT);
      sabreRoute(backward, target, placement, random, NO_OUTPUT);
    }
    const initial = Int32Array.from(placement.v2p);
    const swaps = sabreRoute(forward, target, placement.clone(), random, NO_OUTPUT);
    const cost = layoutCost(graph, target, initial);
    if (swaps < bestSwaps || (swaps === bestSwaps && cost < bestCost)) {
      best = initial;
      bestSwaps = swaps;
      bestCost = cost;
    }
  }
  return best!;
}
