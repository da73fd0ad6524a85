/**
 * Errors you can switch on. The type-level half is checked by the compiler when the specs are
 * type-checked (`npm run typecheck`, TS 5.9 and TS 7): every member of `QuantumJobsErrorUnion`
 * has a literal `_tag`, a `switch` on it narrows to the one class (its own fields become
 * readable), and a `never` default proves the switch exhaustive. The runtime half builds one
 * instance of every error class the client's entry points export and runs it through that
 * switch, so a new error class that is not in the union fails here.
 */
import * as circuits from '../../src/circuits/index.js';
import * as root from '../../src/index.js';
import type { QuantumJobsErrorUnion } from '../../src/index.js';

/** True when `A` and `B` are the same type (not merely assignable either way). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

type Tag = QuantumJobsErrorUnion['_tag'];

// The tags are exactly these literals: none of them is widened to `string`.
assertType<
  Equal<
    Tag,
    | 'DecodeError'
    | 'IBMApiError'
    | 'NetworkError'
    | 'WebSocketClosedError'
    | 'ConfigError'
    | 'IBMRuntimeError'
    | 'RuntimeJobFailureError'
    | 'RuntimeJobMaxTimeoutError'
    | 'RuntimeInvalidStateError'
    | 'RuntimeJobTimeoutError'
    | 'RuntimeJobNotFoundError'
    | 'RuntimeJobCancelledError'
    | 'RuntimeProgramNotFoundError'
    | 'BackendNotFoundError'
    | 'NotImplementedError'
    | 'QasmError'
    | 'CircuitError'
    | 'TranspileError'
  >
>();
assertType<Equal<string extends Tag ? true : false, false>>();
// Each tag picks out one class.
assertType<Equal<Extract<QuantumJobsErrorUnion, { _tag: 'DecodeError' }>, root.DecodeError>>();
assertType<
  Equal<Extract<QuantumJobsErrorUnion, { _tag: 'IBMRuntimeError' }>, root.IBMRuntimeError>
>();
assertType<
  Equal<Extract<QuantumJobsErrorUnion, { _tag: 'BackendNotFoundError' }>, root.BackendNotFoundError>
>();

/** Reads a field only the narrowed class has, in every branch; `never` proves the switch complete. */
function describeError(error: QuantumJobsErrorUnion): string {
  switch (error._tag) {
    case 'DecodeError':
      return `decode ${error.path} ${error.kind}`;
    case 'IBMApiError':
      return `api ${error.status}`;
    case 'NetworkError':
      return `network ${error.url}`;
    case 'WebSocketClosedError':
      return `websocket ${error.code}`;
    case 'ConfigError':
      return `config ${error.option}`;
    case 'IBMRuntimeError':
      return `runtime ${error.message}`;
    case 'RuntimeJobFailureError':
      return `failed ${error.reasonCode}`;
    case 'RuntimeJobMaxTimeoutError':
      return `max time ${error.jobId}`;
    case 'RuntimeInvalidStateError':
      return `invalid state ${error.jobId}`;
    case 'RuntimeJobTimeoutError':
      return `timeout ${error.timeoutMs}`;
    case 'RuntimeJobNotFoundError':
      return `not found ${error.jobId}`;
    case 'RuntimeJobCancelledError':
      return `cancelled ${error.reason}`;
    case 'RuntimeProgramNotFoundError':
      return `program ${error.programId}`;
    case 'BackendNotFoundError':
      return `backend ${error.backendName}`;
    case 'NotImplementedError':
      return `not implemented ${error.message}`;
    case 'QasmError':
      return `qasm ${error.line}:${error.column}`;
    case 'CircuitError':
      return `circuit ${error.path.join('.')} ${error.message}`;
    case 'TranspileError':
      return `transpile ${error.message}`;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

function unnarrowed(error: QuantumJobsErrorUnion): unknown {
  // @ts-expect-error `path` is a DecodeError's field: it is not readable before narrowing.
  return error.path;
}

/** One instance of each error class, by class name. */
const SAMPLES: Readonly<Record<string, () => QuantumJobsErrorUnion>> = {
  DecodeError: () => new root.DecodeError('results[0]', 'object', 1),
  IBMApiError: () => new root.IBMApiError({ status: 503, message: 'busy' }),
  NetworkError: () => new root.NetworkError('refused', 'http://host/api'),
  WebSocketClosedError: () => new root.WebSocketClosedError(1011, 'boom'),
  ConfigError: () => new root.ConfigError('bad', 'shots'),
  IBMRuntimeError: () => new root.IBMRuntimeError('failed'),
  RuntimeJobFailureError: () => new root.RuntimeJobFailureError('j', 'why', 1517),
  RuntimeJobMaxTimeoutError: () => new root.RuntimeJobMaxTimeoutError('j', 'too long'),
  RuntimeInvalidStateError: () => new root.RuntimeInvalidStateError('final', 'j'),
  RuntimeJobTimeoutError: () => new root.RuntimeJobTimeoutError('j', 2000),
  RuntimeJobNotFoundError: () => new root.RuntimeJobNotFoundError('j'),
  RuntimeJobCancelledError: () => new root.RuntimeJobCancelledError('j', 'by user'),
  RuntimeProgramNotFoundError: () => new root.RuntimeProgramNotFoundError('p', 'no program'),
  BackendNotFoundError: () => new root.BackendNotFoundError('b', 'no backend'),
  NotImplementedError: () => new root.NotImplementedError('no'),
  QasmError: () => new circuits.QasmError('unknown gate', 3, 5),
  CircuitError: () => new circuits.CircuitError('qubit 2 is out of range', [1, 0]),
  TranspileError: () => new circuits.TranspileError('the backend does not support while_loop'),
};

/** Every error class an entry point of the client exports. */
function exportedErrorClasses(): string[] {
  return [...Object.entries(root), ...Object.entries(circuits)]
    .filter(
      ([, value]) =>
        typeof value === 'function' && value.prototype instanceof root.QuantumJobsError,
    )
    .map(([name]) => name)
    .sort();
}

describe('the error union', () => {
  it('has a sample of every error class the client exports', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...new Set(exportedErrorClasses())]);
  });

  it('tells every class apart by its _tag, which is the class name', () => {
    for (const [name, make] of Object.entries(SAMPLES)) {
      const error = make();
      expect(error._tag).toBe(name);
      expect(error.name).toBe(name);
      expect(describeError(error)).not.toContain('undefined undefined');
    }
    expect(describeError(SAMPLES['BackendNotFoundError']!())).toBe('backend b');
    expect(describeError(SAMPLES['QasmError']!())).toBe('qasm 3:5');
  });

  it('keeps the errors the seeds derive from IBMRuntimeError instances of it', () => {
    for (const name of [
      'RuntimeProgramNotFoundError',
      'BackendNotFoundError',
      'NotImplementedError',
    ]) {
      expect(SAMPLES[name]!()).toBeInstanceOf(root.IBMRuntimeError);
    }
    expect(new root.IBMRuntimeError('x')._tag).toBe('IBMRuntimeError');
  });

  it('hides class fields until the union is narrowed', () => {
    expect(unnarrowed(SAMPLES['DecodeError']!())).toBe('results[0]');
  });
});
