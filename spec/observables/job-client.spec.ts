/**
 * The adapters from an HttpClient to the requests and sockets job streams use, against the
 * real local runtime: paths, query, authentication of both websockets, decoding, typed errors.
 */
import { firstValueFrom, lastValueFrom, map, take, toArray } from 'rxjs';
import { ConfigError, DecodeError, IBMApiError, NetworkError } from '../../src/codecs/errors.js';
import { CreateJobResponse } from '../../src/codecs/job.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import { isJobApi, jobApiOf, statusFetcherOf, toJobApi } from '../../src/observables/job-client.js';
import { HttpClient } from '../../src/transport/http-client.js';
import { transportStats } from '../../src/transport/websocket.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

describe('job client adapters (local runtime)', () => {
  let leaks: LeakTracker;
  let runtime: LocalRuntime;
  let http: HttpClient;
  let socketsAtStart = 0;

  beforeEach(async () => {
    leaks = trackLeaks();
    socketsAtStart = transportStats().openSockets;
    runtime = await startLocalRuntime({ port: 0, seed: 3, queue: { queueDelayMs: 5000 } });
    http = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token: runtime.token },
    });
  });

  afterEach(async () => {
    await runtime.close();
    await leaks.expectNone({
      'HTTP requests in flight': () => http.stats.inFlight,
      'websockets open': () => transportStats().openSockets - socketsAtStart,
    });
  });

  async function createBell(): Promise<string> {
    const created = await firstValueFrom(
      http.postJson(
        '/jobs',
        {
          program_id: 'sampler',
          backend: 'local_simulator',
          params: { pubs: [[BELL, null, 8]], version: 2 },
        },
        CreateJobResponse,
      ),
    );
    return created.id;
  }

  it('reads job details with exclude_params=true, in a single attempt, decoded', async () => {
    const id = await createBell();
    const details = await firstValueFrom(jobApiOf({ http }).details(id));
    expect(details.state.status).toBe('Queued');
    const last = runtime.requests().at(-1)!;
    expect(last.method).toBe('GET');
    expect(last.path).toBe(`/api/v1/jobs/${id}`);
  });

  it('turns an unknown job into an IBMApiError 404, not retried', async () => {
    const before = runtime.requestCount();
    const error = await firstValueFrom(jobApiOf({ http }).details('aaaaaaaaaaaaaaaaaaaa')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IBMApiError);
    expect((error as IBMApiError).status).toBe(404);
    expect(runtime.requestCount() - before).toBe(1);
  });

  it('gives the bare token for in-band authentication', async () => {
    expect(await firstValueFrom(jobApiOf({ http }).token())).toBe(runtime.token);
  });

  it('opens the job-status socket, which authenticates in-band and pushes the status', async () => {
    const id = await createBell();
    const api = jobApiOf({ http });
    const input$ = api.token().pipe(
      take(1),
      map((token) => JSON.stringify({ type: 'authentication', data: token })),
    );
    const frames = await lastValueFrom(api.statusSocket(id, input$).pipe(take(2), toArray()));
    expect(JSON.parse(frames[0]!)).toEqual({ type: 'authenticated' });
    expect(JSON.parse(frames[1]!).data.status).toBe('QUEUED');
  });

  it('opens the result stream with the Authorization header, or with access_token in the query', async () => {
    const id = await createBell();
    for (const streamAuth of ['header', 'query'] as const) {
      const ack = await firstValueFrom(jobApiOf({ http, streamAuth }).resultStream(id));
      expect(typeof ack).toBe('string');
    }
    const wrong = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token: 'not-the-token' },
    });
    const refused = await firstValueFrom(jobApiOf({ http: wrong }).resultStream(id)).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(NetworkError);
    expect(String((refused as Error).message)).not.toContain('not-the-token');
  });

  it('gives the poll scheduler single-attempt job reads and pending-list pages', async () => {
    const id = await createBell();
    const fetcher = statusFetcherOf(http);
    expect((await firstValueFrom(fetcher.fetchJob(id))).state.status).toBe('Queued');
    const page = await firstValueFrom(fetcher.fetchPendingPage(0, 10));
    expect(page.jobs?.map((j) => j.id)).toContain(id);
    const last = runtime.requests().at(-1)!;
    expect(last.path).toBe('/api/v1/jobs');
  });

  it('fails with a DecodeError naming the field and the path when the details are not job details', async () => {
    const http = new HttpClient({
      baseUrl: 'http://127.0.0.1:1/v1',
      fetch: () => Promise.resolve(new Response('{"state":3}', { status: 200 })),
    });
    const error = await firstValueFrom(jobApiOf({ http }).details('j')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).path).toBe('state');
    expect((error as DecodeError).message).toContain('GET /v1/jobs/j');
  });

  it('refuses unusable clients and job ids with a ConfigError', async () => {
    expect(() => jobApiOf({} as never)).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'client.http',
    );
    expect(() => jobApiOf({ http, wsBaseUrl: 'ftp://example.com' })).toThrowError(ConfigError);
    const error = await firstValueFrom(jobApiOf({ http }).details('..')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
  });

  it('tells a ready JobApi from a JobClient', () => {
    const api = jobApiOf({ http });
    expect(isJobApi(api)).toBeTrue();
    expect(isJobApi({ http })).toBeFalse();
    expect(toJobApi(api)).toBe(api);
    expect(isJobApi(toJobApi({ http }))).toBeTrue();
  });
});
