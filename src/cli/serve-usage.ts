/**
 * What `qjobs --help` and `qjobs serve --help` say of `qjobs serve`, apart from the command
 * itself (which loads the local runtime only when it runs).
 *
 * @module
 */
import type { CommandHelp } from './command.js';

/** The help of `qjobs serve`: its flags, with their defaults, and examples. */
export const SERVE_HELP: CommandHelp = {
  name: 'serve',
  summary: 'run a local runtime (the job API over HTTP and websockets) until interrupted',
  description:
    'Runs the local runtime in the foreground: the Qiskit Runtime job API over HTTP and ' +
    'websockets, with a statevector simulator. It offers two simulators and two IBM devices ' +
    'built from their published calibration (ibm_fez, ibm_sherbrooke), which run only ISA ' +
    'circuits, as the real devices do (qjobs run transpiles a circuit for the device it ' +
    'names). It prints its url and token (point QJOBS_URL and QJOBS_TOKEN at them) and its ' +
    "instance CRN (for IBM's clients), and runs until Ctrl-C " +
    'or SIGTERM, then finishes the running jobs and stops.',
  synopsis: '',
  flags: [
    {
      name: 'port',
      kind: 'int',
      min: 0,
      max: 65535,
      value: 'N',
      help: 'TCP port; 0 picks a free one',
      default: '8787',
    },
    { name: 'host', kind: 'string', value: 'H', help: 'interface to bind', default: '127.0.0.1' },
    {
      name: 'token',
      kind: 'string',
      value: 'T',
      help: 'the bearer token clients must send',
      default: 'a random token',
    },
    {
      name: 'seed',
      kind: 'int',
      min: 0,
      max: 0xffffffff,
      value: 'N',
      help: 'seed of every random choice (the shots), for repeatable runs',
      default: 'random',
    },
    {
      name: 'data',
      kind: 'string',
      value: 'DIR',
      help: 'keep jobs, results, logs and sessions in DIR across restarts',
      default: 'in memory',
    },
    {
      name: 'queue-delay',
      kind: 'int',
      min: 0,
      max: 3_600_000,
      value: 'MS',
      help: 'least time a job stays queued, in milliseconds',
      default: '0',
    },
    {
      name: 'run-delay',
      kind: 'int',
      min: 0,
      max: 3_600_000,
      value: 'MS',
      help: 'extra time a job spends running before it is simulated, in milliseconds',
      default: '0',
    },
    {
      name: 'backends',
      kind: 'string',
      value: 'NAMES',
      help: 'backends to offer, comma-separated: simulators (any name) and the devices ibm_fez, ibm_sherbrooke',
      default: 'local_simulator,ibmq_qasm_simulator,ibm_fez,ibm_sherbrooke',
    },
    {
      name: 'noise',
      kind: 'boolean',
      help: "run device jobs under the device's noise model unless a job turns it off",
    },
    { name: 'ui', kind: 'boolean', help: 'also serve the dashboard under /ui/' },
    {
      name: 'json',
      kind: 'boolean',
      help: 'once listening, print {"type": "serving", "url", "token", "ui"?} as one JSON document (errors too)',
    },
  ],
  connection: false,
  examples: [
    'qjobs serve',
    '# slow jobs down to watch them queue and run',
    'qjobs serve --port 0 --queue-delay 2000 --run-delay 2000',
    'qjobs serve --data ./runtime-data --seed 7',
    "# one simulator and one device, whose jobs run under the device's noise model",
    'qjobs serve --backends local_simulator,ibm_fez --noise',
  ],
};

/** Usage line of `qjobs serve`. */
export const SERVE_USAGE =
  'usage: qjobs serve [--port 8787] [--host 127.0.0.1] [--token T] [--seed N] [--data DIR] [--queue-delay MS] [--run-delay MS] [--backends NAMES] [--noise] [--ui] [--json]';

/** One line for the command list. */
export const SERVE_SUMMARY = SERVE_HELP.summary;
