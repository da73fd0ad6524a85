/**
 * The text of `qjobs --help` and `qjobs <command> --help`, rendered from the commands' own
 * definitions (every flag with what it does and its default, examples), 80 columns wide so
 * the same text can be checked into docs/cli.md.
 *
 * @module
 */
import type { FlagDef } from './args.js';
import type { CommandHelp } from './command.js';
import { EXIT_CODES_LINE } from './exit-codes.js';
import { CONNECTION_FLAGS, ENVIRONMENT_HELP } from './settings.js';

/** Width the help text is wrapped to. */
export const HELP_WIDTH = 80;

/** `words` broken into lines of at most `width` characters (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Paragraphs (separated by blank lines in `text`) wrapped to the help width. */
function paragraphs(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    if (out.length > 0) out.push('');
    out.push(...wrap(para, HELP_WIDTH));
  }
  return out;
}

/** `--name VALUE`, as the flag column shows it. */
export function flagLabel(flag: FlagDef): string {
  return flag.value !== undefined ? `--${flag.name} ${flag.value}` : `--${flag.name}`;
}

/** What the help column says of a flag: its help, then its default. */
export function flagText(flag: FlagDef): string {
  return flag.default !== undefined ? `${flag.help} (default: ${flag.default})` : flag.help;
}

/** Two-column rows (`label`, `text`) with the text wrapped beside the labels. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const indent = 2 + labelWidth + 3;
  const out: string[] = [];
  for (const [label, text] of rows) {
    const body = wrap(text, Math.max(24, HELP_WIDTH - indent));
    out.push(`  ${label.padEnd(labelWidth)}   ${body[0] ?? ''}`.trimEnd());
    for (const more of body.slice(1)) out.push(`${' '.repeat(indent)}${more}`);
  }
  return out;
}

function flagRows(flags: readonly FlagDef[]): string[] {
  return columns(flags.map((f) => [flagLabel(f), flagText(f)] as const));
}

function exampleLines(examples: readonly string[]): string[] {
  return examples.map((line) => (line.startsWith('#') ? `  ${line}` : `  $ ${line}`));
}

/** The help of one command. */
export function commandHelpText(help: CommandHelp): string {
  const lines = [
    ...paragraphs(help.description),
    '',
    `usage: qjobs ${help.name}${help.synopsis !== '' ? ` ${help.synopsis}` : ''} [flags]`,
  ];
  if (help.flags.length > 0) lines.push('', 'flags:', ...flagRows(help.flags));
  if (help.connection) {
    lines.push('', 'connection flags (they win over the environment):');
    lines.push(...flagRows(CONNECTION_FLAGS));
  }
  lines.push('', 'global flags:', ...flagRows(GLOBAL_FLAGS));
  if (help.examples.length > 0) lines.push('', 'examples:', ...exampleLines(help.examples));
  lines.push('', `learn more: qjobs --help, and docs/cli.md`);
  return `${lines.join('\n')}\n`;
}

/** Flags every command accepts. */
export const GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: 'help', kind: 'boolean', help: 'show this help' },
];

/** Flags of `qjobs` itself. */
const ROOT_FLAGS: readonly FlagDef[] = [
  { name: 'help', kind: 'boolean', help: 'show this help, or with a command, its help' },
  { name: 'version', kind: 'boolean', help: 'show the version of qjobs' },
];

const ROOT_EXAMPLES: readonly string[] = [
  '# a local runtime in the background: it prints its url and token',
  'qjobs serve &',
  'export QJOBS_URL=http://127.0.0.1:8787/api QJOBS_TOKEN=<token>',
  'qjobs run bell.qasm --shots 1000',
  'qjobs list --status DONE --limit 5',
];

/** The help of `qjobs` itself: the commands, the environment, the exit codes. */
export function rootHelpText(commands: readonly CommandHelp[]): string {
  const commandRows = [
    ...commands.map((c) => [c.name, c.summary] as const),
    ['help', "show this help, or a command's help (qjobs help run)"] as const,
  ];
  const lines = [
    ...paragraphs(
      'qjobs runs OpenQASM circuits on Qiskit Runtime (IBM Quantum Platform, or a local ' +
        'runtime started with qjobs serve) and follows the jobs live.',
    ),
    '',
    'usage: qjobs <command> [flags]',
    '',
    'commands:',
    ...columns(commandRows),
    '',
    'flags:',
    ...flagRows(ROOT_FLAGS),
    '',
    'environment (the connection flags of each command win over it):',
    ...columns(ENVIRONMENT_HELP),
    '',
    'examples:',
    ...exampleLines(ROOT_EXAMPLES),
    '',
    ...wrap(EXIT_CODES_LINE, HELP_WIDTH),
    '',
    'learn more: qjobs <command> --help, and docs/cli.md',
  ];
  return `${lines.join('\n')}\n`;
}
