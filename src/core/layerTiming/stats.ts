// Small statistics for layer timings: quantiles (linear interpolation) and histogram buckets.

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export interface HistogramBucket { from: number; to: number; count: number }

/** `buckets` equal-width buckets from min to max (one bucket when all values are equal). */
export function histogram(values: readonly number[], buckets = 20): HistogramBucket[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) return [{ from: min, to: max, count: values.length }];
  const n = Math.max(1, Math.min(buckets, values.length));
  const w = (max - min) / n;
  const out: HistogramBucket[] = Array.from({ length: n }, (_, i) => ({ from: min + i * w, to: min + (i + 1) * w, count: 0 }));
  for (const v of values) out[Math.min(n - 1, Math.floor((v - min) / w))]!.count++;
  return out;
}

export interface Distribution { mean: number; min: number; max: number; p50: number; p90: number; p99: number }

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { mean: 0, min: 0, max: 0, p50: 0, p90: 0, p99: 0 };
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
  };
}
