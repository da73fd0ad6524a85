/**
 * Syntactic scans of statement lists: the names a block may assign (so variables it changes
 * can be moved to run time before the block is made conditional), and whether a loop body
 * leaves its loop early.
 *
 * @module
 */
import type { Expr, Stmt } from './ast.js';

/** The root name an assignment target writes (`a` in `a[1] = ...`), if it has one. */
export function rootName(target: Expr): string | undefined {
  let e = target;
  while (e.kind === 'index') e = e.target;
  return e.kind === 'ident' ? e.name : undefined;
}

/** Names assigned anywhere in `body` (nested blocks included; subroutine bodies excluded). */
export function assignedNames(body: readonly Stmt[]): Set<string> {
  const out = new Set<string>();
  const visit = (list: readonly Stmt[]): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'assign': {
          const name = rootName(s.target);
          if (name !== undefined) out.add(name);
          break;
        }
        case 'measureArrow':
          if (s.target !== null) {
            const name = rootName(s.target);
            if (name !== undefined) out.add(name);
          }
          break;
        case 'if':
          visit(s.then);
          if (s.else !== null) visit(s.else);
          break;
        case 'while':
        case 'for':
        case 'box':
        case 'block':
          visit(s.body);
          break;
        case 'switch':
          for (const c of s.cases) visit(c.body);
          if (s.default !== null) visit(s.default);
          break;
        default:
          break;
      }
    }
  };
  visit(body);
  return out;
}

/** True when `body` holds a `break` or `continue` of its own loop (not of a nested loop). */
export function leavesLoop(body: readonly Stmt[]): boolean {
  for (const s of body) {
    switch (s.kind) {
      case 'break':
      case 'continue':
        return true;
      case 'if':
        if (leavesLoop(s.then) || (s.else !== null && leavesLoop(s.else))) return true;
        break;
      case 'box':
      case 'block':
        if (leavesLoop(s.body)) return true;
        break;
      case 'switch':
        if (
          s.cases.some((c) => leavesLoop(c.body)) ||
          (s.default !== null && leavesLoop(s.default))
        )
          return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/** True when evaluating `e` may act on qubits: it measures, or calls a subroutine. */
export function actsOnQubits(e: Expr, isSubroutine: (name: string) => boolean): boolean {
  const visit = (x: Expr): boolean => {
    switch (x.kind) {
      case 'measure':
        return true;
      case 'unary':
        return visit(x.operand);
      case 'binary':
        return visit(x.left) || visit(x.right);
      case 'call':
        return isSubroutine(x.name) || x.args.some(visit);
      case 'cast':
        return visit(x.operand);
      case 'index':
        return visit(x.target);
      case 'list':
        return x.items.some(visit);
      default:
        return false;
    }
  };
  return visit(e);
}
