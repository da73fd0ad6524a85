/**
 * What the fault-injection runs measured: one {@link RunReport} per scenario and seed, summed
 * into {@link Figures} for the spec's summary line and the soak's report.
 */

/** What one run (one scenario, one seed) checked and found. */
export interface RunReport {
  readonly scenario: string;
  readonly seed: number;
  /** Status transitions of the server's record compared with the stream's. */
  readonly transitionsChecked: number;
  /** Final results compared with the server's (0 or 1). */
  readonly resultsChecked: number;
  /** Server transitions the stream never emitted (while it was meant to be watching). */
  readonly losses: number;
  /** Statuses the stream emitted more than once. */
  readonly duplicates: number;
  /** Timers, sockets, websockets or requests still open after the run. */
  readonly leaks: number;
  /** Malformed payloads that surfaced as a typed DecodeError. */
  readonly decodeErrors: number;
  /** Cancel-policy checks made (0 or 1). */
  readonly cancelsChecked: number;
  /** Run time in ms. */
  readonly ms: number;
  /** Everything that broke the promise, one sentence each (empty for a good run). */
  readonly problems: readonly string[];
}

/** Sums over many runs. */
export interface Figures {
  runs: number;
  scenarios: number;
  transitionsChecked: number;
  resultsChecked: number;
  losses: number;
  duplicates: number;
  leaks: number;
  decodeErrors: number;
  cancelsChecked: number;
  failedRuns: number;
  ms: number;
}

/** Add up reports. */
export function sumReports(reports: readonly RunReport[]): Figures {
  const f: Figures = {
    runs: reports.length,
    scenarios: new Set(reports.map((r) => r.scenario)).size,
    transitionsChecked: 0,
    resultsChecked: 0,
    losses: 0,
    duplicates: 0,
    leaks: 0,
    decodeErrors: 0,
    cancelsChecked: 0,
    failedRuns: 0,
    ms: 0,
  };
  for (const r of reports) {
    f.transitionsChecked += r.transitionsChecked;
    f.resultsChecked += r.resultsChecked;
    f.losses += r.losses;
    f.duplicates += r.duplicates;
    f.leaks += r.leaks;
    f.decodeErrors += r.decodeErrors;
    f.cancelsChecked += r.cancelsChecked;
    f.ms += r.ms;
    if (r.problems.length > 0) f.failedRuns++;
  }
  return f;
}

/** One line: `N scenarios x seeds = runs, transitions, results, losses, duplicates, leaks`. */
export function summaryLine(f: Figures, seedsPerScenario: number): string {
  return (
    `${f.scenarios} scenarios x ${seedsPerScenario} seeds = ${f.runs} runs: ` +
    `${f.transitionsChecked} transitions checked, ${f.resultsChecked} results checked, ` +
    `${f.cancelsChecked} cancel policies checked, ${f.decodeErrors} malformed payloads surfaced as DecodeError; ` +
    `${f.losses} losses, ${f.duplicates} duplicates, ${f.leaks} leaks, ${f.failedRuns} failed runs ` +
    `(${(f.ms / 1000).toFixed(1)} s)`
  );
}
