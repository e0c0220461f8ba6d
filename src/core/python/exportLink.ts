// Maps a real export of a training script back onto the script's lines. The export driver records
// where each nn.Module was constructed (file, line, columns of the constructor call); the ONNX
// exporter names each node by the module path that emitted it ('/features/features.3/conv/
// conv.1/conv.1.0/Conv'). Together they put every deployed op — on the target's deployed graph,
// so fused activations and folded BatchNorms are where the toolchain puts them — on the call that
// built its module. Each constructor call gets the totals of everything built under it (a
// `self.features = nn.Sequential(...)` line: the whole feature extractor; a `ConvBNReLU(...,
// groups=hidden_dim)` call inside a block: every depthwise conv that call built, in every block),
// and every finding of the exported model lands on the innermost call that built its node.
//
// Pure: the report, the module table and the script text in; figures and diagnostics out.

import type { FindingCode } from '../findings/catalog';
import type { Report, ReportNode } from '../report/report';
import { formatBytes, formatMacs } from '../units';
import type { ScriptRange } from './syntax';
import { torchQualifiedName } from '../modules/modulePath';

export interface ModuleSite {
  /** Qualified name from `named_modules()` ('' is the model itself). */
  name: string;
  class: string;
  /** 1-based lines, 0-based character columns (as Python reports them); null: built outside this script. */
  site: { line: number; endLine?: number; col?: number; endCol?: number } | null;
}

export interface SiteFigures {
  /** The constructor call (0-based, like every ScriptRange). */
  range: ScriptRange;
  /** Classes built by this call (one unless the call is a factory). */
  classes: string[];
  /** How many module instances this call built (a call in a loop or a reused block builds several). */
  instances: number;
  /** Deployed ops (kernels on the target) under the modules it built. */
  ops: number;
  macs: number;
  peakWorkingSetBytes: number;
  /** Summed latency estimate of those ops; null when none is known. */
  latencyMs: number | null;
  /** Ops the target cannot run as they are. */
  unsupported: number;
  /** Ops whose working set exceeds the target's SRAM. */
  overSram: number;
  /** Ops on the accelerator / on the CPU (delegating targets). */
  accelerator: number;
  cpu: number;
  /** When the call built no op of its own: what became of its nodes ("fused into CONV_2D"). */
  absorbed: string | null;
  /** Compact figure for an inlay hint. */
  label: string;
  /** Longer text (hover / tooltip). */
  detail: string;
}

export interface MappedDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: FindingCode;
  message: string;
  range: ScriptRange;
  target?: string;
  /** Exported-model nodes it is about. */
  nodes: string[];
}

export interface ExportView {
  sites: SiteFigures[];
  diagnostics: MappedDiagnostic[];
}

function siteRange(site: NonNullable<ModuleSite['site']>, lines: string[]): ScriptRange {
  const line = site.line - 1;
  if (site.col !== undefined && site.endLine !== undefined && site.endCol !== undefined) {
    return { start: { line, character: site.col }, end: { line: site.endLine - 1, character: site.endCol } };
  }
  const text = lines[line] ?? '';
  return { start: { line, character: text.length - text.trimStart().length }, end: { line, character: text.length } };
}

const keyOf = (r: ScriptRange) => `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;

function ancestors(name: string): string[] {
  const out = [name];
  for (let n = name; n; ) {
    const dot = n.lastIndexOf('.');
    n = dot < 0 ? '' : n.slice(0, dot);
    out.push(n);
  }
  return out;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Figures per constructor call and the model's findings on the script's lines. `entryRange` takes
 * what has no module (model-level findings, ops of the top-level forward).
 */
export function mapExportToScript(report: Report, modules: readonly ModuleSite[], source: string, entryRange: ScriptRange): ExportView {
  const lines = source.split('\n');
  const siteOf = new Map<string, ScriptRange>();
  const sites = new Map<string, { range: ScriptRange; classes: Set<string>; instances: number }>();
  for (const m of modules) {
    if (!m.site) continue;
    const range = siteRange(m.site, lines);
    siteOf.set(m.name, range);
    const k = keyOf(range);
    const s = sites.get(k) ?? { range, classes: new Set<string>(), instances: 0 };
    s.classes.add(m.class);
    s.instances++;
    sites.set(k, s);
  }
  /** Every call that built a module on the node's path, innermost first (each once). */
  const sitesOfModule = new Map<string, ScriptRange[]>();
  const chain = (moduleName: string | null): ScriptRange[] => {
    if (moduleName === null) return [];
    let hit = sitesOfModule.get(moduleName);
    if (!hit) {
      const seen = new Set<string>();
      hit = [];
      for (const a of ancestors(moduleName)) {
        const r = siteOf.get(a);
        if (r && !seen.has(keyOf(r))) {
          seen.add(keyOf(r));
          hit.push(r);
        }
      }
      sitesOfModule.set(moduleName, hit);
    }
    return hit;
  };

  const figures = new Map<string, { ops: number; macs: number; peak: number; latencyUs: number; latencyKnown: boolean; unsupported: number; overSram: number; accelerator: number; cpu: number; absorbed: Map<string, Set<string>> }>();
  const fig = (r: ScriptRange) => {
    const k = keyOf(r);
    let f = figures.get(k);
    if (!f) figures.set(k, (f = { ops: 0, macs: 0, peak: 0, latencyUs: 0, latencyKnown: false, unsupported: 0, overSram: 0, accelerator: 0, cpu: 0, absorbed: new Map() }));
    return f;
  };
  const sram = report.target?.sramBytes;
  const deployed = report.deployed;
  const bad = (n: ReportNode) => n.support === 'unsupported' || n.support === 'constraint-violated';
  if (deployed) {
    for (const d of deployed.nodes) {
      const anchor = report.nodes[d.covers?.[0] ?? -1];
      for (const r of chain(torchQualifiedName(anchor?.name ?? d.name))) {
        const f = fig(r);
        f.ops++;
        f.macs += d.macs ?? 0;
        const ws = d.workingSetBytes ?? 0;
        f.peak = Math.max(f.peak, ws);
        if (d.latencyUs !== null && d.latencyUs !== undefined) {
          f.latencyUs += d.latencyUs;
          f.latencyKnown = true;
        }
        if (bad(d)) f.unsupported++;
        if (sram !== undefined && ws > sram) f.overSram++;
        if (d.device === 'accelerator') f.accelerator++;
        else f.cpu++;
      }
    }
    // Nodes the toolchain did not keep as kernels: where they went, for calls left with no op.
    for (const n of report.nodes) {
      // (the Constant nodes of a Clip's bounds fold into its kernel: not worth naming)
      if (!n.fate || n.fate.kind === 'kernel' || n.op === 'Constant') continue;
      const into = n.fate.into !== undefined ? deployed.nodes[n.fate.into]?.op : undefined;
      const what = n.fate.kind === 'fused' || n.fate.kind === 'absorbed' ? 'fused into' : n.fate.kind === 'folded' ? 'folded into constants' : 'removed by the conversion';
      const inner = chain(torchQualifiedName(n.name))[0];
      if (!inner) continue;
      const f = fig(inner);
      const ops = f.absorbed.get(what) ?? new Set<string>();
      if (what === 'fused into') ops.add(into ?? 'the previous op');
      f.absorbed.set(what, ops);
    }
  } else {
    for (const n of report.nodes) {
      for (const r of chain(torchQualifiedName(n.name))) {
        const f = fig(r);
        f.ops++;
        f.macs += n.macs ?? 0;
        f.peak = Math.max(f.peak, n.workingSetBytes ?? 0);
      }
    }
  }

  const targetName = report.target?.name ?? 'no target';
  const out: SiteFigures[] = [];
  for (const [k, s] of sites) {
    const f = figures.get(k) ?? fig(s.range);
    const latencyMs = f.latencyKnown ? f.latencyUs / 1000 : null;
    const absorbed = f.ops > 0 ? null : f.absorbed.size
      ? [...f.absorbed].map(([what, into]) => (what === 'fused into' ? `fused into ${[...into].sort().join('/')}` : what)).join(', ')
      : 'no op in the exported graph';
    // VS Code cuts inlay hints at 43 characters by default: what matters most first, the rest in `detail`.
    const times = s.instances > 1 ? `${s.instances}× ` : '';
    const parts: string[] = [];
    if (f.ops > 0) {
      if (f.unsupported > 0) parts.push(`${f.unsupported} unsupported`);
      parts.push(`${formatMacs(f.macs)} MACs`);
      if (f.peak > 0) parts.push(formatBytes(f.peak));
      if (f.overSram > 0) parts.push(`${f.overSram} op${f.overSram === 1 ? '' : 's'} > SRAM`);
      if (latencyMs !== null) parts.push(formatMs(latencyMs));
    } else parts.push(absorbed!);
    const classes = [...s.classes];
    const detail = [
      `${classes.join(', ')}${s.instances > 1 ? ` — ${s.instances} instances built here` : ''}, on ${targetName}:`,
      f.ops > 0
        ? `${f.ops} deployed op${f.ops === 1 ? '' : 's'}${f.accelerator && f.cpu ? ` (${f.accelerator} on the accelerator, ${f.cpu} on the CPU)` : ''}, ${formatMacs(f.macs)} MACs, peak working set ${formatBytes(f.peak)}${sram !== undefined ? ` of ${formatBytes(sram)} SRAM` : ''}${latencyMs !== null ? `, ${formatMs(latencyMs)} estimated` : ''}${f.unsupported ? `, ${f.unsupported} the target cannot run` : ''}${f.overSram ? `, ${f.overSram} over SRAM` : ''}.`
        : `${absorbed}.`,
    ].join(' ');
    out.push({
      range: s.range, classes, instances: s.instances, ops: f.ops, macs: f.macs, peakWorkingSetBytes: f.peak, latencyMs,
      unsupported: f.unsupported, overSram: f.overSram, accelerator: f.accelerator, cpu: f.cpu, absorbed,
      label: times + parts.join(' · '), detail,
    });
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { sites: out, diagnostics: mapDiagnostics(report, chain, entryRange) };
}

function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${Math.max(1, Math.round(ms * 1000))} µs`;
}

function mapDiagnostics(report: Report, chain: (m: string | null) => ScriptRange[], entryRange: ScriptRange): MappedDiagnostic[] {
  const grouped = new Map<string, MappedDiagnostic & { count: number }>();
  for (const d of report.diagnostics) {
    const nodeName = d.nodeName ?? (d.node !== undefined && (d.graph ?? 0) === 0 ? report.nodes[d.node]?.name : undefined);
    const range = (nodeName !== undefined ? chain(torchQualifiedName(nodeName))[0] : undefined) ?? entryRange;
    const k = `${d.code}|${keyOf(range)}`;
    const g = grouped.get(k);
    if (g) {
      g.count++;
      if (nodeName !== undefined && g.nodes.length < 50) g.nodes.push(nodeName);
      if (RANK[d.severity] < RANK[g.severity]) g.severity = d.severity;
      continue;
    }
    grouped.set(k, { severity: d.severity, code: d.code, message: d.message, range, ...(d.target !== undefined ? { target: d.target } : {}), nodes: nodeName !== undefined ? [nodeName] : [], count: 1 });
  }
  return [...grouped.values()].map(({ count, ...d }) => ({
    ...d,
    message: `${d.message}${count > 1 ? ` (and ${count - 1} more like it from this call)` : ''}${d.nodes.length ? ` [exported node ${d.nodes[0]}]` : ''}`,
  }));
}
