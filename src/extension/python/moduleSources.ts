// Where a model's modules are built in the training script that exports it: module path →
// the line of the `self.x = ...` (or constructor call) that built it. Two sources, the exact one
// first: the script's own export on save (exportService.ts records the qualified name and call
// site of every nn.Module the export built), and the static check (scriptService.ts: each export
// call whose output file exists, and the script's `self.x = ...` assignments, first level only).
// Problems' related information, the overview's and the panels' module rows link there.

import * as vscode from 'vscode';
import { torchQualifiedName } from '../../core/modules/modulePath';
import type { ModuleSourceLookup } from '../diagnostics';
import type { ExportService } from './exportService';
import { resolveExports } from './exportLinks';
import type { ScriptService } from './scriptService';

export interface ModuleSources {
  script: vscode.Uri;
  /** Qualified module name ('features.3.conv') → 0-based position of the call that built it. */
  sites: Map<string, vscode.Position>;
  /** 'export': from the export on save (every module); 'static': `self.x = ...` lines only. */
  kind: 'export' | 'static';
}

/** The innermost module on `path` with a site, and that site. */
export function siteOf(sources: ModuleSources, path: string): { module: string; position: vscode.Position } | undefined {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const position = sources.sites.get(p);
    if (position) return { module: p, position };
  }
  return undefined;
}

export class ModuleSourceIndex implements ModuleSourceLookup, vscode.Disposable {
  /** By model URI string. */
  private readonly byModel = new Map<string, ModuleSources>();
  /** The models each script links to (to drop them when the script goes). */
  private readonly modelsOf = new Map<string, Set<string>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly scripts: ScriptService, private readonly exports: ExportService) {
    this.disposables.push(
      scripts.onDidAnalyze((r) => void this.fromScript(r.uri)),
      exports.onDidAnalyze((uri) => void this.fromScript(uri)),
      scripts.onDidForget((uri) => this.drop(uri)),
      // Two scripts may export the same model (a script and a notebook): the one the user is looking at links it.
      vscode.window.onDidChangeActiveTextEditor((e) => {
        const uri = e?.document.uri;
        if (uri && this.modelsOf.has(uri.toString())) void this.fromScript(uri);
      }),
    );
  }

  /** The script and module sites of a model, when an open or exported script builds it. */
  sourcesFor(model: vscode.Uri): ModuleSources | undefined {
    return this.byModel.get(model.toString());
  }

  sourceOf(model: vscode.Uri, nodeName: string): { location: vscode.Location; module: string } | undefined {
    const sources = this.sourcesFor(model);
    const path = torchQualifiedName(nodeName);
    if (!sources || !path) return undefined;
    const hit = siteOf(sources, path);
    return hit ? { location: new vscode.Location(sources.script, hit.position), module: hit.module } : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async fromScript(script: vscode.Uri): Promise<void> {
    const sites = new Map<string, vscode.Position>();
    const models = new Set<string>();
    let kind: ModuleSources['kind'] = 'static';
    const record = this.exports.status(script).record;
    if (record?.outcome.kind === 'exported') {
      kind = 'export';
      models.add(vscode.Uri.file(record.outcome.modelPath).toString());
      for (const m of record.outcome.modules) {
        if (m.site && m.name) sites.set(m.name, new vscode.Position(m.site.line - 1, m.site.col ?? 0));
      }
    }
    const result = this.scripts.get(script);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === script.toString());
    if (result && doc) {
      for (const link of await resolveExports(doc, result.analysis.exports)) models.add(link.model.toString());
      for (const m of result.analysis.modules) {
        if (!sites.has(m.attribute)) sites.set(m.attribute, new vscode.Position(m.range.start.line, m.range.start.character));
      }
    }
    const before = this.modelsOf.get(script.toString()) ?? new Set<string>();
    for (const k of before) if (!models.has(k)) this.release(k, script);
    this.modelsOf.set(script.toString(), models);
    for (const k of models) {
      this.byModel.set(k, { script, sites, kind });
      this.changed.fire(vscode.Uri.parse(k));
    }
  }

  private drop(script: vscode.Uri): void {
    // A closed script keeps the sites of its export on save (the record outlives the editor).
    if (this.exports.status(script).record?.outcome.kind === 'exported') return;
    for (const k of this.modelsOf.get(script.toString()) ?? []) this.release(k, script);
    this.modelsOf.delete(script.toString());
  }

  /** Forgets a model's sites when they are this script's (another script that exports it keeps its own). */
  private release(model: string, script: vscode.Uri): void {
    if (this.byModel.get(model)?.script.toString() !== script.toString()) return;
    this.byModel.delete(model);
    this.changed.fire(vscode.Uri.parse(model));
  }
}
