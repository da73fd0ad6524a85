import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import {
  SessionCreateRequest,
  SessionDetails,
  SessionPatch,
  sessionStatusText,
} from '../../src/codecs/session.js';

const messageOf = (r: E.Either<{ message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : 'Right';

describe('SessionCreateRequest', () => {
  it('accepts both modes and the optional fields', () => {
    for (const mode of ['dedicated', 'batch']) {
      expect(
        E.isRight(
          decode(SessionCreateRequest, { mode, backend: 'b', instance: 'crn', max_ttl: 60 }),
        ),
      ).toBe(true);
    }
  });

  it('rejects unknown modes and bad TTLs', () => {
    expect(messageOf(decode(SessionCreateRequest, { mode: 'solo' }))).toBe(
      'mode: expected SessionMode, got "solo"',
    );
    expect(messageOf(decode(SessionCreateRequest, { mode: 'batch', max_ttl: 0 }))).toBe(
      'max_ttl: expected positive integer, got 0',
    );
  });
});

describe('SessionDetails', () => {
  const details = {
    id: 's1',
    mode: 'dedicated',
    backend_name: null,
    state: 'pending_inactive',
    accepting_jobs: true,
    started_at: '2024-01-01T00:00:00Z',
    closed_at: null,
    max_ttl: 28800,
    interactive_ttl: 1,
    elapsed_time: null,
    timestamps: [{ status: 'open', timestamp: '2024-01-01T00:00:00Z' }],
  };

  it('decodes the documented fields', () => {
    const r = decode(SessionDetails, details);
    expect(E.isRight(r) && r.right.state).toBe('pending_inactive');
  });

  it('tolerates unknown states and modes', () => {
    const r = decode(SessionDetails, { ...details, state: 'hibernating', mode: 'shared' });
    expect(E.isRight(r) && r.right.state).toBe('hibernating');
  });

  it('names bad fields', () => {
    expect(messageOf(decode(SessionDetails, { ...details, id: 3 }))).toBe(
      'id: expected string, got 3',
    );
    expect(
      messageOf(decode(SessionDetails, { ...details, timestamps: [{ status: 'open' }] })),
    ).toBe('timestamps[0].timestamp: expected string, got undefined');
    expect(messageOf(decode(SessionDetails, { ...details, state: 7 }))).toContain(
      'state: expected SessionState',
    );
  });
});

describe('SessionPatch', () => {
  it('requires accepting_jobs', () => {
    expect(E.isRight(decode(SessionPatch, { accepting_jobs: false }))).toBe(true);
    expect(messageOf(decode(SessionPatch, {}))).toBe(
      'accepting_jobs: expected boolean, got undefined',
    );
  });
});

describe('sessionStatusText', () => {
  it('maps states like Session.status()', () => {
    expect(sessionStatusText({ state: 'open' })).toBe('Pending');
    expect(sessionStatusText({ state: 'inactive', accepting_jobs: true })).toBe('Pending');
    expect(sessionStatusText({ state: 'active', accepting_jobs: true })).toBe(
      'In progress, accepting new jobs',
    );
    expect(sessionStatusText({ state: 'pending_inactive', accepting_jobs: false })).toBe(
      'In progress, accepting new jobs',
    );
    expect(sessionStatusText({ state: 'active', accepting_jobs: false })).toBe(
      'In progress, not accepting new jobs',
    );
    expect(sessionStatusText({ state: 'active' })).toBe('In progress, not accepting new jobs');
    expect(sessionStatusText({ state: 'pending_closed', accepting_jobs: true })).toBe(
      'In progress, not accepting new jobs',
    );
    expect(sessionStatusText({ state: 'closed' })).toBe('Closed');
    expect(sessionStatusText({ state: 'HIBERNATING' })).toBe('Hibernating');
    expect(sessionStatusText({})).toBeUndefined();
    expect(sessionStatusText({ state: null })).toBeUndefined();
  });
});
