/**
 * The help of `qjobs`, as the real binary prints it: every command's `--help` describes each
 * of its flags with its default and shows examples; `--version`; a mistyped command or flag is
 * answered with the nearest one; and docs/cli.md holds exactly what each `--help` prints (so
 * the manual and the commands cannot drift apart).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/main.js';
import { flagLabel } from '../../src/cli/help.js';
import { CONNECTION_FLAGS } from '../../src/cli/settings.js';
import { ROOT, runCli } from './support.js';
import type { CliRun } from './support.js';

const NAMES = Object.keys(COMMANDS);

/** The block of docs/cli.md between the markers of `qjobs [command] --help`. */
function docsBlock(docs: string, command: string): string | undefined {
  const name = command === '' ? 'qjobs --help' : `qjobs ${command} --help`;
  const m = new RegExp(
    `<!-- BEGIN ${name} -->\\n\\n\`\`\`text\\n([\\s\\S]*?)\`\`\`\\n\\n<!-- END ${name} -->`,
  ).exec(docs);
  return m?.[1];
}

/** Run the binary once per argument list, two at a time (the machine is shared). */
async function runAll(argvs: readonly (readonly string[])[]): Promise<CliRun[]> {
  const out: CliRun[] = [];
  for (let i = 0; i < argvs.length; i += 2) {
    out.push(...(await Promise.all(argvs.slice(i, i + 2).map((a) => runCli(a)))));
  }
  return out;
}

describe('qjobs help (real binary)', () => {
  let helps: Map<string, CliRun>;

  beforeAll(async () => {
    const argvs = [['--help'], ...NAMES.map((n) => [n, '--help'])];
    const runs = await runAll(argvs);
    helps = new Map(['', ...NAMES].map((n, i) => [n, runs[i]!]));
  }, 120_000);

  it('docs/cli.md holds exactly the --help of qjobs and of every command', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    for (const [name, run] of helps) {
      expect(run.code).withContext(name).toBe(0);
      expect(run.stderr).withContext(name).toBe('');
      expect(docsBlock(docs, name))
        .withContext(
          `docs/cli.md block of qjobs ${name} --help (node --import tsx scripts/cli-docs.ts rewrites it)`,
        )
        .toBe(run.stdout);
    }
  });

  it('describes every flag of every command with its default, and shows examples', () => {
    for (const name of NAMES) {
      const text = helps.get(name)!.stdout;
      const help = COMMANDS[name]!.help;
      expect(text).withContext(name).toContain(`usage: qjobs ${name}`);
      const flags = help.connection ? [...help.flags, ...CONNECTION_FLAGS] : help.flags;
      for (const flag of flags) {
        const row = new RegExp(
          `^  ${flagLabel(flag).replace(/[|.*+?()[\]{}^$\\]/g, '\\$&')}\\s{3}`,
          'm',
        );
        expect(text).withContext(`${name} --${flag.name}`).toMatch(row);
        if (flag.default !== undefined) {
          // The default may be wrapped over lines: compare without the line breaks.
          expect(text.replace(/\s+/g, ' '))
            .withContext(`${name} --${flag.name}`)
            .toContain(`(default: ${flag.default})`.replace(/\s+/g, ' '));
        }
      }
      expect(text)
        .withContext(name)
        .toMatch(/^examples:\n {2}\$ qjobs /m);
    }
    const root = helps.get('')!.stdout;
    for (const name of NAMES) expect(root).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    expect(root).toContain('QJOBS_ALLOW_INSECURE_HTTP');
    expect(root).toContain('exit codes: 0 done, 1 failed, 2 usage, 3 cancelled, 4 timeout');
  });

  it('prints the version of the package, and suggests the nearest command or flag', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const [version, versionJson, typo, typoJson, flag, helpTopic] = await runAll([
      ['--version'],
      ['--version', '--json'],
      ['lsit'],
      ['wacth', 'abc', '--json'],
      ['list', '--limt', '5'],
      ['help', 'rsult'],
    ]);
    expect([version!.code, version!.stdout]).toEqual([0, `qjobs ${pkg.version}\n`]);
    expect(JSON.parse(versionJson!.stdout)).toEqual({ type: 'version', version: pkg.version });
    expect(typo!.code).toBe(2);
    expect(typo!.stdout).toBe('');
    expect(typo!.stderr).toBe(
      'qjobs: unknown command "lsit" (did you mean list?): qjobs --help lists the commands\n',
    );
    expect(typoJson!.code).toBe(2);
    expect(JSON.parse(typoJson!.stdout)).toEqual(
      jasmine.objectContaining({ type: 'error', code: 'unknown_command', suggestion: 'watch' }),
    );
    expect(flag!.code).toBe(2);
    expect(flag!.stderr).toBe(
      'qjobs list: unknown flag "--limt" (did you mean --limit?): see the flags with --help\n',
    );
    expect(helpTopic!.code).toBe(2);
    expect(helpTopic!.stderr).toContain('(did you mean result?)');
  }, 120_000);
});
