/**
 * Where `qjobs run` sends its circuit, and in what form: the backend `--backend` names, or else
 * the least busy simulator, or on a service without simulators the least busy device that can
 * take the circuit (one it cannot be transpiled for, or with `--no-transpile` one it is not ISA
 * for, gives way to the next), with the circuit prepared for it.
 *
 * @module
 */
import type { Circuit } from '../circuits/model.js';
import { TranspileError } from '../circuits/errors.js';
import type { Backend } from '../service/backend.js';
import type { RuntimeService } from '../service/runtime-service.js';
import { prepareFor } from './device-circuit.js';
import type { Prepared, TranspileChoice } from './device-circuit.js';
import { defaultBackends } from './least-busy.js';
import { skippedLine, untranspilableLine } from './transpile-note.js';

/** The backend chosen and the circuit to send it. */
export interface BackendChoice {
  readonly backend: Backend;
  readonly prepared: Prepared;
  /** Lines saying which less busy backends could not take the circuit, to print on stderr. */
  readonly skipped: readonly string[];
}

/** What the choice needs to know of the run. */
export interface ChoiceRequest extends TranspileChoice {
  /** `--backend`, when given. */
  readonly backend: string | undefined;
  /** The circuit's name in messages (the file, or `<stdin>`). */
  readonly file: string;
  /** The circuit as the CLI's parser read it; undefined when it could not. */
  readonly circuit: Circuit | undefined;
}

/**
 * Choose the backend for `req`. A named backend gets the circuit prepared for it (a
 * `TranspileError` when it cannot be). Without a name: the least busy simulator (any simulator
 * runs the circuit as written), or where the service has none, the least busy device that can
 * take it, and when none can, the least busy device all the same (its `TranspileError`, or its
 * 1517 refusal, is then the user's answer).
 */
export async function chooseBackend(
  service: RuntimeService,
  req: ChoiceRequest,
  onBackend: (name: string) => void = () => undefined,
): Promise<BackendChoice> {
  if (req.backend !== undefined) {
    const backend = await service.backend(req.backend);
    onBackend(backend.name);
    return { backend, prepared: await prepareFor(backend, req.circuit, req), skipped: [] };
  }
  const candidates = await defaultBackends(service);
  const skipped: string[] = [];
  let first: { backend: Backend; outcome: Prepared | TranspileError } | undefined;
  for (const backend of candidates) {
    let outcome: Prepared | TranspileError;
    try {
      outcome = await prepareFor(backend, req.circuit, req);
    } catch (error) {
      if (!(error instanceof TranspileError)) throw error;
      outcome = error;
    }
    first ??= { backend, outcome };
    if (outcome instanceof TranspileError) {
      skipped.push(untranspilableLine(req.file, backend.name, outcome.message));
    } else if (outcome.kind === 'not-isa') {
      skipped.push(skippedLine(req.file, backend.name, outcome.violations));
    } else {
      onBackend(backend.name);
      return { backend, prepared: outcome, skipped };
    }
  }
  // No backend can take the circuit: the least busy one says why.
  onBackend(first!.backend.name);
  if (first!.outcome instanceof TranspileError) throw first!.outcome;
  return { backend: first!.backend, prepared: first!.outcome, skipped: [] };
}
