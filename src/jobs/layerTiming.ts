// Times an ONNX model per layer: ORT runs in the child (its profiler, request 'profile'), then the trace is
// mapped onto the original model's report (src/core/layerTiming). No vscode: the CLI and the panel use it.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareModel, reportFor } from '../core/analyze';
import type { GraphLike } from '../core/layerTiming/fusedMapping';
import type { LayerTiming } from '../core/layerTiming/layerTiming';
import { buildLayerTiming } from '../core/layerTiming/layerTiming';
import { readModelFile } from '../core/readModel';
import type { Report } from '../core/report/report';
import type { TargetProfile } from '../core/targets/profile';
import type { OrtClient, OrtRequestOptions } from '../processes/ort/client';
import type { FeedSpec, GraphOptimization, ProfileResult } from '../processes/ort/protocol';
import { checkOrtBudget, estimateOrtMemory, type OrtMemoryEstimate } from './ortBudget';

export interface LayerTimingOptions {
  model: string;
  runs: number;
  warmup: number;
  threads?: number;
  optimization?: Extract<GraphOptimization, 'all' | 'disabled'>;
  feeds?: FeedSpec;
  dims?: Record<string, number>;
  /** Target for the static estimates (ignored when `report` is given). */
  target?: TargetProfile;
  /** The original model's report, when the caller has it already (the extension's analysis). */
  report?: Report;
  /**
   * The model's static memory estimate on ONNX Runtime (ortBudget.ts), checked against the child's
   * budget before it runs; absent: computed here from the file (the CLI; the extension passes it,
   * from its worker, or null when it has none).
   */
  memoryEstimate?: OrtMemoryEstimate | null;
}

function staticReport(options: LayerTimingOptions): Report {
  const { model } = readModelFile(options.model);
  return reportFor(prepareModel(model, { dims: options.dims ?? {} }), options.target ? [options.target] : []).report;
}

export async function timeLayers(client: OrtClient, options: LayerTimingOptions, request: OrtRequestOptions = {}): Promise<LayerTiming> {
  const optimization = options.optimization ?? 'all';
  const estimate = options.memoryEstimate !== undefined ? options.memoryEstimate : estimateOrtMemory(readModelFile(options.model).model, options.dims ?? {});
  if (estimate) checkOrtBudget(path.basename(options.model), estimate, client.memoryLimitBytes);
  // The child writes its trace and optimized model into a folder this process owns and removes,
  // also when the child is stopped (time-out, cancel) or dies and cannot clean up itself.
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-prof-'));
  let result: ProfileResult;
  let optimized: GraphLike | null = null;
  try {
    result = await client.run({
      type: 'profile',
      model: path.resolve(options.model),
      runs: options.runs,
      warmup: options.warmup,
      threads: options.threads ?? 0,
      optimization,
      feeds: options.feeds ?? { kind: 'random', seed: 1 },
      outDir,
      ...(options.dims ? { dims: options.dims } : {}),
    }, request);
    if (result.optimizedModel) {
      const g = readModelFile(result.optimizedModel).model.graphs[0];
      if (g) optimized = { nodes: g.nodes, inputs: g.inputs };
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  const report = options.report ?? staticReport(options);
  return buildLayerTiming({
    model: options.model,
    trace: result.trace,
    runMillis: result.runMillis,
    warmup: result.warmup,
    optimization,
    threads: options.threads ?? 0,
    ortVersion: result.ortVersion,
    report,
    optimized,
  });
}
