/**
 * A job's circuit drawn as text, the way Qiskit's text drawer draws it: an OpenQASM program
 * read with the library's parser, or a circuit sent as QPY (what IBM's Python client sends;
 * encoded, or already decoded by the params codec) read with its QPY reader, then drawn by `QuantumCircuit.draw()`. A circuit that cannot be
 * read, or is too large to draw usefully, gets the reason instead.
 *
 * @module
 */
import { QuantumCircuit, parseQasm } from '../../../src/circuits/index.js';
import type { Circuit } from '../../../src/circuits/index.js';
import { decodeEncodedCircuit, readQpy } from '../../../src/circuits/qpy/index.js';
import { EncodedCircuit } from '../../../src/codecs/encoded-params.js';

/** Most instructions drawn; a larger circuit is shown as text only. */
export const MAX_DRAWN_INSTRUCTIONS = 2000;

/** A drawing, or why there is none. */
export type CircuitDrawing =
  | { readonly kind: 'drawing'; readonly text: string; readonly qubits: number }
  | { readonly kind: 'none'; readonly reason: string };

function isEncodedCircuit(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { __type__?: unknown }).__type__ === 'QuantumCircuit'
  );
}

function firstCircuit(circuits: readonly Circuit[]): Circuit {
  const first = circuits[0];
  if (first === undefined) throw new Error('the QPY data holds no circuit');
  return first;
}

/** Count the instructions of a circuit, control-flow blocks included. */
function size(circuit: Circuit): number {
  return circuit.instructions.length;
}

/** The drawing of a PUB's circuit as the job's `params` carry it (OpenQASM text or QPY). */
export function drawingOf(input: unknown): CircuitDrawing {
  let circuit: Circuit;
  try {
    if (typeof input === 'string') circuit = parseQasm(input);
    else if (input instanceof EncodedCircuit) circuit = firstCircuit(readQpy(input.qpy));
    else if (isEncodedCircuit(input)) circuit = decodeEncodedCircuit(input);
    else return { kind: 'none', reason: 'the circuit is in a form this page does not read' };
  } catch (error) {
    return {
      kind: 'none',
      reason: `the circuit could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (size(circuit) > MAX_DRAWN_INSTRUCTIONS) {
    return {
      kind: 'none',
      reason: `the circuit has ${size(circuit)} instructions, too many to draw here (at most ${MAX_DRAWN_INSTRUCTIONS})`,
    };
  }
  try {
    return {
      kind: 'drawing',
      text: QuantumCircuit.fromCircuit(circuit).draw(),
      qubits: circuit.numQubits,
    };
  } catch (error) {
    return {
      kind: 'none',
      reason: `the circuit could not be drawn: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
