// Every published payload in the shared fixtures (except the result bodies, covered by the
// result codecs' specs) decodes through its codec, with the decoded values checked.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { apiErrorFromResponse } from '../../src/codecs/api-error.js';
import { decode } from '../../src/codecs/decode.js';
import type { DecodeError } from '../../src/codecs/errors.js';
import { IamTokenResponse, LegacyLoginRequest, LegacyLoginResponse } from '../../src/codecs/iam.js';
import {
  CreateJobRequest,
  CreateJobResponse,
  JobDetails,
  JobsPage,
  LegacyCancelResponse,
  jobStatusOf,
  legacyCancelSucceeded,
} from '../../src/codecs/job.js';
import { decodePrimitiveParams } from '../../src/codecs/program-inputs.js';
import { OpaqueEncoded } from '../../src/codecs/encoded-params.js';
import { decodeEncodedResult, decodeRuntimeValue } from '../../src/codecs/result-encoded.js';
import { ExecutionSpan } from '../../src/codecs/result-model.js';
import { VersionsResponse } from '../../src/codecs/versions.js';
import { SessionCreateRequest, SessionPatch } from '../../src/codecs/session.js';
import { mapLegacyStatus } from '../../src/codecs/status.js';
import { TagsBody } from '../../src/codecs/tags.js';
import {
  LegacyJobStatusData,
  decodeLegacyClientMessage,
  decodeLegacyServerMessage,
  queueInfoOf,
} from '../../src/codecs/ws-messages.js';
import { FIXTURES } from '../helpers/fixtures.js';

const text = (name: string): string => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
const text_ = text;
const json = (name: string): unknown => JSON.parse(text(name));

function right<A>(r: E.Either<DecodeError, A>): A {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.message}`);
  return r.right;
}

const covered = new Set<string>();
function fixture(name: string, body: () => void): void {
  covered.add(name);
  it(name, body);
}

describe('shared fixtures', () => {
  fixture('create_job_request_estimator_docs', () => {
    const req = right(decode(CreateJobRequest, json('create_job_request_estimator_docs')));
    expect(req.program_id).toBe('estimator');
    expect(req.backend).toBe('<BACKEND_NAME>');
    const decoded = right(decodePrimitiveParams(req.program_id, req.params));
    if (decoded.program !== 'estimator') return fail('expected estimator params');
    expect(decoded.params.version).toBe('2');
    const [circuit, observables, parameterValues] = decoded.params.pubs[0]!;
    expect(circuit).toContain('OPENQASM 3.0;');
    expect(observables as unknown).toEqual({ IZI: 1, IXI: 2.3 });
    expect(parameterValues).toBeNull();
  });

  fixture('create_job_request_sampler_docs', () => {
    const req = right(decode(CreateJobRequest, json('create_job_request_sampler_docs')));
    const decoded = right(decodePrimitiveParams(req.program_id, req.params));
    if (decoded.program !== 'sampler') return fail('expected sampler params');
    expect(decoded.params.pubs.length).toBe(2);
    expect(decoded.params.pubs[0]!.length).toBe(1);
    expect(decoded.params.pubs[1]![1]).toBeNull();
    expect(decoded.params.pubs[1]![2]).toBe(500);
  });

  fixture('create_job_request_sampler_options_docs', () => {
    const req = right(decode(CreateJobRequest, json('create_job_request_sampler_options_docs')));
    const decoded = right(decodePrimitiveParams(req.program_id, req.params));
    if (decoded.program !== 'sampler') return fail('expected sampler params');
    expect(decoded.params.options?.dynamical_decoupling?.['sequence_type']).toBe('XpXm');
    expect(decoded.params.options?.twirling?.['strategy']).toBe('active-accum');
  });

  fixture('create_job_response_docs', () => {
    expect(right(decode(CreateJobResponse, json('create_job_response_docs')))).toEqual({
      id: 'd6147q3traac73bef6f0',
      backend: 'ibm_pittsburgh',
    });
  });

  fixture('error_body_direct_access_job_not_found_1291', () => {
    const err = apiErrorFromResponse({
      status: 404,
      bodyText: text('error_body_direct_access_job_not_found_1291'),
      method: 'GET',
      url: '/v1/jobs/77b65b44',
    });
    expect(err._tag).toBe('IBMApiError');
    expect(err.status).toBe(404);
    expect(err.code).toBe(1291);
    expect(err.message).toBe(
      'GET /v1/jobs/77b65b44: HTTP 404 (code 1291): Job not found. Job ID: 77b65b44-07bc-4557-80e2-7f73a6be8ea4',
    );
    expect(err.moreInfo).toBe('https://cloud.ibm.com/apidocs/quantum-computing#error-handling');
    expect(err.trace).toBeUndefined();
    expect(err.details.length).toBe(1);
  });

  fixture('error_body_legacy_login_license', () => {
    const err = apiErrorFromResponse({
      status: 401,
      bodyText: text('error_body_legacy_login_license'),
    });
    expect(err.code).toBe('ACCEPT_LICENSE_REQUIRED');
    expect(err.message).toBe('HTTP 401 (code ACCEPT_LICENSE_REQUIRED): <license message>');
  });

  fixture('iam_token_response_docs', () => {
    const token = right(decode(IamTokenResponse, json('iam_token_response_docs')));
    expect(token.token_type).toBe('Bearer');
    expect(token.expires_in).toBe(3600);
    expect(token.expiration).toBe(1473188353);
    expect(token.access_token.startsWith('eyJ')).toBe(true);
  });

  fixture('job_details_state_queued_docs', () => {
    const details = right(decode(JobDetails, json('job_details_state_queued_docs')));
    const mapped = jobStatusOf(details);
    expect(mapped.status).toBe('QUEUED');
    expect(mapped.raw).toBe('Queued');
    expect(mapped.maxExecutionTimeExceeded).toBe(false);
  });

  fixture('job_tags_put_body', () => {
    expect(right(decode(TagsBody, json('job_tags_put_body'))).tags).toEqual(['tag1', 'tag2']);
  });

  fixture('jobs_list_openapi_example_classic', () => {
    const page = right(decode(JobsPage, json('jobs_list_openapi_example_classic')));
    expect([page.count, page.limit, page.offset]).toEqual([1, 1, 0]);
    const job = page.jobs[0]!;
    expect(job.id).toBe('c5dge2d3rn7breq27i9g');
    expect(job.program?.id).toBe('sampler');
    expect(job.tags?.length).toBe(4);
    expect(job.usage?.seconds).toBe(1);
    expect(jobStatusOf(job).status).toBe('DONE');
  });

  fixture('jobs_page_without_jobs_openapi', () => {
    // The required fields of JobsResponse alone (offset, limit; jobs and count are Option<>).
    const page = right(decode(JobsPage, json('jobs_page_without_jobs_openapi')));
    expect(page.jobs).toEqual([]);
    expect([page.offset, page.limit, page.count]).toEqual([0, 10, undefined]);
  });

  fixture('job_details_reason_code_text', () => {
    const details = right(decode(JobDetails, json('job_details_reason_code_text')));
    const mapped = jobStatusOf(details);
    expect(mapped.status).toBe('ERROR');
    expect(mapped.reasonCode).toBe(1305);
    expect(mapped.maxExecutionTimeExceeded).toBeTrue();
    expect(mapped.reason).toBe('Ran too long');
  });

  fixture('versions_openapi_strings', () => {
    const versions = right(decode(VersionsResponse, json('versions_openapi_strings'))).versions;
    expect(versions.map((v) => v.version)).toEqual(['2025-01-01', '2025-05-01', '2025-06-01']);
    expect(versions.every((v) => v.status === 'live')).toBeTrue();
  });

  fixture('runtimeencoder_settings_unknown_module', () => {
    // An object the official decoder hands back unchanged: kept opaque, inside a result too.
    const settings = json('runtimeencoder_settings_unknown_module');
    const lone = right(decodeRuntimeValue(settings)) as OpaqueEncoded;
    expect(lone).toEqual(
      new OpaqueEncoded('settings', { args: ['echo', 'hi'] }, 'subprocess.Popen'),
    );
    const result = right(
      decodeEncodedResult({
        __type__: 'PrimitiveResult',
        __value__: { pub_results: [], metadata: { version: 2, extra: settings } },
      }),
    );
    expect(result.metadata['extra']).toEqual(lone);
  });

  fixture('runtimeencoder_spans_unknown_types', () => {
    // Execution spans written by a newer client: an unknown collection tag and span type.
    const spans = right(decodeRuntimeValue(json('runtimeencoder_spans_unknown_types')));
    if (!(spans instanceof OpaqueEncoded)) return fail('expected an opaque collection');
    expect(spans.type).toBe('yoohoo');
    const list = (spans.value as { spans: unknown[] }).spans;
    expect(
      list.map((s) => (s instanceof ExecutionSpan ? s.type : (s as OpaqueEncoded).type)),
    ).toEqual(['ExecutionSpan', 'TwirledSliceSpan', 'unknown-type', 'DoubleSliceSpan']);
    const unknown = list[2] as OpaqueEncoded;
    expect((unknown.value as { start: Date }).start).toEqual(new Date('2024-09-20T00:00:00Z'));
    // Under its real tag inside a result, the known spans are the result's execution spans.
    const text = text_('runtimeencoder_spans_unknown_types').replace(
      '"yoohoo"',
      '"ExecutionSpans"',
    );
    const result = right(
      decodeEncodedResult({
        __type__: 'PrimitiveResult',
        __value__: {
          pub_results: [],
          metadata: { execution: { execution_spans: JSON.parse(text) } },
        },
      }),
    );
    expect(result.executionSpans.map((s) => s.type)).toEqual([
      'ExecutionSpan',
      'TwirledSliceSpan',
      'DoubleSliceSpan',
    ]);
  });

  fixture('legacy_cancel_response', () => {
    expect(
      legacyCancelSucceeded(right(decode(LegacyCancelResponse, json('legacy_cancel_response')))),
    ).toBe(true);
  });

  fixture('legacy_job_status_queued_infoqueue', () => {
    const data = right(decode(LegacyJobStatusData, json('legacy_job_status_queued_infoqueue')));
    expect(mapLegacyStatus(data.status).status).toBe('QUEUED');
    expect(data.infoQueue?.status).toBe('PENDING_IN_QUEUE');
    expect(queueInfoOf(data)).toEqual({ queuePosition: 1 });
  });

  fixture('legacy_login_request', () => {
    expect(right(decode(LegacyLoginRequest, json('legacy_login_request'))).apiToken).toBe(
      '<API_TOKEN>',
    );
  });

  fixture('legacy_login_response_shape', () => {
    expect(right(decode(LegacyLoginResponse, json('legacy_login_response_shape'))).id).toBe(
      '<ACCESS_TOKEN>',
    );
  });

  fixture('runtime_fake_job_details_unit_test', () => {
    const details = right(decode(JobDetails, json('runtime_fake_job_details_unit_test')));
    expect(details.image).toBeNull();
    const mapped = jobStatusOf(details);
    expect(mapped.status).toBe('ERROR');
    expect(mapped.maxExecutionTimeExceeded).toBe(true);
    expect(mapped.reasonCode).toBe(1305);
    expect(mapped.reason).toBe('RAN TOO LONG');
    expect(mapped.raw).toBe('CANCELLED');
  });

  fixture('session_close_patch_body', () => {
    expect(right(decode(SessionPatch, json('session_close_patch_body')))).toEqual({
      accepting_jobs: false,
    });
  });

  fixture('session_create_request_client', () => {
    const req = right(decode(SessionCreateRequest, json('session_create_request_client')));
    expect(req.mode).toBe('dedicated');
    expect(req.backend).toBe('ibm_backend');
    expect(req.max_ttl).toBe(28800);
  });

  fixture('ws_legacy_client_auth_message', () => {
    expect(right(decodeLegacyClientMessage(text('ws_legacy_client_auth_message')))).toEqual({
      type: 'authentication',
      data: '<access_token>',
    });
  });

  fixture('ws_legacy_job_status_completed', () => {
    const msg = right(decodeLegacyServerMessage(text('ws_legacy_job_status_completed')));
    if (msg.type !== 'job-status' || msg.data === undefined)
      return fail('expected job-status data');
    expect(mapLegacyStatus(msg.data.status).status).toBe('DONE');
  });

  fixture('ws_legacy_job_status_running', () => {
    const msg = right(decodeLegacyServerMessage(text('ws_legacy_job_status_running')));
    if (msg.type !== 'job-status' || msg.data === undefined)
      return fail('expected job-status data');
    expect(mapLegacyStatus(msg.data.status).status).toBe('RUNNING');
    expect(queueInfoOf(msg)).toEqual({});
  });

  fixture('ws_legacy_server_authenticated', () => {
    expect(right(decodeLegacyServerMessage(text('ws_legacy_server_authenticated')))).toEqual({
      type: 'authenticated',
    });
  });

  it('covers every fixture except the result bodies', () => {
    const names = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json') && !f.startsWith('results_'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
  });
});
