/**
 * A circuit sent as QPY (the RuntimeEncoder's `QuantumCircuit`), read into the circuit model.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Circuit } from '../../circuits/model.js';
import type { EncodedCircuit } from '../../codecs/encoded-params.js';

/**
 * Read the QPY file of an encoded circuit. Until the QPY reader is part of the library, a QPY
 * circuit is refused with a message saying so.
 */
export function readQpyCircuit(
  circuit: EncodedCircuit,
  where: string,
  _maxInstructions: number,
): E.Either<string, Circuit> {
  return E.left(
    `${where}: QPY circuits (${circuit.qpy.length} bytes) cannot be read by this local runtime yet; send OpenQASM 3 text`,
  );
}
