// Activation range calibration: accumulates the values every observed tensor takes over the
// calibration inputs and turns them into a float range by min/max or by a percentile of |x|
// (clipping rare outliers that would otherwise stretch the scale). Pure.

export type CalibrationMethod = 'minmax' | 'percentile';

/** A calibrated float range of one activation tensor. */
export interface ActivationRange {
  min: number;
  max: number;
}

/** Values kept per tensor for the percentile method (a uniform reservoir sample beyond this). */
const RESERVOIR = 1 << 16;

interface Acc {
  min: number;
  max: number;
  seen: number;
  sample: Float32Array;
  filled: number;
  /** Reservoir sampling with skips (Li's Algorithm L): the index of the next value that replaces one, and its weight. */
  next: number;
  w: number;
}

export class RangeCollector {
  private readonly acc = new Map<string, Acc>();
  private seed = 0x9e3779b9;

  /**
   * `sample`: keep the reservoir the percentile method needs (default true). Min/max calibration
   * passes false: the ranges are the same, and no value is sampled or copied.
   */
  constructor(private readonly sample = true) {}

  add(tensor: string, values: ArrayLike<number>): void {
    let a = this.acc.get(tensor);
    if (!a) {
      a = { min: Infinity, max: -Infinity, seen: 0, sample: new Float32Array(this.sample ? RESERVOIR : 0), filled: 0, next: 0, w: 1 };
      this.acc.set(tensor, a);
    }
    if (!this.sample) {
      let { min, max, seen } = a;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
        seen++;
      }
      a.min = min;
      a.max = max;
      a.seen = seen;
      return;
    }
    // A uniform sample without a random number per value: once the reservoir is full, the gap to
    // the next replacement is drawn (Algorithm L), so a 10-million-value activation costs a
    // min/max pass and a few hundred random draws instead of ten million.
    let { min, max, seen, filled } = a;
    const sample = a.sample;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (filled < RESERVOIR) {
        sample[filled++] = v;
        if (filled === RESERVOIR) this.skip(a, seen);
      } else if (seen === a.next) {
        sample[this.random() % RESERVOIR] = v;
        this.skip(a, seen);
      }
      seen++;
    }
    a.min = min;
    a.max = max;
    a.seen = seen;
    a.filled = filled;
  }

  /** Draws the index of the next value that enters the full reservoir, after index `at`. */
  private skip(a: Acc, at: number): void {
    const u = () => (this.random() + 1) / 4294967297; // in (0, 1)
    a.w *= Math.exp(Math.log(u()) / RESERVOIR);
    a.next = at + Math.floor(Math.log(u()) / Math.log(1 - a.w)) + 1;
  }

  tensors(): string[] {
    return [...this.acc.keys()];
  }

  /** The range of each tensor: min/max, or [-p, p]-style clipping at the `percentile` of the observed values on each side. */
  ranges(method: CalibrationMethod, percentile = 99.99): Map<string, ActivationRange> {
    if (method !== 'minmax' && !this.sample) throw new Error('this collector keeps no sample: percentile ranges need new RangeCollector(true)');
    const out = new Map<string, ActivationRange>();
    for (const [name, a] of this.acc) {
      if (a.seen === 0) continue;
      if (method === 'minmax' || a.filled < 2) {
        out.set(name, { min: a.min, max: a.max });
        continue;
      }
      const sorted = a.sample.slice(0, a.filled).sort();
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((q / 100) * (sorted.length - 1))))]!;
      out.set(name, { min: Math.max(a.min, at(100 - percentile)), max: Math.min(a.max, at(percentile)) });
    }
    return out;
  }

  private random(): number {
    // xorshift32: deterministic, so a calibration is reproducible.
    let x = this.seed;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.seed = x;
    return x;
  }
}
