/**
 * `quantum-jobs-rx/circuits`: circuits in code and as data. The `QuantumCircuit` builder with
 * its registers, parameters and classical expressions; `transpile` to a backend's instruction
 * set with its `TranspileLayout`; the OpenQASM 3 exporter (`dumps`); the circuit model and what
 * reads it: `parseQasm` turns OpenQASM 2 or 3 source into a {@link Circuit} (a `QasmError` with
 * line and column when it cannot), `bindParameters` fixes its `input` parameters. Browser-safe.
 *
 * @module
 */
export type * from './model.js';
export { QasmError } from './qasm/errors.js';
export type { QasmDiagnostic } from './qasm/errors.js';
export { parseQasm } from './qasm/parser.js';
export type { ParseOptions } from './qasm/parser.js';
export { bindParameters } from './qasm/bind.js';
export type { ParameterBinding } from './qasm/bind.js';
export { QuantumCircuit } from './quantum-circuit.js';
export type {
  CircuitArgument,
  ClbitSpecifier,
  MeasureAllOptions,
  QubitSpecifier,
} from './quantum-circuit.js';
export { ClassicalRegister, QuantumRegister } from './register.js';
export type { Clbit, Qubit, RegisterBit } from './register.js';
export { Parameter, ParameterExpression, ParameterVector, sortParameters } from './parameter.js';
export type { AngleLike, ParameterValues } from './parameter.js';
export { Gate } from './gate.js';
export { Expr, Var, expr } from './classical.js';
export type { Condition, ExprContext, ExprLike } from './classical.js';
export type { ComplexMatrix } from './gates/matrix.js';
/** The circuit model's form of an angle over parameters (the tree `ParameterExpression` objects build). */
export type { ParameterExpression as AngleExpression } from './model.js';
export type { DrawOptions } from './draw.js';
export { dumps, exportProgram } from './qasm3-export.js';
export { InputCircuit, decodeJobInputs } from './job-inputs.js';
export type { JobInputsOptions } from './job-inputs.js';
export type { DumpsOptions } from './qasm3-export.js';
export { serializeCircuit } from './serialize.js';
export type { CircuitLike, SerializedCircuit } from './serialize.js';
export { transpile } from './transpile.js';
export type { RemoteBackendLike } from './transpile.js';
export type { TranspileOptions } from './transpiler/pipeline.js';
export { TranspileLayout } from './transpiler/layout.js';
export type { PauliObservable, PauliObservables } from './transpiler/layout.js';
export type { BackendLike, BackendPropertiesLike } from './transpiler/target.js';
export { checkIsa, describeViolation, targetFromConfiguration } from './isa.js';
export type {
  BackendConfigurationLike,
  IsaTarget,
  IsaViolation,
  IsaViolationReason,
} from './isa.js';
export { CircuitError, TranspileError } from './errors.js';
export { circuitUnitary } from './circuit-unitary.js';
export { weylDecomposition } from './synthesis/weyl.js';
export type { WeylDecomposition } from './synthesis/weyl.js';
