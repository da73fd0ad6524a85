import { pageVisibility$ } from '../../../src/observables/sources/visibility.js';
import type { VisibilityDocument } from '../../../src/observables/sources/visibility.js';

/** A document whose visibility the spec flips. */
class FakeDocument implements VisibilityDocument {
  visibilityState = 'visible';
  readonly listeners = new Set<() => void>();
  addEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.delete(listener);
  }
  set(state: string): void {
    this.visibilityState = state;
    for (const l of [...this.listeners]) l();
  }
}

describe('pageVisibility$', () => {
  it('emits the current visibility at once, then each change, and stops listening on unsubscribe', () => {
    const doc = new FakeDocument();
    doc.visibilityState = 'hidden';
    const seen: boolean[] = [];
    const subscription = pageVisibility$(doc).subscribe((v) => seen.push(v));
    doc.set('visible');
    doc.set('visible'); // not a change
    doc.set('hidden');
    doc.set('prerender'); // anything but hidden counts as visible
    expect(seen).toEqual([false, true, false, true]);
    expect(doc.listeners.size).toBe(1);
    subscription.unsubscribe();
    expect(doc.listeners.size).toBe(0);
  });

  it('is always visible where there is no document (Node), and completes', () => {
    const seen: boolean[] = [];
    let completed = false;
    pageVisibility$().subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
    expect(seen).toEqual([true]);
    expect(completed).toBeTrue();
  });

  it('treats an object without the visibility API as always visible', () => {
    const seen: boolean[] = [];
    pageVisibility$({ visibilityState: 'hidden' }).subscribe((v) => seen.push(v));
    pageVisibility$(null).subscribe((v) => seen.push(v));
    expect(seen).toEqual([true, true]);
  });
});
