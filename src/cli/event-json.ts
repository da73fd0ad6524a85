/**
 * A job event as one plain JSON object for `qjobs watch --json`: its fields, the time as
 * ISO-8601 text, and results as counts or expectation values.
 *
 * @module
 */
import { PrimitiveResult } from '../codecs/result-model.js';
import type { JobEvent } from '../events/job-event.js';
import { resultJson } from './format-result.js';

function dateText(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** The event as plain JSON data (see docs/cli.md for each type's fields). */
export function eventJson(event: JobEvent): Record<string, unknown> {
  const base = { type: event.type, jobId: event.jobId, time: event.time.toISOString() };
  switch (event.type) {
    case 'status':
      return {
        ...base,
        status: event.status,
        previous: event.previous ?? null,
        source: event.source,
        ...(event.reason !== undefined ? { reason: event.reason } : {}),
        ...(event.reasonCode !== undefined ? { reasonCode: event.reasonCode } : {}),
        ...(event.maxExecutionTimeExceeded ? { maxExecutionTimeExceeded: true } : {}),
      };
    case 'unknownStatus':
      return { ...base, raw: event.raw, source: event.source };
    case 'progress':
      return {
        ...base,
        ...(event.queuePosition !== undefined ? { queuePosition: event.queuePosition } : {}),
        ...(event.estimatedStartTime !== undefined
          ? { estimatedStartTime: dateText(event.estimatedStartTime) }
          : {}),
        ...(event.estimatedCompletionTime !== undefined
          ? { estimatedCompletionTime: dateText(event.estimatedCompletionTime) }
          : {}),
        ...(event.pollIntervalMs !== undefined ? { pollIntervalMs: event.pollIntervalMs } : {}),
      };
    case 'interim':
      return {
        ...base,
        index: event.index,
        value: event.value instanceof PrimitiveResult ? resultJson(event.value) : event.value,
      };
    case 'result':
      return { ...base, results: resultJson(event.result) };
    case 'metrics':
      return { ...base, metrics: event.metrics };
    case 'logs':
      return { ...base, logs: event.logs };
    case 'connection':
      return {
        ...base,
        channel: event.channel,
        state: event.state,
        ...(event.detail !== undefined ? { detail: event.detail } : {}),
      };
  }
}
