// Human-readable renderings of a report: plain text for terminals and CI logs, Markdown for
// pull requests and the editor. Both show the same facts in the same order.

import type { Dim } from '../ir/model';
import type { Report, ReportDiagnostic } from './report';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

export function formatMacs(n: number | null): string {
  if (n === null) return '—';
  if (n >= 1e9) return `${(n / 1e9).toFixed(3)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

export function formatShape(shape: Dim[] | null): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}

interface Table {
  headers: string[];
  rows: string[][];
  /** Columns aligned right (numbers). */
  right?: number[];
}

function textTable(t: Table): string {
  const widths = t.headers.map((h, c) => Math.max(h.length, ...t.rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (t.right?.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(t.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const align = t.headers.map((_, c) => (t.right?.includes(c) ? '---:' : '---'));
  return [
    `| ${t.headers.map(esc).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

function layerTable(report: Report): Table {
  const firstOutput = (outputs: string[]) => report.tensors[outputs[0] ?? '']?.shape ?? null;
  return {
    headers: ['#', 'op', 'name', 'output shape'],
    rows: report.nodes.map((n) => [String(n.index), n.op, n.name || '(unnamed)', formatShape(firstOutput(n.outputs))]),
    right: [0],
  };
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
  if (s.macs !== null) pairs.push(['MACs', formatMacs(s.macs)]);
  return pairs;
}

function histogram(report: Report): string {
  return Object.entries(report.summary.opHistogram)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ×${n}`)
    .join(', ');
}

function diagnosticLine(d: ReportDiagnostic): string {
  const where = d.nodeName !== undefined ? ` [node ${d.node} '${d.nodeName}']` : d.tensor !== undefined ? ` [tensor '${d.tensor}']` : '';
  return `${d.severity.padEnd(7)} ${d.code}${where}: ${d.message}`;
}

export function formatText(report: Report): string {
  const pairs = summaryPairs(report);
  const keyWidth = Math.max(...pairs.map(([k]) => k.length));
  const out = [
    `DeployLens ${report.tool.version} — ${report.model.path}`,
    '',
    ...pairs.map(([k, v]) => `  ${k.padEnd(keyWidth)}  ${v}`),
    '',
    ...ioLines(report).map((l) => `  ${l}`),
    '',
    `Operators: ${histogram(report)}`,
    '',
    textTable(layerTable(report)),
    '',
  ];
  if (report.diagnostics.length === 0) out.push('No findings.');
  else out.push(`Findings (${report.diagnostics.length}):`, ...report.diagnostics.map((d) => `  ${diagnosticLine(d)}`));
  return out.join('\n') + '\n';
}

export function formatMarkdown(report: Report): string {
  const out = [
    `# DeployLens report: \`${report.model.path}\``,
    '',
    markdownTable({ headers: ['', ''], rows: summaryPairs(report) }),
    '',
    '## Inputs and outputs',
    '',
    ...ioLines(report).map((l) => `- \`${l}\``),
    '',
    '## Operators',
    '',
    histogram(report),
    '',
    '## Layers',
    '',
    markdownTable(layerTable(report)),
    '',
    '## Findings',
    '',
  ];
  if (report.diagnostics.length === 0) out.push('No findings.');
  else out.push(...report.diagnostics.map((d) => `- **${d.severity}** \`${d.code}\`${d.nodeName !== undefined ? ` (node ${d.node} \`${d.nodeName}\`)` : ''}: ${d.message}`));
  return out.join('\n') + '\n';
}
