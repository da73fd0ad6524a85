/**
 * `npm start` (`node --import tsx examples/bell.ts`): starts its own local runtime, runs the
 * Bell circuit through the service, shows QUEUED → RUNNING → DONE and counts of only 00 and
 * 11, and exits 0 on its own within seconds.
 */
import { startCli } from './support.js';

describe('npm start (examples/bell.ts)', () => {
  it('runs the Bell circuit end to end and exits 0 within 30 s', async () => {
    const started = Date.now();
    const cli = startCli([], { script: ['--import', 'tsx', 'examples/bell.ts'] });
    const run = await cli.exit(30_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.stdout).toContain('transitions: QUEUED → RUNNING → DONE');
    const line = /Counts for the meas output register: (\{.*\})$/m.exec(run.stdout);
    expect(line).not.toBeNull();
    const counts = JSON.parse(line![1]!) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(4096);
  }, 40_000);
});

describe('the other examples', () => {
  it('examples/watch-events.ts prints every event type of a Bell job and its counts', async () => {
    const run = await startCli([], {
      script: ['--import', 'tsx', 'examples/watch-events.ts'],
    }).exit(40_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status +QUEUED -> RUNNING/m);
    expect(run.stdout).toMatch(/^status +RUNNING -> DONE/m);
    expect(run.stdout).toMatch(/^result +result with 1 pub\(s\)$/m);
    expect(run.stdout).toMatch(/^counts +\{ '(00|11)': \d+, '(00|11)': \d+ \}$/m);
  }, 45_000);

  it('examples/estimator.ts prints <ZZ> = 1, <XX> = 1 and <ZI> = 0 on the Bell state', async () => {
    const run = await startCli([], { script: ['--import', 'tsx', 'examples/estimator.ts'] }).exit(
      40_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<ZZ> = 1\.0000 ± /m);
    expect(run.stdout).toMatch(/^<XX> = 1\.0000 ± /m);
    expect(run.stdout).toMatch(/^<ZI> = -?0\.0000 ± /m);
  }, 45_000);
});
