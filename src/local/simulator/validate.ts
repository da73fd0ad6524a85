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

function fail(message: string): never {
  throw new SimulationError(`invalid circuit: ${message}`);
}

const isList = (v: unknown): v is readonly unknown[] => Array.isArray(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

/** Throw {@link SimulationError} naming the first malformed part of `circuit`. */
export function checkCircuitShape(circuit: Circuit): void {
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
    checkBlock(d.body as Block, `gate '${d.name}'`);
  }
  checkBlock(circuit.instructions, 'instructions');
}

function checkBlock(block: Block, where: string): void {
  if (!isList(block)) fail(`${where} must be a list of instructions`);
  block.forEach((ins, i) => checkInstruction(ins as unknown, `${where}[${i}]`));
}

function checkInstruction(ins: unknown, where: string): void {
  if (!isObject(ins)) fail(`${where} is ${describeValue(ins)}, not an instruction`);
  const need = (ok: boolean, what: string): void => {
    if (!ok) fail(`${where} (${String(ins.kind)}) needs ${what}`);
  };
  switch (ins.kind) {
    case 'gate':
      need(typeof ins.name === 'string', 'a gate name');
      need(isList(ins.qubits) && ins.qubits.every(isIndex), 'a list of qubit indices');
      need(isList(ins.params), 'a list of angles');
      for (const m of ['controls', 'ctrlState', 'power'] as const) {
        need(ins[m] === undefined || typeof ins[m] === 'number', `a number as ${m}`);
      }
      return;
    case 'measure':
      need(isIndex(ins.qubit), 'a qubit index');
      need(ins.clbit === null || isIndex(ins.clbit), 'a classical bit index or null');
      return;
    case 'reset':
      need(isIndex(ins.qubit), 'a qubit index');
      return;
    case 'barrier':
    case 'delay':
      need(isList(ins.qubits), 'a list of qubits');
      return;
    case 'store':
      need(isObject(ins.target) && isObject(ins.value), 'a target and a value');
      return;
    case 'if':
      need(isObject(ins.condition), 'a condition');
      checkBlock(ins.then as Block, `${where}.then`);
      if (ins.else !== null) checkBlock(ins.else as Block, `${where}.else`);
      return;
    case 'while':
      need(isObject(ins.condition), 'a condition');
      checkBlock(ins.body as Block, `${where}.body`);
      return;
    case 'for':
      need(isObject(ins.values), 'values to loop over');
      need(ins.parameter === null || typeof ins.parameter === 'string', 'a parameter name or null');
      checkBlock(ins.body as Block, `${where}.body`);
      return;
    case 'switch':
      need(isObject(ins.target), 'a target');
      need(isList(ins.cases), 'a list of cases');
      (ins.cases as unknown[]).forEach((k, j) => {
        need(isObject(k) && isList(k.values), `values in case ${j}`);
        checkBlock((k as { body: Block }).body, `${where}.cases[${j}]`);
      });
      return;
    case 'box':
      checkBlock(ins.body as Block, `${where}.body`);
      return;
    case 'break':
    case 'continue':
      return;
    default:
      fail(`unknown instruction ${describeValue(ins.kind)}`);
  }
}
