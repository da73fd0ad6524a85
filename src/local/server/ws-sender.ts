/**
 * Sending on one websocket with the websocket faults applied: pushes (status messages and
 * stream payloads) can be corrupted (`malformedBody` with `ws-status`/`ws-stream`) or sent
 * twice (`duplicatePushes`), and the connection is cut without a close frame once the server
 * has sent `dropWebSocketAfter` messages.
 *
 * @module
 */
import type { WebSocket } from 'ws';
import { corruptBody, type FaultInjector } from './faults.js';

/** Sends frames on one socket, counting them. */
export class WebSocketSender {
  private sent = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly faults: FaultInjector,
  ) {}

  /** Whether the socket can still carry frames. */
  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  private sendRaw(text: string): void {
    if (!this.open) return;
    this.ws.send(text);
    this.sent++;
    const drop = this.faults.dropWebSocketAfter();
    if (drop !== undefined && this.sent >= drop) this.ws.terminate();
  }

  /** Send a protocol frame (ack, authenticated): never corrupted or duplicated. */
  control(text: string): void {
    this.sendRaw(text);
  }

  /** Send a push of the given kind, applying the corruption and duplication faults. */
  push(text: string, endpoint: 'ws-status' | 'ws-stream'): void {
    const body = this.faults.malformed(endpoint) ? corruptBody(text) : text;
    this.sendRaw(body);
    if (this.faults.duplicatePushes()) this.sendRaw(body);
  }

  /** Close with a code and reason (if still open). */
  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }
}
