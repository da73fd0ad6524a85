/**
 * What Sampler and Estimator share: where their jobs run (a backend, a session or a batch),
 * the options both take, and turning PUBs into a checked job (`params`, decoder, submission).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import type * as t from 'io-ts';
import { decode } from '../codecs/decode.js';
import { ConfigError, DecodeError, describeValue } from '../codecs/errors.js';
import { LOG_LEVELS } from '../codecs/job.js';
import type { LogLevel } from '../codecs/job.js';
import type { PrimitiveResult, PubResult } from '../codecs/result-model.js';
import { decodeResult } from '../codecs/results.js';
import { Backend } from './backend.js';
import { contextOf } from './context.js';
import type { ServiceRef } from './context.js';
import { createJob$ } from './create-job.js';
import type { RunOptions } from './create-job.js';
import type { ResultDecoder } from '../codecs/results.js';
import type { RuntimeJob } from './runtime-job.js';
import { Session } from './session.js';
import { isCircuitObject, serializeCircuit } from '../circuits/serialize.js';

/** Options both primitives take (the seeds' `options`, camelCase). Change them on `primitive.options`. */
export interface PrimitiveOptions {
  /** Maximum execution time in seconds, sent as the job's `cost`. */
  maxExecutionTime?: number;
  /** Tags of every job (`options.environment.job_tags` in qiskit). */
  jobTags?: string[];
  /** Log level of the program. */
  logLevel?: LogLevel;
  /** Private jobs: parameters not returned, result readable once. */
  private?: boolean;
  /** Ask for results in the RuntimeEncoder form (`support_qiskit: true`); decoded the same. */
  supportQiskit?: boolean;
  /** Entries merged into `params.options` as sent (`twirling`, `execution`, `simulator`, ...). */
  extra?: Record<string, unknown>;
}

/** Where a primitive's jobs run: a backend, a session or a batch (the seeds' `mode`). */
export type ExecutionMode = Backend | Session;

/** How a primitive is built: `{ backend }`, `{ session }`, `{ mode }`, with `options`. */
export interface PrimitiveInit<O> {
  /** The backend, as a `Backend` (from `service.backend()`) or a name (then `service` or a session is needed). */
  readonly backend?: Backend | string;
  /** Run every job in this session or batch. */
  readonly session?: Session;
  /** A backend, session or batch: the seeds' `mode` argument. */
  readonly mode?: ExecutionMode;
  /** The service, when neither `backend` nor `session`/`mode` carries one. */
  readonly service?: ServiceRef;
  /** Options of every job. */
  readonly options?: O;
}

/** Where jobs go, once resolved. */
interface Target {
  readonly service: ServiceRef;
  readonly backend: string | undefined;
  readonly session: Session | undefined;
}

function resolveTarget(init: PrimitiveInit<unknown>, kind: string): Target {
  if (init === null || typeof init !== 'object') {
    throw new ConfigError(
      `${kind} needs { backend }, { session } or { mode }, got ${describeValue(init)}`,
      'init',
    );
  }
  let session = init.session;
  let backend = init.backend;
  const mode = init.mode;
  if (mode !== undefined) {
    if (mode instanceof Session) session ??= mode;
    else if (mode instanceof Backend) backend ??= mode;
    else
      throw new ConfigError(
        `mode must be a Backend, Session or Batch, got ${describeValue(mode)}`,
        'mode',
      );
  }
  if (session !== undefined && !(session instanceof Session)) {
    throw new ConfigError(
      `session must be a Session or Batch, got ${describeValue(session)}`,
      'session',
    );
  }
  if (
    backend !== undefined &&
    !(backend instanceof Backend) &&
    (typeof backend !== 'string' || backend === '')
  ) {
    throw new ConfigError(
      `backend must be a Backend or a backend name, got ${describeValue(backend)}`,
      'backend',
    );
  }
  const service: ServiceRef | undefined =
    init.service ?? session ?? (backend instanceof Backend ? backend : undefined);
  if (service === undefined) {
    throw new ConfigError(
      `${kind} needs a service: pass a Backend from service.backend(name), a session, or { service, backend: name }`,
      'service',
    );
  }
  contextOf(service);
  const name = backend instanceof Backend ? backend.name : (backend ?? session?.backend());
  return { service, backend: name, session };
}

/**
 * A decoder of results whose every pub must be of `kind`: the default decoder followed by a
 * check, so a sampler job's result is typed `PrimitiveResult<SamplerPubResult>`.
 */
export function primitiveResultDecoder<P extends PubResult>(
  kind: P['kind'],
): ResultDecoder<PrimitiveResult<P>> {
  return (text) => {
    const decoded = decodeResult(text);
    if (E.isLeft(decoded)) return decoded;
    const bad = decoded.right.findIndex((pub) => pub.kind !== kind);
    if (bad >= 0) {
      return E.left(
        new DecodeError(`results[${bad}]`, `a ${kind} pub result`, decoded.right[bad]!.kind),
      );
    }
    return E.right(decoded.right as PrimitiveResult<P>);
  };
}

function checkOptions(options: PrimitiveOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(`options must be an object, got ${describeValue(options)}`, 'options');
  }
  if (
    options.logLevel !== undefined &&
    !(LOG_LEVELS as readonly unknown[]).includes(options.logLevel)
  ) {
    throw new ConfigError(
      `logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${describeValue(options.logLevel)}`,
      'logLevel',
    );
  }
  if (
    options.extra !== undefined &&
    (options.extra === null || typeof options.extra !== 'object' || Array.isArray(options.extra))
  ) {
    throw new ConfigError(`extra must be an object, got ${describeValue(options.extra)}`, 'extra');
  }
}

/**
 * The common part of Sampler and Estimator: resolves the execution mode once, and submits
 * checked `params` for its program.
 */
export abstract class BasePrimitive<O extends PrimitiveOptions, P extends PubResult> {
  /** Options applied to every job; change fields here between runs. */
  readonly options: O;
  readonly #target: Target;
  readonly #program: string;
  readonly #decoder: ResultDecoder<PrimitiveResult<P>>;

  protected constructor(program: string, kind: P['kind'], init: PrimitiveInit<O>, label: string) {
    this.#target = resolveTarget(init as PrimitiveInit<unknown>, label);
    this.options = { ...(init.options ?? ({} as O)) };
    checkOptions(this.options);
    this.#program = program;
    this.#decoder = primitiveResultDecoder<P>(kind);
  }

  /** The session or batch jobs run in, if any (the seeds' `mode`). */
  get session(): Session | undefined {
    return this.#target.session;
  }

  /** Name of the backend jobs run on. */
  backend(): string | undefined {
    return this.#target.backend;
  }

  /** The `params.options` block for the current options. */
  protected abstract wireOptions(): Record<string, unknown>;

  /** Top-level `params` fields besides `pubs`, `version` and `options` (none by default). */
  protected extraParams(): Record<string, unknown> {
    return {};
  }

  /**
   * Check `params` (pubs already normalised) with `codec`, then create the job. A `DecodeError`
   * names the first bad place (`params.pubs[0][1]`), a `ConfigError` an unusable option.
   */
  protected submit$(
    pubs: readonly unknown[],
    codec: t.Mixed,
  ): Observable<RuntimeJob<PrimitiveResult<P>>> {
    return defer(() => {
      checkOptions(this.options);
      const o = this.options;
      const wire = { ...this.wireOptions(), ...(o.extra ?? {}) };
      const params: Record<string, unknown> = {
        pubs,
        version: 2,
        ...(Object.keys(wire).length > 0 ? { options: wire } : {}),
        ...(o.supportQiskit === true ? { support_qiskit: true } : {}),
        ...this.extraParams(),
      };
      const checked = decode(codec, params, 'params');
      if (E.isLeft(checked)) throw checked.left;
      const { service, backend, session } = this.#target;
      if (backend === undefined) {
        throw new ConfigError(
          'no backend to run on: build the primitive with a backend, or with a session that has one',
          'backend',
        );
      }
      const run: RunOptions = {
        backend,
        ...(o.maxExecutionTime !== undefined ? { maxExecutionTime: o.maxExecutionTime } : {}),
        ...(o.jobTags !== undefined ? { tags: o.jobTags } : {}),
        ...(o.logLevel !== undefined ? { logLevel: o.logLevel } : {}),
        ...(o.private !== undefined ? { private: o.private } : {}),
        ...(session !== undefined ? { sessionId: session.sessionId } : {}),
      };
      return createJob$<PrimitiveResult<P>>(
        service,
        this.#program,
        params,
        run,
        undefined,
        this.#decoder,
      );
    });
  }
}

/** Check a per-run default (`shots`, `precision`) given to `run()`. */
export function runDefault(value: unknown, option: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigError(
      `${option} must be a ${integer ? 'positive integer' : 'positive number'}, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}

/**
 * Write a pub's circuit object (a `QuantumCircuit` or a circuit model) as the OpenQASM 3 the
 * service reads, in place, rearranging the pub's parameter values (at `valuesIndex`) for the
 * program's `input` names. OpenQASM strings are left as they are.
 */
export function circuitToWire(tuple: unknown[], valuesIndex = 1): void {
  if (!isCircuitObject(tuple[0])) return;
  const serialized = serializeCircuit(tuple[0]);
  tuple[0] = serialized.source;
  if (tuple.length > valuesIndex) tuple[valuesIndex] = serialized.values(tuple[valuesIndex]);
}
