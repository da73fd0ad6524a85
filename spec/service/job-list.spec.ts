/**
 * Listing jobs against the real local runtime: `jobs()` pages lazily (requests are counted),
 * honours `limit`, `skip`, order and filters; `jobsPage()` reads one page; `iterateJobs()`
 * pulls pages as a loop needs them.
 */
import { lastValueFrom, take, toArray } from 'rxjs';
import { ConfigError } from '../../src/codecs/errors.js';
import type { RuntimeJob } from '../../src/service/index.js';
import { defaultFetch } from '../../src/transport/fetch-once.js';
import { BELL, samplerInputs, useLocalRuntime } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';

describe('listing jobs', () => {
  const h = useLocalRuntime();
  let ids: string[];

  beforeEach(async () => {
    const { service } = h();
    const jobs: RuntimeJob[] = [];
    for (let i = 0; i < 5; i++) {
      jobs.push(
        await service.run('sampler', samplerInputs([BELL, null, 8]), {
          backend: i === 4 ? 'local_simulator' : BACKEND,
          tags: i % 2 === 0 ? ['even'] : ['odd'],
        }),
      );
    }
    await Promise.all(jobs.map((j) => j.result()));
    ids = jobs.map((j) => j.jobId());
  });

  function listRequests(): number {
    return h().runtime.requestCount({ route: 'jobs.list' });
  }

  it('jobs() asks for the next page only when the consumer wants more', async () => {
    const { service } = h();
    const firstTwo = await lastValueFrom(service.jobs({ pageSize: 2 }).pipe(take(2), toArray()));
    expect(firstTwo.length).toBe(2);
    expect(listRequests()).toBe(1);
    const three = await lastValueFrom(service.jobs({ pageSize: 2 }).pipe(take(3), toArray()));
    expect(three.length).toBe(3);
    expect(listRequests()).toBe(1 + 2);
  });

  it('jobs() streams every job, newest first, page by page', async () => {
    const urls: string[] = [];
    const service = h().another({
      fetch: (url, init) => {
        urls.push(url);
        return defaultFetch(url, init);
      },
    });
    const all = await lastValueFrom(service.jobs({ pageSize: 2 }).pipe(toArray()));
    expect(all.map((j) => j.jobId())).toEqual([...ids].reverse());
    const pages = urls.filter((u) => new URL(u).pathname.endsWith('/v1/jobs'));
    expect(pages.map((u) => new URL(u).searchParams.get('offset'))).toEqual(['0', '2', '4']);
    expect(pages.map((u) => new URL(u).searchParams.get('limit'))).toEqual(['2', '2', '2']);
    expect(all[0]!.lastStatus).toBe('DONE');
  });

  it('limit caps the total and the last page asks only for what is left', async () => {
    const urls: string[] = [];
    const service = h().another({
      fetch: (url, init) => {
        urls.push(url);
        return defaultFetch(url, init);
      },
    });
    const three = await lastValueFrom(service.jobs({ limit: 3, pageSize: 2 }).pipe(toArray()));
    expect(three.map((j) => j.jobId())).toEqual([...ids].reverse().slice(0, 3));
    expect(urls.map((u) => new URL(u).searchParams.get('limit'))).toEqual(['2', '1']);
    expect(listRequests()).toBe(2);
  });

  it('skip, descending: false and the filters reach the service', async () => {
    const { service } = h();
    const oldest = await lastValueFrom(
      service.jobs({ descending: false, skip: 1, limit: 2 }).pipe(toArray()),
    );
    expect(oldest.map((j) => j.jobId())).toEqual(ids.slice(1, 3));
    const even = await lastValueFrom(service.jobs({ tags: ['even'] }).pipe(toArray()));
    expect(even.map((j) => j.jobId()).sort()).toEqual([ids[0]!, ids[2]!, ids[4]!].sort());
    const onLocal = await lastValueFrom(
      service.jobs({ backend: 'local_simulator' }).pipe(toArray()),
    );
    expect(onLocal.map((j) => j.jobId())).toEqual([ids[4]!]);
    const pending = await lastValueFrom(service.jobs({ pending: true }).pipe(toArray()));
    expect(pending).toEqual([]);
    const sampler = await lastValueFrom(
      service.jobs({ program: 'sampler', pending: false }).pipe(toArray()),
    );
    expect(sampler.length).toBe(5);
    const future = await lastValueFrom(
      service.jobs({ createdAfter: new Date(Date.now() + 60_000) }).pipe(toArray()),
    );
    expect(future).toEqual([]);
  });

  it('jobsPage() reads one page with the total count', async () => {
    const { service } = h();
    const page = await service.jobsPage({ limit: 2, skip: 1 });
    expect(page.jobs.map((j) => j.jobId())).toEqual([...ids].reverse().slice(1, 3));
    expect(page.count).toBe(5);
    expect(page.offset).toBe(1);
    expect(page.limit).toBe(2);
    expect(listRequests()).toBe(1);
  });

  it('iterateJobs() fetches a page only when the loop needs it', async () => {
    const { service } = h();
    const seen: string[] = [];
    for await (const job of service.iterateJobs({ pageSize: 2 })) {
      seen.push(job.jobId());
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([...ids].reverse().slice(0, 2));
    expect(listRequests()).toBe(1);
  });

  it('bad filters are a ConfigError naming the filter, before any request', async () => {
    const { service } = h();
    await expectAsync(lastValueFrom(service.jobs({ limit: 0 }))).toBeRejectedWithError(
      ConfigError,
      /limit/,
    );
    await expectAsync(service.jobsPage({ createdAfter: 'yesterday' })).toBeRejectedWithError(
      ConfigError,
      /createdAfter/,
    );
    await expectAsync(service.jobsPage({ tags: 'even' as never })).toBeRejectedWithError(
      ConfigError,
      /tags/,
    );
    expect(listRequests()).toBe(0);
  });
});
