import fc from 'fast-check';
import type * as t from 'io-ts';
import { isJobDetails } from '../../src/codecs/job-details-guard.js';
import { JobDetails } from '../../src/codecs/job.js';
import { loadFixtures } from '../fuzz/support/fixtures.js';
import { ODD_VALUES } from '../fuzz/support/mutate.js';

// The fields and rules are those of src/codecs/job.ts (JobDetails, JobState, JobProgram,
// JobUsage); the probes below walk the codec's own declaration, so they follow it.

/** The job details codec's own io-ts guard, which the hand-written one must equal. */
const codecIs = (u: unknown): boolean => JobDetails.is(u);

/** The props of a `t.type`/`t.partial`, or of every member of a `t.intersection`. */
function propsOf(codec: t.Mixed): Record<string, t.Mixed> {
  const c = codec as unknown as {
    props?: Record<string, t.Mixed>;
    types?: t.Mixed[];
  };
  if (c.props !== undefined) return c.props;
  return Object.assign({}, ...(c.types ?? []).map((m) => propsOf(m)));
}

const BASE = {
  id: 'd4n3vl1lag1s73d2rfsg',
  backend: 'ibm_fez',
  state: { status: 'Queued' },
  status: 'Queued',
  program: { id: 'sampler' },
  created: '2026-11-23T10:00:00.123456Z',
  cost: 600,
  tags: ['a'],
  usage: { seconds: 1 },
  private: false,
};

/** A value of each kind the codecs tell apart, and the odd ones the fuzzers use. */
const PROBES: readonly unknown[] = [
  ...ODD_VALUES,
  undefined,
  'Queued',
  '2026-11-23',
  '2026-11-23T10:00:00Z',
  '2026-13-45T10:00:00Z',
  12,
  [],
  ['x'],
  ['x', 1],
  {},
  { id: 'sampler' },
  { id: 7 },
  { seconds: 3 },
  { seconds: 'x' },
  { status: 'Running' },
  { status: 'Failed', reason_code: '1305', reason: null },
  { status: 'Failed', reasonCode: [] },
];

function expectSame(value: unknown): void {
  const fast = isJobDetails(value);
  const full = codecIs(value);
  if (fast !== full) fail(`guards disagree (${fast} vs ${full}) on ${JSON.stringify(value)}`);
}

describe('isJobDetails', () => {
  it('accepts the details the service sends, as the codec does', () => {
    expect(isJobDetails(BASE)).toBeTrue();
    expect(isJobDetails({ state: { status: 'Completed' } })).toBeTrue();
    expect(isJobDetails({ status: 'Queued' })).toBeFalse();
    expect(isJobDetails(null)).toBeFalse();
  });

  it('agrees with the codec on every field it declares, for every probe value', () => {
    const fields = propsOf(Object.getPrototypeOf(JobDetails) as t.Mixed);
    // Every field of the codec is probed: a field added to the codec and not to the guard fails here.
    expect(Object.keys(fields).length).toBeGreaterThan(20);
    let checked = 0;
    for (const key of Object.keys(fields)) {
      for (const probe of PROBES) {
        expectSame({ ...BASE, [key]: probe });
        checked++;
      }
    }
    const stateFields = propsOf(fields['state']!);
    for (const key of Object.keys(stateFields)) {
      for (const probe of PROBES) {
        expectSame({ ...BASE, state: { status: 'Failed', [key]: probe } });
        checked++;
      }
    }
    for (const probe of PROBES) {
      expectSame(probe);
      expectSame({ ...BASE, program: { id: probe } });
      expectSame({ ...BASE, usage: { seconds: probe } });
      expectSame({ ...BASE, tags: ['a', probe] });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('agrees with the codec on every fixture', () => {
    const fixtures = loadFixtures();
    expect(fixtures.length).toBeGreaterThan(10);
    for (const f of fixtures) expectSame(f.value);
  });

  it('agrees with the codec on generated details, a timestamp seen before included', () => {
    const field = <A>(valid: fc.Arbitrary<A>): fc.Arbitrary<unknown> =>
      fc.oneof(
        { arbitrary: valid, weight: 6 },
        fc.constantFrom(...ODD_VALUES),
        fc.constant(null),
        fc.constant(undefined),
      );
    const details = fc.record(
      {
        id: field(fc.string()),
        status: field(fc.string()),
        state: field(
          fc.record(
            {
              status: field(fc.string()),
              reason: field(fc.string()),
              reason_code: field(fc.oneof(fc.integer(), fc.string())),
            },
            { requiredKeys: [] },
          ),
        ),
        created: field(fc.constantFrom('2026-11-23T10:00:00Z', '2026-11-23', 'yesterday')),
        ended: field(fc.constantFrom('2026-11-23T10:00:00Z', '2026-02-30T10:00:00Z')),
        cost: field(fc.double()),
        tags: field(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 })),
        program: field(fc.record({ id: field(fc.string()) })),
        usage: field(fc.record({ seconds: field(fc.double()) }, { requiredKeys: [] })),
        private: field(fc.boolean()),
        params: field(fc.dictionary(fc.string(), fc.integer())),
      },
      { requiredKeys: [] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(details, (value) => {
        expectSame(value);
        if (codecIs(value)) accepted++;
      }),
      { seed: 20261206, numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(3000);
  });
});
