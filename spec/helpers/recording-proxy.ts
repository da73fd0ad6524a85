/**
 * A recording HTTP and websocket proxy for specs: it forwards every request and every upgrade
 * to a target server (a local runtime) over real sockets and records what the client sent
 * (method, path, headers) and which upgrades it asked for. Optionally it rewrites answers
 * (`transform`), e.g. to take the websocket advertisement out of `GET /v1/versions`.
 *
 * ```ts
 * const proxy = await RecordingProxy.start(runtime.url);
 * // ... point a client at proxy.url ...
 * expect(proxy.upgrades).toEqual([]);
 * await proxy.stop();
 * ```
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** One request or upgrade as the client sent it. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** Rewrites a JSON answer of the target before the client gets it. */
export type AnswerTransform = (req: ProxiedRequest, body: unknown) => unknown;

/** The proxy. */
export class RecordingProxy {
  /** Every plain HTTP request, in order. */
  readonly requests: ProxiedRequest[] = [];
  /** Every websocket upgrade asked for, in order. */
  readonly upgrades: ProxiedRequest[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    /** `http://127.0.0.1:<port>`: the proxy's origin. */
    readonly origin: string,
    private readonly transform: AnswerTransform | undefined,
  ) {}

  /** A proxy on a free loopback port forwarding to `target`'s origin. */
  static async start(target: string, transform?: AnswerTransform): Promise<RecordingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const proxy = new RecordingProxy(
      server,
      new URL(target),
      `http://127.0.0.1:${port}`,
      transform,
    );
    server.on('connection', (socket: Socket) => {
      proxy.#sockets.add(socket);
      socket.on('close', () => proxy.#sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => proxy.#forward(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      proxy.#tunnel(req, socket, head),
    );
    return proxy;
  }

  /** The proxy's URL with the target URL's path (e.g. `http://127.0.0.1:1234/api`). */
  get url(): string {
    return `${this.origin}${this.target.pathname.replace(/\/+$/, '')}`;
  }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): ProxiedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  /** Close the proxy and every connection through it. */
  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #record(req: IncomingMessage): ProxiedRequest {
    return { method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } };
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    const recorded = this.#record(req);
    this.requests.push(recorded);
    const upstream = httpRequest(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          const json = String(headers['content-type'] ?? '').includes('application/json');
          if (this.transform !== undefined && json && body.length > 0) {
            body = Buffer.from(JSON.stringify(this.transform(recorded, JSON.parse(String(body)))));
            headers['content-length'] = String(body.length);
          }
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  /** Record the upgrade and splice the client's socket to the target's, head included. */
  #tunnel(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.upgrades.push(this.#record(req));
    const upstream = connect(Number(this.target.port), this.target.hostname, () => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    this.#sockets.add(upstream);
    upstream.on('close', () => {
      this.#sockets.delete(upstream);
      socket.destroy();
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  }
}
