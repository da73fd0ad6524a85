/**
 * Checks the shape of a circuit object before anything reads it (a circuit may come from JSON,
 * from a reader in another package, or be built by hand), so a malformed one is refused with
 * a message naming the field instead of failing somewhere inside the simulator.
 *
 * @module
 */
import type { Block, Circuit } from '../../circuits/model.js';
import { describeValue } from '../../codecs/errors.js';
import { SimulationError } from './errors.js';
import { INSTRUCTION_WORK, INSTRUCTIONS_PER_YIELD, type Sliced } from './sliced.js';

function fail(message: string): never {
  throw new SimulationError(`invalid circuit: ${message}`);
}

const isList = (v: unknown): v is readonly unknown[] => Array.isArray(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

/**
 * Throw {@link SimulationError} naming the first malformed part of `circuit` (a sliced
 * computation: see `sliced.ts`).
 */
export function* checkCircuitShape(circuit: Circuit): Sliced<void> {
  const c = circuit as unknown;
  if (!isObject(c)) fail(`expected a circuit object, got ${describeValue(c)}`);
  for (const key of ['numQubits', 'numClbits'] as const) {
    const n = c[key];
    if (!isIndex(n) || (n as number) < 0) fail(`${key} is ${describeValue(n)}`);
  }
  for (const key of ['instructions', 'cregs', 'qregs', 'vars', 'gates'] as const) {
    if (c[key] !== undefined && !isList(c[key])) fail(`${key} must be a list`);
  }
  if (!isList(c.instructions)) fail('instructions must be a list');
  if (!isList(c.parameters) || c.parameters.some((p) => typeof p !== 'string')) {
    fail('parameters must be a list of names');
  }
  for (const d of (c.gates ?? []) as unknown[]) {
    if (!isObject(d) || typeof d.name !== 'string' || !isIndex(d.numQubits) || !isList(d.params)) {
      fail(`a gate definition needs a name, numQubits and params`);
    }
    yield* checkBlock(d.body as Block, `gate '${d.name}'`);
  }
  yield* checkBlock(circuit.instructions, 'instructions');
}

/** A block nested in an instruction, with the name it goes by in messages. */
type Nested = readonly [block: Block, where: string];

function* checkBlock(block: Block, where: string): Sliced<void> {
  if (!isList(block)) fail(`${where} must be a list of instructions`);
  for (let i = 0; i < block.length; i++) {
    for (const [inner, name] of checkInstruction(block[i] as unknown, where, i)) {
      yield* checkBlock(inner, name);
    }
    if ((i + 1) % INSTRUCTIONS_PER_YIELD === 0) yield INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
  }
  yield (block.length % INSTRUCTIONS_PER_YIELD) * INSTRUCTION_WORK;
}

const NONE: readonly Nested[] = [];

/** Check one instruction (`block[index]` of the block `where`); returns its nested blocks. */
function checkInstruction(ins: unknown, block: string, index: number): readonly Nested[] {
  const where = (): string => `${block}[${index}]`;
  if (!isObject(ins)) fail(`${where()} is ${describeValue(ins)}, not an instruction`);
  const need = (ok: boolean, what: string): void => {
    if (!ok) fail(`${where()} (${String(ins.kind)}) needs ${what}`);
  };
  switch (ins.kind) {
    case 'gate':
      need(typeof ins.name === 'string', 'a gate name');
      need(isList(ins.qubits) && ins.qubits.every(isIndex), 'a list of qubit indices');
      need(isList(ins.params), 'a list of angles');
      for (const m of ['controls', 'ctrlState', 'power'] as const) {
        need(ins[m] === undefined || typeof ins[m] === 'number', `a number as ${m}`);
      }
      return NONE;
    case 'measure':
      need(isIndex(ins.qubit), 'a qubit index');
      need(ins.clbit === null || isIndex(ins.clbit), 'a classical bit index or null');
      return NONE;
    case 'reset':
      need(isIndex(ins.qubit), 'a qubit index');
      return NONE;
    case 'barrier':
    case 'delay':
      need(isList(ins.qubits), 'a list of qubits');
      return NONE;
    case 'store':
      need(isObject(ins.target) && isObject(ins.value), 'a target and a value');
      return NONE;
    case 'if':
      need(isObject(ins.condition), 'a condition');
      return ins.else !== null
        ? [
            [ins.then as Block, `${where()}.then`],
            [ins.else as Block, `${where()}.else`],
          ]
        : [[ins.then as Block, `${where()}.then`]];
    case 'while':
      need(isObject(ins.condition), 'a condition');
      return [[ins.body as Block, `${where()}.body`]];
    case 'for':
      need(isObject(ins.values), 'values to loop over');
      need(ins.parameter === null || typeof ins.parameter === 'string', 'a parameter name or null');
      return [[ins.body as Block, `${where()}.body`]];
    case 'switch':
      need(isObject(ins.target), 'a target');
      need(isList(ins.cases), 'a list of cases');
      return (ins.cases as unknown[]).map((k, j): Nested => {
        need(isObject(k) && isList(k.values), `values in case ${j}`);
        return [(k as { body: Block }).body, `${where()}.cases[${j}]`];
      });
    case 'box':
      return [[ins.body as Block, `${where()}.body`]];
    case 'break':
    case 'continue':
      return NONE;
    default:
      fail(`unknown instruction ${describeValue(ins.kind)}`);
  }
}
