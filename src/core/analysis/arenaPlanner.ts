// TFLite Micro's GreedyMemoryPlanner rule (memory.ts describes it) without its quadratic scan.
//
// The rule: buffers sorted by size (largest first; ties by first use, then name), each placed at
// the lowest offset where it overlaps no already-placed buffer whose lifetime overlaps its own.
// TFLM finds those buffers by walking every placed buffer; here a time index answers "which placed
// buffers are alive during [first, last]" in O(log T + k), so a graph whose live set stays small
// (chains, CNNs, transformers) plans in O(n log n) instead of O(n²): a 200k-node chain in well under
// a second. The offsets are the same as the plain scan's (test/arena-planner.test.ts compares both
// on the shared models and on generated graphs).
//
// What stays proportional to k is the first-fit search itself: k is the number of placed buffers
// alive at the same time as the new one. A graph where everything is alive at once (20k outputs)
// has k ~ n; when the total of k over all buffers passes MAX_ARENA_OVERLAP_WORK the planner places
// each buffer on top of everything alive during its lifetime instead (a valid plan, O(n log n),
// equal to first fit when the live buffers leave no gaps) and says the plan is approximate.

export interface Lifetime {
  tensor: string;
  bytes: number;
  /** First and last execution step (positions in the order, inclusive). */
  first: number;
  last: number;
}

export interface PlacedBuffer extends Lifetime {
  offset: number;
  /** Size as planned (aligned). */
  alignedBytes: number;
}

export interface ArenaPlan {
  buffers: PlacedBuffer[];
  /** Bytes of the non-persistent arena: the end of the highest placed buffer. */
  arenaBytes: number;
  alignment: number;
  /**
   * Set when the graph keeps so many tensors alive at once that first fit was not run
   * (arenaPlanner.ts, MAX_ARENA_OVERLAP_WORK): the plan is valid but may be larger than TFLM's.
   */
  approximate?: boolean;
}


/** Sum over buffers of the placed buffers they overlap in time, beyond which first fit is not run. */
export const MAX_ARENA_OVERLAP_WORK = 20_000_000;

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/**
 * The placed copy of a buffer, field by field: an object spread (`{ ...b, offset }`) takes V8's
 * generic copy path, about 20× slower here, and the planner makes one per activation.
 */
function placedBuffer(b: Lifetime, offset: number, alignedBytes: number): PlacedBuffer {
  return { tensor: b.tensor, bytes: b.bytes, first: b.first, last: b.last, offset, alignedBytes };
}

/** TFLM's order: largest first; ties by first use, then tensor name. */
function placementOrder(buffers: readonly Lifetime[]): Lifetime[] {
  return [...buffers].sort((a, b) => b.bytes - a.bytes || a.first - b.first || (a.tensor < b.tensor ? -1 : a.tensor > b.tensor ? 1 : 0));
}

/** Fenwick tree of counts over time steps. */
class Counts {
  private readonly tree: Int32Array;
  constructor(private readonly n: number) {
    this.tree = new Int32Array(n + 1);
  }
  add(i: number): void {
    for (let k = i + 1; k <= this.n; k += k & -k) this.tree[k]! += 1;
  }
  /** Entries at steps ≤ i. */
  upTo(i: number): number {
    let s = 0;
    for (let k = Math.min(i, this.n - 1) + 1; k > 0; k -= k & -k) s += this.tree[k]!;
    return s;
  }
}

/** How many (placed, new) pairs overlap in time, in placement order: the work first fit would do. */
function overlapWork(sorted: readonly Lifetime[], steps: number): number {
  const firsts = new Counts(steps);
  const lasts = new Counts(steps);
  let work = 0;
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i]!;
    // Placed buffers overlapping [first, last]: those starting by `last`, minus those ended before `first`.
    work += firsts.upTo(b.last) - (b.first > 0 ? lasts.upTo(b.first - 1) : 0);
    if (work > MAX_ARENA_OVERLAP_WORK) return work;
    firsts.add(b.first);
    lasts.add(b.last);
  }
  return work;
}

/**
 * Placed buffers indexed by lifetime: a segment tree over time steps holding each buffer in the
 * O(log T) nodes that cover its [first, last] (for "alive at step a"), and per step the buffers
 * that start there with subtree counts (for "starting in (a, b]"). Every list is kept sorted by
 * offset (ties in insertion order), so a query returns a few sorted runs that sortByOffset
 * merges instead of sorting k ids from scratch: long-lived buffers (a
 * decoder's ~200 KV-cache tensors) overlap every other buffer and used to be sorted once per buffer.
 */
class TimeIndex {
  private readonly size: number;
  private readonly cover: (number[] | undefined)[];
  private readonly startCount: Int32Array;
  private readonly startsAt: (number[] | undefined)[];
  /** Offset of each inserted id. */
  private readonly offsets: number[] = [];
  /** Node, left, right per entry: integers, so Int32 (reading a Float64Array boxes each value in unoptimized code). */
  private readonly stack: Int32Array;

  constructor(steps: number) {
    let size = 1;
    while (size < steps) size *= 2;
    this.size = size;
    this.cover = new Array<number[] | undefined>(2 * size);
    this.startCount = new Int32Array(2 * size);
    this.startsAt = new Array<number[] | undefined>(size);
    this.stack = new Int32Array(3 * walkDepth(size));
  }

  /** Puts `id` into `list` after every id whose offset is ≤ its own. */
  private sortedInsert(list: number[], id: number): void {
    const offset = this.offsets[id]!;
    let lo = 0;
    let hi = list.length;
    // Placement goes largest first, so a new id usually sits at the end: check that before searching.
    if (hi === 0 || this.offsets[list[hi - 1]!]! <= offset) {
      list.push(id);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[list[mid]!]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, id);
  }

  /**
   * Adds `id` to lists[k], the first id as an exact one-element array: most lists hold one or two
   * ids, and a first push into `[]` reserves 17 slots (18 MB of backing stores on a 50k-node chain).
   */
  private addTo(lists: (number[] | undefined)[], k: number, id: number): void {
    const list = lists[k];
    if (list === undefined) lists[k] = [id];
    else this.sortedInsert(list, id);
  }

  insert(id: number, first: number, last: number, offset: number): void {
    this.offsets[id] = offset;
    // Canonical cover of [first, last], bottom-up.
    let lo = first + this.size;
    let hi = last + this.size + 1;
    while (lo < hi) {
      if (lo & 1) this.addTo(this.cover, lo++, id);
      if (hi & 1) this.addTo(this.cover, --hi, id);
      lo >>= 1;
      hi >>= 1;
    }
    this.addTo(this.startsAt, first, id);
    for (let k = first + this.size; k >= 1; k >>= 1) this.startCount[k]! += 1;
  }

  /**
   * Writes the ids of buffers alive at some step of [first, last] (each once) into `out` from
   * index 0 and returns how many. `out` is reused across queries and only grows: `length = 0`
   * would make V8 drop its backing store, and the next query grow a new one.
   */
  overlapping(first: number, last: number, out: number[]): number {
    let n = 0;
    // Alive at `first`: every node on the path from the leaf to the root.
    for (let k = first + this.size; k >= 1; k >>= 1) {
      const ids = this.cover[k];
      if (ids) for (let j = 0; j < ids.length; j++) out[n++] = ids[j]!;
    }
    // Starting in (first, last]: descend only into subtrees that hold a start, with an explicit stack.
    if (last <= first) return n;
    const lo = first + 1;
    const stack = this.stack;
    let top = 0;
    stack[top++] = 1;
    stack[top++] = 0;
    stack[top++] = this.size - 1;
    while (top > 0) {
      const r = stack[--top]!;
      const l = stack[--top]!;
      const node = stack[--top]!;
      if (this.startCount[node] === 0 || r < lo || l > last) continue;
      if (l === r) {
        const ids = this.startsAt[l]!;
        for (let j = 0; j < ids.length; j++) out[n++] = ids[j]!;
        continue;
      }
      const mid = (l + r) >> 1;
      stack[top++] = 2 * node + 1;
      stack[top++] = mid + 1;
      stack[top++] = r;
      stack[top++] = 2 * node;
      stack[top++] = l;
      stack[top++] = mid;
    }
    return n;
  }
}

/**
 * How many entries a depth-first walk of a segment tree over `size` leaves (a power of two) keeps
 * on its stack at most: one pending sibling per level. The walks use one stack per planner: an
 * array grown per query was a third of the planner's allocations on a 50k-node graph (sampled).
 */
function walkDepth(size: number): number {
  return 2 * Math.log2(size) + 4;
}

/**
 * Sorts ids[0, n) by their placed offset, stably, in place. The overlap lists are a few sorted runs
 * (one per index list): short ones get an insertion sort, long ones (a decoder's ~200 KV-cache
 * buffers overlap every other buffer) a merge of adjacent runs through `scratch`. Nothing is
 * allocated per call: Array.prototype.sort copies the array into a new work array each time
 * (42 MB over a 50k-node chain, sampled).
 */
function sortByOffset(ids: number[], n: number, placed: readonly PlacedBuffer[], scratch: number[]): void {
  if (n <= 32) {
    for (let i = 1; i < n; i++) {
      const id = ids[i]!;
      const offset = placed[id]!.offset;
      let j = i - 1;
      // Stable: an id moves only past ids with a strictly larger offset.
      while (j >= 0 && placed[ids[j]!]!.offset > offset) {
        ids[j + 1] = ids[j]!;
        j--;
      }
      ids[j + 1] = id;
    }
    return;
  }
  // Bottom-up merge sort (stable); its first pass finds the runs already in order.
  let from = ids;
  let to = scratch;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = placed[from[j]!]!.offset < placed[from[i]!]!.offset ? from[j++]! : from[i++]!;
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from !== ids) for (let k = 0; k < n; k++) ids[k] = from[k]!;
}

/** Max over time of "end of the highest buffer alive", with range assign-max updates. */
class Skyline {
  private readonly size: number;
  private readonly max: Float64Array;
  private readonly pending: Float64Array;
  /** Node, left, right and the carried end per entry (an end is a byte offset: Float64). */
  private readonly stack: Float64Array;

  constructor(steps: number) {
    let size = 1;
    while (size < steps) size *= 2;
    this.size = size;
    this.max = new Float64Array(2 * size);
    this.pending = new Float64Array(2 * size);
    this.stack = new Float64Array(4 * walkDepth(size));
  }

  /** Highest end during [first, last]. */
  query(first: number, last: number): number {
    let best = 0;
    const stack = this.stack;
    let top = 0;
    stack[top++] = 1;
    stack[top++] = 0;
    stack[top++] = this.size - 1;
    stack[top++] = 0;
    while (top > 0) {
      const carried = stack[--top]!;
      const r = stack[--top]!;
      const l = stack[--top]!;
      const node = stack[--top]!;
      if (r < first || l > last) continue;
      if (first <= l && r <= last) {
        best = Math.max(best, this.max[node]!, carried);
        continue;
      }
      const carry = Math.max(carried, this.pending[node]!);
      const mid = (l + r) >> 1;
      stack[top++] = 2 * node;
      stack[top++] = l;
      stack[top++] = mid;
      stack[top++] = carry;
      stack[top++] = 2 * node + 1;
      stack[top++] = mid + 1;
      stack[top++] = r;
      stack[top++] = carry;
    }
    return best;
  }

  /** Raises every step of [first, last] to at least `end`. */
  raise(first: number, last: number, end: number): void {
    const stack = this.stack;
    let top = 0;
    stack[top++] = 1;
    stack[top++] = 0;
    stack[top++] = this.size - 1;
    while (top > 0) {
      const r = stack[--top]!;
      const l = stack[--top]!;
      const node = stack[--top]!;
      if (r < first || l > last) continue;
      this.max[node] = Math.max(this.max[node]!, end);
      if (first <= l && r <= last) {
        this.pending[node] = Math.max(this.pending[node]!, end);
        continue;
      }
      const mid = (l + r) >> 1;
      stack[top++] = 2 * node;
      stack[top++] = l;
      stack[top++] = mid;
      stack[top++] = 2 * node + 1;
      stack[top++] = mid + 1;
      stack[top++] = r;
    }
  }
}

export function planArenaFast(buffers: readonly Lifetime[], alignment = 16): ArenaPlan {
  const sorted = placementOrder(buffers);
  let steps = 1;
  // Indexed loops: the planner runs a few times per analysis, mostly unoptimized, where for…of allocates per element.
  for (let i = 0; i < sorted.length; i++) steps = Math.max(steps, sorted[i]!.last + 1, sorted[i]!.first + 1);
  const placed: PlacedBuffer[] = [];
  let arenaBytes = 0;

  if (overlapWork(sorted, steps) > MAX_ARENA_OVERLAP_WORK) {
    const sky = new Skyline(steps);
    for (let i = 0; i < sorted.length; i++) {
      const b = sorted[i]!;
      const size = alignUp(b.bytes, alignment);
      const offset = sky.query(b.first, b.last);
      sky.raise(b.first, b.last, offset + size);
      placed.push(placedBuffer(b, offset, size));
      arenaBytes = Math.max(arenaBytes, offset + size);
    }
    return { buffers: placed, arenaBytes, alignment, approximate: true };
  }

  const index = new TimeIndex(steps);
  // Ids of the overlapping buffers, lowest offset first: both arrays are reused for every buffer
  // (no array per buffer), `count` of them in use.
  const found: number[] = [];
  const scratch: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i]!;
    const size = alignUp(b.bytes, alignment);
    const count = index.overlapping(b.first, b.last, found);
    if (count > 1) sortByOffset(found, count, placed, scratch);
    let offset = 0;
    for (let k = 0; k < count; k++) {
      const p = placed[found[k]!]!;
      if (p.offset >= offset + size) break;
      offset = Math.max(offset, p.offset + p.alignedBytes);
    }
    index.insert(placed.length, b.first, b.last, offset);
    placed.push(placedBuffer(b, offset, size));
    arenaBytes = Math.max(arenaBytes, offset + size);
  }
  return { buffers: placed, arenaBytes, alignment };
}
