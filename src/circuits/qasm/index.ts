/**
 * The OpenQASM front end: `parseQasm` turns OpenQASM 2/3 source into a
 * {@link Circuit}, `bindParameters` fixes its `input` parameters.
 *
 * @module
 */
export type {
  Angle,
  BarrierInstruction,
  Circuit,
  ExpressionFunction,
  ExpressionOperator,
  GateInstruction,
  Instruction,
  MeasureInstruction,
  ParameterExpression,
  Register,
  ResetInstruction,
} from '../model.js';
export { QasmError, type QasmDiagnostic } from './errors.js';
export { parseQasm, type ParseOptions } from './parser.js';
export { bindParameters, type ParameterBinding } from './bind.js';
