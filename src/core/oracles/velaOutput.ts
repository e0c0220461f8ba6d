// Reads what Arm Vela prints for one model (run with --show-cpu-operations, --verbose-operators
// and --verbose-performance): which operators it left on the CPU and why, the NPU operators, the
// per-layer performance table, the configuration it compiled for and its SRAM, flash and cycle totals. Pure: text in, data
// out — the tests use it to compare DeployLens with Vela, and the editor can use it to show Vela's
// own figures beside the prediction. Vela names ops by its internal type ('Conv2DBias', 'AvgPool')
// in the summary and by the TFLite builtin in its warnings; both are mapped to builtins here.

import { BUILTIN_OPERATORS } from '../tflite/schema';
import { ownValue } from '../util/lookup';

export interface VelaCpuOp {
  /** TFLite builtin ('SOFTMAX'), or Vela's own type name when it has no builtin. */
  op: string;
  /** Vela's operator name: the name of the op's first output tensor ('' when the model has none). */
  name: string;
  inputShapes: number[][];
  outputShapes: number[][];
}

export interface VelaReason {
  op: string;
  name: string;
  /** Vela's constraint docstring ("IFM and OFM data types must match"), or 'CPU only op'. */
  constraint: string;
  /** Vela's detail line ("Op has ifm_dtype=int8 and ofm_dtype=int16"), when printed. */
  detail?: string;
}

/** One row of Vela's per-layer performance table (--verbose-performance): one NPU operation. */
export interface VelaLayer {
  /** The TFLite builtin the NPU operation comes from (Vela's TFLite_operator column). */
  op: string;
  /** Vela's own operation type (NNG Operator: 'Conv2DBias', 'AvgPool', …). */
  velaOp: string;
  /** The operation's name (its output tensor's name; '' when unnamed). */
  name: string;
  sramBytes: number;
  cycles: number;
  macs: number;
  /** MAC utilization in percent. */
  utilization: number;
}

export interface VelaReport {
  cpuOps: VelaCpuOp[];
  /** The "NPU: …" lines of the summary (same shape as the CPU lines). */
  npuOps: VelaCpuOp[];
  reasons: VelaReason[];
  layers: VelaLayer[];
  cpuOperatorCount: number | null;
  npuOperatorCount: number | null;
  /** "Ethos_U55_128", "internal-default", the clock Vela's timings assume. */
  acceleratorConfig: string | null;
  systemConfig: string | null;
  memoryMode: string | null;
  clockHz: number | null;
  sramBytes: number | null;
  dramBytes: number | null;
  onChipFlashBytes: number | null;
  offChipFlashBytes: number | null;
  npuCycles: number | null;
  totalCycles: number | null;
  /** Vela's own "Batch Inference time" (at its clock). */
  inferenceMs: number | null;
}

/** Vela's internal op types whose name is not the builtin's (ethosu/vela/operation.py). */
const VELA_TYPE_TO_BUILTIN: Record<string, string> = {
  AvgPool: 'AVERAGE_POOL_2D', MaxPool: 'MAX_POOL_2D', Conv2DBias: 'CONV_2D', Conv2D: 'CONV_2D',
  DepthwiseConv2DBias: 'DEPTHWISE_CONV_2D', Conv2DBackpropInput: 'TRANSPOSE_CONV', ConcatTFLite: 'CONCATENATION',
  Sigmoid: 'LOGISTIC', FullyConnected: 'FULLY_CONNECTED', Prelu: 'PRELU', ReduceSum: 'SUM', Svdf: 'SVDF',
};

const BY_KEY = new Map(BUILTIN_OPERATORS.map((n) => [n.replace(/_/g, '').toLowerCase(), n]));

export function builtinOfVelaType(type: string): string {
  return ownValue(VELA_TYPE_TO_BUILTIN, type) ?? BY_KEY.get(type.replace(/_/g, '').toLowerCase()) ?? type;
}

function shapes(text: string): number[][] {
  return [...text.matchAll(/\[([0-9, ]*)\]/g)].map((m) => (m[1]!.trim() ? m[1]!.split(',').map((d) => Number(d.trim())) : []));
}

const SIZE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 * 1024, GiB: 1024 ** 3 };

function size(text: string, label: string): number | null {
  const m = new RegExp(`^${label}\\s+([0-9.]+) (B|KiB|MiB|GiB)\\s*$`, 'm').exec(text);
  return m ? Math.round(Number(m[1]) * SIZE_UNITS[m[2]!]!) : null;
}

function count(text: string, re: RegExp): number | null {
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}

function field(all: string, label: string): string | null {
  return new RegExp(`^${label}\\s+(\\S.*?)\\s*$`, 'm').exec(all)?.[1] ?? null;
}

/** "   TFLite_operator  NNG Operator  SRAM Usage …" tables: 12 numbers between the two op names and the name. */
function layerRow(line: string): VelaLayer | null {
  const t = line.trim().split(/\s+/);
  if (t.length < 14) return null;
  const n = t.slice(2, 14).map(Number);
  if (n.some((x) => !Number.isFinite(x))) return null;
  return { op: t[0]!, velaOp: t[1]!, name: t.slice(14).join(' '), sramBytes: n[0]!, cycles: n[2]!, macs: n[9]!, utilization: n[11]! };
}

export function parseVelaOutput(text: string): VelaReport {
  const lines = text.split(/\r?\n/);
  const cpuOps: VelaCpuOp[] = [];
  const npuOps: VelaCpuOp[] = [];
  const reasons: VelaReason[] = [];
  const layers: VelaLayer[] = [];
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^TFLite_operator\s+NNG Operator\s+SRAM Usage/.test(l)) {
      inTable = true;
      continue;
    }
    if (inTable) {
      if (/^-+( -+)*\s*$/.test(l)) continue;
      const row = layerRow(l);
      if (row) {
        layers.push(row);
        continue;
      }
      inTable = false;
    }
    // "   CPU: Softmax = name (inputs [1, 2], outputs [1, 2])" — the name may contain anything but the trailing group.
    const placed = /^\s+(CPU|NPU): (\w+) = (.*) \(inputs (.*), outputs (.*)\)\s*$/.exec(l);
    if (placed) {
      (placed[1] === 'CPU' ? cpuOps : npuOps).push({ op: builtinOfVelaType(placed[2]!), name: placed[3]!.trim(), inputShapes: shapes(placed[4]!), outputShapes: shapes(placed[5]!) });
      continue;
    }
    const warn = /^Warning: (?:Unsupported TensorFlow Lite semantics for )?(\w+) '(.*)'(?: is not supported on the NPU)?\. Placing on CPU instead\s*$/.exec(l);
    if (warn) {
      const constraint = /^ - (.*)$/.exec(lines[i + 1] ?? '')?.[1]?.trim();
      const detail = /^ {3}(\S.*)$/.exec(lines[i + 2] ?? '')?.[1]?.trim();
      reasons.push({ op: warn[1]!, name: warn[2]!, constraint: constraint ?? '', ...(detail ? { detail } : {}) });
      continue;
    }
    const info = /^Info: (\w+) '(.*)' is a CPU only op\s*$/.exec(l);
    if (info) reasons.push({ op: info[1]!, name: info[2]!, constraint: 'CPU only op' });
  }
  const clock = /^Accelerator clock\s+([0-9.]+) MHz\s*$/m.exec(text);
  return {
    cpuOps, npuOps, reasons, layers,
    cpuOperatorCount: count(text, /^CPU operators = (\d+)/m),
    npuOperatorCount: count(text, /^NPU operators = (\d+)/m),
    acceleratorConfig: field(text, 'Accelerator configuration'),
    systemConfig: field(text, 'System configuration'),
    memoryMode: field(text, 'Memory mode'),
    clockHz: clock ? Number(clock[1]) * 1e6 : null,
    sramBytes: size(text, 'Total SRAM used'),
    dramBytes: size(text, 'Total DRAM used'),
    onChipFlashBytes: size(text, 'Total On-chip Flash used'),
    offChipFlashBytes: size(text, 'Total Off-chip Flash used'),
    npuCycles: count(text, /^NPU cycles\s+(\d+) cycles\/batch/m),
    totalCycles: count(text, /^Total cycles\s+(\d+) cycles\/batch/m),
    inferenceMs: count(text, /^Batch Inference time\s+([0-9.]+) ms/m),
  };
}

export interface PlacedOp {
  index: number;
  op: string;
  name: string;
  inputShapes: (number[] | null)[];
  outputShapes: (number[] | null)[];
}

const sameShapes = (a: (number[] | null)[], b: number[][]) =>
  a.length === b.length && a.every((s, i) => s !== null && s.length === b[i]!.length && s.every((d, j) => d === b[i]![j]));

/**
 * Which of a model's ops Vela left on the CPU: each CPU line is matched to the first not yet
 * matched op with the same builtin, name and input/output shapes, in execution order. Returns the
 * CPU op indices and the CPU lines no op matched (those make a comparison fail loudly).
 */
export function velaCpuPlacement(ops: readonly PlacedOp[], report: VelaReport): { cpu: Set<number>; unmatched: VelaCpuOp[] } {
  const cpu = new Set<number>();
  const unmatched: VelaCpuOp[] = [];
  for (const c of report.cpuOps) {
    const hit = ops.find((o) => !cpu.has(o.index) && o.op === c.op && o.name === c.name
      && sameShapes(o.inputShapes, c.inputShapes) && sameShapes(o.outputShapes, c.outputShapes))
      ?? ops.find((o) => !cpu.has(o.index) && o.op === c.op && o.name === c.name && sameShapes(o.outputShapes, c.outputShapes));
    if (hit) cpu.add(hit.index);
    else unmatched.push(c);
  }
  return { cpu, unmatched };
}
