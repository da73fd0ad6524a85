/**
 * The dashboard's job view logic that needs no browser: folding job events into the detail
 * view, the timeline, result charts (top outcomes and "others", round axis values, shortened
 * labels), a job's inputs as text, the launch settings, and the text formats.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestScheduler } from 'rxjs/testing';
import {
  BitArray,
  NdArray,
  PrimitiveResult,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobNotFoundError,
} from '../../src/index.js';
import type { JobEvent, JobStatus } from '../../src/index.js';
import {
  connectionEvent,
  interimEvent,
  progressEvent,
  resultEvent,
  statusEvent,
  unknownStatusEvent,
} from '../../src/events/index.js';
import { estimatorPubResult, samplerPubResult } from '../../src/codecs/index.js';
import {
  applyComplete,
  applyError,
  applyEvent,
  endingOf,
  initialDetail,
} from '../../examples/dashboard/src/detail-state.js';
import type { DetailState } from '../../examples/dashboard/src/detail-state.js';
import {
  TOP_OUTCOMES,
  chartsOf,
  countsChart,
  observableLabels,
  observableText,
  summarizeResult,
} from '../../examples/dashboard/src/chart-data.js';
import { LABEL_CHARS, niceTicks, shortLabel } from '../../examples/dashboard/src/histogram.js';
import { timelineOf } from '../../examples/dashboard/src/timeline.js';
import { pubInputsOf, settingsOf } from '../../examples/dashboard/src/inputs-view.js';
import {
  defaultRuntimeUrl,
  readLaunchSettings,
  rememberSettings,
} from '../../examples/dashboard/src/launch.js';
import {
  clockTime,
  count,
  countdown,
  dateTime,
  duration,
  statusWord,
} from '../../examples/dashboard/src/format.js';
import { whileVisible } from '../../examples/dashboard/src/live.js';
import { readableInputs } from '../../examples/dashboard/src/job-inputs.js';
import { MAX_DRAWN_INSTRUCTIONS, drawingOf } from '../../examples/dashboard/src/circuit-drawing.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

const jobId = 'd1abcdefghij0123456v';
const t = (ms: number): Date => new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + ms);

function status(s: JobStatus, at: number, source: 'websocket' | 'poll' = 'websocket'): JobEvent {
  return statusEvent({
    jobId,
    time: t(at),
    status: s,
    previous: undefined,
    maxExecutionTimeExceeded: false,
    source,
  });
}

function fold(events: readonly JobEvent[], labels: string[][] = []): DetailState {
  return events.reduce((state, e) => applyEvent(state, e, labels), initialDetail(jobId));
}

function bell(n00: number, n11: number): PrimitiveResult {
  const bits = BitArray.fromBitstrings([...Array(n00).fill('00'), ...Array(n11).fill('11')]);
  return new PrimitiveResult([samplerPubResult({ meas: bits })]);
}

describe('dashboard detail state', () => {
  it('keeps each status once with its time and source; a status seen again (watching anew) is left out', () => {
    const state = fold([
      status('QUEUED', 10),
      status('RUNNING', 400),
      // The tab was hidden and shown: the new stream reports the current status again.
      status('RUNNING', 600, 'poll'),
      status('QUEUED', 650, 'poll'),
      status('DONE', 900),
    ]);
    expect(state.steps.map((s) => [s.status, s.time.getTime() - t(0).getTime(), s.source])).toEqual(
      [
        ['QUEUED', 10, 'websocket'],
        ['RUNNING', 400, 'websocket'],
        ['DONE', 900, 'websocket'],
      ],
    );
    expect([state.status, state.mode]).toEqual(['DONE', 'finished']);
  });

  it('says how updates arrive: websocket while it is open, polling while it is down, nothing revives a finished job', () => {
    const ws = (
      s: 'open' | 'reconnecting' | 'fallback' | 'closed' | 'idle',
      at: number,
    ): JobEvent =>
      connectionEvent({ jobId, time: t(at), channel: 'websocket', state: s, detail: s });
    const modes: string[] = [];
    [ws('open', 1), ws('reconnecting', 2), ws('open', 3), ws('fallback', 4)].reduce((s, e) => {
      const next = applyEvent(s, e);
      modes.push(next.mode);
      return next;
    }, initialDetail(jobId));
    expect(modes).toEqual(['websocket', 'polling', 'websocket', 'polling']);
    const poll = connectionEvent({ jobId, time: t(7), channel: 'poll', state: 'idle' });
    expect(fold([ws('open', 1), poll]).mode).toBe('websocket');
    expect(fold([ws('open', 1), status('DONE', 2), ws('reconnecting', 3)]).mode).toBe('finished');
    expect(
      fold([ws('open', 1), ws('reconnecting', 2)]).connections.map((c) => `${c.state}:${c.mode}`),
    ).toEqual(['open:websocket', 'reconnecting:polling']);
    expect(initialDetail(jobId, true).mode).toBe('polling');
  });

  it('shows the queue position while queued only', () => {
    const queued = fold([
      status('QUEUED', 1),
      progressEvent({ jobId, time: t(2), queuePosition: 3 }),
    ]);
    expect(queued.queuePosition).toBe(3);
    const running = applyEvent(queued, status('RUNNING', 4));
    expect(running.queuePosition).toBeUndefined();
    expect(
      applyEvent(running, progressEvent({ jobId, time: t(5), queuePosition: 1 })).queuePosition,
    ).toBeUndefined();
  });

  it('lists partial results once each, and draws the result', () => {
    const partial = interimEvent({ jobId, time: t(2), index: 0, value: bell(3, 1) });
    const state = fold([
      status('RUNNING', 1),
      partial,
      partial,
      resultEvent({ jobId, time: t(3), result: bell(510, 514) }),
    ]);
    expect(state.partial).toEqual([
      { index: 0, time: t(2), summary: '1 PUB done; last: 00×3 11×1' },
    ]);
    expect(state.charts?.[0]).toEqual({
      kind: 'counts',
      pub: 0,
      register: 'meas',
      shots: 1024,
      distinct: 2,
      bars: [
        { label: '11', value: 514, outcomes: 1, others: false },
        { label: '00', value: 510, outcomes: 1, others: false },
      ],
    });
  });

  it('tells a cancelled job from a failed one, and both from a job the page could not follow', () => {
    const cancelled = applyError(
      fold([status('QUEUED', 1), status('CANCELLED', 2)]),
      new RuntimeJobCancelledError(jobId),
    );
    expect(cancelled.ending).toEqual({
      kind: 'cancelled',
      tag: 'RuntimeJobCancelledError',
      message: 'The job was cancelled.',
    });
    expect([cancelled.settled, cancelled.mode]).toEqual([true, 'finished']);
    expect(endingOf(new RuntimeJobFailureError(jobId, 'Circuit too deep', 1002))).toEqual({
      kind: 'failed',
      tag: 'RuntimeJobFailureError',
      message: 'Circuit too deep',
    });
    const lost = applyError(fold([status('QUEUED', 1)]), new RuntimeJobNotFoundError(jobId));
    expect(lost.ending?.kind).toBe('problem');
    expect(lost.mode).toBe('connecting');
    expect(applyError(initialDetail(jobId), new TypeError('boom')).ending).toEqual({
      kind: 'problem',
      tag: 'TypeError',
      message: 'boom',
    });
    expect(applyComplete(fold([status('DONE', 1)])).settled).toBeTrue();
  });

  it('records statuses it does not know without changing its own', () => {
    const state = fold([
      status('QUEUED', 1),
      unknownStatusEvent({ jobId, time: t(2), raw: 'PAUSED', source: 'poll' }),
    ]);
    expect([state.status, state.unknownStatuses]).toEqual(['QUEUED', ['PAUSED']]);
  });
});

describe('dashboard timeline', () => {
  it('starts at creation and uses the service’s recorded times when it has them', () => {
    const created = t(0);
    const steps = fold([status('QUEUED', 50), status('RUNNING', 700), status('DONE', 1500)]).steps;
    const metrics = {
      timestamps: {
        created: t(0).toISOString(),
        running: t(600).toISOString(),
        finished: t(1400).toISOString(),
      },
    };
    expect(
      timelineOf(created, steps, metrics).map((e) => [e.what, e.sinceCreated, e.origin]),
    ).toEqual([
      ['created', 0, 'record'],
      ['QUEUED', 50, 'websocket'],
      ['RUNNING', 600, 'record'],
      ['DONE', 1400, 'record'],
    ]);
  });

  it('a job opened after it ran shows when it ran, from the record', () => {
    const steps = fold([status('DONE', 5000, 'poll')]).steps;
    const metrics = {
      timestamps: { running: t(800).toISOString(), finished: t(2000).toISOString() },
    };
    expect(timelineOf(t(0), steps, metrics).map((e) => [e.what, e.sinceCreated])).toEqual([
      ['created', 0],
      ['RUNNING', 800],
      ['DONE', 2000],
    ]);
    // Without a record: what the page saw, when it saw it.
    expect(
      timelineOf(undefined, steps, undefined).map((e) => [e.what, e.sinceCreated, e.origin]),
    ).toEqual([['DONE', undefined, 'poll']]);
  });
});

describe('dashboard charts', () => {
  it(`draws the ${TOP_OUTCOMES} most frequent outcomes by count, then one "others" bar for the rest`, () => {
    const counts: Record<string, number> = {};
    for (let k = 0; k < 40; k++) counts[k.toString(2).padStart(6, '0')] = k + 1;
    const chart = countsChart(0, 'c', counts);
    expect(chart.distinct).toBe(40);
    expect(chart.shots).toBe((40 * 41) / 2);
    expect(chart.bars.length).toBe(TOP_OUTCOMES + 1);
    const own = chart.bars.slice(0, TOP_OUTCOMES);
    expect(own.map((b) => b.value)).toEqual(Array.from({ length: TOP_OUTCOMES }, (_, i) => 40 - i));
    expect(own[0]).toEqual({ label: '100111', value: 40, outcomes: 1, others: false });
    const others = chart.bars[TOP_OUTCOMES]!;
    expect(others).toEqual({
      label: 'others',
      value: ((40 - TOP_OUTCOMES) * (40 - TOP_OUTCOMES + 1)) / 2,
      outcomes: 40 - TOP_OUTCOMES,
      others: true,
    });
    expect(chart.bars.reduce((s, b) => s + b.value, 0)).toBe(chart.shots);
  });

  it('shows a single leftover outcome as itself, breaks ties by bitstring, and drops zero counts', () => {
    const counts = { '11': 5, '00': 5, '01': 1, '10': 0 };
    expect(countsChart(0, 'c', counts, 2).bars.map((b) => b.label)).toEqual(['00', '11', '01']);
    expect(countsChart(0, 'c', counts, 1).bars.map((b) => [b.label, b.value])).toEqual([
      ['00', 5],
      ['others', 6],
    ]);
  });

  it('labels expectation values with the observables as written in the inputs', () => {
    const result = new PrimitiveResult([
      estimatorPubResult({ evs: NdArray.float64([1, -0.5]), stds: NdArray.float64([0.01, 0.02]) }),
    ]);
    const labels = observableLabels({ pubs: [['OPENQASM 3.0;', ['ZZ', { XI: -0.5, ZZ: 1 }]]] });
    expect(labels).toEqual([['ZZ', '-0.5*XI + ZZ']]);
    expect(chartsOf(result, labels)).toEqual([
      {
        kind: 'expectation',
        pub: 0,
        bars: [
          { label: 'ZZ', value: 1, std: 0.01 },
          { label: '-0.5*XI + ZZ', value: -0.5, std: 0.02 },
        ],
      },
    ]);
    expect(chartsOf(result)[0]!.bars.map((b) => b.label)).toEqual(['#0', '#1']);
    expect(summarizeResult(result)).toBe('1 PUB done; last values: 1, -0.5');
    expect(observableText({ XX: 0.5, YY: -0.25, ZZ: -1 })).toBe('0.5*XX - 0.25*YY - ZZ');
  });

  it('axis values are round, cover the data, and counts get whole steps', () => {
    expect(niceTicks(0, 3938, true)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(0, 13, true)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0, 2, true)).toEqual([0, 1, 2]);
    expect(niceTicks(0, 10, true)).toEqual([0, 5, 10]);
    expect(niceTicks(0, 10)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(0, 1.02)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(-1, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it(`shortens labels longer than ${LABEL_CHARS} characters in the middle`, () => {
    expect(shortLabel('0101')).toBe('0101');
    const long = '0'.repeat(20) + '1'.repeat(20);
    const short = shortLabel(long);
    expect(short.length).toBe(LABEL_CHARS);
    expect(short).toBe(`${'0'.repeat(11)}…${'1'.repeat(10)}`);
  });
});

describe('dashboard inputs', () => {
  it('reads each PUB’s circuit, values and shots, and names a circuit sent as QPY', () => {
    const params = {
      pubs: [
        ['OPENQASM 3.0;\nqubit q;', [], 100],
        [{ __type__: 'QuantumCircuit', __value__: 'eJw=' }, [[0.1]]],
      ],
      shots: 1024,
      version: 2,
    };
    expect(pubInputsOf(params, 'sampler')).toEqual([
      {
        index: 0,
        circuit: 'OPENQASM 3.0;\nqubit q;',
        qasm: 'OPENQASM 3.0;\nqubit q;',
        form: undefined,
        observables: [],
        parameterValues: undefined,
        shotsOrPrecision: 'shots 100',
      },
      {
        index: 1,
        circuit: { __type__: 'QuantumCircuit', __value__: 'eJw=' },
        qasm: undefined,
        form: 'QPY (as IBM’s Python client sends it)',
        observables: [],
        parameterValues: '[[0.1]]',
        shotsOrPrecision: undefined,
      },
    ]);
    expect(settingsOf(params)).toEqual([
      ['Shots (every PUB without its own)', '1024'],
      ['Primitive version', '2'],
    ]);
    expect(pubInputsOf({ pubs: [['c', ['ZZ', { XX: 0.5 }], [], 0.01]] }, 'estimator')[0]).toEqual(
      jasmine.objectContaining({
        observables: ['ZZ', '0.5*XX'],
        shotsOrPrecision: 'precision 0.01',
      }),
    );
    expect(pubInputsOf(undefined, 'sampler')).toEqual([]);
  });
});

describe('dashboard circuit drawings', () => {
  it('draws an OpenQASM program as Qiskit’s text drawer does', () => {
    const drawn = drawingOf(
      'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] meas;\nh q[0];\ncx q[0], q[1];\nmeas = measure q;\n',
    );
    expect(drawn.kind).toBe('drawing');
    if (drawn.kind !== 'drawing') return;
    expect(drawn.qubits).toBe(2);
    const lines = drawn.text.split('\n');
    expect(lines.find((l) => l.includes('q_0:'))).toContain('┤ H ├──■──┤M├');
    expect(lines.find((l) => l.includes('q_1:'))).toContain('┤ X ├');
    expect(lines.find((l) => l.includes('meas:'))).toContain('2/');
  });

  // The Estimator params of Qiskit/ibm-quantum-schemas' tests, as IBM's Python client sends
  // them: each circuit a RuntimeEncoder QuantumCircuit (QPY) - spec/fixtures/qpy/README.md.
  it('draws a circuit sent as QPY', () => {
    const params = JSON.parse(
      readFileSync(
        join(FIXTURES, 'qpy', 'ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json'),
        'utf8',
      ),
    ) as { pubs: unknown[][] };
    const drawn = params.pubs.map((pub) => drawingOf(pub[0]));
    expect(drawn.map((d) => d.kind)).toEqual(params.pubs.map(() => 'drawing'));
    const text = drawn.map((d) => (d.kind === 'drawing' ? d.text : '')).join('\n');
    expect(text).toMatch(/Rz\(p\)/);
    expect(text).toContain('■');

    // Decoded by the params codec first, the page shows values and observables as written.
    const readable = readableInputs(params);
    expect(readable.problem).toBeUndefined();
    const pubs = pubInputsOf(readable.params, 'estimator');
    expect(pubs.map((p) => [p.form, p.observables])).toEqual([
      ['QPY (as IBM’s Python client sends it)', ['ZZ']],
      ['QPY (as IBM’s Python client sends it)', ['Z']],
    ]);
    expect(pubs[1]!.parameterValues).toMatch(/^\[/);
    expect(drawingOf(pubs[0]!.circuit)).toEqual(drawn[0]!);
    expect(readableInputs({ pubs: [[{ __type__: 'nosuchtype', __value__: 1 }]] }).problem).toMatch(
      /nosuchtype/,
    );
  });

  it('says why there is no drawing: a program it cannot read, another form, too many instructions', () => {
    const bad = drawingOf('OPENQASM 3.0;\nqubit q;\nfoo q;');
    expect(bad.kind).toBe('none');
    if (bad.kind === 'none')
      expect(bad.reason).toMatch(/^the circuit could not be read: line 3, column 1: /);
    expect(drawingOf(42)).toEqual({
      kind: 'none',
      reason: 'the circuit is in a form this page does not read',
    });
    const many = [
      'OPENQASM 3.0;',
      'qubit q;',
      ...Array(MAX_DRAWN_INSTRUCTIONS + 1).fill('U(0, 0, 0) q;'),
    ];
    expect(drawingOf(many.join('\n'))).toEqual({
      kind: 'none',
      reason: `the circuit has ${MAX_DRAWN_INSTRUCTIONS + 1} instructions, too many to draw here (at most ${MAX_DRAWN_INSTRUCTIONS})`,
    });
  });
});

describe('dashboard liveness', () => {
  it('whileVisible subscribes while the tab shows, not while hidden, and stops once the source ends', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(
      ({ cold, hot, expectObservable, expectSubscriptions }) => {
        const visible = hot('  t--f---t------', { t: true, f: false });
        const source = cold('  -a-b-c|');
        const out = whileVisible(visible, () => source);
        expectObservable(out).toBe('-a------a-b-c|');
        expectSubscriptions(source.subscriptions).toBe(['^--!', '-------^-----!']);
      },
    );
  });
});

describe('dashboard launch settings', () => {
  function memoryStore(): Storage {
    const data = new Map<string, string>();
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    } as unknown as Storage;
  }

  it('takes the token from the page address, connects at once, and drops the token from it', () => {
    const { settings, cleanUrl } = readLaunchSettings(
      new URL('http://127.0.0.1:9000/ui/?token=s3cret&status=DONE'),
      memoryStore(),
    );
    expect(settings).toEqual({
      url: 'http://127.0.0.1:9000/api',
      token: 's3cret',
      autoConnect: true,
    });
    expect(cleanUrl).toBe('http://127.0.0.1:9000/ui/?status=DONE');
  });

  it('falls back to this tab’s remembered settings, then to the default runtime address', () => {
    const store = memoryStore();
    expect(readLaunchSettings(new URL('file:///tmp/index.html'), store).settings).toEqual({
      url: 'http://127.0.0.1:8787/api',
      token: '',
      autoConnect: false,
    });
    rememberSettings(store, 'http://127.0.0.1:1234/api', 'tok');
    expect(readLaunchSettings(new URL('http://127.0.0.1:9000/ui/'), store).settings).toEqual({
      url: 'http://127.0.0.1:1234/api',
      token: 'tok',
      autoConnect: true,
    });
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => rememberSettings(refusing, 'u', 't')).not.toThrow();
    expect(readLaunchSettings(new URL('http://h:1/ui/'), refusing).settings.token).toBe('');
    expect(defaultRuntimeUrl(new URL('http://example.org/other/'))).toBe(
      'http://127.0.0.1:8787/api',
    );
  });
});

describe('dashboard text formats', () => {
  it('says statuses in plain words', () => {
    expect(['DONE', 'ERROR', 'CANCELLED', 'QUEUED'].map((s) => statusWord(s as JobStatus))).toEqual(
      ['Completed', 'Failed', 'Cancelled', 'Queued'],
    );
    expect(statusWord(undefined)).toBe('Unknown');
  });

  it('formats times, durations, countdowns and counts for people', () => {
    expect(clockTime(new Date(2025, 0, 1, 9, 5, 7, 42))).toBe('09:05:07.042');
    expect(dateTime(new Date(2025, 5, 12, 14, 3, 7))).toBe('2025-06-12 14:03');
    expect([duration(412), duration(-5), duration(125_000)]).toEqual([
      '0.4 s',
      '0.0 s',
      '2 min 05 s',
    ]);
    expect([countdown(200), countdown(7_100), countdown(150_000)]).toEqual([
      'now',
      'in 8 s',
      'in 3 min',
    ]);
    expect([count(7), count(4096), count(1234567)]).toEqual(['7', '4,096', '1,234,567']);
  });
});
