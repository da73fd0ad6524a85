/**
 * A binary min-heap whose items remember their own position, so an item can be removed or
 * re-ordered in O(log n) without a search, and the heap needs no wrapper object per item.
 *
 * The poll scheduler keeps two: jobs waiting for their due time (ordered by due time, then
 * priority) and jobs already due (ordered by priority, then due time). An item is in at most one
 * heap at a time: `heapIndex` is its slot there, -1 when it is in none.
 *
 * @module
 */

/** Something a heap can hold: it carries its own slot index. */
export interface HeapItem {
  /** Slot in the heap that holds the item; -1 when in none. Managed by the heap. */
  heapIndex: number;
}

/** Orders two items: true when `a` must come out before `b`. */
export type HeapOrder<T> = (a: T, b: T) => boolean;

/** A binary min-heap of {@link HeapItem}s under a strict order. */
export class IndexedHeap<T extends HeapItem> {
  private readonly items: T[] = [];

  /** @param before strict order: true when `a` comes out before `b`. */
  constructor(private readonly before: HeapOrder<T>) {}

  /** Number of items. */
  get size(): number {
    return this.items.length;
  }

  /** The first item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** True when `item` is in this heap. */
  has(item: T): boolean {
    return item.heapIndex >= 0 && this.items[item.heapIndex] === item;
  }

  /** Add an item that is in no heap. */
  push(item: T): void {
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  /** Remove and return the first item. */
  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /** Remove `item`; false when it was not in this heap. */
  remove(item: T): boolean {
    if (!this.has(item)) return false;
    this.removeAt(item.heapIndex);
    return true;
  }

  /** Restore order after `item`'s key changed. False when it is not in this heap. */
  update(item: T): boolean {
    if (!this.has(item)) return false;
    const i = item.heapIndex;
    this.up(i);
    if (item.heapIndex === i) this.down(i);
    return true;
  }

  /** Restore order after many keys changed at once (O(n)). */
  reorder(): void {
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Visit every item, in no particular order. The callback must not change the heap. */
  forEach(visit: (item: T) => void): void {
    for (const item of this.items) visit(item);
  }

  /** Remove every item. */
  clear(): void {
    for (const item of this.items) item.heapIndex = -1;
    this.items.length = 0;
  }

  private removeAt(i: number): void {
    const items = this.items;
    const gone = items[i]!;
    const last = items.pop()!;
    gone.heapIndex = -1;
    if (last === gone) return;
    items[i] = last;
    last.heapIndex = i;
    this.up(i);
    if (last.heapIndex === i) this.down(i);
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i]!;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = items[parentIndex]!;
      if (!this.before(item, parent)) break;
      items[i] = parent;
      parent.heapIndex = i;
      i = parentIndex;
    }
    items[i] = item;
    item.heapIndex = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(items[right]!, items[left]!) ? right : left;
      if (!this.before(items[child]!, item)) break;
      items[i] = items[child]!;
      items[i]!.heapIndex = i;
      i = child;
    }
    items[i] = item;
    item.heapIndex = i;
  }
}
