// Human-readable renderings of a report: plain text for terminals and CI logs, Markdown for
// pull requests and the editor. Both show the same facts in the same order.
//
// Written line by line to a `write` callback (writeText, writeMarkdown), from a built report or a
// streamed one (buildReport.ts streamReport) whose node and tensor rows are made while read: the
// CLI's text and Markdown of a 10k-node model never hold the report's rows or its whole text
// (~14 MB of row objects and the text's copies). formatText and formatMarkdown collect the same
// text into a string; the two are the same to the byte (test/render-stream.test.ts).

import { MAX_EMITTED_ITEMS } from '../limits';
import { markdownCode, markdownText, terminalSafe } from './escape';
import { JsonEntries, JsonRows } from './jsonStream';
import type { Report, ReportDeployed, ReportNode, ReportTensor } from './report';
import { groupFindings, type FindingGroup } from '../findings/group';
import { formatBytes, formatCount, formatExactBytes, formatMacs, formatMicros, formatMillis, formatReportLatency, formatShape, leftOutText, knownSum } from '../units';
import { invalidModelText, modelErrorCount } from './modelErrors';

/** A list of rows as a built report holds it, or as a streamed one makes it (one row per call). */
type Rows<T> = readonly T[] | JsonRows<T>;

/**
 * A report to render: built (buildReport) or streamed (streamReport), whose node and tensor lists
 * may be JsonRows and JsonEntries.
 */
export type RenderableReport = Omit<Report, 'nodes' | 'tensors' | 'deployed'> & {
  nodes: Rows<ReportNode>;
  tensors: Record<string, ReportTensor> | JsonEntries<ReportTensor>;
  deployed?: Omit<ReportDeployed, 'nodes' | 'tensors'> & { nodes: Rows<ReportNode> };
};

/** Row `i` of a list, undefined outside it (as indexing an array gives). */
function rowAt<T>(rows: Rows<T>, i: number): T | undefined {
  if (!(rows instanceof JsonRows)) return rows[i];
  return Number.isInteger(i) && i >= 0 && i < rows.length ? rows.row(i) : undefined;
}

/** Looks tensors up by name: in a streamed report through a set of its names, made once. */
function tensorLookup(tensors: RenderableReport['tensors']): (name: string) => ReportTensor | undefined {
  if (!(tensors instanceof JsonEntries)) return (name) => tensors[name];
  const known = new Set(tensors.keys);
  return (name) => (known.has(name) ? tensors.value(name) : undefined);
}

interface Table {
  headers: string[];
  /** Rows made when asked for, each as often as it is asked for (the text table asks twice). */
  length: number;
  row: (i: number) => string[];
  /** Columns aligned right (numbers). */
  right?: number[];
}

function tableOf(headers: string[], rows: string[][], right?: number[]): Table {
  return { headers, length: rows.length, row: (i) => rows[i]!, ...(right ? { right } : {}) };
}

/** Lines of text joined with '\n', handed on in chunks. */
type Line = (line: string) => void;

function moreLine(more: number, what: string): string {
  return `… ${formatCount(more)} more ${what} not shown (--format json lists them all)`;
}

/** Rows are made twice (column widths first, then the lines) rather than kept: a layer table has up to MAX_EMITTED_ITEMS. */
function textTable(t: Table, line: Line): void {
  const shown = Math.min(t.length, MAX_EMITTED_ITEMS);
  const more = t.length - shown;
  const widths = t.headers.map((h) => h.length);
  // Each row made and escaped once (at most MAX_EMITTED_ITEMS of them), for the widths and the lines.
  const rows: string[][] = new Array(shown);
  for (let i = 0; i < shown; i++) {
    const r = t.row(i).map(terminalSafe);
    rows[i] = r;
    for (let c = 0; c < r.length; c++) widths[c] = Math.max(widths[c] ?? 0, r[c]!.length);
  }
  const cellsLine = (cells: string[]) =>
    cells.map((cell, c) => (t.right?.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  line(cellsLine(t.headers));
  line(widths.map((w) => '-'.repeat(w)).join('  '));
  for (let i = 0; i < shown; i++) line(cellsLine(rows[i]!));
  if (more) line(moreLine(more, 'rows'));
}

/** Every cell is plain text: escaped once here, so a name can hold no Markdown, HTML or pipe. */
function markdownTable(t: Table, line: Line): void {
  const shown = Math.min(t.length, MAX_EMITTED_ITEMS);
  const more = t.length - shown;
  const esc = (s: string) => (s === '' ? '' : markdownText(s));
  const align = t.headers.map((_, c) => (t.right?.includes(c) ? '---:' : '---'));
  line(`| ${t.headers.map(esc).join(' | ')} |`);
  line(`| ${align.join(' | ')} |`);
  for (let i = 0; i < shown; i++) line(`| ${t.row(i).map(esc).join(' | ')} |`);
  if (more) {
    line('');
    line(markdownText(moreLine(more, 'rows')));
  }
}

function layerTable(report: RenderableReport): Table {
  const tensor = tensorLookup(report.tensors);
  const firstOutput = (outputs: string[]) => tensor(outputs[0] ?? '')?.shape ?? null;
  const withTarget = report.target !== undefined;
  const headers = ['#', 'op', 'name', 'output shape', 'MACs', 'params'];
  if (withTarget) headers.push('working set', 'latency', 'runs on');
  // Vela's answer beside the prediction: where it runs each op and its cycles.
  const vela = report.oracles?.vela?.status === 'answered' ? report.oracles.vela : undefined;
  const velaOf = new Map(vela?.ops.map((o) => [o.node, o]) ?? []);
  if (vela) headers.push('Vela', 'Vela cycles');
  const params = (n: ReportNode) => n.paramBytes === null ? '—' : n.paramBytes === 0 ? '' : formatBytes(n.paramBytes);
  // Where the node runs: the delegate or CPU for partitioned targets; for single-processor targets, whether it can run at all.
  const accelerator = (report.target?.delegate ?? 'target').toUpperCase();
  const deployed = report.deployed;
  const placement = (n: ReportNode) => {
    if (n.fate && n.fate.kind !== 'kernel') {
      const into = n.fate.into !== undefined && deployed ? rowAt(deployed.nodes, n.fate.into) : undefined;
      return into ? `${n.fate.kind} → ${into.op}` : n.fate.kind;
    }
    const bad = n.support === 'unsupported' || n.support === 'constraint-violated';
    if (report.target?.partitioning === 'none') return bad ? '✗ unsupported' : n.support === 'unknown' ? '? unchecked' : '✓';
    return n.device === 'cpu' ? (bad ? 'CPU ✗' : 'CPU') : accelerator;
  };
  const nodes = report.nodes;
  return {
    headers,
    length: nodes.length,
    row: (i) => {
      const n = rowAt(nodes, i)!;
      const row = [String(n.index), n.op, n.name || '(unnamed)', formatShape(firstOutput(n.outputs)), formatMacs(n.macs), params(n)];
      if (withTarget) {
        row.push(
          n.workingSetBytes === null || n.workingSetBytes === undefined ? '—' : formatBytes(n.workingSetBytes),
          n.latencyUs === null || n.latencyUs === undefined ? '—' : formatMicros(n.latencyUs),
          placement(n),
        );
      }
      if (vela) {
        const v = velaOf.get(n.index);
        const disagrees = vela.disagreements.some((d) => d.node === n.index);
        row.push(v ? `${v.vela.toUpperCase()}${disagrees ? ' ≠' : ''}` : '', v?.cycles !== undefined ? formatCount(v.cycles) : '');
      }
      return row;
    },
    right: withTarget ? [0, 4, 5, 6, 7, ...(vela ? [10] : [])] : [0, 4, 5],
  };
}

function comparisonTable(report: RenderableReport): Table | null {
  if (!report.comparison) return null;
  return tableOf(
    ['target', 'verdict', 'delegated', 'partitions', 'activation peak', 'arena', 'latency', 'errors', 'warnings'],
    report.comparison.map((c) => [
      c.target, c.verdict.toUpperCase(), `${c.delegatedNodes}/${c.delegatedNodes + c.fallbackNodes}`, String(c.partitions),
      knownSum(c.activationPeakBytes, c.unknownSizeTensors, formatBytes), knownSum(c.arenaBytes, c.unknownSizeTensors, formatBytes),
      c.latencyMs === null ? '—' : knownSum(c.latencyMs, c.unknownLatencyOps, formatReportLatency), String(c.errors), String(c.warnings),
    ]),
    [2, 3, 4, 5, 6, 7, 8],
  );
}

function targetPairs(report: RenderableReport): [string, string][] {
  const t = report.target;
  const s = report.summary;
  if (!t) return [];
  const invalid = modelErrorCount(report);
  const verdict = (s.verdict ?? 'pass').toUpperCase();
  const pairs: [string, string][] = [['target', `${t.name} (${t.id})`], ['verdict', invalid > 0 && s.verdict === 'fail' ? `${verdict} — ${invalidModelText(invalid)}` : verdict]];
  if (s.conversion) pairs.push(['judged as', `${s.conversion.replace(/^judged as /, '')}${report.deployed ? ` (${report.deployed.nodes.length} deployed ops)` : ''}`]);
  if (s.deployedWeightBytes !== undefined && s.deployedWeightBytes !== s.weightBytes) pairs.push(['weights as deployed', formatBytes(s.deployedWeightBytes)]);
  // Sums over what is known: a lower bound, and said so, when sizes or costs were left out.
  const unknownSize = s.unknownSizeTensors ?? 0;
  const unknownLatency = s.latencyMs === null ? 0 : s.unknownLatencyOps ?? 0;
  if (s.activationPeakBytes !== undefined) {
    pairs.push(['activation peak', `${knownSum(s.activationPeakBytes, unknownSize, formatBytes)}${t.sramBytes !== undefined ? ` of ${formatBytes(t.sramBytes)} SRAM` : ''}`
      + `${unknownSize > 0 ? ` (${leftOutText(unknownSize, 'size')}; pin symbolic dims with --dim)` : ''}`]);
  }
  if (s.arenaBytes !== undefined) pairs.push(['tensor arena', s.arenaSource === 'tflm' ? `${formatExactBytes(s.arenaBytes)}, TensorFlow Lite Micro's own minimum` : knownSum(s.arenaBytes, unknownSize, formatBytes)]);
  if (t.partitioning !== 'none' && s.partitions !== undefined) pairs.push(['partitions', `${s.partitions} (${s.delegatedNodes} op(s) delegated, ${s.fallbackNodes} on CPU)`]);
  if (s.latencyMs !== undefined) {
    pairs.push(['latency (est.)', `${s.latencyMs === null ? 'unknown' : knownSum(s.latencyMs, unknownLatency, formatReportLatency)}${t.latencyBudgetMs !== undefined ? ` (budget ${t.latencyBudgetMs} ms)` : ''}`
      + `${unknownLatency > 0 ? ` (${leftOutText(unknownLatency, 'cost')})` : ''}`]);
  }
  const w = report.whatIf;
  if (w) {
    const ws = w.summary;
    pairs.push([`what-if: ${w.label}`, `${ws.verdict.toUpperCase()}: ${ws.delegatedNodes} of ${ws.delegatedNodes + ws.fallbackNodes} op(s) delegated in ${ws.partitions} partition(s), `
      + `${formatBytes(ws.weightBytes)} of weights, activation peak ${knownSum(ws.activationPeakBytes, ws.unknownSizeTensors, formatBytes)}, ${ws.latencyMs === null ? 'latency unknown' : knownSum(ws.latencyMs, ws.unknownLatencyOps, formatReportLatency)}`]);
  }
  return pairs;
}

interface OracleBlock {
  title: string;
  pairs: [string, string][];
  table?: Table;
  /** One line per disagreement (or the reason there is no answer). */
  notes: string[];
}

function ofProfile(used: number | null, profile: number | null, what: string): string {
  if (used === null) return 'not reported';
  return `${formatBytes(used)}${profile ? ` of ${formatBytes(profile)} ${what} (${Math.round((used / profile) * 100)}%)` : ''}`;
}

const TFLM_CATEGORY_NAMES: Record<string, string> = {
  tfLiteEvalTensorData: 'eval tensors', persistentTfLiteTensorData: 'persistent tensors', persistentTfLiteTensorQuantizationData: 'tensor quantization',
  persistentBufferData: 'persistent buffers (kernels)', tfLiteTensorVariableBufferData: 'variable buffers', nodeAndRegistrationArray: 'nodes and registrations', opData: 'op data',
};

/** TensorFlow Lite Micro's own answer (the report's `tflm`): its arena, or why it cannot run the model. */
function tflmBlock(report: RenderableReport): OracleBlock | null {
  const f = report.tflm;
  if (!f) return null;
  const kernels = f.kernels === 'cmsis-nn' ? 'CMSIS-NN kernels' : 'reference kernels';
  const title = `TensorFlow Lite Micro (${kernels})`;
  const runtime: [string, string] = ['runtime', `${f.runtime}, answered in ${f.millis} ms`];
  if (f.status === 'failed') return { title, pairs: [runtime], notes: [`no answer: ${f.error?.message ?? 'unknown'}; DeployLens's static verdict stands unchecked`] };
  if (f.status === 'rejected') {
    const e = f.error!;
    const n = e.node !== undefined && (e.graph ?? 0) === 0 ? rowAt(report.nodes, e.node) : undefined;
    const where = e.node === undefined ? 'no node named' : n ? `node ${e.node} ${n.op} '${n.name}'` : `operator ${e.node} of subgraph ${e.graph ?? 0}`;
    return { title, pairs: [['verdict', 'TFLM cannot run this model (AllocateTensors fails)'], ['fails at', where], ['TFLM says', e.message], runtime], notes: [] };
  }
  const a = f.arena!;
  const pairs: [string, string][] = [
    ['tensor arena', `${formatExactBytes(a.minimumBytes)}: the smallest arena AllocateTensors() succeeds in${f.profileSramBytes ? `; ${Math.round((a.minimumBytes / f.profileSramBytes) * 100)}% of ${formatBytes(f.profileSramBytes)} SRAM` : ''}${f.arenaBudgetBytes ? `; budget ${formatBytes(f.arenaBudgetBytes)}` : ''}`],
    ['head', `${formatExactBytes(a.headBytes)}: planned tensors and scratch buffers`],
    ['tail', `${formatExactBytes(a.tailBytes)}: persistent — ${a.categories.filter((c) => c.usedBytes > 0).map((c) => `${TFLM_CATEGORY_NAMES[c.name] ?? c.name} ${formatBytes(c.usedBytes)}`).join(', ')}`],
    ['arena_used_bytes', formatExactBytes(a.usedBytes)],
  ];
  if (f.plannerArenaBytes !== null) {
    const d = f.plannerArenaBytes - a.headBytes;
    pairs.push(['DeployLens planner', `${formatExactBytes(f.plannerArenaBytes)} for the planned tensors${d === 0 ? ': the same as TFLM\'s head' : `: ${d < 0 ? `${formatBytes(-d)} under` : `${formatBytes(d)} over`} TFLM's head (the plan explains which tensors are alive when; TFLM's figure is the verdict's)`}`]);
  }
  pairs.push(runtime);
  const notes = f.overruled.map((o) => {
    const n = rowAt(report.nodes, o.node);
    return `node ${o.node}${n ? ` ${n.op} '${n.name}'` : ''}: DeployLens's static check said ${o.code} (${o.message.replace(/\.$/, '')}); TFLM prepared it`;
  });
  return { title, pairs, notes };
}

/** The real compilers' answers: Vela run for the user, a loaded edgetpu_compiler log. */
function oracleBlocks(report: RenderableReport): OracleBlock[] {
  const blocks: OracleBlock[] = [];
  const tflm = tflmBlock(report);
  if (tflm) blocks.push(tflm);
  const s = report.summary;
  const v = report.oracles?.vela;
  if (v) {
    const title = `Arm Vela${v.version ? ` ${v.version}` : ''} beside the prediction`;
    if (v.status === 'failed') blocks.push({ title, pairs: [['command', v.command]], notes: [`no answer: ${v.error ?? 'unknown'}`] });
    else {
      const clock = v.clockHz ? ` at ${Math.round(v.clockHz / 1e6)} MHz` : '';
      const pairs: [string, string][] = [
        ['configuration', [v.acceleratorConfig, v.systemConfig, v.memoryMode].filter(Boolean).join(', ')],
        ['placement', `${v.npuOps} op(s) on the NPU, ${v.cpuOps} on the CPU (DeployLens: ${s.delegatedNodes ?? '?'} / ${s.fallbackNodes ?? '?'} deployed ops)`],
        ['SRAM used', `${ofProfile(v.sramBytes, v.profileSramBytes, 'SRAM')}${s.arenaBytes !== undefined ? `; DeployLens arena ${formatBytes(s.arenaBytes)}` : ''}`],
        ['weights and constants', `${ofProfile(v.constantBytes, v.profileFlashBytes, 'flash')}${s.deployedWeightBytes !== undefined ? `; DeployLens ${formatBytes(s.deployedWeightBytes)}` : ''}`],
        ['cycles', v.totalCycles === null ? 'not reported' : `${formatCount(v.totalCycles)} total, ${v.npuCycles === null ? '?' : formatCount(v.npuCycles)} NPU`],
        ['latency', `${v.latencyMs === null ? 'unknown' : formatMillis(v.latencyMs)}${clock}${v.velaClockHz && v.clockHz && v.velaClockHz !== v.clockHz ? ` (Vela's system config runs at ${Math.round(v.velaClockHz / 1e6)} MHz)` : ''}${s.latencyMs !== undefined && s.latencyMs !== null ? `; DeployLens estimate ${formatReportLatency(s.latencyMs)}` : ''}`],
        ['agreement', v.disagreements.length === 0 && v.unmatched.length === 0 ? `Vela and DeployLens agree on all ${v.ops.length} operators` : `${v.disagreements.length + v.unmatched.length} disagreement(s) over ${v.ops.length} operators`],
        ['command', v.command],
      ];
      const notes = v.disagreements.map((d) => `node ${d.node} ${d.op} '${d.name || '(unnamed)'}': Vela ${d.oracle}${d.oracleReason ? ` (${d.oracleReason})` : ''}, DeployLens ${d.deployLens}${d.deployLensReason ? ` (${d.deployLensReason})` : ''}`);
      for (const u of v.unmatched) notes.push(`Vela CPU op ${u} matches no operator of the model`);
      blocks.push({ title, pairs, notes });
    }
  }
  const e = report.oracles?.edgetpu;
  if (e) {
    const pairs: [string, string][] = [
      ['log', e.source],
      ['operations', `${e.tpuOps ?? '?'} on the Edge TPU, ${e.cpuOps ?? '?'} on the CPU (DeployLens: ${s.delegatedNodes ?? '?'} / ${s.fallbackNodes ?? '?'})`],
      ['Edge TPU subgraphs', e.subgraphs === null ? 'not in the log' : String(e.subgraphs)],
      ['on-chip parameter memory', e.onChipBytes === null ? 'not in the log' : `${formatBytes(e.onChipBytes)} used${e.onChipRemainingBytes !== null ? `, ${formatBytes(e.onChipRemainingBytes)} remaining` : ''}`],
      ['off-chip (streamed) parameters', e.offChipBytes === null ? 'not in the log' : formatBytes(e.offChipBytes)],
    ];
    const table = tableOf(
      ['op', 'compiler: Edge TPU', 'compiler: CPU', 'DeployLens: Edge TPU', 'DeployLens: CPU', 'compiler status (CPU)'],
      e.rows.map((r) => [`${r.op}${e.disagreements.includes(r.op) ? ' ≠' : ''}`, String(r.compilerTpu), String(r.compilerCpu), String(r.deployLensTpu), String(r.deployLensCpu), r.cpuStatus.join('; ')]),
      [1, 2, 3, 4],
    );
    const notes = [...(e.mismatch ? [`the log does not match this model: ${e.mismatch}`] : []), ...e.disagreements.map((op) => `${op}: the compiler's counts differ from DeployLens's`)];
    blocks.push({ title: `edgetpu_compiler${e.compilerVersion ? ` ${e.compilerVersion}` : ''} log beside the prediction`, pairs, table, notes });
  }
  return blocks;
}

function oracleText(report: RenderableReport, line: Line): void {
  for (const b of oracleBlocks(report)) {
    const w = Math.max(...b.pairs.map(([k]) => k.length));
    line(`${terminalSafe(b.title)}:`);
    line('');
    for (const [k, v] of b.pairs) line(`  ${k.padEnd(w)}  ${terminalSafe(v)}`);
    line('');
    if (b.table) {
      textTable(b.table, line);
      line('');
    }
    if (b.notes.length) {
      for (const n of b.notes) line(`  ≠ ${terminalSafe(n)}`);
      line('');
    }
  }
}

function oracleMarkdown(report: RenderableReport, line: Line): void {
  for (const b of oracleBlocks(report)) {
    line(`## ${b.title}`);
    line('');
    markdownTable(tableOf(['', ''], b.pairs), line);
    line('');
    if (b.table) {
      markdownTable(b.table, line);
      line('');
    }
    if (b.notes.length) {
      for (const n of b.notes) line(`- ≠ ${n}`);
      line('');
    }
  }
}

function ioLines(report: RenderableReport): string[] {
  return [
    ...report.model.inputs.map((t) => `input   ${t.name}: ${t.dtype} ${formatShape(t.shape)}`),
    ...report.model.outputs.map((t) => `output  ${t.name}: ${t.dtype} ${formatShape(t.shape)}`),
  ];
}

function summaryPairs(report: RenderableReport): [string, string][] {
  const s = report.summary;
  const m = report.model;
  const opsets = Object.entries(m.opsets).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ');
  const pairs: [string, string][] = [
    ['format', `${m.format}${m.format === 'onnx' ? ` (IR ${m.irVersion}${opsets ? `, opset ${opsets}` : ''})` : ` (schema ${m.irVersion})`}`],
    ['producer', m.producer || '—'],
    ['file size', formatBytes(m.fileBytes)],
    ['nodes', s.nodesAllGraphs > s.nodes ? `${formatCount(s.nodes)} (${formatCount(s.nodesAllGraphs)} in ${m.graphs.length} graphs)` : formatCount(s.nodes)],
    ['tensors', formatCount(s.tensors)],
    ['parameters', formatCount(s.params)],
    ['weights', formatBytes(s.weightBytes)],
  ];
  if (s.macs !== null) pairs.push(['MACs', `${knownSum(s.macs, s.unknownCostNodes, formatMacs)}${s.unknownCostNodes > 0 ? ` (${s.unknownCostNodes.toLocaleString('en-US')} node(s) of unknown cost left out)` : ''}`]);
  return [...pairs, ...targetPairs(report)];
}

function histogram(report: RenderableReport): string {
  return Object.entries(report.summary.opHistogram)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ×${n}`)
    .join(', ');
}

function diagnosticLine(g: FindingGroup): string {
  const t = terminalSafe;
  const d = g.first;
  const where = d.nodeName !== undefined ? ` [node ${d.node} '${t(d.nodeName)}'${g.members.length > 1 ? ` +${g.members.length - 1}` : ''}]` : d.tensor !== undefined ? ` [tensor '${t(d.tensor)}']` : '';
  return `${d.severity.padEnd(7)} ${t(d.code)}${where}: ${t(g.message)}${d.fix ? `\n          fix: ${t(d.fix)}` : ''}`;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Findings of one code printed in text and Markdown; the rest are counted per code (JSON lists all). */
const MAX_PRINTED_PER_CODE = 1000;

/**
 * The findings to print: one line per problem (the same finding on many nodes is one line that
 * names a few and counts them: core/findings/group.ts — people read these; JSON and SARIF, which
 * tools read, keep every finding), by severity, at most MAX_PRINTED_PER_CODE of one code and
 * MAX_EMITTED_ITEMS in all, so 10,000 unsupported-op warnings cannot push the one partition summary
 * out of view; and how many of each code were left out.
 */
function printedDiagnostics(report: RenderableReport): { shown: FindingGroup[]; omitted: Map<string, number>; problems: number } {
  const groups = groupFindings(report.diagnostics);
  const sorted = groups.map((g, i) => ({ g, i })).sort((a, b) => SEVERITY_RANK[a.g.first.severity] - SEVERITY_RANK[b.g.first.severity] || a.i - b.i).map((x) => x.g);
  const perCode = new Map<string, number>();
  const omitted = new Map<string, number>();
  const shown: FindingGroup[] = [];
  for (const g of sorted) {
    const code = g.first.code;
    const n = perCode.get(code) ?? 0;
    perCode.set(code, n + 1);
    if (n >= MAX_PRINTED_PER_CODE || shown.length >= MAX_EMITTED_ITEMS) omitted.set(code, (omitted.get(code) ?? 0) + g.members.length);
    else shown.push(g);
  }
  return { shown, omitted, problems: groups.length };
}

function omittedLines(omitted: Map<string, number>): string[] {
  return [...omitted].map(([code, n]) => `… ${formatCount(n)} more ${code} findings not shown (--format json lists them all)`);
}

function findingsHeading(report: RenderableReport, problems: number): string {
  const n = report.diagnostics.length;
  return problems === n ? `Findings (${n})` : `Findings (${n}, as ${problems} problems: alike findings on several nodes are one line; --format json lists each)`;
}


/** Pieces of text handed to `write` in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

/**
 * Lines joined by '\n' and ended by one, written in chunks: the text of `[...lines].join('\n') + '\n'`.
 * `render` calls `line` once per line.
 */
function writeLines(render: (line: Line) => void, write: (chunk: string) => void): void {
  let buffer = '';
  let first = true;
  render((l) => {
    buffer += first ? l : `\n${l}`;
    first = false;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
    }
  });
  write(`${buffer}\n`);
}

/** Collects what a writer writes. */
function collect(render: (write: (chunk: string) => void) => void): string {
  const chunks: string[] = [];
  render((c) => chunks.push(c));
  return chunks.join('');
}

/** For terminals and logs: every piece that can hold model text has its control characters escaped. */
export function formatText(report: RenderableReport): string {
  return collect((write) => writeText(report, write));
}

export function formatMarkdown(report: RenderableReport): string {
  return collect((write) => writeMarkdown(report, write));
}

/** formatText's text, written in chunks (the layer table row by row). */
export function writeText(report: RenderableReport, write: (chunk: string) => void): void {
  writeLines((line) => {
    const pairs = summaryPairs(report).map(([k, v]): [string, string] => [k, terminalSafe(v)]);
    const keyWidth = Math.max(...pairs.map(([k]) => k.length));
    line(`DeployLens ${report.tool.version} — ${terminalSafe(report.model.path)}`);
    line('');
    for (const [k, v] of pairs) line(`  ${k.padEnd(keyWidth)}  ${v}`);
    line('');
    for (const l of ioLines(report)) line(`  ${terminalSafe(l)}`);
    line('');
    line(`Operators: ${terminalSafe(histogram(report))}`);
    line('');
    const comparison = comparisonTable(report);
    if (comparison) {
      line('Targets side by side:');
      line('');
      textTable(comparison, line);
      line('');
    }
    oracleText(report, line);
    textTable(layerTable(report), line);
    line('');
    if (report.diagnostics.length === 0) line('No findings.');
    else {
      const { shown, omitted, problems } = printedDiagnostics(report);
      line(`${findingsHeading(report, problems)}:`);
      for (const g of shown) line(`  ${diagnosticLine(g)}`);
      for (const l of omittedLines(omitted)) line(`  ${terminalSafe(l)}`);
    }
  }, write);
}

/** formatMarkdown's text, written in chunks (the layer table row by row). */
export function writeMarkdown(report: RenderableReport, write: (chunk: string) => void): void {
  writeLines((line) => {
    line(`# DeployLens report: ${markdownCode(report.model.path)}`);
    line('');
    markdownTable(tableOf(['', ''], summaryPairs(report)), line);
    line('');
    line('## Inputs and outputs');
    line('');
    for (const l of ioLines(report)) line(`- ${markdownCode(l)}`);
    line('');
    line('## Operators');
    line('');
    line(markdownText(histogram(report)));
    line('');
    const comparison = comparisonTable(report);
    if (comparison) {
      line('## Targets side by side');
      line('');
      markdownTable(comparison, line);
      line('');
    }
    oracleMarkdown(report, line);
    line('## Layers');
    line('');
    markdownTable(layerTable(report), line);
    line('');
    line('## Findings');
    line('');
    if (report.diagnostics.length === 0) line('No findings.');
    else {
      const { shown, omitted, problems } = printedDiagnostics(report);
      if (problems !== report.diagnostics.length) {
        line(markdownText(`${findingsHeading(report, problems)}.`));
        line('');
      }
      for (const g of shown) {
        const d = g.first;
        line(`- **${d.severity}** ${markdownCode(d.code)}${d.nodeName !== undefined ? ` (node ${d.node} ${markdownCode(d.nodeName)}${g.members.length > 1 ? ` and ${g.members.length - 1} more` : ''})` : ''}: ${markdownText(g.message)}${d.fix ? ` *Fix:* ${markdownText(d.fix)}` : ''}`);
      }
      for (const l of omittedLines(omitted)) line(`- ${markdownText(l)}`);
    }
  }, write);
}
