/**
 * A table-driven HTTP router: routes are `{ method, path }` patterns with named parameters
 * (`/v1/jobs/:jobId/results`), and every parameter is checked by its validator before any
 * handler runs, so a malformed id never reaches a store or a file name.
 *
 * @module
 */

/** Result of matching a request against the table. */
export type RouteMatch<R> =
  | { readonly kind: 'match'; readonly route: R; readonly params: Readonly<Record<string, string>> }
  /** The path has a route but a parameter failed its validator. */
  | { readonly kind: 'bad-param'; readonly param: string; readonly value: string }
  /** The path exists for other methods. */
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** What every route carries. */
export interface RouteSpec {
  readonly method: string;
  /** Pattern like `/v1/jobs/:jobId`; segments starting with `:` are parameters. */
  readonly path: string;
}

/** Checks a parameter's raw value; parameters without a validator accept any non-empty segment. */
export type ParamValidators = Readonly<Record<string, (value: string) => boolean>>;

interface Compiled<R> {
  readonly route: R;
  readonly segments: readonly string[];
  /** Positions of the literal segments, compared before any parameter is read. */
  readonly literals: readonly number[];
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** Matches paths against a fixed list of routes. */
export class Router<R extends RouteSpec> {
  /** The routes by number of segments, in table order. */
  private readonly bySize = new Map<number, Compiled<R>[]>();

  constructor(
    routes: readonly R[],
    private readonly validators: ParamValidators = {},
  ) {
    for (const route of routes) {
      const segments = split(route.path);
      const literals = segments.flatMap((seg, i) => (seg.startsWith(':') ? [] : [i]));
      const list = this.bySize.get(segments.length) ?? [];
      list.push({ route, segments, literals });
      this.bySize.set(segments.length, list);
    }
  }

  /** Find the route for `method` and `path` (path without query string). */
  match(method: string, path: string): RouteMatch<R> {
    const parts = split(path);
    let allow: Set<string> | undefined;
    let badParam: { param: string; value: string } | undefined;
    for (const c of this.bySize.get(parts.length) ?? []) {
      if (!c.literals.every((i) => c.segments[i] === parts[i])) continue;
      const params: Record<string, string> = {};
      let invalid: { param: string; value: string } | undefined;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i]!;
        if (!seg.startsWith(':')) continue;
        const name = seg.slice(1);
        const part = parts[i]!;
        const check = this.validators[name];
        if (check && !check(part)) invalid ??= { param: name, value: part };
        params[name] = part;
      }
      if (invalid) {
        badParam ??= invalid;
        continue;
      }
      if (c.route.method === method) return { kind: 'match', route: c.route, params };
      (allow ??= new Set<string>()).add(c.route.method);
    }
    if (allow !== undefined) return { kind: 'method-not-allowed', allow: [...allow].sort() };
    if (badParam) return { kind: 'bad-param', ...badParam };
    return { kind: 'not-found' };
  }
}
