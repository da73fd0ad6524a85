/**
 * Walking the nested blocks of control-flow instructions.
 *
 * @module
 */
import type { Block, Instruction } from './model.js';

/** The blocks nested in an instruction. */
export function blocksOf(ins: Instruction): readonly Block[] {
  switch (ins.kind) {
    case 'if':
      return ins.else === null ? [ins.then] : [ins.then, ins.else];
    case 'while':
    case 'for':
    case 'box':
      return [ins.body];
    case 'switch':
      return ins.cases.map((c) => c.body);
    default:
      return [];
  }
}

/**
 * Call `visit` for every instruction of `block` and of the blocks nested in it, depth first in
 * program order, with the path of indices that leads to it.
 */
export function forEachInstruction(
  block: Block,
  visit: (ins: Instruction, path: readonly number[]) => void,
  prefix: readonly number[] = [],
): void {
  block.forEach((ins, i) => {
    const path = [...prefix, i];
    visit(ins, path);
    for (const inner of blocksOf(ins)) forEachInstruction(inner, visit, path);
  });
}

/** The instruction with each of its nested blocks replaced by `f(block)` (itself when it has none). */
export function mapBlocks(ins: Instruction, f: (block: Block) => Block): Instruction {
  switch (ins.kind) {
    case 'if':
      return { ...ins, then: f(ins.then), else: ins.else === null ? null : f(ins.else) };
    case 'while':
    case 'for':
    case 'box':
      return { ...ins, body: f(ins.body) };
    case 'switch':
      return { ...ins, cases: ins.cases.map((c) => ({ ...c, body: f(c.body) })) };
    default:
      return ins;
  }
}
