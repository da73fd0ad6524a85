/**
 * Options of the local runtime, their defaults, and the check that turns a caller's options
 * into a fully resolved configuration (or a `ConfigError` naming the bad option).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError, describeValue } from '../../codecs/errors.js';
import {
  DEFAULT_BACKENDS,
  resolveBackend,
  type LocalBackendSpec,
  type ResolvedBackend,
} from './backends.js';
import { validateFaults, type FaultOptions } from './faults.js';
import { BACKEND_NAME_PATTERN } from './ids.js';
import { CRN_PATTERN, DEFAULT_INSTANCE_CRN } from './instance.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_BODY_BYTES, type LocalRuntimeLimits } from './limits.js';

/** Default idle time of a keep-alive connection, in ms. */
export const DEFAULT_KEEP_ALIVE_MS = 65_000;

/** How the job queue runs. */
export interface LocalQueueOptions {
  /** Jobs simulated at the same time. Default 1. */
  readonly concurrency?: number;
  /** Minimum time a job stays `Queued` before it may start, in ms. Default 0. */
  readonly queueDelayMs?: number;
  /** Extra time a job spends `Running` before its simulation starts, in ms (counts against `cost`). Default 0. */
  readonly runDelayMs?: number;
}

/** Options of {@link startLocalRuntime}. Every field is optional. */
export interface LocalRuntimeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** Bearer token every request must carry. Default: 32 random bytes as hex. */
  readonly token?: string;
  /** API keys accepted by `POST /identity/token`. Default: the token itself. */
  readonly apiKeys?: readonly string[];
  /** Lifetime of tokens issued by `POST /identity/token`, in seconds. Default 3600. */
  readonly iamTokenTtlSeconds?: number;
  /** Seed of every random choice (simulator shots, faults). Default: random, reported on the handle. */
  readonly seed?: number;
  /**
   * Backends offered: simulator names, device names (`ibm_fez`, `ibm_sherbrooke`) or specs.
   * Default `local_simulator`, `ibmq_qasm_simulator`, `ibm_fez` and `ibm_sherbrooke`, in that
   * order (the order of `GET /v1/backends`).
   */
  readonly backends?: readonly (string | LocalBackendSpec)[];
  /** Queue behaviour. */
  readonly queue?: LocalQueueOptions;
  /** Safety ceilings (merged over the defaults). */
  readonly limits?: Partial<LocalRuntimeLimits>;
  /** Job creations allowed per user per rolling minute; over it `POST /v1/jobs` answers 429. Default off. */
  readonly rateLimit?: {
    readonly jobsPerMinute: number;
    /** Send `Retry-After` with the 429 (default true); the service's 429s may come without it. */
    readonly retryAfter?: boolean;
  };
  /** Directory where jobs, results, logs and sessions are persisted. Default: memory only. */
  readonly dataDir?: string;
  /** Fault injection knobs (see {@link FaultOptions}). */
  readonly faults?: FaultOptions;
  /** Largest request body accepted; bigger ones get 413. Default 5 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * How long an idle keep-alive connection stays open, in ms (announced to clients as
   * `Keep-Alive: timeout=...`). Default 65 000: longer than clients keep idle connections, so
   * they close them first and never send on one the server is closing.
   */
  readonly keepAliveMs?: number;
  /** Origins allowed by CORS (`'*'` for any). Default: none (no CORS headers). */
  readonly corsOrigins?: readonly string[];
  /** Directory of a built browser UI served read-only under `/ui/` (see `static-ui.ts`). Default: none. */
  readonly uiDir?: string;
  /**
   * The CRN of the service instance the runtime stands for (Global Search lists it, the
   * instance usage names it). Default `crn:v1:bluemix:public:quantum-computing:us-east:a/local:local::`.
   */
  readonly instance?: string;
  /**
   * Run jobs on hardware devices under the device's noise model (depolarizing gate errors and
   * readout errors from its calibration) unless a job sets `options.experimental.local_noise`
   * to false. Default false: jobs ask for noise with `local_noise: true`.
   */
  readonly noise?: boolean;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly token: string;
  readonly apiKeys: readonly string[];
  readonly iamTokenTtlSeconds: number;
  readonly seed: number;
  readonly backends: readonly ResolvedBackend[];
  readonly concurrency: number;
  readonly queueDelayMs: number;
  readonly runDelayMs: number;
  readonly limits: LocalRuntimeLimits;
  readonly jobsPerMinute: number | undefined;
  /** Whether rate-limit 429s carry `Retry-After`. */
  readonly rateLimitRetryAfter: boolean;
  readonly dataDir: string | undefined;
  readonly faults: FaultOptions;
  readonly maxBodyBytes: number;
  readonly keepAliveMs: number;
  readonly corsOrigins: readonly string[];
  readonly uiDir: string | undefined;
  readonly instance: string;
  readonly noise: boolean;
}

function integer(
  name: string,
  v: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(
      `${name} must be an integer between ${min} and ${max}, got ${String(v)}`,
      name,
    );
  }
  return v;
}

function nonEmptyString(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || /[\s]/.test(v)) {
    throw new ConfigError(`${name} must be a non-empty string without whitespace`, name);
  }
  return v;
}

/** Check the caller's options and fill in defaults; throws `ConfigError` naming the first bad option. */
export function resolveOptions(o: LocalRuntimeOptions = {}): ResolvedOptions {
  if (typeof o !== 'object' || o === null)
    throw new ConfigError('options must be an object', 'options');
  const port = integer('port', o.port, 0, 65535) ?? 0;
  const host = o.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0)
    throw new ConfigError('host must be a non-empty string', 'host');
  const token = nonEmptyString('token', o.token) ?? randomBytes(32).toString('hex');
  const apiKeys = (o.apiKeys ?? [token]).map((k, i) => nonEmptyString(`apiKeys[${i}]`, k)!);
  const iamTokenTtlSeconds = integer('iamTokenTtlSeconds', o.iamTokenTtlSeconds, 1) ?? 3600;
  const seed = integer('seed', o.seed, -0x80000000, 0xffffffff) ?? randomBytes(4).readUInt32BE(0);
  const limits: LocalRuntimeLimits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(o.limits ?? {})) {
    if (!(k in DEFAULT_LIMITS))
      throw new ConfigError(`limits.${k} is not a known limit`, `limits.${k}`);
    (limits as unknown as Record<string, number>)[k] = integer(`limits.${k}`, v, 1)!;
  }
  const backendSpecs = o.backends ?? DEFAULT_BACKENDS;
  if (!Array.isArray(backendSpecs) || backendSpecs.length === 0) {
    throw new ConfigError('backends must be a non-empty array', 'backends');
  }
  const backends = backendSpecs.map((b, i) => {
    const name = typeof b === 'string' ? b : b?.name;
    if (typeof name !== 'string' || !BACKEND_NAME_PATTERN.test(name)) {
      throw new ConfigError(
        `backends[${i}]: ${String(name)} is not a valid backend name`,
        `backends[${i}]`,
      );
    }
    if (typeof b === 'object') integer(`backends[${i}].numQubits`, b.numQubits, 1);
    try {
      return resolveBackend(b, limits.maxQubits);
    } catch (e) {
      if (e instanceof RangeError)
        throw new ConfigError(`backends[${i}]: ${e.message}`, `backends[${i}]`);
      throw e;
    }
  });
  const names = new Set<string>();
  for (const b of backends) {
    if (names.has(b.name)) throw new ConfigError(`backends: ${b.name} is listed twice`, 'backends');
    names.add(b.name);
  }
  const concurrency = integer('queue.concurrency', o.queue?.concurrency, 1, 1024) ?? 1;
  const queueDelayMs = integer('queue.queueDelayMs', o.queue?.queueDelayMs, 0) ?? 0;
  const runDelayMs = integer('queue.runDelayMs', o.queue?.runDelayMs, 0) ?? 0;
  const jobsPerMinute =
    o.rateLimit === undefined
      ? undefined
      : integer('rateLimit.jobsPerMinute', o.rateLimit.jobsPerMinute, 1);
  const dataDir = o.dataDir === undefined ? undefined : resolve(nonEmptyStringPath(o.dataDir));
  const faults = validateFaults(o.faults ?? {});
  const maxBodyBytes = integer('maxBodyBytes', o.maxBodyBytes, 1) ?? DEFAULT_MAX_BODY_BYTES;
  const keepAliveMs = integer('keepAliveMs', o.keepAliveMs, 100) ?? DEFAULT_KEEP_ALIVE_MS;
  const cors = corsAllowList(o.corsOrigins);
  return {
    port,
    host,
    token,
    apiKeys,
    iamTokenTtlSeconds,
    seed: seed >>> 0,
    backends,
    concurrency,
    queueDelayMs,
    runDelayMs,
    limits,
    jobsPerMinute,
    rateLimitRetryAfter: booleanOption('rateLimit.retryAfter', o.rateLimit?.retryAfter) ?? true,
    dataDir,
    faults,
    maxBodyBytes,
    keepAliveMs,
    corsOrigins: cors,
    uiDir: o.uiDir === undefined ? undefined : resolve(nonEmptyStringPath(o.uiDir, 'uiDir')),
    instance: instanceCrn(o.instance),
    noise: booleanOption('noise', o.noise) ?? false,
  };
}

function booleanOption(name: string, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ConfigError(`${name} must be true or false`, name);
  return v;
}

function instanceCrn(value: unknown): string {
  if (value === undefined) return DEFAULT_INSTANCE_CRN;
  if (typeof value !== 'string' || !CRN_PATTERN.test(value)) {
    throw new ConfigError(
      `instance must be a CRN such as ${DEFAULT_INSTANCE_CRN}, got ${describeValue(value)}`,
      'instance',
    );
  }
  return value;
}

function nonEmptyStringPath(v: unknown, name = 'dataDir'): string {
  if (typeof v !== 'string' || v.length === 0)
    throw new ConfigError(`${name} must be a non-empty path`, name);
  return v;
}

/**
 * The CORS allow-list: explicit origins only (`scheme://host[:port]`, no path, no wildcard).
 * A page served from the runtime itself (`--ui`) is same-origin and needs none.
 */
function corsAllowList(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ConfigError(
      `corsOrigins must be an array of origins such as 'http://localhost:5173', got ${describeValue(value)}`,
      'corsOrigins',
    );
  }
  return value.map((origin: unknown, i) => {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === 'string' ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    if (
      parsed === undefined ||
      (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
      parsed.origin !== origin
    ) {
      throw new ConfigError(
        `corsOrigins[${i}] must be an origin such as 'http://localhost:5173' (no wildcard, no path), got ${describeValue(origin)}`,
        'corsOrigins',
      );
    }
    return parsed.origin;
  });
}
