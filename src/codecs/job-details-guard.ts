/**
 * The type guard of the job details codec written out as plain branches: the same answer as
 * the io-ts guard of `JobDetails`, for every value, in a small part of its time.
 *
 * A job's details are checked on every poll of every job, and the io-ts guard of an
 * intersection of a 21-field partial walks every field through a union's closure. The fields and
 * their rules here are those of `JobDetails`, `JobState`, `JobProgram` and `JobUsage` in
 * `job.ts`; `spec/codecs/job-details-guard.spec.ts` checks both guards agree, field by field, on
 * every field the codecs declare.
 *
 * @module
 */
import { isIsoDateString } from './scalars.js';

type Fields = Readonly<Record<string, unknown>>;

/** io-ts's `UnknownRecord`: an object that is not an array. */
function isRecord(u: unknown): u is Fields {
  return u !== null && typeof u === 'object' && !Array.isArray(u);
}

function isFiniteNumber(u: unknown): boolean {
  return typeof u === 'number' && Number.isFinite(u);
}

/** The last timestamp found valid: a job's `created` is the same at every poll. */
let lastDate: string | undefined;

function isDate(u: unknown): boolean {
  if (u === lastDate) return true;
  if (!isIsoDateString(u)) return false;
  lastDate = u;
  return true;
}

/** Absent, `null`, or a string. */
function optString(u: unknown): boolean {
  return u === undefined || u === null || typeof u === 'string';
}

/** Absent, `null`, or a finite number. */
function optFinite(u: unknown): boolean {
  return u === undefined || u === null || isFiniteNumber(u);
}

/** Absent, `null`, or a reason code (a number or its text). */
function optReasonCode(u: unknown): boolean {
  return u === undefined || u === null || typeof u === 'number' || typeof u === 'string';
}

function isJobState(u: unknown): boolean {
  return (
    isRecord(u) &&
    typeof u['status'] === 'string' &&
    optString(u['reason']) &&
    optReasonCode(u['reason_code']) &&
    optReasonCode(u['reasonCode']) &&
    optString(u['reason_solution'])
  );
}

function optTags(u: unknown): boolean {
  if (u === undefined || u === null) return true;
  if (!Array.isArray(u)) return false;
  for (const tag of u as unknown[]) if (typeof tag !== 'string') return false;
  return true;
}

function optUsage(u: unknown): boolean {
  return u === undefined || u === null || (isRecord(u) && optFinite(u['seconds']));
}

function optProgram(u: unknown): boolean {
  return u === undefined || (isRecord(u) && typeof u['id'] === 'string');
}

function optRecord(u: unknown): boolean {
  return u === undefined || u === null || isRecord(u);
}

function optDate(u: unknown): boolean {
  return u === undefined || u === null || isDate(u);
}

/** Whether `u` is a job's details as `JobDetails` reads them (the same answer as its `is`). */
export function isJobDetails(u: unknown): boolean {
  if (!isRecord(u) || !isJobState(u['state'])) return false;
  const id = u['id'];
  const status = u['status'];
  const priv = u['private'];
  return (
    (id === undefined || typeof id === 'string') &&
    (status === undefined || typeof status === 'string') &&
    optString(u['backend']) &&
    optRecord(u['params']) &&
    optProgram(u['program']) &&
    optDate(u['created']) &&
    optDate(u['ended']) &&
    optString(u['runtime']) &&
    optString(u['image']) &&
    optFinite(u['cost']) &&
    optTags(u['tags']) &&
    optRecord(u['remote_storage']) &&
    optString(u['session_id']) &&
    optString(u['user_id']) &&
    optUsage(u['usage']) &&
    (priv === undefined || priv === null || typeof priv === 'boolean') &&
    optFinite(u['estimated_running_time_seconds']) &&
    optFinite(u['estimated_max_running_time_seconds']) &&
    optString(u['calibration_id']) &&
    optString(u['mode']) &&
    optString(u['status_reason'])
  );
}
