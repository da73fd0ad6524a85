/**
 * Ctrl-C while `qjobs` waits for a job, and the question it then asks ("cancel the remote job
 * too?").
 *
 * On a terminal where this process is in the foreground, the terminal is switched to raw keys
 * for the wait, so Ctrl-C arrives as a key rather than as a SIGINT sent to the whole process
 * group: a launcher in that group (`npx` runs `sh -c`, which dies of the SIGINT, and npm then
 * re-raises it on itself) is not interrupted, and the exit code of `qjobs` is the one its
 * caller sees. Ctrl-Z still suspends the group. SIGINT (`kill -INT`, or Ctrl-C where keys
 * cannot be read) and the caller's abort signal interrupt as well.
 *
 * @module
 */
import type { CliInput, CliIo } from './command.js';
import { inForeground, processGroups } from './foreground.js';

const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_Z = '\x1a';
const BACKSPACE = ['\x7f', '\b'];

/** A question being asked. */
export interface Question {
  /** The first line typed (trimmed), or undefined when aborted first. */
  readonly answer: Promise<string | undefined>;
  abort(): void;
}

/** Interrupts being listened to while a command waits. */
export interface Interrupts {
  /** True when Ctrl-C is read as a key of a raw terminal. */
  readonly rawKeys: boolean;
  /** True when a question can be answered (the input is a terminal). */
  readonly canAsk: boolean;
  /** Write `question` to stderr and read the answer. */
  ask(question: string): Question;
  /** Stop listening: remove every listener and give the terminal back as it was. */
  stop(): void;
}

/** The input questions are read from: `io.stdin`, or the process's. */
export function inputOf(io: CliIo): CliInput {
  return io.stdin ?? process.stdin;
}

/** True for an answer meaning yes (`y`, `yes`, any case). */
export function isYes(answer: string | undefined): boolean {
  return answer !== undefined && /^y(es)?$/i.test(answer);
}

function text(chunk: Buffer | string): string {
  return typeof chunk === 'string' ? chunk : chunk.toString('utf8');
}

/** True when keys of `input` can be read raw: a terminal this process owns the foreground of. */
function rawKeysPossible(input: CliInput, io: CliIo): boolean {
  return (
    input === process.stdin &&
    io.stdin === undefined &&
    input.isTTY === true &&
    typeof input.setRawMode === 'function' &&
    inForeground()
  );
}

/**
 * Call `onCtrlC` on every Ctrl-C (a key of a raw terminal, or SIGINT) and once when
 * `io.signal` aborts, until {@link Interrupts.stop}.
 */
export function listenForInterrupts(io: CliIo, onCtrlC: () => void): Interrupts {
  const input = inputOf(io);
  const raw = rawKeysPossible(input, io);
  let stopped = false;
  /** Where typed characters go while a question waits for its answer. */
  let typing: ((chars: string) => void) | undefined;

  const onSignal = (): void => onCtrlC();
  process.on('SIGINT', onSignal);
  const signal = io.signal;
  if (signal?.aborted) queueMicrotask(onCtrlC);
  else signal?.addEventListener('abort', onSignal, { once: true });

  const suspend = (): void => {
    // Ctrl-Z: hand the terminal back and stop the whole group, as the terminal would.
    input.setRawMode?.(false);
    const group = processGroups()?.pgrp;
    process.kill(group !== undefined && group > 0 ? -group : process.pid, 'SIGTSTP');
  };
  const onContinue = (): void => {
    if (!stopped && inForeground()) input.setRawMode?.(true);
  };
  const onKeys = (chunk: Buffer | string): void => {
    let pending = '';
    const flush = (): void => {
      if (pending !== '') typing?.(pending);
      pending = '';
    };
    for (const ch of text(chunk)) {
      if (ch === CTRL_C) {
        flush();
        onCtrlC();
      } else if (ch === CTRL_Z) {
        flush();
        suspend();
      } else pending += ch;
    }
    flush();
  };
  if (raw) {
    input.setRawMode!(true);
    input.on('data', onKeys);
    input.resume?.();
    process.on('SIGCONT', onContinue);
  }

  const ask = (question: string): Question => {
    let settle: (value: string | undefined) => void = () => undefined;
    let buffer = '';
    const answer = new Promise<string | undefined>((resolve) => {
      settle = (value) => {
        settle = () => undefined;
        typing = undefined;
        if (!raw) {
          input.off('data', onLine);
          input.pause?.();
        }
        resolve(value);
      };
    });
    // Raw keys: echo what is typed and edit the line here; otherwise the terminal does.
    const onTyped = (chars: string): void => {
      for (const ch of chars) {
        if (ch === '\r' || ch === '\n') {
          io.stderr.write('\n');
          settle(buffer.trim());
          return;
        }
        if (ch === CTRL_D) {
          io.stderr.write('\n');
          settle('');
          return;
        }
        if (BACKSPACE.includes(ch)) {
          if (buffer !== '') {
            buffer = buffer.slice(0, -1);
            io.stderr.write('\b \b');
          }
        } else if (ch >= ' ') {
          buffer += ch;
          io.stderr.write(ch);
        }
      }
    };
    function onLine(chunk: Buffer | string): void {
      buffer += text(chunk);
      const newline = buffer.indexOf('\n');
      if (newline >= 0) settle(buffer.slice(0, newline).trim());
    }
    io.stderr.write(question);
    if (raw) typing = onTyped;
    else {
      input.on('data', onLine);
      input.resume?.();
    }
    return { answer, abort: () => settle(undefined) };
  };

  return {
    rawKeys: raw,
    canAsk: input.isTTY === true,
    ask,
    stop() {
      if (stopped) return;
      stopped = true;
      process.off('SIGINT', onSignal);
      signal?.removeEventListener('abort', onSignal);
      if (raw) {
        process.off('SIGCONT', onContinue);
        input.off('data', onKeys);
        input.setRawMode!(false);
        input.pause?.();
      }
    },
  };
}
