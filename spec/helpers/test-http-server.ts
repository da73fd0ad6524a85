/**
 * A small scripted HTTP + websocket server for specs: it answers each `METHOD path` with the
 * responses queued for it (the last one repeats), records every request and upgrade with its
 * headers and body, and counts open TCP connections and websockets so specs can check that
 * nothing is left open.
 *
 * ```ts
 * const server = await TestHttpServer.start();
 * server.script('GET', '/jobs/1', { status: 503 }, { body: { id: '1' } });
 * // ... exercise the client against server.url ...
 * await server.stop();
 * ```
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

/** One scripted answer. */
export interface ScriptedResponse {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; anything else as JSON with `Content-Type: application/json`. */
  readonly body?: unknown;
  /** Never answer (the client has to abort). */
  readonly hang?: boolean;
  /** Hold the answer until this promise settles (skipped if the client went away meanwhile). */
  readonly release?: Promise<unknown>;
  /** Destroy the connection without answering (the client sees a network error). */
  readonly destroy?: boolean;
}

/** A scripted answer, or a function computing one from the request. */
export type Responder = ScriptedResponse | ((req: RecordedRequest) => ScriptedResponse);

/** A request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** True once the connection closed before the answer was sent. */
  aborted: boolean;
}

/** A websocket upgrade as the server received it. */
export interface RecordedUpgrade {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/** The server side of one websocket connection. */
export interface WsSession {
  readonly upgrade: RecordedUpgrade;
  /** Frames received from the client. */
  readonly received: string[];
  /** The close code and reason, once the socket closed. */
  closed: { code: number; reason: string } | undefined;
  send(text: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Drop the TCP connection without a close frame. */
  terminate(): void;
}

/** What to do with a websocket connection on a path. */
export type WsHandler = (session: WsSession) => void;

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
}

/** The scripted server. Start with {@link TestHttpServer.start}, end with {@link TestHttpServer.stop}. */
export class TestHttpServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Every websocket upgrade received, in order. */
  readonly upgrades: RecordedUpgrade[] = [];
  /** Every websocket session, in order. */
  readonly sessions: WsSession[] = [];
  private readonly scripts = new Map<string, Responder[]>();
  private readonly wsHandlers = new Map<string, WsHandler>();
  private readonly sockets = new Set<Socket>();
  private readonly openWs = new Set<WebSocket>();
  private readonly waiters = new Set<Waiter>();
  private readonly wss = new WebSocketServer({ noServer: true });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Start a server on a free port of 127.0.0.1. */
  static async start(): Promise<TestHttpServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const s = new TestHttpServer(server, `http://127.0.0.1:${port}`);
    server.on('connection', (socket: Socket) => {
      s.sockets.add(socket);
      socket.on('close', () => {
        s.sockets.delete(socket);
        s.changed();
      });
      s.changed();
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => s.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      s.onUpgrade(req, socket, head),
    );
    return s;
  }

  /** The websocket URL of the server (`ws://127.0.0.1:port`). */
  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  /** TCP connections currently open (HTTP keep-alive and websockets alike). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Websockets currently open on the server side. */
  get openWebSockets(): number {
    return this.openWs.size;
  }

  /** Requests whose connection closed before they were answered. */
  get abortedRequests(): number {
    return this.requests.filter((r) => r.aborted).length;
  }

  /** Queue answers for `METHOD path`; each request takes the next one, the last one repeats. */
  script(method: string, path: string, ...responses: Responder[]): this {
    if (responses.length === 0) throw new Error('script needs at least one response');
    this.scripts.set(`${method.toUpperCase()} ${path}`, [...responses]);
    return this;
  }

  /** Handle websocket connections to `path`. */
  onWebSocket(path: string, handler: WsHandler): this {
    this.wsHandlers.set(path, handler);
    return this;
  }

  /** Requests received for `METHOD path`. */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path === path);
  }

  /**
   * Resolve once `check()` holds, re-checking after every server event. Rejects after
   * `timeoutMs` (a safety net against a hung spec; specs never rely on it for timing).
   */
  until(check: () => boolean, timeoutMs = 5000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Close every connection and the server. */
  async stop(): Promise<void> {
    for (const ws of this.openWs) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', this.url);
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: parsed.pathname,
        query: parsed.searchParams,
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        aborted: false,
      };
      this.requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) record.aborted = true;
        this.changed();
      });
      this.respond(record, res);
      this.changed();
    });
  }

  private respond(record: RecordedRequest, res: ServerResponse): void {
    const queue = this.scripts.get(`${record.method} ${record.path}`);
    let responder: Responder;
    if (queue === undefined) {
      responder = {
        status: 404,
        body: { errors: [{ code: 'not_scripted', message: `${record.method} ${record.path}` }] },
      };
    } else {
      responder = queue.length > 1 ? queue.shift()! : queue[0]!;
    }
    const answer = typeof responder === 'function' ? responder(record) : responder;
    if (answer.hang) return;
    if (answer.release !== undefined) {
      const held = answer.release;
      void held.then(
        () => {
          if (!res.destroyed) this.send({ ...answer, release: undefined }, res);
        },
        () => res.socket?.destroy(),
      );
      return;
    }
    this.send(answer, res);
  }

  private send(answer: ScriptedResponse, res: ServerResponse): void {
    if (answer.destroy) {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { ...answer.headers };
    let body = '';
    if (typeof answer.body === 'string') {
      body = answer.body;
    } else if (answer.body !== undefined) {
      body = JSON.stringify(answer.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(answer.status ?? 200, headers);
    res.end(body);
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const parsed = new URL(req.url ?? '/', this.url);
    const upgrade: RecordedUpgrade = {
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
    };
    this.upgrades.push(upgrade);
    const handler = this.wsHandlers.get(parsed.pathname);
    if (handler === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      this.changed();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.openWs.add(ws);
      const session: WsSession = {
        upgrade,
        received: [],
        closed: undefined,
        send: (text) => ws.send(text),
        close: (code, reason) => ws.close(code, reason),
        terminate: () => ws.terminate(),
      };
      this.sessions.push(session);
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        session.received.push(isBinary ? `<binary ${data.length}>` : data.toString('utf8'));
        this.changed();
      });
      ws.on('close', (code: number, reason: Buffer) => {
        this.openWs.delete(ws);
        session.closed = { code, reason: reason.toString('utf8') };
        this.changed();
      });
      handler(session);
      this.changed();
    });
  }
}

/**
 * Resolve once `check()` holds, polling every few milliseconds: for state outside the server
 * (client-side counters) that has no event to wait on. Rejects after `timeoutMs`.
 */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
