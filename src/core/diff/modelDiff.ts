// The model diff: two models (a baseline and a current one — FP32 and its INT8 copy, the model
// before and after a fix, the git HEAD version and the working copy) judged on the same targets,
// side by side. Per target: the verdict and key figures of each, and per module (the node-name
// path, modulePath.ts) what was added, removed or changed, and which findings are new or gone.
//
// Everything is computed on the deployed graph (what the target's toolchain runs): a QDQ model's
// Quantize/Dequantize pairs are absorbed into int8 kernels there, so FP32 and INT8 compare kernel
// for kernel, and weights count as deployed (int8 bytes where the deployed graph is int8).
// Pure: reports in, plain data out (the CLI's `deploylens diff` and the Compare Models panel).

import type { Report, ReportDiagnostic, ReportNode } from '../report/report';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { modulePathsOf } from './modulePath';

export const DIFF_SCHEMA_VERSION = 1;
/** New and resolved findings listed per target; the rest are counted. */
export const MAX_LISTED_FINDINGS = 200;

export interface DiffModelInfo {
  /** As given (the CLI's argument, the panel's label). */
  path: string;
  label: string;
  format: Report['model']['format'];
  fileBytes: number;
  /** Stored parameter elements (initializers / TFLite buffers). */
  params: number;
  /** Nodes of the main graph as stored (a QDQ model counts its Quantize/Dequantize nodes). */
  nodes: number;
}

/** One model's figures on one target (summary of its report on that target). */
export interface DiffFigures {
  verdict: 'pass' | 'warn' | 'fail' | null;
  /** Ops of the deployed graph (kernels the runtime runs). */
  ops: number;
  /** MACs of the deployed graph (ops whose cost is known). */
  macs: number | null;
  /** Weight bytes as deployed on the target. */
  weightBytes: number | null;
  activationPeakBytes: number | null;
  arenaBytes: number | null;
  latencyMs: number | null;
  /** Tensors of unknown size left out of the peak and the arena (then lower bounds: the report's summary). */
  unknownSizeTensors: number;
  /** Ops of unknown cost left out of the latency (then a lower bound). */
  unknownLatencyOps: number;
  partitions: number | null;
  delegatedOps: number | null;
  cpuOps: number | null;
  errors: number;
  warnings: number;
  /** What was judged ("judged as its TFLite full-int8 conversion"). */
  conversion: string | null;
}

/** A module's deployed ops on one target, summed. */
export interface ModuleFigures {
  ops: number;
  /** Over its ops of known cost: a lower bound when `macsUnknown` > 0. */
  macs: number;
  macsUnknown: number;
  weightBytes: number;
  /** Null when no op of the module has a latency estimate; a lower bound when `latencyUnknown` > 0. */
  latencyUs: number | null;
  latencyUnknown: number;
  cpuOps: number;
  /** Ops the target cannot run (unsupported or a constraint violated). */
  unsupported: number;
  /** Its op types with counts, sorted: "CONV_2D, HARD_SWISH ×2". */
  opTypes: string;
}

export type ModuleStatus = 'added' | 'removed' | 'changed' | 'same';
export type ModuleField = 'ops' | 'macs' | 'weightBytes' | 'latencyUs' | 'cpuOps' | 'unsupported' | 'opTypes';

export interface ModuleDiff {
  path: string;
  /** 1 for a top-level module. */
  depth: number;
  /** The enclosing module's path, null at the top level. */
  parent: string | null;
  status: ModuleStatus;
  a: ModuleFigures | null;
  b: ModuleFigures | null;
  /** The fields that differ (status 'changed'). */
  changed: ModuleField[];
}

export interface DiffFinding {
  severity: ReportDiagnostic['severity'];
  code: string;
  node?: string;
  message: string;
}

/** A finding of the same code on both sides that moved to another node or changed its figures: `message` is the current one. */
export interface DiffChangedFinding extends DiffFinding {
  before: string;
}

export interface TargetDiff {
  target: { id: string; name: string };
  a: DiffFigures;
  b: DiffFigures;
  /** Every module of either model, depth first in path order (parents before children). */
  modules: ModuleDiff[];
  moduleCounts: Record<ModuleStatus, number>;
  /** New in the current model, gone from it, and the same code with another node or message (listed up to MAX_LISTED_FINDINGS each). */
  findings: { added: DiffFinding[]; resolved: DiffFinding[]; changed: DiffChangedFinding[]; counts: { added: number; resolved: number; changed: number }; omitted: number };
}

export interface ModelDiff {
  schemaVersion: number;
  kind: 'model-diff';
  tool: { name: string; version: string };
  a: DiffModelInfo;
  b: DiffModelInfo;
  targets: TargetDiff[];
}

/** One side: the model's reports, one per target, in the same target order as the other side's. */
export interface DiffSide {
  path: string;
  label?: string;
  reports: Report[];
}

export function diffModels(a: DiffSide, b: DiffSide): ModelDiff {
  if (a.reports.length === 0 || a.reports.length !== b.reports.length) throw new Error(`diffModels: both sides need one report per target (got ${a.reports.length} and ${b.reports.length})`);
  const targets = a.reports.map((ra, i) => {
    const rb = b.reports[i]!;
    const id = ra.target?.id ?? '';
    if ((rb.target?.id ?? '') !== id) throw new Error(`diffModels: report ${i} is on ${id} for one model and ${rb.target?.id ?? 'no target'} for the other`);
    return diffOnTarget(ra, rb);
  });
  return { schemaVersion: DIFF_SCHEMA_VERSION, kind: 'model-diff', tool: { name: TOOL_NAME, version: TOOL_VERSION }, a: modelInfo(a), b: modelInfo(b), targets };
}

function modelInfo(side: DiffSide): DiffModelInfo {
  const r = side.reports[0]!;
  return { path: side.path, label: side.label ?? side.path, format: r.model.format, fileBytes: r.model.fileBytes, params: r.summary.params, nodes: r.summary.nodes };
}

/** The ops the target runs, each with the name of the original node it stands for (its module). */
function deployedOps(r: Report): { node: ReportNode; name: string }[] {
  if (r.deployed) return r.deployed.nodes.map((node) => ({ node, name: r.nodes[node.covers?.[0] ?? -1]?.name ?? node.name }));
  // No deployed graph (a report without a target): the original nodes that run.
  return r.nodes.filter((n) => n.fate === undefined || n.fate.kind === 'kernel').map((node) => ({ node, name: node.name }));
}

function figures(r: Report): DiffFigures {
  const s = r.summary;
  const ops = deployedOps(r);
  let macs: number | null = null;
  for (const { node } of ops) if (node.macs !== null) macs = (macs ?? 0) + node.macs;
  const count = (sev: string) => r.diagnostics.filter((d) => d.severity === sev).length;
  return {
    verdict: s.verdict ?? null,
    ops: ops.length,
    macs: r.deployed ? macs : s.macs,
    weightBytes: s.deployedWeightBytes ?? s.weightBytes,
    activationPeakBytes: s.activationPeakBytes ?? null,
    arenaBytes: s.arenaBytes ?? null,
    latencyMs: s.latencyMs ?? null,
    unknownSizeTensors: s.unknownSizeTensors ?? 0,
    unknownLatencyOps: s.latencyMs === null ? 0 : s.unknownLatencyOps ?? 0,
    partitions: s.partitions ?? null,
    delegatedOps: s.delegatedNodes ?? null,
    cpuOps: s.fallbackNodes ?? null,
    errors: count('error'),
    warnings: count('warning'),
    conversion: s.conversion ?? null,
  };
}

interface Acc { ops: number; macs: number; macsUnknown: number; weightBytes: number; latencyUs: number; timed: number; cpuOps: number; unsupported: number; types: Map<string, number> }

function moduleFigures(r: Report): Map<string, ModuleFigures> {
  const acc = new Map<string, Acc>();
  for (const { node, name } of deployedOps(r)) {
    const paths = modulePathsOf(name);
    // Ops outside every module (a model input's QUANTIZE, an unnamed node) form one row of their own.
    for (const p of paths.length ? paths : [TOP_LEVEL]) {
      let m = acc.get(p);
      if (!m) acc.set(p, (m = { ops: 0, macs: 0, macsUnknown: 0, weightBytes: 0, latencyUs: 0, timed: 0, cpuOps: 0, unsupported: 0, types: new Map() }));
      m.ops++;
      m.macs += node.macs ?? 0;
      if (node.macs === null) m.macsUnknown++;
      m.weightBytes += node.paramBytes ?? 0;
      if (typeof node.latencyUs === 'number') {
        m.latencyUs += node.latencyUs;
        m.timed++;
      }
      if (node.device === 'cpu' && r.target?.delegate) m.cpuOps++;
      if (node.support === 'unsupported' || node.support === 'constraint-violated') m.unsupported++;
      m.types.set(node.op, (m.types.get(node.op) ?? 0) + 1);
    }
  }
  const out = new Map<string, ModuleFigures>();
  for (const [p, m] of acc) {
    const opTypes = [...m.types].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ');
    out.set(p, {
      ops: m.ops, macs: m.macs, macsUnknown: m.macsUnknown, weightBytes: m.weightBytes, latencyUs: m.timed ? m.latencyUs : null, latencyUnknown: m.timed ? m.ops - m.timed : 0,
      cpuOps: m.cpuOps, unsupported: m.unsupported, opTypes,
    });
  }
  return out;
}

/** The row of ops that lie in no module. */
export const TOP_LEVEL = '(top level)';

/** Latencies are estimates in µs: differences below a nanosecond are rounding, not a change. */
const sameLatency = (x: number | null, y: number | null): boolean => (x === null || y === null ? x === y : Math.abs(x - y) < 1e-3);

function changedFields(a: ModuleFigures, b: ModuleFigures): ModuleField[] {
  const out: ModuleField[] = [];
  for (const f of ['ops', 'macs', 'weightBytes', 'cpuOps', 'unsupported', 'opTypes'] as const) if (a[f] !== b[f]) out.push(f);
  if (!sameLatency(a.latencyUs, b.latencyUs)) out.push('latencyUs');
  return out;
}

function parentOf(path: string): string | null {
  if (path === TOP_LEVEL) return null;
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? null : path.slice(0, cut);
}

function diffModules(ra: Report, rb: Report): ModuleDiff[] {
  const ma = moduleFigures(ra);
  const mb = moduleFigures(rb);
  const paths = [...new Set([...ma.keys(), ...mb.keys()])];
  // Path order puts a parent right before its children only if '/' sorts first: compare segment lists.
  const key = (p: string) => (p === TOP_LEVEL ? [''] : p.split('/'));
  paths.sort((x, y) => {
    const kx = key(x);
    const ky = key(y);
    for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
      if (kx[i] !== ky[i]) return naturalCompare(kx[i]!, ky[i]!);
    }
    return kx.length - ky.length;
  });
  return paths.map((path) => {
    const a = ma.get(path) ?? null;
    const b = mb.get(path) ?? null;
    const changed = a && b ? changedFields(a, b) : [];
    const status: ModuleStatus = !a ? 'added' : !b ? 'removed' : changed.length ? 'changed' : 'same';
    const parent = parentOf(path);
    return { path, depth: path === TOP_LEVEL ? 1 : modulePathsOf(`${path}/x`).length, parent: parent !== null && (ma.has(parent) || mb.has(parent)) ? parent : null, status, a, b, changed };
  });
}

/** `features.10` after `features.9`: numbers in names compare as numbers. */
function naturalCompare(x: string, y: string): number {
  const re = /(\d+)|(\D+)/g;
  const px = x.match(re) ?? [];
  const py = y.match(re) ?? [];
  for (let i = 0; i < Math.min(px.length, py.length); i++) {
    const u = px[i]!;
    const v = py[i]!;
    if (u === v) continue;
    const nu = /^\d/.test(u) && /^\d/.test(v) ? Number(u) - Number(v) : 0;
    if (nu !== 0) return nu;
    return u < v ? -1 : 1;
  }
  return px.length - py.length;
}

/**
 * Findings match by code and node name (their messages carry figures that change with the model).
 * What is left on both sides with the same code — a model-level finding now anchored on another
 * node, the same memory finding with new figures — pairs up as `changed`.
 */
function diffFindings(ra: Report, rb: Report): TargetDiff['findings'] {
  const key = (d: ReportDiagnostic) => `${d.code}\u0000${d.nodeName ?? ''}`;
  const counts = (list: ReportDiagnostic[]) => {
    const m = new Map<string, number>();
    for (const d of list) m.set(key(d), (m.get(key(d)) ?? 0) + 1);
    return m;
  };
  const only = (list: ReportDiagnostic[], other: Map<string, number>): ReportDiagnostic[] => {
    const seen = new Map<string, number>();
    return list.filter((d) => {
      const n = (seen.get(key(d)) ?? 0) + 1;
      seen.set(key(d), n);
      return n > (other.get(key(d)) ?? 0);
    });
  };
  const onlyB = only(rb.diagnostics, counts(ra.diagnostics));
  const onlyA = only(ra.diagnostics, counts(rb.diagnostics));
  const changed: DiffChangedFinding[] = [];
  const unpaired = new Map<string, ReportDiagnostic[]>();
  for (const d of onlyA) unpaired.set(d.code, [...(unpaired.get(d.code) ?? []), d]);
  const added: DiffFinding[] = [];
  for (const d of onlyB) {
    const before = unpaired.get(d.code)?.shift();
    if (before) changed.push({ ...finding(d), before: before.message });
    else added.push(finding(d));
  }
  const resolved = [...unpaired.values()].flat().map(finding);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const bySeverity = (x: DiffFinding, y: DiffFinding) => rank[x.severity] - rank[y.severity];
  added.sort(bySeverity);
  resolved.sort(bySeverity);
  const cap = <T>(xs: T[]) => xs.slice(0, MAX_LISTED_FINDINGS);
  const omitted = [added, resolved, changed].reduce((n, xs) => n + Math.max(0, xs.length - MAX_LISTED_FINDINGS), 0);
  return { added: cap(added), resolved: cap(resolved), changed: cap(changed), counts: { added: added.length, resolved: resolved.length, changed: changed.length }, omitted };
}

function finding(d: ReportDiagnostic): DiffFinding {
  return { severity: d.severity, code: d.code, ...(d.nodeName ? { node: d.nodeName } : {}), message: d.message };
}

function diffOnTarget(ra: Report, rb: Report): TargetDiff {
  const modules = diffModules(ra, rb);
  const moduleCounts: Record<ModuleStatus, number> = { added: 0, removed: 0, changed: 0, same: 0 };
  for (const m of modules) moduleCounts[m.status]++;
  return {
    target: { id: ra.target?.id ?? '', name: ra.target?.name ?? 'no target' },
    a: figures(ra),
    b: figures(rb),
    modules,
    moduleCounts,
    findings: diffFindings(ra, rb),
  };
}

/** Verdicts from best to worst, to say whether the current model got better or worse. */
const VERDICT_RANK = { pass: 0, warn: 1, fail: 2 } as const;

/** 'better' / 'worse' / 'same' verdict from a to b on one target. */
export function verdictChange(t: TargetDiff): 'better' | 'worse' | 'same' {
  if (!t.a.verdict || !t.b.verdict || t.a.verdict === t.b.verdict) return 'same';
  return VERDICT_RANK[t.b.verdict] < VERDICT_RANK[t.a.verdict] ? 'better' : 'worse';
}
