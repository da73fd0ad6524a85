/**
 * One circuit payload (`HEADER`, `METADATA`, `REGISTERS`, variables, annotations, custom
 * definitions, `INSTRUCTIONS`, calibrations, layout) read into a circuit with local bit
 * indices; the same reader serves top-level circuits, control-flow blocks and definitions.
 *
 * @module
 */
import type { Angle, Instruction, Register } from '../model.js';
import { binary } from './angles.js';
import type { ByteReader } from './bytes.js';
import type { ConvertContext } from './convert-context.js';
import { readCustomDefinitions } from './custom-definitions.js';
import { convertInstruction } from './instructions.js';
import { readRawInstruction } from './raw-instruction.js';
import { readRegisters } from './registers.js';
import type { BodyCircuit, CircuitScope, Session, VarInfo } from './scope.js';
import { skipCalibrations, skipLayout } from './trailers.js';
import { readValue } from './values.js';
import { readVars } from './vars.js';

/** Read one circuit payload at nesting `depth` (0 for a top-level circuit). */
export function readCircuitBody(r: ByteReader, s: Session, depth: number): BodyCircuit {
  const version = s.ctx.version ?? 0;
  const limits = s.ctx.limits;
  const field = 'circuit header';
  if (depth > limits.maxDepth) throw r.error(field, 'circuits nested too deeply', 'limit');
  const nameSize = r.u16(field);
  let globalPhase: Angle = 0;
  let phaseType = 'f';
  let phaseSize = 0;
  if (version < 2) globalPhase = r.f64(field);
  else {
    phaseType = r.char(field);
    phaseSize = r.u16(field);
  }
  const numQubits = r.u32(field);
  const numClbits = r.u32(field);
  const metadataSize = r.u64(field);
  const numRegisters = r.u32(field);
  const numInstructions = r.u64(field);
  const numVars = version >= 12 ? r.u32(field) : 0;
  if (numQubits > limits.maxBits || numClbits > limits.maxBits) {
    throw r.error(
      field,
      `${numQubits} qubits and ${numClbits} clbits exceed the limit of ${limits.maxBits}`,
      'limit',
    );
  }
  const name = r.utf8(nameSize, 'circuit name');
  if (version >= 2) {
    const phase = readValue({ type: phaseType, data: r.sub(phaseSize, 'global phase') }, s, {
      instructionParam: false,
      scope: null,
      depth,
    });
    if (phase.t === 'float') globalPhase = phase.v;
    else if (phase.t === 'int') globalPhase = Number(phase.v);
    else if (phase.t === 'angle') globalPhase = phase.v;
    else throw r.error('global phase', `a global phase of kind '${phase.t}'`);
  }
  r.skip(metadataSize, 'metadata');
  const { qregs, cregs } = readRegisters(r, numRegisters, numQubits, numClbits);
  const vars: VarInfo[] = readVars(r, s, numVars, depth > 0);
  if (version >= 15) skipAnnotationStates(r);
  const custom = readCustomDefinitions(r, s, depth);
  const scope: CircuitScope = {
    numQubits,
    numClbits,
    cregs: new Map(cregs.map((c): [string, Register] => [c.name, c])),
    vars,
  };
  let phase = globalPhase;
  const instructions: Instruction[] = [];
  const ctx: ConvertContext = {
    s,
    scope,
    custom,
    depth,
    r,
    addPhase: (p) => {
      phase = binary('+', phase, p);
    },
    convert: (raw, qargs, cargs) => convertInstruction(raw, qargs, cargs, ctx),
  };
  r.fits(numInstructions, version >= 5 ? 33 : 25, 'instructions');
  for (let i = 0; i < numInstructions; i++) {
    const raw = readRawInstruction(r, { numQubits, numClbits });
    for (const ins of convertInstruction(raw, raw.qargs, raw.cargs, ctx)) instructions.push(ins);
  }
  if (version >= 5 && version < 18) skipCalibrations(r, limits.maxDepth);
  if (version >= 8) skipLayout(r);
  return { name, numQubits, numClbits, qregs, cregs, globalPhase: phase, instructions };
}

function skipAnnotationStates(r: ByteReader): void {
  const field = 'annotation states';
  const n = r.u32(field);
  r.fits(n, 12, field);
  for (let i = 0; i < n; i++) {
    const namespaceSize = r.u32(field);
    const stateSize = r.u64(field);
    r.skip(namespaceSize, field);
    r.skip(stateSize, field);
  }
}
