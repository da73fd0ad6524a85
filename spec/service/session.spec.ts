/**
 * Sessions and batches against the real local runtime: create, run jobs inside (through
 * `session.run` and the primitives' `mode`), details and status, graceful close, cancel, and
 * `withSession` closing the session after the work, whether it succeeds or fails.
 */
import { filter, firstValueFrom, from, lastValueFrom, switchMap, toArray } from 'rxjs';
import { ConfigError, IBMRuntimeError } from '../../src/codecs/errors.js';
import { Batch, Sampler, Session, withSession, withSession$ } from '../../src/service/index.js';
import { BELL, eventually, samplerInputs, useLocalRuntime } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';

describe('Session and Batch (quick jobs)', () => {
  const h = useLocalRuntime();

  it('service.session() opens a dedicated session; details() and status() read it', async () => {
    const { service, runtime } = h();
    const session = await service.session({ backend: BACKEND, maxTtl: 600 });
    expect(session).toBeInstanceOf(Session);
    expect(session.mode).toBe('dedicated');
    expect(session.backend()).toBe(BACKEND);
    const details = await session.details();
    expect(details).toEqual(
      jasmine.objectContaining({
        id: session.sessionId,
        mode: 'dedicated',
        backendName: BACKEND,
        state: 'open',
        acceptingJobs: true,
        maxTtl: 600,
      }),
    );
    expect(details.startedAt).toBeInstanceOf(Date);
    expect(await session.status()).toBe('Pending');
    expect(runtime.requestCount({ route: 'sessions.create' })).toBe(1);
    await session.close();
  });

  it('session.run() and new Sampler({ mode: session }) run jobs inside the session', async () => {
    const { service, runtime } = h();
    const session = await Session.create(service, { backend: BACKEND });
    const direct = await session.run('sampler', samplerInputs([BELL, null, 32]));
    const sampler = new Sampler({ mode: session });
    const viaSampler = await sampler.run([[BELL, null, 32]]);
    for (const job of [direct, viaSampler]) {
      expect(job.sessionId).toBe(session.sessionId);
      expect(runtime.jobRecord(job.jobId())!.sessionId).toBe(session.sessionId);
      await job.result();
    }
    const inSession = await lastValueFrom(
      service.jobs({ sessionId: session.sessionId }).pipe(toArray()),
    );
    expect(inSession.map((j) => j.jobId()).sort()).toEqual(
      [direct.jobId(), viaSampler.jobId()].sort(),
    );
    await session.close();
  });

  it('close() stops accepting jobs (PATCH accepting_jobs: false); new jobs are refused', async () => {
    const { service, runtime } = h();
    const session = await service.session({ backend: BACKEND });
    await session.close();
    const patch = runtime.requests().find((r) => r.route === 'sessions.patch')!;
    expect(patch.method).toBe('PATCH');
    expect((await session.details()).acceptingJobs).toBeFalse();
    expect(await session.status()).not.toBe('Pending');
    await expectAsync(session.run('sampler', samplerInputs([BELL]))).toBeRejectedWithError(
      IBMRuntimeError,
      /Failed to run program: .*not accepting jobs|closed/,
    );
  });

  it('close() of a session the service does not know is not an error', async () => {
    const ghost = new Session(h().service, 'dddddddddddddddddddd');
    await expectAsync(ghost.close()).toBeResolved();
    await expectAsync(ghost.details()).toBeRejectedWithError(IBMRuntimeError);
  });

  it('Batch.create() and service.batch() open batches; Session.fromId() re-attaches', async () => {
    const { service } = h();
    const batch = await Batch.create(service, { backend: BACKEND });
    expect(batch).toBeInstanceOf(Batch);
    expect(batch.mode).toBe('batch');
    expect(String(batch)).toBe(`Batch(${batch.sessionId})`);
    const other = await service.batch({ backend: BACKEND });
    expect((await other.details()).mode).toBe('batch');
    const again = await Session.fromId(service, batch.sessionId);
    expect(again).toBeInstanceOf(Batch);
    expect(again.backend()).toBe(BACKEND);
    const job = await new Sampler({ mode: again }).run([[BELL, null, 16]]);
    expect(job.sessionId).toBe(batch.sessionId);
    await job.result();
    await batch.close();
    await other.close();
  });

  it('withSession() returns what the work returns and closes the session', async () => {
    const { service } = h();
    let opened: Session | undefined;
    const counts = await withSession(service, { backend: BACKEND }, async (session) => {
      opened = session;
      const job = await new Sampler({ mode: session }).run([[BELL, null, 64]]);
      return (await job.result())[0].data.meas.getCounts();
    });
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect((await opened!.details()).acceptingJobs).toBeFalse();
  });

  it('withSession() closes the session when the work fails, and rethrows', async () => {
    const { service } = h();
    let opened: Session | undefined;
    await expectAsync(
      withSession(service, { backend: BACKEND, mode: 'batch' }, async (session) => {
        opened = session;
        throw new Error('work failed');
      }),
    ).toBeRejectedWithError('work failed');
    expect(opened).toBeInstanceOf(Batch);
    expect((await opened!.details()).acceptingJobs).toBeFalse();
  });

  it('withSession$() runs Observable work and closes the session when it completes', async () => {
    const { service, runtime } = h();
    const results = await lastValueFrom(
      withSession$(service, { backend: BACKEND }, (session) =>
        from(new Sampler({ mode: session }).run([[BELL, null, 16]])).pipe(
          switchMap((job) => job.result$),
        ),
      ).pipe(toArray()),
    );
    expect(results.length).toBe(1);
    // The close is sent as the work completes; wait for the runtime to have received it.
    await eventually(() => runtime.requestCount({ route: 'sessions.patch', status: 204 }) === 1);
    expect(runtime.requestCount({ route: 'sessions.patch' })).toBe(1);
  });

  it('withSession() refuses a bad mode or work before opening anything', async () => {
    const { service, runtime } = h();
    await expectAsync(
      withSession(service, { backend: BACKEND, mode: 'solo' as never }, async () => 1),
    ).toBeRejectedWithError(ConfigError, /mode/);
    await expectAsync(withSession(service, { backend: BACKEND }, 5 as never)).toBeRejectedWithError(
      ConfigError,
      /work/,
    );
    expect(runtime.requestCount({ route: 'sessions.create' })).toBe(0);
  });
});

describe('Session (slow jobs)', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 800 } });

  it('cancel() (DELETE /close) cancels queued jobs; running ones finish', async () => {
    const { service, runtime } = h();
    const session = await service.session({ backend: BACKEND });
    const running = await session.run('sampler', samplerInputs([BELL, null, 16]));
    const queued = await session.run('sampler', samplerInputs([BELL, null, 16]));
    await firstValueFrom(running.status$.pipe(filter((s) => s === 'RUNNING')));
    await session.cancel();
    expect(
      runtime.requests().some((r) => r.route === 'sessions.cancel' && r.method === 'DELETE'),
    ).toBeTrue();
    expect(await queued.waitForFinalState()).toBe('CANCELLED');
    expect(await running.waitForFinalState()).toBe('DONE');
    expect((await session.details()).acceptingJobs).toBeFalse();
  });
});
