/**
 * The websockets a server advertises in its `GET /v1/versions` answer, under `websockets`:
 * `stream` (the result stream, `/stream/jobs/{id}`) and `status` (the job-status socket,
 * `/jobs/{id}/status/v/1`), each with its path. The local runtime advertises both; IBM Quantum
 * Platform advertises none (its answer has only `versions`). Reading is lenient: anything that
 * is not an object of paths advertises nothing.
 *
 * @module
 */

/** The websocket protocols a server may advertise. */
export type WebSocketProtocol = 'stream' | 'status';

/** What a server advertised: the protocols it serves, each with its path. */
export interface WebSocketOffers {
  readonly stream?: string;
  readonly status?: string;
}

/** A server that advertised nothing. */
export const NO_WEBSOCKETS: WebSocketOffers = Object.freeze({});

/**
 * The websockets advertised in a `GET /v1/versions` body (`{ versions, websockets: { stream,
 * status } }`); {@link NO_WEBSOCKETS} when there is no such field or it is not an object of
 * non-empty strings.
 */
export function webSocketOffersOf(body: unknown): WebSocketOffers {
  if (body === null || typeof body !== 'object') return NO_WEBSOCKETS;
  const field = (body as { websockets?: unknown }).websockets;
  if (field === null || typeof field !== 'object' || Array.isArray(field)) return NO_WEBSOCKETS;
  const offers: { stream?: string; status?: string } = {};
  for (const name of ['stream', 'status'] as const) {
    const path = (field as Record<string, unknown>)[name];
    if (typeof path === 'string' && path !== '') offers[name] = path;
  }
  return Object.freeze(offers);
}
