/**
 * The state shared while one QPY circuit is read: the parameters, variables and gate
 * definitions met so far (they are global to the circuit and its nested blocks), and the bits,
 * registers and variables in scope of the (possibly nested) circuit being read.
 *
 * @module
 */
import type { ByteReader, ReadContext } from './bytes.js';
import type { Angle, ClassicalType, GateDefinition, Instruction, Register } from '../model.js';

/** A parameter met in the file: its full name and, for a vector element, its vector. */
export interface ParameterInfo {
  /** `theta`, or `v[3]` for element 3 of vector `v`. */
  readonly name: string;
  /** The vector's name (for sorting), or the parameter's own name. */
  readonly base: string;
  /** The element's index, or `null` for a standalone parameter. */
  readonly index: number | null;
}

/** A standalone variable or stretch declared by a circuit header, as expressions refer to it. */
export interface VarInfo {
  readonly name: string;
  readonly type: ClassicalType;
}

/** A circuit as read from QPY, with bit indices local to it (blocks are remapped later). */
export interface BodyCircuit {
  readonly name: string;
  readonly numQubits: number;
  readonly numClbits: number;
  readonly qregs: readonly Register[];
  readonly cregs: readonly Register[];
  readonly globalPhase: Angle;
  readonly instructions: readonly Instruction[];
}

/** What is known while one top-level circuit (and everything nested in it) is read. */
export interface Session {
  readonly ctx: ReadContext;
  /** Whether parameter expressions of QPY 10–12 are symengine-encoded (file header). */
  readonly symengine: boolean;
  /** Parameters by UUID (32 hex digits). */
  readonly parameters: Map<string, ParameterInfo>;
  /** Parameters by full name. */
  readonly parameterNames: Map<string, ParameterInfo>;
  /** Declared variables and stretches by UUID, with the role they first had. */
  readonly vars: Map<string, { name: string; type: ClassicalType; role: 'input' | 'declare' }>;
  /** Names of the variables, to refuse two different variables with one name. */
  readonly varNames: Map<string, string>;
  /** Gate definitions produced so far, by name. */
  readonly gates: Map<string, GateDefinition>;
  /** Read a nested circuit payload (a control-flow block or a definition). */
  readonly readCircuit: (r: ByteReader, depth: number) => BodyCircuit;
}

/** The circuit whose instructions are being read: its bits, registers and variables. */
export interface CircuitScope {
  readonly numQubits: number;
  readonly numClbits: number;
  /** Classical registers by name, with local bit indices. */
  readonly cregs: ReadonlyMap<string, Register>;
  /** Standalone variables and stretches in header order (what `EXPR_VAR` `U` indexes). */
  readonly vars: readonly VarInfo[];
}
