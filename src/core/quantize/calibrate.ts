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
}

export class RangeCollector {
  private readonly acc = new Map<string, Acc>();
  private seed = 0x9e3779b9;

  add(tensor: string, values: ArrayLike<number>): void {
    let a = this.acc.get(tensor);
    if (!a) {
      a = { min: Infinity, max: -Infinity, seen: 0, sample: new Float32Array(RESERVOIR), filled: 0 };
      this.acc.set(tensor, a);
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
      if (a.filled < RESERVOIR) a.sample[a.filled++] = v;
      else {
        const j = this.random() % (a.seen + 1);
        if (j < RESERVOIR) a.sample[j] = v;
      }
      a.seen++;
    }
  }

  tensors(): string[] {
    return [...this.acc.keys()];
  }

  /** The range of each tensor: min/max, or [-p, p]-style clipping at the `percentile` of the observed values on each side. */
  ranges(method: CalibrationMethod, percentile = 99.99): Map<string, ActivationRange> {
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
