// Human-readable renderings of a report: plain text for terminals and CI logs, Markdown for
// pull requests and the editor. Both show the same facts in the same order.

import { MAX_EMITTED_ITEMS } from '../limits';
import { markdownCode, markdownText, terminalSafe } from './escape';
import type { Report } from './report';
import { groupFindings, type FindingGroup } from '../findings/group';
import { formatBytes, formatCount, formatExactBytes, formatMacs, formatMicros, formatMillis, formatShape } from '../units';

interface Table {
  headers: string[];
  rows: string[][];
  /** Columns aligned right (numbers). */
  right?: number[];
}

function boundedRows(t: Table): { rows: string[][]; more: number } {
  return t.rows.length > MAX_EMITTED_ITEMS ? { rows: t.rows.slice(0, MAX_EMITTED_ITEMS), more: t.rows.length - MAX_EMITTED_ITEMS } : { rows: t.rows, more: 0 };
}

function moreLine(more: number, what: string): string {
  return `… ${formatCount(more)} more ${what} not shown (--format json lists them all)`;
}

function textTable(t: Table): string {
  const bounded = boundedRows(t);
  const more = bounded.more;
  const rows = bounded.rows.map((r) => r.map(terminalSafe));
  const widths = t.headers.map((h) => h.length);
  for (const r of rows) r.forEach((cell, c) => { widths[c] = Math.max(widths[c] ?? 0, cell.length); });
  const line = (cells: string[]) =>
    cells.map((cell, c) => (t.right?.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(t.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...(more ? [moreLine(more, 'rows')] : [])].join('\n');
}

/** Every cell is plain text: escaped once here, so a name can hold no Markdown, HTML or pipe. */
function markdownTable(t: Table): string {
  const { rows, more } = boundedRows(t);
  const esc = (s: string) => (s === '' ? '' : markdownText(s));
  const align = t.headers.map((_, c) => (t.right?.includes(c) ? '---:' : '---'));
  return [
    `| ${t.headers.map(esc).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
    ...(more ? ['', markdownText(moreLine(more, 'rows'))] : []),
  ].join('\n');
}

function layerTable(report: Report): Table {
  const firstOutput = (outputs: string[]) => report.tensors[outputs[0] ?? '']?.shape ?? null;
  const withTarget = report.target !== undefined;
  const headers = ['#', 'op', 'name', 'output shape', 'MACs', 'params'];
  if (withTarget) headers.push('working set', 'latency', 'runs on');
  // Vela's answer beside the prediction: where it runs each op and its cycles.
  const vela = report.oracles?.vela?.status === 'answered' ? report.oracles.vela : undefined;
  const velaOf = new Map(vela?.ops.map((o) => [o.node, o]) ?? []);
  if (vela) headers.push('Vela', 'Vela cycles');
  const params = (n: Report['nodes'][number]) => n.paramBytes === null ? '—' : n.paramBytes === 0 ? '' : formatBytes(n.paramBytes);
  // Where the node runs: the delegate or CPU for partitioned targets; for single-processor targets, whether it can run at all.
  const accelerator = (report.target?.delegate ?? 'target').toUpperCase();
  const placement = (n: Report['nodes'][number]) => {
    if (n.fate && n.fate.kind !== 'kernel') {
      const into = n.fate.into !== undefined ? report.deployed?.nodes[n.fate.into] : undefined;
      return into ? `${n.fate.kind} → ${into.op}` : n.fate.kind;
    }
    const bad = n.support === 'unsupported' || n.support === 'constraint-violated';
    if (report.target?.partitioning === 'none') return bad ? '✗ unsupported' : n.support === 'unknown' ? '? unchecked' : '✓';
    return n.device === 'cpu' ? (bad ? 'CPU ✗' : 'CPU') : accelerator;
  };
  return {
    headers,
    rows: report.nodes.map((n) => {
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
    }),
    right: withTarget ? [0, 4, 5, 6, 7, ...(vela ? [10] : [])] : [0, 4, 5],
  };
}

function comparisonTable(report: Report): Table | null {
  if (!report.comparison) return null;
  return {
    headers: ['target', 'verdict', 'delegated', 'partitions', 'activation peak', 'arena', 'latency', 'errors', 'warnings'],
    rows: report.comparison.map((c) => [
      c.target, c.verdict.toUpperCase(), `${c.delegatedNodes}/${c.delegatedNodes + c.fallbackNodes}`, String(c.partitions),
      formatBytes(c.activationPeakBytes), formatBytes(c.arenaBytes), c.latencyMs === null ? '—' : formatMillis(c.latencyMs), String(c.errors), String(c.warnings),
    ]),
    right: [2, 3, 4, 5, 6, 7, 8],
  };
}

function targetPairs(report: Report): [string, string][] {
  const t = report.target;
  const s = report.summary;
  if (!t) return [];
  const pairs: [string, string][] = [['target', `${t.name} (${t.id})`], ['verdict', (s.verdict ?? 'pass').toUpperCase()]];
  if (s.conversion) pairs.push(['judged as', `${s.conversion.replace(/^judged as /, '')}${report.deployed ? ` (${report.deployed.nodes.length} deployed ops)` : ''}`]);
  if (s.deployedWeightBytes !== undefined && s.deployedWeightBytes !== s.weightBytes) pairs.push(['weights as deployed', formatBytes(s.deployedWeightBytes)]);
  if (s.activationPeakBytes !== undefined) pairs.push(['activation peak', `${formatBytes(s.activationPeakBytes)}${t.sramBytes !== undefined ? ` of ${formatBytes(t.sramBytes)} SRAM` : ''}`]);
  if (s.arenaBytes !== undefined) pairs.push(['tensor arena', s.arenaSource === 'tflm' ? `${formatExactBytes(s.arenaBytes)}, TensorFlow Lite Micro's own minimum` : formatBytes(s.arenaBytes)]);
  if (t.partitioning !== 'none' && s.partitions !== undefined) pairs.push(['partitions', `${s.partitions} (${s.delegatedNodes} op(s) delegated, ${s.fallbackNodes} on CPU)`]);
  if (s.latencyMs !== undefined) pairs.push(['latency (est.)', `${s.latencyMs === null ? 'unknown' : formatMillis(s.latencyMs)}${t.latencyBudgetMs !== undefined ? ` (budget ${t.latencyBudgetMs} ms)` : ''}`]);
  const w = report.whatIf;
  if (w) {
    const ws = w.summary;
    pairs.push([`what-if: ${w.label}`, `${ws.verdict.toUpperCase()}: ${ws.delegatedNodes} of ${ws.delegatedNodes + ws.fallbackNodes} op(s) delegated in ${ws.partitions} partition(s), `
      + `${formatBytes(ws.weightBytes)} of weights, activation peak ${formatBytes(ws.activationPeakBytes)}, ${ws.latencyMs === null ? 'latency unknown' : formatMillis(ws.latencyMs)}`]);
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
function tflmBlock(report: Report): OracleBlock | null {
  const f = report.tflm;
  if (!f) return null;
  const kernels = f.kernels === 'cmsis-nn' ? 'CMSIS-NN kernels' : 'reference kernels';
  const title = `TensorFlow Lite Micro (${kernels})`;
  const runtime: [string, string] = ['runtime', `${f.runtime}, answered in ${f.millis} ms`];
  if (f.status === 'failed') return { title, pairs: [runtime], notes: [`no answer: ${f.error?.message ?? 'unknown'}; DeployLens's static verdict stands unchecked`] };
  if (f.status === 'rejected') {
    const e = f.error!;
    const n = e.node !== undefined && (e.graph ?? 0) === 0 ? report.nodes[e.node] : undefined;
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
  const notes = f.overruled.map((o) => `node ${o.node}${report.nodes[o.node] ? ` ${report.nodes[o.node]!.op} '${report.nodes[o.node]!.name}'` : ''}: DeployLens's static check said ${o.code} (${o.message.replace(/\.$/, '')}); TFLM prepared it`);
  return { title, pairs, notes };
}

/** The real compilers' answers: Vela run for the user, a loaded edgetpu_compiler log. */
function oracleBlocks(report: Report): OracleBlock[] {
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
        ['latency', `${v.latencyMs === null ? 'unknown' : formatMillis(v.latencyMs)}${clock}${v.velaClockHz && v.clockHz && v.velaClockHz !== v.clockHz ? ` (Vela's system config runs at ${Math.round(v.velaClockHz / 1e6)} MHz)` : ''}${s.latencyMs !== undefined && s.latencyMs !== null ? `; DeployLens estimate ${formatMillis(s.latencyMs)}` : ''}`],
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
    const table: Table = {
      headers: ['op', 'compiler: Edge TPU', 'compiler: CPU', 'DeployLens: Edge TPU', 'DeployLens: CPU', 'compiler status (CPU)'],
      rows: e.rows.map((r) => [`${r.op}${e.disagreements.includes(r.op) ? ' ≠' : ''}`, String(r.compilerTpu), String(r.compilerCpu), String(r.deployLensTpu), String(r.deployLensCpu), r.cpuStatus.join('; ')]),
      right: [1, 2, 3, 4],
    };
    const notes = [...(e.mismatch ? [`the log does not match this model: ${e.mismatch}`] : []), ...e.disagreements.map((op) => `${op}: the compiler's counts differ from DeployLens's`)];
    blocks.push({ title: `edgetpu_compiler${e.compilerVersion ? ` ${e.compilerVersion}` : ''} log beside the prediction`, pairs, table, notes });
  }
  return blocks;
}

function oracleText(report: Report): string[] {
  const out: string[] = [];
  for (const b of oracleBlocks(report)) {
    const w = Math.max(...b.pairs.map(([k]) => k.length));
    out.push(`${terminalSafe(b.title)}:`, '', ...b.pairs.map(([k, v]) => `  ${k.padEnd(w)}  ${terminalSafe(v)}`), '');
    if (b.table) out.push(textTable(b.table), '');
    if (b.notes.length) out.push(...b.notes.map((n) => `  ≠ ${terminalSafe(n)}`), '');
  }
  return out;
}

function oracleMarkdown(report: Report): string[] {
  const out: string[] = [];
  for (const b of oracleBlocks(report)) {
    out.push(`## ${b.title}`, '', markdownTable({ headers: ['', ''], rows: b.pairs }), '');
    if (b.table) out.push(markdownTable(b.table), '');
    if (b.notes.length) out.push(...b.notes.map((n) => `- ≠ ${n}`), '');
  }
  return out;
}

function ioLines(report: Report): string[] {
  return [
    ...report.model.inputs.map((t) => `input   ${t.name}: ${t.dtype} ${formatShape(t.shape)}`),
    ...report.model.outputs.map((t) => `output  ${t.name}: ${t.dtype} ${formatShape(t.shape)}`),
  ];
}

function summaryPairs(report: Report): [string, string][] {
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
  if (s.macs !== null) pairs.push(['MACs', `${formatMacs(s.macs)}${s.unknownCostNodes > 0 ? ` (${s.unknownCostNodes} node(s) of unknown cost left out)` : ''}`]);
  return [...pairs, ...targetPairs(report)];
}

function histogram(report: Report): string {
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
function printedDiagnostics(report: Report): { shown: FindingGroup[]; omitted: Map<string, number>; problems: number } {
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

function findingsHeading(report: Report, problems: number): string {
  const n = report.diagnostics.length;
  return problems === n ? `Findings (${n})` : `Findings (${n}, as ${problems} problems: alike findings on several nodes are one line; --format json lists each)`;
}


/** For terminals and logs: every piece that can hold model text has its control characters escaped. */
export function formatText(report: Report): string {
  const pairs = summaryPairs(report).map(([k, v]): [string, string] => [k, terminalSafe(v)]);
  const keyWidth = Math.max(...pairs.map(([k]) => k.length));
  const out = [
    `DeployLens ${report.tool.version} — ${terminalSafe(report.model.path)}`,
    '',
    ...pairs.map(([k, v]) => `  ${k.padEnd(keyWidth)}  ${v}`),
    '',
    ...ioLines(report).map((l) => `  ${terminalSafe(l)}`),
    '',
    `Operators: ${terminalSafe(histogram(report))}`,
    '',
  ];
  const comparison = comparisonTable(report);
  if (comparison) out.push('Targets side by side:', '', textTable(comparison), '');
  out.push(...oracleText(report));
  out.push(textTable(layerTable(report)), '');
  if (report.diagnostics.length === 0) out.push('No findings.');
  else {
    const { shown, omitted, problems } = printedDiagnostics(report);
    out.push(`${findingsHeading(report, problems)}:`);
    for (const g of shown) out.push(`  ${diagnosticLine(g)}`);
    for (const line of omittedLines(omitted)) out.push(`  ${terminalSafe(line)}`);
  }
  return out.join('\n') + '\n';
}

export function formatMarkdown(report: Report): string {
  const out = [
    `# DeployLens report: ${markdownCode(report.model.path)}`,
    '',
    markdownTable({ headers: ['', ''], rows: summaryPairs(report) }),
    '',
    '## Inputs and outputs',
    '',
    ...ioLines(report).map((l) => `- ${markdownCode(l)}`),
    '',
    '## Operators',
    '',
    markdownText(histogram(report)),
    '',
  ];
  const comparison = comparisonTable(report);
  if (comparison) out.push('## Targets side by side', '', markdownTable(comparison), '');
  out.push(...oracleMarkdown(report));
  out.push('## Layers', '', markdownTable(layerTable(report)), '', '## Findings', '');
  if (report.diagnostics.length === 0) out.push('No findings.');
  else {
    const { shown, omitted, problems } = printedDiagnostics(report);
    if (problems !== report.diagnostics.length) out.push(markdownText(`${findingsHeading(report, problems)}.`), '');
    for (const g of shown) {
      const d = g.first;
      out.push(`- **${d.severity}** ${markdownCode(d.code)}${d.nodeName !== undefined ? ` (node ${d.node} ${markdownCode(d.nodeName)}${g.members.length > 1 ? ` and ${g.members.length - 1} more` : ''})` : ''}: ${markdownText(g.message)}${d.fix ? ` *Fix:* ${markdownText(d.fix)}` : ''}`);
    }
    for (const line of omittedLines(omitted)) out.push(`- ${markdownText(line)}`);
  }
  return out.join('\n') + '\n';
}
