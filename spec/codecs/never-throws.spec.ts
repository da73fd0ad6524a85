// Property: whatever JSON value (or frame text) reaches a decoder, the answer is a Right or a
// DecodeError with a path that exists in the input; nothing ever throws.
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { apiErrorFromResponse } from '../../src/codecs/api-error.js';
import {
  BackendConfiguration,
  BackendsResponse,
  BackendStatus,
  decodeBackendStatus,
} from '../../src/codecs/backends.js';
import { decode } from '../../src/codecs/decode.js';
import { DecodeError, IBMApiError } from '../../src/codecs/errors.js';
import { IamTokenResponse, decodeIamTokenRequest } from '../../src/codecs/iam.js';
import {
  CreateJobRequest,
  CreateJobResponse,
  JobDetails,
  JobsPage,
  JobState,
  decodeJobListQuery,
  jobStatusOf,
} from '../../src/codecs/job.js';
import { JobMetrics } from '../../src/codecs/metrics.js';
import {
  EstimatorParams,
  EstimatorPub,
  Observables,
  ParameterValues,
  SamplerParams,
  SamplerPub,
  decodePrimitiveParams,
} from '../../src/codecs/program-inputs.js';
import { SessionCreateRequest, SessionDetails, SessionPatch } from '../../src/codecs/session.js';
import { TagsBody } from '../../src/codecs/tags.js';
import { VersionsResponse } from '../../src/codecs/versions.js';
import {
  decodeLegacyClientMessage,
  decodeLegacyServerMessage,
  queueInfoOf,
} from '../../src/codecs/ws-messages.js';

const codecs: Record<string, t.Type<unknown, unknown, unknown>> = {
  JobState,
  JobDetails,
  CreateJobRequest,
  CreateJobResponse,
  JobsPage,
  JobMetrics,
  SamplerPub,
  EstimatorPub,
  ParameterValues,
  Observables,
  SamplerParams,
  EstimatorParams,
  SessionCreateRequest,
  SessionDetails,
  SessionPatch,
  TagsBody,
  IamTokenResponse,
  VersionsResponse,
  BackendsResponse,
  BackendConfiguration,
  BackendStatus,
} as Record<string, t.Type<unknown, unknown, unknown>>;

/** Values shaped like the payloads, so decoding gets past the first field often. */
const payloadish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.constantFrom(
      'Queued',
      'ZZ',
      'XQ',
      'OPENQASM 3.0;',
      '2024-01-01T00:00:00Z',
      'job-status',
      'dedicated',
      '',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'state',
        'status',
        'pubs',
        'version',
        'id',
        'jobs',
        'tags',
        'errors',
        'data',
        'type',
        'ZZ',
        'name',
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** Split a printed path (`body.pubs[0]["a b"]`) back into its steps, or undefined if malformed. */
function parsePath(path: string, root: string): (string | number)[] | undefined {
  if (!path.startsWith(root)) return undefined;
  const steps: (string | number)[] = [];
  const re = /^(?:\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path.slice(root.length);
  while (rest !== '') {
    const m = re.exec(rest);
    if (m === null) return undefined;
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** The error's path is well formed and leads through the input (only its last step may be missing). */
function pathLeadsThrough(err: DecodeError, input: unknown, root: string): boolean {
  const steps = parsePath(err.path, root);
  if (steps === undefined || err.message.length === 0 || err.expected.length === 0) return false;
  let here: unknown = input;
  for (const step of steps.slice(0, -1)) {
    if (here === null || typeof here !== 'object') return false;
    here = (here as Record<string | number, unknown>)[step];
    if (here === undefined) return false;
  }
  return true;
}

describe('decoders never throw', () => {
  for (const [name, codec] of Object.entries(codecs)) {
    it(`${name}: any JSON value gives Right or a DecodeError`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), payloadish), (value) => {
          const r = decode(codec, value, 'body');
          if (E.isLeft(r)) {
            expect(r.left).toBeInstanceOf(DecodeError);
            expect(pathLeadsThrough(r.left, value, 'body'))
              .withContext(r.left.message)
              .toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('jobStatusOf and queueInfoOf accept whatever their codecs accept', () => {
    fc.assert(
      fc.property(payloadish, (value) => {
        const details = decode(JobDetails, value);
        if (E.isRight(details)) expect(typeof jobStatusOf(details.right).raw).toBe('string');
        const frame = decodeLegacyServerMessage(JSON.stringify(value) ?? '');
        if (E.isRight(frame)) expect(typeof queueInfoOf(frame.right)).toBe('object');
      }),
      { numRuns: 300 },
    );
  });

  it('text decoders take any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (s) => {
          for (const r of [
            decodeLegacyServerMessage(s),
            decodeLegacyClientMessage(s),
            decodeIamTokenRequest(s),
            decodeJobListQuery(new URLSearchParams(s)),
          ]) {
            if (E.isLeft(r)) expect(r.left).toBeInstanceOf(DecodeError);
          }
          const err = apiErrorFromResponse({ status: 500, bodyText: s, retryAfterHeader: s });
          expect(err).toBeInstanceOf(IBMApiError);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('program params and backend status take any value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sampler', 'estimator', 'other'),
        payloadish,
        (program, value) => {
          const p = decodePrimitiveParams(program, value);
          if (E.isLeft(p)) expect(p.left).toBeInstanceOf(DecodeError);
          const s = decodeBackendStatus('b', value);
          if (E.isLeft(s)) expect(s.left).toBeInstanceOf(DecodeError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
