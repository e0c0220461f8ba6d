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
  /**
   * By model URI string: every script that builds the model, by script URI string, in the order
   * they claimed it. Two scripts may export the same model (a .py file and a notebook).
   */
  private readonly claims = new Map<string, Map<string, ModuleSources>>();
  /** The models each script links to (to drop them when the script goes). */
  private readonly modelsOf = new Map<string, Set<string>>();
  /** When each script was last active in an editor, or first claimed a model (a counter): of several, the latest links the model. */
  private readonly seen = new Map<string, number>();
  private clock = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly scripts: ScriptService, private readonly exports: ExportService) {
    this.disposables.push(
      scripts.onDidAnalyze((r) => void this.fromScript(r.uri)),
      exports.onDidAnalyze((uri) => void this.fromScript(uri)),
      scripts.onDidForget((uri) => this.drop(uri)),
      // The script the user is looking at links the models it exports (when another one does too).
      vscode.window.onDidChangeActiveTextEditor((e) => {
        const key = e?.document.uri.toString();
        if (key === undefined || !this.modelsOf.has(key)) return;
        const models = [...this.modelsOf.get(key)!];
        const before = models.map((m) => this.latestClaim(m)?.script.toString());
        this.seen.set(key, ++this.clock);
        // Only models whose linking script changes are re-published (Problems re-groups them).
        models.forEach((m, i) => {
          if (before[i] !== key) this.changed.fire(vscode.Uri.parse(m));
        });
      }),
    );
  }

  /**
   * The script and module sites of a model, when an open or exported script builds it. Of several:
   * the one in the active editor, else the one last active (or, never active, claimed first).
   */
  sourcesFor(model: vscode.Uri): ModuleSources | undefined {
    const all = this.claims.get(model.toString());
    if (!all || all.size === 0) return undefined;
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const mine = active === undefined ? undefined : all.get(active);
    return mine ?? this.latestClaim(model.toString());
  }

  /** Of the scripts that build a model, the one last active (or, never active, claimed first). */
  private latestClaim(model: string): ModuleSources | undefined {
    let best: ModuleSources | undefined;
    let bestSeen = -1;
    for (const [k, v] of this.claims.get(model) ?? []) {
      const t = this.seen.get(k) ?? 0;
      if (t >= bestSeen) [best, bestSeen] = [v, t];
    }
    return best;
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
    const key = script.toString();
    const before = this.modelsOf.get(key) ?? new Set<string>();
    for (const k of before) if (!models.has(k)) this.release(k, key);
    this.modelsOf.set(key, models);
    // A re-analysis (a target change re-checks every open script) is not the user turning to it.
    if (!this.seen.has(key)) this.seen.set(key, ++this.clock);
    for (const k of models) {
      let all = this.claims.get(k);
      if (!all) this.claims.set(k, all = new Map());
      all.set(key, { script, sites, kind });
      this.changed.fire(vscode.Uri.parse(k));
    }
  }

  private drop(script: vscode.Uri): void {
    // A closed script keeps the sites of its export on save (the record outlives the editor).
    if (this.exports.status(script).record?.outcome.kind === 'exported') return;
    const key = script.toString();
    for (const k of this.modelsOf.get(key) ?? []) this.release(k, key);
    this.modelsOf.delete(key);
    this.seen.delete(key);
  }

  /** Forgets this script's claim on a model (another script that builds it keeps its own). */
  private release(model: string, script: string): void {
    const all = this.claims.get(model);
    if (!all?.delete(script)) return;
    if (all.size === 0) this.claims.delete(model);
    this.changed.fire(vscode.Uri.parse(model));
  }
}
