import {
  FINAL_STATUSES,
  JOB_STATUSES,
  REASON_CODE_MAX_EXECUTION_TIME,
  canTransition,
  isFinal,
  isLegacyFinal,
  isUnknownStatus,
  mapLegacyStatus,
  mapRuntimeStatus,
  rank,
  unknownStatus,
  type JobStatus,
} from '../../src/codecs/status.js';

const casings = (s: string): string[] => [
  s,
  s.toLowerCase(),
  s.toUpperCase(),
  s[0]!.toUpperCase() + s.slice(1).toLowerCase(),
];

describe('mapRuntimeStatus', () => {
  const table: [string, JobStatus][] = [
    ['Queued', 'QUEUED'],
    ['Running', 'RUNNING'],
    ['Completed', 'DONE'],
    ['Cancelled', 'CANCELLED'],
    ['Failed', 'ERROR'],
  ];

  for (const [raw, expected] of table) {
    it(`maps ${raw} in any case to ${expected}`, () => {
      for (const variant of casings(raw)) {
        const mapped = mapRuntimeStatus(variant);
        expect(mapped.status).toBe(expected);
        expect(mapped.raw).toBe(variant);
        expect(mapped.maxExecutionTimeExceeded).toBe(false);
      }
    });
  }

  it('tolerates surrounding and repeated whitespace', () => {
    expect(mapRuntimeStatus('  queued ').status).toBe('QUEUED');
    expect(mapRuntimeStatus('Cancelled  -  Ran   too long').status).toBe('ERROR');
    expect(mapRuntimeStatus('Cancelled-Ran too long').status).toEqual(
      unknownStatus('Cancelled-Ran too long'),
    );
  });

  it('maps Cancelled with reason code 1305 to ERROR with the max-time flag', () => {
    const mapped = mapRuntimeStatus('Cancelled', { reason: 'RAN TOO LONG', reasonCode: 1305 });
    expect(mapped).toEqual({
      status: 'ERROR',
      raw: 'Cancelled',
      reason: 'RAN TOO LONG',
      reasonCode: REASON_CODE_MAX_EXECUTION_TIME,
      reasonSolution: undefined,
      maxExecutionTimeExceeded: true,
    });
  });

  it('keeps Cancelled with another reason code as CANCELLED', () => {
    const mapped = mapRuntimeStatus('Cancelled', { reason: 'user', reasonCode: 1234 });
    expect(mapped.status).toBe('CANCELLED');
    expect(mapped.reasonCode).toBe(1234);
    expect(mapped.maxExecutionTimeExceeded).toBe(false);
  });

  it('maps the top-level "Cancelled - Ran too long" to ERROR and fills in the reason', () => {
    for (const variant of ['Cancelled - Ran too long', 'CANCELLED - RAN TOO LONG']) {
      const mapped = mapRuntimeStatus(variant);
      expect(mapped.status).toBe('ERROR');
      expect(mapped.maxExecutionTimeExceeded).toBe(true);
      expect(mapped.reasonCode).toBe(1305);
      expect(mapped.reason).toBe('RAN TOO LONG');
    }
  });

  it('carries failure reasons through', () => {
    const mapped = mapRuntimeStatus('Failed', {
      reason: 'boom',
      reasonCode: 1002,
      reasonSolution: 'fix it',
    });
    expect(mapped).toEqual(
      jasmine.objectContaining({
        status: 'ERROR',
        reason: 'boom',
        reasonCode: 1002,
        reasonSolution: 'fix it',
      }),
    );
  });

  it('also understands legacy and own status names', () => {
    expect(mapRuntimeStatus('PENDING_IN_QUEUE').status).toBe('QUEUED');
    expect(mapRuntimeStatus('DONE').status).toBe('DONE');
    expect(mapRuntimeStatus('initializing').status).toBe('INITIALIZING');
  });

  it('turns unknown strings into an UnknownStatus carrying the raw text', () => {
    for (const raw of ['Paused', '', 'Queued!', 'Cancelled - ran short']) {
      const mapped = mapRuntimeStatus(raw);
      expect(isUnknownStatus(mapped.status)).toBe(true);
      expect(mapped.status).toEqual(unknownStatus(raw));
      expect(mapped.raw).toBe(raw);
    }
  });
});

describe('mapLegacyStatus', () => {
  const table: [string, JobStatus][] = [
    ['CREATING', 'INITIALIZING'],
    ['CREATED', 'INITIALIZING'],
    ['TRANSPILING', 'INITIALIZING'],
    ['TRANSPILED', 'INITIALIZING'],
    ['VALIDATING', 'VALIDATING'],
    ['VALIDATED', 'VALIDATING'],
    ['PENDING_IN_QUEUE', 'QUEUED'],
    ['QUEUED', 'QUEUED'],
    ['RUNNING', 'RUNNING'],
    ['COMPLETED', 'DONE'],
    ['CANCELLED', 'CANCELLED'],
    ['ERROR_CREATING_JOB', 'ERROR'],
    ['ERROR_VALIDATING_JOB', 'ERROR'],
    ['ERROR_RUNNING_JOB', 'ERROR'],
    ['ERROR_TRANSPILING_JOB', 'ERROR'],
  ];

  it('maps every legacy string, in any case', () => {
    for (const [raw, expected] of table) {
      expect(mapLegacyStatus(raw).status).withContext(raw).toBe(expected);
      expect(mapLegacyStatus(raw.toLowerCase()).status).withContext(raw).toBe(expected);
    }
  });

  it('never reports a max-time stop and keeps unknown strings raw', () => {
    expect(mapLegacyStatus('ERROR_RUNNING_JOB').maxExecutionTimeExceeded).toBe(false);
    const mapped = mapLegacyStatus('ARCHIVED');
    expect(mapped.status).toEqual(unknownStatus('ARCHIVED'));
  });

  it('knows which legacy strings are final', () => {
    const finals = table.filter(([, s]) => isFinal(s)).map(([raw]) => raw);
    for (const [raw] of table)
      expect(isLegacyFinal(raw)).withContext(raw).toBe(finals.includes(raw));
    expect(isLegacyFinal('completed')).toBe(true);
  });
});

describe('state machine helpers', () => {
  it('orders statuses and shares the top rank among final ones', () => {
    const ranks = JOB_STATUSES.map(rank);
    expect(ranks).toEqual([0, 1, 2, 3, 4, 4, 4]);
    expect(FINAL_STATUSES.every(isFinal)).toBe(true);
    expect(JOB_STATUSES.filter(isFinal)).toEqual(['DONE', 'CANCELLED', 'ERROR']);
  });

  it('allows only forward moves and nothing out of a final status', () => {
    for (const from of JOB_STATUSES) {
      for (const to of JOB_STATUSES) {
        expect(canTransition(from, to))
          .withContext(`${from} -> ${to}`)
          .toBe(rank(to) > rank(from));
      }
    }
    expect(canTransition('QUEUED', 'RUNNING')).toBe(true);
    expect(canTransition('RUNNING', 'QUEUED')).toBe(false);
    expect(canTransition('DONE', 'ERROR')).toBe(false);
    expect(canTransition('QUEUED', 'QUEUED')).toBe(false);
  });
});
