// Decompression and parsing ceilings, probed the way a hostile or broken server would hit
// them: zlib bombs inside results (one array, and several that only add up past the ceiling),
// 100k-level nested JSON in every text decoder, huge `num_bits`, huge NPY shapes and odd NPY
// headers. Each must be a typed DecodeError (`limit` or `invalid`) reached without allocating
// the bomb's output, never a RangeError, an out-of-memory or a hang.
import * as E from 'fp-ts/lib/Either.js';
import { firstValueFrom } from 'rxjs';
import { apiErrorFromResponse } from '../../src/codecs/api-error.js';
import { encodeBase64 } from '../../src/codecs/base64.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { decode } from '../../src/codecs/decode.js';
import { JobDetails } from '../../src/codecs/job.js';
import { parseJson } from '../../src/codecs/json.js';
import { parseNpy } from '../../src/codecs/npy.js';
import { decodeResult } from '../../src/codecs/results.js';
import { decodeLegacyServerMessage } from '../../src/codecs/ws-messages.js';
import { deflate, inflate } from '../../src/codecs/zlib.js';
import { startLocalRuntime } from '../../src/local/index.js';
import { HttpClient } from '../../src/transport/http-client.js';
import { zlibBomb } from '../codecs/zlib-bomb.js';

function decodeError(r: E.Either<unknown, unknown>): DecodeError {
  if (E.isRight(r)) throw new Error('expected a DecodeError, got a value');
  expect(r.left).toBeInstanceOf(DecodeError);
  return r.left as DecodeError;
}

/** An encoded sampler result whose one register holds `array` (base64 of a zlib stream). */
function encodedResult(arrays: Record<string, string>, numBits = 2): string {
  const field = (b64: string) => ({
    __type__: 'BitArray',
    __value__: { array: { __type__: 'ndarray', __value__: b64 }, num_bits: numBits },
  });
  return JSON.stringify({
    __type__: 'PrimitiveResult',
    __value__: {
      pub_results: [
        {
          __type__: 'SamplerPubResult',
          __value__: {
            data: {
              __type__: 'DataBin',
              __value__: {
                field_names: Object.keys(arrays),
                shape: [],
                fields: Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, field(v)])),
              },
            },
            metadata: {},
          },
        },
      ],
      metadata: { version: 2 },
    },
  });
}

/** NPY v1 bytes with a hand-written header dictionary and `data`. */
function npy(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  let dict = header;
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + dict.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  out.set(data, 10 + dict.length);
  return out;
}

const DEEP = 100_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

describe('security: decompression and parsing ceilings', () => {
  describe('zlib bombs', () => {
    it('a 300 MB bomb in one result array stops at the default 256 MiB ceiling with a limit error', () => {
      const bomb = zlibBomb(1_200_000); // 1 + 258 * 1.2M ≈ 310 MB of zeros from ~2 MB
      expect(bomb.length).toBeLessThan(2_100_000);
      const before = process.memoryUsage().arrayBuffers;
      const e = decodeError(decodeResult(encodedResult({ meas: encodeBase64(bomb) })));
      expect(e.kind).toBe('limit');
      expect(e.message).toContain('inflates to more than the limit');
      // The output was never kept whole (some of it was, up to the ceiling, then dropped).
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(400 * 1024 * 1024);
    });

    it('a lower ceiling stops a bomb early', () => {
      const e = decodeError(
        decodeResult(encodedResult({ meas: encodeBase64(zlibBomb(40_000)) }), {
          maxInflateBytes: 1 << 20,
        }),
      );
      expect(e.kind).toBe('limit');
      expect(e.path).toContain('meas');
    });

    it('several arrays below the ceiling each, above it together, are refused together', () => {
      // Three well-formed 800 kB arrays (zeros compress to almost nothing): 2.4 MB together.
      const rows = 800_000;
      const array = npy(
        `{'descr': '|u1', 'fortran_order': False, 'shape': (${rows}, 1), }`,
        new Uint8Array(rows),
      );
      const part = encodeBase64(deflate(array));
      expect(part.length).toBeLessThan(10_000);
      const one = decodeResult(encodedResult({ a: part }), { maxInflateBytes: 2_000_000 });
      expect(E.isRight(one)).toBeTrue();
      const e = decodeError(
        decodeResult(encodedResult({ a: part, b: part, c: part }), { maxInflateBytes: 2_000_000 }),
      );
      expect(e.kind).toBe('limit');
    });

    it('inflate itself: ceiling, truncated stream, bad checksum, preset dictionary', () => {
      expect(decodeError(inflate(zlibBomb(10_000), { maxOutputBytes: 100_000 })).kind).toBe(
        'limit',
      );
      const good = deflate(new Uint8Array(1000));
      expect(decodeError(inflate(good.subarray(0, good.length - 3))).kind).toBe('invalid');
      const bad = Uint8Array.from(good);
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
      expect(decodeError(inflate(bad)).message).toContain('invalid zlib data');
      const dict = Uint8Array.from(good);
      dict[1] = 0xbb; // FDICT set, header checksum still valid (0x78bb % 31 === 0)
      expect(decodeError(inflate(dict)).kind).toBe('invalid');
    });
  });

  describe('100k-level nested JSON', () => {
    it('is a limit error in parseJson, decodeResult and the websocket decoders', () => {
      for (const text of [
        deepArray,
        deepObject,
        `{"results":${deepArray}}`,
        `[NaN,${deepArray}]`,
      ]) {
        expect(decodeError(parseJson(text)).kind).toBe('limit');
        expect(decodeError(decodeResult(text)).kind).toBe('limit');
        const ws = decodeLegacyServerMessage(text);
        if (E.isLeft(ws)) expect(ws.left).toBeInstanceOf(DecodeError);
      }
    });

    it('an API error body nested 100k deep still gives an IBMApiError', () => {
      const err = apiErrorFromResponse({ status: 500, bodyText: `{"errors":${deepArray}}` });
      expect(err.status).toBe(500);
      expect(err.message.length).toBeLessThan(2000);
    });

    it('already parsed values nested 100k deep are a DecodeError, not a stack overflow', () => {
      let value: unknown = 0;
      for (let i = 0; i < DEEP; i++) value = [value];
      decodeError(decodeResult({ __type__: 'PrimitiveResult', __value__: { pub_results: value } }));
      decodeError(decodeResult({ results: value }));
      decodeError(decode(JobDetails, { id: 'x', status: 'Queued', state: value }));
    });

    it('through the HTTP client: a 100k-deep job body from the server is a DecodeError', async () => {
      // A server that answers job details with 100k nested arrays (the local runtime's own
      // faults truncate bodies; this one is served raw by a tiny handler).
      const { createServer } = await import('node:http');
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"id":"x","status":"Queued","params":${deepArray}}`);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      try {
        const port = (server.address() as { port: number }).port;
        const http = new HttpClient({
          baseUrl: `http://127.0.0.1:${port}/v1`,
          retry: { maxAttempts: 1 },
        });
        let failure: unknown;
        try {
          await firstValueFrom(http.getJson('/jobs/x', JobDetails));
        } catch (e) {
          failure = e;
        }
        expect(failure).toBeInstanceOf(DecodeError);
        expect((failure as DecodeError).kind).toBe('limit');
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    });

    it('the local runtime refuses a 100k-deep request body with a 400', async () => {
      const rt = await startLocalRuntime({ port: 0 });
      try {
        const res = await fetch(`${rt.url}/v1/jobs`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${rt.token}`, 'Content-Type': 'application/json' },
          body: `{"program_id":"sampler","backend":"local_simulator","params":${deepObject}}`,
        });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('nesting');
      } finally {
        await rt.close();
      }
    });
  });

  describe('huge sizes', () => {
    it('huge num_bits in a plain result is a DecodeError, not a gigabyte allocation or a RangeError', () => {
      const body = (numBits: number, shots: number) =>
        JSON.stringify({
          results: [
            {
              data: { meas: { samples: Array(shots).fill('0x1'), num_bits: numBits } },
              metadata: {},
            },
          ],
          metadata: {},
        });
      for (const [numBits, shots] of [
        [2 ** 31, 2],
        [2 ** 33, 10],
        [2 ** 36, 1],
        [2 ** 40, 2],
        [2 ** 52, 1_000],
      ] as const) {
        const before = process.memoryUsage().arrayBuffers;
        const e = decodeError(decodeResult(body(numBits, shots)));
        expect(e.kind).withContext(`${numBits} bits x ${shots}`).toBe('limit');
        expect(e.message).toContain('more than the limit');
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
      }
      for (const numBits of [2 ** 53, -1, 1.5, 1e308]) {
        expect(decodeError(decodeResult(body(numBits, 2))).kind)
          .withContext(String(numBits))
          .toBe('invalid');
      }
    });

    it('huge num_bits in an encoded BitArray is a DecodeError', () => {
      const small = encodeBase64(
        deflate(
          npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 1), }", new Uint8Array(4)),
        ),
      );
      for (const numBits of [2 ** 40, 1e9, 9]) {
        decodeError(decodeResult(encodedResult({ meas: small }, numBits)));
      }
    });

    it('huge and malformed NPY shapes are DecodeErrors without allocating', () => {
      const headers = [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000, 1000000), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,), }",
        `{'descr': '<f8', 'fortran_order': False, 'shape': (${'2, '.repeat(10_000)}), }`,
        "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }",
        "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<U99999999', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f8', 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': __import__('os'), }",
        '',
      ];
      for (const h of headers) {
        const r = parseNpy(npy(h, new Uint8Array(8)));
        expect(E.isLeft(r)).withContext(h.slice(0, 80)).toBeTrue();
        if (E.isLeft(r)) expect(r.left).toBeInstanceOf(DecodeError);
      }
      // A header length field pointing past the end of the data.
      const lying = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        new Uint8Array(8),
      );
      lying[8] = 0xff;
      lying[9] = 0xff;
      decodeError(parseNpy(lying));
    });

    it('an encoded ndarray whose shape disagrees with its bytes is a DecodeError', () => {
      const lie = encodeBase64(
        deflate(
          npy(
            "{'descr': '|u1', 'fortran_order': False, 'shape': (1099511627776, 1), }",
            new Uint8Array(4),
          ),
        ),
      );
      decodeError(decodeResult(encodedResult({ meas: lie })));
    });
  });
});
