// Before a model runs in ONNX Runtime (layer timing, the quantization preview), its static memory
// estimate is compared with the child's memory budget (OrtClient.memoryLimitBytes, 2 GiB by
// default): a model that declares a 3.6 GB ConstantOfShape or a 1 GB input is refused with a clear
// message instead of being handed to ORT. The estimate is DeployLens's own analysis on ONNX
// Runtime's CPU target (`ort-cpu-desktop`): the activation peak of the graph ORT runs plus the
// weights it loads. Sizes it cannot know (data-dependent shapes, a Loop's trip count) are not in it;
// the OS limit on the child stops those at run time.

import { prepareModel, reportFor } from '../core/analyze';
import type { Model } from '../core/ir/model';
import type { Report } from '../core/report/report';
import { getBuiltinTarget } from '../core/targets/builtins';
import type { TargetProfile } from '../core/targets/profile';
import { formatBytes } from '../core/units';

/** The target whose analysis is ONNX Runtime's own CPU execution. */
export const ORT_CPU_TARGET_ID = 'ort-cpu-desktop';

export function ortCpuTarget(): TargetProfile {
  return getBuiltinTarget(ORT_CPU_TARGET_ID)!;
}

export interface OrtMemoryEstimate {
  activationPeakBytes: number;
  weightBytes: number;
}

/** The estimate from a report judged on ort-cpu-desktop; null when the report is on another target. */
export function ortMemoryEstimate(report: Report): OrtMemoryEstimate | null {
  if (report.target?.id !== ORT_CPU_TARGET_ID) return null;
  return { activationPeakBytes: report.summary.activationPeakBytes ?? 0, weightBytes: report.summary.weightBytes };
}

/** The estimate of a model already read (the CLI, the quantization worker: never the extension host). */
export function estimateOrtMemory(model: Model, dims: Record<string, number> = {}): OrtMemoryEstimate {
  const { report } = reportFor(prepareModel(model, { dims }), [ortCpuTarget()], { weightPhase: false });
  return ortMemoryEstimate(report)!;
}

export class OrtBudgetError extends Error {
  constructor(readonly file: string, readonly estimateBytes: number, readonly budgetBytes: number, detail: string) {
    super(`${file}: not run in ONNX Runtime: ${detail} — more than the ${formatBytes(budgetBytes)} its process may use`);
    this.name = 'OrtBudgetError';
  }
}

/** Throws OrtBudgetError when the model's static estimate does not fit the budget. */
export function checkOrtBudget(file: string, estimate: OrtMemoryEstimate, budgetBytes: number): void {
  const total = estimate.activationPeakBytes + estimate.weightBytes;
  if (total <= budgetBytes) return;
  const parts = [`activations peak at ${formatBytes(estimate.activationPeakBytes)}`, `weights take ${formatBytes(estimate.weightBytes)}`];
  throw new OrtBudgetError(file, total, budgetBytes, `by DeployLens's static estimate it needs ${formatBytes(total)} (${parts.join(', ')})`);
}
