/**
 * The dashboard's page logic that needs no browser: folding job events into a row's state,
 * result charts, reading the observables text, and the launch settings from the page URL.
 */
import {
  BitArray,
  ConfigError,
  NdArray,
  PrimitiveResult,
  RuntimeJobCancelledError,
} from '../../src/index.js';
import { estimatorPubResult, samplerPubResult } from '../../src/codecs/index.js';
import {
  connectionEvent,
  interimEvent,
  progressEvent,
  resultEvent,
  statusEvent,
  unknownStatusEvent,
} from '../../src/events/index.js';
import type { JobEvent, JobStatus } from '../../src/index.js';
import {
  MAX_BARS,
  applyComplete,
  applyError,
  applyEvent,
  chartsOf,
  initialRowState,
  summarizeResult,
} from '../../examples/dashboard/src/job-state.js';
import type { JobRowState } from '../../examples/dashboard/src/job-state.js';
import {
  observableLabels,
  parseObservables,
} from '../../examples/dashboard/src/observables-text.js';
import {
  defaultRuntimeUrl,
  readLaunchSettings,
  rememberSettings,
} from '../../examples/dashboard/src/launch.js';
import { clockTime, duration } from '../../examples/dashboard/src/format.js';

const jobId = 'd1abcdefghij0123456v';
const t = (ms: number): Date => new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + ms);

function status(s: JobStatus, at: number, previous?: JobStatus): JobEvent {
  return statusEvent({
    jobId,
    time: t(at),
    status: s,
    previous,
    maxExecutionTimeExceeded: false,
    source: 'websocket',
  });
}

function fold(events: readonly JobEvent[], labels: string[] = []): JobRowState {
  return events.reduce(
    (state, e) => applyEvent(state, e, labels),
    initialRowState({ jobId, program: 'sampler', startedAt: t(0) }),
  );
}

function bell(n00: number, n11: number): PrimitiveResult {
  const bits = BitArray.fromBitstrings([...Array(n00).fill('00'), ...Array(n11).fill('11')]);
  return new PrimitiveResult([samplerPubResult({ meas: bits })]);
}

describe('dashboard row state', () => {
  it('keeps every transition with its time and source, and ends at the final one', () => {
    const state = fold([
      status('QUEUED', 10),
      status('RUNNING', 400, 'QUEUED'),
      status('DONE', 900, 'RUNNING'),
    ]);
    expect(
      state.transitions.map((x) => [x.status, x.time.getTime() - t(0).getTime(), x.source]),
    ).toEqual([
      ['QUEUED', 10, 'websocket'],
      ['RUNNING', 400, 'websocket'],
      ['DONE', 900, 'websocket'],
    ]);
    expect(state.status).toBe('DONE');
    expect(state.endedAt).toEqual(t(900));
    expect(state.mode).toBe('ended');
  });

  it('shows polling while the websocket reconnects or falls back, and websocket once it is open again', () => {
    const ws = (
      s: 'open' | 'reconnecting' | 'fallback' | 'closed' | 'idle',
      at: number,
    ): JobEvent =>
      connectionEvent({ jobId, time: t(at), channel: 'websocket', state: s, detail: s });
    const modes = (events: JobEvent[]): string[] => {
      const out: string[] = [];
      events.reduce(
        (state, e) => {
          const next = applyEvent(state, e);
          out.push(next.mode);
          return next;
        },
        initialRowState({ jobId, program: 'sampler', startedAt: t(0) }),
      );
      return out;
    };
    expect(
      modes([
        ws('open', 1),
        ws('reconnecting', 2),
        ws('open', 3),
        ws('fallback', 4),
        ws('idle', 5),
        ws('closed', 6),
      ]),
    ).toEqual(['websocket', 'polling', 'websocket', 'polling', 'polling', 'polling']);
    // Poll-channel events do not change how the stream is carried.
    const poll = connectionEvent({ jobId, time: t(7), channel: 'poll', state: 'idle' });
    expect(fold([ws('open', 1), poll]).mode).toBe('websocket');
    // Nothing revives a row whose job ended.
    expect(fold([ws('open', 1), status('DONE', 2), ws('reconnecting', 3)]).mode).toBe('ended');
    // Every connection event is logged with the mode it led to.
    expect(
      fold([ws('open', 1), ws('reconnecting', 2)]).connections.map((c) => `${c.state}:${c.mode}`),
    ).toEqual(['open:websocket', 'reconnecting:polling']);
  });

  it('starts as polling when the page watches without websockets', () => {
    expect(
      initialRowState({ jobId, program: 'sampler', startedAt: t(0), pollingOnly: true }).mode,
    ).toBe('polling');
  });

  it('shows the queue position while queued only, and the poll pace', () => {
    const state = fold([
      status('QUEUED', 1),
      progressEvent({ jobId, time: t(2), queuePosition: 3 }),
    ]);
    expect(state.queuePosition).toBe(3);
    const paced = applyEvent(state, progressEvent({ jobId, time: t(3), pollIntervalMs: 500 }));
    expect([paced.queuePosition, paced.pollIntervalMs]).toEqual([3, 500]);
    const running = applyEvent(paced, status('RUNNING', 4, 'QUEUED'));
    expect(running.queuePosition).toBeUndefined();
    expect(
      applyEvent(running, progressEvent({ jobId, time: t(5), queuePosition: 1 })).queuePosition,
    ).toBeUndefined();
  });

  it('lists interim results with a summary and draws the result as counts bars', () => {
    const state = fold([
      status('RUNNING', 1),
      interimEvent({ jobId, time: t(2), index: 0, value: bell(3, 1) }),
      resultEvent({ jobId, time: t(3), result: bell(510, 514) }),
    ]);
    expect(state.interim).toEqual([
      { index: 0, time: t(2), summary: '1 PUB done; last: 00×3 11×1' },
    ]);
    expect(state.charts).toEqual([
      {
        kind: 'counts',
        pub: 0,
        register: 'meas',
        shots: 1024,
        bars: [
          { label: '00', value: 510 },
          { label: '11', value: 514 },
        ],
        hidden: 0,
      },
    ]);
  });

  it(`keeps the ${MAX_BARS} most frequent outcomes of a wide register, in bitstring order`, () => {
    const strings: string[] = [];
    for (let k = 0; k < 40; k++)
      for (let n = 0; n <= k; n++) strings.push(k.toString(2).padStart(6, '0'));
    const [chart] = chartsOf(
      new PrimitiveResult([samplerPubResult({ c: BitArray.fromBitstrings(strings) })]),
    );
    expect(chart!.kind).toBe('counts');
    if (chart!.kind !== 'counts') return;
    expect(chart.bars.length).toBe(MAX_BARS);
    expect(chart.hidden).toBe(8);
    expect(chart.bars[0]).toEqual({ label: (8).toString(2).padStart(6, '0'), value: 9 });
    const labels = chart.bars.map((b) => b.label);
    expect(labels).toEqual([...labels].sort());
  });

  it('draws expectation values with their standard errors and the observables as labels', () => {
    const result = new PrimitiveResult([
      estimatorPubResult({ evs: NdArray.float64([1, -0.5]), stds: NdArray.float64([0.01, 0.02]) }),
    ]);
    expect(chartsOf(result, ['ZZ', '-XI'])).toEqual([
      {
        kind: 'expectation',
        pub: 0,
        bars: [
          { label: 'ZZ', value: 1, std: 0.01 },
          { label: '-XI', value: -0.5, std: 0.02 },
        ],
      },
    ]);
    expect(chartsOf(result)[0]!.bars.map((b) => b.label)).toEqual(['#0', '#1']);
    expect(summarizeResult(result)).toBe('1 PUB done; last evs: 1, -0.5');
  });

  it('records unknown statuses, and how the stream ended', () => {
    const state = fold([
      status('QUEUED', 1),
      unknownStatusEvent({ jobId, time: t(2), raw: 'PAUSED', source: 'poll' }),
    ]);
    expect(state.unknownStatuses).toEqual(['PAUSED']);
    expect(state.status).toBe('QUEUED');
    const cancelled = applyError(
      applyEvent(state, status('CANCELLED', 3, 'QUEUED')),
      new RuntimeJobCancelledError(jobId, 'Cancelled by user'),
    );
    expect(cancelled.ended?.tag).toBe('RuntimeJobCancelledError');
    expect(cancelled.ended?.message).toContain(jobId);
    expect([cancelled.finished, cancelled.mode]).toEqual([true, 'ended']);
    expect(applyError(state, new TypeError('boom')).ended).toEqual({
      tag: 'TypeError',
      message: 'boom',
    });
    expect(applyComplete(state).finished).toBeTrue();
  });
});

describe('dashboard observables text', () => {
  it('reads Pauli strings and weighted sums, one observable per comma-separated item', () => {
    expect(parseObservables('ZZ, XX,ZI') as unknown).toEqual(['ZZ', 'XX', 'ZI']);
    expect(parseObservables('0.5*XX + 0.5*YY, -ZI, 2ZZ - 1e-3*XX, zz') as unknown).toEqual([
      { XX: 0.5, YY: 0.5 },
      { ZI: -1 },
      { ZZ: 2, XX: -0.001 },
      'ZZ',
    ]);
    expect(observableLabels(' ZZ ,, 0.5*XX + 0.5*YY ')).toEqual(['ZZ', '0.5*XX + 0.5*YY']);
  });

  it('refuses an empty list or an unreadable term with a ConfigError naming it', () => {
    expect(() => parseObservables(' , ')).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'observables',
    );
    expect(() => parseObservables('ZZ, 0.5*')).toThrowMatching(
      (e) =>
        e instanceof ConfigError && /observable 2: cannot read the term "0.5\*"/.test(e.message),
    );
    expect(() => parseObservables('Z Z')).toThrowError(ConfigError, /observable 1/);
  });
});

describe('dashboard launch settings', () => {
  function memoryStore(): Storage & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return {
      data,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    } as unknown as Storage & { data: Map<string, string> };
  }

  it('takes the token from the page URL, connects at once, and drops the token from the address', () => {
    const { settings, cleanUrl } = readLaunchSettings(
      new URL('http://127.0.0.1:9000/ui/?token=s3cret&x=1'),
      memoryStore(),
    );
    expect(settings).toEqual({
      url: 'http://127.0.0.1:9000/api',
      token: 's3cret',
      autoConnect: true,
    });
    expect(cleanUrl).toBe('http://127.0.0.1:9000/ui/?x=1');
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

  it('formats times and durations for people', () => {
    expect(clockTime(new Date(2025, 0, 1, 9, 5, 7, 42))).toBe('09:05:07.042');
    expect([duration(412), duration(-5), duration(125_000)]).toEqual([
      '0.4 s',
      '0.0 s',
      '2 min 05 s',
    ]);
  });
});
