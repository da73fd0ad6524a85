/**
 * The live one-line status display of `qjobs run`: on a terminal one line redrawn in place
 * (`\r` and clear-line) with the status, queue position and elapsed time ticking; elsewhere a
 * plain line per status transition.
 *
 * @module
 */
import type { CliOutput } from './command.js';

/** Carriage return and "erase the whole line". */
const CLEAR_LINE = '\r\x1b[2K';
/** How often the elapsed time is redrawn on a terminal. */
const TICK_MS = 200;

/** `0.4s`, `12.0s`, `2m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** What the display shows. */
export interface StatusView {
  readonly status: string;
  readonly queuePosition?: number | undefined;
}

/** Options of {@link StatusLine}. */
export interface StatusLineOptions {
  /** Redraw in place (a terminal) instead of a line per transition. */
  readonly tty: boolean;
  /** Prefix of every line, e.g. `job d6147q3traac73bef6f0`. */
  readonly label: string;
  /** Clock in ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Width of the terminal, to keep the line on one row. */
  readonly columns?: number;
}

/** The live status line of one job. Call {@link StatusLine.stop} when done (it stops the ticking). */
export class StatusLine {
  private readonly started: number;
  private readonly now: () => number;
  private view: StatusView = { status: 'SUBMITTING' };
  private timer: ReturnType<typeof setInterval> | undefined;
  private drawn = false;
  private stopped = false;

  constructor(
    private readonly out: CliOutput,
    private readonly options: StatusLineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** The line as it reads now. */
  text(): string {
    const parts = [this.options.label, this.view.status];
    if (this.view.queuePosition !== undefined)
      parts.push(`queue position ${this.view.queuePosition}`);
    parts.push(formatElapsed(this.now() - this.started));
    const line = parts.join('  ');
    const cols = this.options.columns;
    return cols !== undefined && cols > 10 && line.length >= cols ? line.slice(0, cols - 1) : line;
  }

  /** Show a new status and/or queue position (a plain line only when the status changed). */
  update(view: StatusView): void {
    if (this.stopped) return;
    const changed = view.status !== this.view.status;
    const moved = view.queuePosition !== this.view.queuePosition;
    this.view = view;
    if (this.options.tty) {
      this.draw();
      this.timer ??= setInterval(() => this.draw(), TICK_MS);
      this.timer.unref?.();
    } else if (changed || (moved && view.queuePosition !== undefined)) {
      this.out.write(`${this.text()}\n`);
    }
  }

  private draw(): void {
    this.out.write(`${CLEAR_LINE}${this.text()}`);
    this.drawn = true;
  }

  /** Clear the line on a terminal (before a question or other output); the next update redraws it. */
  clear(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.tty && this.drawn) this.out.write(CLEAR_LINE);
    this.drawn = false;
  }

  /** Stop for good: on a terminal the last state stays on screen as a finished line. */
  stop(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.tty && this.drawn) this.out.write(`${CLEAR_LINE}${this.text()}\n`);
    this.stopped = true;
  }
}
