/**
 * The service's refusal of circuits that do not match a hardware backend's target: the job is
 * accepted, then fails with reason code 1517 and the service's own message, which the official
 * clients show as `Error code 1517; Circuits do not match the target definition (non-ISA
 * circuits). ...`. The local runtime logs which instruction of which PUB is not ISA.
 *
 * @module
 */
import { checkIsa, describeViolation } from '../../circuits/isa.js';
import type { Circuit } from '../../circuits/model.js';
import type { HardwareDevice } from '../backends/index.js';

/** Reason code of a job whose circuits are not ISA for its backend. */
export const REASON_CODE_NON_ISA = 1517;

/**
 * The reason text the service gives for non-ISA circuits (as a failed job's `state.reason`
 * showed it on IBM Quantum Platform, qiskit-community/qiskit-algorithms issue #165).
 */
export const NON_ISA_REASON = [
  'Circuits do not match the target definition (non-ISA circuits). -- ',
  ' Transpile your circuits for the target before submitting a primitive query. For',
  ' example, you can use the following code block given an IBMBackend object backend ',
  ' and circuits of type List[QuantumCircuit]:',
  ' from qiskit.transpiler.preset_passmanagers import generate_preset_pass_manager',
  ' pm = generate_preset_pass_manager(optimization_level=1, target=backend.target)',
  ' isa_circuits = pm.run(circuits)',
  ' Then pass isa_circuits to the Sampler or Estimator.',
  ' -- https://ibm.biz/error_codes#1517',
].join('\n');

/** Why a job is refused: the reason and code it fails with, and one log line per violation. */
export interface JobRefusal {
  readonly reason: string;
  readonly reasonCode: number;
  readonly details: readonly string[];
}

/** Most violations logged per PUB. */
const MAX_LOGGED = 20;

/** The violations of one PUB's circuit on `device`, as log lines (empty when the circuit is ISA). */
export function isaProblems(circuit: Circuit, device: HardwareDevice, pub: number): string[] {
  const violations = checkIsa(circuit, device.target);
  const lines = violations
    .slice(0, MAX_LOGGED)
    .map((v) => `pub ${pub}: ${describeViolation(v)} (instruction ${v.path.join('.')})`);
  if (violations.length > MAX_LOGGED) {
    lines.push(`pub ${pub}: ${violations.length - MAX_LOGGED} more instructions are not ISA`);
  }
  return lines;
}
