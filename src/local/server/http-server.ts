/**
 * The HTTP request pipeline of the local runtime: accounting, CORS, injected faults,
 * routing (with path parameters validated first), authentication, the handler, body
 * corruption faults, and writing the answer.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { parseJson } from '../../codecs/json.js';
import type { Principal } from './auth.js';
import type { RequestContext, RouteDef, RuntimeCore } from './core.js';
import { corruptBody } from './faults.js';
import { readBodyText } from './http-body.js';
import { deprecationHeaders, unauthorized } from './http-service-info.js';
import { ERROR_CODES, emptyReply, errorReply, type Reply } from './reply.js';
import { Router } from './router.js';
import { PARAM_VALIDATORS, ROUTES } from './routes.js';
import { isUiPath, serveUi } from './static-ui.js';

/** One request as the runtime saw it. */
export interface RequestRecord {
  readonly method: string;
  /** Path without query string, as received. */
  readonly path: string;
  /** Route name (`jobs.get`), or undefined for unrouted requests. */
  readonly route: string | undefined;
  /** Status answered; 0 when the socket was reset by a fault. */
  status: number;
  readonly at: number;
}

const MAX_RECORDS = 10_000;

const ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, IBM-API-Version, Service-CRN, X-Qx-Client-Application, Parent-Job-Id';

/** Strip the optional `/api` prefix so `/api/v1/jobs` and `/v1/jobs` reach the same route. */
export function normalizePath(pathname: string): string {
  if (pathname === '/api') return '/';
  return pathname.startsWith('/api/') ? pathname.slice(4) : pathname;
}

function paramNotFound(param: string, value: string): Reply {
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  switch (param) {
    case 'jobId':
      return errorReply(
        404,
        ERROR_CODES.jobNotFound,
        `Job not found. Job ID: ${shown} (not a valid job id)`,
      );
    case 'sessionId':
      return errorReply(
        404,
        ERROR_CODES.sessionNotFound,
        `Session not found: ${shown} (not a valid session id)`,
      );
    default:
      return errorReply(
        404,
        ERROR_CODES.backendNotFound,
        `Backend not found: ${shown} (not a valid backend name)`,
      );
  }
}

/** Handles every HTTP request of one runtime. */
export class HttpPipeline {
  private readonly router = new Router<RouteDef>(ROUTES, PARAM_VALIDATORS);
  private readonly delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** Every request seen (the latest {@link MAX_RECORDS}), oldest first. */
  get records(): RequestRecord[] {
    const n = this.ring.length;
    if (n < MAX_RECORDS) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
  /** The latest {@link MAX_RECORDS} requests, as a ring: `next` is where the next one goes. */
  private readonly ring: RequestRecord[] = [];
  private next = 0;
  /** Requests seen since start (not capped). */
  total = 0;

  /** The credential last accepted on each connection. */
  private readonly accepted = new WeakMap<object, { header: string; principal: Principal }>();
  /** The `Keep-Alive` hint of every answer: how long the server keeps an idle connection. */
  private readonly keepAlive: string;

  constructor(private readonly core: RuntimeCore) {
    this.keepAlive = `timeout=${Math.max(1, Math.floor(core.options.keepAliveMs / 1000))}`;
  }

  private cors(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    const allowed = this.core.options.corsOrigins;
    if (origin === undefined) return {};
    if (!allowed.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': 'Retry-After, x-request-id, Deprecation, Sunset, Link',
      Vary: 'Origin',
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.delays.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.delays.add(entry);
    });
  }

  /** Cancel pending fault delays (their requests are answered by nobody: the sockets are closing). */
  dispose(): void {
    for (const d of this.delays) {
      clearTimeout(d.timer);
      d.resolve();
    }
    this.delays.clear();
  }

  /**
   * Check a request's credentials. The last credential accepted on a connection is
   * remembered with it: the next request of that connection carrying the same header is
   * accepted without hashing again, until the credential expires. Only accepted credentials
   * are remembered, and only for the connection that sent them.
   */
  private authorize(req: IncomingMessage): Principal | { readonly refused: string } {
    const header = req.headers.authorization;
    const known = this.accepted.get(req.socket);
    if (
      known !== undefined &&
      header === known.header &&
      (known.principal.expiresAt === undefined || known.principal.expiresAt > this.core.now())
    ) {
      return known.principal;
    }
    const checked = this.core.auth.checkAuthorization(header);
    if (!('refused' in checked) && header !== undefined) {
      this.accepted.set(req.socket, { header, principal: checked });
    }
    return checked;
  }

  /** Handle one request from start to finish. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const uiDir = this.core.options.uiDir;
    if (uiDir !== undefined && isUiPath(url.pathname)) return serveUi(uiDir, req, res, url);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = normalizePath(url.pathname);
    const match = this.router.match(method, path);
    const record: RequestRecord = {
      method,
      path: url.pathname,
      route: match.kind === 'match' ? match.route.name : undefined,
      status: 0,
      at: this.core.now(),
    };
    this.total++;
    if (this.ring.length < MAX_RECORDS) this.ring.push(record);
    else this.ring[this.next] = record;
    this.next = (this.next + 1) % MAX_RECORDS;
    const cors = this.cors(req);

    if (method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      const headers =
        Object.keys(cors).length === 0
          ? {}
          : {
              ...cors,
              'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
              'Access-Control-Allow-Headers': ALLOWED_HEADERS,
              'Access-Control-Max-Age': '600',
            };
      this.write(res, record, { ...emptyReply(204), headers });
      return;
    }

    const fault = this.core.faults.decideHttp();
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    if (fault.delayMs > 0) await this.sleep(fault.delayMs);
    if (req.socket.destroyed) return;
    let reply: Reply;
    if (fault.throttleRetryAfterSeconds !== undefined) {
      reply = errorReply(
        429,
        ERROR_CODES.tooManyRequests,
        'Too many requests (injected 429 burst)',
        fault.throttleRetryAfterSeconds === null
          ? {}
          : { headers: { 'Retry-After': String(fault.throttleRetryAfterSeconds) } },
      );
    } else if (fault.errorStatus !== undefined) {
      reply = errorReply(
        fault.errorStatus,
        ERROR_CODES.serviceUnavailable,
        `Injected server error ${fault.errorStatus}`,
      );
    } else {
      reply = await this.dispatch(req, url, method, match);
    }
    const deprecation = deprecationHeaders(req.headers['ibm-api-version']);
    this.write(res, record, {
      ...reply,
      headers:
        deprecation === undefined
          ? { ...cors, ...(reply.headers ?? {}) }
          : { ...cors, ...deprecation, ...(reply.headers ?? {}) },
    });
  }

  private async dispatch(
    req: IncomingMessage,
    url: URL,
    method: string,
    match: ReturnType<Router<RouteDef>['match']>,
  ): Promise<Reply> {
    switch (match.kind) {
      case 'not-found':
        return errorReply(
          404,
          ERROR_CODES.routeNotFound,
          `No such endpoint: ${method} ${url.pathname}`,
        );
      case 'method-not-allowed':
        return errorReply(
          405,
          ERROR_CODES.methodNotAllowed,
          `Method ${method} is not allowed on ${url.pathname} (allowed: ${match.allow.join(', ')})`,
          { headers: { Allow: match.allow.join(', ') } },
        );
      case 'bad-param':
        return paramNotFound(match.param, match.value);
      case 'match':
        break;
    }
    const route = match.route;
    let principal: Principal | undefined;
    if (!route.public) {
      const checked = this.authorize(req);
      if ('refused' in checked) return unauthorized(checked.refused);
      principal = checked;
    }
    const limit = this.core.options.maxBodyBytes;
    const maxDepth = this.core.options.limits.maxJsonDepth;
    const ctx: RequestContext = {
      method,
      url,
      params: match.params,
      principal,
      req,
      readText: () => readBodyText(req, limit),
      readJson: async () => {
        const text = await readBodyText(req, limit);
        if (E.isLeft(text)) return text;
        if (text.right.trim() === '') {
          return E.left(
            errorReply(
              400,
              ERROR_CODES.validation,
              'Request body is empty; a JSON object was expected',
            ),
          );
        }
        const parsed = parseJson(text.right, { maxDepth });
        return E.isLeft(parsed)
          ? E.left(
              errorReply(
                400,
                ERROR_CODES.validation,
                `Request body is not valid JSON: ${parsed.left.message}`,
              ),
            )
          : E.right(parsed.right);
      },
    };
    let reply: Reply;
    try {
      reply = await route.handler(this.core, ctx);
    } catch (e) {
      reply = errorReply(
        500,
        ERROR_CODES.internal,
        `Internal error: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (
      route.faultEndpoint !== undefined &&
      reply.status === 200 &&
      reply.body !== undefined &&
      this.core.faults.malformed(route.faultEndpoint)
    ) {
      reply = { ...reply, body: corruptBody(reply.body) };
    }
    return reply;
  }

  private write(res: ServerResponse, record: RequestRecord, reply: Reply): void {
    record.status = reply.status;
    if (res.destroyed || res.headersSent) return;
    const headers: Record<string, string> = {
      'Cache-Control': 'no-store',
      'Keep-Alive': this.keepAlive,
      ...(reply.headers ?? {}),
    };
    if (reply.body !== undefined) {
      headers['Content-Type'] = reply.contentType ?? 'text/plain; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(reply.body));
    }
    if (reply.closeConnection) headers['Connection'] = 'close';
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  }
}
