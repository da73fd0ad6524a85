/**
 * A circuit sent as QPY (the RuntimeEncoder's `QuantumCircuit`), read into the circuit model
 * by the library's QPY reader, under the runtime's ceilings.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Circuit } from '../../circuits/model.js';
import { QpyError, readQpy } from '../../circuits/qpy/index.js';
import type { EncodedCircuit } from '../../codecs/encoded-params.js';

/** Most qubits, and separately classical bits, a QPY circuit may declare. */
const MAX_QPY_BITS = 1 << 16;

/**
 * Read the QPY file of an encoded circuit: its first circuit, as qiskit-ibm-runtime's
 * `RuntimeDecoder` takes it. A QPY error is reported at `where` with the QPY version,
 * instruction, field and byte offset.
 */
export function readQpyCircuit(
  circuit: EncodedCircuit,
  where: string,
  maxInstructions: number,
): E.Either<string, Circuit> {
  try {
    const circuits = readQpy(circuit.qpy, {
      limits: { maxCircuits: 1, maxBits: MAX_QPY_BITS, maxInstructions },
    });
    const first = circuits[0];
    return first === undefined ? E.left(`${where}: the QPY data holds no circuit`) : E.right(first);
  } catch (e) {
    if (e instanceof QpyError) return E.left(`${where}: ${e.message}`);
    return E.left(`${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
