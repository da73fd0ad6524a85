import fc from 'fast-check';
import { IndexedHeap } from '../../../src/observables/scheduler/indexed-heap.js';

interface Item {
  heapIndex: number;
  key: number;
  id: number;
}

const byKey = (a: Item, b: Item): boolean => a.key < b.key || (a.key === b.key && a.id < b.id);

function drain(heap: IndexedHeap<Item>): Item[] {
  const out: Item[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
  return out;
}

describe('IndexedHeap', () => {
  it('pops in order after any mix of pushes, removals and key updates', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), key: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        key: fc.integer({ min: 0, max: 50 }),
      }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const heap = new IndexedHeap<Item>(byKey);
        let live: Item[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const item = { heapIndex: -1, key: o.key, id: next++ };
            heap.push(item);
            live.push(item);
          } else if (o.kind === 'pop') {
            const top = heap.pop();
            const expected = [...live].sort((a, b) => (byKey(a, b) ? -1 : 1))[0];
            expect(top).toBe(expected);
            live = live.filter((x) => x !== top);
          } else if (live.length > 0) {
            const item = live[o.pick % live.length]!;
            if (o.kind === 'remove') {
              expect(heap.remove(item)).toBeTrue();
              expect(heap.remove(item)).toBeFalse();
              live = live.filter((x) => x !== item);
            } else {
              item.key = o.key;
              expect(heap.update(item)).toBeTrue();
            }
          }
          expect(heap.size).toBe(live.length);
        }
        const sorted = [...live].sort((a, b) => (byKey(a, b) ? -1 : 1));
        expect(drain(heap)).toEqual(sorted);
        expect(sorted.every((x) => x.heapIndex === -1)).toBeTrue();
      }),
    );
  });

  it('reorders after many keys change at once', () => {
    const heap = new IndexedHeap<Item>(byKey);
    const items = Array.from({ length: 100 }, (_, i) => ({ heapIndex: -1, key: i, id: i }));
    items.forEach((x) => heap.push(x));
    items.forEach((x) => (x.key = 1000 - x.key));
    heap.reorder();
    expect(drain(heap).map((x) => x.id)).toEqual(items.map((x) => x.id).reverse());
  });

  it('knows which items it holds, and clear() releases them', () => {
    const a = { heapIndex: -1, key: 1, id: 1 };
    const b = { heapIndex: -1, key: 2, id: 2 };
    const one = new IndexedHeap<Item>(byKey);
    const two = new IndexedHeap<Item>(byKey);
    one.push(a);
    two.push(b);
    // b sits at slot 0 of `two`; `one` must not mistake it for its own slot-0 item.
    expect(one.has(b)).toBeFalse();
    expect(one.remove(b)).toBeFalse();
    expect(one.update(b)).toBeFalse();
    expect(one.has(a)).toBeTrue();
    one.clear();
    expect(a.heapIndex).toBe(-1);
    expect(one.size).toBe(0);
    expect(one.peek()).toBeUndefined();
  });
});
