// One place per runtime family: which passes build the deployed graph for a target, and the
// conversion the verdict assumes. Targets that share a conversion (every integer-only TFLite
// target fed the same ONNX model, say) share one lowering through the cache on the prepared model.

import { computeCosts } from '../cost/computeCosts';
import { isFloat } from '../ir/dtype';
import type { Diagnostic } from '../ir/diagnostic';
import type { Model, ModelFormat } from '../ir/model';
import { mainGraph } from '../ir/model';
import type { TargetProfile } from '../targets/profile';
import { assumeFullInt8 } from './passes/assumeFullInt8';
import { convertToTflite, fuseHardSwish } from './passes/convertToTflite';
import { elideNoOps } from './passes/elideNoOps';
import { foldBatchNorm } from './passes/foldBatchNorm';
import { fuseActivations, ORT_CPU_FUSION, TENSORRT_FUSION, TFLITE_FUSION, VELA_FUSION } from './passes/fuseActivations';
import { fuseMatMulAdd } from './passes/matMulAdd';
import { fuseGatherSliceToSplit, type ConstantValues } from './passes/ortGatherSliceToSplit';
import { fuseMatmulTranspose } from './passes/ortMatmulTranspose';
import { fuseSkipLayerNorm } from './passes/ortSkipLayerNorm';
import { fuseDivMul } from './passes/ortDivMul';
import { fuseGelu, fuseLayerNorm, fuseMatMulScale, fuseQuickGelu, fuseSimplifiedLayerNorm } from './passes/ortTransformerFusions';
import { qdqUnits } from './passes/qdqUnits';
import { velaPadFusion } from './passes/velaPadFusion';
import { hasQdq, isFloatModel } from './precision';
import { SOURCES } from './sources';
import type { Conversion, Lowering, PassRecord } from './types';
import { WorkGraph } from './workGraph';

export interface LoweringSource {
  model: Model;
  /** Original main-graph nodes constant folding removes (analyze.ts foldableNodes). */
  foldedNodes: ReadonlySet<number>;
  /** Lowerings already built for this model, by conversion id. */
  lowerings?: Map<string, Lowering>;
  /** Small constant values shape inference knows (folded shape arithmetic), by main-graph tensor name: what a pass reading a folded constant sees. */
  constantValues?: ConstantValues;
}

export interface LowerOptions {
  /** A .tflite float model judged after full-integer quantization (the what-if beside the as-is verdict). */
  whatIfInt8?: boolean;
}

interface Step {
  pass: string;
  source: string;
  run: (g: WorkGraph, model: Model, values: ConstantValues) => number;
}

/**
 * Steps a runtime runs as one level of its optimizer: in order, again while any of them changed
 * the graph, at most `rounds` times (a fusion can enable an earlier one: MatMulScaleFusion's
 * FusedMatMul takes MatmulTransposeFusion's next round).
 */
interface Loop {
  loop: Step[];
  rounds: number;
  source: string;
}

interface Plan {
  conversion: Conversion;
  format: ModelFormat;
  steps: (Step | Loop)[];
}

/** The ops ONNX Runtime forms QDQ node units around (SOURCES.ortQdqSelectors). */
const ORT_QDQ_OPS = new Set(['Gather', 'Reshape', 'Flatten', 'Transpose', 'MaxPool', 'Resize', 'Split', 'Squeeze', 'Unsqueeze',
  'AveragePool', 'GlobalAveragePool', 'LeakyRelu', 'ReduceMean', 'ReduceMin', 'ReduceMax', 'ReduceProd', 'ReduceSum', 'Relu', 'Sigmoid',
  'Slice', 'Softmax', 'Sqrt', 'Tanh', 'Add', 'Div', 'Mul', 'Pow', 'Sub', 'Concat', 'Conv', 'ConvTranspose', 'MatMul', 'Gemm', 'InstanceNormalization']);

const fold: Step = { pass: 'constant folding', source: 'analyze.ts foldableNodes (TFLite converter and ORT ConstantFolding)', run: () => 0 };
const elide: Step = { pass: 'no-op elimination', source: SOURCES.ortLevel1, run: (g) => elideNoOps(g) };
const elideOrt: Step = { ...elide, run: (g) => elideNoOps(g, { keepGraphOutputDropout: true }) };
const batchNorm: Step = { pass: 'BatchNorm folding', source: `${SOURCES.ortLevel1}; ${SOURCES.tfliteFusedActivations}`, run: (g) => foldBatchNorm(g) };
const tfliteFusion: Step = { pass: 'activation fusion', source: `${SOURCES.tfliteFusedActivations}; ${SOURCES.tfliteFullyConnectedActivation}`, run: (g) => fuseActivations(g, TFLITE_FUSION) };
const velaSteps: Step[] = [
  { pass: 'Vela hardware padding', source: SOURCES.velaPadFusion, run: (g) => velaPadFusion(g) },
  { pass: 'Vela activation fusion', source: SOURCES.velaPadFusion, run: (g) => fuseActivations(g, VELA_FUSION) },
];

function qdqStep(unitOps: ReadonlySet<string> | 'any', source: string): Step {
  return { pass: 'QDQ node units', source, run: (g) => qdqUnits(g, { unitOps }) };
}

/** Targets whose every kernel is integer (NPUs): a float model reaches them only after full-integer conversion. */
export function integerOnly(target: TargetProfile): boolean {
  return !target.precisions.some(isFloat);
}

function quantizedGraph(model: Model): boolean {
  return !isFloatModel(mainGraph(model));
}

export function planFor(model: Model, target: TargetProfile, options: LowerOptions = {}): Plan {
  const graph = mainGraph(model);
  const float = isFloatModel(graph);
  const qdq = model.format === 'onnx' && hasQdq(graph);
  const vela = target.runtime === 'vela';
  if (model.format === 'onnx' && !target.formats.includes('onnx') && target.formats.includes('tflite')) {
    const int8 = float && integerOnly(target);
    const steps: Step[] = [fold, elide];
    if (qdq) steps.push(qdqStep('any', SOURCES.tfliteQuantize));
    steps.push(batchNorm, { pass: 'HardSwish pattern', source: SOURCES.tfliteFusedActivations, run: (g) => fuseHardSwish(g) });
    steps.push({ pass: 'ONNX → TFLite builtins (NHWC, weight layouts, PAD + VALID)', source: `analysis/formatBridge.ts; ${SOURCES.tinyNeuralNetworkGroundTruth}`, run: (g, m) => convertToTflite(g, m) });
    steps.push(tfliteFusion);
    if (int8) steps.push({ pass: 'full-integer conversion', source: SOURCES.tfliteQuantize, run: (g) => assumeFullInt8(g) });
    if (vela && (int8 || !float)) steps.push(...velaSteps);
    const what = int8 ? 'TFLite full-int8 conversion' : qdq ? 'TFLite conversion (int8, from its QDQ nodes)' : 'TFLite conversion';
    return {
      format: 'tflite', steps,
      conversion: { id: `onnx→tflite${int8 ? '-int8' : ''}${vela && (int8 || !float) ? '+vela' : ''}`, family: 'tflite', precision: int8 ? 'full-int8' : 'as-stored', assumed: true, statement: `judged as its ${what}` },
    };
  }
  if (model.format === 'onnx' && target.formats.includes('onnx')) {
    if (target.runtime === 'tensorrt') {
      const steps: Step[] = [fold, elide];
      if (qdq) steps.push(qdqStep(ORT_QDQ_OPS, `${SOURCES.tensorrtFusions}; ${SOURCES.ortQdqSelectors}`));
      steps.push(batchNorm, { pass: 'convolution + activation fusion', source: SOURCES.tensorrtFusions, run: (g) => fuseActivations(g, TENSORRT_FUSION) });
      return { format: 'onnx', steps, conversion: { id: 'tensorrt', family: 'tensorrt', precision: 'as-stored', assumed: true, statement: 'judged as the TensorRT engine built from it (layer fusion, Q/DQ as INT8 layers)' } };
    }
    // ONNX Runtime (and runtimes that load ONNX the same way): level-1 optimizations run before
    // EP partitioning; the CPU EP then applies its level-2 fusions.
    const cpu = target.partitioning.mode === 'none';
    // DivMulFusion is a level-1 rewrite rule, registered for every EP like the no-op eliminations.
    const divMul: Step = { pass: 'DivMulFusion', source: `${SOURCES.ortLevel1}; ${SOURCES.ortDivMulFusion}`, run: (g) => fuseDivMul(g) };
    const steps: (Step | Loop)[] = [fold, elideOrt, divMul, batchNorm, { pass: 'MatMul + Add → Gemm', source: SOURCES.ortLevel1, run: (g) => fuseMatMulAdd(g) }];
    if (qdq) steps.push(qdqStep(ORT_QDQ_OPS, SOURCES.ortQdqSelectors));
    if (cpu) steps.push({ pass: 'FusedConv / FusedGemm (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortConvActivation}`, run: (g) => fuseActivations(g, ORT_CPU_FUSION) });
    // The transformer fusions are registered only in a full build with contrib ops (the profile
    // accepts com.microsoft ops); a reduced build (ORT Mobile's package) has neither them nor the ops they emit.
    const contrib = cpu && (target.openDomains ?? []).includes('com.microsoft');
    if (contrib) {
      steps.push({
        rounds: 10, source: SOURCES.ortLevel2Loop,
        loop: [
          { pass: 'GeluFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortGeluFusion}`, run: (g) => fuseGelu(g) },
          { pass: 'LayerNormFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortLayerNormFusion}`, run: (g) => fuseLayerNorm(g) },
          { pass: 'SimplifiedLayerNormFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortLayerNormFusion}`, run: (g) => fuseSimplifiedLayerNorm(g) },
          { pass: 'GatherSliceToSplitFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortGatherSliceToSplitFusion}`, run: (g, _m, values) => fuseGatherSliceToSplit(g, values) },
          { pass: 'MatmulTransposeFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortMatmulTransposeFusion}`, run: (g) => fuseMatmulTranspose(g) },
          { pass: 'SkipLayerNormFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortSkipLayerNormFusion}`, run: (g) => fuseSkipLayerNorm(g) },
          { pass: 'QuickGeluFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortQuickGeluFusion}`, run: (g) => fuseQuickGelu(g) },
          { pass: 'MatMulScaleFusion (CPU EP)', source: `${SOURCES.ortLevel2Cpu}; ${SOURCES.ortMatMulScaleFusion}`, run: (g) => fuseMatMulScale(g) },
        ],
      });
    }
    return {
      format: 'onnx', steps,
      conversion: { id: cpu ? (contrib ? 'ort-l2-cpu' : 'ort-l2-cpu-reduced') : 'ort-l1', family: 'onnxruntime', precision: 'as-stored', assumed: false, statement: cpu ? 'judged as ONNX Runtime runs it on the CPU EP after its extended (level-2) graph optimizations' : 'judged as ONNX Runtime partitions it after its basic (level-1) graph optimizations' },
    };
  }
  if (model.format === 'tflite' && target.formats.includes('tflite')) {
    const int8 = options.whatIfInt8 === true && float;
    const steps: Step[] = [fold];
    if (int8) steps.push({ pass: 'full-integer conversion (what-if)', source: SOURCES.tfliteQuantize, run: (g) => assumeFullInt8(g) });
    if (vela && (int8 || quantizedGraph(model))) steps.push(...velaSteps);
    return {
      format: 'tflite', steps,
      conversion: int8
        ? { id: `tflite-what-if-int8${vela ? '+vela' : ''}`, family: 'tflite', precision: 'full-int8', assumed: true, statement: 'after full-integer quantization (what-if): the partitions, sizes and latency its int8 conversion would give' }
        : { id: `tflite-as-is${vela ? '+vela' : ''}`, family: 'tflite', precision: 'as-stored', assumed: false, statement: 'judged as it is: a .tflite file has already been through its converter' },
    };
  }
  return {
    format: model.format, steps: [fold],
    conversion: { id: 'bridged', family: 'none', precision: 'as-stored', assumed: true, statement: `judged op by op through the ${model.format === 'tflite' ? 'TFLite → ONNX' : 'ONNX → TFLite'} format bridge` },
  };
}

export function lowerFor(source: LoweringSource, target: TargetProfile, options: LowerOptions = {}): Lowering {
  const plan = planFor(source.model, target, options);
  const hit = source.lowerings?.get(plan.conversion.id);
  if (hit) return hit;
  const started = performance.now();
  const g = new WorkGraph(source.model, source.foldedNodes);
  const passes: PassRecord[] = [{ pass: fold.pass, source: fold.source, changed: source.foldedNodes.size }];
  const values: ConstantValues = source.constantValues ?? new Map();
  for (const step of plan.steps) {
    if (step === fold) continue;
    if ('loop' in step) {
      // One record per pass, its changes summed over the rounds.
      const records = step.loop.map((s) => ({ pass: s.pass, source: `${s.source}; ${step.source}`, changed: 0 }));
      for (let round = 0; round < step.rounds; round++) {
        let any = false;
        step.loop.forEach((s, i) => {
          const changed = s.run(g, source.model, values);
          records[i]!.changed += changed;
          any ||= changed > 0;
        });
        if (!any) break;
      }
      passes.push(...records);
      continue;
    }
    passes.push({ pass: step.pass, source: step.source, changed: step.run(g, source.model, values) });
  }
  const diagnostics: Diagnostic[] = [];
  const { model, covers, fates } = g.finish(plan.format, diagnostics);
  const lowering: Lowering = { conversion: plan.conversion, model, covers, fates, passes, costs: computeCosts(model, 0), millis: performance.now() - started };
  source.lowerings?.set(plan.conversion.id, lowering);
  return lowering;
}
