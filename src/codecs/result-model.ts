/**
 * The result of a Sampler or Estimator job, the same whichever encoding the server used (plain
 * REST JSON or RuntimeEncoder `__type__` objects): a {@link PrimitiveResult} array of pub
 * results with metadata, where sampler data are {@link BitArray}s per classical register and
 * estimator data are {@link NdArray}s of expectation values and standard errors.
 *
 * ```ts
 * const result = decodeResultOrThrow(body);
 * const first = result[0];
 * if (isSamplerPubResult(first)) first.data.meas.getCounts(); // { '00': 2, '11': 2 }
 * ```
 *
 * @module
 */
import type { BitArray } from './bit-array.js';
import { DecodeError } from './errors.js';
import { NdArray } from './nd-array.js';

/** Free-form metadata, with decoded values (`Date`, `NdArray`, `Set`, `Complex`, spans) where the server encoded them. */
export type Metadata = Readonly<Record<string, unknown>>;

/**
 * The data of a sampler pub: one {@link BitArray} per classical register, by register name.
 *
 * @category Results
 */
export interface SamplerDataBin {
  readonly [register: string]: BitArray;
}

/**
 * The data of an estimator pub. Arrays keep the pub's shape; a scalar pub gives 0-d arrays
 * (read them with `evs.get()`). Any further fields the server sent are kept by their name.
 *
 * @category Results
 */
export interface EstimatorDataBin {
  /** Expectation values. */
  readonly evs: NdArray;
  /** Standard errors of the expectation values. */
  readonly stds: NdArray;
  /** Standard error over randomizations (`ensemble_standard_error`), when the server sent it. */
  readonly ensembleStandardError?: NdArray;
  readonly [field: string]: NdArray | undefined;
}

/**
 * The result of one sampler pub.
 *
 * @category Results
 */
export interface SamplerPubResult {
  readonly kind: 'sampler';
  readonly data: SamplerDataBin;
  readonly metadata: Metadata;
}

/**
 * The result of one estimator pub.
 *
 * @category Results
 */
export interface EstimatorPubResult {
  readonly kind: 'estimator';
  readonly data: EstimatorDataBin;
  readonly metadata: Metadata;
}

/**
 * The result of one pub, sampler or estimator (switch on `kind`).
 *
 * @category Results
 */
export type PubResult = SamplerPubResult | EstimatorPubResult;

/** True for a sampler pub result (its data are BitArrays). */
export function isSamplerPubResult(pub: PubResult): pub is SamplerPubResult {
  return pub.kind === 'sampler';
}

/** True for an estimator pub result (its data are expectation values). */
export function isEstimatorPubResult(pub: PubResult): pub is EstimatorPubResult {
  return pub.kind === 'estimator';
}

/** Build a sampler pub result from its registers. */
export function samplerPubResult(
  registers: Readonly<Record<string, BitArray>>,
  metadata: Metadata = {},
): SamplerPubResult {
  const data: Record<string, BitArray> = {};
  for (const [name, bits] of Object.entries(registers)) {
    Object.defineProperty(data, name, { value: bits, enumerable: true });
  }
  return Object.freeze({ kind: 'sampler' as const, data: Object.freeze(data), metadata });
}

/** The fields of an estimator pub result, numbers standing for 0-d arrays. */
export interface EstimatorFields {
  readonly evs: NdArray | number;
  readonly stds: NdArray | number;
  readonly ensembleStandardError?: NdArray | number | undefined;
  /** Other data fields, by name. */
  readonly extra?: Readonly<Record<string, NdArray>>;
}

/** Build an estimator pub result; plain numbers become 0-d float64 arrays. */
export function estimatorPubResult(
  fields: EstimatorFields,
  metadata: Metadata = {},
): EstimatorPubResult {
  const asArray = (v: NdArray | number): NdArray => (typeof v === 'number' ? NdArray.scalar(v) : v);
  const data: Record<string, NdArray> = {};
  for (const [name, value] of Object.entries(fields.extra ?? {})) {
    Object.defineProperty(data, name, { value, enumerable: true });
  }
  data['evs'] = asArray(fields.evs);
  data['stds'] = asArray(fields.stds);
  if (fields.ensembleStandardError !== undefined) {
    data['ensembleStandardError'] = asArray(fields.ensembleStandardError);
  }
  return Object.freeze({
    kind: 'estimator' as const,
    data: Object.freeze(data) as unknown as EstimatorDataBin,
    metadata,
  });
}

/** Which results a span covers for one pub, by span kind. */
export type DataSlice =
  | {
      /** A slice of the flattened `(*pub shape, shots)` data (`ExecutionSpan`/SliceSpan). */
      readonly kind: 'slice';
      readonly shape: readonly number[];
      readonly start: number;
      readonly stop: number;
    }
  | {
      /** A slice of parameter positions and a slice of shots (`DoubleSliceSpan`). */
      readonly kind: 'double';
      readonly shape: readonly number[];
      readonly argStart: number;
      readonly argStop: number;
      readonly shotStart: number;
      readonly shotStop: number;
    }
  | {
      /** Like `double`, over a twirled shape (`TwirledSliceSpan`, and `TwirledSliceSpanV2` with `pubShots`). */
      readonly kind: 'twirled';
      readonly shape: readonly number[];
      /** Whether the randomization axis comes first in `shape`. */
      readonly atStart: boolean;
      readonly argStart: number;
      readonly argStop: number;
      readonly shotStart: number;
      readonly shotStop: number;
      readonly pubShots?: number;
    };

/** The RuntimeEncoder name of each span kind. */
export type ExecutionSpanType =
  'ExecutionSpan' | 'DoubleSliceSpan' | 'TwirledSliceSpan' | 'TwirledSliceSpanV2';

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Read a date-time as results carry it: ISO 8601 as Python's `isoformat()` writes it
 * (`2025-09-02T05:30:55.420561`). Times without a zone are UTC. Returns `undefined` for
 * anything else (including impossible dates such as February 30).
 */
export function parseResultDate(text: string): Date | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    check.getUTCSeconds() !== Number(s)
  ) {
    return undefined;
  }
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    t -= sign * offset * 60_000;
  }
  return new Date(t);
}

/**
 * Write a date the way the service does: a naive UTC ISO 8601 time with microseconds when the
 * time has a fraction (`2025-09-02T05:30:55.420000`), like Python's `isoformat()`.
 */
export function formatResultDate(date: Date): string {
  const iso = date.toISOString(); // 2025-09-02T05:30:55.420Z
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? iso.slice(0, 19) : `${iso.slice(0, 23)}000`;
}

/** The slice kind each span type holds. */
const SLICE_KIND: Readonly<Record<ExecutionSpanType, DataSlice['kind']>> = {
  ExecutionSpan: 'slice',
  DoubleSliceSpan: 'double',
  TwirledSliceSpan: 'twirled',
  TwirledSliceSpanV2: 'twirled',
};

/** The span type that holds slices of a kind (twirled slices with `pubShots` are V2). */
export function spanTypeFor(slice: DataSlice): ExecutionSpanType {
  if (slice.kind === 'slice') return 'ExecutionSpan';
  if (slice.kind === 'double') return 'DoubleSliceSpan';
  return slice.pubShots === undefined ? 'TwirledSliceSpan' : 'TwirledSliceSpanV2';
}

/**
 * A window of time on the device and the pub data collected in it.
 *
 * @category Results
 */
export class ExecutionSpan {
  /**
   * @throws DecodeError when a slice does not belong in a span of this type (a double slice
   * in an `ExecutionSpan`, a twirled slice without `pubShots` in a `TwirledSliceSpanV2`, ...).
   */
  constructor(
    /** Which kind of span the server sent (its RuntimeEncoder `__type__`). */
    readonly type: ExecutionSpanType,
    /** When data collection started. */
    readonly start: Date,
    /** When data collection stopped. */
    readonly stop: Date,
    /** What was collected, per pub index. */
    readonly dataSlices: ReadonlyMap<number, DataSlice>,
  ) {
    for (const [index, slice] of dataSlices) {
      const fits =
        slice.kind === SLICE_KIND[type] &&
        (type !== 'TwirledSliceSpanV2' ||
          (slice.kind === 'twirled' && slice.pubShots !== undefined));
      if (!fits) {
        throw new DecodeError(
          `data_slices["${index}"]`,
          `a slice of a ${type}`,
          slice.kind,
          'invalid',
          `data_slices["${index}"]: a ${slice.kind} slice does not belong in a ${type}`,
        );
      }
    }
  }

  /** Length of the span in seconds. */
  get duration(): number {
    return (this.stop.getTime() - this.start.getTime()) / 1000;
  }

  /** Indices of the pubs this span has data for, ascending. */
  get pubIndices(): number[] {
    return [...this.dataSlices.keys()].sort((a, b) => a - b);
  }

  /** True when the span holds data of pub `pubIndex`. */
  contains(pubIndex: number): boolean {
    return this.dataSlices.has(pubIndex);
  }
}

/**
 * The result of a primitive job: a real array of pub results (`result[0]`, `result.length`,
 * `for (const pub of result)`) with the job's `metadata`. `map`/`filter` return plain arrays.
 *
 * @category Results
 */
export class PrimitiveResult<P extends PubResult = PubResult> extends Array<P> {
  /** Job-level metadata (`version`, `execution.execution_spans`, ...). */
  readonly metadata: Metadata;

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(pubResults: readonly P[] = [], metadata: Metadata = {}) {
    super();
    this.push(...pubResults);
    this.metadata = metadata;
    Object.defineProperty(this, 'metadata', { enumerable: false });
  }

  /** The execution spans from `metadata.execution.execution_spans`, or `[]` when absent. */
  get executionSpans(): readonly ExecutionSpan[] {
    const spans = (this.metadata['execution'] as { execution_spans?: unknown } | undefined)
      ?.execution_spans;
    return Array.isArray(spans) ? spans.filter((s) => s instanceof ExecutionSpan) : [];
  }
}
