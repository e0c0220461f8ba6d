// The reader's table of the names it has seen (tensor names, op types, attribute names), keyed by
// their bytes in the file. A name the file repeats (an output is other nodes' input, a value_info,
// a graph output: ~23k names, ~11k distinct, on a 10k-node decoder) is found from its bytes alone:
// no string is made for it, and no Map hashes and compares a fresh copy of its text. The slots are
// typed arrays, off the JS heap, so the young-generation collections during a read never copy them.
//
// Only ASCII names are kept here (latin1 and UTF-8 agree on them, so the bytes are the text); the
// cursor interns the rare others by their decoded text.

/** FNV-1a's 32-bit offset basis and prime. */
const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class NameTable {
  /** Per slot: 1 + the index of its name in `names`, or 0 when empty. Open addressing, linear probing. */
  private slots = new Int32Array(2048);
  /** Per slot: the hash of its name (compared before the text). */
  private hashes = new Int32Array(2048);
  private names: string[] = [];
  /** Set by find(): whether the bytes were all ASCII, and, when they were and no name matched, their hash and free slot for add(). */
  ascii = true;
  private hash = 0;
  private free = 0;

  /** The name whose ASCII bytes are w[off, off + n), or null: not seen yet, or not ASCII (see `ascii`). */
  find(w: Uint8Array, off: number, n: number): string | null {
    let h = FNV_BASIS;
    let high = 0;
    for (let i = off, e = off + n; i < e; i++) {
      const b = w[i]!;
      high |= b;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    this.ascii = high < 0x80;
    if (!this.ascii) return null;
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const k = this.slots[s]!;
      if (k === 0) break;
      if (this.hashes[s] === h) {
        const name = this.names[k - 1]!;
        if (name.length === n && sameText(name, w, off)) return name;
      }
      s = (s + 1) & mask;
    }
    this.hash = h;
    this.free = s;
    return null;
  }

  /** Adds the name of the last find() that returned null with `ascii` set (its text must be those bytes). */
  add(name: string): void {
    this.names.push(name);
    this.slots[this.free] = this.names.length;
    this.hashes[this.free] = this.hash;
    // At most half full: probes stay short.
    if (this.names.length * 2 > this.slots.length) this.grow();
  }

  /** Forgets every name, keeping the table small (the cursor outlives the read: weights.ts). */
  clear(): void {
    this.slots = new Int32Array(16);
    this.hashes = new Int32Array(16);
    this.names = [];
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const hashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let s = 0; s < this.slots.length; s++) {
      const k = this.slots[s]!;
      if (k === 0) continue;
      const h = this.hashes[s]!;
      let t = h & mask;
      while (slots[t] !== 0) t = (t + 1) & mask;
      slots[t] = k;
      hashes[t] = h;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}

/** Whether the one-byte string `name` has the char codes w[off, off + name.length). */
function sameText(name: string, w: Uint8Array, off: number): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== w[off + i]) return false;
  return true;
}
