/**
 * The circuit model produced by the OpenQASM parser and consumed by the simulator: qubits
 * numbered from 0 (qubit 0 is the least significant bit of a basis-state index, as in Qiskit),
 * classical registers, `input` parameters and a flat list of instructions with every user
 * gate definition already expanded into standard gates.
 *
 * @module
 */

/** A unary function allowed in angle expressions. */
export type ExpressionFunction =
  'sin' | 'cos' | 'tan' | 'exp' | 'ln' | 'sqrt' | 'arcsin' | 'arccos' | 'arctan';

/** A binary operator allowed in angle expressions (`^` is exponentiation). */
export type ExpressionOperator = '+' | '-' | '*' | '/' | '^';

/**
 * An angle that still depends on one or more `input` parameters, kept as a tree so it can be
 * evaluated once values are bound. Sub-trees without parameters are folded to `num` nodes by
 * the parser. A `param` node remembers where the parameter was used, so an unbound parameter
 * is reported at that position.
 */
export type ParameterExpression =
  | { readonly op: 'num'; readonly value: number }
  | {
      readonly op: 'param';
      readonly name: string;
      readonly line: number;
      readonly column: number;
    }
  | { readonly op: 'neg'; readonly arg: ParameterExpression }
  | {
      readonly op: ExpressionOperator;
      readonly left: ParameterExpression;
      readonly right: ParameterExpression;
    }
  | { readonly op: ExpressionFunction; readonly arg: ParameterExpression };

/** A gate angle: a number once known, otherwise an expression over `input` parameters. */
export type Angle = number | ParameterExpression;

/**
 * The gates the simulator implements, under their canonical (Qiskit) names. Aliases in
 * source (`U`, `u3`, `CX`, `u1`, `phase`, `cphase`, `cu1`, `u2`, `cu3`, ...) are rewritten to
 * these by the parser.
 */
export type StandardGateName =
  | 'id'
  | 'x'
  | 'y'
  | 'z'
  | 'h'
  | 's'
  | 'sdg'
  | 't'
  | 'tdg'
  | 'sx'
  | 'sxdg'
  | 'rx'
  | 'ry'
  | 'rz'
  | 'p'
  | 'u'
  | 'cx'
  | 'cy'
  | 'cz'
  | 'ch'
  | 'csx'
  | 'crx'
  | 'cry'
  | 'crz'
  | 'cp'
  | 'cu'
  | 'swap'
  | 'rxx'
  | 'ryy'
  | 'rzz'
  | 'ecr'
  | 'ccx'
  | 'cswap';

/** A standard gate applied to `qubits` (controls first, as written) with its angles. */
export interface GateInstruction {
  readonly kind: 'gate';
  readonly name: StandardGateName;
  readonly qubits: readonly number[];
  readonly params: readonly Angle[];
}

/** One classical bit: bit `index` of the register called `register`. */
export interface ClbitRef {
  readonly register: string;
  readonly index: number;
}

/**
 * Measure `qubit` in the computational basis and store the outcome in `clbit`
 * (`null` when the outcome is discarded, as in a bare `measure q[0];`).
 */
export interface MeasureInstruction {
  readonly kind: 'measure';
  readonly qubit: number;
  readonly clbit: ClbitRef | null;
}

/** Reset `qubit` to |0⟩. */
export interface ResetInstruction {
  readonly kind: 'reset';
  readonly qubit: number;
}

/** A barrier over `qubits`; it has no effect on a simulation. */
export interface BarrierInstruction {
  readonly kind: 'barrier';
  readonly qubits: readonly number[];
}

/** One step of a circuit. */
export type Instruction =
  GateInstruction | MeasureInstruction | ResetInstruction | BarrierInstruction;

/** A classical register: its name and its width in bits. */
export interface ClbitRegister {
  readonly name: string;
  readonly size: number;
}

/** A parsed circuit. */
export interface Circuit {
  /**
   * Number of qubits: the sum of the declared register sizes, or, when the program addresses
   * physical qubits (`$0`, `$1`, ...), the highest physical index plus one.
   */
  readonly numQubits: number;
  /** Classical registers in declaration order. */
  readonly clbitRegisters: readonly ClbitRegister[];
  /** Names of the `input` parameters, in declaration order. */
  readonly parameters: readonly string[];
  /** The instructions, with gate definitions expanded. */
  readonly instructions: readonly Instruction[];
}
