/**
 * What `qjobs run` learns from its own OpenQASM parser before submitting: the circuit (to
 * transpile it for a device), whether it declares classical registers (a Sampler circuit
 * without any returns no data, and Qiskit warns about it), and the problems the parser finds
 * (shown if the service refuses the circuit without naming positions). The service stays the
 * judge: nothing here refuses a circuit.
 *
 * @module
 */
import type { Circuit } from '../circuits/model.js';
import { parseQasm } from '../circuits/qasm/index.js';
import { diagnosticsOfError } from './qasm-diagnostics.js';
import type { QasmDiagnostic } from './qasm-diagnostics.js';

/** What the local parse found. */
export interface CircuitInspection {
  /** The circuit, when it parsed (what `qjobs run` transpiles for a device). */
  readonly circuit: Circuit | undefined;
  /** Classical registers declared, when the circuit parsed. */
  readonly classicalRegisters: number | undefined;
  /** Problems found, when it did not. */
  readonly diagnostics: readonly QasmDiagnostic[];
}

/** Parse `text` locally; never throws. */
export function inspectCircuit(text: string): CircuitInspection {
  try {
    const circuit = parseQasm(text);
    return { circuit, classicalRegisters: circuit.cregs.length, diagnostics: [] };
  } catch (error) {
    return {
      circuit: undefined,
      classicalRegisters: undefined,
      diagnostics: diagnosticsOfError(error),
    };
  }
}

/**
 * Qiskit's warning for a Sampler circuit without classical registers, in the CLI's words
 * (from Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/utils/validations.py,
 * `validate_classical_registers`, and qiskit's StatevectorSampler: a warning, not an error).
 */
export function noMeasurementWarning(name: string): string {
  return (
    `qjobs run: warning: ${name} has no classical registers, so the Sampler result will be empty. ` +
    'Did you mean to measure (bit[2] c; c = measure q;)?'
  );
}
