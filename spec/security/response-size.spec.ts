// The HTTP client never buffers an unbounded body: a server declaring, or streaming, more than
// `maxResponseBytes` gets a `limit` DecodeError as soon as that is known, whatever the status,
// through node-fetch (the default on Node) and through the global fetch (web streams); the
// server sees the connection dropped long before it finished sending.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { firstValueFrom } from 'rxjs';
import { ConfigError, DecodeError, IBMApiError } from '../../src/codecs/errors.js';
import { HttpClient } from '../../src/transport/http-client.js';
import type { FetchFunction } from '../../src/transport/fetch-once.js';
import { readBodyText } from '../../src/transport/read-body.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';

const LIMIT = 1024 * 1024;
/** Most a misbehaving route writes before giving up on its own (keeps the spec bounded). */
const STREAM_CAP = 64 * 1024 * 1024;

describe('security: response size ceiling of the HTTP client', () => {
  let server: Server;
  let port = 0;
  let leaks: LeakTracker;
  /** Bytes each streaming route managed to write before the client went away. */
  const written: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      switch (req.url) {
        case '/v1/declared':
          // Declares 10 MB, sends a little, then waits for the client to give up.
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Content-Length': String(10 * LIMIT),
          });
          res.write(chunk);
          setTimeout(() => res.destroy(), 2000).unref();
          return;
        case '/v1/small':
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"ok":true,"text":"é"}');
          return;
        default: {
          // Streams chunked without end (status from the path) until the client drops it.
          const status = req.url === '/v1/stream-500' ? 500 : 200;
          res.writeHead(status, { 'Content-Type': 'application/json' });
          let sent = 0;
          const pump = (): void => {
            while (sent < STREAM_CAP) {
              sent += chunk.length;
              if (!res.write(chunk)) {
                res.once('drain', pump);
                return;
              }
            }
            res.end();
          };
          res.on('close', () => written.push(sent));
          pump();
        }
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    leaks = trackLeaks();
  });

  afterEach(async () => {
    server.closeAllConnections();
    await leaks.expectNone({}, 5000);
  });

  const fetches: [string, FetchFunction | undefined][] = [
    ['node-fetch (the default)', undefined],
    ['the global fetch', globalThis.fetch as unknown as FetchFunction],
  ];

  for (const [name, fetchFn] of fetches) {
    const client = () =>
      new HttpClient({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        retry: { maxAttempts: 1 },
        maxResponseBytes: LIMIT,
        ...(fetchFn !== undefined ? { fetch: fetchFn } : {}),
      });

    async function failure(path: string): Promise<unknown> {
      try {
        await firstValueFrom(client().getText(path));
        return undefined;
      } catch (e) {
        return e;
      }
    }

    it(`${name}: a declared length over the limit is refused before the body is read`, async () => {
      const e = await failure('/declared');
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).kind).toBe('limit');
      expect((e as DecodeError).message).toContain(`limit of ${LIMIT} bytes`);
    });

    it(`${name}: an endless chunked body stops at the limit, and the server sees it dropped`, async () => {
      const before = written.length;
      const e = await failure('/stream');
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).kind).toBe('limit');
      const until = Date.now() + 3000;
      while (written.length === before && Date.now() < until)
        await new Promise((r) => setTimeout(r, 10));
      expect(written.length).toBe(before + 1);
      expect(written.at(-1)!).toBeLessThan(STREAM_CAP);
    });

    it(`${name}: an error status with an endless body is refused the same way`, async () => {
      const e = await failure('/stream-500');
      expect(e).toBeInstanceOf(DecodeError);
      expect(e).not.toBeInstanceOf(IBMApiError);
    });

    it(`${name}: a body under the limit is read whole, UTF-8 intact`, async () => {
      const text = await firstValueFrom(client().getText('/small'));
      expect(JSON.parse(text)).toEqual({ ok: true, text: 'é' });
    });
  }

  it('refuses a limit that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(
        () => new HttpClient({ baseUrl: 'http://127.0.0.1:1/v1', maxResponseBytes: bad }),
      ).toThrowError(ConfigError);
    }
  });

  it('readBodyText: a body without a stream (a test double) is checked after reading', async () => {
    const double = { headers: new Headers(), text: () => Promise.resolve('x'.repeat(11)) };
    await expectAsync(readBodyText(double, 10)).toBeRejectedWithError(DecodeError);
    expect(await readBodyText(double, 11)).toBe('x'.repeat(11));
  });
});
