/**
 * The circuit model: one plain-data description of a quantum program, shared by everything
 * that reads, writes, transforms or runs circuits (the OpenQASM parser and emitter, the QPY
 * reader, the `QuantumCircuit` builder, the transpiler, the ISA validator and the local
 * runtime's simulator).
 *
 * It follows Qiskit's data model where Qiskit has one:
 *
 * - Qubits and classical bits are numbered from 0. Qubit 0 is the least significant bit of a
 *   basis-state index, and bit 0 of a classical register is the least significant bit of the
 *   register's value (Qiskit's little-endian convention).
 * - Registers are named views over those bits (`qregs`, `cregs`). A bit may belong to no
 *   register or to several, as in Qiskit.
 * - Control flow holds nested blocks (`if`, `while`, `for`, `switch`, `box`) whose
 *   instructions address the same qubits and bits as the enclosing circuit.
 * - Conditions and stored values are classical expressions in the shape of Qiskit's
 *   `qiskit.circuit.classical.expr` (variables, values, unary and binary operators, casts,
 *   indexing), extended with the few OpenQASM 3 forms Qiskit lacks (signed integers, angles,
 *   floats and math calls).
 * - Gate angles are numbers or expressions over named parameters (Qiskit's `Parameter` and
 *   `ParameterExpression`), bound later by `assignParameters` or at run time.
 *
 * Everything here is immutable data: no classes, no methods, safe to serialise as JSON.
 *
 * @module
 */

// ---------------------------------------------------------------------------------------
// Parameters and angles
// ---------------------------------------------------------------------------------------

/** A unary function allowed in angle expressions. */
export type ExpressionFunction =
  | 'sin'
  | 'cos'
  | 'tan'
  | 'exp'
  | 'ln'
  | 'sqrt'
  | 'arcsin'
  | 'arccos'
  | 'arctan'
  | 'abs'
  | 'sign'
  | 'conj';

/** A binary operator allowed in angle expressions (`^` is exponentiation). */
export type ExpressionOperator = '+' | '-' | '*' | '/' | '^';

/**
 * An angle that still depends on one or more parameters, kept as a tree so it can be
 * evaluated once values are bound. Sub-trees without parameters are folded to `num` nodes by
 * whoever builds the tree. A `param` node may remember where the parameter was written in a
 * source program (`line`, `column`), so an unbound parameter is reported at that position.
 */
export type ParameterExpression =
  | { readonly op: 'num'; readonly value: number }
  | {
      readonly op: 'param';
      readonly name: string;
      readonly line?: number;
      readonly column?: number;
    }
  | { readonly op: 'neg'; readonly arg: ParameterExpression }
  | {
      readonly op: ExpressionOperator;
      readonly left: ParameterExpression;
      readonly right: ParameterExpression;
    }
  | { readonly op: ExpressionFunction; readonly arg: ParameterExpression };

/** A gate angle: a number once known, otherwise an expression over parameters. */
export type Angle = number | ParameterExpression;

// ---------------------------------------------------------------------------------------
// Classical types and expressions
// ---------------------------------------------------------------------------------------

/**
 * The type of a classical value. A single bit is `bool` and a classical register of `n` bits
 * is `uint` of width `n`, as in Qiskit's expression system. `int`, `float` and `angle` carry
 * an OpenQASM 3 width, or `null` for the platform default.
 */
export type ClassicalType =
  | { readonly kind: 'bool' }
  | { readonly kind: 'uint'; readonly width: number }
  | { readonly kind: 'int'; readonly width: number | null }
  | { readonly kind: 'float'; readonly width: number | null }
  | { readonly kind: 'angle'; readonly width: number | null }
  | { readonly kind: 'duration' }
  | {
      readonly kind: 'array';
      readonly element: ClassicalType;
      readonly dimensions: readonly number[];
    };

/** Where a classical value lives: one bit, a whole classical register, or a declared variable. */
export type ClassicalLocation =
  | { readonly kind: 'clbit'; readonly index: number }
  | { readonly kind: 'creg'; readonly name: string }
  | { readonly kind: 'var'; readonly name: string };

/** The unary operators of classical expressions. */
export type UnaryOperator = 'bitnot' | 'not' | 'neg';

/** The binary operators of classical expressions. */
export type BinaryOperator =
  | 'bitand'
  | 'bitor'
  | 'bitxor'
  | 'and'
  | 'or'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'shl'
  | 'shr'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'mod'
  | 'pow';

/**
 * A classical expression, evaluated at run time (conditions of `if` and `while`, the target
 * of `switch`, the value of a `store`). Every node carries its resolved type.
 */
export type ClassicalExpr =
  | {
      readonly kind: 'var';
      readonly location: ClassicalLocation;
      readonly type: ClassicalType;
    }
  | {
      readonly kind: 'value';
      /** Integers wider than 53 bits are `bigint`. */
      readonly value: number | bigint | boolean;
      /**
       * For a `duration` value, the unit `value` counts (QPY and OpenQASM 3 duration literals
       * such as `100ns` or `16dt`); absent for other types.
       */
      readonly unit?: 'dt' | 's' | 'ms' | 'us' | 'ns' | 'ps';
      readonly type: ClassicalType;
    }
  | {
      readonly kind: 'unary';
      readonly op: UnaryOperator;
      readonly operand: ClassicalExpr;
      readonly type: ClassicalType;
    }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: ClassicalExpr;
      readonly right: ClassicalExpr;
      readonly type: ClassicalType;
    }
  | {
      readonly kind: 'cast';
      readonly operand: ClassicalExpr;
      readonly type: ClassicalType;
      /** True when the source wrote no cast (Qiskit's `implicit`). */
      readonly implicit: boolean;
    }
  | {
      readonly kind: 'index';
      readonly target: ClassicalExpr;
      readonly index: ClassicalExpr;
      readonly type: ClassicalType;
    }
  | {
      readonly kind: 'call';
      readonly fn: ExpressionFunction;
      readonly args: readonly ClassicalExpr[];
      readonly type: ClassicalType;
    };

/** A classical variable declared by the circuit (not a bit or a register). */
export interface ClassicalVar {
  readonly name: string;
  readonly type: ClassicalType;
  /** `input`: given from outside when the circuit runs; `declare`: local to the circuit. */
  readonly role: 'input' | 'declare';
  /** The value it starts with (`declare` only); `null` means zero of its type. */
  readonly initial: ClassicalExpr | null;
}

/**
 * A length of time: a number in a unit, an expression of type `duration`, or a length left to
 * the scheduler (`symbolic`: it involves an OpenQASM `stretch` or `durationof`), kept as the
 * OpenQASM expression that wrote it.
 */
export type Duration =
  | {
      readonly kind: 'literal';
      readonly value: number;
      readonly unit: 'dt' | 's' | 'ms' | 'us' | 'ns' | 'ps';
    }
  | { readonly kind: 'expr'; readonly expr: ClassicalExpr }
  | { readonly kind: 'symbolic'; readonly text: string };

// ---------------------------------------------------------------------------------------
// Instructions
// ---------------------------------------------------------------------------------------

/**
 * A gate applied to `qubits`. `name` is a standard gate (see `gates/standard.ts`) or one of
 * the circuit's own `gates`; a name in `gates` means the circuit's definition even when a
 * standard gate has that name too (Qiskit's OpenQASM 3 export without an include defines its
 * own `cx`, `h`, ...).
 *
 * Gate modifiers are kept in canonical form: the first `controls` qubits are controls (active
 * on |1⟩ unless `ctrlState` says otherwise: bit `i` of `ctrlState` is the state that activates
 * control `i`), and the base gate, on the remaining qubits, is raised to `power` (−1 is the
 * inverse). OpenQASM's `ctrl @`, `negctrl @`, `inv @` and `pow(k) @` in any order reduce to
 * this form.
 */
export interface GateInstruction {
  readonly kind: 'gate';
  readonly name: string;
  readonly qubits: readonly number[];
  readonly params: readonly Angle[];
  /** Number of leading control qubits added by modifiers (0 when absent). */
  readonly controls?: number;
  /** Activating state of the controls, one bit per control; all ones when absent. */
  readonly ctrlState?: number;
  /** Exponent of the base gate; 1 when absent, −1 for the inverse. */
  readonly power?: number;
}

/**
 * Measure `qubit` in the computational basis into classical bit `clbit` (`null` when the
 * outcome is discarded, as in a bare OpenQASM `measure q[0];`).
 */
export interface MeasureInstruction {
  readonly kind: 'measure';
  readonly qubit: number;
  readonly clbit: number | null;
}

/** Reset `qubit` to |0⟩. */
export interface ResetInstruction {
  readonly kind: 'reset';
  readonly qubit: number;
}

/** A barrier over `qubits`: no effect on the state, a fence for the transpiler. */
export interface BarrierInstruction {
  readonly kind: 'barrier';
  readonly qubits: readonly number[];
}

/** Idle `qubits` for `duration`: no effect on an ideal simulation. */
export interface DelayInstruction {
  readonly kind: 'delay';
  readonly qubits: readonly number[];
  readonly duration: Duration;
}

/** Write `value` into `target` (a `var` or `index` expression naming a location). */
export interface StoreInstruction {
  readonly kind: 'store';
  readonly target: ClassicalExpr;
  readonly value: ClassicalExpr;
}

/** A sequence of instructions nested in a control-flow instruction. */
export type Block = readonly Instruction[];

/** Run `then` when `condition` (of type `bool`) holds, `else` otherwise. */
export interface IfElseInstruction {
  readonly kind: 'if';
  readonly condition: ClassicalExpr;
  readonly then: Block;
  readonly else: Block | null;
}

/** Run `body` while `condition` (of type `bool`) holds. */
export interface WhileInstruction {
  readonly kind: 'while';
  readonly condition: ClassicalExpr;
  readonly body: Block;
}

/** The values a `for` loop takes: an explicit list, or a range with an exclusive `stop`. */
export type LoopValues =
  | { readonly kind: 'list'; readonly values: readonly number[] }
  | {
      readonly kind: 'range';
      readonly start: number;
      readonly stop: number;
      readonly step: number;
    };

/**
 * Run `body` once per value, with the parameter `parameter` (when not `null`) bound to it in
 * the body's angles, as Qiskit's `ForLoopOp` binds its loop parameter.
 */
export interface ForInstruction {
  readonly kind: 'for';
  readonly parameter: string | null;
  readonly values: LoopValues;
  readonly body: Block;
}

/** One case of a `switch`: the values that select it (`'default'` for the fallback). */
export interface SwitchCase {
  readonly values: readonly (number | 'default')[];
  readonly body: Block;
}

/** Run the first case whose values contain `target`'s value. */
export interface SwitchInstruction {
  readonly kind: 'switch';
  readonly target: ClassicalExpr;
  readonly cases: readonly SwitchCase[];
}

/** A scoped block, optionally with a duration (timing only: no effect on a simulation). */
export interface BoxInstruction {
  readonly kind: 'box';
  readonly body: Block;
  readonly duration: Duration | null;
}

/** Leave the innermost loop. */
export interface BreakInstruction {
  readonly kind: 'break';
}

/** Start the innermost loop's next iteration. */
export interface ContinueInstruction {
  readonly kind: 'continue';
}

/** One step of a circuit. */
export type Instruction =
  | GateInstruction
  | MeasureInstruction
  | ResetInstruction
  | BarrierInstruction
  | DelayInstruction
  | StoreInstruction
  | IfElseInstruction
  | WhileInstruction
  | ForInstruction
  | SwitchInstruction
  | BoxInstruction
  | BreakInstruction
  | ContinueInstruction;

/** The instruction kinds that nest blocks. */
export type ControlFlowInstruction =
  IfElseInstruction | WhileInstruction | ForInstruction | SwitchInstruction | BoxInstruction;

// ---------------------------------------------------------------------------------------
// Circuits
// ---------------------------------------------------------------------------------------

/** A named register: a view over some of the circuit's qubits or classical bits. */
export interface Register {
  readonly name: string;
  /** The indices of its bits; entry `i` is bit `i` of the register. */
  readonly bits: readonly number[];
}

/**
 * A gate defined by the circuit (an OpenQASM `gate`, a Qiskit custom gate): its body uses
 * qubits `0 … numQubits − 1` and angles over its formal `params`. The body holds gate
 * instructions only.
 */
export interface GateDefinition {
  readonly name: string;
  readonly numQubits: number;
  readonly params: readonly string[];
  readonly body: readonly GateInstruction[];
  /** A phase the definition adds (Qiskit definitions may carry a global phase). */
  readonly globalPhase?: Angle;
}

/** A quantum circuit. */
export interface Circuit {
  /** A name for display (Qiskit's `QuantumCircuit.name`); not significant. */
  readonly name?: string;
  /** Number of qubits, `0 … numQubits − 1`. */
  readonly numQubits: number;
  /** Number of classical bits, `0 … numClbits − 1`. */
  readonly numClbits: number;
  /** Quantum registers in declaration order. */
  readonly qregs: readonly Register[];
  /** Classical registers in declaration order. */
  readonly cregs: readonly Register[];
  /**
   * The free parameters, in Qiskit's order (the order of `QuantumCircuit.parameters`: sorted
   * by name, the elements of one parameter vector by their index), which is the order of the
   * columns of parameter values given to the Sampler and the Estimator.
   */
  readonly parameters: readonly string[];
  /** The circuit's global phase. */
  readonly globalPhase: Angle;
  /** Classical variables besides bits and registers. */
  readonly vars: readonly ClassicalVar[];
  /** Gate definitions the instructions use by name. */
  readonly gates: readonly GateDefinition[];
  /** The instructions, in order. */
  readonly instructions: readonly Instruction[];
}
