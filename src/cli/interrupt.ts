/**
 * Ctrl-C while `qjobs` waits for a job: listening for SIGINT (or the caller's abort signal)
 * and asking on a terminal whether the remote job should be cancelled too.
 *
 * @module
 */
import type { CliInput, CliIo } from './command.js';

/**
 * Call `handler` on every SIGINT and once when `io.signal` aborts, until the returned function
 * is called (which removes the listeners). While installed, SIGINT no longer ends the process.
 */
export function onInterrupt(io: CliIo, handler: () => void): () => void {
  const onSignal = (): void => handler();
  process.on('SIGINT', onSignal);
  const signal = io.signal;
  if (signal?.aborted) queueMicrotask(handler);
  else signal?.addEventListener('abort', onSignal, { once: true });
  return () => {
    process.off('SIGINT', onSignal);
    signal?.removeEventListener('abort', onSignal);
  };
}

/** The input questions are read from: `io.stdin`, or the process's. */
export function inputOf(io: CliIo): CliInput {
  return io.stdin ?? process.stdin;
}

/** True when questions can be asked: the input is a terminal. */
export function canAsk(io: CliIo): boolean {
  return inputOf(io).isTTY === true;
}

/**
 * Write `question` to stderr and resolve with the first line typed (trimmed). Resolves with
 * `undefined` when `abort` is called first (a second Ctrl-C).
 */
export function ask(
  io: CliIo,
  question: string,
): { readonly answer: Promise<string | undefined>; abort(): void } {
  const input = inputOf(io);
  let settle: (value: string | undefined) => void = () => undefined;
  let buffer = '';
  const onData = (chunk: Buffer | string): void => {
    buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const newline = buffer.indexOf('\n');
    if (newline >= 0) settle(buffer.slice(0, newline).trim());
  };
  const answer = new Promise<string | undefined>((resolve) => {
    settle = (value) => {
      input.off('data', onData);
      input.pause?.();
      settle = () => undefined;
      resolve(value);
    };
  });
  io.stderr.write(question);
  input.on('data', onData);
  input.resume?.();
  return { answer, abort: () => settle(undefined) };
}

/** True for an answer meaning yes (`y`, `yes`, any case). */
export function isYes(answer: string | undefined): boolean {
  return answer !== undefined && /^y(es)?$/i.test(answer);
}
