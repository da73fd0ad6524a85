/**
 * A PUB's circuit as a job sends it (OpenQASM 3 text, or QPY sent as an encoded
 * `QuantumCircuit`) turned into the circuit model, and the sizes the runtime's limits are held
 * against: the declared width and the qubits the circuit actually acts on.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { forEachInstruction } from '../../circuits/blocks.js';
import type { Circuit, Instruction } from '../../circuits/model.js';
import { parseQasm, QasmError } from '../../circuits/qasm/index.js';
import type { CircuitInput } from '../../codecs/program-inputs.js';
import { readQpyCircuit } from './qpy-circuit.js';

/** Read one PUB's circuit; `where` names it in the error text (`params.pubs[1][0]`). */
export function loadCircuit(
  input: CircuitInput,
  where: string,
  maxInstructions: number,
): E.Either<string, Circuit> {
  if (typeof input !== 'string') return readQpyCircuit(input, where, maxInstructions);
  try {
    return E.right(parseQasm(input, { maxInstructions }));
  } catch (e) {
    if (e instanceof QasmError) return E.left(`${where}: OpenQASM error at ${e.message}`);
    return E.left(`${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Qubits whose state an instruction changes or reads (barriers, delays and `id` touch none). */
function qubitsActedOn(ins: Instruction): readonly number[] {
  switch (ins.kind) {
    case 'gate':
      return ins.name === 'id' ? [] : ins.qubits;
    case 'measure':
    case 'reset':
      return [ins.qubit];
    default:
      return [];
  }
}

/**
 * The qubits a circuit acts on, nested blocks included: every qubit of a gate (other than
 * `id`), measurement or reset. A 127- or 156-qubit device circuit that touches three qubits
 * needs a 3-qubit simulation.
 */
export function usedQubits(circuit: Circuit): number[] {
  const used = new Set<number>();
  forEachInstruction(circuit.instructions, (ins) => {
    for (const q of qubitsActedOn(ins)) used.add(q);
  });
  return [...used].sort((a, b) => a - b);
}

/** Why `circuit` does not fit a backend of `backendQubits` and a simulation of `maxQubits`, if it does not. */
export function sizeProblem(
  circuit: Circuit,
  where: string,
  backendQubits: number,
  maxQubits: number,
  maxInstructions: number,
): string | undefined {
  if (circuit.numQubits > backendQubits) {
    return `${where}: the circuit declares ${circuit.numQubits} qubits, more than the backend's ${backendQubits}`;
  }
  if (circuit.instructions.length > maxInstructions) {
    return `${where}: the circuit has ${circuit.instructions.length} instructions, more than ${maxInstructions} instructions allowed`;
  }
  const used = usedQubits(circuit).length;
  if (used > maxQubits) {
    return `${where}: the circuit acts on ${used} qubits, more than the limit of ${maxQubits} the local simulator runs`;
  }
  return undefined;
}
