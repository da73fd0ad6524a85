/**
 * `LightAbortSignal`: the smallest abort signal node-fetch (cross-fetch's fetch on Node)
 * accepts, and its own `abort()`.
 *
 * @module
 */

type AbortListener = (event: { readonly type: 'abort' }) => void;

/**
 * An abort signal and its controller in one small object. node-fetch takes any object whose
 * class is named `AbortSignal`, reads `aborted`, and adds and later removes one `abort`
 * listener. Node's own `AbortController`, an `EventTarget`, costs as much per request as the
 * rest of the client's work for a poll (see `npm run bench -- latency`), so requests sent with
 * node-fetch use this instead. Other fetch implementations (browsers, Node's own `fetch`)
 * check for a real `AbortSignal` and get one.
 */
export class LightAbortSignal {
  aborted = false;
  reason: unknown = undefined;
  onabort: null = null;
  #listeners: AbortListener[] = [];

  /** This object, as the `signal` to hand to fetch. */
  get signal(): AbortSignal {
    return this as unknown as AbortSignal;
  }

  addEventListener(type: string, listener: AbortListener): void {
    if (type === 'abort') this.#listeners.push(listener);
  }

  removeEventListener(type: string, listener: AbortListener): void {
    if (type === 'abort') this.#listeners = this.#listeners.filter((l) => l !== listener);
  }

  /** Fire the signal (once): every `abort` listener is called. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.#listeners) listener({ type: 'abort' });
  }
}
// node-fetch checks the class's name: a bundler that renames the class must not change it.
Object.defineProperty(LightAbortSignal, 'name', { value: 'AbortSignal' });
