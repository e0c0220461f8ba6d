// What every model webview is sent for one analysis result: the report, or the error, with the
// file's name for the page's title, the module roll-ups of its layers (src/core/modules: one tree
// for every page, built here once per report) and where the training script builds each module.
// A report the worker sent packed goes as its head (verdict, numbers, findings: what the page shows
// first) followed by its bulky sections as parts, each one JSON text of at most a page of nodes
// (core/report/packedReport.ts): the host never serializes a whole report into one message. (The
// module trees come from the worker, the findings applied here: no node table is read for them.)

import * as vscode from 'vscode';
import { fileNameOf } from '../activeModel';
import type { AnalysisPayload, FindingGroupPayload, ModuleSourcesPayload, ReportPartMessage } from '../../../webview/shared/protocol';
import { reportForWebview } from '../../core/report/packedReport';
import { groupFindings } from '../../core/findings/group';
import type { ModelAnalysisResult } from '../analysisService';
import { applyFindings, reportModuleTrees, type ReportModuleTrees } from '../../core/modules/moduleTree';
import type { Report, ReportDiagnostic } from '../../core/report/report';
import type { ModuleSources } from '../python/moduleSources';

/** Where a model's modules are built (python/moduleSources.ts), set once at activation. */
export interface ModuleSourceProvider {
  sourcesFor(model: vscode.Uri): ModuleSources | undefined;
}

let sourceProvider: ModuleSourceProvider | undefined;

export function setModuleSourceProvider(p: ModuleSourceProvider | undefined): void {
  sourceProvider = p;
}

export function moduleSourcesOf(model: vscode.Uri): ModuleSources | undefined {
  return sourceProvider?.sourcesFor(model);
}

const trees = new WeakMap<Report, ReportModuleTrees>();
const groups = new WeakMap<Report, FindingGroupPayload[]>();

/** The report's findings as the Problems panel shows them: one per problem (core/findings/group.ts). */
export function findingGroups(report: Report): FindingGroupPayload[] {
  let g = groups.get(report);
  if (!g) {
    const index = new Map(report.diagnostics.map((d, i) => [d, i]));
    g = groupFindings(report.diagnostics).map((x) => ({ members: x.members.map((d) => index.get(d)!), message: x.message }));
    groups.set(report, g);
  }
  return g;
}

/**
 * The module trees of a result (cached: every panel on the model gets the same objects): the
 * worker's, with the findings the report has now (the weight phase, Vela and TFLM add some later),
 * so the node table is not read here; built from the report when the worker sent none.
 */
export function moduleTrees(r: Extract<ModelAnalysisResult, { ok: true }>): ReportModuleTrees {
  let t = trees.get(r.report);
  if (!t) {
    const w = r.modules;
    // TFLM's answer can change where nodes run (the nodes it overruled run after all): the worker's
    // trees were built before it, so they are rebuilt from the report — TFLM models are small.
    t = w && !r.report.tflm?.overruled.length ? { modules: applyFindings(w.modules, r.report.diagnostics), ...(w.deployed ? { deployed: applyFindings(w.deployed, r.report.diagnostics) } : {}) } : reportModuleTrees(r.report);
    trees.set(r.report, t);
  }
  return t;
}

function sourcesPayload(model: vscode.Uri): ModuleSourcesPayload | undefined {
  const s = moduleSourcesOf(model);
  if (!s) return undefined;
  const sites: Record<string, number> = {};
  for (const [k, p] of s.sites) sites[k] = p.line + 1;
  return { scriptName: fileNameOf(s.script), sites };
}

let nextSeq = 1;

export interface OutgoingPayload {
  payload: AnalysisPayload;
  /** The report's parts, in sending order, each built when it is sent. */
  parts: (() => ReportPartMessage)[];
}

/**
 * `reuse`: the seq of an earlier payload of the same kind whose parts the page has all taken in and
 * whose report has the same packed sections (a revision: the weight phase's, Vela's, TFLite Micro's
 * findings): only the head (and the findings part) is sent, the page takes the sections from there.
 */
export function toPayload(r: ModelAnalysisResult, options: { findingsAsPart?: boolean; reuse?: number; unread?: readonly string[]; findings?: (d: ReportDiagnostic) => boolean; partitionGraph?: boolean } = {}): OutgoingPayload {
  const fileName = fileNameOf(r.uri);
  if (!r.ok) return { payload: { ok: false, fileName, targetId: r.targetId, error: r.error }, parts: [] };
  const t = moduleTrees(r);
  const sources = sourcesPayload(r.uri);
  const base = {
    ok: true as const, fileName, targetId: r.targetId, millis: r.millis, ...(r.pending ? { pending: r.pending } : {}),
    modules: t.modules, ...(t.deployed ? { deployedModules: t.deployed } : {}), ...(sources ? { moduleSources: sources } : {}),
    // Groups index the whole list of findings: none for a page sent some of them.
    ...(options.findings ? {} : { findingGroups: findingGroups(r.report) }),
  };
  const split = reportForWebview(r.report, options);
  if (!split) return { payload: { ...base, report: r.report }, parts: [] };
  const seq = nextSeq++;
  const reuse = options.reuse;
  // Sections the page never reads are not sent (ModelPanelKind.unread): the window carries every
  // byte a page gets on its own thread, ahead of whatever the user opens next.
  const unread = new Set(options.unread ?? []);
  const parts = reuse === undefined ? split.parts.filter((p) => !unread.has(p.key)) : split.parts.filter((p) => p.key === 'diagnostics');
  return {
    payload: { ...base, report: split.head as typeof r.report, parts: { seq, count: parts.length, keys: parts.map((p) => p.key), ...(reuse !== undefined ? { reuse } : {}) } },
    parts: parts.map((p, index) => () => ({ type: 'reportPart', seq, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), bytes: p.bytes() })),
  };
}
