/**
 * Page visibility as an Observable, so polling can pause while a browser tab is hidden.
 *
 * Feature-detected: where there is no `document` (Node, workers) the page is always visible and
 * nothing is listened to.
 *
 * @module
 */
import { Observable, of } from 'rxjs';

/** The part of `Document` visibility tracking needs (lets specs pass a fake document). */
export interface VisibilityDocument {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

function hasVisibilityApi(doc: unknown): doc is VisibilityDocument {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Partial<VisibilityDocument>;
  return (
    typeof d.visibilityState === 'string' &&
    typeof d.addEventListener === 'function' &&
    typeof d.removeEventListener === 'function'
  );
}

/**
 * Emits `true` while the page is visible and `false` while it is hidden
 * (`document.visibilityState === 'hidden'`): the current value at once on subscribe, then
 * every change (never the same value twice in a row). Never completes in a browser; the
 * listener is removed on unsubscribe.
 *
 * Without a visibility API (Node, workers, a `doc` argument that is not a document) it emits
 * `true` once and completes, so callers treat such environments as always visible.
 *
 * @param doc the document to watch; defaults to `globalThis.document` when there is one.
 */
export function pageVisibility$(
  doc: unknown = (globalThis as { document?: unknown }).document,
): Observable<boolean> {
  if (!hasVisibilityApi(doc)) return of(true);
  return new Observable<boolean>((subscriber) => {
    let last = doc.visibilityState !== 'hidden';
    subscriber.next(last);
    const listener = (): void => {
      const visible = doc.visibilityState !== 'hidden';
      if (visible !== last) {
        last = visible;
        subscriber.next(visible);
      }
    };
    doc.addEventListener('visibilitychange', listener);
    return () => doc.removeEventListener('visibilitychange', listener);
  });
}
