// How closely the INT8 model's outputs follow the FP32 model's on the same inputs. Pure.

export interface OutputAgreement {
  output: string;
  /** Largest |fp32 - int8| over all samples. */
  maxAbsError: number;
  /** Mean absolute error over all elements of all samples. */
  meanAbsError: number;
  /** Mean over samples of the cosine similarity of the flattened outputs. */
  cosine: number;
  /** SQNR of the int8 output against the fp32 one, dB. */
  sqnrDb: number;
  /** Share of samples whose argmax agrees (classifier-like outputs: last dim > 1); null otherwise. */
  top1Agreement: number | null;
  samples: number;
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    dot += x * y; na += x * x; nb += y * y;
  }
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

export function argmaxRows(values: ArrayLike<number>, rowLength: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r + rowLength <= values.length; r += rowLength) {
    let best = 0;
    for (let i = 1; i < rowLength; i++) if (values[r + i]! > values[r + best]!) best = i;
    rows.push(best);
  }
  return rows;
}

/** Agreement of one output over samples; `classes` is the last dim (argmax per row when > 1). */
export function outputAgreement(output: string, fp32: ArrayLike<number>[], int8: ArrayLike<number>[], classes: number | null): OutputAgreement {
  let maxAbs = 0, sumAbs = 0, n = 0, cos = 0, signal = 0, noise = 0, topHits = 0, topRows = 0;
  for (let s = 0; s < fp32.length; s++) {
    const a = fp32[s]!, b = int8[s]!;
    if (a.length !== b.length) throw new Error(`${output}: FP32 and INT8 outputs differ in size (${a.length} vs ${b.length})`);
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i]! - b[i]!);
      if (d > maxAbs || Number.isNaN(d)) maxAbs = Number.isNaN(d) ? Infinity : d;
      sumAbs += d; n++;
      signal += a[i]! * a[i]!; noise += d * d;
    }
    cos += cosineSimilarity(a, b);
    if (classes !== null && classes > 1) {
      const ra = argmaxRows(a, classes), rb = argmaxRows(b, classes);
      for (let r = 0; r < ra.length; r++) { topRows++; if (ra[r] === rb[r]) topHits++; }
    }
  }
  const samples = fp32.length;
  return {
    output, maxAbsError: maxAbs, meanAbsError: n ? sumAbs / n : 0, cosine: samples ? cos / samples : 1,
    sqnrDb: noise === 0 ? 150 : signal === 0 ? 0 : Math.min(150, 10 * Math.log10(signal / noise)),
    top1Agreement: topRows ? topHits / topRows : null, samples,
  };
}
