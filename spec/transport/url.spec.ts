import fc from 'fast-check';
import { ConfigError } from '../../src/codecs/errors.js';
import {
  assertSecureUrl,
  encodePathSegment,
  isLoopbackHost,
  joinUrl,
  safeUrl,
  urlJoiner,
  wsUrlFromHttp,
} from '../../src/transport/url.js';
import type { QueryParams } from '../../src/transport/url.js';

function configErrorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw new Error(`expected a ConfigError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('isLoopbackHost', () => {
  it('accepts localhost, 127.0.0.0/8 and ::1', () => {
    for (const h of [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.255.3.4',
      '[::1]',
      '::1',
      '[::ffff:7f00:1]',
    ]) {
      expect(isLoopbackHost(h)).withContext(h).toBeTrue();
    }
  });

  it('rejects everything else', () => {
    for (const h of [
      'example.com',
      '128.0.0.1',
      '10.0.0.1',
      '127.0.0',
      '127.0.0.1.nip.io',
      'localhost.example.com',
      '[::2]',
      '0.0.0.0',
    ]) {
      expect(isLoopbackHost(h)).withContext(h).toBeFalse();
    }
  });
});

describe('assertSecureUrl', () => {
  it('accepts https, wss and plain http/ws to loopback', () => {
    for (const u of [
      'https://quantum.cloud.ibm.com/api/v1',
      'wss://x.example/stream',
      'http://localhost:8080',
      'ws://127.0.0.1:9/x',
      'http://[::1]:80/',
    ]) {
      expect(assertSecureUrl(u).href).withContext(u).toBe(new URL(u).href);
    }
  });

  it('refuses plain http and ws to a remote host unless opted in', () => {
    const err = configErrorOf(() =>
      assertSecureUrl('http://quantum.example.com/api', { option: 'baseUrl' }),
    );
    expect(err.option).toBe('baseUrl');
    expect(err.message).toContain('quantum.example.com');
    expect(err.message).toContain('allowInsecureHttp');
    expect(() => assertSecureUrl('ws://10.1.2.3/x')).toThrowError(ConfigError);
    expect(
      assertSecureUrl('http://quantum.example.com/api', { allowInsecureHttp: true }).host,
    ).toBe('quantum.example.com');
  });

  it('refuses unparsable URLs, other schemes and embedded credentials', () => {
    expect(configErrorOf(() => assertSecureUrl('not a url')).message).toContain(
      'not a valid absolute URL',
    );
    expect(configErrorOf(() => assertSecureUrl('ftp://x.example/')).message).toContain('"ftp:"');
    expect(configErrorOf(() => assertSecureUrl('https://user:pw@x.example/')).message).toContain(
      'user name or password',
    );
  });

  it('does not repeat the query of an unparsable URL', () => {
    const err = configErrorOf(() => assertSecureUrl('::bad?access_token=secret123'));
    expect(err.message).not.toContain('secret123');
  });
});

describe('wsUrlFromHttp', () => {
  it('maps http to ws and https to wss, keeping the path', () => {
    expect(wsUrlFromHttp('https://quantum.cloud.ibm.com/api/v1')).toBe(
      'wss://quantum.cloud.ibm.com/api/v1',
    );
    expect(wsUrlFromHttp('http://127.0.0.1:8000/')).toBe('ws://127.0.0.1:8000/');
    expect(wsUrlFromHttp('wss://a.example/x')).toBe('wss://a.example/x');
  });

  it('refuses other schemes', () => {
    expect(() => wsUrlFromHttp('file:///tmp/x')).toThrowError(ConfigError);
    expect(() => wsUrlFromHttp('nope')).toThrowError(ConfigError);
  });
});

describe('joinUrl', () => {
  it('keeps the base path', () => {
    expect(joinUrl('https://h.example/api/v1', '/jobs')).toBe('https://h.example/api/v1/jobs');
    expect(joinUrl('https://h.example/api/v1/', 'jobs/abc')).toBe(
      'https://h.example/api/v1/jobs/abc',
    );
    expect(joinUrl('https://h.example', '/jobs')).toBe('https://h.example/jobs');
    expect(joinUrl('https://h.example/api/v1', '')).toBe('https://h.example/api/v1');
  });

  it('adds query parameters from an object or pairs', () => {
    expect(
      joinUrl('https://h.example/api', '/jobs', {
        limit: 10,
        pending: true,
        tags: ['a', 'b c'],
        skip: undefined,
      }),
    ).toBe('https://h.example/api/jobs?limit=10&pending=true&tags=a&tags=b+c');
    expect(joinUrl('https://h.example/api', '/jobs?exclude_params=true', [['x', '1']])).toBe(
      'https://h.example/api/jobs?exclude_params=true&x=1',
    );
  });

  it('refuses absolute and protocol-relative paths', () => {
    expect(() => joinUrl('https://h.example/api', 'https://evil.example/x')).toThrowError(
      ConfigError,
    );
    expect(() => joinUrl('https://h.example/api', '//evil.example/x')).toThrowError(ConfigError);
  });
});

describe('encodePathSegment', () => {
  it('percent-encodes separators', () => {
    expect(encodePathSegment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
    expect(encodePathSegment('d6147q3traac73bef6f0')).toBe('d6147q3traac73bef6f0');
  });

  it('refuses empty, "." and ".."', () => {
    for (const bad of ['', '.', '..']) {
      expect(configErrorOf(() => encodePathSegment(bad, 'jobId')).option).toBe('jobId');
    }
  });
});

describe('safeUrl', () => {
  it('hides credential query parameters', () => {
    expect(safeUrl('wss://h.example/x?access_token=abc&job=1')).toBe(
      'wss://h.example/x?access_token=[REDACTED]&job=1',
    );
    expect(safeUrl('https://h.example/x?apikey=k')).not.toContain('=k');
    expect(safeUrl('https://h.example/x?job=1')).toBe('https://h.example/x?job=1');
  });
});

describe('urlJoiner', () => {
  /** The join done entirely by the URL parser: what the text fast path must agree with. */
  function parsedJoin(baseUrl: string, path: string, query: [string, string][]): string {
    const url = new URL(baseUrl);
    url.hash = '';
    const basePath = url.pathname.replace(/\/+$/, '');
    const noHash = path.split('#')[0]!;
    const queryAt = noHash.indexOf('?');
    const pathPart = queryAt >= 0 ? noHash.slice(0, queryAt) : noHash;
    const queryPart = queryAt >= 0 ? noHash.slice(queryAt + 1) : '';
    const relative = pathPart.replace(/^\/+/, '');
    if (relative !== '') url.pathname = `${basePath}/${relative}`;
    const params = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams(queryPart)) params.append(k, v);
    for (const [k, v] of query) params.append(k, v);
    const search = params.toString();
    url.search = search === '' ? '' : `?${search}`;
    return url.href;
  }

  const bases = fc.constantFrom(
    'https://h.example/api/v1',
    'https://h.example/api/v1/',
    'http://127.0.0.1:8787/v1',
    'https://h.example',
    'https://user:pw@h.example:8443/a%20b/',
    'wss://h.example/ws',
    'https://h.example/api?pinned=1',
    'https://h.example/api#frag',
  );
  const segment = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
    fc.constantFrom(
      '.',
      '..',
      '%2F',
      '%zz',
      'a b',
      'é',
      "it's",
      'a:b',
      'x@y',
      '[v]',
      'a\\b',
      'q?x=1',
      'h#f',
    ),
  );
  const paths = fc
    .tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }))
    .map(([lead, parts]) => (lead ? '/' : '') + parts.join('/'))
    .filter((p) => !p.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(p));
  const queries = fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })), {
    maxLength: 3,
  });

  it("gives the URL parser's answer for every base, path and query", () => {
    fc.assert(
      fc.property(bases, paths, queries, (base, path, query) => {
        const pairs = query as QueryParams;
        expect(urlJoiner(base)(path, pairs)).toBe(parsedJoin(base, path, query));
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });

  it('builds the query of a constant query object once, and never serves a changed one stale', () => {
    const join = urlJoiner('https://h.example/api');
    const constant = Object.freeze({ exclude_params: true, tags: Object.freeze(['a', 'b c']) });
    expect(join('/jobs/j1', constant)).toBe(
      'https://h.example/api/jobs/j1?exclude_params=true&tags=a&tags=b+c',
    );
    expect(join('/jobs/j2', constant)).toBe(
      'https://h.example/api/jobs/j2?exclude_params=true&tags=a&tags=b+c',
    );
    // Frozen on the outside only: its array can change, so it is read every time.
    const tags = ['a'];
    const shallow = Object.freeze({ tags });
    expect(join('/jobs', shallow)).toBe('https://h.example/api/jobs?tags=a');
    tags.push('b');
    expect(join('/jobs', shallow)).toBe('https://h.example/api/jobs?tags=a&tags=b');
    const mutable: Record<string, number> = { limit: 1 };
    expect(join('/jobs', mutable)).toBe('https://h.example/api/jobs?limit=1');
    mutable['limit'] = 2;
    expect(join('/jobs', mutable)).toBe('https://h.example/api/jobs?limit=2');
  });

  it('refuses absolute and protocol-relative paths, and a base that is not a URL', () => {
    const join = urlJoiner('https://h.example/api');
    expect(() => join('https://evil.example/x')).toThrowError(ConfigError);
    expect(() => join('//evil.example/x')).toThrowError(ConfigError);
    expect(() => urlJoiner('not a url')).toThrowError(ConfigError, /baseUrl/);
  });
});
