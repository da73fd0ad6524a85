/**
 * `Sampler`: the Sampler V2 primitive. Its jobs sample OpenQASM circuits and return a
 * `PrimitiveResult` of sampler pubs (`result[0].data.meas.getCounts()`).
 *
 * @module
 */
import { defer, firstValueFrom } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { SamplerParams } from '../codecs/program-inputs.js';
import type { ParameterValues } from '../codecs/program-inputs.js';
import type { PrimitiveResult, SamplerPubResult } from '../codecs/result-model.js';
import { BasePrimitive, circuitToWire, runDefault } from './primitive.js';
import type { CircuitLike } from '../circuits/serialize.js';
import type { PrimitiveInit, PrimitiveOptions } from './primitive.js';
import type { RuntimeJob } from './runtime-job.js';

/**
 * The result of a sampler job: one `SamplerPubResult` per pub.
 *
 * @category Services and jobs
 */
export type SamplerResult = PrimitiveResult<SamplerPubResult>;

/**
 * A Sampler pub: `[circuit]`, `[circuit, parameterValues]` or
 * `[circuit, parameterValues, shots]`, the circuit an OpenQASM 3 (or 2) program with
 * measurements, a `QuantumCircuit` or a circuit model (sent as OpenQASM 3). A bare circuit is
 * accepted as `[circuit]`.
 *
 * @category Services and jobs
 */
export type SamplerPubLike =
  | CircuitLike
  | readonly [circuit: CircuitLike]
  | readonly [circuit: CircuitLike, parameterValues: ParameterValues | null | undefined]
  | readonly [
      circuit: CircuitLike,
      parameterValues: ParameterValues | null | undefined,
      shots: number | null | undefined,
    ];

/** Options of every sampler job. */
export interface SamplerPrimitiveOptions extends PrimitiveOptions {
  /** Shots of pubs that name none (`default_shots`). */
  defaultShots?: number;
  /** Seed of the simulator's sampling (`simulator.seed_simulator`), for repeatable counts. */
  seed?: number;
}

/** Options of one `sampler.run()`. */
export interface SamplerRunOptions {
  /** Shots of every pub of this run that names none. */
  readonly shots?: number;
}

/**
 * The Sampler V2 primitive.
 *
 * ```ts
 * const backend = await service.backend('ibmq_qasm_simulator');
 * const sampler = new Sampler({ backend });
 * const job = await sampler.run([[bell]]);
 * const result = await job.result();
 * result[0].data.meas.getCounts(); // { '00': 2051, '11': 2045 }
 * ```
 *
 * Build it with `{ backend }` (a `Backend`, or a name with `service`), `{ session }` or
 * `{ mode }` (a backend, session or batch), and `options`.
 *
 * @category Services and jobs
 */
export class Sampler extends BasePrimitive<SamplerPrimitiveOptions, SamplerPubResult> {
  constructor(init: PrimitiveInit<SamplerPrimitiveOptions>) {
    super('sampler', 'sampler', init, 'Sampler');
  }

  /**
   * Submit one job sampling `pubs` and resolve to it once created. A `DecodeError` names the
   * first malformed pub field (`params.pubs[0][2]: expected positive integer, got 0`).
   */
  run(
    pubs: readonly SamplerPubLike[],
    options: SamplerRunOptions = {},
  ): Promise<RuntimeJob<SamplerResult>> {
    return firstValueFrom(this.run$(pubs, options));
  }

  /** Observable form of {@link Sampler.run}: submits when subscribed, emits the job. */
  run$(
    pubs: readonly SamplerPubLike[],
    options: SamplerRunOptions = {},
  ): Observable<RuntimeJob<SamplerResult>> {
    return defer(() => {
      if (!Array.isArray(pubs)) {
        throw new ConfigError(`pubs must be an array of pubs, got ${describeValue(pubs)}`, 'pubs');
      }
      const shots = runDefault(options?.shots, 'shots', true);
      const wirePubs = pubs.map((pub: unknown) => {
        const tuple: unknown[] = Array.isArray(pub)
          ? pub.map((v: unknown) => (v === undefined ? null : v))
          : [pub];
        circuitToWire(tuple);
        if (shots !== undefined && (tuple[2] === undefined || tuple[2] === null)) {
          tuple[1] = tuple[1] ?? null;
          tuple[2] = shots;
        }
        return tuple;
      });
      return this.submit$(wirePubs, SamplerParams);
    });
  }

  protected wireOptions(): Record<string, unknown> {
    const o = this.options;
    const shots = runDefault(o.defaultShots, 'defaultShots', true);
    const seed = o.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed))) {
      throw new ConfigError(`seed must be an integer, got ${describeValue(seed)}`, 'seed');
    }
    return {
      ...(shots !== undefined ? { default_shots: shots } : {}),
      ...(seed !== undefined ? { simulator: { seed_simulator: seed } } : {}),
    };
  }
}
