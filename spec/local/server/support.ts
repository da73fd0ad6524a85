/**
 * Raw clients for the local runtime specs: HTTP through global fetch and websockets through
 * `ws`, never the library's own client, so the specs check the wire protocol itself.
 */
import { WebSocket } from 'ws';
import { encodeBase64 } from '../../../src/codecs/base64.js';
import { deflate } from '../../../src/codecs/zlib.js';
import type { LocalRuntime } from '../../../src/local/index.js';

/** An HTTP answer with its text and (when it parses) its JSON. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

/** Options of {@link api}. */
export interface ApiOptions {
  readonly body?: unknown;
  /** Raw body text (sent as is). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** Bearer token; `null` sends no Authorization header. Default: the runtime's token. */
  readonly token?: string | null;
}

/** Call `${rt.url}${path}` with a bearer token and read the whole answer. */
export async function api(
  rt: LocalRuntime,
  method: string,
  path: string,
  o: ApiOptions = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const token = o.token === undefined ? rt.token : o.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The Bell circuit of the specs (OpenQASM 3). */
export const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

/** A Bell state without measurement, for the estimator. */
export const BELL_NO_MEASURE =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; h q[0]; cx q[0], q[1];';

/** A sampler job body. */
export function samplerJob(
  pubs: unknown[],
  extra: Record<string, unknown> = {},
  params: Record<string, unknown> = {},
): unknown {
  return {
    program_id: 'sampler',
    backend: 'local_simulator',
    params: { pubs, version: 2, ...params },
    ...extra,
  };
}

/** An estimator job body. */
export function estimatorJob(
  pubs: unknown[],
  extra: Record<string, unknown> = {},
  params: Record<string, unknown> = {},
): unknown {
  return {
    program_id: 'estimator',
    backend: 'local_simulator',
    params: { pubs, version: 2, ...params },
    ...extra,
  };
}

/** Create a job, expecting 200; returns its id. */
export async function createJob(rt: LocalRuntime, body: unknown): Promise<string> {
  const res = await api(rt, 'POST', '/v1/jobs', { body });
  if (res.status !== 200) throw new Error(`create job failed: ${res.status} ${res.text}`);
  return res.json.id as string;
}

const FINAL = ['Completed', 'Cancelled', 'Failed'];

/** Poll job details until `state.status` is one of `statuses` (default: a final one). */
export async function waitForStatus(
  rt: LocalRuntime,
  id: string,
  statuses: readonly string[] = FINAL,
  timeoutMs = 15_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(rt, 'GET', `/v1/jobs/${id}`);
    if (res.status === 200 && statuses.includes(res.json.state.status)) return res.json;
    if (Date.now() > deadline)
      throw new Error(`job ${id} did not reach ${statuses.join('|')}: ${res.text}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Everything a websocket received, and how it closed. */
export interface WsTranscript {
  readonly messages: string[];
  readonly code: number;
  readonly reason: string;
  /** Set when the socket ended without a close frame (code 1006). */
  readonly abnormal: boolean;
}

/** Open a websocket and collect every message until it closes. `onOpen` may send frames. */
export function collectWs(
  url: string,
  options: {
    headers?: Record<string, string>;
    onOpen?: (ws: WebSocket) => void;
    onMessage?: (ws: WebSocket, text: string) => void;
  } = {},
): Promise<WsTranscript> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: options.headers ?? {} });
    const messages: string[] = [];
    ws.on('open', () => options.onOpen?.(ws));
    ws.on('message', (data) => {
      const text = data.toString();
      messages.push(text);
      options.onMessage?.(ws, text);
    });
    ws.on('unexpected-response', (_req, res) => {
      reject(new Error(`upgrade refused with HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) =>
      resolve({ messages, code, reason: reason.toString(), abnormal: code === 1006 }),
    );
  });
}

/** Statistical bound: |observed - expected| within `sigmas` standard deviations of a binomial. */
export function withinBinomial(observed: number, n: number, p: number, sigmas = 5): boolean {
  return Math.abs(observed - n * p) <= sigmas * Math.sqrt(n * p * (1 - p));
}

/** Wait (in process, without HTTP) until the runtime's own record of a job shows `status`. */
export async function waitForRecord(
  rt: LocalRuntime,
  id: string,
  status: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (rt.jobRecord(id)?.status !== status) {
    if (Date.now() > deadline) throw new Error(`job ${id} never reached ${status}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The RuntimeEncoder value of a circuit whose QPY file is `qpy`: base64 of zlib of the QPY, as
 * Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/json.py writes it.
 */
export function encodedCircuit(qpy: Uint8Array): { __type__: string; __value__: string } {
  return { __type__: 'QuantumCircuit', __value__: encodeBase64(deflate(qpy)) };
}
