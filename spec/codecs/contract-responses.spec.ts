// Contract with IBM Quantum Platform's answers: for every response the client decodes, samples
// built from the OpenAPI models of Qiskit/qiskit-ibm-runtime-c
// crates/ibm-quantum-platform-api/src/models/*.rs (required fields only, optional fields null,
// every field, every enum value; see spec/helpers/openapi-samples.ts) decode through the codec
// the client uses, and read as the official clients read them.
import * as E from 'fp-ts/lib/Either.js';
import { decodeApiErrorBody } from '../../src/codecs/api-error.js';
import {
  BackendsResponse,
  backendNamesOf,
  decodeBackendStatus,
} from '../../src/codecs/backends.js';
import { decode } from '../../src/codecs/decode.js';
import type { DecodeError } from '../../src/codecs/errors.js';
import { CreateJobResponse, JobDetails, JobsPage, jobStatusOf } from '../../src/codecs/job.js';
import { JobMetrics } from '../../src/codecs/metrics.js';
import { isSamplerPubResult } from '../../src/codecs/result-model.js';
import { decodeResult } from '../../src/codecs/results.js';
import { SessionDetails, sessionStatusText } from '../../src/codecs/session.js';
import { isUnknownStatus } from '../../src/codecs/status.js';
import { VersionsResponse } from '../../src/codecs/versions.js';
import { InstanceUsageResponse, instanceUsageOf } from '../../src/service/instance-usage.js';
import { fixtureJson } from '../helpers/fixtures.js';
import {
  BackendStatusResponseModel,
  BackendsResponseV2Model,
  CreateJob200ResponseModel,
  CreateSession200ResponseModel,
  ErrorResponseModel,
  GetUsage200ResponseModel,
  JobMetricsModel,
  JobResponseModel,
  JobsResponseModel,
  VersionResponseModel,
  samplesOf,
} from '../helpers/openapi-samples.js';
import type { Model } from '../helpers/openapi-samples.js';

function right<A>(r: E.Either<DecodeError, A>, what: string): A {
  if (E.isLeft(r)) throw new Error(`${what}: expected to decode, got ${r.left.message}`);
  return r.right;
}

/** Every sample of `model` decodes, and `check` holds of what the client reads. */
function contract(
  model: Model,
  check: (value: Record<string, unknown>, name: string) => void,
): void {
  describe(model.source, () => {
    for (const { name, value } of samplesOf(model)) {
      it(`decodes a sample with ${name}`, () => check(value as Record<string, unknown>, name));
    }
  });
}

describe('contract: IBM Quantum Platform answers (OpenAPI models)', () => {
  // GET /v1/jobs/{id}: RuntimeJobV2._set_status reads state.status, reason, reason_code
  // (qiskit_ibm_runtime/base_runtime_job.py).
  contract(JobResponseModel, (value, name) => {
    const job = right(decode(JobDetails, value), name);
    const mapped = jobStatusOf(job);
    expect(isUnknownStatus(mapped.status)).withContext(JSON.stringify(value['state'])).toBeFalse();
    expect(job.id).toBe(value['id'] as string);
  });

  // GET /v1/jobs: QiskitRuntimeService.jobs reads jobs and count (qiskit_runtime_service.py).
  contract(JobsResponseModel, (value, name) => {
    const page = right(decode(JobsPage, value), name);
    expect(page.jobs.length).toBe(((value['jobs'] as unknown[] | null | undefined) ?? []).length);
  });

  // POST /v1/jobs: the new job's id and backend.
  contract(CreateJob200ResponseModel, (value, name) => {
    const created = right(decode(CreateJobResponse, value), name);
    expect([created.id, created.backend]).toEqual([
      value['id'] as string,
      value['backend'] as string,
    ]);
  });

  // GET /v1/jobs/{id}/metrics: RuntimeJobV2.metrics() returns it as it is.
  contract(JobMetricsModel, (value, name) => {
    right(decode(JobMetrics, value), name);
  });

  // POST /v1/sessions and GET /v1/sessions/{id}: Session.details() (qiskit_ibm_runtime/session.py).
  contract(CreateSession200ResponseModel, (value, name) => {
    const session = right(decode(SessionDetails, value), name);
    expect(session.id).toBe(value['id'] as string);
    if (value['state'] !== undefined && value['state'] !== null) {
      expect(sessionStatusText(session)).toBeDefined();
    }
  });

  // GET /v1/versions.
  contract(VersionResponseModel, (value, name) => {
    const versions = right(decode(VersionsResponse, value), name).versions;
    expect(versions.map((v) => v.version)).toEqual(value['versions'] as string[]);
  });

  // GET /v1/backends: QiskitRuntimeService.backends reads each device's name.
  contract(BackendsResponseV2Model, (value, name) => {
    const list = right(decode(BackendsResponse, value), name);
    const devices = (value['devices'] as { name: string }[] | null | undefined) ?? [];
    expect(backendNamesOf(list)).toEqual(devices.map((d) => d.name));
  });

  // GET /v1/backends/{name}/status: cloud_backend.py status() builds a BackendStatus.
  contract(BackendStatusResponseModel, (value, name) => {
    const status = right(decodeBackendStatus('ibm_torino', value), name);
    expect(status.pending_jobs).toBe(value['length_queue'] as number);
    expect(status.operational).toBe(value['state'] === true);
  });

  // GET /v1/instances/usage: QiskitRuntimeService.usage().
  contract(GetUsage200ResponseModel, (value, name) => {
    const usage = instanceUsageOf(right(decode(InstanceUsageResponse, value), name));
    expect(usage.instanceId).toBe(value['instance_id'] as string);
    expect(usage.consumedSeconds).toBe(value['usage_consumed_seconds'] as number);
  });

  // Every error answer: the message of the first error, its code, the trace; a body with
  // none of them still gives the HTTP reason.
  contract(ErrorResponseModel, (value) => {
    const fields = decodeApiErrorBody(400, JSON.stringify(value));
    const first = (
      value['errors'] as { message?: string; code?: string }[] | null | undefined
    )?.[0];
    expect(fields.status).toBe(400);
    expect(fields.message).toBe(first?.message ?? 'Bad Request');
    if (typeof value['trace'] === 'string') expect(fields.trace).toBe(value['trace']);
  });

  it('list_jobs_400_response.rs: a body with its trace and no errors keeps the trace', () => {
    for (const body of [{ trace: 'c9b2f0' }, { trace: 'c9b2f0', errors: null }]) {
      const fields = decodeApiErrorBody(503, JSON.stringify(body));
      expect(fields.trace).toBe('c9b2f0');
      expect(fields.message).toBe('Service Unavailable');
    }
  });

  // GET /v1/jobs/{id}/results without support_qiskit: sampler_v2_job_result.rs
  // (results[].data.<register>.{samples: Vec<String>, num_bits: u32}, metadata: Value).
  it('sampler_v2_job_result.rs: a result with its required fields decodes', () => {
    const body = {
      results: [
        { data: { c: { samples: ['0x0', '0x3', '0x3', '0x1'], num_bits: 2 } }, metadata: null },
      ],
      metadata: null,
    };
    const result = right(decodeResult(JSON.stringify(body)), 'result');
    const pub = result[0]!;
    if (!isSamplerPubResult(pub)) return fail('expected a sampler pub');
    expect(pub.data['c']!.getCounts()).toEqual({ '00': 1, '11': 2, '01': 1 });
  });

  // Published examples of the same answers (spec/fixtures/README.md names them).
  it('the published examples decode', () => {
    right(decode(CreateJobResponse, fixtureJson('create_job_response_docs.json')), 'create');
    const page = right(
      decode(JobsPage, fixtureJson('jobs_list_openapi_example_classic.json')),
      'list',
    );
    expect(page.jobs.length).toBe(1);
    right(decode(JobDetails, fixtureJson('job_details_state_queued_docs.json')), 'details');
    right(decodeResult(fixtureJson('results_plain_sampler_ibm_torino.json')), 'result');
  });
});
