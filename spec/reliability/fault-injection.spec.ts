// The fault-injection suite: every scenario of `support/scenarios.ts` against a real local
// runtime, for a few fixed seeds (the soak, `npm run soak`, runs many more). Each run checks
// that the job stream lost no transition and no result, duplicated none, surfaced malformed
// payloads as DecodeError only, sent exactly the cancels its policy asks for, and left nothing
// open. The summary line gives the figures.
import { sumReports, summaryLine } from './support/figures.js';
import type { RunReport } from './support/figures.js';
import { runScenario } from './support/harness.js';
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
});
