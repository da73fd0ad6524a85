import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import type { DecodeError } from '../../src/codecs/errors.js';
import {
  CreateJobRequest,
  CreateJobResponse,
  JobDetails,
  JobsPage,
  LegacyCancelResponse,
  decodeJobListQuery,
  encodeJobListQuery,
  jobStatusOf,
  legacyCancelSucceeded,
} from '../../src/codecs/job.js';

function right<A>(r: E.Either<DecodeError, A>): A {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.message}`);
  return r.right;
}

function message<A>(r: E.Either<DecodeError, A>): string {
  if (E.isRight(r)) throw new Error('expected Left');
  return r.left.message;
}

describe('JobDetails', () => {
  const full = {
    id: 'd6147q3traac73bef6f0',
    backend: 'ibm_pittsburgh',
    state: { status: 'Failed', reason: 'boom', reason_code: 1002, reason_solution: 'retry' },
    status: 'Failed',
    params: { version: 2 },
    program: { id: 'sampler' },
    created: '2021-10-04T13:52:09.456851Z',
    runtime: null,
    cost: 600,
    tags: ['a'],
    session_id: null,
    user_id: 'u',
    usage: { seconds: 3 },
    private: true,
    estimated_running_time_seconds: 2.5,
    future_field: { kept: true },
  };

  it('decodes every documented field and keeps unknown ones', () => {
    const job = right(decode(JobDetails, full));
    expect(job.state.reason_code).toBe(1002);
    expect(job.usage?.seconds).toBe(3);
    expect((job as Record<string, unknown>)['future_field']).toEqual({ kept: true });
  });

  it('needs only state', () => {
    expect(right(decode(JobDetails, { state: { status: 'Queued' } })).state.status).toBe('Queued');
  });

  it('names the exact path of malformed fields', () => {
    expect(message(decode(JobDetails, { state: { status: 12 } }))).toBe(
      'state.status: expected string, got 12',
    );
    expect(message(decode(JobDetails, {}))).toBe('state: expected JobState, got undefined');
    expect(message(decode(JobDetails, { ...full, tags: ['a', 7] }))).toBe(
      'tags[1]: expected string, got 7',
    );
    expect(message(decode(JobDetails, { ...full, created: 'yesterday' }))).toBe(
      'created: expected ISO-8601 timestamp or null, got "yesterday"',
    );
    expect(message(decode(JobDetails, { ...full, program: {} }))).toBe(
      'program.id: expected string, got undefined',
    );
    expect(
      message(decode(JobDetails, { ...full, state: { status: 'Failed', reason_code: [1305] } })),
    ).toBe(
      'state.reason_code: expected reason code (integer or its text) or null, got an array of length 1',
    );
  });
});

describe('jobStatusOf', () => {
  const of = (value: unknown) => jobStatusOf(right(decode(JobDetails, value)));

  it('prefers state.status', () => {
    expect(of({ state: { status: 'Running' }, status: 'Queued' }).status).toBe('RUNNING');
  });

  it('uses the top-level "Cancelled - Ran too long" over state', () => {
    const mapped = of({ state: { status: 'Cancelled' }, status: 'Cancelled - Ran too long' });
    expect(mapped.status).toBe('ERROR');
    expect(mapped.maxExecutionTimeExceeded).toBe(true);
    expect(mapped.reasonCode).toBe(1305);
  });

  it('falls back to the top-level status when state has none', () => {
    expect(of({ state: { status: '' }, status: 'Completed' }).status).toBe('DONE');
    expect(jobStatusOf({ status: 'Running' } as unknown as JobDetails).status).toBe('RUNNING');
  });

  it('reads reason codes in snake and camel case', () => {
    expect(of({ state: { status: 'Cancelled', reason_code: 1305 } }).maxExecutionTimeExceeded).toBe(
      true,
    );
    expect(of({ state: { status: 'Cancelled', reasonCode: 1305 } }).maxExecutionTimeExceeded).toBe(
      true,
    );
    const failed = of({
      state: { status: 'Failed', reason: 'x', reason_code: 1002, reason_solution: 'y' },
    });
    expect(failed).toEqual(
      jasmine.objectContaining({
        status: 'ERROR',
        reason: 'x',
        reasonCode: 1002,
        reasonSolution: 'y',
      }),
    );
  });

  it('reads a reason code sent as text, as qiskit-ibm-runtime does', () => {
    // qiskit_ibm_runtime/base_runtime_job.py _set_status takes state.reason_code as it comes.
    const text = of({ state: { status: 'Cancelled', reason_code: '1305' } });
    expect(text.maxExecutionTimeExceeded).toBeTrue();
    expect(text.reasonCode).toBe(1305);
    expect(of({ state: { status: 'Failed', reasonCode: ' 1002 ' } }).reasonCode).toBe(1002);
    // Text that is no integer carries no code; the status still maps.
    const odd = of({ state: { status: 'Failed', reason: 'x', reason_code: 'E42' } });
    expect(odd.status).toBe('ERROR');
    expect(odd.reasonCode).toBeUndefined();
    expect(of({ state: { status: 'Failed', reason_code: 1.5 } }).reasonCode).toBeUndefined();
  });

  it('reports unknown statuses raw', () => {
    expect(of({ state: { status: 'Paused' } }).status).toEqual({
      _tag: 'UnknownStatus',
      raw: 'Paused',
    });
  });
});

describe('CreateJobRequest / CreateJobResponse', () => {
  const base = { program_id: 'sampler', backend: 'ibm_x', params: { version: 2, pubs: [] } };

  it('accepts the optional fields', () => {
    const req = right(
      decode(CreateJobRequest, {
        ...base,
        runtime: 'img:latest',
        log_level: 'INFO',
        session_id: 's',
        tags: ['t'],
        cost: 300,
        private: true,
        start_session: false,
        session_time: 60,
        calibration_id: 'c',
      }),
    );
    expect(req.cost).toBe(300);
    expect(req.log_level).toBe('INFO');
  });

  it('rejects bad fields with their path', () => {
    expect(message(decode(CreateJobRequest, { ...base, backend: undefined }))).toBe(
      'backend: expected string, got undefined',
    );
    expect(message(decode(CreateJobRequest, { ...base, cost: -1 }))).toBe(
      'cost: expected non-negative integer, got -1',
    );
    expect(message(decode(CreateJobRequest, { ...base, log_level: 'loud' }))).toBe(
      'log_level: expected log level (critical | error | warning | info | debug), got "loud"',
    );
    expect(message(decode(CreateJobRequest, { ...base, params: [] }))).toBe(
      'params: expected UnknownRecord, got an array of length 0',
    );
  });

  it('decodes the create answer', () => {
    const res = right(decode(CreateJobResponse, { id: 'j', backend: 'b', session_id: null }));
    expect(res.id).toBe('j');
    expect(message(decode(CreateJobResponse, { id: 'j' }))).toBe(
      'backend: expected string, got undefined',
    );
  });
});

describe('JobsPage', () => {
  it('decodes a page and reports the bad job by index', () => {
    const page = right(
      decode(JobsPage, { jobs: [{ state: { status: 'Queued' } }], count: 1, offset: 0, limit: 10 }),
    );
    expect(page.count).toBe(1);
    expect(
      message(decode(JobsPage, { jobs: [{ state: { status: 'Queued' } }, { state: 5 }] })),
    ).toBe('jobs[1].state: expected JobState, got 5');
    expect(message(decode(JobsPage, { jobs: [], count: -2 }))).toBe(
      'count: expected non-negative integer or null, got -2',
    );
    expect(message(decode(JobsPage, { jobs: 'none' }))).toBe(
      'jobs: expected Array<JobDetails> or absent, got "none"',
    );
  });

  it('reads a page without jobs (optional in the OpenAPI model) as empty', () => {
    // crates/ibm-quantum-platform-api/src/models/jobs_response.rs: jobs: Option<Vec<JobResponse>>
    expect(right(decode(JobsPage, { offset: 0, limit: 10 })).jobs).toEqual([]);
    expect(right(decode(JobsPage, { jobs: null, count: 0 })).jobs).toEqual([]);
  });
});

describe('job list query', () => {
  it('encodes camelCase fields to the wire names, tags repeated', () => {
    const pairs = encodeJobListQuery({
      limit: 10,
      skip: 20,
      pending: true,
      program: 'sampler',
      backend: 'b',
      createdAfter: new Date('2024-01-02T03:04:05Z'),
      createdBefore: '2024-02-01T00:00:00Z',
      sort: 'ASC',
      tags: ['a', 'b'],
      sessionId: 's',
      excludeParams: false,
    });
    expect(pairs).toEqual([
      ['limit', '10'],
      ['offset', '20'],
      ['pending', 'true'],
      ['program', 'sampler'],
      ['backend', 'b'],
      ['created_after', '2024-01-02T03:04:05.000Z'],
      ['created_before', '2024-02-01T00:00:00Z'],
      ['sort', 'ASC'],
      ['tags', 'a'],
      ['tags', 'b'],
      ['session_id', 's'],
      ['exclude_params', 'false'],
    ]);
    expect(encodeJobListQuery({ offset: 1, skip: 2 })).toEqual([['offset', '1']]);
    expect(encodeJobListQuery({})).toEqual([]);
  });

  it('decodes what it encodes', () => {
    const q = right(
      decodeJobListQuery(
        new URLSearchParams(
          encodeJobListQuery({
            limit: 5,
            offset: 0,
            pending: false,
            createdAfter: new Date('2024-01-02T03:04:05Z'),
            sort: 'DESC',
            tags: ['x', 'y'],
            sessionId: 's',
            excludeParams: true,
          }),
        ),
      ),
    );
    expect(q).toEqual({
      limit: 5,
      offset: 0,
      pending: false,
      createdAfter: new Date('2024-01-02T03:04:05Z'),
      sort: 'DESC',
      tags: ['x', 'y'],
      sessionId: 's',
      excludeParams: true,
    });
    expect(right(decodeJobListQuery(new URLSearchParams('sort=asc&provider=h/g/p')))).toEqual({
      sort: 'ASC',
    });
  });

  it('names the bad parameter', () => {
    const bad = (qs: string) => message(decodeJobListQuery(new URLSearchParams(qs)));
    expect(bad('limit=abc')).toBe('limit: expected positive integer, got "abc"');
    expect(bad('limit=-1')).toBe('limit: expected positive integer, got "-1"');
    expect(bad('limit=0')).toBe('limit: expected positive integer, got "0"');
    expect(bad('limit=1.5')).toBe('limit: expected positive integer, got "1.5"');
    expect(bad('offset=-3')).toBe('offset: expected non-negative integer, got "-3"');
    expect(bad('limit=1&limit=2')).toBe('limit: expected a single value, got "1,2"');
    expect(bad('pending=yes')).toBe('pending: expected "true" or "false", got "yes"');
    expect(bad('sort=up')).toBe('sort: expected "ASC" or "DESC", got "up"');
    expect(bad('created_after=someday')).toBe(
      'created_after: expected ISO-8601 timestamp, got "someday"',
    );
    const err = decodeJobListQuery(new URLSearchParams('limit=abc'));
    expect(E.isLeft(err) && err.left.path).toBe('limit');
  });
});

describe('LegacyCancelResponse', () => {
  it('succeeds only with cancelled true and no error', () => {
    expect(legacyCancelSucceeded(right(decode(LegacyCancelResponse, { cancelled: true })))).toBe(
      true,
    );
    expect(
      legacyCancelSucceeded(right(decode(LegacyCancelResponse, { cancelled: true, error: 'x' }))),
    ).toBe(false);
    expect(legacyCancelSucceeded(right(decode(LegacyCancelResponse, {})))).toBe(false);
  });
});
