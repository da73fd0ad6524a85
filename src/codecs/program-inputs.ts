/**
 * Codecs for the `params` of Sampler V2 and Estimator V2 jobs (`POST /v1/jobs`): PUBs of
 * circuits (OpenQASM 3 text, or QPY sent as an encoded `QuantumCircuit`) with parameter
 * values, shots, observables and precision, and the job-level defaults `shots` (Sampler) and
 * `precision` (Estimator). A PUB is a list (`[circuit]`, `[circuit, values]`,
 * `[circuit, values, shots]`, ...) or a bare circuit, as IBM's C client sends it. Besides the
 * shapes, they check what a simulator would otherwise trip over later: rectangular parameter
 * sweeps, Pauli strings made of `I`/`X`/`Y`/`Z` only and of one length per observable, real
 * coefficients.
 *
 * The params they read have been through `decodeEncodedParams` (`encoded-params.ts`), which
 * turns the RuntimeEncoder's `__type__` values into plain values.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode, failAt, validateInPlace, type PathSegment } from './decode.js';
import { EncodedCircuit, OpaqueEncoded } from './encoded-params.js';
import { DecodeError } from './errors.js';
import { Complex } from './nd-array.js';
import { FiniteNumber, PositiveInt, integer, nullable } from './scalars.js';

/** Deepest array nesting accepted in parameter values and observables. */
export const MAX_NESTING = 32;

/** A number or (nested, rectangular) arrays of them. */
export type NumberTensor = number | readonly NumberTensor[];

/**
 * A codec for a leaf value or rectangular nested arrays of leaves: every element of an array
 * has the shape of its first sibling. A mismatch is reported at the offending element.
 */
function tensor<L>(name: string, leaf: t.Type<L, L, unknown>): t.Type<L | readonly unknown[]> {
  type Shape = readonly number[];
  const shapeText = (s: Shape): string =>
    s.length === 0
      ? leaf.name
      : s.length === 1
        ? `an array of length ${s[0]}`
        : `an array of shape ${s.join('×')}`;
  const same = (a: Shape, b: Shape): boolean =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  const walk = (v: unknown, c: t.Context, depth: number): t.Validation<Shape> => {
    if (!Array.isArray(v)) return E.map((): Shape => [])(validateInPlace(leaf, v, c));
    if (depth >= MAX_NESTING) return failAt(c, v, [], `at most ${MAX_NESTING} nested arrays`);
    let first: Shape | undefined;
    for (let i = 0; i < v.length; i++) {
      const r = walk(v[i], t.appendContext(c, String(i), codec, v[i]), depth + 1);
      if (E.isLeft(r)) return r;
      if (first === undefined) first = r.right;
      else if (!same(first, r.right))
        return failAt(c, v, [i], `${shapeText(first)} like element 0`);
    }
    return t.success([v.length, ...(first ?? [])]);
  };
  const is = (u: unknown): u is L | readonly unknown[] => E.isRight(walk(u, [], 0));
  const codec: t.Type<L | readonly unknown[]> = new t.Type(
    name,
    is,
    (u, c) => E.map(() => u as L | readonly unknown[])(walk(u, c, 0)),
    t.identity,
  );
  return codec;
}

/** Parameter values as numbers: one number, or rectangular nested arrays (the last axis is the parameter). */
export const ParameterArray = tensor(
  'number or nested arrays of numbers',
  FiniteNumber,
) as t.Type<NumberTensor>;

/** Parameter values by name: `{"theta": [0, 1.57]}`. */
export const ParameterMap = t.record(t.string, ParameterArray, 'ParameterMap');

/**
 * Parameter values of a PUB: a number, rectangular nested arrays of numbers (a sweep), or a
 * map from parameter name to such values.
 */
export const ParameterValues = t.union(
  [ParameterArray, ParameterMap],
  'parameter values (number, nested arrays of numbers or {name: values})',
);
export type ParameterValues = t.TypeOf<typeof ParameterValues>;

const PAULI = /^[IXYZ]+$/;

/** A Pauli string such as `ZZ` or `IXI`: one letter per qubit, from `I`, `X`, `Y`, `Z`. */
export const PauliString = new t.Type<string>(
  'Pauli string (letters I, X, Y, Z)',
  (u): u is string => typeof u === 'string' && PAULI.test(u),
  (u, c) =>
    typeof u !== 'string'
      ? t.failure(u, c)
      : PAULI.test(u)
        ? t.success(u)
        : failAt(c, u, [], 'Pauli string (letters I, X, Y, Z)'),
  t.identity,
);

/** Find the first Pauli string whose length differs from the first one's; `where` leads to it. */
function lengthMismatch(
  found: readonly { text: string; where: readonly PathSegment[] }[],
): { expected: number; first: string; text: string; where: readonly PathSegment[] } | undefined {
  const head = found[0];
  if (head === undefined) return undefined;
  const bad = found.find((f) => f.text.length !== head.text.length);
  return bad === undefined ? undefined : { expected: head.text.length, first: head.text, ...bad };
}

function mismatchFailure<A>(
  c: t.Context,
  u: unknown,
  m: NonNullable<ReturnType<typeof lengthMismatch>>,
): t.Validation<A> {
  return failAt(
    c,
    u,
    m.where,
    `Pauli string of length ${m.expected}`,
    `expected a Pauli string of length ${m.expected} like ${JSON.stringify(m.first)}, got ${JSON.stringify(m.text)} (length ${m.text.length})`,
  );
}

const PauliTerms = t.record(t.string, FiniteNumber);

/** The first key of an object whose value is a complex number (a non-Hermitian term). */
function complexTerm(u: unknown): string | undefined {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined;
  return Object.keys(u).find((k) => (u as Record<string, unknown>)[k] instanceof Complex);
}

/**
 * One observable as a sum of Pauli terms, `{"IZI": 1, "IXI": 2.3}`: at least one term, every
 * key a Pauli string, all of the same length, every coefficient a finite number.
 */
export type PauliDict = Readonly<Record<string, number>>;

/** Codec for `PauliDict`. */
export const PauliDict: t.Type<PauliDict> = new t.Type<PauliDict>(
  'Pauli dict ({pauli: coefficient})',
  (u): u is PauliDict => E.isRight(PauliDict.validate(u, [])),
  (u, c) => {
    const complexKey = complexTerm(u);
    if (complexKey !== undefined) {
      const coeff = (u as Record<string, Complex>)[complexKey]!;
      return failAt(
        c,
        u,
        [complexKey],
        'real coefficient',
        `the coefficient of ${JSON.stringify(complexKey)} is ${coeff.toString()}; observables must be Hermitian (real coefficients)`,
      );
    }
    return E.chain((terms: PauliDict): t.Validation<PauliDict> => {
      const keys = Object.keys(terms);
      if (keys.length === 0) return failAt(c, u, [], 'at least one Pauli term');
      const badKey = keys.find((k) => !PAULI.test(k));
      if (badKey !== undefined) {
        return failAt(
          c,
          u,
          [badKey],
          'Pauli string key',
          `expected a Pauli string key (letters I, X, Y, Z), got ${JSON.stringify(badKey)}`,
        );
      }
      const m = lengthMismatch(keys.map((k) => ({ text: k, where: [k] })));
      return m === undefined ? t.success(terms) : mismatchFailure(c, u, m);
    })(validateInPlace(PauliTerms, u, c));
  },
  t.identity,
);

/**
 * One observable in Pauli terms: a Pauli string (coefficient 1) or a dict of weighted Pauli
 * strings. (Not to be confused with RxJS's `Observable`.)
 */
export const PauliObservable = t.union([PauliString, PauliDict], 'Observable');
export type PauliObservable = t.TypeOf<typeof PauliObservable>;

/** An observable or rectangular nested arrays of them. */
export type ObservablesTensor = PauliObservable | readonly ObservablesTensor[];

const ObservableTensor = tensor('observable or nested arrays of observables', PauliObservable);

function pauliStringsOf(
  value: unknown,
  where: PathSegment[],
  out: { text: string; where: PathSegment[] }[],
): void {
  if (typeof value === 'string') out.push({ text: value, where });
  else if (Array.isArray(value)) value.forEach((v, i) => pauliStringsOf(v, [...where, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) out.push({ text: k, where: [...where, k] });
  }
}

/**
 * The observables of an Estimator PUB: one `PauliObservable` or rectangular nested arrays of
 * them, all acting on the same number of qubits.
 */
export const Observables: t.Type<ObservablesTensor> = new t.Type<ObservablesTensor>(
  'Observables',
  (u): u is ObservablesTensor => E.isRight(Observables.validate(u, [])),
  (u, c) =>
    E.chain(() => {
      const found: { text: string; where: PathSegment[] }[] = [];
      pauliStringsOf(u, [], found);
      const m = lengthMismatch(found);
      return m === undefined
        ? t.success(u as ObservablesTensor)
        : mismatchFailure<ObservablesTensor>(c, u, m);
    })(validateInPlace(ObservableTensor, u, c)),
  t.identity,
);

/**
 * A codec for a tuple whose trailing elements may be left out: `required` elements first,
 * then up to `optional.length` more. Element failures carry their index in the path.
 */
function tupleWithOptionalTail<A>(
  name: string,
  required: readonly t.Mixed[],
  optional: readonly t.Mixed[],
): t.Type<A> {
  const all = [...required, ...optional];
  const validate = (u: unknown, c: t.Context): t.Validation<A> => {
    if (!Array.isArray(u)) return t.failure(u, c);
    if (u.length < required.length || u.length > all.length) {
      const range =
        required.length === all.length ? `${all.length}` : `${required.length} to ${all.length}`;
      return failAt(
        c,
        u,
        [],
        `an array of ${range} elements`,
        `expected ${name} with ${range} elements, got ${u.length}`,
      );
    }
    for (let i = 0; i < u.length; i++) {
      const r = all[i]!.validate(u[i], t.appendContext(c, String(i), all[i]!, u[i]));
      if (E.isLeft(r)) return r;
    }
    return t.success(u as A);
  };
  return new t.Type<A>(name, (u): u is A => E.isRight(validate(u, [])), validate, t.identity);
}

/** The circuit of a PUB: OpenQASM 3 source text, or QPY sent as an encoded `QuantumCircuit`. */
export type CircuitInput = string | EncodedCircuit;

const isCircuitInput = (u: unknown): u is CircuitInput =>
  typeof u === 'string' || (u instanceof EncodedCircuit && u.type === 'QuantumCircuit');

/** Codec for {@link CircuitInput}. */
export const CircuitSource = new t.Type<CircuitInput>(
  'OpenQASM 3 circuit (string) or encoded QuantumCircuit',
  isCircuitInput,
  (u, c) =>
    isCircuitInput(u)
      ? t.success(u)
      : u instanceof EncodedCircuit || u instanceof OpaqueEncoded
        ? failAt(
            c,
            u,
            [],
            'OpenQASM 3 circuit (string) or encoded QuantumCircuit',
            `expected an OpenQASM 3 circuit (string) or an encoded QuantumCircuit, got ${String(u)}`,
          )
        : t.failure(u, c),
  t.identity,
);

/**
 * A PUB codec that also takes a bare circuit (OpenQASM text or an encoded `QuantumCircuit`,
 * the form IBM's C client sends) and reads it as the one-element PUB `[circuit]`.
 */
function orBareCircuit<A>(pub: t.Type<A>): t.Type<A> {
  const validate = (u: unknown, c: t.Context): t.Validation<A> =>
    isCircuitInput(u) ? t.success([u] as unknown as A) : pub.validate(u, c);
  return new t.Type<A>(pub.name, (u): u is A => E.isRight(validate(u, [])), validate, t.identity);
}

/** A Sampler PUB: `[circuit, parameterValues?, shots?]`. */
export type SamplerPub = readonly [
  circuit: CircuitInput,
  parameterValues?: ParameterValues | null,
  shots?: number | null,
];

/** Codec for `SamplerPub`; shots, when given, is a positive integer. A bare circuit is `[circuit]`. */
export const SamplerPub = orBareCircuit(
  tupleWithOptionalTail<SamplerPub>(
    'SamplerPub',
    [CircuitSource],
    [nullable(ParameterValues), nullable(PositiveInt)],
  ),
);

/** A positive finite number (target precision of an estimate). */
export const PositiveNumber = new t.Type<number>(
  'positive number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u > 0,
  (u, c) => (typeof u === 'number' && Number.isFinite(u) && u > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** An Estimator PUB: `[circuit, observables, parameterValues?, precision?]`. */
export type EstimatorPub = readonly [
  circuit: CircuitInput,
  observables: ObservablesTensor,
  parameterValues?: ParameterValues | null,
  precision?: number | null,
];

/** Codec for `EstimatorPub`; precision, when given, is a positive number. */
export const EstimatorPub = tupleWithOptionalTail<EstimatorPub>(
  'EstimatorPub',
  [CircuitSource, Observables],
  [nullable(ParameterValues), nullable(PositiveNumber)],
);

/** A codec for arrays with at least one element. */
function nonEmptyArray<C extends t.Mixed>(codec: C, name: string): t.Type<t.TypeOf<C>[]> {
  const base = t.array(codec);
  const validate = (u: unknown, c: t.Context): t.Validation<t.TypeOf<C>[]> =>
    Array.isArray(u) && u.length === 0 ? failAt(c, u, [], name) : base.validate(u, c);
  return new t.Type(
    name,
    (u): u is t.TypeOf<C>[] => E.isRight(validate(u, [])),
    validate,
    t.identity,
  );
}

/**
 * `version` of V2 primitive params: the number `2` (qiskit-ibm-runtime, IBM's C client) or the
 * string `"2"` (REST docs); optional, as IBM's OpenAPI has it.
 */
export const PrimitiveVersion = t.union([t.literal(2), t.literal('2')], '2 or "2"');
export type PrimitiveVersion = t.TypeOf<typeof PrimitiveVersion>;

/** Options common to both primitives; option groups are kept as sent. */
const commonOptions = {
  default_shots: nullable(PositiveInt),
  dynamical_decoupling: t.UnknownRecord,
  twirling: t.UnknownRecord,
  execution: t.UnknownRecord,
  simulator: t.UnknownRecord,
  environment: t.UnknownRecord,
  experimental: t.UnknownRecord,
};

/** `options` of Sampler V2. Unknown keys are kept. */
export const SamplerOptions = t.partial(commonOptions, 'SamplerOptions');
export type SamplerOptions = t.TypeOf<typeof SamplerOptions>;

/** `options` of Estimator V2. Unknown keys are kept. */
export const EstimatorOptions = t.partial(
  {
    ...commonOptions,
    default_precision: nullable(PositiveNumber),
    seed_estimator: nullable(integer('integer seed')),
    resilience: t.UnknownRecord,
  },
  'EstimatorOptions',
);
export type EstimatorOptions = t.TypeOf<typeof EstimatorOptions>;

const ResilienceLevel = integer('resilience level (0, 1 or 2)', 0, 2);

/** `params` of a `sampler` job. */
export const SamplerParams = t.intersection(
  [
    t.type({ pubs: nonEmptyArray(SamplerPub, 'at least one SamplerPub') }),
    t.partial({
      version: PrimitiveVersion,
      /** Shots of every PUB that names none; overrides `options.default_shots`. */
      shots: nullable(PositiveInt),
      options: SamplerOptions,
      support_qiskit: t.boolean,
      resilience_level: ResilienceLevel,
    }),
  ],
  'SamplerParams',
);
export type SamplerParams = t.TypeOf<typeof SamplerParams>;

/** `params` of an `estimator` job. */
export const EstimatorParams = t.intersection(
  [
    t.type({ pubs: nonEmptyArray(EstimatorPub, 'at least one EstimatorPub') }),
    t.partial({
      version: PrimitiveVersion,
      /** Precision of every PUB that names none; overrides the options' defaults. */
      precision: nullable(PositiveNumber),
      options: EstimatorOptions,
      support_qiskit: t.boolean,
      resilience_level: ResilienceLevel,
    }),
  ],
  'EstimatorParams',
);
export type EstimatorParams = t.TypeOf<typeof EstimatorParams>;

/** Decoded primitive input, tagged with the program it is for. */
export type PrimitiveParams =
  | { readonly program: 'sampler'; readonly params: SamplerParams }
  | { readonly program: 'estimator'; readonly params: EstimatorParams };

/**
 * Decode a job's `params` for its `program_id`. Paths start at `params`
 * (`params.pubs[0][2]: expected positive integer, got 0`); a program other than `sampler`
 * or `estimator` is an `unsupported` `DecodeError` at `program_id`.
 */
export function decodePrimitiveParams(
  programId: string,
  params: unknown,
): E.Either<DecodeError, PrimitiveParams> {
  switch (programId) {
    case 'sampler':
      return E.map((p: SamplerParams): PrimitiveParams => ({ program: 'sampler', params: p }))(
        decode(SamplerParams, params, 'params'),
      );
    case 'estimator':
      return E.map((p: EstimatorParams): PrimitiveParams => ({ program: 'estimator', params: p }))(
        decode(EstimatorParams, params, 'params'),
      );
    default:
      return E.left(
        new DecodeError('program_id', '"sampler" or "estimator"', programId, 'unsupported'),
      );
  }
}
