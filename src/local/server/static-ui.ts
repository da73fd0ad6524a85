/**
 * Serving a built browser UI (the job dashboard) read-only from one fixed directory under
 * `/ui/` on the runtime's own origin, so the page needs no CORS to reach the API: only `GET` and
 * `HEAD`, only file names made of safe characters (no `..`, no hidden files, no percent
 * escapes), only regular files that really lie inside the directory (symbolic links leading
 * out are refused), only known file types, each with its content type and headers that keep
 * the page from being framed, sniffed or leaking its URL (which carries the token) as a
 * referrer.
 *
 * @module
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

/** The path the UI is served under. */
export const UI_PATH = '/ui';

/** Content types of the files the UI may contain, by extension; other files are not served. */
export const UI_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Content-Security-Policy of every UI answer: scripts, styles and images from the page's own
 * origin only; requests and websockets to any runtime the user names.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_SEGMENTS = 8;

/** What a UI path stands for. */
export type UiTarget =
  | { readonly kind: 'file'; readonly relativePath: string; readonly contentType: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'not-found' };

/** True when `pathname` (as received, without query) belongs to the UI: `/ui` or `/ui/...`. */
export function isUiPath(pathname: string): boolean {
  return pathname === UI_PATH || pathname.startsWith(`${UI_PATH}/`);
}

/**
 * The file (relative to the UI directory) a UI path names, or a redirect (`/ui` to `/ui/`,
 * keeping the query), or not-found for anything outside the allowed names and types. Pure: it
 * never touches the file system.
 */
export function uiTarget(pathname: string, search = ''): UiTarget {
  if (pathname === UI_PATH) return { kind: 'redirect', location: `${UI_PATH}/${search}` };
  if (!pathname.startsWith(`${UI_PATH}/`)) return { kind: 'not-found' };
  const rest = pathname.slice(UI_PATH.length + 1);
  const segments = rest === '' ? ['index.html'] : rest.split('/');
  if (segments.length > MAX_SEGMENTS || !segments.every((s) => SEGMENT.test(s))) {
    return { kind: 'not-found' };
  }
  const relativePath = segments.join('/');
  const contentType = UI_CONTENT_TYPES[extname(relativePath).toLowerCase()];
  if (contentType === undefined) return { kind: 'not-found' };
  return { kind: 'file', relativePath, contentType };
}

function inside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** Read the file a target names, or undefined when it is missing, not a file or outside `root`. */
async function readUiFile(root: string, relativePath: string): Promise<Buffer | undefined> {
  try {
    const realRoot = await realpath(root);
    const candidate = resolve(realRoot, ...relativePath.split('/'));
    if (!inside(realRoot, candidate)) return undefined;
    const real = await realpath(candidate);
    if (!inside(realRoot, real)) return undefined;
    if (!(await stat(real)).isFile()) return undefined;
    return await readFile(real);
  } catch (_e) {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer | string,
  head: boolean,
): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': UI_CONTENT_SECURITY_POLICY,
    'Content-Length': String(bytes.byteLength),
    ...headers,
  });
  res.end(head ? undefined : bytes);
}

/**
 * Answer one request for a UI path from the directory `root`: the file for `GET`/`HEAD`,
 * `308` from `/ui` to `/ui/`, `405` for other methods, `404` for anything else. Files are
 * only read.
 */
export async function serveUi(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const head = method === 'HEAD';
  const text = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (method !== 'GET' && !head) {
    send(
      res,
      405,
      { ...text, Allow: 'GET, HEAD' },
      `Method ${method} is not allowed on the UI\n`,
      false,
    );
    return;
  }
  const target = uiTarget(url.pathname, url.search);
  if (target.kind === 'redirect') {
    send(res, 308, { ...text, Location: target.location }, 'Moved to /ui/\n', head);
    return;
  }
  const body = target.kind === 'file' ? await readUiFile(root, target.relativePath) : undefined;
  if (target.kind !== 'file' || body === undefined) {
    send(res, 404, text, 'Not found\n', head);
    return;
  }
  send(res, 200, { 'Content-Type': target.contentType }, body, head);
}
