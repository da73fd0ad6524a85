/**
 * Writes the help of `qjobs` and of each command into docs/cli.md, between the markers
 * `<!-- BEGIN qjobs … --help -->` and `<!-- END qjobs … --help -->`, so the manual shows
 * exactly what the commands print. `--check` changes nothing and exits 1 when a block differs
 * (spec/cli/docs.spec.ts checks the same against the real binary).
 *
 *   node --import tsx scripts/cli-docs.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMMANDS, commandHelp, rootHelp } from '../src/cli/main.js';

const file = join(resolve(import.meta.dirname, '..'), 'docs', 'cli.md');

/** The help text of `qjobs [command] --help`. */
function helpOf(command: string): string {
  if (command === '') return rootHelp();
  const text = commandHelp(command);
  if (text === undefined) throw new Error(`no command ${command}`);
  return text;
}

/** `docs` with the block of `command` replaced by its help (an error when the markers are missing). */
function withBlock(docs: string, command: string): string {
  const name = command === '' ? 'qjobs --help' : `qjobs ${command} --help`;
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const from = docs.indexOf(begin);
  const to = docs.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/cli.md has no ${begin} … ${end} block`);
  const block = `${begin}\n\n\`\`\`text\n${helpOf(command)}\`\`\`\n\n`;
  return docs.slice(0, from) + block + docs.slice(to);
}

const before = readFileSync(file, 'utf8');
const after = ['', ...Object.keys(COMMANDS)].reduce(withBlock, before);
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error(
      'docs/cli.md differs from the help of the commands: run node --import tsx scripts/cli-docs.ts',
    );
    process.exit(1);
  }
  console.log('docs/cli.md matches the help of every command');
} else if (after !== before) {
  writeFileSync(file, after);
  console.log('docs/cli.md: help blocks rewritten');
} else {
  console.log('docs/cli.md: up to date');
}
