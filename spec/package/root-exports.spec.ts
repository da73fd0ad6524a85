/**
 * Pins the root entry point: every name `quantum-jobs-rx` exports, whether it is a value or a
 * type only, and the typedoc `@category` it is listed under. Adding or removing a name, or
 * moving it to another group, is a decision made by editing this list; everything else
 * belongs in a subpath entry (`quantum-jobs-rx/codecs`, `/events`, ...).
 */
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..', '..');

/** name -> [value or type, category] */
const PINNED: Readonly<Record<string, readonly ['value' | 'type', string]>> = {
  // Services and jobs
  RuntimeService: ['value', 'Services and jobs'],
  RuntimeJob: ['value', 'Services and jobs'],
  QueueInfo: ['type', 'Services and jobs'],
  ResultCallback: ['type', 'Services and jobs'],
  ResultOptions: ['type', 'Services and jobs'],
  StatusCallback: ['type', 'Services and jobs'],
  TagUpdate: ['type', 'Services and jobs'],
  JobHandle: ['type', 'Services and jobs'],
  RunOptions: ['type', 'Services and jobs'],
  JobFilters: ['type', 'Services and jobs'],
  Sampler: ['value', 'Services and jobs'],
  SamplerPubLike: ['type', 'Services and jobs'],
  SamplerResult: ['type', 'Services and jobs'],
  Estimator: ['value', 'Services and jobs'],
  EstimatorPubLike: ['type', 'Services and jobs'],
  EstimatorResult: ['type', 'Services and jobs'],
  Batch: ['value', 'Services and jobs'],
  Session: ['value', 'Services and jobs'],
  withSession: ['value', 'Services and jobs'],
  SessionOptions: ['type', 'Services and jobs'],
  Backend: ['value', 'Services and jobs'],
  BackendFilters: ['type', 'Services and jobs'],
  // Streams and events
  job$: ['value', 'Streams and events'],
  JobStreamOptions: ['type', 'Streams and events'],
  JobClient: ['type', 'Streams and events'],
  JobStatus: ['type', 'Streams and events'],
  ConnectionEvent: ['type', 'Streams and events'],
  InterimEvent: ['type', 'Streams and events'],
  JobEvent: ['type', 'Streams and events'],
  ProgressEvent: ['type', 'Streams and events'],
  ResultEvent: ['type', 'Streams and events'],
  StatusEvent: ['type', 'Streams and events'],
  JobSet: ['value', 'Streams and events'],
  jobSet$: ['value', 'Streams and events'],
  JobSetAggregate: ['type', 'Streams and events'],
  JobSetEvent: ['type', 'Streams and events'],
  JobSetFailure: ['type', 'Streams and events'],
  JobSetInput: ['type', 'Streams and events'],
  JobSetOptions: ['type', 'Streams and events'],
  submitAll: ['value', 'Streams and events'],
  Submission: ['type', 'Streams and events'],
  SubmitAllOptions: ['type', 'Streams and events'],
  SubmitOutcome: ['type', 'Streams and events'],
  PollScheduler: ['value', 'Streams and events'],
  PollIntervals: ['type', 'Streams and events'],
  PollSchedulerOptions: ['type', 'Streams and events'],
  // Operators
  cancelOnUnsubscribe: ['value', 'Operators'],
  CancelPolicy: ['type', 'Operators'],
  CancelTarget: ['type', 'Operators'],
  counts: ['value', 'Operators'],
  Counts: ['type', 'Operators'],
  deadline: ['value', 'Operators'],
  decodeWith: ['value', 'Operators'],
  failOnTerminal: ['value', 'Operators'],
  finalResult: ['value', 'Operators'],
  idleWatchdog: ['value', 'Operators'],
  interimResults: ['value', 'Operators'],
  monotonicStatus: ['value', 'Operators'],
  retryTransient: ['value', 'Operators'],
  statusChanges: ['value', 'Operators'],
  untilFinal: ['value', 'Operators'],
  // Results
  PrimitiveResult: ['value', 'Results'],
  ExecutionSpan: ['value', 'Results'],
  EstimatorDataBin: ['type', 'Results'],
  EstimatorPubResult: ['type', 'Results'],
  PubResult: ['type', 'Results'],
  SamplerDataBin: ['type', 'Results'],
  SamplerPubResult: ['type', 'Results'],
  BitArray: ['value', 'Results'],
  NdArray: ['value', 'Results'],
  decodeResult: ['value', 'Results'],
  ResultDecoder: ['type', 'Results'],
  // Errors
  ConfigError: ['value', 'Errors'],
  DecodeError: ['value', 'Errors'],
  IBMApiError: ['value', 'Errors'],
  IBMRuntimeError: ['value', 'Errors'],
  NetworkError: ['value', 'Errors'],
  QuantumJobsError: ['value', 'Errors'],
  RuntimeInvalidStateError: ['value', 'Errors'],
  RuntimeJobCancelledError: ['value', 'Errors'],
  RuntimeJobFailureError: ['value', 'Errors'],
  RuntimeJobMaxTimeoutError: ['value', 'Errors'],
  RuntimeJobNotFoundError: ['value', 'Errors'],
  RuntimeJobTimeoutError: ['value', 'Errors'],
  WebSocketClosedError: ['value', 'Errors'],
  isQuantumJobsError: ['value', 'Errors'],
  QuantumJobsErrorUnion: ['type', 'Errors'],
  BackendNotFoundError: ['value', 'Errors'],
  NotImplementedError: ['value', 'Errors'],
  RuntimeProgramNotFoundError: ['value', 'Errors'],
  // Configuration
  RuntimeServiceOptions: ['type', 'Configuration'],
  Credentials: ['type', 'Configuration'],
  RetryPolicy: ['type', 'Configuration'],
  ReconnectPolicy: ['type', 'Configuration'],
  WebSocketMode: ['type', 'Configuration'],
  HttpClient: ['value', 'Configuration'],
  // Circuits
  QuantumCircuit: ['value', 'Circuits'],
  Parameter: ['value', 'Circuits'],
  transpile: ['value', 'Circuits'],
};

/** Every export of src/index.ts: name -> [value or type, category of its declaration]. */
function rootExports(): Map<string, readonly [string, string | undefined]> {
  const file = join(root, 'src', 'index.ts');
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const out = new Map<string, readonly [string, string | undefined]>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const kind = target.flags & ts.SymbolFlags.Value ? 'value' : 'type';
    const categories = (target.declarations ?? []).flatMap((declaration) =>
      ts
        .getJSDocTags(declaration)
        .filter((tag) => tag.tagName.text === 'category')
        .map((tag) => ts.getTextOfJSDocComment(tag.comment)?.trim()),
    );
    out.set(exported.name, [kind, categories[0]]);
  }
  return out;
}

describe('the root entry point', () => {
  let exported: Map<string, readonly [string, string | undefined]>;

  beforeAll(() => {
    exported = rootExports();
  }, 60_000);

  it('exports exactly the pinned names', () => {
    expect([...exported.keys()].sort()).toEqual(Object.keys(PINNED).sort());
  });

  it('exports each name as a value or a type only, as pinned', () => {
    for (const [name, [kind]] of Object.entries(PINNED)) {
      expect(`${name}: ${exported.get(name)?.[0]}`).toBe(`${name}: ${kind}`);
    }
  });

  it('lists every name under its typedoc category', () => {
    for (const [name, [, category]] of Object.entries(PINNED)) {
      expect(`${name}: ${exported.get(name)?.[1]}`).toBe(`${name}: ${category}`);
    }
  });

  it('stays around a hundred names', () => {
    expect(exported.size).toBeLessThanOrEqual(100);
  });
});
