/**
 * Reading request bodies with a size ceiling: a declared `Content-Length` over the limit is
 * refused before a byte is read, and a streamed body is abandoned as soon as it crosses the
 * limit (the answer is a 413 that closes the connection).
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { ERROR_CODES, errorReply, type Reply } from './reply.js';

function tooLarge(limit: number): Reply {
  return errorReply(
    413,
    ERROR_CODES.payloadTooLarge,
    `Request body exceeds the limit of ${limit} bytes`,
    {
      closeConnection: true,
    },
  );
}

/** Read the whole body as UTF-8 text, or a 413 reply when it is larger than `limit` bytes. */
export function readBodyText(
  req: IncomingMessage,
  limit: number,
): Promise<E.Either<Reply, string>> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit)
    return Promise.resolve(E.left(tooLarge(limit)));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (value: E.Either<Reply, string>): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(E.left(tooLarge(limit)));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(E.right(Buffer.concat(chunks).toString('utf8')));
    const onError = (): void =>
      finish(E.left(errorReply(400, ERROR_CODES.validation, 'Request body could not be read')));
    const onClose = (): void => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
