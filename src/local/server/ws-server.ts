/**
 * Websocket endpoints on the HTTP port: routes an upgrade request to the result stream
 * (`[/api][/v1]/stream/jobs/{id}`) or the legacy job-status socket
 * (`[/api][/v1]/jobs/{id}/status/v/1`), authenticates the stream at upgrade time, refuses
 * anything else with a plain HTTP answer, and closes every socket on shutdown.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RuntimeCore } from './core.js';
import { normalizePath } from './http-server.js';
import { isRuntimeId } from './ids.js';
import { ERROR_CODES, errorReply, type Reply } from './reply.js';
import { serveLegacyStatus } from './ws-legacy.js';
import { serveResultStream } from './ws-stream.js';
import { WS_CLOSE_JOB_NOT_FOUND } from '../../codecs/ws-messages.js';

const STREAM_PATH = /^(?:\/v1)?\/stream\/jobs\/([^/]+)\/?$/;
const LEGACY_PATH = /^(?:\/v1)?\/jobs\/([^/]+)\/status\/v\/1\/?$/;

/** Which websocket endpoint a path names. */
export type WebSocketRoute =
  | { readonly kind: 'stream'; readonly jobId: string }
  | { readonly kind: 'legacy-status'; readonly jobId: string };

/** Match an upgrade path (without query) against the websocket endpoints. */
export function matchWebSocketPath(pathname: string): WebSocketRoute | undefined {
  const path = normalizePath(pathname);
  const stream = STREAM_PATH.exec(path);
  if (stream) return { kind: 'stream', jobId: decodeURIComponent(stream[1]!) };
  const legacy = LEGACY_PATH.exec(path);
  if (legacy) return { kind: 'legacy-status', jobId: decodeURIComponent(legacy[1]!) };
  return undefined;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  404: 'Not Found',
  400: 'Bad Request',
};

function refuse(socket: Duplex, reply: Reply): void {
  const body = reply.body ?? '';
  const headers = [
    `HTTP/1.1 ${reply.status} ${STATUS_TEXT[reply.status] ?? 'Error'}`,
    'Connection: close',
    `Content-Type: ${reply.contentType ?? 'text/plain'}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(reply.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** The runtime's websocket server. */
export class WebSocketHub {
  private readonly wss: WebSocketServer;
  private readonly detachers = new Map<WebSocket, () => void>();

  constructor(private readonly core: RuntimeCore) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: core.options.limits.maxWebSocketFrameBytes,
      perMessageDeflate: false,
    });
  }

  /** Number of open websockets. */
  get size(): number {
    return this.wss.clients.size;
  }

  /** Handle an HTTP upgrade request. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://local');
    let route: WebSocketRoute | undefined;
    try {
      route = matchWebSocketPath(url.pathname);
    } catch {
      route = undefined;
    }
    if (!route) {
      refuse(
        socket,
        errorReply(404, ERROR_CODES.routeNotFound, `No websocket endpoint at ${url.pathname}`),
      );
      return;
    }
    if (route.kind === 'stream') {
      const header = req.headers.authorization;
      const queryToken = url.searchParams.get('access_token');
      const ok =
        header !== undefined
          ? !('refused' in this.core.auth.checkAuthorization(header))
          : queryToken !== null && this.core.auth.checkToken(queryToken) !== undefined;
      if (!ok) {
        refuse(
          socket,
          errorReply(
            401,
            ERROR_CODES.notAuthorized,
            'Missing or invalid credentials for the result stream',
          ),
        );
        return;
      }
    }
    const r = route;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      if (!isRuntimeId(r.jobId) && r.kind === 'stream') {
        ws.close(WS_CLOSE_JOB_NOT_FOUND, 'Job not found (not a valid job id)');
        return;
      }
      const detach =
        r.kind === 'stream'
          ? serveResultStream(this.core, ws, r.jobId)
          : serveLegacyStatus(this.core, ws, isRuntimeId(r.jobId) ? r.jobId : '');
      this.detachers.set(ws, detach);
      ws.on('close', () => {
        this.detachers.get(ws)?.();
        this.detachers.delete(ws);
      });
    });
  }

  /** Close every websocket (1001 going away, then terminate) and the server. */
  close(): void {
    for (const detach of this.detachers.values()) detach();
    this.detachers.clear();
    for (const ws of this.wss.clients) {
      try {
        ws.close(1001, 'local runtime shutting down');
      } catch {
        // already closing
      }
      ws.terminate();
    }
    this.wss.close();
  }
}
