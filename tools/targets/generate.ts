// Builds the generated built-in profiles (src/core/targets/builtin/*.json) from the pinned upstream
// files (third_party/upstream/) and the hand-written overlays (tools/targets/overlay/). Pure: files
// in, profile objects out; `npm run targets:sync` writes them and a test fails when the committed
// files differ. Profiles not listed here (coral-edgetpu, rpi5-cpu-xnnpack and the budget
// archetypes) are hand-kept.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DType } from '../../src/core/ir/dtype';
import type { OnnxVersionSpec, OperatorConstraints, OperatorRule } from '../../src/core/targets/profile';
import { gpuOperators, nnapiOperators } from './litert';
import { onnxStandardOperators, ortEpOperators, ortMobileOperators, ortMobileVersions, tensorrtOperators } from './onnxTables';
import { applyPatches, orderProfile, readOverlay } from './overlay';
import { tflmOperators } from './tflm';
import { Upstream } from './upstream';
import { velaTable } from './vela';

export interface GeneratedProfile {
  /** File name under src/core/targets/builtin/. */
  file: string;
  profile: Record<string, unknown>;
}

interface Family {
  overlay: string;
  /** The generated op table (and generated defaults, if any) shared by the overlay's profiles. */
  table: (up: Upstream, profileId: string) => { operators: Record<string, OperatorRule>; defaults?: OperatorConstraints; onnxVersions?: OnnxVersionSpec; sources: string[] };
}

const ORT = 'onnxruntime';
const ortFile = (f: string) => (up: Upstream) => ({ operators: ortEpOperators(up, f), sources: [up.cite(ORT, f)] });

const FAMILIES: Family[] = [
  {
    overlay: 'tflite-micro',
    table: (up) => ({
      operators: tflmOperators(up),
      sources: [up.cite('tflite-micro', 'tensorflow/lite/micro/micro_mutable_op_resolver.h'), up.cite('tflite-micro', 'tensorflow/lite/micro/kernels')],
    }),
  },
  {
    overlay: 'ethos-u',
    table: (up) => {
      const t = velaTable(up);
      return { operators: t.operators, defaults: t.defaults, sources: [up.cite('ethos-u-vela', 'SUPPORTED_OPS.md'), up.cite('ethos-u-vela', 'ethosu/vela/tflite_supported_operators.py')] };
    },
  },
  { overlay: 'tflite-gpu', table: (up) => ({ operators: gpuOperators(up), sources: [up.cite('litert', 'tflite/delegates/gpu/common/model_builder.cc')] }) },
  { overlay: 'tflite-nnapi', table: (up) => ({ operators: nnapiOperators(up), sources: [up.cite('litert', 'tflite/delegates/nnapi/nnapi_delegate.cc')] }) },
  { overlay: 'ort-nnapi', table: ortFile('tools/ci_build/github/android/nnapi_supported_ops.md') },
  { overlay: 'ort-coreml', table: ortFile('tools/ci_build/github/apple/coreml_supported_ops.md') },
  { overlay: 'ort-coreml-mlprogram', table: ortFile('tools/ci_build/github/apple/coreml_supported_mlprogram_ops.md') },
  {
    overlay: 'ort-mobile',
    table: (up) => ({ operators: ortMobileOperators(up), onnxVersions: ortMobileVersions(up), sources: [up.cite(ORT, 'tools/ci_build/github/android/mobile_package.required_operators.config')] }),
  },
  {
    overlay: 'ort-cpu',
    table: (up) => ({ operators: withKernelTypes(onnxStandardOperators(up), up.root), sources: [up.cite('onnx', 'docs/Operators.md'), KERNEL_TYPES_SOURCE] }),
  },
  {
    overlay: 'tensorrt',
    table: (up, id) => {
      const dir = id.endsWith('-jp5') ? 'onnx-tensorrt/8.5-GA' : 'onnx-tensorrt/10.1-GA';
      return { operators: tensorrtOperators(up, dir).ops, sources: [up.cite(dir, 'docs/operators.md')] };
    },
  },
];

const KERNEL_TYPES_FILE = 'tools/ort-kernels/ort-cpu-kernel-types.json';
const KERNEL_TYPES_SOURCE = `element types per op version: ONNX Runtime's CPU EP asked by ${KERNEL_TYPES_FILE} (npm run ort-kernels:probe; test/oracle-ort-kernels.test.ts asks again)`;

/**
 * ONNX Runtime's CPU EP takes fewer element types than ONNX allows for some op versions (no
 * bfloat16 Add, no int64 Relu): the probed table, on the ops it narrows. The rule's source names
 * both facts' origins.
 */
function withKernelTypes(ops: Record<string, OperatorRule>, upstreamRoot: string): Record<string, OperatorRule> {
  const file = path.join(upstreamRoot, '..', '..', KERNEL_TYPES_FILE);
  const table = JSON.parse(fs.readFileSync(file, 'utf8')) as { onnxruntime: string; ops: Record<string, { input: number; since: Record<string, DType[]> }[]> };
  for (const [op, inputs] of Object.entries(table.ops)) {
    const rule = ops[op];
    if (!rule) throw new Error(`${KERNEL_TYPES_FILE}: ${op} is not an ONNX operator of the pinned docs/Operators.md`);
    rule.kernelTypes = inputs.map((k) => ({ input: k.input, bySince: k.since }));
    rule.source = `${rule.source}; element types per version: ONNX Runtime ${table.onnxruntime} CPU EP (${KERNEL_TYPES_FILE})`;
  }
  return ops;
}

export function generateBuiltinProfiles(repoRoot: string): GeneratedProfile[] {
  const up = new Upstream(repoRoot);
  const out: GeneratedProfile[] = [];
  for (const family of FAMILIES) {
    const overlay = readOverlay(repoRoot, family.overlay);
    for (const [id, skeleton] of Object.entries(overlay.profiles)) {
      const t = family.table(up, id);
      const operators = applyPatches(t.operators, overlay.operators);
      const defaults = t.defaults || skeleton.defaults ? { ...(t.defaults ?? {}), ...(skeleton.defaults ?? {}) } : undefined;
      const profile = orderProfile({
        $schema: '../../../../schemas/target-profile.schema.json',
        ...skeleton,
        id,
        ...(defaults ? { defaults } : {}),
        ...(t.onnxVersions ? { onnxVersions: t.onnxVersions } : {}),
        operators,
        sources: [...t.sources, ...(skeleton.sources ?? [])],
      });
      out.push({ file: `${id}.json`, profile });
    }
  }
  return out;
}

/** The text a generated profile is committed as. */
export function profileText(profile: Record<string, unknown>): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}
