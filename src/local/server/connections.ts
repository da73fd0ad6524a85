/**
 * The TCP connections of the local runtime's HTTP server: at most `maxPerClient` open at once
 * from one address (more are answered 429 and closed), every one tracked so `close()` can end
 * it, and idle keep-alive connections closed after `idleMs`.
 *
 * Idle connections are closed by a reaper of its own rather than Node's `keepAliveTimeout`:
 * after the event loop was busy (a long simulation step), Node's timer fires before the
 * request that arrived meanwhile is read, and closes a connection the client has just used
 * (`ECONNRESET`, which clients do not retry for a POST). The reaper decides in a
 * `setImmediate`, after the loop has read pending requests, and spares a connection that got
 * one.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_CODES, errorReply } from './reply.js';

interface Tracked {
  readonly client: string;
  /** Requests read and not yet answered. */
  active: number;
  /** When the last request was answered (or the connection opened), ms. */
  idleSince: number;
}

/** Tracks, limits and reaps the connections of one server. */
export class Connections {
  private readonly tracked = new Map<Socket, Tracked>();
  private readonly perClient = new Map<string, number>();
  /** Sockets refused for the per-client limit: anything they still send is ignored. */
  private readonly refused = new WeakSet<Socket>();
  private readonly reaper: NodeJS.Timeout;

  constructor(
    private readonly maxPerClient: number,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.reaper = setInterval(() => this.reap(), Math.max(100, Math.floor(idleMs / 5)));
    this.reaper.unref();
  }

  /** Number of open connections (upgraded ones included until they close). */
  get size(): number {
    return this.tracked.size;
  }

  /** Whether `socket` was refused (its requests are ignored). */
  isRefused(socket: Socket): boolean {
    return this.refused.has(socket);
  }

  /** Follow `server`'s connections and requests. */
  attach(server: Server): void {
    server.keepAliveTimeout = 0; // the reaper closes idle connections
    server.on('connection', (socket: Socket) => this.opened(socket));
    server.on('request', (req, res) => {
      const t = this.tracked.get(req.socket);
      if (t === undefined) return;
      t.active++;
      res.once('close', () => {
        t.active--;
        t.idleSince = this.now();
      });
    });
    server.on('upgrade', (req) => {
      // A websocket is the hub's now: never idle-reaped as HTTP.
      const t = this.tracked.get(req.socket);
      if (t !== undefined) t.active++;
    });
  }

  private opened(socket: Socket): void {
    const client = socket.remoteAddress ?? 'unknown';
    const open = this.perClient.get(client) ?? 0;
    if (open >= this.maxPerClient) {
      this.refused.add(socket);
      const reply = errorReply(
        429,
        ERROR_CODES.tooManyRequests,
        `Too many open connections from ${client} (limit ${this.maxPerClient})`,
      );
      const body = reply.body ?? '';
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.destroySoon?.();
      return;
    }
    this.perClient.set(client, open + 1);
    this.tracked.set(socket, { client, active: 0, idleSince: this.now() });
    socket.once('close', () => {
      this.tracked.delete(socket);
      const n = (this.perClient.get(client) ?? 1) - 1;
      if (n <= 0) this.perClient.delete(client);
      else this.perClient.set(client, n);
    });
  }

  /** Close connections idle for `idleMs`, deciding after pending requests have been read. */
  private reap(): void {
    const due = this.now() - this.idleMs;
    const candidates = [...this.tracked].filter(([, t]) => t.active === 0 && t.idleSince <= due);
    if (candidates.length === 0) return;
    setImmediate(() => {
      for (const [socket, t] of candidates) {
        if (t.active === 0 && t.idleSince <= due && this.tracked.has(socket)) socket.end();
      }
    });
  }

  /** Stop reaping and destroy every connection. */
  destroyAll(): void {
    clearInterval(this.reaper);
    for (const socket of this.tracked.keys()) socket.destroy();
  }
}
