/**
 * `qjobs run` on the local runtime's devices (ibm_fez, ibm_sherbrooke, served by default): the
 * real binary transpiles a circuit that is not ISA for the device it goes to, says so on
 * stderr, maps Estimator observables and returns counts in the circuit's own bit order. Without
 * --backend it picks the least busy simulator however idle the devices are, and only on a
 * service without simulators the least busy device.
 */
import { FEZ_ISA_BELL, holdQueue, runCli, startRuntime, tempFiles } from './support.js';
import type { CliRun, CliRuntime } from './support.js';

const BELL = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;
`;

/**
 * A deterministic outcome through a triangle of CXs (no triangle embeds in a heavy-hex
 * coupling map, so routing must swap), measured out of order: q = (0, 1, 1), and
 * c[0] = q[2], c[1] = q[0], c[2] = q[1] reads "101" (c[2] leftmost).
 */
const TRIANGLE = `OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
x q[0];
cx q[0], q[1];
cx q[1], q[2];
cx q[2], q[0];
c[0] = measure q[2];
c[1] = measure q[0];
c[2] = measure q[1];
`;

/** A while loop: neither device lists while_loop among its instructions. */
const LOOP = `OPENQASM 3.0;
include "stdgates.inc";
qubit[1] q;
bit[1] c;
h q[0];
c[0] = measure q[0];
while (c[0] == 1) { h q[0]; c[0] = measure q[0]; }
`;

/** Three qubits: a Bell pair on q[0], q[1] and q[2] flipped. */
const STATE = `OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
h q[0];
cx q[0], q[1];
x q[2];
`;

/** The transpile line on stderr. */
const TRANSPILED =
  /^qjobs run: (ibm_\w+) runs only ISA circuits \((.+)\): transpiled (\S+) at optimization level (\d) into (\d+) two-qubit gates? \((\w+)\)(.*)$/m;

/** The job's first circuit as the runtime received it. */
async function sentCircuit(rt: CliRuntime, id: string): Promise<string> {
  const res = await fetch(`${rt.runtime.url}/v1/jobs/${id}`, {
    headers: { Authorization: `Bearer ${rt.runtime.token}` },
  });
  const details = (await res.json()) as { params: { pubs: unknown[][] } };
  return details.params.pubs[0]![0] as string;
}

function jsonOf(run: CliRun): Record<string, any> {
  expect(run.stdout.trim().split('\n').length).withContext(run.stderr).toBe(1);
  return JSON.parse(run.stdout) as Record<string, any>;
}

describe('qjobs run on devices', () => {
  let rt: CliRuntime;
  let files: ReturnType<typeof tempFiles>;

  beforeAll(async () => {
    rt = await startRuntime();
    files = tempFiles({
      'bell.qasm': BELL,
      'triangle.qasm': TRIANGLE,
      'isa.qasm': FEZ_ISA_BELL,
      'loop.qasm': LOOP,
      'state.qasm': STATE,
    });
  });

  afterAll(async () => {
    await rt.runtime.close();
    files.remove();
  }, 60_000);

  it('transpiles the Bell circuit for --backend ibm_fez, says so on stderr, and counts only 00 and 11', async () => {
    const bell = files.path('bell.qasm');
    const run = await runCli([
      'run',
      bell,
      '--backend',
      'ibm_fez',
      '--shots',
      '500',
      ...rt.connection,
    ]);
    expect(run.code).withContext(run.stderr).toBe(0);
    const line = TRANSPILED.exec(run.stderr);
    expect(line).withContext(run.stderr).not.toBeNull();
    const [, device, problem, file, level, count, gate, where] = line!;
    expect([device, file, level, gate]).toEqual(['ibm_fez', bell, '1', 'cz']);
    expect(problem).toBe('h on qubit 0 is not one of its gates');
    expect(Number(count)).toBeGreaterThanOrEqual(1);
    expect(where).toMatch(/^; measured q\[0\] on qubit \d+, q\[1\] on qubit \d+$/);
    expect(run.stderr.trimEnd().split('\n').length).toBe(1);
    const id = /^job (\S+) submitted to ibm_fez \(sampler\)$/m.exec(run.stdout)![1]!;
    const counts: Record<string, number> = {};
    for (const m of run.stdout.matchAll(/^([01]+)\s+(\d+)\s+[\d.]+%/gm))
      counts[m[1]!] = Number(m[2]);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(counts['00']! + counts['11']!).toBe(500);
    // What went to the device: its own gates, on the qubits the line names.
    const sent = await sentCircuit(rt, id);
    expect(sent).toContain('cz ');
    expect(sent).not.toMatch(/^\s*(h|cx) /m);
    const [q0, q1] = [...where!.matchAll(/qubit (\d+)/g)].map((m) => m[1]);
    expect(sent).toMatch(new RegExp(`meas\\[0\\] = measure q\\[${q0}\\];`));
    expect(sent).toMatch(new RegExp(`meas\\[1\\] = measure q\\[${q1}\\];`));
  }, 120_000);

  it('keeps the circuit bit order through routing on both devices (--json: the transpiled document)', async () => {
    for (const [device, gate] of [
      ['ibm_fez', 'cz'],
      ['ibm_sherbrooke', 'ecr'],
    ] as const) {
      const run = await runCli([
        'run',
        files.path('triangle.qasm'),
        '--backend',
        device,
        '--shots',
        '200',
        '--optimization-level',
        '3',
        '--json',
        ...rt.connection,
      ]);
      expect(run.code).withContext(run.stderr).toBe(0);
      const doc = jsonOf(run);
      expect(doc.type).toBe('result');
      expect(doc.backend).toBe(device);
      expect(doc.results[0].registers.c.counts).toEqual({ '101': 200 });
      const t = doc.transpiled;
      expect(t.optimizationLevel).toBe(3);
      expect(Object.keys(t.twoQubitGates)).toEqual([gate]);
      // Three CXs on a triangle need at least one swap's worth more on a heavy-hex lattice.
      expect(t.twoQubitGates[gate]).toBeGreaterThan(3);
      expect(t.initialLayout.length).toBe(3);
      expect(t.finalLayout.length).toBe(3);
      expect(Object.keys(t.measured)).toEqual(['q[0]', 'q[1]', 'q[2]']);
      expect(t.notIsa[0]).toMatch(/The instruction (x|cx) on qubits/);
      expect(TRANSPILED.exec(run.stderr)?.[4]).toBe('3');
    }
  }, 180_000);

  it('sends a circuit already ISA for the device as written, with nothing said', async () => {
    const run = await runCli([
      'run',
      files.path('isa.qasm'),
      '--backend',
      'ibm_fez',
      '--shots',
      '100',
      '--json',
      ...rt.connection,
    ]);
    expect(run.code).withContext(run.stderr).toBe(0);
    expect(run.stderr).not.toContain('qjobs run:');
    const doc = jsonOf(run);
    expect(doc.transpiled).toBeUndefined();
    expect(Object.keys(doc.results[0].registers.meas.counts).sort()).toEqual(['00', '11']);
    expect(await sentCircuit(rt, doc.jobId)).toBe(FEZ_ISA_BELL);
  }, 120_000);

  it("maps Estimator observables through the layout: the values are the simulator's", async () => {
    const args = ['run', files.path('state.qasm'), '--observables', 'IZZ,IXX,ZII,IIZ'];
    const device = await runCli([
      ...args,
      '--backend',
      'ibm_sherbrooke',
      '--json',
      ...rt.connection,
    ]);
    expect(device.code).withContext(device.stderr).toBe(0);
    expect(device.stderr).toMatch(
      /^qjobs run: ibm_sherbrooke runs only ISA circuits \(h on qubit 0 is not one of its gates\): transpiled \S+ at optimization level 1 into 1 two-qubit gate \(ecr\); q\[0\] on qubit \d+, q\[1\] on qubit \d+, q\[2\] on qubit \d+ \(the observables follow them\)$/m,
    );
    const doc = jsonOf(device);
    expect(doc.program).toBe('estimator');
    expect(doc.results[0].observables).toEqual(['IZZ', 'IXX', 'ZII', 'IIZ']);
    const evs = doc.results[0].evs as number[];
    expect(evs[0]).toBeCloseTo(1, 6);
    expect(evs[1]).toBeCloseTo(1, 6);
    expect(evs[2]).toBeCloseTo(-1, 6);
    expect(evs[3]).toBeCloseTo(0, 6);
    // The observables that were sent span the device, each Pauli where its qubit ended.
    const res = await fetch(`${rt.runtime.url}/v1/jobs/${doc.jobId}`, {
      headers: { Authorization: `Bearer ${rt.runtime.token}` },
    });
    const sent = ((await res.json()) as { params: { pubs: unknown[][] } }).params
      .pubs[0]![1] as string[];
    const final = doc.transpiled.finalLayout as number[];
    expect(sent[2]!.length).toBe(127);
    expect(sent[2]![126 - final[2]!]).toBe('Z');
    expect(sent[2]!.replace('Z', '')).toMatch(/^I+$/);

    const wrong = await runCli([
      ...args.slice(0, 3),
      'ZZ',
      '--backend',
      'ibm_fez',
      ...rt.connection,
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trimEnd().split('\n').pop()).toBe(
      'qjobs run: --observables: the observable "ZZ" acts on 2 qubits, the circuit has 3',
    );
  }, 120_000);

  it('--no-transpile sends the circuit as written: the device fails the job with 1517, and the hint says what to leave out', async () => {
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--backend',
      'ibm_fez',
      '--no-transpile',
      '--json',
      ...rt.connection,
    ]);
    expect(run.code).toBe(1);
    const doc = jsonOf(run);
    expect(doc.type).toBe('error');
    expect(doc.code).toBe('job_failed');
    expect(doc.reasonCode).toBe(1517);
    expect(doc.backend).toBe('ibm_fez');
    expect(doc.message).toContain('Circuits do not match the target definition (non-ISA circuits)');
    expect(doc.hint).toMatch(/^leave out --no-transpile and qjobs transpiles the circuit/);
    expect(doc.transpiled).toBeUndefined();
    expect(await sentCircuit(rt, doc.jobId)).toBe(BELL);
  }, 120_000);

  it('refuses flags that cannot be used, and a circuit a named device cannot run says why (exit 1, code transpile)', async () => {
    const bell = files.path('bell.qasm');
    for (const [args, says] of [
      [
        ['--optimization-level', '4'],
        /^qjobs run: --optimization-level expects an integer between 0 and 3, got "4"$/,
      ],
      [
        ['--no-transpile', '--optimization-level', '2'],
        /^qjobs run: --optimization-level has no effect with --no-transpile: give one of them$/,
      ],
    ] as const) {
      const run = await runCli(['run', bell, ...args, ...rt.connection]);
      expect(run.code).withContext(args.join(' ')).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(says);
    }
    const loop = await runCli([
      'run',
      files.path('loop.qasm'),
      '--backend',
      'ibm_fez',
      '--json',
      ...rt.connection,
    ]);
    expect(loop.code).toBe(1);
    const doc = jsonOf(loop);
    expect(doc).toEqual(
      jasmine.objectContaining({
        type: 'error',
        code: 'transpile',
        tag: 'TranspileError',
        backend: 'ibm_fez',
        status: 'NOT_SUBMITTED',
        exitCode: 1,
      }),
    );
    expect(doc.message).toMatch(/^cannot transpile \S+loop\.qasm for ibm_fez: .*while_loop/);
    expect(doc.hint).toContain('--backend');
  }, 120_000);
});

describe('qjobs run without --backend, on a service with simulators and idle devices', () => {
  let rt: CliRuntime;
  let files: ReturnType<typeof tempFiles>;
  let queue: { release(): Promise<void> };

  beforeAll(async () => {
    rt = await startRuntime({ runDelayMs: 1500 });
    files = tempFiles({ 'bell.qasm': BELL });
    // local_simulator has jobs waiting; ibmq_qasm_simulator and the devices none.
    queue = await holdQueue(rt, 20, ['local_simulator']);
  });

  afterAll(async () => {
    await queue.release();
    await rt.runtime.close();
    files.remove();
  }, 60_000);

  it('goes to the least busy simulator, never to a device, with the circuit as written', async () => {
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--detach',
      '--json',
      ...rt.connection,
    ]);
    expect(run.code).withContext(run.stderr).toBe(0);
    expect(run.stderr).not.toContain('qjobs run:');
    const doc = jsonOf(run);
    expect(doc).toEqual(
      jasmine.objectContaining({
        type: 'submitted',
        backend: 'ibmq_qasm_simulator',
        status: 'SUBMITTED',
      }),
    );
    expect(doc.transpiled).toBeUndefined();
    expect(await sentCircuit(rt, doc.jobId)).toBe(BELL);
  }, 120_000);
});

describe('qjobs run without --backend, on a service without simulators (as IBM Quantum)', () => {
  let rt: CliRuntime;
  let files: ReturnType<typeof tempFiles>;

  beforeAll(async () => {
    rt = await startRuntime({}, ['ibm_fez', 'ibm_sherbrooke']);
    files = tempFiles({ 'bell.qasm': BELL, 'loop.qasm': LOOP });
  });

  afterAll(async () => {
    await rt.runtime.close();
    files.remove();
  }, 60_000);

  it('runs on the least busy device (the first listed, when all are idle), transpiled for it', async () => {
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--shots',
      '200',
      '--json',
      ...rt.connection,
    ]);
    expect(run.code).withContext(run.stderr).toBe(0);
    const doc = jsonOf(run);
    expect(doc.backend).toBe('ibm_fez');
    expect(doc.transpiled.twoQubitGates).toEqual({ cz: jasmine.any(Number) });
    expect(TRANSPILED.exec(run.stderr)?.[1]).toBe('ibm_fez');
    expect(Object.keys(doc.results[0].registers.meas.counts).sort()).toEqual(['00', '11']);
  }, 120_000);

  it('a circuit no device can run: the least busy device says why (exit 1, code transpile)', async () => {
    const run = await runCli(['run', files.path('loop.qasm'), '--json', ...rt.connection]);
    expect(run.code).toBe(1);
    const doc = jsonOf(run);
    expect(doc).toEqual(
      jasmine.objectContaining({ code: 'transpile', backend: 'ibm_fez', status: 'NOT_SUBMITTED' }),
    );
    expect(doc.message).toMatch(/^cannot transpile \S+loop\.qasm for ibm_fez: .*while_loop/);
    expect(doc.hint).toBe('choose another backend with --backend (a simulator runs any circuit)');
  }, 120_000);

  it('with --no-transpile and no device the circuit is ISA for, the least busy device refuses it (1517)', async () => {
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--no-transpile',
      '--json',
      ...rt.connection,
    ]);
    expect(run.code).toBe(1);
    const doc = jsonOf(run);
    expect(doc).toEqual(
      jasmine.objectContaining({ code: 'job_failed', reasonCode: 1517, backend: 'ibm_fez' }),
    );
    expect(doc.hint).toMatch(/^leave out --no-transpile and qjobs transpiles the circuit/);
    expect(run.stderr).not.toContain('skipped');
    expect(await sentCircuit(rt, doc.jobId)).toBe(BELL);
  }, 120_000);
});
