// The conformance corpus: real OpenQASM 2 and 3 programs written by others (spec/fixtures/qasm,
// whose README names each one's source). Every program parses, or fails with the problems it
// really has (the specification's own examples call extern functions and carry a few bugs);
// where a program's answer is known, the local simulator must give it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Circuit } from '../../../src/circuits/model.js';
import { QasmError, parseQasm } from '../../../src/circuits/qasm/index.js';
import {
  runEstimatorPub,
  runSamplerPub,
  type SamplerPubOutput,
} from '../../../src/local/simulator/index.js';
import { FIXTURES, fixtureText } from '../../helpers/fixtures.js';

const SHOTS = 4000;

/** The values of register `name`, one per shot (bit 0 of the register is bit 0 of the value). */
function values(out: SamplerPubOutput, name: string): number[] {
  const reg = out.registers.find((r) => r.name === name);
  if (reg === undefined) throw new Error(`no register ${name}`);
  const width = Math.ceil(reg.numBits / 8);
  const shots: number[] = [];
  for (let s = 0; s * width < reg.bytes.length; s++) {
    let v = 0;
    for (let j = 0; j < width; j++) v = v * 256 + reg.bytes[s * width + j]!;
    shots.push(v);
  }
  return shots;
}

async function sample(circuit: Circuit, shots = SHOTS): Promise<SamplerPubOutput> {
  return runSamplerPub({ circuit, shots }, { seed: 2024 });
}

/** Every shot of register `name` equals `value`. */
async function always(circuit: Circuit, name: string, value: number): Promise<void> {
  const seen = new Set(values(await sample(circuit, 500), name));
  expect([...seen])
    .withContext(name)
    .toEqual([value]);
}

/** `count` successes in `n` draws are within five standard deviations of probability `p`. */
function expectBinomial(count: number, n: number, p: number): void {
  expect(Math.abs(count - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)) + 1e-9);
}

/** The teleported qubit is U(0.3, 0.2, 0.1)|0⟩: it measures 1 with probability sin²(0.15). */
async function teleported(circuit: Circuit, name: string): Promise<void> {
  const ones = values(await sample(circuit), name).filter((v) => v === 1).length;
  expectBinomial(ones, SHOTS, Math.sin(0.15) ** 2);
}

interface Case {
  /** The problems the program has, as `line:column message` (the first ones), if any. */
  readonly problems?: readonly string[];
  /** A check of the answer, for programs whose answer is known. */
  readonly answer?: (c: Circuit) => Promise<void>;
}

const CASES: Readonly<Record<string, Case>> = {
  // openqasm/openqasm examples/
  'openqasm/adder.qasm': { answer: (c) => always(c, 'ans', 16) }, // 1 + 15 = 16
  'openqasm/alignment.qasm': {},
  'openqasm/arrays.qasm': {
    problems: [
      "51:18 index 4 is out of range for array 'my_defined_uints' of size 4",
      "76:16 'first_dimension' is already declared",
    ],
  },
  'openqasm/cphase.qasm': { problems: ["9:15 unknown qubit register 'q'"] }, // a fragment
  'openqasm/dd.qasm': { problems: ["25:3 gate 'u' expects 3 parameters, got 0"] },
  'openqasm/defcal.qasm': {},
  'openqasm/gateteleport.qasm': {
    problems: [
      "12:9 extern function 'vote' has no implementation here; only subroutines defined with 'def' can run",
    ],
  },
  // The inverse QFT of |+>^4 is |0000>, whatever the feed-forward measured.
  'openqasm/inverseqft1.qasm': { answer: (c) => always(c, 'c', 0) },
  'openqasm/inverseqft2.qasm': {
    answer: async (c) => {
      const out = await sample(c, 500);
      for (const r of ['c0', 'c1', 'c2', 'c3'])
        expect(new Set(values(out, r))).toEqual(new Set([0]));
    },
  },
  'openqasm/ipe.qasm': {
    problems: ["28:16 cannot measure into angle[10] 'c': measurements write bits"],
  },
  'openqasm/msd.qasm': {
    problems: [
      "48:14 index 3 is out of range for register 'scratch' of size 3",
      '50:10 the circuit expands to more than 1000000 instructions',
    ],
  },
  // The error on q[0] gives syndrome 1, which the program corrects.
  'openqasm/qec.qasm': { answer: (c) => always(c, 'c', 0) },
  'openqasm/qft.qasm': {
    answer: async (c) => {
      // The QFT of a basis state has every outcome equally likely.
      const counts = new Map<number, number>();
      for (const v of values(await sample(c), 'c')) counts.set(v, (counts.get(v) ?? 0) + 1);
      expect(counts.size).toBe(16);
      for (const n of counts.values()) expectBinomial(n, SHOTS, 1 / 16);
    },
  },
  'openqasm/qpt.qasm': {},
  'openqasm/rb.qasm': {},
  // The loop repeats until both flags are 0.
  'openqasm/rus.qasm': { answer: (c) => always(c, 'flags', 0) },
  'openqasm/scqec.qasm': {
    problems: [
      "86:3 extern function 'zfirst' has no implementation here; only subroutines defined with 'def' can run",
    ],
  },
  'openqasm/t1.qasm': {
    problems: [
      "45:5 extern function 'tabulate' has no implementation here; only subroutines defined with 'def' can run",
    ],
  },
  'openqasm/teleport.qasm': { answer: (c) => teleported(c, 'c2') },
  'openqasm/varteleport.qasm': {},
  'openqasm/vqe.qasm': { problems: ['25:47 gate qubit arguments cannot be indexed'] },

  // Qiskit's exporters (test/python/qasm3/test_export.py, test/python/qasm2/test_export.py).
  'qiskit-exporter/qasm2_basic_output.qasm': {},
  'qiskit-exporter/qasm2_c3sxgate_roundtrips.qasm': {},
  'qiskit-exporter/qasm2_mcx_gate_variants.qasm': {},
  'qiskit-exporter/qasm2_measure_can_be_conditioned.qasm': {},
  'qiskit-exporter/qasm3_box.qasm': {},
  'qiskit-exporter/qasm3_chain_else_if.qasm': {},
  'qiskit-exporter/qasm3_composite_circuit.qasm': {},
  'qiskit-exporter/qasm3_custom_gate.qasm': {},
  'qiskit-exporter/qasm3_custom_gate_with_unbound_parameter.qasm': {},
  'qiskit-exporter/qasm3_delay_statement.qasm': {},
  'qiskit-exporter/qasm3_expr_precedence.qasm': {},
  'qiskit-exporter/qasm3_gate_qasm_with_ctrl_state.qasm': {},
  'qiskit-exporter/qasm3_loose_clbits.qasm': {},
  'qiskit-exporter/qasm3_multiple_pauli_evolution_gates.qasm': {},
  'qiskit-exporter/qasm3_nested_while_loop.qasm': {},
  'qiskit-exporter/qasm3_no_include.qasm': {},
  'qiskit-exporter/qasm3_qasm_stretch_example_1.qasm': {},
  'qiskit-exporter/qasm3_registers_as_aliases.qasm': {},
  'qiskit-exporter/qasm3_switch_v1_nested_in_if.qasm': {},
  'qiskit-exporter/qasm3_switch_with_default.qasm': {},
  'qiskit-exporter/qasm3_var_use_in_scopes.qasm': {},

  // Qiskit's own test programs, and the qiskit-qasm3-import README's example.
  'misc/qiskit_all_gates.qasm': {},
  'misc/qiskit_entangled_registers.qasm': {},
  'misc/qiskit_example.qasm': {
    answer: async (c) => {
      // q and r are pairwise entangled: each shot reads the same bits in c and d.
      const out = await sample(c, 500);
      expect(values(out, 'c')).toEqual(values(out, 'd'));
    },
  },
  'misc/qiskit_example_if.qasm': { answer: (c) => always(c, 'cr0', 0) }, // last measured after a reset
  'misc/qiskit_move_measurements.qasm': {},
  'misc/qiskit_pea_3_pi_8.qasm': {},
  'misc/qiskit_qasm3_import_readme.qasm': {},
  'misc/qiskit_random_n5_d5.qasm': {},
  'misc/qcore_if.qasm': { answer: (c) => always(c, 'c', 0) }, // flipped back when it measured 1

  // IBM's qe-qasm parser tests (openqasm/qe-qasm tests/src).
  'qe-qasm/qss-teleport.qasm': {},
  'qe-qasm/teleportation-1.qasm': { answer: (c) => teleported(c, 'c2') },
  'qe-qasm/teleportation-2.qasm': { answer: (c) => teleported(c, 'c2') },
  'qe-qasm/teleportation-3.qasm': { answer: (c) => teleported(c, 'c2') },
  'qe-qasm/test-bitset.qasm': {},
  'qe-qasm/test-delay.qasm': {},
  'qe-qasm/test-func-1.qasm': {},
  'qe-qasm/test-gate-control-2.qasm': {},
  'qe-qasm/test-greek-1.qasm': {},
  'qe-qasm/test-let-1.qasm': {},
  'qe-qasm/test-multi-if-else.qasm': {},
  'qe-qasm/test-opaque.qasm': {},
  'qe-qasm/test-output.qasm': {},
  'qe-qasm/test-reset.qasm': {},

  // QASMBench (pnnl/QASMBench small/).
  'qasmbench/adder_n4.qasm': {},
  'qasmbench/deutsch_n2.qasm': {
    // f(x) = x is balanced: the first qubit always reads 1.
    answer: async (c) => {
      const seen = new Set(values(await sample(c, 500), 'c').map((v) => v & 1));
      expect([...seen]).toEqual([1]);
    },
  },
  'qasmbench/ipea_n2.qasm': {},
  'qasmbench/teleportation_n3.qasm': {},
  'qasmbench/toffoli_n3.qasm': { answer: (c) => always(c, 'c', 7) }, // |110> -> |111>
  'qasmbench/wstate_n3_transpiled.qasm': {
    answer: async (c) => {
      const counts = new Map<number, number>();
      for (const v of values(await sample(c), 'c')) counts.set(v, (counts.get(v) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual([1, 2, 4]);
      for (const n of counts.values()) expectBinomial(n, SHOTS, 1 / 3);
    },
  },

  // ISA circuits: a whole 127-qubit device declared, physical qubits, native gates.
  'isa/ibm_127q_ecr_qasm2.qasm': {
    answer: async (c) => {
      // A Bell pair compiled to rz, sx, x and ecr: 00 and 11, half each.
      const counts = values(await sample(c), 'meas');
      expect(new Set(counts)).toEqual(new Set([0, 3]));
      expectBinomial(counts.filter((v) => v === 3).length, SHOTS, 0.5);
    },
  },
  'isa/ecr_physical_qubits_qasm3.qasm': {},
  'isa/mqtbench_ghz_nativegates_ibm_3.qasm': {
    answer: async (c) => {
      // A GHZ state: ZZ on each pair and XXX have expectation value 1.
      const out = await runEstimatorPub(
        { circuit: c, observables: [['ZZI'], ['IZZ'], ['XXX'], ['ZII']] },
        { seed: 1 },
      );
      const evs = Array.from(out.evs as ArrayLike<number>);
      expect(evs.slice(0, 3).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 1, 1]);
      expect(Math.abs(evs[3]!)).toBeLessThan(1e-9);
    },
  },
};

/** Every `.qasm` file of the corpus, as a path inside spec/fixtures. */
function corpusFiles(): string[] {
  const root = join(FIXTURES, 'qasm');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d.name))
        .filter((f) => f.endsWith('.qasm'))
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
}

describe('OpenQASM conformance corpus', () => {
  it('has an expectation for every program, and at least 60 programs', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(files).toEqual(Object.keys(CASES).sort());
  });

  for (const [file, c] of Object.entries(CASES)) {
    const source = () => fixtureText(`qasm/${file}`);
    if (c.problems === undefined) {
      it(`parses ${file}${c.answer ? ' and gives its known answer' : ''}`, async () => {
        const circuit = parseQasm(source());
        expect(circuit.numQubits).toBeGreaterThanOrEqual(0);
        if (c.answer) await c.answer(circuit);
      });
    } else {
      it(`reports the problems of ${file}`, () => {
        let error: unknown;
        try {
          parseQasm(source());
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(QasmError);
        const found = (error as QasmError).diagnostics.map(
          (d) => `${d.line}:${d.column} ${d.message}`,
        );
        expect(found.slice(0, c.problems!.length)).toEqual([...c.problems!]);
      });
    }
  }
});
