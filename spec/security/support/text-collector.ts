/**
 * Gathers every piece of text a value can turn into — `String()`, `message`, `stack`,
 * `JSON.stringify`, `util.inspect` (hidden fields included), `toDict()`, the `cause` chain and
 * the fields of errors — so a spec can search all of it for a credential at once.
 */
import { inspect } from 'node:util';

/** One piece of produced text and where it came from. */
export interface Collected {
  readonly label: string;
  readonly text: string;
}

function safe(f: () => unknown): string {
  try {
    const v = f();
    return typeof v === 'string' ? v : v === undefined ? '' : String(v);
  } catch (e) {
    return `<threw ${e instanceof Error ? e.message : String(e)}>`;
  }
}

/** Collects text from values, console calls and stream writes. */
export class TextCollector {
  readonly items: Collected[] = [];

  /** Record raw text. */
  text(label: string, text: string): void {
    this.items.push({ label, text });
  }

  /** Record every textual form of `value` (and of its cause chain, for errors). */
  value(label: string, value: unknown, depth = 0): void {
    if (depth > 5) return;
    this.text(
      `${label} String()`,
      safe(() => String(value)),
    );
    this.text(
      `${label} JSON`,
      safe(() => JSON.stringify(value)),
    );
    this.text(
      `${label} inspect`,
      safe(() => inspect(value, { depth: 8, showHidden: true, getters: true })),
    );
    if (value !== null && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v['toDict'] === 'function') {
        this.text(
          `${label} toDict`,
          safe(() => JSON.stringify((v['toDict'] as () => unknown)())),
        );
      }
      if (value instanceof Error) {
        this.text(`${label} message`, value.message);
        this.text(`${label} stack`, value.stack ?? '');
        for (const [k, field] of Object.entries(value)) {
          if (typeof field === 'string') this.text(`${label}.${k}`, field);
        }
        if (value.cause !== undefined) this.value(`${label} cause`, value.cause, depth + 1);
      }
    }
  }

  /** Every occurrence of any of `secrets` (raw or URL-encoded) in what was collected. */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    for (const item of this.items) {
      for (const secret of secrets) {
        for (const form of new Set([secret, encodeURIComponent(secret)])) {
          const at = item.text.indexOf(form);
          if (at >= 0) {
            const excerpt = item.text.slice(Math.max(0, at - 60), at + form.length + 20);
            found.push(`${item.label}: …${excerpt}…`);
          }
        }
      }
    }
    return found;
  }

  /** Total characters collected (the spec reports it, so an empty collection is visible). */
  get size(): number {
    return this.items.reduce((n, i) => n + i.text.length, 0);
  }
}

type Writer = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * Capture `console.*` and `process.stdout`/`stderr` writes into `collector` while `body` runs
 * (nothing reaches the terminal meanwhile), then restore them.
 */
export async function capturingOutput<A>(
  collector: TextCollector,
  label: string,
  body: () => Promise<A>,
): Promise<A> {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const savedConsole = methods.map((m) => console[m]);
  const savedOut = process.stdout.write.bind(process.stdout) as Writer;
  const savedErr = process.stderr.write.bind(process.stderr) as Writer;
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      collector.text(`${label} console.${m}`, args.map((a) => safe(() => inspect(a))).join(' '));
    };
  }
  const writer =
    (name: string): Writer =>
    (chunk) => {
      collector.text(`${label} ${name}`, typeof chunk === 'string' ? chunk : String(chunk));
      return true;
    };
  process.stdout.write = writer('process.stdout') as typeof process.stdout.write;
  process.stderr.write = writer('process.stderr') as typeof process.stderr.write;
  try {
    return await body();
  } finally {
    methods.forEach((m, i) => (console[m] = savedConsole[i]!));
    process.stdout.write = savedOut as typeof process.stdout.write;
    process.stderr.write = savedErr as typeof process.stderr.write;
  }
}
