/**
 * RuntimeService against the real local runtime: run/run$ (with the seeds' create errors and
 * callback streaming), job, backends, deleteJob, usage, versions, the IAM API-key path, the
 * shared request budget, polling without websockets, and what the service shows of itself.
 */
import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import {
  ConfigError,
  IBMApiError,
  IBMRuntimeError,
  RuntimeInvalidStateError,
  RuntimeJobNotFoundError,
} from '../../src/codecs/errors.js';
import type { PrimitiveResult, SamplerPubResult } from '../../src/codecs/result-model.js';
import {
  Backend,
  BackendNotFoundError,
  RuntimeProgramNotFoundError,
  RuntimeService,
  Sampler,
} from '../../src/service/index.js';
import { BELL, samplerInputs, useLocalRuntime } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';

describe('RuntimeService (quick jobs)', () => {
  const h = useLocalRuntime({ token: 'local-secret-token-123' });

  it('run() sends backend, maxExecutionTime (as cost), tags and logLevel', async () => {
    const { service, runtime } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64]), {
      backend: BACKEND,
      maxExecutionTime: 60,
      tags: ['exp', 'exp', 'bell'],
      logLevel: 'debug',
    });
    const record = runtime.jobRecord(job.jobId())!;
    expect(record.backend).toBe(BACKEND);
    expect(record.cost).toBe(60);
    expect(record.tags).toEqual(['exp', 'bell']);
    expect(job.programId).toBe('sampler');
    expect(job.backendName).toBe(BACKEND);
    await job.result();
  });

  it('run() of an unknown program fails with RuntimeProgramNotFoundError, an IBMRuntimeError', async () => {
    const error = await h()
      .service.run('circuit-runner', samplerInputs([BELL]), { backend: BACKEND })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(RuntimeProgramNotFoundError);
    expect(error).toBeInstanceOf(IBMRuntimeError);
    expect((error as RuntimeProgramNotFoundError)._tag).toBe('RuntimeProgramNotFoundError');
    expect((error as RuntimeProgramNotFoundError).programId).toBe('circuit-runner');
  });

  it('run() refused for another reason fails with IBMRuntimeError("Failed to run program: …")', async () => {
    const error = await h()
      .service.run('sampler', samplerInputs([BELL]), { backend: 'no_such_backend' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(IBMRuntimeError);
    expect(error).not.toBeInstanceOf(RuntimeProgramNotFoundError);
    expect((error as Error).message).toMatch(/^Failed to run program: .*Backend not found/);
    expect((error as IBMRuntimeError).cause).toBeInstanceOf(IBMApiError);
  });

  it('run() checks its options before sending anything', async () => {
    const { service, runtime } = h();
    await expectAsync(service.run('sampler', samplerInputs([BELL]))).toBeRejectedWithError(
      ConfigError,
      /backend is required/,
    );
    await expectAsync(
      service.run('sampler', samplerInputs([BELL]), { backend: BACKEND, maxExecutionTime: 0.5 }),
    ).toBeRejectedWithError(ConfigError, /maxExecutionTime/);
    await expectAsync(
      service.run('sampler', [] as unknown as Record<string, unknown>, { backend: BACKEND }),
    ).toBeRejectedWithError(ConfigError, /inputs/);
    expect(runtime.requestCount({ route: 'jobs.create' })).toBe(0);
  });

  it('run(…, callback) streams the result to the callback, like the seeds', async () => {
    const { service } = h();
    const received: [string, unknown][] = [];
    const job = await service.run(
      'sampler',
      samplerInputs([BELL, null, 64]),
      { backend: BACKEND },
      (id, value) => received.push([id, value]),
    );
    const result = await job.result();
    await job.waitForFinalState();
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(received.at(-1)).toEqual([job.jobId(), result]);
  });

  it('run$() is cold: nothing is created until it is subscribed to', async () => {
    const { service, runtime } = h();
    const job$ = service.run$('sampler', samplerInputs([BELL, null, 64]), { backend: BACKEND });
    expect(runtime.requestCount({ route: 'jobs.create' })).toBe(0);
    const job = await firstValueFrom(job$);
    expect(runtime.requestCount({ route: 'jobs.create' })).toBe(1);
    await job.result();
  });

  it('job(id) reads the job; an unknown id fails with RuntimeJobNotFoundError', async () => {
    const { service } = h();
    const created = await service.run('sampler', samplerInputs([BELL, null, 64]), {
      backend: BACKEND,
    });
    const job = await service.job(created.jobId());
    expect(job.jobId()).toBe(created.jobId());
    expect(job.programId).toBe('sampler');
    const counts = ((await job.result()) as PrimitiveResult<SamplerPubResult>)[0]!.data[
      'meas'
    ]!.getCounts();
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    await expectAsync(service.job('cccccccccccccccccccc')).toBeRejectedWithError(
      RuntimeJobNotFoundError,
    );
    await expectAsync(firstValueFrom(service.job$('cccccccccccccccccccc'))).toBeRejectedWithError(
      RuntimeJobNotFoundError,
    );
  });

  it('backend(name) and backends(filters) list the service backends', async () => {
    const { service } = h();
    const all = await service.backends();
    expect(all.map((b) => [b.name, b.simulator])).toEqual([
      ['local_simulator', true],
      ['ibmq_qasm_simulator', true],
      ['ibm_fez', false],
      ['ibm_sherbrooke', false],
    ]);
    expect(all.every((b) => b instanceof Backend)).toBeTrue();
    expect(await service.backends({ minNumQubits: 1000 })).toEqual([]);
    expect((await service.backends({ minNumQubits: 130 })).map((b) => b.name)).toEqual(['ibm_fez']);
    expect((await service.backends({ simulator: false })).map((b) => b.name)).toEqual([
      'ibm_fez',
      'ibm_sherbrooke',
    ]);
    expect((await service.backends({ operational: true })).length).toBe(4);
    const backend = await service.backend(BACKEND);
    expect(backend.numQubits).toBeGreaterThan(1);
    const status = await backend.status();
    expect(status).toEqual(jasmine.objectContaining({ backend_name: BACKEND, operational: true }));
    const config = await backend.configuration();
    expect(config.backend_name ?? config.name).toBe(BACKEND);
    await expectAsync(service.backend('ibm_nowhere')).toBeRejectedWithError(
      BackendNotFoundError,
      /ibm_nowhere/,
    );
  });

  it('deleteJob() deletes a finished job; unknown ids fail with RuntimeJobNotFoundError', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64]), { backend: BACKEND });
    await job.result();
    await service.deleteJob(job.jobId());
    await expectAsync(service.job(job.jobId())).toBeRejectedWithError(RuntimeJobNotFoundError);
    await expectAsync(service.deleteJob(job.jobId())).toBeRejectedWithError(
      RuntimeJobNotFoundError,
    );
  });

  it('usage() reads the instance usage; versions() the API versions', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64]), { backend: BACKEND });
    await job.result();
    const usage = await service.usage();
    expect(usage.consumedSeconds).toBeGreaterThanOrEqual(0);
    expect(usage.limitReached).toBeFalse();
    const versions = await service.versions();
    expect(versions.length).toBeGreaterThan(0);
    expect(versions[0]!.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('never shows its credentials in toString(), JSON or inspect', () => {
    const { service, runtime } = h();
    const secret = runtime.token;
    for (const text of [
      String(service),
      JSON.stringify(service),
      inspect(service, { depth: 10 }),
    ]) {
      expect(text).not.toContain(secret);
      expect(text).toContain(runtime.url);
    }
    const iam = h().another({ token: undefined, apiKey: secret });
    for (const text of [String(iam), JSON.stringify(iam), inspect(iam, { depth: 10 })]) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(JSON.stringify(iam))).toEqual(
      jasmine.objectContaining({ url: runtime.url, local: true, auth: 'iam' }),
    );
  });

  it('with an API key it exchanges it at POST /identity/token on the local runtime, once', async () => {
    const { runtime } = h();
    const service = h().another({ token: undefined, apiKey: runtime.token });
    expect(service.auth).toBe('iam');
    const sampler = new Sampler({ backend: await service.backend(BACKEND) });
    const job = await sampler.run([[BELL, null, 64]]);
    await job.result();
    expect(runtime.requestCount({ route: 'iam.token' })).toBe(1);
    const exchange = runtime.requests().find((r) => r.route === 'iam.token')!;
    expect(exchange.method).toBe('POST');
    expect(exchange.status).toBe(200);
  });

  it('a rejected API key fails requests with the IAM answer as cause', async () => {
    const service = h().another({
      token: undefined,
      apiKey: 'not-a-key',
      retry: { maxAttempts: 1 },
    });
    const error = await service.backends().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IBMRuntimeError);
    expect((error as IBMRuntimeError).cause).toBeInstanceOf(IBMApiError);
    expect(String((error as Error).message)).not.toContain('not-a-key');
  });

  it('with a requestBudget, jobs are polled through one shared scheduler', async () => {
    const service = h().another({ requestBudget: 50, websocket: false });
    const jobs = await Promise.all(
      [0, 1, 2].map(() =>
        service.run('sampler', samplerInputs([BELL, null, 32]), { backend: BACKEND }),
      ),
    );
    const results = await Promise.all(jobs.map((j) => j.result()));
    expect(results.length).toBe(3);
    service.close();
    service.close();
  });

  it('without websockets, jobs are watched by polling alone', async () => {
    const { runtime } = h();
    const service = h().another({ websocket: false });
    const job = await service.run('sampler', samplerInputs([BELL, null, 32]), { backend: BACKEND });
    await job.result();
    expect(runtime.openSockets().websockets).toBe(0);
    expect(runtime.requestCount({ route: 'jobs.get' })).toBeGreaterThan(0);
  });
});

describe('RuntimeService (slow jobs)', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 1000 } });

  // as qiskit-ibm-runtime qiskit_runtime_service.py least_busy: the online backends of the list
  // matching the filters, sorted by the list's queue_length (stable: the list order among equals)
  it('leastBusy(filters) is the operational backend matching them with the fewest jobs waiting', async () => {
    const { service } = h();
    expect((await service.leastBusy()).name).toBe('local_simulator');
    expect((await firstValueFrom(service.leastBusy$({ simulator: false }))).name).toBe('ibm_fez');
    const jobs = [];
    for (let i = 0; i < 2; i++) {
      jobs.push(
        await service.run('sampler', samplerInputs([BELL, null, 8]), {
          backend: 'local_simulator',
        }),
      );
    }
    jobs.push(await service.run('sampler', samplerInputs([BELL, null, 8]), { backend: 'ibm_fez' }));
    expect((await service.leastBusy()).name).toBe('ibmq_qasm_simulator');
    expect((await service.leastBusy({ simulator: false })).name).toBe('ibm_sherbrooke');
    expect((await service.leastBusy({ simulator: false, minNumQubits: 130 })).name).toBe('ibm_fez');
    await expectAsync(service.leastBusy({ minNumQubits: 1000 })).toBeRejectedWithError(
      BackendNotFoundError,
      /No operational backend matches the criteria \{"minNumQubits":1000\}/,
    );
    for (const job of jobs) await job.cancel().catch(() => undefined);
  });

  it('deleteJob() of a running job fails with RuntimeInvalidStateError', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 32]), { backend: BACKEND });
    await expectAsync(service.deleteJob(job.jobId())).toBeRejectedWithError(
      RuntimeInvalidStateError,
    );
    await job.cancel();
  });
});

describe('RuntimeService.leastBusy with a backend down', () => {
  const h = useLocalRuntime({
    backends: [{ name: 'down_sim', operational: false }, 'local_simulator', 'ibm_fez'],
  });

  it('passes over a backend that is not operational, from the list or from its status', async () => {
    const { service, another } = h();
    expect((await service.leastBusy()).name).toBe('local_simulator');
    // A list of names only (IBM-API-Version before 2025-01-01): status and load from each status.
    const warnings: string[] = [];
    const names = another({
      apiVersion: '2024-01-01',
      onWarning: (w) => warnings.push(w.message),
    });
    expect((await names.backends()).map((b) => b.statusName)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect((await names.leastBusy()).name).toBe('local_simulator');
    // The runtime says that version is deprecated, and the service tells it once.
    expect(warnings.length).toBe(1);
  });
});

describe('RuntimeService configuration', () => {
  it('with nothing configured points at the local runtime and explains how to start it', () => {
    let error: unknown;
    try {
      new RuntimeService();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('http://127.0.0.1:8787/api');
    expect((error as Error).message).toContain('qjobs serve');
    expect((error as ConfigError).option).toBe('token');
  });

  it('with only a token it uses the local default and says so', () => {
    const notices: string[] = [];
    const service = new RuntimeService({ token: 't', onNotice: (m) => notices.push(m) });
    expect(service.url).toBe('http://127.0.0.1:8787/api');
    expect(service.local).toBeTrue();
    expect(service.notice).toContain('local runtime');
    expect(notices).toEqual([service.notice!]);
    expect(service.http.stats.requests).toBe(0);
  });

  it('derives the API root from a CRN and sends API keys to the CRN IAM host', () => {
    const crn = 'crn:v1:bluemix:public:quantum-computing:eu-de:a/abc:def::';
    const service = new RuntimeService({ apiKey: 'k', serviceCrn: crn });
    expect(service.url).toBe('https://eu-de.quantum.cloud.ibm.com/api');
    expect(service.local).toBeFalse();
    expect(service.auth).toBe('iam');
    expect(service.notice).toContain('serviceCrn');
  });

  it('normalises URLs: a bare origin gets /api, a trailing /v1 is dropped', () => {
    expect(new RuntimeService({ url: 'http://127.0.0.1:8787', token: 't' }).url).toBe(
      'http://127.0.0.1:8787/api',
    );
    expect(new RuntimeService({ url: 'https://example.com/api/v1/', token: 't' }).url).toBe(
      'https://example.com/api',
    );
  });

  it('refuses unusable options with a ConfigError naming them', () => {
    expect(() => new RuntimeService({ token: 't', apiKey: 'k' })).toThrowError(
      ConfigError,
      /not both/,
    );
    expect(() => new RuntimeService({ apiKey: 'k' })).toThrowError(ConfigError, /serviceCrn/);
    expect(() => new RuntimeService({ url: 'http://example.com/api', token: 't' })).toThrowError(
      ConfigError,
      /unencrypted/,
    );
    expect(() => new RuntimeService({ token: 't', serviceCrn: 'crn:nope' })).toThrowError(
      ConfigError,
      /CRN/,
    );
    expect(() => new RuntimeService({ token: 't', poll: { queuedMs: -1 } })).toThrowError(
      ConfigError,
    );
    expect(() => new RuntimeService({ token: 't', requestBudget: 0 })).toThrowError(
      ConfigError,
      /requestBudget/,
    );
    expect(() => new RuntimeService({ token: 12 as unknown as string })).toThrowError(
      ConfigError,
      /got number/,
    );
  });

  it('accepts plain http to a remote host only with allowInsecureHttp', () => {
    const service = new RuntimeService({
      url: 'http://example.com/api',
      token: 't',
      allowInsecureHttp: true,
    });
    expect(service.url).toBe('http://example.com/api');
    expect(service.local).toBeFalse();
  });

  it('fromEnv() reads QJOBS_URL and QJOBS_TOKEN', () => {
    const service = RuntimeService.fromEnv({
      QJOBS_URL: 'http://localhost:9000/api',
      QJOBS_TOKEN: 'secret',
    });
    expect(service.url).toBe('http://localhost:9000/api');
    expect(service.auth).toBe('bearer');
    expect(String(service)).not.toContain('secret');
  });

  it('fromEnv() with nothing set gives the ConfigError about qjobs serve', () => {
    expect(() => RuntimeService.fromEnv({})).toThrowError(ConfigError, /qjobs serve/);
  });

  it('fromEnv() reads QISKIT_IBM_TOKEN as an API key and QISKIT_IBM_INSTANCE as the CRN', () => {
    const service = RuntimeService.fromEnv({
      QISKIT_IBM_TOKEN: 'key',
      QISKIT_IBM_INSTANCE: 'crn:v1:bluemix:public:quantum-computing:us-east:a/abc:def::',
      QISKIT_IBM_URL: 'https://cloud.ibm.com',
    });
    expect(service.url).toBe('https://quantum.cloud.ibm.com/api');
    expect(service.auth).toBe('iam');
  });

  it('fromEnv() overrides apply on top of the environment', () => {
    const service = RuntimeService.fromEnv({ QJOBS_TOKEN: 't' }, { url: 'http://127.0.0.1:1234' });
    expect(service.url).toBe('http://127.0.0.1:1234/api');
  });
});
