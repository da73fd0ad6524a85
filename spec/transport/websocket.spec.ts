import type { Observable } from 'rxjs';
import { Subject, take, throwError } from 'rxjs';
import {
  ConfigError,
  DecodeError,
  NetworkError,
  WebSocketClosedError,
} from '../../src/codecs/errors.js';
import type { WebSocketFactory } from '../../src/transport/websocket.js';
import { transportStats, webSocket$ } from '../../src/transport/websocket.js';
import type { LeakTracker } from '../helpers/leaks.js';
import { trackLeaks } from '../helpers/leaks.js';
import { TestHttpServer, waitFor } from '../helpers/test-http-server.js';

interface Outcome {
  values: string[];
  error?: unknown;
  completed: boolean;
}

function collect(source: Observable<string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const out: Outcome = { values: [], completed: false };
    source.subscribe({
      next: (v) => out.values.push(v),
      error: (e: unknown) => {
        out.error = e;
        resolve(out);
      },
      complete: () => {
        out.completed = true;
        resolve(out);
      },
    });
  });
}

describe('webSocket$', () => {
  let server: TestHttpServer;
  let openBefore: number;
  let leaks: LeakTracker;

  beforeEach(async () => {
    leaks = trackLeaks();
    server = await TestHttpServer.start();
    openBefore = transportStats().openSockets;
  });

  afterEach(async () => {
    await waitFor(() => transportStats().openSockets === openBefore);
    await server.until(() => server.openWebSockets === 0 && server.openConnections === 0);
    await server.stop();
    await leaks.expectNone();
  });

  it('emits the text frames and completes on a normal close (1000)', async () => {
    server.onWebSocket('/stream/jobs/j1', (s) => {
      s.send('ack');
      s.send('{"a":1}');
      s.close(1000, 'job done');
    });
    const out = await collect(webSocket$(`${server.wsUrl}/stream/jobs/j1`));
    expect(out.values).toEqual(['ack', '{"a":1}']);
    expect(out.completed).toBeTrue();
    expect(out.error).toBeUndefined();
  });

  it('errors with WebSocketClosedError carrying code 4003 and the reason', async () => {
    server.onWebSocket('/jobs/x/status', (s) => {
      s.send('first');
      s.close(4003, 'job not found');
    });
    const out = await collect(webSocket$(`${server.wsUrl}/jobs/x/status`));
    expect(out.values).toEqual(['first']);
    expect(out.error).toBeInstanceOf(WebSocketClosedError);
    const err = out.error as WebSocketClosedError;
    expect(err.code).toBe(4003);
    expect(err.reason).toBe('job not found');
    expect(err.url).toBe(`${server.wsUrl}/jobs/x/status`);
  });

  it('errors with code 1006 when the server drops the connection without a close frame', async () => {
    server.onWebSocket('/drop', (s) => s.terminate());
    const out = await collect(webSocket$(`${server.wsUrl}/drop`));
    expect(out.error).toBeInstanceOf(WebSocketClosedError);
    expect((out.error as WebSocketClosedError).code).toBe(1006);
  });

  it('treats the codes in normalCloseCodes as completion', async () => {
    server.onWebSocket('/legacy', (s) => {
      s.send('{"type":"job-status"}');
      s.close(4002, 'done');
    });
    const out = await collect(
      webSocket$(`${server.wsUrl}/legacy`, { normalCloseCodes: [1000, 4002] }),
    );
    expect(out.values).toEqual(['{"type":"job-status"}']);
    expect(out.completed).toBeTrue();
  });

  it('sends the headers on the upgrade request and keeps them out of errors', async () => {
    const token = 'tok-SECRET-1234567890';
    server.onWebSocket('/auth', (s) => s.close(4001, `rejected ${token}`));
    const out = await collect(
      webSocket$(`${server.wsUrl}/auth`, {
        headers: { Authorization: `Bearer ${token}`, 'Service-CRN': 'crn:v1:test' },
      }),
    );
    expect(server.upgrades.length).toBe(1);
    expect(server.upgrades[0]!.headers['authorization']).toBe(`Bearer ${token}`);
    expect(server.upgrades[0]!.headers['service-crn']).toBe('crn:v1:test');
    const err = out.error as WebSocketClosedError;
    expect(err).toBeInstanceOf(WebSocketClosedError);
    expect(err.code).toBe(4001);
    expect(err.message).not.toContain(token);
    expect(JSON.stringify(err)).not.toContain(token);
    expect(err.reason).toBe('rejected [REDACTED]');
  });

  it('keeps an access_token query parameter out of errors', async () => {
    const token = 'qs-token-abcdefgh';
    // No handler on this path: the upgrade is answered with 404.
    const out = await collect(webSocket$(`${server.wsUrl}/missing?access_token=${token}`));
    expect(out.error).toBeInstanceOf(NetworkError);
    const err = out.error as NetworkError;
    expect(err.message).toContain('404');
    expect(err.message).not.toContain(token);
    expect(JSON.stringify(err)).not.toContain(token);
    expect(err.url).toContain('access_token=[REDACTED]');
    expect(server.upgrades[0]!.query.get('access_token')).toBe(token);
  });

  it('sends the frames of input$ once the socket is open', async () => {
    server.onWebSocket('/echo', (s) => {
      s.send('ready');
    });
    const input$ = new Subject<string>();
    const values: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      webSocket$(`${server.wsUrl}/echo`, { input$ })
        .pipe(take(1))
        .subscribe({
          next: (v) => {
            values.push(v);
            input$.next('{"type":"authentication","data":"x"}');
          },
          error: reject,
          complete: resolve,
        });
    });
    await done;
    expect(values).toEqual(['ready']);
    // The frame was sent before take(1) closed the socket.
    await server.until(() => server.sessions[0]?.closed !== undefined);
    expect(server.sessions[0]!.received).toEqual(['{"type":"authentication","data":"x"}']);
  });

  it('errors with the error of input$', async () => {
    server.onWebSocket('/in', () => undefined);
    const boom = new ConfigError('bad input', 'input$');
    const out = await collect(webSocket$(`${server.wsUrl}/in`, { input$: throwError(() => boom) }));
    expect(out.error).toBe(boom);
  });

  it('closes the server-side socket with 1000 on unsubscribe', async () => {
    server.onWebSocket('/long', (s) => s.send('hello'));
    const first = new Promise<void>((resolve) => {
      const sub = webSocket$(`${server.wsUrl}/long`).subscribe(() => {
        sub.unsubscribe();
        resolve();
      });
    });
    await first;
    await server.until(() => server.sessions[0]?.closed !== undefined);
    expect(server.sessions[0]!.closed!.code).toBe(1000);
    await waitFor(() => transportStats().openSockets === openBefore);
  });

  it('closes a socket unsubscribed before it opened', async () => {
    server.onWebSocket('/slow', () => undefined);
    const sub = webSocket$(`${server.wsUrl}/slow`).subscribe({ error: fail });
    // Let the lazy load of ws and the socket creation happen, then give up before the handshake.
    await waitFor(
      () => transportStats().socketsOpened > 0 && transportStats().openSockets > openBefore,
    );
    sub.unsubscribe();
    await waitFor(() => transportStats().openSockets === openBefore);
  });

  it('errors with DecodeError on a binary frame', async () => {
    server.onWebSocket('/bin', (s) => s.send(new Uint8Array([1, 2, 3])));
    const out = await collect(webSocket$(`${server.wsUrl}/bin`));
    expect(out.error).toBeInstanceOf(DecodeError);
    expect((out.error as DecodeError).kind).toBe('unsupported');
  });

  it('refuses ws:// to a remote host unless allowed, without connecting', async () => {
    let made = 0;
    const factory: WebSocketFactory = () => {
      made++;
      throw new Error('must not be called');
    };
    const out = await collect(webSocket$('ws://quantum.example.com/stream', { factory }));
    expect(out.error).toBeInstanceOf(ConfigError);
    expect((out.error as ConfigError).message).toContain('quantum.example.com');
    expect(made).toBe(0);
  });

  it('refuses a URL that is not ws or wss', async () => {
    const out = await collect(webSocket$(`${server.url}/x`));
    expect(out.error).toBeInstanceOf(ConfigError);
    expect((out.error as ConfigError).message).toContain('ws or wss');
  });

  it('reports a refused connection as NetworkError', async () => {
    const closed = await TestHttpServer.start();
    const url = `${closed.wsUrl}/x`;
    await closed.stop();
    const out = await collect(webSocket$(url));
    expect(out.error).toBeInstanceOf(NetworkError);
    expect((out.error as NetworkError).message).toContain(url);
  });

  it('uses the given factory with the URL, protocols and headers', async () => {
    server.onWebSocket('/f', (s) => s.close(1000));
    const calls: [string, readonly string[], unknown][] = [];
    const { WebSocket } = await import('ws');
    const factory: WebSocketFactory = (url, protocols, headers) => {
      calls.push([url, protocols, headers]);
      return new WebSocket(url, [...protocols], { headers: { ...headers } });
    };
    const out = await collect(
      webSocket$(`${server.wsUrl}/f`, { factory, protocols: ['p1'], headers: { 'X-A': 'b' } }),
    );
    expect(out.completed).toBeTrue();
    expect(calls).toEqual([[`${server.wsUrl}/f`, ['p1'], { 'X-A': 'b' }]]);
    expect(server.upgrades[0]!.headers['sec-websocket-protocol']).toBe('p1');
    expect(server.upgrades[0]!.headers['x-a']).toBe('b');
  });

  it('passes a ConfigError thrown by the factory through unchanged', async () => {
    const refusal = new ConfigError('no sockets here', 'factory');
    const out = await collect(
      webSocket$(`${server.wsUrl}/z`, {
        factory: () => {
          throw refusal;
        },
      }),
    );
    expect(out.error).toBe(refusal);
  });
});
