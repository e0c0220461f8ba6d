// The pipeline the CLI, the worker and the tests share: read a model, run the analyses, build the report.
// Each stage is a pure function over the IR, so a later change of target re-runs only what depends on it.

import { readModelFile } from './readModel';
import type { Model } from './ir/model';
import type { Report } from './report/report';
import { buildReport } from './report/buildReport';

export interface AnalyzeOptions {
  /** Values for symbolic dims (`batch=1`), applied before shape inference. */
  dims?: Record<string, number>;
}

export interface Analysis {
  model: Model;
  report: Report;
  /** Bytes read from disk to analyze the model (the benchmark reports it). */
  bytesRead: number;
}

export function analyzeModel(model: Model, _options: AnalyzeOptions = {}): Report {
  return buildReport(model);
}

export function analyzeFile(file: string, options: AnalyzeOptions = {}): Analysis {
  const { model, bytesRead } = readModelFile(file);
  return { model, report: analyzeModel(model, options), bytesRead };
}
