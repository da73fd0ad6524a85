/**
 * examples/hardware.ts: the Bell circuit built in code, transpiled for ibm_fez (Heron r2),
 * run on the local runtime's device and, untranspiled, on its simulator with the same seed —
 * the device accepts the ISA circuit and both give the same counts, only 00 and 11.
 */
import { spawn } from 'node:child_process';

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/hardware.ts', () => {
  it('runs the transpiled Bell circuit on ibm_fez with the simulator’s counts', async () => {
    const out = await run('examples/hardware.ts');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /ISA circuit for ibm_fez: \d+ instructions, 1 cz, on qubits \d+, \d+/,
    );
    const device = /ibm_fez counts: +(\{.*\})$/m.exec(out.stdout);
    const simulator = /ibmq_qasm_simulator counts: +(\{.*\})$/m.exec(out.stdout);
    expect(device).not.toBeNull();
    expect(simulator).not.toBeNull();
    const counts = JSON.parse(device![1]!) as Record<string, number>;
    expect(counts).toEqual(JSON.parse(simulator![1]!) as Record<string, number>);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(4096);
  }, 60_000);
});
