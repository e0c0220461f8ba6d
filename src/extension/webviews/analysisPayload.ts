// What every model webview is sent for one analysis result: the report, or the error, with the
// file's name for the page's title, the module roll-ups of its layers (src/core/modules: one tree
// for every page, built here once per report) and where the training script builds each module.

import * as vscode from 'vscode';
import { fileNameOf } from '../activeModel';
import type { AnalysisPayload, FindingGroupPayload, ModuleSourcesPayload } from '../../../webview/shared/protocol';
import { groupFindings } from '../../core/findings/group';
import type { ModelAnalysisResult } from '../analysisService';
import { reportModuleTree, type ModuleTree } from '../../core/modules/moduleTree';
import type { Report } from '../../core/report/report';
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

const trees = new WeakMap<Report, { modules: ModuleTree; deployed?: ModuleTree }>();
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

/** The module trees of a report (cached: every panel on the model gets the same objects). */
export function moduleTrees(report: Report): { modules: ModuleTree; deployed?: ModuleTree } {
  let t = trees.get(report);
  if (!t) {
    const deployedOnly = report.nodes.length > 0 && report.nodes.every((n) => n.covers !== undefined);
    t = { modules: reportModuleTree(report) };
    if (report.deployed && !deployedOnly) t.deployed = reportModuleTree(report, 'deployed');
    trees.set(report, t);
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

export function toPayload(r: ModelAnalysisResult): AnalysisPayload {
  const fileName = fileNameOf(r.uri);
  if (!r.ok) return { ok: false, fileName, targetId: r.targetId, error: r.error };
  const t = moduleTrees(r.report);
  const sources = sourcesPayload(r.uri);
  return {
    ok: true, fileName, targetId: r.targetId, millis: r.millis, report: r.report, ...(r.pending ? { pending: r.pending } : {}),
    modules: t.modules, ...(t.deployed ? { deployedModules: t.deployed } : {}), ...(sources ? { moduleSources: sources } : {}),
    findingGroups: findingGroups(r.report),
  };
}
