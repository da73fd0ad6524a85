/**
 * Instances of custom definitions: gates become the circuit's own gate definitions (one per
 * distinct body, parameters as formal arguments), instructions with non-gate bodies are
 * inlined, controlled gates and annotated operations become their base gate with modifiers.
 *
 * @module
 */
import type { Angle, GateDefinition, GateInstruction, Instruction } from '../model.js';
import { forEachInstruction } from '../blocks.js';
import { STANDARD_GATES } from '../gates/standard.js';
import { collectParameters, param } from './angles.js';
import type { ConvertContext } from './convert-context.js';
import type { CustomDefinition } from './custom-definitions.js';
import { withModifiers } from './modifiers.js';
import { readRawInstruction } from './raw-instruction.js';
import { remapBody } from './remap.js';
import type { BodyCircuit } from './scope.js';
import type { Value } from './values.js';

/** Convert one instance of `def` on `qargs`/`cargs`. */
export function customInstruction(
  def: CustomDefinition,
  qargs: readonly number[],
  cargs: readonly number[],
  values: readonly Value[],
  ctx: ConvertContext,
): Instruction[] {
  const field = 'custom definition';
  if (qargs.length !== def.numQubits || cargs.length !== def.numClbits) {
    throw ctx.r.error(
      field,
      `'${def.key}' acts on ${def.numQubits} qubit(s) and ${def.numClbits} clbit(s), the instruction gives ${qargs.length} and ${cargs.length}`,
    );
  }
  switch (def.type) {
    case 'p':
      throw ctx.r.error(field, 'PauliEvolutionGate is not supported', 'unsupported');
    case 'c':
      return [controlled(def, qargs, ctx)];
    case 'a':
      return [annotated(def, qargs, values, ctx)];
    default:
      return defined(def, qargs, cargs, ctx);
  }
}

function baseGate(def: CustomDefinition, qubits: readonly number[], ctx: ConvertContext) {
  if (!def.base) throw ctx.r.error('base gate', `'${def.key}' has no base gate`);
  const raw = readRawInstruction(def.base, null);
  if (raw.numQargs !== qubits.length) {
    throw ctx.r.error(
      'base gate',
      `the base gate of '${def.key}' acts on ${raw.numQargs} qubit(s), expected ${qubits.length}`,
    );
  }
  const out = ctx.convert(raw, qubits, []);
  if (out.length !== 1 || out[0]!.kind !== 'gate') return null;
  return out[0] as GateInstruction;
}

function controlled(def: CustomDefinition, qargs: readonly number[], ctx: ConvertContext) {
  const n = def.numCtrlQubits;
  if (n > qargs.length)
    throw ctx.r.error('custom definition', `'${def.key}' has more controls than qubits`);
  const base = baseGate(def, qargs.slice(n), ctx);
  if (!base)
    throw ctx.r.error(
      'base gate',
      `the base of controlled gate '${def.key}' is not a single gate`,
      'unsupported',
    );
  return withModifiers(base, qargs.slice(0, n), def.ctrlState, 1);
}

function annotated(
  def: CustomDefinition,
  qargs: readonly number[],
  modifiers: readonly Value[],
  ctx: ConvertContext,
) {
  let controls = 0;
  let state = 0;
  let power = 1;
  for (const m of modifiers) {
    if (m.t !== 'modifier') {
      throw ctx.r.error(
        'modifiers',
        `annotated operation '${def.key}' has a parameter of kind '${m.t}'`,
      );
    }
    if (m.kind === 'inverse') power = -power;
    else if (m.kind === 'power') power *= m.power;
    else {
      state = m.ctrlState + state * 2 ** m.numCtrlQubits;
      controls += m.numCtrlQubits;
    }
  }
  if (controls > qargs.length)
    throw ctx.r.error('modifiers', `'${def.key}' has more controls than qubits`);
  const base = baseGate(def, qargs.slice(controls), ctx);
  if (!base)
    throw ctx.r.error(
      'base gate',
      `the base of annotated operation '${def.key}' is not a single gate`,
      'unsupported',
    );
  return withModifiers(base, qargs.slice(0, controls), state, power);
}

/** A gate or instruction with a definition circuit. */
function defined(
  def: CustomDefinition,
  qargs: readonly number[],
  cargs: readonly number[],
  ctx: ConvertContext,
): Instruction[] {
  const body = def.definition;
  if (!body) {
    throw ctx.r.error(
      'custom definition',
      `'${displayName(def, ctx)}' is opaque (it has no definition)`,
      'unsupported',
    );
  }
  const gates = gateBody(body);
  if (gates && def.numClbits === 0) {
    const gate = registerGate(def, body, gates, ctx);
    return [{ kind: 'gate', name: gate.name, qubits: qargs, params: gate.params.map(param) }];
  }
  const inlined = remapBody(ctx.r, body, qargs, cargs, ctx.scope, 'definition');
  const produced = ctx.s.ctx.produced + countInstructions(inlined);
  if (produced > ctx.s.ctx.limits.maxInstructions) {
    throw ctx.r.error(
      'custom definition',
      `inlining '${def.key}' passes ${ctx.s.ctx.limits.maxInstructions} instructions`,
      'limit',
    );
  }
  ctx.s.ctx.produced = produced;
  ctx.addPhase(body.globalPhase);
  return inlined;
}

function countInstructions(block: readonly Instruction[]): number {
  let n = 0;
  forEachInstruction(block, () => n++);
  return n;
}

/** The body's gates (barriers and delays, which change nothing, left out), or `null`. */
function gateBody(body: BodyCircuit): GateInstruction[] | null {
  const out: GateInstruction[] = [];
  for (const ins of body.instructions) {
    if (ins.kind === 'gate') out.push(ins);
    else if (ins.kind !== 'barrier' && ins.kind !== 'delay') return null;
  }
  return out;
}

/** The name a definition is shown under: its key without the `_<uuid>` suffix QPY 11 adds. */
function displayName(def: CustomDefinition, ctx: ConvertContext): string {
  const version = ctx.s.ctx.version ?? 0;
  let name = def.key;
  if (version >= 11) name = name.replace(/_[0-9a-f]{32}$/, '');
  name = name.replace(/_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? name
    : `gate_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Add (or find) the circuit gate definition for `body`; its formals are the parameters it uses. */
function registerGate(
  def: CustomDefinition,
  body: BodyCircuit,
  gates: readonly GateInstruction[],
  ctx: ConvertContext,
): GateDefinition {
  const used = new Set<string>();
  for (const g of gates) for (const p of g.params) collectParameters(p, used);
  collectParameters(body.globalPhase, used);
  const params = [...used].sort();
  const candidate = {
    numQubits: def.numQubits,
    params,
    body: gates,
    globalPhase: body.globalPhase as Angle,
  };
  const key = JSON.stringify(candidate);
  const base = displayName(def, ctx);
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}_${i}`;
    if (STANDARD_GATES.has(name)) continue;
    const existing = ctx.s.gates.get(name);
    if (!existing) {
      const gate: GateDefinition = {
        name,
        numQubits: def.numQubits,
        params,
        body: gates,
        ...(body.globalPhase === 0 ? {} : { globalPhase: body.globalPhase }),
      };
      ctx.s.gates.set(name, gate);
      return gate;
    }
    const same = JSON.stringify({
      numQubits: existing.numQubits,
      params: existing.params,
      body: existing.body,
      globalPhase: existing.globalPhase ?? 0,
    });
    if (same === key) return existing;
  }
}
