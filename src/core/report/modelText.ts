// The model as text: one line per node, `outputs = Op(inputs) {key attributes}  # facts`, so a
// binary model can be read, searched, diffed and annotated like code. Returns the line of every
// node and of every tensor's definition, which the editor uses for squiggles, links and the outline.

import type { Report, ReportAttribute, ReportNode } from './report';
import { formatBytes, formatCount, formatMacs, formatReportLatency, formatShape, knownSum } from '../units';
import { invalidModelText, modelErrorCount } from './modelErrors';

export interface ModelTextLayout {
  text: string;
  /** Line of each node (by node index). */
  nodeLine: Map<number, number>;
  /** Where tensor names occur: line, start column, name; the producer's line is `definitionLine`. */
  tensorRefs: { line: number; start: number; name: string }[];
  /** Line that defines each tensor: its producer's node line, or the inputs/weights header line. */
  definitionLine: Map<string, number>;
  /** Line range of each partition block (first/last node line). */
  partitionLines: { id: number; device: string; first: number; last: number }[];
}

/** Attributes worth a glance; the rest stay in the hover. */
const KEY_ATTRIBUTES = ['kernel_shape', 'strides', 'dilations', 'pads', 'group', 'auto_pad', 'padding', 'axis', 'perm', 'transB', 'mode', 'fused_activation_function', 'depth_multiplier', 'approximate'];

/** Lines before the first node line: title, facts, '#', inputs, outputs, blank, 'graph {'. */
const HEADER_LINES = 7;

/** Nodes in the order the text view lists them: execution order, then any node outside it. */
function nodeSequence(report: Report): number[] {
  return sequenceOf(report.order, report.nodes.length);
}

/** The same from the execution order and the node count (node i is report.nodes[i]). */
function sequenceOf(order: readonly number[] | undefined, count: number): number[] {
  const seq = order ?? Array.from({ length: count }, (_, i) => i);
  const inOrder = new Set(seq);
  const out = seq.filter((i) => Number.isInteger(i) && i >= 0 && i < count);
  for (let i = 0; i < count; i++) if (!inOrder.has(i)) out.push(i);
  return out;
}

/**
 * The line of every node in the text view, without rendering it: diagnostics on the model file
 * point there for every analyzed model, while the text itself is built only when a view opens.
 * `count`: the number of nodes (the editor passes it from the report's index, so that the node
 * table is not parsed for this).
 */
export function nodeLines(report: Report, count = report.nodes.length): Map<number, number> {
  const out = new Map<number, number>();
  sequenceOf(report.order, count).forEach((node, i) => out.set(node, HEADER_LINES + i));
  return out;
}

export interface ModelTextInput {
  report: Report;
}

/** Two notes joined by ' · ', either left out when empty (no array per node line). */
function both(a: string, b: string): string {
  return a && b ? `${a} · ${b}` : a || b;
}

/** Where the node runs, and (original graph) what the target's toolchain made of it. */
function deviceLabel(report: Report, n: ReportNode): string {
  if (!report.target) return '';
  const fate = n.fate;
  if (fate && (fate.kind === 'folded' || fate.kind === 'elided')) return fate.kind;
  const into = fate && fate.kind !== 'kernel' && fate.into !== undefined ? report.deployed?.nodes[fate.into] : undefined;
  const merged = into ? `${fate!.kind} into ${into.op} '${into.name}'` : '';
  if (report.target.partitioning === 'none') {
    // TensorFlow Lite Micro's own answer decides where it has one; the op table otherwise.
    const tflm = report.tflm;
    if (tflm?.status === 'rejected' && (tflm.error?.graph ?? 0) === 0 && tflm.error?.node === n.index) return both(merged, '✗ TFLite Micro fails here');
    const flagged = n.support === 'unsupported' || n.support === 'constraint-violated';
    if (tflm?.status === 'answered' && flagged) return both(merged, '✓ TFLite Micro prepares it (op table: unsupported)');
    const bad = flagged ? '✗ unsupported' : '';
    return both(merged, bad);
  }
  if (n.partition === undefined) return merged || 'folded';
  const where = n.device === 'cpu' ? 'CPU' : (report.target.delegate ?? 'accelerator').toUpperCase();
  return both(merged, `${where} P${n.partition}`);
}

/**
 * What the analysis worker asks of a rendering it packs (packedReport.ts): no tensor references
 * (the editor finds them again when the view opens: 40,000 objects on the 10k-node decoder, dropped
 * at once), and each node's code end by its position in report.nodes (nodeCodeSpan's end, for the
 * report's index), which the rendering computes anyway.
 */
export interface ModelTextOptions {
  refs?: boolean;
  codeEnd?: Int32Array;
  /**
   * Filled with each node's output shape as its line shows it (formatShape), by position in
   * report.nodes: the outline the worker packs beside the text carries them (packedReport.ts), and
   * this spares it a second lookup of every node's output tensor by name.
   */
  shapes?: string[];
}

export function renderModelText(input: ModelTextInput, options: ModelTextOptions = {}): ModelTextLayout {
  const { report } = input;
  const withRefs = options.refs !== false;
  const codeEnd = options.codeEnd;
  const shapes = options.shapes;
  const lines: string[] = [];
  const nodeLine = new Map<number, number>();
  const tensorRefs: ModelTextLayout['tensorRefs'] = [];
  const definitionLine = new Map<string, number>();
  const s = report.summary;
  const t = report.target;

  const deployedOps = report.nodes.length > 0 && report.nodes.every((n) => n.covers !== undefined);
  const judged = s.conversion ? ` — ${deployedOps ? 'deployed graph: ' : ''}${s.conversion}` : '';
  const invalid = t && s.verdict === 'fail' ? modelErrorCount(report) : 0;
  const verdict = `${(s.verdict ?? 'pass').toUpperCase()}${invalid > 0 ? ` (${invalidModelText(invalid)})` : ''}`;
  lines.push(`# DeployLens — ${report.model.path}${t ? ` on ${t.name}: ${verdict}${judged}` : ''}`);
  const facts = [`${formatCount(s.nodes)} nodes`, `${formatCount(s.params)} params`];
  if (s.macs !== null) facts.push(`${knownSum(s.macs, s.unknownCostNodes, formatMacs)} MACs`);
  if (s.activationPeakBytes !== undefined) facts.push(`activation peak ${knownSum(s.activationPeakBytes, s.unknownSizeTensors ?? 0, formatBytes)}${t?.sramBytes ? ` / ${formatBytes(t.sramBytes)} SRAM` : ''}`);
  if (report.tflm?.status === 'answered' && report.tflm.arena) facts.push(`tensor arena ${report.tflm.arena.minimumBytes.toLocaleString('en-US')} B (TFLite Micro's own)`);
  if (report.tflm?.status === 'rejected') facts.push('TFLite Micro cannot run it');
  if (s.latencyMs !== undefined && s.latencyMs !== null) facts.push(`latency ${(s.unknownLatencyOps ?? 0) > 0 ? '≥' : '≈'} ${formatReportLatency(s.latencyMs)}`);
  if (s.partitions !== undefined && t?.partitioning !== 'none') facts.push(`${s.partitions} partition(s): ${s.delegatedNodes} op(s) delegated, ${s.fallbackNodes} on CPU`);
  lines.push(`# ${facts.join(' · ')}`);
  lines.push('#');

  const declare = (label: string, refs: { name: string; shape: (number | string)[] | null; dtype: string }[]) => {
    const line = lines.length;
    let text = `# ${label}:`;
    for (const r of refs) {
      text += ' ';
      if (withRefs) tensorRefs.push({ line, start: text.length, name: r.name });
      definitionLine.set(r.name, line);
      text += `${r.name}: ${r.dtype}${formatShape(r.shape)}`;
    }
    lines.push(text);
  };
  declare('inputs', report.model.inputs);
  const outputsLine = lines.length;
  lines.push(`# outputs: ${report.model.outputs.map((o) => `${o.name}: ${o.dtype}${formatShape(o.shape)}`).join(' ')}`);
  lines.push('');
  lines.push(`graph ${report.model.graphs[0]?.name ?? 'main'} {`);

  if (lines.length !== HEADER_LINES) throw new Error('model text header changed: update HEADER_LINES');
  for (const index of nodeSequence(report)) {
    const n = report.nodes[index]!;
    const line = lines.length;
    nodeLine.set(n.index, line);
    // Without tensor references (the worker's rendering), no reference records: the outputs' definition lines only.
    const refs: CodeRef[] | null = withRefs ? [] : null;
    let text = codeText(n, refs);
    if (refs) {
      for (const ref of refs) {
        tensorRefs.push({ line, start: ref.start, name: ref.name });
        if (ref.output && !definitionLine.has(ref.name)) definitionLine.set(ref.name, line);
      }
    } else for (const o of n.outputs) if (!definitionLine.has(o)) definitionLine.set(o, line);
    if (codeEnd) codeEnd[index] = codeSpanEnd(text);
    const shape = formatShape(report.tensors[n.outputs[0] ?? '']?.shape ?? null);
    if (shapes) shapes[index] = shape;
    // The notes joined by ' · ' as they come, without an array of them per line.
    text += `  # ${n.name || `#${n.index}`} · ${shape}`;
    // A deployed op that runs several original nodes says which (Conv + Relu).
    if (n.covers && n.covers.length > 1) text += ` · covers ${n.covers.length} nodes`;
    if (n.macs) text += ` · ${formatMacs(n.macs)} MACs`;
    if (n.workingSetBytes !== undefined && n.workingSetBytes !== null) text += ` · ws ${formatBytes(n.workingSetBytes)}`;
    const where = deviceLabel(report, n);
    if (where) text += ` · ${where}`;
    lines.push(text);
  }
  lines.push('}');

  // Weights: where each constant is defined, so links from node lines land somewhere.
  // for…in, not Object.entries: no pair per tensor (the decoder has 20,000); the same order.
  const constants: string[] = [];
  for (const name in report.tensors) if (report.tensors[name]!.constant && !definitionLine.has(name)) constants.push(name);
  if (constants.length) {
    lines.push('');
    lines.push(`# constants (${constants.length}):`);
    for (const name of constants) {
      const t2 = report.tensors[name]!;
      const line = lines.length;
      if (withRefs) tensorRefs.push({ line, start: 4, name });
      definitionLine.set(name, line);
      lines.push(`#   ${name}: ${t2.dtype}${formatShape(t2.shape)}${t2.bytes !== null ? ` (${formatBytes(t2.bytes)})` : ''}`);
    }
  }
  void outputsLine;

  // The deployed graph: the ops the target runs, each named by the original nodes it covers.
  const d = report.deployed;
  if (d && !report.nodes.every((n) => n.covers !== undefined)) {
    lines.push('');
    lines.push(`# deployed graph: ${d.nodes.length} op(s), ${d.conversion.statement}`);
    const accel = (report.target?.delegate ?? 'accelerator').toUpperCase();
    for (const v of d.order) {
      const op = d.nodes[v]!;
      // The covered nodes' ops joined by ' + ' (QDQ left out) and the first of them, without arrays per op.
      let anchor: ReportNode | undefined;
      let names = '';
      let named = 0;
      for (const c of op.covers ?? []) {
        const n = report.nodes[c];
        if (n === undefined) continue;
        anchor ??= n;
        if (n.op !== 'QuantizeLinear' && n.op !== 'DequantizeLinear') names = named++ > 0 ? `${names} + ${n.op}` : n.op;
      }
      const where = report.target?.partitioning === 'none' ? '' : op.partition === undefined ? '' : `${op.device === 'cpu' ? 'CPU' : accel} P${op.partition}  `;
      const act = op.attributes.fused_activation_function ?? op.attributes.activation;
      const fused = typeof act === 'string' && act !== 'NONE' ? `+${act}` : '';
      const line = lines.length;
      let text = `#   ${where}${op.op}${fused} '${op.name}'`;
      if (anchor) {
        const label = names || anchor.op;
        const first = anchor.outputs[0] ?? '';
        text += ` ← ${label} (`;
        // The anchor's output links to its definition line, like node lines do.
        if (first && withRefs) tensorRefs.push({ line, start: text.length, name: first });
        text += `${first})`;
      } else text += ` ← ${op.origin ?? 'inserted by the converter'}`;
      lines.push(text);
    }
  }

  const partitionLines: ModelTextLayout['partitionLines'] = [];
  for (const p of report.partitions ?? []) {
    // Ops a converter inserted (a layout TRANSPOSE, a PAD) have no line of their own: they show on their anchor's.
    // Loops, not Math.min(...ls): a partition of 200k nodes would overflow the call stack as arguments;
    // and no arrays of the lines: the first and last are all the block needs.
    let first = Infinity;
    let last = -Infinity;
    const see = (v: number | undefined) => {
      const l = v === undefined ? undefined : nodeLine.get(v);
      if (l === undefined) return;
      if (l < first) first = l;
      if (l > last) last = l;
    };
    for (const v of p.nodes) see(v);
    for (const op of p.ops ?? []) see(report.deployed?.nodes[op]?.covers?.[0]);
    if (first !== Infinity) partitionLines.push({ id: p.id, device: p.device, first, last });
  }
  return { text: lines.join('\n') + '\n', nodeLine, tensorRefs, definitionLine, partitionLines };
}

/** The code part of a node line (`  y = Conv(x, w) {strides=[2,2]}`), with where each tensor name sits. */
export function nodeCode(n: ReportNode): { text: string; refs: CodeRef[] } {
  const refs: CodeRef[] = [];
  return { text: codeText(n, refs), refs };
}

interface CodeRef { start: number; name: string; output: boolean }

/** nodeCode's text; where each tensor name sits goes to `refs` when given. */
function codeText(n: ReportNode, refs: CodeRef[] | null): string {
  let text = '  ';
  for (let i = 0; i < n.outputs.length; i++) {
    const o = n.outputs[i]!;
    if (i > 0) text += ', ';
    refs?.push({ start: text.length, name: o, output: true });
    text += o;
  }
  text += ` = ${n.domain && n.domain !== 'tflite' && n.domain !== 'tflite.custom' ? `${n.domain}.` : ''}${n.op}(`;
  for (let i = 0; i < n.inputs.length; i++) {
    const inp = n.inputs[i]!;
    if (i > 0) text += ', ';
    if (inp === '') {
      text += '∅';
      continue;
    }
    refs?.push({ start: text.length, name: inp, output: false });
    text += inp;
  }
  text += ')';
  const attrs = attributeSummary(n.attributes ?? {});
  if (attrs) text += ` {${attrs}}`;
  return text;
}

/** Columns of a node line's code part (what a squiggle underlines), without rendering the view. */
export function nodeCodeSpan(n: ReportNode): { start: number; end: number } {
  return { start: 2, end: codeSpanEnd(codeText(n, null)) };
}

function codeSpanEnd(code: string): number {
  return Math.max(3, code.length);
}

/** Short attribute text for a node line (`kernel_shape=[3,3], strides=[2,2]`): the attributes that shape the op. */
export function attributeSummary(attributes: Record<string, ReportAttribute>): string {
  const parts: string[] = [];
  for (const key of KEY_ATTRIBUTES) {
    const a = attributes[key];
    if (a === undefined) continue;
    parts.push(`${key}=${Array.isArray(a) ? `[${a.join(',')}]` : String(a)}`);
  }
  return parts.join(', ');
}
