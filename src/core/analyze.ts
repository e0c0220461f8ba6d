// The pipeline the CLI, the worker and the tests share: read a model, infer shapes, cost it, run
// the target analyses, build the report. Each stage is a pure function over the IR; the
// target-dependent stage (analyzeForTarget) is the only one a change of target re-runs.

import type { TargetAnalysis } from './analysis/targetAnalysis';
import { analyzeForTarget } from './analysis/targetAnalysis';
import { computeCosts } from './cost/computeCosts';
import type { CostReport } from './cost/types';
import type { Diagnostic } from './ir/diagnostic';
import type { Model } from './ir/model';
import { readModelFile } from './readModel';
import { buildReport } from './report/buildReport';
import type { Report } from './report/report';
import { inferShapes } from './shapes/inferShapes';
import type { TargetProfile } from './targets/profile';

export interface AnalyzeOptions {
  /** Values for symbolic dims (`batch=1`), applied before shape inference. */
  dims?: Record<string, number>;
  /** Targets to judge the model on; the first is the report's target. None: target-independent report. */
  targets?: TargetProfile[];
}

/** The target-independent part: shapes and costs. Computed once per model (and per pinned dims). */
export interface PreparedModel {
  model: Model;
  shapeDiagnostics: Diagnostic[];
  costs: CostReport;
}

export function prepareModel(model: Model, options: Pick<AnalyzeOptions, 'dims'> = {}): PreparedModel {
  const shapeDiagnostics = inferShapes(model, { dims: options.dims ?? {} });
  return { model, shapeDiagnostics, costs: computeCosts(model, 0) };
}

export function reportFor(prepared: PreparedModel, targets: readonly TargetProfile[] = []): { report: Report; analyses: TargetAnalysis[] } {
  const analyses = targets.map((t) => analyzeForTarget(prepared.model, prepared.costs, t));
  const report = buildReport(prepared.model, { diagnostics: prepared.shapeDiagnostics, costs: prepared.costs, targets: analyses });
  return { report, analyses };
}

export interface Analysis {
  model: Model;
  report: Report;
  /** Bytes read from disk to analyze the model (the benchmark reports it). */
  bytesRead: number;
}

export function analyzeModel(model: Model, options: AnalyzeOptions = {}): Report {
  return reportFor(prepareModel(model, options), options.targets ?? []).report;
}

export function analyzeFile(file: string, options: AnalyzeOptions = {}): Analysis {
  const { model, bytesRead } = readModelFile(file);
  return { model, report: analyzeModel(model, options), bytesRead };
}
