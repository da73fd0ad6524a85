/**
 * Turns a device's configuration and properties files, as qiskit-ibm-runtime's `fake_provider`
 * ships them (`conf_<name>.json`, `props_<name>.json`), into the compact file the local
 * runtime serves a hardware backend from (`src/local/backends/data/<name>.json`).
 *
 * Kept: every configuration field the official clients and the transpiler read (the pulse
 * channel tables, Hamiltonian and LO ranges are dropped), and every qubit and gate calibration
 * value with its unit and date. Properties are stored column-wise, with dates in one table;
 * `expandProperties` in `src/local/backends/device.ts` rebuilds the service's JSON.
 *
 *   node --import tsx scripts/compact-backend.ts conf_fez.json props_fez.json \
 *     src/local/backends/data/ibm_fez.json <repository> <commit>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

type Nduv = { date: string; name: string; unit: string; value: number };
type Gate = { qubits: number[]; gate: string; parameters: Nduv[]; name: string };

/** Configuration fields used only for pulse-level control, not by clients of the primitives. */
const DROPPED = [
  'channels',
  'hamiltonian',
  'qubit_channel_mapping',
  'u_channel_lo',
  'meas_lo_range',
  'qubit_lo_range',
  'coords',
  'url',
  'n_uchannels',
  'uchannels_enabled',
];

const [confPath, propsPath, outPath, repository, commit] = process.argv.slice(2);
if (!confPath || !propsPath || !outPath || !repository || !commit) {
  console.error(
    'usage: compact-backend.ts <conf.json> <props.json> <out.json> <repository> <commit>',
  );
  process.exit(2);
}
const conf = JSON.parse(readFileSync(confPath, 'utf8')) as Record<string, unknown>;
const props = JSON.parse(readFileSync(propsPath, 'utf8')) as {
  backend_name: string;
  backend_version: string;
  last_update_date: string;
  qubits: Nduv[][];
  gates: Gate[];
};

const dates: string[] = [];
const dateIndex = new Map<string, number>();
const dateOf = (d: string): number => {
  let i = dateIndex.get(d);
  if (i === undefined) {
    i = dates.length;
    dates.push(d);
    dateIndex.set(d, i);
  }
  return i;
};

const columnsKey = (list: Nduv[]): string => list.map((n) => `${n.name}/${n.unit}`).join(',');

// Qubits: one column list for all (the union, in first-seen order), then per qubit
// [value, date, value, date, ...] with null for a missing value.
const qubitColumns: [string, string][] = [];
for (const q of props.qubits) {
  for (const n of q) {
    if (!qubitColumns.some(([name, unit]) => name === n.name && unit === n.unit)) {
      qubitColumns.push([n.name, n.unit]);
    }
  }
}
const qubits = props.qubits.map((q) =>
  qubitColumns.flatMap(([name, unit]) => {
    const n = q.find((x) => x.name === name && x.unit === unit);
    return n === undefined ? [null, null] : [n.value, dateOf(n.date)];
  }),
);

// Gates: grouped by gate name, with the parameter columns of that gate.
const gates: Record<string, { columns: [string, string][]; entries: unknown[][] }> = {};
for (const g of props.gates) {
  if (g.name !== `${g.gate}${g.qubits.join('_')}`) {
    throw new Error(`gate entry ${g.name} is not named ${g.gate}${g.qubits.join('_')}`);
  }
  const group = (gates[g.gate] ??= {
    columns: g.parameters.map((n) => [n.name, n.unit] as [string, string]),
    entries: [],
  });
  if (columnsKey(g.parameters) !== group.columns.map(([n, u]) => `${n}/${u}`).join(',')) {
    throw new Error(`gate ${g.name} has other parameters than the first ${g.gate}`);
  }
  group.entries.push([g.qubits, ...g.parameters.flatMap((n) => [n.value, dateOf(n.date)])]);
}

const configuration = Object.fromEntries(
  Object.entries(conf).filter(([k]) => !DROPPED.includes(k)),
);
const out = {
  source: {
    repository,
    commit,
    configuration: basename(confPath),
    properties: basename(propsPath),
  },
  configuration,
  properties: {
    backend_name: props.backend_name,
    backend_version: props.backend_version,
    last_update_date: props.last_update_date,
    dates,
    qubit_columns: qubitColumns,
    qubits,
    gates,
  },
};
writeFileSync(outPath, `${JSON.stringify(out)}\n`);
console.log(`${outPath}: ${JSON.stringify(out).length} bytes`);
