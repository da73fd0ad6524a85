/**
 * Reading a response body as text with a size ceiling, so a broken or hostile server cannot
 * make the client buffer an unbounded body: a declared `Content-Length` over the ceiling is
 * refused before a byte is read, and a streamed body is abandoned as soon as it crosses it.
 * Works with the browser's `ReadableStream` bodies and with node-fetch's Node streams.
 *
 * @module
 */
import { DecodeError } from '../codecs/errors.js';

/** The ceiling on a response body unless a client is told otherwise: 256 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** The `limit` DecodeError of a body over `maxBytes` (`seen`: bytes declared or read so far). */
export function responseTooLarge(maxBytes: number, seen: number): DecodeError {
  return new DecodeError(
    '',
    `a response body of at most ${maxBytes} bytes`,
    seen,
    'limit',
    `response body of ${seen} bytes or more exceeds the limit of ${maxBytes} bytes`,
  );
}

/** The parts of a `Response` this module reads (test doubles may offer only `text()`). */
export type BodySource = Pick<Response, 'headers' | 'text'> & { readonly body?: unknown };

async function readWebStream(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw responseTooLarge(maxBytes, size);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

async function readIterable(body: AsyncIterable<unknown>, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let size = 0;
  // Leaving the loop early (the throw) ends the iterator, which destroys a Node stream.
  for await (const chunk of body) {
    const bytes =
      chunk instanceof Uint8Array ? chunk : encoder.encode(typeof chunk === 'string' ? chunk : '');
    size += bytes.byteLength;
    if (size > maxBytes) throw responseTooLarge(maxBytes, size);
    parts.push(decoder.decode(bytes, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Whether the body arrives compressed (`Content-Encoding` other than `identity`). */
function isEncoded(headers: Headers): boolean {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  return encoding !== undefined && encoding !== '' && encoding !== 'identity';
}

/**
 * The body of `response` as UTF-8 text, or a `limit` {@link DecodeError} once it is known to
 * be larger than `maxBytes`. A failure while reading is rethrown as it is.
 */
export function readBodyText(response: BodySource, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  // A declared length within the ceiling, of a body that is not decompressed on the way (the
  // declared length would be the compressed one), bounds the text already: read it whole. The
  // common case of every poll, answered without an extra promise.
  if (Number.isFinite(declared) && declared <= maxBytes && !isEncoded(response.headers)) {
    return response.text();
  }
  return readBounded(response, maxBytes, declared);
}

/** {@link readBodyText} when the declared length does not settle it. */
async function readBounded(
  response: BodySource,
  maxBytes: number,
  declared: number,
): Promise<string> {
  const body = response.body;
  if (Number.isFinite(declared) && declared > maxBytes) {
    const web = body as { cancel?: () => Promise<void> } | null | undefined;
    const node = body as { destroy?: () => void } | null | undefined;
    if (typeof web?.cancel === 'function') await web.cancel().catch(() => undefined);
    else if (typeof node?.destroy === 'function') node.destroy();
    throw responseTooLarge(maxBytes, declared);
  }
  if (Number.isFinite(declared) && !isEncoded(response.headers)) return response.text();
  if (body !== null && typeof body === 'object') {
    if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
      return readWebStream(body as ReadableStream<Uint8Array>, maxBytes);
    }
    if (Symbol.asyncIterator in body) return readIterable(body as AsyncIterable<unknown>, maxBytes);
  }
  // A body without a stream (test doubles): read it, then check its length.
  const text = await response.text();
  if (text.length > maxBytes) throw responseTooLarge(maxBytes, text.length);
  return text;
}
