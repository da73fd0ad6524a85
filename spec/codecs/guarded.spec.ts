import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import * as t from 'io-ts';
import { decode } from '../../src/codecs/decode.js';
import { guarded } from '../../src/codecs/guarded.js';
import { JobDetails, JobsPage } from '../../src/codecs/job.js';
import { loadFixtures } from '../fuzz/support/fixtures.js';
import { ODD_VALUES } from '../fuzz/support/mutate.js';

/** The job details codec without its fast path: what the guarded one must agree with. */
const FullJobDetails = Object.getPrototypeOf(JobDetails) as t.Mixed;

/** Decode with both codecs and compare everything a caller can see of the outcome. */
function agree(value: unknown, fast: t.Mixed, full: t.Mixed): void {
  const a = decode(fast, value);
  const b = decode(full, value);
  expect(a._tag).toBe(b._tag);
  if (E.isLeft(a) && E.isLeft(b)) {
    expect(a.left.path).toBe(b.left.path);
    expect(a.left.expected).toBe(b.left.expected);
    expect(a.left.message).toBe(b.left.message);
  } else if (E.isRight(a) && E.isRight(b)) {
    expect(a.right).toEqual(b.right);
  }
}

describe('guarded', () => {
  it('keeps the kind of codec it wraps, with its name and members', () => {
    expect(FullJobDetails).not.toBe(JobDetails);
    expect(JobDetails.name).toBe('JobDetails');
    expect(JobDetails._tag).toBe('IntersectionType');
    expect(JobDetails.types.length).toBe(2);
  });

  it('hands back a valid value itself, without copying it', () => {
    const details = { id: 'j1', state: { status: 'Queued' }, created: '2026-11-23T10:00:00Z' };
    const result = JobDetails.decode(details);
    expect(E.isRight(result) && result.right === details).toBeTrue();
  });

  it('fails with the same DecodeError as the full validation, also inside an array', () => {
    const bad = { id: 'j1', state: { status: 7 } };
    agree(bad, JobDetails, FullJobDetails);
    const page = decode(JobsPage, { jobs: [{ state: { status: 'Queued' } }, bad], count: 2 });
    expect(E.isLeft(page) && page.left.path).toBe('jobs[1].state.status');
  });

  it('agrees with the full validation on every fixture', () => {
    const fixtures = loadFixtures();
    expect(fixtures.length).toBeGreaterThan(10);
    for (const f of fixtures) agree(f.value, JobDetails, FullJobDetails);
  });

  it('agrees with the full validation on job details with odd fields', () => {
    const odd = fc.constantFrom(...ODD_VALUES);
    const field = <A>(valid: fc.Arbitrary<A>): fc.Arbitrary<unknown> =>
      fc.oneof({ arbitrary: valid, weight: 8 }, odd, fc.constant(null), fc.constant(undefined));
    const details = fc.record(
      {
        id: field(fc.string()),
        status: field(fc.constantFrom('Queued', 'Cancelled - Ran too long')),
        state: fc.oneof(
          fc.record(
            {
              status: field(fc.constantFrom('Queued', 'Running', 'Failed')),
              reason: field(fc.string()),
              reason_code: field(fc.integer()),
            },
            { requiredKeys: [] },
          ),
          odd,
        ),
        created: field(fc.constantFrom('2026-11-23T10:00:00Z', '2026-11-23')),
        cost: field(fc.double()),
        tags: field(fc.array(fc.string(), { maxLength: 3 })),
        program: field(fc.record({ id: field(fc.string()) })),
        usage: field(fc.record({ seconds: field(fc.double()) }, { requiredKeys: [] })),
        private: field(fc.boolean()),
      },
      { requiredKeys: [] },
    );
    let valid = 0;
    fc.assert(
      fc.property(details, (value) => {
        agree(value, JobDetails, FullJobDetails);
        if (E.isRight(JobDetails.decode(value))) valid++;
      }),
      { seed: 20261123, numRuns: 3000 },
    );
    // Both outcomes were exercised.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(3000);
  });

  it('works for any non-transforming codec', () => {
    const Point = guarded(t.type({ x: t.number, y: t.union([t.number, t.null]) }, 'Point'));
    const full = Object.getPrototypeOf(Point) as t.Mixed;
    for (const v of [
      { x: 1, y: null },
      { x: 1 },
      { x: '1', y: 2 },
      null,
      [],
      { x: 1, y: 2, z: 3 },
    ]) {
      agree(v, Point, full);
    }
  });
});
