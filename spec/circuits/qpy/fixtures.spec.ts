// Real QPY bytes written by Qiskit (spec/fixtures/qpy/README.md names where each file came
// from), read by readQpy and checked against the Python that produced them and, where the
// circuit measures, against the simulator. Format: Qiskit/qiskit qiskit/qpy/__init__.py.
import { readQpy, QpyError } from '../../../src/circuits/qpy/index.js';
import type { Circuit, GateInstruction } from '../../../src/circuits/model.js';
import { runSamplerPub, StateVector } from '../../../src/local/simulator/index.js';
import { fixtureBytes } from '../../helpers/fixtures.js';
import { countValues, shotValues } from '../../local/simulator/support.js';

const read = (name: string): Circuit[] => readQpy(fixtureBytes(`qpy/${name}`));
const gates = (c: Circuit) => c.instructions.map((i) => (i.kind === 'gate' ? i.name : i.kind));

/** The state of a measurement-free circuit of standard gates, as probabilities. */
function probabilities(c: Circuit): number[] {
  const sv = new StateVector(c.numQubits);
  for (const ins of c.instructions) {
    if (ins.kind !== 'gate') throw new Error(`unexpected ${ins.kind}`);
    sv.applyGate(ins.name, ins.qubits, ins.params as number[]);
  }
  return [...sv.probabilities()];
}

describe('readQpy on QPY written by Qiskit', () => {
  it('reads the QPY 12 Bell circuit of Qiskit 1.2.4 (h 0; cx 0 1) into |00⟩+|11⟩', () => {
    const [c] = read('qiskit-1.2.4_v12_bell.qpy');
    expect(c!.numQubits).toBe(2);
    expect(c!.qregs).toEqual([{ name: 'q', bits: [0, 1] }]);
    expect(c!.instructions).toEqual([
      { kind: 'gate', name: 'h', qubits: [0], params: [] },
      { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
    ]);
    const p = probabilities(c!);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[3]).toBeCloseTo(0.5, 12);
  });

  it('samples the measured QPY 13 Bell circuit of Qiskit 1.3.1 as 00 and 11 only', async () => {
    const [c] = read('qiskit-1.3.1_v13_bell_measured.qpy');
    expect(gates(c!)).toEqual(['h', 'cx', 'measure', 'measure']);
    expect(c!.cregs).toEqual([{ name: 'c', bits: [0, 1] }]);
    const out = await runSamplerPub({ circuit: c!, shots: 2000 }, { seed: 7 });
    const counts = countValues(shotValues(out, 'c'));
    expect([...counts.keys()].sort()).toEqual([0, 3]);
  });

  it('reads every standard gate of a random Qiskit 1.3.2 circuit (QPY 13) by class name', () => {
    const [c] = read('qiskit-1.3.2_v13_random_gates.qpy');
    expect(c!.numQubits).toBe(3);
    const names = new Set(gates(c!));
    for (const g of [
      'id',
      'p',
      'sdg',
      'cu1',
      'ch',
      'x',
      'csdg',
      's',
      'rx',
      'iswap',
      'sx',
      'ryy',
      'ccz',
      'u3',
    ]) {
      expect(names).toContain(g);
    }
    const u3 = c!.instructions.find(
      (i): i is GateInstruction => i.kind === 'gate' && i.name === 'u3',
    );
    expect(u3!.params.length).toBe(3);
    // Instruction floats of QPY ≤ 17 are little-endian: read the other way they are absurd.
    for (const p of u3!.params) expect(Math.abs(p as number)).toBeLessThan(7);
  });

  it('reads the rotations of a Qiskit 1.4.2 circuit (QPY 13) with angles in [0, 2π)', () => {
    const [c] = read('qiskit-1.4.2_v13_rotations.qpy');
    expect(gates(c!)).toEqual(['rx', 'y', 'y', 'rz', 'h', 'x', 'z', 'ry', 'x', 'rx']);
    for (const ins of c!.instructions) {
      if (ins.kind === 'gate')
        for (const p of ins.params) expect(p as number).toBeGreaterThanOrEqual(0);
    }
    expect((c!.instructions[0] as GateInstruction).params[0]).toBeCloseTo(4.275473365067679, 15);
  });

  it('reads a custom gate of Qiskit 1.2.0 (QPY 12) into a gate definition beside the standard dcx', () => {
    const [c] = read('qiskit-1.2.0_v12_custom_dcx.qpy');
    expect(c!.gates).toEqual([
      {
        name: 'dcx_1',
        numQubits: 2,
        params: [],
        body: [
          { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
          { kind: 'gate', name: 'cx', qubits: [1, 0], params: [] },
        ],
      },
    ]);
    expect(gates(c!)).toEqual(['cz', 'sdg', 'dcx_1', 'u3', 'crx', 'y']);
    expect((c!.instructions[2] as GateInstruction).qubits).toEqual([2, 1]);
  });

  it('reads all 16 circuits of a Qiskit 2.0.0 file (QPY 14), delays and barriers included', () => {
    const cs = read('qiskit-2.0.0_v14_16_circuits.qpy');
    expect(cs.length).toBe(16);
    for (const c of cs) {
      expect(c.numQubits).toBe(2);
      expect(gates(c).slice(0, 3)).toEqual(['h', 'cx', 'delay']);
      expect(gates(c)).toContain('barrier');
    }
  });

  it('reads 64 transpiled circuits of Qiskit 2.0.0 (QPY 14) with ancilla registers and layouts', () => {
    const cs = read('qiskit-2.0.0_v14_64_transpiled.qpy');
    expect(cs.length).toBe(64);
    const c = cs[0]!;
    expect(c.qregs.map((r) => r.name)).toEqual(['ancilla', 'q']);
    for (const g of new Set(cs.flatMap(gates))) {
      expect(['r', 'cz', 'delay', 'barrier', 'measure']).toContain(g);
    }
    // The transpiled circuits use physical qubits 0 and 2 of 5; the others are ancillas.
    for (const ins of c.instructions)
      if (ins.kind === 'gate') for (const q of ins.qubits) expect([0, 2]).toContain(q);
    expect(c.cregs).toEqual([{ name: 'c', bits: [0, 1] }]);
  });

  it('names the instruction it cannot read in a Qiskit 0.45 file (QPY 9): a controlled UnitaryGate', () => {
    let error: unknown;
    try {
      read('qiskit-0.45dev_v9_controlled_unitary.qpy');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QpyError);
    const e = error as QpyError;
    expect(e._tag).toBe('QpyError');
    expect(e.version).toBe(9);
    expect(e.instruction).toBe('UnitaryGate');
    expect(e.kind).toBe('unsupported');
    expect(e.offset).toBeGreaterThan(0);
    expect(e.message).toContain('QPY version 9');
  });
});
