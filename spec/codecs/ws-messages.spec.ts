import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type * as t from 'io-ts';
import { decode } from '../../src/codecs/decode.js';
import {
  STREAM_ACK_FRAME,
  WS_CLOSE_INTERNAL_ERROR,
  WS_CLOSE_JOB_FINAL,
  WS_CLOSE_JOB_NOT_FOUND,
  WS_CLOSE_NORMAL,
  LegacyJobStatusMessage,
  classifyStreamFrame,
  decodeLegacyClientMessage,
  decodeLegacyServerMessage,
  encodeLegacyAuthMessage,
  encodeLegacyAuthenticated,
  encodeLegacyJobStatus,
  queueInfoOf,
} from '../../src/codecs/ws-messages.js';

const messageOf = (r: E.Either<{ message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : 'Right';

describe('legacy job-status frames', () => {
  it('round-trips every frame through its encoder and decoder', () => {
    const auth = decodeLegacyClientMessage(encodeLegacyAuthMessage('tok'));
    expect(E.isRight(auth) && auth.right).toEqual({ type: 'authentication', data: 'tok' });
    const ok = decodeLegacyServerMessage(encodeLegacyAuthenticated());
    expect(E.isRight(ok) && ok.right).toEqual({ type: 'authenticated' });
    const data = { status: 'QUEUED', infoQueue: { status: 'PENDING_IN_QUEUE', position: 3 } };
    const status = decodeLegacyServerMessage(encodeLegacyJobStatus(data));
    expect(E.isRight(status) && status.right).toEqual({ type: 'job-status', data });
  });

  it('accepts a job-status without data', () => {
    const r = decodeLegacyServerMessage('{"type":"job-status"}');
    expect(E.isRight(r) && r.right).toEqual({ type: 'job-status' });
  });

  it('gives a DecodeError, never a throw, for bad frames', () => {
    expect(messageOf(decodeLegacyServerMessage('not json'))).toBe(
      '<root>: expected JSON text, got "not json"',
    );
    expect(messageOf(decodeLegacyServerMessage(''))).toBe('<root>: expected JSON text, got ""');
    expect(messageOf(decodeLegacyServerMessage('"text"'))).toBe(
      '<root>: expected a JSON object with a "type", got "text"',
    );
    expect(messageOf(decodeLegacyServerMessage('{"type":"hello"}'))).toBe(
      'type: expected "authenticated" | "job-status", got "hello"',
    );
    expect(messageOf(decodeLegacyServerMessage('{"data":{}}'))).toBe(
      'type: expected "authenticated" | "job-status", got undefined',
    );
    expect(messageOf(decodeLegacyServerMessage('{"type":"job-status","data":{"status":3}}'))).toBe(
      'data.status: expected string, got 3',
    );
    expect(
      messageOf(
        decodeLegacyServerMessage(
          '{"type":"job-status","data":{"status":"QUEUED","infoQueue":{"position":-1}}}',
        ),
      ),
    ).toBe('data.infoQueue.position: expected non-negative integer or null, got -1');
    expect(messageOf(decodeLegacyClientMessage('{"type":"authentication"}'))).toBe(
      'data: expected string, got undefined',
    );
    expect(messageOf(decodeLegacyClientMessage('{"type":"authenticated"}'))).toBe(
      'type: expected "authentication", got "authenticated"',
    );
    expect(messageOf(decodeLegacyClientMessage('{'))).toBe('<root>: expected JSON text, got "{"');
  });

  it('uses the documented close codes', () => {
    expect([
      WS_CLOSE_NORMAL,
      WS_CLOSE_INTERNAL_ERROR,
      WS_CLOSE_JOB_FINAL,
      WS_CLOSE_JOB_NOT_FOUND,
    ]).toEqual([1000, 4001, 4002, 4003]);
  });
});

describe('queueInfoOf', () => {
  it('maps infoQueue while queued, with dates', () => {
    const info = queueInfoOf({
      status: 'QUEUED',
      infoQueue: {
        position: 2,
        estimatedStartTime: '2024-05-01T10:00:00Z',
        estimatedCompleteTime: '2024-05-01T10:05:00.5Z',
        hubPriority: 1,
      },
    });
    expect(info).toEqual({
      queuePosition: 2,
      estimatedStartTime: new Date('2024-05-01T10:00:00Z'),
      estimatedCompletionTime: new Date('2024-05-01T10:05:00.5Z'),
    });
  });

  it('reads a whole frame too, and PENDING_IN_QUEUE counts as queued', () => {
    expect(
      queueInfoOf({
        type: 'job-status',
        data: { status: 'pending_in_queue', infoQueue: { position: 0 } },
      }),
    ).toEqual({ queuePosition: 0 });
    expect(queueInfoOf({ type: 'authenticated' })).toEqual({});
  });

  it('is empty when not queued, without infoQueue, or with unreadable times', () => {
    expect(queueInfoOf({ status: 'RUNNING', infoQueue: { position: 1 } })).toEqual({});
    expect(queueInfoOf({ status: 'QUEUED' })).toEqual({});
    expect(queueInfoOf({ status: 'QUEUED', infoQueue: null })).toEqual({});
    expect(queueInfoOf({ status: 'QUEUED', infoQueue: { estimatedStartTime: 'soon' } })).toEqual(
      {},
    );
    expect(queueInfoOf(undefined)).toEqual({});
  });
});

describe('result stream frames', () => {
  it('treats the first frame as the acknowledgement whatever it holds', () => {
    expect(classifyStreamFrame(0, STREAM_ACK_FRAME)).toEqual({ kind: 'ack' });
    expect(classifyStreamFrame(0, '{"results":[]}')).toEqual({ kind: 'ack' });
    expect(classifyStreamFrame(1, '{"results":[]}')).toEqual({
      kind: 'payload',
      text: '{"results":[]}',
    });
    expect(classifyStreamFrame(7, '')).toEqual({ kind: 'payload', text: '' });
    expect(JSON.parse(STREAM_ACK_FRAME)).toEqual({ type: 'ack' });
  });
});

describe('decodeLegacyServerMessage on job-status pushes', () => {
  /** The job-status codec without its fast paths: what every push must agree with. */
  const Full = Object.getPrototypeOf(LegacyJobStatusMessage) as t.Mixed;
  const odd = fc.constantFrom(null, undefined, 0, -1, 1.5, '', 'x', [], {}, [1], true);
  const infoQueue = fc.oneof(
    odd,
    fc.record(
      {
        status: fc.oneof(fc.constant('PENDING_IN_QUEUE'), odd),
        position: fc.oneof(fc.nat(50), odd),
        estimatedStartTime: fc.oneof(fc.constant('2026-11-23T10:00:00Z'), odd),
      },
      { requiredKeys: [] },
    ),
  );
  const data = fc.oneof(
    odd,
    fc.record(
      {
        status: fc.oneof(
          { arbitrary: fc.constantFrom('RUNNING', 'QUEUED', 'COMPLETED'), weight: 4 },
          odd,
        ),
        infoQueue,
        extra: fc.string(),
      },
      { requiredKeys: [] },
    ),
  );

  it('accepts and rejects exactly what the full codec does, with the same value', () => {
    let accepted = 0;
    fc.assert(
      fc.property(data, (d) => {
        const frame = d === undefined ? { type: 'job-status' } : { type: 'job-status', data: d };
        const text = JSON.stringify(frame);
        const reference = decode(Full, JSON.parse(text));
        const actual = decodeLegacyServerMessage(text);
        expect(actual._tag).toBe(reference._tag);
        if (E.isRight(actual) && E.isRight(reference)) {
          accepted++;
          expect(actual.right).toEqual(reference.right as typeof actual.right);
        }
        if (E.isLeft(actual) && E.isLeft(reference)) {
          expect(actual.left.path).toBe(reference.left.path);
        }
      }),
      { seed: 20261123, numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(300);
    expect(accepted).toBeLessThan(3000);
  });
});
