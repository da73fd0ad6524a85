/**
 * The local runtime's static UI: which paths name which files (pure), and what a runtime
 * started with `uiDir` answers over raw HTTP, traversal attempts included.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime } from '../../../src/local/index.js';
import type { LocalRuntime } from '../../../src/local/index.js';
import {
  UI_CONTENT_SECURITY_POLICY,
  isUiPath,
  uiTarget,
} from '../../../src/local/server/static-ui.js';

/** A raw request: the path is sent exactly as given (no URL normalisation). */
function raw(
  rt: LocalRuntime,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: rt.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static UI paths', () => {
  it('belong to the UI only under /ui', () => {
    expect(isUiPath('/ui')).toBeTrue();
    expect(isUiPath('/ui/')).toBeTrue();
    expect(isUiPath('/ui/app.js')).toBeTrue();
    expect(isUiPath('/uix')).toBeFalse();
    expect(isUiPath('/api/ui/')).toBeFalse();
    expect(isUiPath('/v1/jobs')).toBeFalse();
  });

  it('name files of known types with safe names, index.html for the folder', () => {
    expect(uiTarget('/ui/')).toEqual({
      kind: 'file',
      relativePath: 'index.html',
      contentType: 'text/html; charset=utf-8',
    });
    expect(uiTarget('/ui/app.js')).toEqual({
      kind: 'file',
      relativePath: 'app.js',
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(uiTarget('/ui/img/logo.svg')).toEqual({
      kind: 'file',
      relativePath: 'img/logo.svg',
      contentType: 'image/svg+xml',
    });
    expect(uiTarget('/ui', '?token=abc')).toEqual({ kind: 'redirect', location: '/ui/?token=abc' });
  });

  it('refuse traversal, hidden files, escapes, empty segments and unknown types', () => {
    for (const path of [
      '/ui/../package.json',
      '/ui/./index.html',
      '/ui/%2e%2e/package.json',
      '/ui/..%2fpackage.json',
      '/ui/.env',
      '/ui/a\\b.js',
      '/ui//app.js',
      '/ui/app.js/',
      '/ui/app.ts',
      '/ui/Makefile',
      '/ui/a%00.js',
      '/ui/a/b/c/d/e/f/g/h/i.js',
      '/other/app.js',
    ]) {
      expect(uiTarget(path).kind).withContext(path).toBe('not-found');
    }
  });
});

describe('a local runtime with uiDir', () => {
  let dir: string;
  let rt: LocalRuntime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qjobs-ui-'));
    const ui = join(dir, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(ui, 'app.js'), 'console.log(1);');
    writeFileSync(join(ui, 'assets', 'style.css'), 'body{}');
    writeFileSync(join(ui, '.secret.js'), 'hidden');
    writeFileSync(join(dir, 'outside.js'), 'outside the UI');
    symlinkSync(join(dir, 'outside.js'), join(ui, 'escape.js'));
    mkdirSync(join(ui, 'folder.js'));
    rt = await startLocalRuntime({ port: 0, uiDir: ui });
  });

  afterEach(async () => {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves its files without credentials, with content types and protective headers', async () => {
    const index = await raw(rt, 'GET', '/ui/');
    expect(index.status).toBe(200);
    expect(index.body).toBe('<!doctype html><title>ui</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(UI_CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.headers['x-frame-options']).toBe('DENY');
    const app = await raw(rt, 'GET', '/ui/app.js?v=1');
    expect(app.status).toBe(200);
    expect(app.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(app.headers['content-length']).toBe(String('console.log(1);'.length));
    const css = await raw(rt, 'GET', '/ui/assets/style.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('answers HEAD without a body, redirects /ui to /ui/ keeping the query, and refuses writes', async () => {
    const head = await raw(rt, 'HEAD', '/ui/app.js');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '15']);
    const redirect = await raw(rt, 'GET', '/ui?token=abc');
    expect([redirect.status, redirect.headers['location']]).toEqual([308, '/ui/?token=abc']);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const refused = await raw(rt, method, '/ui/app.js');
      expect([refused.status, refused.headers['allow']])
        .withContext(method)
        .toEqual([405, 'GET, HEAD']);
    }
  });

  it('never serves a file outside the directory, a hidden file, a folder or a missing file', async () => {
    for (const path of [
      '/ui/../outside.js',
      '/ui/%2e%2e/outside.js',
      '/ui/..%2foutside.js',
      '/ui/.secret.js',
      '/ui/escape.js',
      '/ui/folder.js',
      '/ui/missing.js',
      '/ui/assets/../../outside.js',
    ]) {
      const res = await raw(rt, 'GET', path);
      expect(res.status).withContext(path).toBe(404);
      expect(res.body).withContext(path).not.toContain('outside the UI');
      expect(res.body).withContext(path).not.toContain('hidden');
    }
  });

  it('sends no CORS headers (the UI is same-origin), and the API still needs its token', async () => {
    const ui = await raw(rt, 'GET', '/ui/', { Origin: 'http://evil.example' });
    expect(ui.headers['access-control-allow-origin']).toBeUndefined();
    const api = await raw(rt, 'GET', '/api/v1/jobs');
    expect(api.status).toBe(401);
    expect(rt.requestCount({ route: 'jobs.list' })).toBe(1);
  });
});

describe('a local runtime without uiDir', () => {
  it('has no /ui/: the path is an unknown API endpoint', async () => {
    const rt = await startLocalRuntime({ port: 0 });
    try {
      const res = await raw(rt, 'GET', '/ui/');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json');
    } finally {
      await rt.close();
    }
  });
});
