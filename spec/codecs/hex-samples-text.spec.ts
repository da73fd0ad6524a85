// Long hex sample arrays are read straight from the result text (src/codecs/hex-samples-text.ts);
// whatever the text, the outcome must be the one of parsing it whole: the same result, or the
// same DecodeError with the same path and message.
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { DecodeError } from '../../src/codecs/errors.js';
import { HEX_SAMPLES_MARKER, liftHexSamples } from '../../src/codecs/hex-samples-text.js';
import type { PrimitiveResult } from '../../src/codecs/result-model.js';
import { isSamplerPubResult } from '../../src/codecs/result-model.js';
import { decodeResultWith } from '../../src/codecs/results.js';
import { fixtureText } from '../helpers/fixtures.js';

const lifted = (text: string): Either<DecodeError, PrimitiveResult> =>
  decodeResultWith(text, {}, 0);
const whole = (text: string): Either<DecodeError, PrimitiveResult> =>
  decodeResultWith(text, {}, Infinity);

/** Both ways of reading `text` agree; returns the outcome. */
function same(text: string): Either<DecodeError, PrimitiveResult> {
  const a = lifted(text);
  const b = whole(text);
  if (isLeft(b)) {
    expect(isLeft(a))
      .withContext(`lifted decoded what the parser refuses: ${b.left.message}`)
      .toBeTrue();
    if (isLeft(a)) {
      expect(a.left.message).toBe(b.left.message);
      expect(a.left.path).toBe(b.left.path);
      expect(a.left.kind).toBe(b.left.kind);
    }
    return b;
  }
  if (isLeft(a)) {
    fail(`lifted refused what the parser decodes: ${a.left.message}`);
    return b;
  }
  expect(a.right.length).toBe(b.right.length);
  expect(a.right.metadata).toEqual(b.right.metadata);
  a.right.forEach((pub, i) => {
    const other = b.right[i]!;
    expect(pub.kind).toBe(other.kind);
    expect(pub.metadata).toEqual(other.metadata);
    if (isSamplerPubResult(pub) && isSamplerPubResult(other)) {
      expect(Object.keys(pub.data)).toEqual(Object.keys(other.data));
      for (const [name, bits] of Object.entries(pub.data)) {
        const o = other.data[name]!;
        expect([bits.numBits, bits.numShots, bits.shape]).toEqual([o.numBits, o.numShots, o.shape]);
        expect(bits.bytes).toEqual(o.bytes);
      }
    }
  });
  return b;
}

const body = (samples: string, numBits: number | string, extra = ''): string =>
  `{"results":[{"data":{"meas":{"samples":${samples},"num_bits":${numBits}}},` +
  `"metadata":{"circuit_metadata":{}}}],"metadata":{"version":2${extra}}}`;

/** One sample as it may be written: hex of any case, leading zeros, or something else. */
const sampleText = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }).map((v) => `"0x${v.toString(16)}"`),
  },
  { weight: 2, arbitrary: fc.nat({ max: 4095 }).map((v) => `"0X${v.toString(16).toUpperCase()}"`) },
  { weight: 2, arbitrary: fc.nat({ max: 255 }).map((v) => `"0x000${v.toString(16)}"`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"0x"',
      '"0xg"',
      '"x1"',
      '7',
      'null',
      '"0x\\u0031"',
      '"0x1 "',
      '["0x1"]',
      '"0x1',
    ),
  },
);
const space = fc.constantFrom('', '', '', ' ', '\n  ', '\t');

describe('hex samples read from the text', () => {
  it('agree with parsing the whole text, for any samples and width', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(space, sampleText, space), { maxLength: 40 }),
        fc.oneof(fc.nat({ max: 72 }), fc.constantFrom('"8"', '-1', '2.5')),
        (elements, numBits) => {
          const samples = `[${elements.map(([a, s, b]) => a + s + b).join(',')}]`;
          same(body(samples, numBits));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agree on arrays long enough to be read in several chunks, whatever stands at a cut', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6000, max: 16000 }),
        fc.array(fc.tuple(fc.nat(), sampleText, space), { maxLength: 4 }),
        fc.integer({ min: 17, max: 40 }),
        (count, edits, numBits) => {
          const elements = Array.from(
            { length: count },
            (_, i) => `"0x${(i * 7919).toString(16)}"`,
          );
          // A few elements replaced (maybe by something that is no hex string), with spaces.
          for (const [at, sample, pad] of edits) elements[at % count] = pad + sample + pad;
          const r = same(body(`[${elements.join(',')}]`, numBits));
          if (edits.length === 0 && numBits >= 27) expect(isRight(r)).toBeTrue();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('agree on a published result body', () => {
    const text = fixtureText('results_plain_sampler_ibm_torino.json');
    expect(liftHexSamples(text, 0)).toBeDefined();
    expect(isRight(same(text))).toBeTrue();
    // A swept pub: the spans give the shape the samples are spread over.
    const swept = body('["0x1","0x2","0x3","0x0"]', 2).replace(
      '"version":2',
      '"version":2,"execution":{"execution_spans":[[{"date":"2025-09-02T05:30:55"},' +
        '{"date":"2025-09-02T05:30:56"},{"0":[[2,2],[0,1],[0,4]]}]]}',
    );
    const r = same(swept);
    expect(isRight(r) && isSamplerPubResult(r.right[0]!) && r.right[0].data['meas']!.shape).toEqual(
      [2],
    );
  });

  it('name the first sample too wide for num_bits, as the parser does', () => {
    const e = same(body('["0x1", "0x3", "0x4", "0x1ff"]', 2));
    expect(isLeft(e) && e.left.message).toBe(
      'results[0].data.meas.samples[2]: sample "0x4" does not fit in num_bits = 2',
    );
    // A value of more than 8 digits is read from the text itself.
    const wide = same(body('["0x1", "0x1000000000"]', 37));
    expect(isRight(wide)).toBeTrue();
    expect(isLeft(same(body('["0x1", "0x1000000000"]', 32)))).toBeTrue();
  });

  it('leave "samples" elsewhere as the arrays they are', () => {
    const extra = ',"samples":["0x1","0x2"],"note":"\\"samples\\":[\\"0x3\\"]"';
    const r = same(body('["0x1","0x2","0x3"]', 2, extra));
    if (isLeft(r)) return fail(r.left.message);
    expect(r.right.metadata['samples']).toEqual(['0x1', '0x2']);
    expect(r.right.metadata['note']).toBe('"samples":["0x3"]');
  });

  it('give an encoded result its arrays back, even where a plain one has registers', () => {
    const text =
      '{"__type__":"PrimitiveResult","__value__":{"pub_results":[],"metadata":{}},' +
      '"results":[{"data":{"meas":{"samples":["0x1","0x0"],"num_bits":1}}}]}';
    expect(liftHexSamples(text, 0)).toBeDefined();
    expect(isRight(same(text))).toBeTrue();
  });

  it('lift nothing from a text that already holds the marker name', () => {
    const text = body('["0x1"]', 1, `,"${HEX_SAMPLES_MARKER}":1`);
    expect(liftHexSamples(text, 0)).toBeUndefined();
    same(text);
  });

  it('report the rest of the text from the text as sent (line, column)', () => {
    const text = body('[\n"0x1",\n"0x0"\n]', 1).replace('"version":2', '"version":2,,');
    const e = same(text);
    expect(isLeft(e) && e.left.message).toContain('line 4, column 79');
  });
});
