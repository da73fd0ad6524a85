/**
 * Websockets as cold Observables of text frames, built on rxjs-websockets.
 *
 * rxjs-websockets reports every close, the normal one included, as an error carrying only the
 * close reason. {@link webSocket$} hands it a thin adapter around the real socket that records
 * the close event, so a normal close (1000) becomes completion and any other code a
 * {@link WebSocketClosedError} with the real code.
 *
 * The socket implementation: a caller-supplied {@link WebSocketFactory}, else the global
 * `WebSocket` (browsers, Node 22+), else the `ws` package, loaded with a dynamic `import('ws')`
 * only when it is needed: on Node without a global `WebSocket`, or when upgrade headers must be
 * sent (browsers cannot send headers: pass the token as `?access_token=` there instead).
 * Nothing here imports `ws` statically, so browser bundles need `ws` mapped to `false` in the
 * package's `browser` field and never load it.
 *
 * @module
 */
import type { Observable } from 'rxjs';
import { EMPTY, Subject, catchError, defer, from, map, merge, switchMap, throwError } from 'rxjs';
import * as rxjsWebsockets from 'rxjs-websockets';
import type { WebSocketLike as RxWebSocketLike, GetWebSocketResponses } from 'rxjs-websockets';
import {
  ConfigError,
  DecodeError,
  NetworkError,
  QuantumJobsError,
  WebSocketClosedError,
  describeValue,
  messageOf,
} from '../codecs/errors.js';
import { redactSecrets } from './redact.js';
import { assertSecureUrl, safeUrl } from './url.js';

/** The fields of socket events this module reads (`MessageEvent`, `CloseEvent`, `ErrorEvent`). */
export interface WebSocketEventLike {
  readonly type?: string;
  /** Payload of a `message` event. */
  readonly data?: unknown;
  /** Close code of a `close` event. */
  readonly code?: number;
  /** Close reason of a `close` event. */
  readonly reason?: string;
  /** Description of an `error` event (absent in browsers). */
  readonly message?: string;
}

/**
 * The part of the standard `WebSocket` interface this module uses. Browser sockets, Node's
 * global `WebSocket` and `ws` sockets all have it.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Send one text frame. */
  send(data: string): void;
  /** Start the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Listen to `open`, `message`, `error` and `close` events. */
  addEventListener(
    type: 'open' | 'message' | 'error' | 'close',
    listener: (event: WebSocketEventLike) => void,
  ): void;
}

/**
 * Opens a socket. `headers` are sent on the HTTP upgrade request; a factory that cannot send
 * headers should throw a {@link ConfigError} when asked to.
 */
export type WebSocketFactory = (
  url: string,
  protocols: readonly string[],
  headers: Readonly<Record<string, string>> | undefined,
) => WebSocketLike;

/** Options of {@link webSocket$}. */
export interface WebSocketStreamOptions {
  /** Text frames to send once the socket is open. An error in it errors the stream. */
  readonly input$?: Observable<string>;
  /** Headers of the upgrade request (Node only; needs the `ws` package). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Subprotocols to offer. */
  readonly protocols?: readonly string[];
  /** How sockets are opened. Default: global `WebSocket`, or `ws` on Node. */
  readonly factory?: WebSocketFactory;
  /** Accept `ws://` to hosts other than loopback. Default false. */
  readonly allowInsecure?: boolean;
  /** Close codes that complete the stream instead of erroring it. Default `[1000]`. */
  readonly normalCloseCodes?: readonly number[];
  /**
   * Further strings to keep out of error messages. Header values and `access_token`-style
   * query parameters of `url` are always redacted.
   */
  readonly secrets?: readonly string[];
}

/** Counters for leak checks. */
export interface TransportStats {
  /** Sockets opened by {@link webSocket$} whose `close` event has not fired yet. */
  readonly openSockets: number;
  /** Sockets opened by {@link webSocket$} since the process started. */
  readonly socketsOpened: number;
}

let openSockets = 0;
let socketsOpened = 0;

/** Websocket counters of this module, for leak checks in tests and benchmarks. */
export function transportStats(): TransportStats {
  return { openSockets, socketsOpened };
}

/** Close code of a normal closure. */
export const NORMAL_CLOSURE = 1000;

type MakeWebSocketObservable = (
  url: string,
  options?: {
    protocols: string | string[];
    makeWebSocket: (url: string, protocols: string | string[]) => RxWebSocketLike;
  },
) => Observable<GetWebSocketResponses<string | ArrayBuffer | Blob>>;

/**
 * rxjs-websockets ships CommonJS with a default export. Depending on the loader the namespace's
 * `default` is the function itself (ESM builds, bundlers honouring `__esModule`) or the CommonJS
 * `module.exports` object holding it (Node's ESM loader, Node-mode CommonJS interop).
 */
function makeWebSocketObservable(): MakeWebSocketObservable {
  const candidate: unknown = (rxjsWebsockets as { default?: unknown }).default;
  if (typeof candidate === 'function') return candidate as MakeWebSocketObservable;
  const nested: unknown =
    candidate !== null && typeof candidate === 'object'
      ? (candidate as { default?: unknown }).default
      : undefined;
  if (typeof nested === 'function') return nested as MakeWebSocketObservable;
  throw new ConfigError('rxjs-websockets did not provide makeWebSocketObservable', 'websocket');
}

type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

let wsConstructor: Promise<WebSocketConstructor | undefined> | undefined;

/** The `ws` package's WebSocket class, or undefined where it cannot be loaded (browsers). */
function loadWs(): Promise<WebSocketConstructor | undefined> {
  wsConstructor ??= import('ws').then(
    (mod: unknown) => {
      const m = mod as { WebSocket?: unknown; default?: unknown };
      const ctor = typeof m.WebSocket === 'function' ? m.WebSocket : m.default;
      return typeof ctor === 'function' ? (ctor as WebSocketConstructor) : undefined;
    },
    () => undefined,
  );
  return wsConstructor;
}

/** The factory used when the caller gives none. */
async function defaultFactory(needsHeaders: boolean): Promise<WebSocketFactory> {
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof global === 'function' && !needsHeaders) {
    const Ctor = global as WebSocketConstructor;
    return (url, protocols) => new Ctor(url, [...protocols]);
  }
  const Ws = await loadWs();
  if (Ws !== undefined) {
    return (url, protocols, headers) =>
      new Ws(url, [...protocols], headers ? { headers: { ...headers } } : {});
  }
  if (needsHeaders) {
    throw new ConfigError(
      'websocket headers need the ws package, which is not available here (browsers cannot send ' +
        'headers on a websocket: pass the token in the URL as ?access_token=...)',
      'headers',
    );
  }
  throw new ConfigError('no WebSocket implementation: install the ws package', 'websocket');
}

/** What became of a socket, recorded by the adapter for the close mapping. */
interface SocketOutcome {
  close?: { readonly code: number; readonly reason: string };
  error?: string;
}

/**
 * Wrap a socket in the `on*` property interface rxjs-websockets drives, recording the close
 * event and keeping the open-socket count.
 */
function adapt(
  socket: WebSocketLike,
  outcome: SocketOutcome,
  onSendError: (err: unknown) => void,
): RxWebSocketLike {
  const adapter: RxWebSocketLike = {
    onopen: null,
    onclose: null,
    onmessage: null,
    onerror: null,
    send: (data) => {
      try {
        socket.send(data as string);
      } catch (err) {
        onSendError(err);
      }
    },
    // Without a code `ws` sends an empty close frame, which the server sees as 1005.
    close: () => socket.close(NORMAL_CLOSURE),
  };
  let counted = true;
  openSockets++;
  socketsOpened++;
  socket.addEventListener('open', (event) => adapter.onopen?.(event));
  socket.addEventListener('message', (event) => adapter.onmessage?.(event));
  socket.addEventListener('error', (event) => {
    const message = event.message;
    outcome.error ??= typeof message === 'string' && message !== '' ? message : 'connection failed';
    adapter.onerror?.({ message: outcome.error });
  });
  socket.addEventListener('close', (event) => {
    if (counted) {
      counted = false;
      openSockets--;
    }
    outcome.close = {
      code: typeof event.code === 'number' ? event.code : 1006,
      reason: typeof event.reason === 'string' ? event.reason : '',
    };
    adapter.onclose?.(event);
  });
  return adapter;
}

/** Strings never to show in an error about this socket. */
function secretsOf(url: string, options: WebSocketStreamOptions): string[] {
  const out = [...(options.secrets ?? [])];
  for (const value of Object.values(options.headers ?? {})) {
    out.push(value);
    const bearer = /^\s*(?:bearer|apikey)\s+(.+)$/i.exec(value);
    if (bearer) out.push(bearer[1]!);
  }
  try {
    for (const [key, value] of new URL(url).searchParams) {
      if (/token|key|secret|password/i.test(key)) out.push(value);
    }
  } catch (_e) {
    // An unparsable URL is reported by assertSecureUrl without its query.
  }
  return out;
}

/**
 * A cold Observable of the text frames received on a websocket at `url`. Subscribing opens
 * the socket (and sends `input$`'s frames once it is open); unsubscribing closes it with code
 * 1000.
 *
 * - A close with code 1000 (or another of `normalCloseCodes`) completes the stream.
 * - Any other close errors it with a {@link WebSocketClosedError} carrying the code and reason.
 * - A socket that cannot connect errors it with a {@link NetworkError}.
 * - A binary frame errors it with a `DecodeError` (`kind: 'unsupported'`).
 * - A bad URL, or `ws://` to a remote host without `allowInsecure`, errors it with a
 *   {@link ConfigError}.
 *
 * Credentials found in `headers`, in the URL's query, or listed in `secrets` never appear in
 * these errors.
 *
 * ```text
 * server:  --open--"a"--"b"--close(1000)
 * result:  ---------a----b---|
 * server:  --open--"a"--close(4003, "job not found")
 * result:  ---------a---#  WebSocketClosedError(4003)
 * ```
 */
export function webSocket$(url: string, options: WebSocketStreamOptions = {}): Observable<string> {
  return defer(() => {
    const secrets = secretsOf(url, options);
    const shownUrl = redactSecrets(safeUrl(url), secrets);
    const parsed = assertSecureUrl(url, {
      allowInsecureHttp: options.allowInsecure ?? false,
      option: 'websocket url',
    });
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw new ConfigError(
        `websocket url must use ws or wss, got ${JSON.stringify(parsed.protocol)}`,
        'websocket url',
      );
    }
    const headers = options.headers;
    const needsHeaders = headers !== undefined && Object.keys(headers).length > 0;
    const factory$ =
      options.factory !== undefined
        ? Promise.resolve(options.factory)
        : defaultFactory(needsHeaders);
    const normalCodes = options.normalCloseCodes ?? [NORMAL_CLOSURE];
    const make = makeWebSocketObservable();

    return from(factory$).pipe(
      switchMap((factory) => {
        const outcome: SocketOutcome = {};
        const inputErrors = new Subject<never>();
        let inputFailed = false;
        const failInput = (err: unknown): void => {
          if (inputFailed) return;
          inputFailed = true;
          inputErrors.error(err);
        };
        const input$ = (options.input$ ?? EMPTY).pipe(
          catchError((err: unknown) => {
            failInput(err);
            return EMPTY;
          }),
        );
        const socket$ = make(url, {
          protocols: [...(options.protocols ?? [])],
          makeWebSocket: (u, protocols) =>
            adapt(
              factory(u, typeof protocols === 'string' ? [protocols] : protocols, headers),
              outcome,
              failInput,
            ),
        });
        const frames$ = socket$.pipe(switchMap((getResponses) => getResponses(input$)));
        return merge(frames$, inputErrors).pipe(
          map((data) => {
            if (typeof data === 'string') return data;
            throw new DecodeError(
              'websocket frame',
              'a text frame',
              data,
              'unsupported',
              `websocket ${shownUrl}: expected a text frame, got ${describeValue(data)} (binary)`,
            );
          }),
          catchError((err: unknown) => {
            if (err instanceof QuantumJobsError || inputFailed) return throwError(() => err);
            if (outcome.close !== undefined) {
              const { code, reason } = outcome.close;
              if (normalCodes.includes(code)) return EMPTY;
              return throwError(
                () => new WebSocketClosedError(code, redactSecrets(reason, secrets), shownUrl),
              );
            }
            if (outcome.error !== undefined) {
              return throwError(
                () =>
                  new NetworkError(
                    `websocket ${shownUrl}: ${redactSecrets(outcome.error!, secrets)}`,
                    shownUrl,
                  ),
              );
            }
            const message = messageOf(err);
            return throwError(
              () =>
                new NetworkError(
                  `websocket ${shownUrl}: ${redactSecrets(message, secrets)}`,
                  shownUrl,
                ),
            );
          }),
        );
      }),
    );
  });
}
