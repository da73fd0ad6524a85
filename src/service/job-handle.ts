/**
 * The serialisable handle of a job (`job.toDict()`, `RuntimeJob.fromDict(service, dict)`):
 * plain JSON with the job's id, what is known about it, and the last status seen, so a
 * re-attached job resumes its stream from there. It never carries credentials.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode } from '../codecs/decode.js';
import { DecodeError } from '../codecs/errors.js';
import { IsoDateString, NonNegativeInt } from '../codecs/scalars.js';
import { JOB_STATUSES } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';

/** The value of `JobHandle.type`. */
export const JOB_HANDLE_TYPE = 'quantum-jobs-rx/RuntimeJob';

/** The current version of the handle format. */
export const JOB_HANDLE_VERSION = 1;

const JobStatusCodec = t.keyof(
  Object.fromEntries(JOB_STATUSES.map((s) => [s, null])) as Record<JobStatus, null>,
  'JobStatus',
);

/** Codec of {@link JobHandle}: `type`, `version` and `jobId` are required. */
export const JobHandleCodec = t.intersection(
  [
    t.type({
      type: t.literal(JOB_HANDLE_TYPE),
      version: t.literal(JOB_HANDLE_VERSION),
      jobId: t.string,
    }),
    t.partial({
      /** API root of the service the job belongs to (informational; no credentials). */
      url: t.string,
      programId: t.string,
      backend: t.string,
      sessionId: t.string,
      tags: t.array(t.string),
      /** Creation time, ISO-8601. */
      creationDate: IsoDateString,
      /** The last status the job was seen in; a re-attached stream starts after it. */
      status: JobStatusCodec,
      reason: t.string,
      reasonCode: t.number,
      maxExecutionTimeExceeded: t.boolean,
      private: t.boolean,
      /** Interim results already delivered to a stream (informational). */
      interimCount: NonNegativeInt,
    }),
  ],
  'JobHandle',
);

/**
 * A serialisable job handle (see the module doc).
 *
 * @category Services and jobs
 */
export type JobHandle = t.TypeOf<typeof JobHandleCodec>;

/** Check a value read back from storage; a {@link DecodeError} names the bad field (`handle.jobId`). */
export function decodeJobHandle(value: unknown): E.Either<DecodeError, JobHandle> {
  const decoded = decode(JobHandleCodec, value, 'handle');
  if (E.isLeft(decoded)) return decoded;
  if (decoded.right.jobId.trim() === '') {
    return E.left(new DecodeError('handle.jobId', 'non-empty string', decoded.right.jobId));
  }
  return decoded;
}
