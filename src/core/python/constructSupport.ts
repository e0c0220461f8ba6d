// Whether a target can run a script construct: the same judgement the diagnostics use (the
// construct table's ops for these arguments, judged by the compatibility engine), so the hover's
// per-target table never contradicts a squiggle. Shapes are unknown in a script: constraints that
// depend on them are left to the analysis of the exported model.

import type { Construct } from './analyzeScript';
import { CONSTRUCTS } from './constructTable';
import { judgeOps } from './judge';
import type { TargetProfile } from '../targets/profile';

export interface ConstructSupport {
  supported: boolean;
  /** Why not, short enough for a table cell. */
  reason: string | null;
}

export function constructSupport(construct: Construct, target: TargetProfile, opset: number): ConstructSupport {
  const entry = CONSTRUCTS.get(construct.name);
  if (!entry) return { supported: true, reason: null };
  const verdicts = judgeOps(entry.onnx(construct.args, opset), entry.tflite ? entry.tflite(construct.args) : null, target, opset);
  const bad = verdicts.find((v) => v.status === 'unsupported' || v.status === 'constraint-violated');
  if (!bad) return { supported: true, reason: null };
  // "no GELU kernel" says it in a table cell; a violated constraint needs its own words.
  if (bad.status === 'unsupported') return { supported: false, reason: `no ${bad.op} kernel` };
  return { supported: false, reason: bad.reasons[0]?.message ?? `${bad.op} violates a constraint` };
}
