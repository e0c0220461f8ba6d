// A binary min-heap of node indices: the ready queues of the graph walks (partitioning) take the
// best ready node in O(log n) instead of scanning every ready node.

export class MinHeap {
  /**
   * Slots [0, count) hold the heap; the array only grows. Popping with Array.prototype.pop let V8
   * drop the backing store each time a queue emptied, and TFLite's epoch walk empties one per
   * subset: a new store per subset (20 MB over fragmentingOps' trials on a 20k-node graph, sampled).
   */
  private readonly items: number[] = [];
  private count = 0;

  /** `less(a, b)`: a comes out before b. Must be a strict total order for deterministic results. */
  constructor(private readonly less: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.count;
  }

  /** The item `pop` would return, left in place. */
  peek(): number | undefined {
    return this.count > 0 ? this.items[0] : undefined;
  }

  push(item: number): void {
    const h = this.items;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(item, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = item;
  }

  pop(): number | undefined {
    if (this.count === 0) return undefined;
    const h = this.items;
    const top = h[0]!;
    const n = --this.count;
    const last = h[n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
        if (!this.less(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
