// The fault-injection suite: every scenario of `support/scenarios.ts` against a real local
// runtime, for a few fixed seeds (the soak, `npm run soak`, runs many more). Each run checks
// that the job stream lost no transition and no result, duplicated none, surfaced malformed
// payloads as DecodeError only, sent exactly the cancels its policy asks for, and left nothing
// open. The summary line gives the figures.
import { sumReports, summaryLine } from './support/figures.js';
import type { RunReport } from './support/figures.js';
import { runScenario } from './support/harness.js';
import type { Run } from './support/harness.js';
import { SCENARIOS } from './support/scenarios.js';

/** Seeds of `npm test`: fixed, so a failure reproduces (`QJOBS_RELIABILITY_SEEDS=1,2,3` overrides). */
const SEEDS = (process.env['QJOBS_RELIABILITY_SEEDS'] ?? '1,2,3')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));

describe('reliability: fault injection against the local runtime', () => {
  const reports: RunReport[] = [];

  afterAll(() => {
    console.log(`\nreliability: ${summaryLine(sumReports(reports), SEEDS.length)}`);
  });

  for (const scenario of SCENARIOS) {
    it(
      `${scenario.name} (seeds ${SEEDS.join(', ')})`,
      async () => {
        for (const seed of SEEDS) {
          const report = await runScenario(scenario, seed);
          reports.push(report);
          expect(report.problems).withContext(`${scenario.name}, seed ${seed}`).toEqual([]);
          // A run checked something: transitions, or a malformed payload that ended it at once.
          expect(report.transitionsChecked + report.decodeErrors)
            .withContext(`${scenario.name}, seed ${seed}`)
            .toBeGreaterThan(0);
        }
      },
      60_000 + SEEDS.length * 40_000,
    );
  }

  describe('the checks can fail', () => {
    it('a stream that polls slower than the job moves is caught losing transitions', async () => {
      const report = await runScenario(
        {
          name: 'control: polling too slowly',
          async run(r: Run) {
            await r.start({ queue: { queueDelayMs: 50, runDelayMs: 50 } });
            const id = await r.createJob();
            await new Promise((resolve) => setTimeout(resolve, 20));
            const w = await r.watch(id, {
              websocket: false,
              poll: { queuedMs: 2000, runningMs: 2000, floorMs: 2000 },
            });
            r.checkTransitions(id, w.events[0]!, w.endings[0] === 'complete');
            await r.checkCancels(id, 1, 'a control expecting a cancel that never comes');
          },
        },
        1,
      );
      expect(report.losses).toBeGreaterThan(0);
      expect(report.problems.some((p) => p.includes('lost'))).toBeTrue();
      expect(report.problems.some((p) => p.includes('0 cancel requests, expected 1'))).toBeTrue();
      expect(report.leaks).toBe(0);
    });
  });
});
