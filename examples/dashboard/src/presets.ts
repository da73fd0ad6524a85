/**
 * The circuits the dashboard offers ready-made: Bell, GHZ-3, ten qubits in superposition (a
 * wide histogram) and a long-running layered circuit, each in OpenQASM 3 with a default observables text for the Estimator.
 *
 * @module
 */

/** One ready-made circuit. */
export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly qasm: string;
  /** Observables offered for the Estimator (comma-separated, see `parseObservables`). */
  readonly observables: string;
  /** Copies of the circuit submitted as separate PUBs (each PUB publishes an interim result). */
  readonly pubs: number;
}

const BELL = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;
`;

const GHZ3 = `OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] meas;
h q[0];
cx q[0], q[1];
cx q[1], q[2];
meas = measure q;
`;

/** A circuit of `layers` layers of rotations and a CX ladder on `qubits` qubits. */
export function layeredCircuit(qubits: number, layers: number): string {
  const lines = [
    'OPENQASM 3.0;',
    'include "stdgates.inc";',
    `qubit[${qubits}] q;`,
    `bit[${qubits}] meas;`,
  ];
  for (let layer = 0; layer < layers; layer++) {
    const angle = (0.37 * (layer + 1)).toFixed(2);
    for (let i = 0; i < qubits; i++) lines.push(`rx(${angle}) q[${i}];`);
    for (let i = 0; i + 1 < qubits; i++) lines.push(`cx q[${i}], q[${i + 1}];`);
  }
  lines.push('meas = measure q;');
  return `${lines.join('\n')}\n`;
}

/** Every qubit of a `qubits`-qubit register in superposition: all 2^qubits outcomes about equally. */
export function uniformCircuit(qubits: number): string {
  return [
    'OPENQASM 3.0;',
    'include "stdgates.inc";',
    `qubit[${qubits}] q;`,
    `bit[${qubits}] meas;`,
    'h q;',
    'meas = measure q;',
    '',
  ].join('\n');
}

/** Every preset, in the order the page lists them. */
export const PRESETS: readonly Preset[] = [
  { id: 'bell', label: 'Bell', qasm: BELL, observables: 'ZZ, XX, ZI', pubs: 1 },
  { id: 'ghz3', label: 'GHZ-3', qasm: GHZ3, observables: 'ZZZ, XXX, ZZI', pubs: 1 },
  {
    id: 'uniform10',
    label: 'Ten qubits in superposition (1,024 outcomes)',
    qasm: uniformCircuit(10),
    observables: 'ZIIIIIIIII, IIIIIIIIIZ, XXXXXXXXXX',
    pubs: 1,
  },
  {
    id: 'long',
    label: 'Long: 16 qubits × 24 layers, 6 PUBs',
    qasm: layeredCircuit(16, 24),
    observables: 'ZZZZZZZZZZZZZZZZ, 0.5*XXXXXXXXXXXXXXXX + 0.5*ZIIIIIIIIIIIIIIZ',
    pubs: 6,
  },
];

/** The preset with id `id`, or undefined. */
export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
