// What the Quantization Preview panel does with a .tflite model (src/extension/webviews/quantizePanel.ts):
// a TFLite file has been through its converter already, so DeployLens does not quantize it — it
// measures an int8 model against the float model it came from (src/jobs/tfliteQuantizePreview.ts).
// Which of the two roles the open file plays, which files to offer as its partner and in which
// order, and which file is the int8 side of the comparison. Pure: plain data in, plain data out
// (no Node APIs either: the page's protocol names its types).

import type { Report } from '../report/report';

/** Folder and file name of a path with / or \\ separators. */
function splitPath(file: string): { dir: string; base: string } {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return { dir: file.slice(0, Math.max(0, i)), base: file.slice(i + 1) };
}

/** The open file's side of the comparison: the int8 model (pick its float reference), or the float one (pick its int8 conversion). */
export type TfliteRole = 'int8' | 'float';

const INT_TYPES = new Set(['int8', 'uint8', 'int16']);

/**
 * The role of a .tflite model from its report's model and summary sections (no node or tensor
 * table is read): quantized when an input or output is an integer type with quantization, or when
 * the graph quantizes its float input (QUANTIZE: full-integer models with float interfaces, the
 * converter's default). A DEQUANTIZE alone is float: float16 and dynamic-range weight storage
 * dequantize constants and compute in float. Null: not a TFLite model.
 */
export function tfliteRole(report: Pick<Report, 'model' | 'summary'>): TfliteRole | null {
  if (report.model.format !== 'tflite') return null;
  const io = [...report.model.inputs, ...report.model.outputs];
  if (io.some((t) => INT_TYPES.has(t.dtype))) return 'int8';
  if ((report.summary.opHistogram['QUANTIZE'] ?? 0) > 0) return 'int8';
  return 'float';
}

export function partnerRole(role: TfliteRole): TfliteRole {
  return role === 'int8' ? 'float' : 'int8';
}

/** Which file is which in compareWithReference: the int8 model against its float reference. */
export function comparisonPair(file: string, role: TfliteRole, partner: string): { model: string; reference: string } {
  return role === 'int8' ? { model: file, reference: partner } : { model: partner, reference: file };
}

const NAMED: Record<TfliteRole, RegExp> = {
  float: /(^|[^a-z0-9])(float(32)?|fp32|f32)([^a-z0-9]|$)/i,
  int8: /(^|[^a-z0-9])(u?int8|quant(ized)?|q8|full_integer|integer)([^a-z0-9]|$)/i,
};

export interface PartnerCandidate {
  file: string;
  /** Its name says it is the partner role (`_float`, `_int8`, `quantized`, …): a name, not a check of its tensors. */
  namedAsPartner: boolean;
  sameFolder: boolean;
}

/**
 * The other .tflite files, in the order the pick offers them: those whose name says they are the
 * partner's precision first (for an int8 model: `…_float.tflite`), then those in the same folder,
 * then by path. The file itself is never offered. Names only: the pick must not read every model.
 */
export function partnerCandidates(file: string, role: TfliteRole, files: readonly string[]): PartnerCandidate[] {
  const want = NAMED[partnerRole(role)];
  const own = NAMED[role];
  const dir = splitPath(file).dir;
  const seen = new Set<string>();
  const out: PartnerCandidate[] = [];
  for (const f of files) {
    if (f === file || seen.has(f) || !f.toLowerCase().endsWith('.tflite')) continue;
    seen.add(f);
    const { dir: folder, base: name } = splitPath(f);
    const base = name.slice(0, -'.tflite'.length);
    out.push({ file: f, namedAsPartner: want.test(base) && !own.test(base), sameFolder: folder === dir });
  }
  const rank = (c: PartnerCandidate) => (c.namedAsPartner ? 0 : 2) + (c.sameFolder ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
}
