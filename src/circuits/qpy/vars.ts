/**
 * The standalone variables and stretches a circuit header declares (`EXPR_VAR_DECLARATION`,
 * QPY 12 and later), recorded once per UUID for the whole circuit and its nested blocks.
 *
 * @module
 */
import type { ByteReader } from './bytes.js';
import { readExprType } from './expressions.js';
import { uuidHex } from './parameters.js';
import type { Session, VarInfo } from './scope.js';

/** Read `count` declarations; `nested` is true inside a block or a definition. */
export function readVars(r: ByteReader, s: Session, count: number, nested: boolean): VarInfo[] {
  const field = 'standalone variables';
  r.fits(count, 20, field);
  const out: VarInfo[] = [];
  for (let i = 0; i < count; i++) {
    const at = r.offset;
    const uuid = uuidHex(r.take(16, field));
    const usage = r.char(field);
    const nameSize = r.u16(field);
    const declared = readExprType(r, field);
    const name = r.utf8(nameSize, field);
    const stretch = usage === 'A' || usage === 'O';
    if (!'ICLAO'.includes(usage) || usage.length !== 1) {
      throw r.error(field, `unknown variable usage '${usage}'`, 'invalid', at);
    }
    if (usage === 'I' && nested) {
      throw r.error(
        field,
        `a loop over the classical variable '${name}' is not supported`,
        'unsupported',
        at,
      );
    }
    const type = stretch ? ({ kind: 'duration' } as const) : declared;
    const known = s.vars.get(uuid);
    if (known) {
      if (known.name !== name)
        throw r.error(field, `variable ${uuid} has two names`, 'invalid', at);
    } else {
      const other = s.varNames.get(name);
      if (other !== undefined && other !== uuid) {
        throw r.error(field, `two different variables are called '${name}'`, 'unsupported', at);
      }
      s.varNames.set(name, uuid);
      s.vars.set(uuid, {
        name,
        type,
        role: usage === 'I' || (usage === 'C' && !nested) ? 'input' : 'declare',
      });
    }
    out.push({ name, type });
  }
  return out;
}
