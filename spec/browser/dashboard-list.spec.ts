/**
 * The dashboard's list and editor logic that needs no browser: the view kept in the page's
 * address, the filters turned into `GET /v1/jobs` requests and pages (a single status looked
 * for page by page), the problems of a refused OpenQASM program found in the runtime's error
 * (several at once), and the editor's positions; the observables and tags typed into the form.
 */
import { ConfigError, IBMApiError, IBMRuntimeError } from '../../src/index.js';
import type { JobFilters, JobStatus } from '../../src/index.js';
import {
  DEFAULT_VIEW,
  isDay,
  readView,
  writeView,
} from '../../examples/dashboard/src/view-state.js';
import type { ConsoleView } from '../../examples/dashboard/src/view-state.js';
import {
  SCAN_CHUNK,
  SCAN_LIMIT,
  dayEnd,
  dayStart,
  listRequest,
  loadPage,
} from '../../examples/dashboard/src/job-query.js';
import type { PageReader } from '../../examples/dashboard/src/job-query.js';
import {
  excerpt,
  problemsInText,
  qasmProblemsOf,
} from '../../examples/dashboard/src/qasm-problems.js';
import { offsetOf } from '../../examples/dashboard/src/circuit-editor.js';
import { tagsOf } from '../../examples/dashboard/src/new-job-form.js';
import {
  observableLabels,
  parseObservables,
} from '../../examples/dashboard/src/observables-text.js';

describe('dashboard view in the address', () => {
  it('round-trips filters, page, page size and the open job, leaving defaults and other parameters alone', () => {
    const view: ConsoleView = {
      filters: {
        status: 'CANCELLED',
        program: 'sampler',
        backend: 'ibmq_qasm_simulator',
        tag: 'bell run',
        from: '2025-06-01',
        to: '2025-06-30',
      },
      page: 2,
      pageSize: 25,
      job: 'd1abc-42',
    };
    const params = writeView(view, new URLSearchParams('url=http%3A%2F%2Fh%2Fapi&page=9'));
    expect(params.toString()).toBe(
      'url=http%3A%2F%2Fh%2Fapi&status=CANCELLED&program=sampler&backend=ibmq_qasm_simulator&tag=bell+run&from=2025-06-01&to=2025-06-30&page=3&size=25&job=d1abc-42',
    );
    expect(readView(params)).toEqual({ view, dropped: [] });
    expect(writeView(DEFAULT_VIEW).toString()).toBe('');
    expect(readView(new URLSearchParams())).toEqual({ view: DEFAULT_VIEW, dropped: [] });
  });

  it('drops what makes no sense and says so', () => {
    const { view, dropped } = readView(
      new URLSearchParams(
        'status=PAUSED&page=0&size=7&from=2025-02-30&to=2025-01-01&job=a%20b&program=%3Cscript%3E',
      ),
    );
    expect(view).toEqual({ ...DEFAULT_VIEW, filters: { status: 'any', to: '2025-01-01' } });
    expect(dropped).toEqual([
      'status=PAUSED',
      'program=<script>',
      'from=2025-02-30',
      'page=0',
      'size=7',
      'job=a b',
    ]);
    expect(readView(new URLSearchParams('from=2025-03-02&to=2025-03-01')).dropped).toEqual([
      'to=2025-03-01 (before from=2025-03-02)',
    ]);
    expect([isDay('2024-02-29'), isDay('2025-02-29'), isDay('25-1-1')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('dashboard list requests', () => {
  it('turns the filters into the API’s: program, backend, one tag, local days, pending', () => {
    const request = listRequest({
      status: 'active',
      program: 'estimator',
      backend: 'b',
      tag: 't',
      from: '2025-06-01',
      to: '2025-06-02',
    });
    expect(request).toEqual({
      filters: {
        program: 'estimator',
        backend: 'b',
        tags: ['t'],
        createdAfter: new Date(2025, 5, 1),
        createdBefore: new Date(2025, 5, 3, 0, 0, 0, -1),
        pending: true,
      },
    });
    expect(listRequest({ status: 'any' })).toEqual({ filters: {} });
    expect(listRequest({ status: 'finished' })).toEqual({ filters: { pending: false } });
    expect(listRequest({ status: 'CANCELLED' })).toEqual({
      filters: { pending: false },
      keep: ['CANCELLED'],
    });
    expect(listRequest({ status: 'RUNNING' })).toEqual({
      filters: { pending: true },
      keep: ['RUNNING'],
    });
    expect(dayEnd('2025-12-31').getTime() - dayStart('2025-12-31').getTime()).toBe(86_400_000 - 1);
  });

  /** A service holding `statuses` (newest first), answering pages as `GET /v1/jobs` does. */
  function server(statuses: readonly JobStatus[]): {
    read: PageReader<{ id: number; status: JobStatus }>;
    asked: (JobFilters & { skip: number; limit: number })[];
  } {
    const jobs = statuses.map((status, id) => ({ id, status }));
    const asked: (JobFilters & { skip: number; limit: number })[] = [];
    return {
      asked,
      read: (f) => {
        asked.push(f);
        const matching = jobs.filter(
          (j) =>
            f.pending === undefined ||
            f.pending !== ['DONE', 'ERROR', 'CANCELLED'].includes(j.status),
        );
        return Promise.resolve({
          jobs: matching.slice(f.skip, f.skip + f.limit),
          count: matching.length,
        });
      },
    };
  }

  it('reads a page in one request when the API filters everything, with the total', async () => {
    const s = server(Array<JobStatus>(23).fill('DONE'));
    const page = await loadPage(s.read, listRequest({ status: 'any' }), 2, 10, (j) => j.status);
    expect(page.jobs.map((j) => j.id)).toEqual([20, 21, 22]);
    expect([page.total, page.hasMore, page.capped, page.requests]).toEqual([23, false, false, 1]);
    expect(s.asked).toEqual([{ skip: 20, limit: 10 }]);
    const first = await loadPage(s.read, listRequest({ status: 'any' }), 0, 10, (j) => j.status);
    expect([first.jobs.length, first.hasMore]).toEqual([10, true]);
  });

  it('looks for one status through the finished jobs, and knows the total once it read them all', async () => {
    const statuses: JobStatus[] = [];
    for (let i = 0; i < 150; i++) statuses.push(i % 3 === 0 ? 'CANCELLED' : 'DONE');
    const s = server(statuses);
    const request = listRequest({ status: 'CANCELLED' });
    const first = await loadPage(s.read, request, 0, 10, (j) => j.status);
    expect(first.jobs.map((j) => j.id)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect([first.total, first.hasMore, first.capped, first.requests]).toEqual([
      undefined,
      true,
      false,
      1,
    ]);
    expect(s.asked[0]).toEqual({ pending: false, skip: 0, limit: SCAN_CHUNK });
    const last = await loadPage(s.read, request, 4, 10, (j) => j.status);
    expect(last.jobs.map((j) => j.id)).toEqual([120, 123, 126, 129, 132, 135, 138, 141, 144, 147]);
    expect([last.total, last.hasMore, last.requests]).toEqual([50, false, 2]);
  });

  it(`stops looking after ${SCAN_LIMIT} jobs and says so`, async () => {
    const statuses: JobStatus[] = Array<JobStatus>(SCAN_LIMIT + 500).fill('DONE');
    statuses[5] = 'ERROR';
    const s = server(statuses);
    const page = await loadPage(s.read, listRequest({ status: 'ERROR' }), 0, 10, (j) => j.status);
    expect(page.jobs.map((j) => j.id)).toEqual([5]);
    expect([page.total, page.hasMore, page.capped]).toEqual([undefined, false, true]);
    expect(page.requests).toBe(SCAN_LIMIT / SCAN_CHUNK);
  });
});

describe('dashboard OpenQASM problems', () => {
  // The local runtime's 400: `params.pubs[0][0]: OpenQASM error at line L, column C: ...`
  // (src/local/server/program.ts), wrapped by the client as IBMRuntimeError with the
  // IBMApiError as its cause.
  it('finds the position in the runtime’s refusal, through the error’s causes, once', () => {
    const text =
      "POST http://h/api/v1/jobs: HTTP 400 (code 1002): params.pubs[0][0]: OpenQASM error at line 4, column 1: unknown gate 'foo'";
    const api = new IBMApiError({ status: 400, code: 1002, message: text });
    const error = new IBMRuntimeError(`Failed to run program: ${text}`, { cause: api });
    expect(qasmProblemsOf(error)).toEqual([{ line: 4, column: 1, message: "unknown gate 'foo'" }]);
  });

  it('lists several problems from one message or from the API’s error list, sorted by place', () => {
    expect(
      problemsInText(
        "params.pubs[0][0]: OpenQASM errors (3): line 5, column 3: expected ';' after the statement; line 2, column 9: unknown gate 'hh'\nline 7, column 1: qubit q redeclared",
      ),
    ).toEqual([
      { line: 5, column: 3, message: "expected ';' after the statement" },
      { line: 2, column: 9, message: "unknown gate 'hh'" },
      { line: 7, column: 1, message: 'qubit q redeclared' },
    ]);
    const api = new IBMApiError({
      status: 400,
      message: 'line 3, column 1: a',
      details: [
        { code: 1002, message: 'line 3, column 1: a' },
        { code: 1002, message: 'params.pubs[0][0]: OpenQASM error at line 1, column 4: b' },
      ],
    });
    expect(qasmProblemsOf(api)).toEqual([
      { line: 1, column: 4, message: 'b' },
      { line: 3, column: 1, message: 'a' },
    ]);
    expect(
      qasmProblemsOf(new ConfigError('observables: give at least one', 'observables')),
    ).toEqual([]);
  });

  it('shows the line with a caret under the column, and finds the place in the text', () => {
    const source = 'OPENQASM 3.0;\n\th q[5];\nfoo q[0];';
    expect(excerpt(source, { line: 2, column: 4, message: '' })).toEqual(['\th q[5];', '\t  ^']);
    expect(excerpt(source, { line: 9, column: 1, message: '' })).toBeUndefined();
    expect(offsetOf(source, 3, 1)).toBe(source.indexOf('foo'));
    expect(offsetOf(source, 2, 99)).toBe(source.indexOf('\nfoo'));
    expect(offsetOf(source, 99, 1)).toBe(source.indexOf('foo'));
  });
});

describe('dashboard new-job form text', () => {
  it('reads Pauli strings and weighted sums, one observable per comma-separated item', () => {
    expect(parseObservables('ZZ, XX,ZI') as unknown).toEqual(['ZZ', 'XX', 'ZI']);
    expect(parseObservables('0.5*XX + 0.5*YY, -ZI, 2ZZ - 1e-3*XX, zz') as unknown).toEqual([
      { XX: 0.5, YY: 0.5 },
      { ZI: -1 },
      { ZZ: 2, XX: -0.001 },
      'ZZ',
    ]);
    expect(observableLabels(' ZZ ,, 0.5*XX + 0.5*YY ')).toEqual(['ZZ', '0.5*XX + 0.5*YY']);
  });

  it('refuses an empty list or an unreadable term with a ConfigError naming it', () => {
    expect(() => parseObservables(' , ')).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'observables',
    );
    expect(() => parseObservables('ZZ, 0.5*')).toThrowMatching(
      (e) =>
        e instanceof ConfigError && /observable 2: cannot read the term "0.5\*"/.test(e.message),
    );
  });

  it('reads tags separated by commas or spaces, each once', () => {
    expect(tagsOf(' bell, test  bell,,x ')).toEqual(['bell', 'test', 'x']);
    expect(tagsOf('')).toEqual([]);
  });
});
