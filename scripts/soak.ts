/**
 * The soak: the long run of the reliability and fuzzing suites. It runs every fault-injection
 * scenario for many seeds (not the ones `npm test` uses), then the fuzzers with
 * `QJOBS_SOAK=1` (twenty times the inputs) and a seed of its own, prints the figures, and
 * writes them into docs/reliability.md between the `soak:begin` and `soak:end` markers.
 *
 * ```
 * npm run soak                                  # 25 seeds per scenario, 20 min budget
 * npm run soak -- --seeds 100 --minutes 60
 * npm run soak -- --seeds 5 --no-fuzz --no-write
 * ```
 *
 * Every server it talks to is a local runtime on 127.0.0.1 started by the run itself; every
 * loop is bounded by the seed count and the time budget. Exits 1 when any run broke the
 * promise (the failing scenario, seed and problem are printed, so `QJOBS_RELIABILITY_SEEDS`
 * reproduces it in the spec) or a fuzzer failed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sumReports, summaryLine } from '../spec/reliability/support/figures.js';
import type { Figures, RunReport } from '../spec/reliability/support/figures.js';
import { runScenario } from '../spec/reliability/support/harness.js';
import { SCENARIOS } from '../spec/reliability/support/scenarios.js';

interface SoakOptions {
  readonly seeds: number;
  readonly firstSeed: number;
  readonly minutes: number;
  readonly fuzz: boolean;
  readonly fuzzSeed: number;
  readonly write: boolean;
}

function usage(message: string): never {
  console.error(`soak: ${message}`);
  console.error(
    'usage: soak [--seeds N] [--first-seed N] [--minutes M] [--fuzz-seed N] [--no-fuzz] [--no-write]',
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): SoakOptions {
  const o = {
    seeds: 25,
    firstSeed: 1000,
    minutes: 20,
    fuzz: true,
    fuzzSeed: Math.floor(Date.now() / 1000) % 1_000_000,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const number = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) usage(`${arg} needs a non-negative integer`);
      return v;
    };
    switch (arg) {
      case '--seeds':
        o.seeds = number();
        break;
      case '--first-seed':
        o.firstSeed = number();
        break;
      case '--minutes':
        o.minutes = number();
        break;
      case '--fuzz-seed':
        o.fuzzSeed = number();
        break;
      case '--no-fuzz':
        o.fuzz = false;
        break;
      case '--no-write':
        o.write = false;
        break;
      default:
        usage(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (o.seeds < 1) usage('--seeds must be at least 1');
  return o;
}

/** One fuzzer suite's outcome. */
interface FuzzOutcome {
  readonly file: string;
  readonly ok: boolean;
  /** The suite's own summary lines (`fuzz codecs: …`). */
  readonly lines: readonly string[];
  /** Names of the failing specs, as jasmine lists them. */
  readonly failing: readonly string[];
  readonly seconds: number;
}

function runFuzzer(root: string, file: string, seed: number, minutes: number): FuzzOutcome {
  const started = Date.now();
  const out = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'node_modules/jasmine/bin/jasmine.js',
      '--config=spec/support/jasmine.json',
      file,
    ],
    {
      cwd: root,
      env: { ...process.env, QJOBS_SOAK: '1', QJOBS_FUZZ_SEED: String(seed) },
      encoding: 'utf8',
      timeout: Math.max(1, minutes) * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const text = `${out.stdout ?? ''}\n${out.stderr ?? ''}`;
  const lines = text.split('\n').filter((l) => /^fuzz \w+:/.test(l.trim()));
  const failing = text.split('\n').flatMap((l) => /^\d+\) (.*)$/.exec(l.trim())?.slice(1) ?? []);
  if (out.status !== 0) {
    const failures = text
      .split('\n')
      .filter((l) => l.trim() !== '' && !/^\s+at /.test(l))
      .slice(0, 40);
    console.error(
      `soak: ${file} failed (exit ${out.status ?? out.signal}):\n${failures.join('\n')}`,
    );
  }
  return { file, ok: out.status === 0, lines, failing, seconds: (Date.now() - started) / 1000 };
}

function perScenarioTable(reports: readonly RunReport[]): string {
  const rows = SCENARIOS.map((s) => {
    const mine = reports.filter((r) => r.scenario === s.name);
    const f = sumReports(mine);
    return `| ${s.name} | ${f.runs} | ${f.transitionsChecked} | ${f.resultsChecked} | ${f.decodeErrors} | ${f.cancelsChecked} | ${f.losses} | ${f.duplicates} | ${f.leaks} | ${f.failedRuns} |`;
  });
  return [
    '| scenario | runs | transitions | results | DecodeErrors | cancels | losses | duplicates | leaks | failed runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function reportSection(
  o: SoakOptions,
  reports: readonly RunReport[],
  figures: Figures,
  seedsDone: number,
  fuzz: readonly FuzzOutcome[],
): string {
  const date = new Date().toISOString().slice(0, 10);
  const fuzzLines =
    fuzz.length === 0
      ? ['- fuzzers: not run (`--no-fuzz`)']
      : fuzz.map(
          (f) =>
            `- \`${f.file}\` (${f.ok ? 'passed' : 'FAILED'}, ${f.seconds.toFixed(0)} s): ${f.lines.map((l) => l.trim().replace(/^fuzz \w+: /, '')).join('; ') || 'no summary line'}${f.failing.length > 0 ? `; failing: ${f.failing.join('; ')}` : ''}`,
        );
  const failures = reports
    .filter((r) => r.problems.length > 0)
    .slice(0, 20)
    .map((r) => `- ${r.scenario}, seed ${r.seed}: ${r.problems.join(' / ')}`);
  return [
    `Last soak: ${date}, Node ${process.version}, seeds ${o.firstSeed}..${o.firstSeed + seedsDone - 1} per scenario, fuzz seed ${o.fuzzSeed}.`,
    '',
    `**${summaryLine(figures, seedsDone)}**`,
    '',
    perScenarioTable(reports),
    '',
    'Fuzzers at soak size (`QJOBS_SOAK=1`):',
    '',
    ...fuzzLines,
    '',
    failures.length === 0 ? 'Failed runs: none.' : `Failed runs:\n\n${failures.join('\n')}`,
  ].join('\n');
}

function writeSection(file: string, section: string): void {
  const begin = '<!-- soak:begin -->';
  const end = '<!-- soak:end -->';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = `# Reliability\n\n## Soak figures\n\n${begin}\n${end}\n`;
  }
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  const block = `${begin}\n${section}\n${end}`;
  const next =
    a >= 0 && b > a
      ? `${text.slice(0, a)}${block}${text.slice(b + end.length)}`
      : `${text.trimEnd()}\n\n## Soak figures\n\n${block}\n`;
  writeFileSync(file, next);
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const root = resolve(import.meta.dirname, '..');
  const until = Date.now() + o.minutes * 60_000;
  const reports: RunReport[] = [];
  let seedsDone = 0;
  console.log(
    `soak: ${SCENARIOS.length} scenarios x ${o.seeds} seeds (from ${o.firstSeed}), budget ${o.minutes} min`,
  );
  // Seed by seed over every scenario, so a short budget still covers every scenario.
  for (let k = 0; k < o.seeds && Date.now() < until; k++) {
    const seed = o.firstSeed + k;
    for (const scenario of SCENARIOS) {
      const report = await runScenario(scenario, seed);
      reports.push(report);
      if (report.problems.length > 0) {
        console.error(`soak: ${scenario.name}, seed ${seed}: ${report.problems.join(' / ')}`);
      }
    }
    seedsDone = k + 1;
    console.log(`soak: seed ${seed} done (${reports.length} runs)`);
  }
  const figures = sumReports(reports);
  console.log(`soak: reliability: ${summaryLine(figures, seedsDone)}`);

  const fuzz: FuzzOutcome[] = [];
  if (o.fuzz) {
    for (const file of [
      'spec/fuzz/codecs.fuzz.spec.ts',
      'spec/fuzz/qasm.fuzz.spec.ts',
      'spec/fuzz/server-input.fuzz.spec.ts',
    ]) {
      const left = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
      const outcome = runFuzzer(root, file, o.fuzzSeed, Math.max(left, 10));
      fuzz.push(outcome);
      console.log(`soak: ${file}: ${outcome.ok ? 'passed' : 'FAILED'} ${outcome.lines.join('; ')}`);
    }
  }
  if (o.write) {
    const file = join(root, 'docs', 'reliability.md');
    writeSection(file, reportSection(o, reports, figures, seedsDone, fuzz));
    console.log(`soak: figures written to ${file}`);
  }
  const ok = figures.failedRuns === 0 && fuzz.every((f) => f.ok);
  console.log(`soak: ${ok ? 'passed' : 'FAILED'}`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
