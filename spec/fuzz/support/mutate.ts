/**
 * Mutations of real payloads for the fuzzers: structural edits of a parsed JSON value (delete,
 * duplicate, retype a field, inject NaN / huge numbers / deep nesting) and edits of its text
 * (truncate, flip bits, insert bytes, duplicate a key). Every mutation is plain data drawn by
 * fast-check, so a failing input shrinks to a short list of small edits and replays exactly.
 */
import fc from 'fast-check';
import { stringifyJson } from '../../../src/codecs/json.js';

/** Values a retyped field takes: every JSON type, plus values that break naive code. */
export const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  0.5,
  -0,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  4294967296,
  2147483648,
  '',
  'x',
  '0',
  '1e999',
  'NaN',
  '\u0000',
  '\ud800',
  '__proto__',
  'constructor',
  'OPENQASM 3.0;',
  'eJzLSM3JyQcABiwCFQ==',
  '2025-13-45T99:99:99Z',
  [],
  [[]],
  [null],
  {},
  { __type__: 'ndarray', __value__: '' },
  { __type__: 'BitArray', __value__: { array: null, num_bits: 1e9 } },
  { __type__: 'Unknown', __value__: 1 },
  { __proto__: null },
];

/** Numbers injected into numeric positions. */
export const ODD_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e308,
  -1e308,
  2 ** 64,
  2 ** 31,
  2 ** 33,
  2 ** 40,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER + 2,
  5e-324,
  -0,
  0.1,
] as const;

/** A structural edit of a parsed value; `at` picks a node (taken modulo the number of nodes). */
export type ValueMutation =
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number }
  | { readonly op: 'retype'; readonly at: number; readonly value: number }
  | { readonly op: 'number'; readonly at: number; readonly value: number }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number }
  | { readonly op: 'swap'; readonly at: number; readonly other: number }
  | { readonly op: 'size'; readonly key: number; readonly value: number };

/** Fields that size an allocation somewhere downstream: a `size` edit sets every one of them. */
export const SIZE_KEYS = [
  'num_bits',
  'shape',
  'shots',
  'num_shots',
  'data_slices',
  'position',
  'version',
  'field_names',
  'limit',
  'count',
] as const;

/** An edit of the JSON text; positions are fractions of the length in [0, 1). */
export type TextMutation =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'delete-span'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicate-key'; readonly at: number }
  | { readonly op: 'deep'; readonly at: number; readonly depth: number };

const nodeIndex = fc.nat({ max: 10_000 });
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** Depths used for nesting: below, at and far above the parsers' ceilings. */
const DEPTHS = [8, 70, 513, 2_000, 100_000] as const;

/** Arbitrary structural edit. */
export const valueMutation: fc.Arbitrary<ValueMutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: nodeIndex }),
  fc.record({ op: fc.constant('duplicate' as const), at: nodeIndex }),
  fc.record({
    op: fc.constant('retype' as const),
    at: nodeIndex,
    value: fc.nat({ max: ODD_VALUES.length - 1 }),
  }),
  fc.record({
    op: fc.constant('number' as const),
    at: nodeIndex,
    value: fc.nat({ max: ODD_NUMBERS.length - 1 }),
  }),
  fc.record({
    op: fc.constant('nest' as const),
    at: nodeIndex,
    depth: fc.constantFrom(1, 8, 70, 600),
  }),
  fc.record({ op: fc.constant('swap' as const), at: nodeIndex, other: nodeIndex }),
  fc.record({
    op: fc.constant('size' as const),
    key: fc.nat({ max: SIZE_KEYS.length - 1 }),
    value: fc.nat({ max: ODD_NUMBERS.length + ODD_VALUES.length - 1 }),
  }),
);

/** Text inserted by `insert`: JSON punctuation, bad escapes, control bytes, odd tokens. */
const insertion = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    '\\u12',
    '\\ud800',
    'NaN',
    '-Infinity',
    'Infinity',
    '1e99999',
    '-',
    '0x10',
    '\u0000',
    '\uffff',
    '\ud83d',
    'null',
    '/*',
    ' ',
    '\n',
  ),
  fc.string({ maxLength: 8 }),
);

/** Arbitrary text edit. */
export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fraction }),
  fc.record({ op: fc.constant('flip' as const), at: fraction, bit: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fraction, text: insertion }),
  fc.record({
    op: fc.constant('delete-span' as const),
    at: fraction,
    length: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({ op: fc.constant('duplicate-key' as const), at: fraction }),
  fc.record({ op: fc.constant('deep' as const), at: fraction, depth: fc.constantFrom(...DEPTHS) }),
);

/** A whole mutation plan: some structural edits, then some text edits (either list may be empty). */
export interface MutationPlan {
  readonly values: readonly ValueMutation[];
  readonly texts: readonly TextMutation[];
}

/** Arbitrary plan with at least one edit. */
export const mutationPlan: fc.Arbitrary<MutationPlan> = fc
  .record({
    values: fc.array(valueMutation, { maxLength: 4 }),
    texts: fc.array(textMutation, { maxLength: 3 }),
  })
  .filter((p) => p.values.length + p.texts.length > 0);

type Container = Record<string, unknown> | unknown[];

interface NodeRef {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every node below the root, in a stable depth-first order. */
function nodesOf(root: unknown): NodeRef[] {
  const out: NodeRef[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const here = stack.pop();
    if (Array.isArray(here)) {
      for (let i = here.length - 1; i >= 0; i--) {
        out.push({ parent: here, key: i });
        stack.push(here[i]);
      }
    } else if (here !== null && typeof here === 'object') {
      const keys = Object.keys(here);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        out.push({ parent: here as Record<string, unknown>, key: k });
        stack.push((here as Record<string, unknown>)[k]);
      }
    }
  }
  return out;
}

function get(ref: NodeRef): unknown {
  return (ref.parent as Record<string | number, unknown>)[ref.key];
}

function set(ref: NodeRef, value: unknown): void {
  (ref.parent as Record<string | number, unknown>)[ref.key] = value;
}

function nested(value: unknown, depth: number): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = i % 2 === 0 ? [out] : { n: out };
  return out;
}

/** A deep copy of JSON-like data (keeps NaN and Infinity, which `JSON.parse(JSON.stringify())` loses). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** Apply structural edits to a copy of `value`. */
export function mutateValue(value: unknown, edits: readonly ValueMutation[]): unknown {
  const root = { root: cloneJson(value) };
  for (const edit of edits) {
    const nodes = nodesOf(root);
    if (nodes.length === 0) continue;
    if (edit.op === 'size') {
      const key = SIZE_KEYS[edit.key % SIZE_KEYS.length]!;
      const all: unknown[] = [...ODD_NUMBERS, ...ODD_VALUES];
      const value = all[edit.value % all.length];
      for (const ref of nodes) if (ref.key === key) set(ref, cloneJson(value));
      continue;
    }
    const ref = nodes[edit.at % nodes.length]!;
    switch (edit.op) {
      case 'delete':
        if (Array.isArray(ref.parent)) ref.parent.splice(ref.key as number, 1);
        else if (ref.parent !== root) delete (ref.parent as Record<string, unknown>)[ref.key];
        else set(ref, undefined);
        break;
      case 'duplicate':
        if (Array.isArray(ref.parent)) {
          ref.parent.splice(ref.key as number, 0, cloneJson(get(ref)));
        } else {
          (ref.parent as Record<string, unknown>)[`${String(ref.key)}_copy`] = cloneJson(get(ref));
        }
        break;
      case 'retype':
        set(ref, cloneJson(ODD_VALUES[edit.value % ODD_VALUES.length]));
        break;
      case 'number':
        set(ref, ODD_NUMBERS[edit.value % ODD_NUMBERS.length]);
        break;
      case 'nest':
        set(ref, nested(get(ref), edit.depth));
        break;
      case 'swap': {
        const other = nodes[edit.other % nodes.length]!;
        const a = get(ref);
        const b = get(other);
        // Swapping a node with its own descendant would make a cycle: copy instead.
        set(ref, cloneJson(b));
        set(other, cloneJson(a));
        break;
      }
    }
  }
  return root.root;
}

function deepText(depth: number): string {
  return `${'['.repeat(depth)}0${']'.repeat(depth)}`;
}

/** Apply text edits to `text`. */
export function mutateText(text: string, edits: readonly TextMutation[]): string {
  let out = text;
  for (const edit of edits) {
    const at = Math.min(out.length, Math.floor(edit.at * (out.length + 1)));
    switch (edit.op) {
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'flip': {
        if (out.length === 0) break;
        const i = Math.min(at, out.length - 1);
        const code = out.charCodeAt(i) ^ (1 << edit.bit);
        out = out.slice(0, i) + String.fromCharCode(code) + out.slice(i + 1);
        break;
      }
      case 'insert':
        out = out.slice(0, at) + edit.text + out.slice(at);
        break;
      case 'delete-span':
        out = out.slice(0, at) + out.slice(at + edit.length);
        break;
      case 'duplicate-key': {
        // Find the next `"key":` from `at` and repeat it with another value in front of it.
        const re = /"([^"\\]{1,40})"\s*:/g;
        re.lastIndex = at;
        const m = re.exec(out) ?? /"([^"\\]{1,40})"\s*:/.exec(out);
        if (m) out = `${out.slice(0, m.index)}"${m[1]}": null, ${out.slice(m.index)}`;
        break;
      }
      case 'deep': {
        // Replace the value after the next ':' or '[' with a deeply nested array.
        let i = out.indexOf(':', at);
        if (i < 0) i = out.indexOf('[', at);
        out =
          i < 0
            ? deepText(edit.depth)
            : out.slice(0, i + 1) + deepText(edit.depth) + out.slice(i + 1);
        break;
      }
    }
  }
  return out;
}

/** A mutated payload: the edited value (when the edits were structural only) and its text. */
export interface Mutated {
  /** The edited value, before any text edit. */
  readonly value: unknown;
  /** The text sent over the wire: `stringifyJson(value)` with the text edits applied. */
  readonly text: string;
}

/** Apply a whole plan to `value`. */
export function applyPlan(value: unknown, plan: MutationPlan): Mutated {
  const edited = mutateValue(value, plan.values);
  let text: string;
  try {
    text = stringifyJson(edited);
  } catch {
    text = String(edited);
  }
  return { value: edited, text: mutateText(text, plan.texts) };
}

/** Arbitrary byte edits of a binary blob (flip, truncate, insert), for npy and zlib payloads. */
export type ByteMutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'set'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array };

/** Arbitrary byte edit. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fraction, bit: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fraction }),
  fc.record({
    op: fc.constant('set' as const),
    at: fraction,
    byte: fc.constantFrom(0, 0x7f, 0x80, 0xff, 0x39, 0x7b, 0x28, 0x2c),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fraction,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  }),
);

/** Apply byte edits to a copy of `bytes`. */
export function mutateBytes(bytes: Uint8Array, edits: readonly ByteMutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const edit of edits) {
    const at = Math.min(out.length, Math.floor(edit.at * (out.length + 1)));
    switch (edit.op) {
      case 'flip':
        if (out.length > 0) out[Math.min(at, out.length - 1)]! ^= 1 << edit.bit;
        break;
      case 'set':
        if (out.length > 0) out[Math.min(at, out.length - 1)] = edit.byte;
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'insert': {
        const next = new Uint8Array(out.length + edit.bytes.length);
        next.set(out.subarray(0, at), 0);
        next.set(edit.bytes, at);
        next.set(out.subarray(at), at + edit.bytes.length);
        out = next;
        break;
      }
    }
  }
  return out;
}
