/**
 * `Estimator`: the Estimator V2 primitive. Its jobs estimate expectation values of Pauli
 * observables on OpenQASM circuits and return a `PrimitiveResult` of estimator pubs
 * (`result[0].data.evs`).
 *
 * @module
 */
import { defer, firstValueFrom } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { EstimatorParams } from '../codecs/program-inputs.js';
import type { ObservablesTensor, ParameterValues } from '../codecs/program-inputs.js';
import type { EstimatorPubResult, PrimitiveResult } from '../codecs/result-model.js';
import { BasePrimitive, circuitToWire, runDefault } from './primitive.js';
import type { CircuitLike } from '../circuits/serialize.js';
import type { PrimitiveInit, PrimitiveOptions } from './primitive.js';
import type { RuntimeJob } from './runtime-job.js';

/**
 * The result of an estimator job: one `EstimatorPubResult` per pub.
 *
 * @category Services and jobs
 */
export type EstimatorResult = PrimitiveResult<EstimatorPubResult>;

/**
 * An Estimator pub: `[circuit, observables]`, `[circuit, observables, parameterValues]` or
 * `[circuit, observables, parameterValues, precision]`, the circuit OpenQASM source, a
 * `QuantumCircuit` or a circuit model (sent as OpenQASM 3; a transpiled circuit's observables
 * go through `layout.applyLayout` first). Observables are Pauli strings
 * (`'ZZ'`), weighted sums (`{ ZZ: 1, XX: 0.5 }`) or nested arrays of them.
 *
 * @category Services and jobs
 */
export type EstimatorPubLike =
  | readonly [circuit: CircuitLike, observables: ObservablesTensor]
  | readonly [
      circuit: CircuitLike,
      observables: ObservablesTensor,
      parameterValues: ParameterValues | null | undefined,
    ]
  | readonly [
      circuit: CircuitLike,
      observables: ObservablesTensor,
      parameterValues: ParameterValues | null | undefined,
      precision: number | null | undefined,
    ];

/** Options of every estimator job. */
export interface EstimatorPrimitiveOptions extends PrimitiveOptions {
  /** Target precision of pubs that name none (`default_precision`). */
  defaultPrecision?: number;
  /** Seed of the estimator's sampling noise (`seed_estimator`). */
  seed?: number;
  /** Error-mitigation level 0, 1 or 2 (`resilience_level`). */
  resilienceLevel?: 0 | 1 | 2;
}

/** Options of one `estimator.run()`. */
export interface EstimatorRunOptions {
  /** Target precision of every pub of this run that names none. */
  readonly precision?: number;
}

/**
 * The Estimator V2 primitive.
 *
 * ```ts
 * const estimator = new Estimator({ backend });
 * const job = await estimator.run([[bell, ['ZZ', 'XX', 'ZI']]]);
 * (await job.result())[0].data.evs.toArray(); // [1, 1, ~0]
 * ```
 *
 * @category Services and jobs
 */
export class Estimator extends BasePrimitive<EstimatorPrimitiveOptions, EstimatorPubResult> {
  constructor(init: PrimitiveInit<EstimatorPrimitiveOptions>) {
    super('estimator', 'estimator', init, 'Estimator');
  }

  /**
   * Submit one job estimating `pubs` and resolve to it once created. A `DecodeError` names the
   * first malformed pub field (`params.pubs[0][1]["ZX"]`…).
   */
  run(
    pubs: readonly EstimatorPubLike[],
    options: EstimatorRunOptions = {},
  ): Promise<RuntimeJob<EstimatorResult>> {
    return firstValueFrom(this.run$(pubs, options));
  }

  /** Observable form of {@link Estimator.run}: submits when subscribed, emits the job. */
  run$(
    pubs: readonly EstimatorPubLike[],
    options: EstimatorRunOptions = {},
  ): Observable<RuntimeJob<EstimatorResult>> {
    return defer(() => {
      if (!Array.isArray(pubs)) {
        throw new ConfigError(`pubs must be an array of pubs, got ${describeValue(pubs)}`, 'pubs');
      }
      const precision = runDefault(options?.precision, 'precision', false);
      const wirePubs = pubs.map((pub: unknown) => {
        // `undefined` places (left out) are sent as null, which the service reads the same way.
        const tuple: unknown[] = Array.isArray(pub)
          ? pub.map((v: unknown) => (v === undefined ? null : v))
          : [pub];
        circuitToWire(tuple, 2);
        if (precision !== undefined && (tuple[3] === undefined || tuple[3] === null)) {
          tuple[2] = tuple[2] ?? null;
          tuple[3] = precision;
        }
        return tuple;
      });
      return this.submit$(wirePubs, EstimatorParams);
    });
  }

  protected wireOptions(): Record<string, unknown> {
    const o = this.options;
    const precision = runDefault(o.defaultPrecision, 'defaultPrecision', false);
    const seed = o.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed))) {
      throw new ConfigError(`seed must be an integer, got ${describeValue(seed)}`, 'seed');
    }
    return {
      ...(precision !== undefined ? { default_precision: precision } : {}),
      ...(seed !== undefined ? { seed_estimator: seed } : {}),
    };
  }

  protected override extraParams(): Record<string, unknown> {
    const level = this.options.resilienceLevel;
    if (level !== undefined && level !== 0 && level !== 1 && level !== 2) {
      throw new ConfigError(
        `resilienceLevel must be 0, 1 or 2, got ${describeValue(level)}`,
        'resilienceLevel',
      );
    }
    return level === undefined ? {} : { resilience_level: level };
  }
}
