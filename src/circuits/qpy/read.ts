/**
 * `readQpy`: QPY bytes (as `qiskit.qpy.dump` writes them) into the model's circuits, every
 * failure a {@link QpyError}.
 *
 * @module
 */
import { blocksOf } from '../blocks.js';
import type { Angle, Circuit, ClassicalVar, Instruction } from '../model.js';
import { collectParameters } from './angles.js';
import { ByteReader, type ReadContext } from './bytes.js';
import { readCircuitBody } from './circuit.js';
import { QpyError } from './errors.js';
import { readFileHeader } from './header.js';
import { DEFAULT_QPY_LIMITS, type QpyLimits } from './limits.js';
import type { ParameterInfo, Session } from './scope.js';

/** Options of {@link readQpy}. */
export interface ReadQpyOptions {
  /** Ceilings, each defaulting to {@link DEFAULT_QPY_LIMITS}. */
  readonly limits?: Partial<QpyLimits>;
}

/**
 * Read every circuit of a QPY file. Throws a {@link QpyError} (naming the QPY version, the
 * instruction and field, and the byte offset) for malformed data, for features this reader
 * does not support, and past the ceilings; never another exception.
 */
export function readQpy(bytes: Uint8Array, options: ReadQpyOptions = {}): Circuit[] {
  const limits: QpyLimits = { ...DEFAULT_QPY_LIMITS, ...options.limits };
  const ctx: ReadContext = { version: null, limits, instructions: [], produced: 0 };
  if (!(bytes instanceof Uint8Array)) {
    throw new QpyError('expected bytes', {
      version: null,
      instruction: null,
      field: 'file',
      offset: 0,
    });
  }
  const r = new ByteReader(ctx, bytes);
  try {
    const header = readFileHeader(r, limits.maxCircuits);
    const out: Circuit[] = [];
    for (let i = 0; i < header.numCircuits; i++) {
      if (header.offsets) r.seek(header.offsets[i]!, 'circuit table');
      ctx.produced = 0;
      out.push(readTopLevel(r, ctx, header.symengine));
    }
    return out;
  } catch (e) {
    if (e instanceof QpyError) throw e;
    // A defect of this reader must still surface as a QpyError, never as a crash of the caller.
    const ins = ctx.instructions;
    throw new QpyError(
      `internal error while reading: ${e instanceof Error ? e.message : String(e)}`,
      {
        version: ctx.version,
        instruction: ins.length > 0 ? ins[ins.length - 1]! : null,
        field: 'circuit',
        offset: r.offset,
      },
    );
  }
}

function readTopLevel(r: ByteReader, ctx: ReadContext, symengine: boolean): Circuit {
  const session: Session = {
    ctx,
    symengine,
    parameters: new Map(),
    parameterNames: new Map(),
    vars: new Map(),
    varNames: new Map(),
    gates: new Map(),
    readCircuit: (sub, depth) => readCircuitBody(sub, session, depth),
  };
  const body = readCircuitBody(r, session, 0);
  const vars: ClassicalVar[] = [...session.vars.values()].map((v) => ({
    name: v.name,
    type: v.type,
    role: v.role,
    initial: null,
  }));
  return {
    name: body.name,
    numQubits: body.numQubits,
    numClbits: body.numClbits,
    qregs: body.qregs,
    cregs: body.cregs,
    parameters: parameterOrder(body.instructions, body.globalPhase, session.parameterNames),
    globalPhase: body.globalPhase,
    vars,
    gates: [...session.gates.values()],
    instructions: body.instructions,
  };
}

/**
 * The circuit's free parameters in Qiskit's order (`QuantumCircuit.parameters`: by name, the
 * elements of a vector by index); loop parameters bound by a `for` are not free.
 */
function parameterOrder(
  instructions: readonly Instruction[],
  globalPhase: Angle,
  known: ReadonlyMap<string, ParameterInfo>,
): string[] {
  const used = new Set<string>();
  collectParameters(globalPhase, used);
  collectFree(instructions, new Set(), used);
  const key = (name: string): ParameterInfo => known.get(name) ?? { name, base: name, index: null };
  return [...used].sort((a, b) => {
    const x = key(a),
      y = key(b);
    if (x.base !== y.base) return x.base < y.base ? -1 : 1;
    return (x.index ?? -1) - (y.index ?? -1);
  });
}

function collectFree(block: readonly Instruction[], bound: ReadonlySet<string>, into: Set<string>) {
  for (const ins of block) {
    if (ins.kind === 'gate') {
      const local = new Set<string>();
      for (const p of ins.params) collectParameters(p, local);
      for (const name of local) if (!bound.has(name)) into.add(name);
    } else if (ins.kind === 'for' && ins.parameter !== null) {
      collectFree(ins.body, new Set([...bound, ins.parameter]), into);
    } else {
      for (const inner of blocksOf(ins)) collectFree(inner, bound, into);
    }
  }
}
