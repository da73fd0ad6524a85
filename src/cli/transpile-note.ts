/**
 * How `qjobs run` tells what it did to a circuit for a device: one line on stderr (the device,
 * its two-qubit gates, where the measured qubits went) and the `transpiled` field of the
 * `--json` documents.
 *
 * @module
 */
import { describeViolation } from '../circuits/isa.js';
import type { IsaViolation } from '../circuits/isa.js';
import type { PlacedQubit } from '../circuits/transpile-summary.js';
import type { TranspileReport } from './device-circuit.js';

/** Placed qubits named in the stderr line; the rest are counted. */
const PLACEMENTS_SHOWN = 8;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `1 two-qubit gate (cz)`, `5 two-qubit gates (4 cz, 1 rzz)`, `no two-qubit gate`. */
export function twoQubitGateWords(gates: Readonly<Record<string, number>>): string {
  const entries = Object.entries(gates).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return 'no two-qubit gate';
  const names =
    entries.length === 1 ? entries[0]![0] : entries.map(([g, c]) => `${c} ${g}`).join(', ');
  return `${plural(total, 'two-qubit gate')} (${names})`;
}

/** `q[0] on qubit 96, q[1] on qubit 103`, shortened past a few qubits. */
function placementWords(placed: readonly PlacedQubit[]): string {
  const shown = placed.slice(0, PLACEMENTS_SHOWN).map((p) => `${p.name} on qubit ${p.physical}`);
  const rest = placed.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** Where each input qubit ends: the qubits the Estimator's observables are mapped to. */
function endsOf(report: TranspileReport): PlacedQubit[] {
  return report.finalLayout.map((physical, q) => ({ name: report.qubitNames[q]!, physical }));
}

/** The first non-ISA instruction, in the CLI's words (`h on qubit 0`). */
function firstProblem(violations: readonly IsaViolation[]): string {
  const v = violations[0];
  if (v === undefined) return '';
  if (v.reason === 'unsupported-instruction' || v.reason === 'unsupported-qubits') {
    const on = v.qubits.length === 1 ? `qubit ${v.qubits[0]}` : `qubits ${v.qubits.join(', ')}`;
    return v.reason === 'unsupported-instruction'
      ? `${v.name} on ${on} is not one of its gates`
      : `${v.name} on ${on} is not a coupled pair of it`;
  }
  return describeViolation(v);
}

/**
 * The stderr line of a transpiled circuit:
 * `qjobs run: ibm_fez runs only ISA circuits (h on qubit 0 is not one of its gates): transpiled
 * bell.qasm at optimization level 1 into 1 two-qubit gate (cz); measured q[0] on qubit 96,
 * q[1] on qubit 103`. For the Estimator, where each qubit ends and the observables go.
 */
export function transpiledLine(file: string, report: TranspileReport, estimator: boolean): string {
  const problem = firstProblem(report.notIsa);
  const where = estimator
    ? `; ${placementWords(endsOf(report))} (the observables follow them)`
    : report.measured.length === 0
      ? ''
      : `; measured ${placementWords(report.measured)}`;
  return (
    `qjobs run: ${report.backend} runs only ISA circuits${problem === '' ? '' : ` (${problem})`}: ` +
    `transpiled ${file} at optimization level ${report.optimizationLevel} into ` +
    `${twoQubitGateWords(report.twoQubitGates)}${where}`
  );
}

/** The `transpiled` field of the `--json` documents. */
export function transpiledJson(report: TranspileReport): Record<string, unknown> {
  return {
    optimizationLevel: report.optimizationLevel,
    twoQubitGates: report.twoQubitGates,
    initialLayout: report.initialLayout,
    finalLayout: report.finalLayout,
    measured: Object.fromEntries(report.measured.map((p) => [p.name, p.physical])),
    notIsa: report.notIsa.map(describeViolation),
  };
}

/** The stderr line when `--no-transpile` leaves out a device the circuit is not ISA for. */
export function skippedLine(
  file: string,
  backend: string,
  violations: readonly IsaViolation[],
): string {
  return `qjobs run: skipped ${backend}: ${file} is not ISA for it (${firstProblem(violations)}) and --no-transpile sends it as written`;
}

/** The stderr line when a device that was least busy cannot take the circuit. */
export function untranspilableLine(file: string, backend: string, reason: string): string {
  return `qjobs run: skipped ${backend}: cannot transpile ${file} for it (${reason})`;
}
