// Fuzzing every codec and decoder with mutated real payloads: each shared fixture is edited
// (fields deleted, duplicated, retyped; NaN, huge numbers and deep nesting injected; the text
// truncated, bit-flipped, spliced, keys duplicated) and the result goes through every decoder,
// as text and as a parsed value. Each must answer with a value or a typed DecodeError: never a
// raw TypeError/RangeError, never a hang. Fixed seed; `QJOBS_SOAK=1` runs many more inputs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { apiErrorFromResponse, decodeApiErrorBody } from '../../src/codecs/api-error.js';
import { decodeBackendStatus } from '../../src/codecs/backends.js';
import { decodeBase64, encodeBase64 } from '../../src/codecs/base64.js';
import { decode } from '../../src/codecs/decode.js';
import { IBMApiError } from '../../src/codecs/errors.js';
import { decodeIamTokenRequest } from '../../src/codecs/iam.js';
import type { JobDetails } from '../../src/codecs/job.js';
import { decodeJobListQuery, jobStatusOf } from '../../src/codecs/job.js';
import { parseJson } from '../../src/codecs/json.js';
import { parseNpy } from '../../src/codecs/npy.js';
import { decodePrimitiveParams } from '../../src/codecs/program-inputs.js';
import { decodeEncodedResult, decodeRuntimeValue } from '../../src/codecs/result-encoded.js';
import type { PrimitiveResult } from '../../src/codecs/result-model.js';
import { isSamplerPubResult } from '../../src/codecs/result-model.js';
import { decodePlainResult } from '../../src/codecs/result-plain.js';
import { decodeResult } from '../../src/codecs/results.js';
import {
  decodeLegacyClientMessage,
  decodeLegacyServerMessage,
  queueInfoOf,
} from '../../src/codecs/ws-messages.js';
import { deflate, inflate } from '../../src/codecs/zlib.js';
import { fuzzParameters } from './support/fuzz-config.js';
import { loadFixtures } from './support/fixtures.js';
import type { Fixture } from './support/fixtures.js';
import {
  ODD_NUMBERS,
  ODD_VALUES,
  SIZE_KEYS,
  applyPlan,
  byteMutation,
  mutateBytes,
  mutationPlan,
} from './support/mutate.js';
import { OutcomeTally, neverThrows, typedOnly } from './support/typed-only.js';

/** Every io-ts codec any module of src/codecs exports (new codecs join the fuzzing by themselves). */
const codecsDir = fileURLToPath(new URL('../../src/codecs/', import.meta.url));
const codecModules = (await Promise.all(
  readdirSync(codecsDir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => import(pathToFileURL(join(codecsDir, name)).href)),
)) as Record<string, unknown>[];
const CODECS: Readonly<Record<string, t.Type<unknown, unknown, unknown>>> = Object.fromEntries(
  codecModules.flatMap((module) =>
    Object.entries(module).filter(
      (entry): entry is [string, t.Type<unknown, unknown, unknown>] => entry[1] instanceof t.Type,
    ),
  ),
);

const tally = new OutcomeTally();

/** Use a decoded result the way a caller would: counts of every sampler pub. */
function useResult(result: PrimitiveResult): void {
  for (const pub of result) {
    if (!isSamplerPubResult(pub)) continue;
    for (const bits of Object.values(pub.data)) {
      if (bits.size <= 1_000_000) bits.getCounts();
    }
  }
}

/** Every text decoder on `text`, then every value decoder on what it parses to. */
function throughTextDecoders(text: string): void {
  const parsed = tally.add(typedOnly('parseJson', () => parseJson(text)));
  tally.add(typedOnly('parseJson(maxDepth 64)', () => parseJson(text, { maxDepth: 64 })));
  const result = tally.add(typedOnly('decodeResult(text)', () => decodeResult(text)));
  if (result.kind === 'right') {
    neverThrows('counts of a decoded result', () => useResult(result.value as PrimitiveResult));
  }
  const server = tally.add(
    typedOnly('decodeLegacyServerMessage', () => decodeLegacyServerMessage(text)),
  );
  if (server.kind === 'right') {
    neverThrows('queueInfoOf', () =>
      queueInfoOf(server.value as Parameters<typeof queueInfoOf>[0]),
    );
  }
  tally.add(typedOnly('decodeLegacyClientMessage', () => decodeLegacyClientMessage(text)));
  tally.add(typedOnly('decodeIamTokenRequest', () => decodeIamTokenRequest(text)));
  tally.add(typedOnly('decodeJobListQuery', () => decodeJobListQuery(new URLSearchParams(text))));
  for (const status of [400, 401, 404, 409, 429, 500, 503]) {
    const err = neverThrows('apiErrorFromResponse', () =>
      apiErrorFromResponse({
        status,
        bodyText: text,
        method: 'GET',
        url: 'https://example.invalid/v1/jobs/x',
        retryAfterHeader: text.slice(0, 40),
      }),
    );
    expect(err).toBeInstanceOf(IBMApiError);
    expect(err.status).toBe(status);
    neverThrows('decodeApiErrorBody', () => decodeApiErrorBody(status, text));
  }
  if (parsed.kind === 'right') throughValueDecoders(parsed.value);
}

/** Every value decoder on `value`. */
function throughValueDecoders(value: unknown): void {
  for (const [name, codec] of Object.entries(CODECS)) {
    const r = tally.add(typedOnly(`decode(${name})`, () => decode(codec, value, 'body')));
    if (name === 'JobDetails' && r.kind === 'right') {
      neverThrows('jobStatusOf', () => jobStatusOf(r.value as JobDetails));
    }
  }
  const result = tally.add(typedOnly('decodeResult(value)', () => decodeResult(value)));
  if (result.kind === 'right') {
    neverThrows('counts of a decoded result', () => useResult(result.value as PrimitiveResult));
  }
  tally.add(typedOnly('decodePlainResult', () => decodePlainResult(value)));
  tally.add(typedOnly('decodeEncodedResult', () => decodeEncodedResult(value)));
  tally.add(typedOnly('decodeRuntimeValue', () => decodeRuntimeValue(value)));
  tally.add(typedOnly('decodeBackendStatus', () => decodeBackendStatus('b', value)));
  const params =
    value !== null && typeof value === 'object' && 'params' in value
      ? (value as { params: unknown }).params
      : value;
  for (const program of ['sampler', 'estimator']) {
    tally.add(
      typedOnly(`decodePrimitiveParams(${program})`, () => decodePrimitiveParams(program, params)),
    );
  }
}

/** Strings inside `value` that look like base64 zlib payloads (the RuntimeEncoder's ndarrays). */
function encodedArrays(value: unknown): string[] {
  const out: string[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' && v.startsWith('eJ')) out.push(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
  }
  return out;
}

describe('fuzz: codecs and decoders on mutated fixtures', () => {
  const fixtures = loadFixtures();

  afterAll(() => {
    const kinds = [...tally.kinds].map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `\nfuzz codecs: ${tally.total} decoder calls, ${tally.right} values, ${tally.left} DecodeErrors (${kinds}), 0 other outcomes`,
    );
  });

  it('finds the shared fixtures and every codec', () => {
    expect(Object.keys(CODECS).length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(CODECS)).toContain('JobDetails');
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    expect(fixtures.map((f) => f.name)).toContain(
      'results_runtimeencoder_sampler_SYNTHESIZED.json',
    );
  });

  it('every unmutated fixture goes through every decoder within the contract', () => {
    for (const f of fixtures) {
      throughTextDecoders(f.text);
      throughValueDecoders(f.value);
    }
    // The result fixtures themselves decode.
    for (const name of [
      'results_plain_sampler_ibm_torino.json',
      'results_runtimeencoder_sampler_SYNTHESIZED.json',
      'results_runtimeencoder_estimator_SYNTHESIZED.json',
    ]) {
      const f = fixtures.find((x) => x.name === name)!;
      expect(E.isRight(decodeResult(f.text)))
        .withContext(name)
        .toBeTrue();
    }
  });

  it('mutated fixtures: every decoder answers a value or a DecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), mutationPlan, (fixture: Fixture, plan) => {
        const mutated = applyPlan(fixture.value, plan);
        throughTextDecoders(mutated.text);
        throughValueDecoders(mutated.value);
      }),
      fuzzParameters(150),
    );
  });

  it('result bodies: mutations aimed at the result decoders (both encodings)', () => {
    const results = fixtures.filter((f) => f.name.startsWith('results_'));
    expect(results.length).toBe(4);
    fc.assert(
      fc.property(fc.constantFrom(...results), mutationPlan, (fixture: Fixture, plan) => {
        const mutated = applyPlan(fixture.value, plan);
        for (const input of [mutated.text, mutated.value]) {
          const r = tally.add(typedOnly('decodeResult', () => decodeResult(input)));
          if (r.kind === 'right') {
            neverThrows('counts of a decoded result', () => useResult(r.value as PrimitiveResult));
          }
        }
      }),
      fuzzParameters(400),
    );
  });

  it('result bodies: size fields (num_bits, shape, shots, slices) set to huge and odd values', () => {
    const results = fixtures.filter((f) => f.name.startsWith('results_'));
    const sizeEdit = fc.record({
      op: fc.constant('size' as const),
      key: fc.nat({ max: SIZE_KEYS.length - 1 }),
      value: fc.nat({ max: ODD_NUMBERS.length + ODD_VALUES.length - 1 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...results),
        fc.array(sizeEdit, { minLength: 1, maxLength: 3 }),
        (fixture: Fixture, values) => {
          const mutated = applyPlan(fixture.value, { values, texts: [] });
          for (const input of [mutated.text, mutated.value]) {
            const r = tally.add(typedOnly('decodeResult', () => decodeResult(input)));
            if (r.kind === 'right') {
              neverThrows('counts of a decoded result', () =>
                useResult(r.value as PrimitiveResult),
              );
            }
          }
        },
      ),
      fuzzParameters(200),
    );
  });

  it('compressed arrays: mutated npy bytes and zlib streams inside a real encoded result', () => {
    const fixture = fixtures.find(
      (f) => f.name === 'results_runtimeencoder_sampler_SYNTHESIZED.json',
    )!;
    const original = encodedArrays(fixture.value)[0]!;
    const compressed = (decodeBase64(original) as E.Right<Uint8Array>).right;
    const npy = (inflate(compressed) as E.Right<Uint8Array>).right;
    fc.assert(
      fc.property(
        fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (edits, editCompressed) => {
          // Either corrupt the compressed stream itself, or corrupt the npy bytes and
          // compress them properly (so the npy parser, not the checksum, meets the damage).
          const bytes = editCompressed
            ? mutateBytes(compressed, edits)
            : deflate(mutateBytes(npy, edits));
          tally.add(typedOnly('inflate', () => inflate(bytes, { maxOutputBytes: 1 << 20 })));
          const raw = editCompressed ? mutateBytes(npy, edits) : inflate(bytes);
          if (raw instanceof Uint8Array) tally.add(typedOnly('parseNpy', () => parseNpy(raw)));
          const text = fixture.text.replace(original, encodeBase64(bytes));
          const r = tally.add(typedOnly('decodeResult(encoded)', () => decodeResult(text)));
          if (r.kind === 'right') {
            neverThrows('counts of a decoded result', () => useResult(r.value as PrimitiveResult));
          }
        },
      ),
      fuzzParameters(400),
    );
  });

  it('base64 and JSON text decoders take arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        tally.add(typedOnly('decodeBase64', () => decodeBase64(s)));
        throughTextDecoders(s);
      }),
      fuzzParameters(200),
    );
  });

  it('a "__proto__" key in a payload never reaches Object.prototype', () => {
    const text =
      '{"__proto__":{"polluted":1},"results":[{"data":{"__proto__":{"polluted":2}},"metadata":{}}],"id":"x","status":"Queued"}';
    throughTextDecoders(text);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
