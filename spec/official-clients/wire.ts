/**
 * Requests sent byte for byte as an official client builds them: over `node:http`, with the
 * headers in the client's order and nothing else but what HTTP itself needs (`Host`,
 * `Content-Length`, `Connection`), and the body text as the client serialises it.
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** One request: method, absolute URL (query included), headers in order, body text. */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** The answer, with the body as text and (when it parses) as JSON. */
export interface WireResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: any;
}

/** Send `req` and read the whole answer. */
export function send(req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const r = request(
      {
        method: req.method,
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        setHost: true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    for (const [name, value] of req.headers) r.setHeader(name, value);
    if (req.body !== undefined) r.setHeader('Content-Length', Buffer.byteLength(req.body));
    r.end(req.body);
  });
}

/**
 * A query string as Python's `requests` encodes a params dict (`urlencode(doseq=True)`): in
 * insertion order, lists as repeated keys, spaces as `+`.
 */
export function pythonQuery(params: Record<string, string | number | readonly string[]>): string {
  const parts: string[] = [];
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) parts.push(`${enc(k)}=${enc(String(x))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
