/**
 * Enforces the layering of src/: imports flow one way
 * (codecs <- events <- operators, observables; codecs <- transport <- observables;
 * observables, operators <- service <- cli; codecs <- circuits <- service, local;
 * local uses codecs and circuits only; operators and observables never import each other),
 * the browser entry points reach no Node built-in, and there are no import cycles.
 * Exits non-zero naming each offending import.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'src');

/** Which top-level folders each folder may import from (itself always allowed). */
const allowed: Record<string, readonly string[]> = {
  codecs: [],
  events: ['codecs'],
  circuits: ['codecs'],
  transport: ['codecs'],
  observables: ['codecs', 'events', 'transport'],
  operators: ['codecs', 'events', 'transport'],
  service: ['codecs', 'events', 'circuits', 'transport', 'observables', 'operators'],
  cli: [
    'codecs',
    'events',
    'circuits',
    'transport',
    'observables',
    'operators',
    'service',
    'local',
  ],
  local: ['codecs', 'circuits'],
  '.': ['codecs', 'events', 'circuits', 'transport', 'observables', 'operators', 'service'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const importRe =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(importRe)) out.push((m[1] ?? m[2])!);
  return out;
}

function layer(file: string): string {
  const rel = relative(root, file);
  const first = rel.split(/[\\/]/)[0]!;
  return rel.includes('/') || rel.includes('\\') ? first : '.';
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const p = resolve(dirname(from), spec).replace(/\.js$/, '.ts');
  return p;
}

const files = walk(root);
const graph = new Map<string, string[]>();
const problems: string[] = [];
const nodeBuiltin =
  /^node:|^(fs|path|http|https|net|os|zlib|crypto|child_process|stream|url|util|events|tls|dns|readline|worker_threads)$/;

for (const f of files) {
  const deps: string[] = [];
  for (const spec of importsOf(f)) {
    const target = resolveLocal(f, spec);
    if (!target) continue;
    deps.push(target);
    const from = layer(f);
    const to = layer(target);
    if (from !== to && !(allowed[from] ?? []).includes(to)) {
      problems.push(`${relative(root, f)} imports ${spec}: ${from} may not depend on ${to}`);
    }
  }
  graph.set(f, deps);
}

// Cycles (depth-first search with colours).
const colour = new Map<string, 'grey' | 'black'>();
const stack: string[] = [];
function visit(f: string): void {
  colour.set(f, 'grey');
  stack.push(f);
  for (const d of graph.get(f) ?? []) {
    if (!graph.has(d)) continue;
    const c = colour.get(d);
    if (c === 'grey') {
      const cycle = stack.slice(stack.indexOf(d)).concat(d);
      problems.push(`import cycle: ${cycle.map((x) => relative(root, x)).join(' -> ')}`);
    } else if (c === undefined) visit(d);
  }
  stack.pop();
  colour.set(f, 'black');
}
for (const f of files) if (!colour.has(f)) visit(f);

// The browser entry points (the root and every subpath entry but `local`) reach no Node built-in.
const browserEntries = [
  'index.ts',
  ...['codecs', 'events', 'circuits', 'transport', 'observables', 'operators', 'service'].map(
    (layer) => join(layer, 'index.ts'),
  ),
];
for (const name of browserEntries) {
  const entry = join(root, name);
  if (!graph.has(entry)) {
    problems.push(`the browser entry point src/${name} is missing`);
    continue;
  }
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const spec of importsOf(f)) {
      if (nodeBuiltin.test(spec)) {
        problems.push(
          `${relative(root, f)} imports ${spec}, reachable from the browser entry point src/${name}`,
        );
      }
    }
    for (const d of graph.get(f) ?? []) if (graph.has(d)) queue.push(d);
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`architecture: ${files.length} files, layering and cycles ok`);
