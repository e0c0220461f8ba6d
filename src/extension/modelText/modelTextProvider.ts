// The read-only "model as text" documents: content, hovers with the node's support on every
// built-in target, an outline by module (and partition), and go-to definition / references between
// a tensor's producer and its consumers. Its squiggles are the model's Problems entries, which are
// published on this document (diagnostics.ts); the other nodes of a grouped finding are squiggled
// here with decorations, so they show in the text but not again in Problems.

import { nodeCount, outputShapes, packedModelText, packedOutline, reportNodeAt, type ModelTextOutline } from '../../core/report/packedReport';
import * as vscode from 'vscode';
import type { ModelTextLayout } from '../../core/report/modelText';
import { nodeLines, renderModelText } from '../../core/report/modelText';
import { markdownCode, markdownText } from '../../core/report/escape';
import type { ModuleTree } from '../../core/modules/moduleTree';
import { moduleTrees } from '../webviews/analysisPayload';
import { formatBytes, formatMacs, formatMicros, formatShape, knownSum } from '../../core/units';
import type { Report, ReportDiagnostic } from '../../core/report/report';
import { listBuiltinTargets } from '../../core/targets/builtins';
import type { AnalysisService, ModelAnalysisResult } from '../analysisService';
import type { ModelDiagnostics } from '../diagnostics';
import { MODEL_TEXT_SCHEME, modelTextUri, modelUriOf } from './modelTextUri';
import { partitionRuns, type PartitionRun } from './partitionRuns';
import { reasonOf, supportOf } from '../../processes/analysis/protocol';

/** The squiggle of a grouped finding's other nodes: the colour of its severity, like VS Code's own. */
function memberDecoration(color: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    textDecoration: `underline wavy var(--vscode-${color.replace('.', '-')})`,
    overviewRulerColor: new vscode.ThemeColor(color),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
}

/** A hover answers within this, with or without the support table of the other targets. */
const HOVER_WAIT_MS = 60;

interface Rendered {
  report: Report;
  /**
   * Lines of nodes, tensors and partitions (outline, definitions, references). With the text the
   * worker rendered, built on first use: it parses the node table, which opening the view does not.
   */
  readonly layout: ModelTextLayout;
  /** Node index by line. */
  lineNode: Map<number, number>;
  lines: string[];
  /** The outline's module tree: the worker's, with the report's findings (no node table read). */
  readonly modules: ModuleTree;
  /** Names, ops, output shapes and partition blocks for the outline and hovers: packed by the worker, else from the report. */
  readonly outline: ModelTextOutline;
  /** Line of each node (the inverse of `lineNode`). */
  readonly nodeLine: Map<number, number>;
}

/** Outlines kept for views closed and opened again (each is ~10k symbols on the decoder). */
const KEPT_OUTLINES = 4;

export class ModelTextProvider implements vscode.TextDocumentContentProvider, vscode.HoverProvider, vscode.DocumentSymbolProvider, vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.Disposable {
  /** Rendered text, only for models whose text view was opened. */
  private readonly rendered = new Map<string, Rendered>();
  /** Node lines of every analyzed model (cheap; used by the model file's diagnostics). */
  private readonly lineIndex = new Map<string, Map<number, number>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly members: Record<ReportDiagnostic['severity'], vscode.TextEditorDecorationType> = {
    error: memberDecoration('editorError.foreground'),
    warning: memberDecoration('editorWarning.foreground'),
    info: memberDecoration('editorInfo.foreground'),
  };
  private readonly disposables: vscode.Disposable[] = [this.changed, ...Object.values(this.members)];
  /** The error each open view shows instead of a model (by model URI). */
  private readonly shownError = new Map<string, string>();
  /**
   * The outline of the last few models whose views VS Code asked about, with the analysis it was
   * built from: VS Code asks again for the breadcrumbs, sticky scroll and Outline view, and when a
   * closed view is opened again (its rendering is dropped then, the analysis is not).
   */
  private readonly outlines = new Map<string, { report: Report; symbols: vscode.DocumentSymbol[] }>();
  /** What each editor was last squiggled with. */
  private readonly decorated = new WeakMap<vscode.TextEditor, { findings: readonly unknown[]; version: number }>();

  constructor(private readonly analysis: AnalysisService, private readonly findings: ModelDiagnostics) {
    const selector: vscode.DocumentSelector = { scheme: MODEL_TEXT_SCHEME };
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(MODEL_TEXT_SCHEME, this),
      vscode.languages.registerHoverProvider(selector, this),
      vscode.languages.registerDocumentSymbolProvider(selector, this, { label: 'DeployLens model' }),
      vscode.languages.registerDefinitionProvider(selector, this),
      vscode.languages.registerReferenceProvider(selector, this),
      analysis.onDidAnalyze((r) => this.update(r)),
      analysis.onDidForget((uri) => {
        this.rendered.delete(uri.toString());
        this.outlines.delete(uri.toString());
        this.lineIndex.delete(uri.toString());
        this.shownError.delete(uri.toString());
        // A deleted model's open view says so instead of showing the text of a file that is gone.
        const view = modelTextUri(uri);
        if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === view.toString())) this.changed.fire(view);
      }),
      findings.onDidChange(() => this.decorateVisible()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateVisible()),
      // A re-analysis re-renders the text: the squiggles follow the new lines.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === MODEL_TEXT_SCHEME) this.decorateVisible();
      }),
    );
  }

  /** Line of a node in a model's text view (known for every analyzed model, rendered or not). */
  nodeLine(model: vscode.Uri, node: number): number | undefined {
    const k = model.toString();
    let lines = this.lineIndex.get(k);
    if (!lines) {
      const result = this.analysis.get(model);
      if (!result?.ok) return undefined;
      lines = nodeLines(result.report, nodeCount(result.report));
      this.lineIndex.set(k, lines);
    }
    return lines.get(node);
  }

  async open(model: vscode.Uri, node?: number): Promise<vscode.TextEditor> {
    const uri = modelTextUri(model);
    await this.ensure(model);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'deploylens-model') await vscode.languages.setTextDocumentLanguage(doc, 'deploylens-model');
    const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Active });
    this.decorate(editor);
    if (node !== undefined) {
      const line = this.nodeLine(model, node);
      if (line !== undefined) {
        const range = new vscode.Range(line, 0, line, 0);
        editor.selection = new vscode.Selection(range.start, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
    return editor;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const model = modelUriOf(uri);
    if (!model) return '# DeployLens: this view needs a model file.\n';
    const r = await this.ensure(model);
    if (!r.ok) {
      this.shownError.set(model.toString(), r.error);
      return `# DeployLens could not read ${model.fsPath}\n# ${r.error}\n`;
    }
    this.shownError.delete(model.toString());
    return r.rendered.lines.join('\n');
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.ProviderResult<vscode.Hover> {
    const model = modelUriOf(doc.uri);
    const r = model && this.renderedOf(model);
    const node = r?.lineNode.get(position.line);
    if (!model || !r || node === undefined) return undefined;
    const members = this.memberHover(model, position.line);
    if (members.length === 0) return this.nodeHover(model, r, node);
    return this.nodeHover(model, r, node).then((h) => {
      const text = new vscode.MarkdownString();
      for (const m of members) text.appendText(`${m}\n\n`);
      return new vscode.Hover([text, ...h.contents], h.range);
    });
  }

  /**
   * Answered after the requests this host has already received: VS Code converts and sends the
   * decoder's ~10k symbols in one go on this thread (100-400 ms with the garbage it makes for 16k,
   * in the bench:host CPU profile), and a hover that came with the request for them waited for all of it.
   */
  provideDocumentSymbols(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[]> {
    return new Promise((resolve) => setImmediate(() => resolve(token.isCancellationRequested ? [] : this.documentSymbols(doc))));
  }

  private documentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const model = modelUriOf(doc.uri);
    const r = model && this.renderedOf(model);
    if (!r) return [];
    const k = model.toString();
    let kept = this.outlines.get(k);
    this.outlines.delete(k); // most recently asked last
    if (kept?.report !== r.report) kept = { report: r.report, symbols: this.outlineSymbols(r) };
    this.outlines.set(k, kept);
    if (this.outlines.size > KEPT_OUTLINES) this.outlines.delete(this.outlines.keys().next().value!);
    return kept.symbols;
  }

  /**
   * The outline: the author's modules with their nodes, the partitions, the subgraphs. Built from
   * what the worker packed (node names and ops, the text's partition blocks, the module tree), so a
   * 10k-node model's outline does not parse its node table on the extension host (that took
   * 250–750 ms there and held up the first hover of a re-opened view).
   */
  private outlineSymbols(r: Rendered): vscode.DocumentSymbol[] {
    const lineText = (line: number) => r.lines[line] ?? '';
    const nameOf = (index: number) => r.outline.names[index] || `#${index}`;
    const nodeSymbol = (index: number): vscode.DocumentSymbol | undefined => {
      const line = r.nodeLine.get(index);
      const op = r.outline.ops[index];
      if (line === undefined || op === undefined) return undefined;
      const range = new vscode.Range(line, 0, line, lineText(line).length);
      return new vscode.DocumentSymbol(nameOf(index), op, vscode.SymbolKind.Function, range, range);
    };
    const runSymbol = (run: PartitionRun): vscode.DocumentSymbol | undefined => {
      if (run.ops === 1) return nodeSymbol(run.firstNode);
      const range = new vscode.Range(run.first, 0, run.last, lineText(run.last).length);
      return new vscode.DocumentSymbol(`${nameOf(run.firstNode)} … ${nameOf(run.lastNode)}`, `${run.ops} ops`, vscode.SymbolKind.Namespace, range, new vscode.Range(run.first, 0, run.first, 0));
    };
    const main = r.report.model.graphs[0];
    const lastLine = Math.max(0, r.lines.length - 1);
    const graphSymbol = new vscode.DocumentSymbol(main?.name ?? 'main', `${nodeCount(r.report)} nodes`, vscode.SymbolKind.Module, new vscode.Range(0, 0, lastLine, 0), new vscode.Range(0, 0, 0, 0));
    // The modules the author wrote (encoder → layers → encoder_layer_3 → …), each with its totals.
    const tree = r.modules;
    const moduleSymbol = (id: number): vscode.DocumentSymbol | undefined => {
      const m = tree.modules[id]!;
      const children = [...m.children.map(moduleSymbol), ...m.items.map(nodeSymbol)].filter((s): s is vscode.DocumentSymbol => s !== undefined);
      if (!children.length) return undefined;
      const first = children.reduce((a, c) => Math.min(a, c.range.start.line), Number.MAX_SAFE_INTEGER);
      const last = children.reduce((a, c) => Math.max(a, c.range.end.line), 0);
      const t = m.totals;
      const facts = [`${t.items} node${t.items === 1 ? '' : 's'}`];
      if (t.macs > 0) facts.push(`${knownSum(t.macs, t.macsUnknown, formatMacs)} MACs`);
      if (t.latencyUs !== null) facts.push(`${t.latencyUnknown > 0 ? '≥' : '≈'} ${formatMicros(t.latencyUs)}`);
      if (t.verdict === 'fail') facts.push(`✗ ${t.errors} cannot run`);
      else if (t.verdict === 'warn' && t.cpu > 0) facts.push(`${t.cpu} on CPU`);
      const s = new vscode.DocumentSymbol(m.label, facts.join(' · '), vscode.SymbolKind.Namespace, new vscode.Range(first, 0, last, lineText(last).length), new vscode.Range(first, 0, first, 0));
      s.children = children;
      return s;
    };
    const root = tree.modules[0]!;
    graphSymbol.children = [...root.children.map(moduleSymbol), ...root.items.map(nodeSymbol)].filter((s): s is vscode.DocumentSymbol => s !== undefined);
    graphSymbol.children.sort((a, b) => a.range.start.line - b.range.start.line);
    const symbols = [graphSymbol];
    const partitionLines = r.outline.partitionLines;
    if (partitionLines.length > 0 && r.report.target?.partitioning !== 'none') {
      const parts = new vscode.DocumentSymbol('partitions', `${(r.report.partitions ?? []).length} on ${r.report.target?.name ?? 'the target'}`, vscode.SymbolKind.Package, new vscode.Range(0, 0, lastLine, 0), new vscode.Range(0, 0, 0, 0));
      const spans = new Map(partitionLines.map((x) => [x.id, x]));
      const runs = partitionRuns(r.report.partitions ?? [], r.nodeLine);
      for (const p of r.report.partitions ?? []) {
        const span = spans.get(p.id);
        if (!span) continue;
        const range = new vscode.Range(span.first, 0, span.last, lineText(span.last).length);
        const where = p.device === 'cpu' ? 'CPU' : (r.report.target?.delegate ?? 'accelerator').toUpperCase();
        const ps = new vscode.DocumentSymbol(`partition ${p.id}`, `${where} · ${p.nodes.length} node${p.nodes.length === 1 ? '' : 's'}`, vscode.SymbolKind.Namespace, range, new vscode.Range(span.first, 0, span.first, 0));
        // Not every op again (they are under their modules): the partition's stretches of lines when
        // other partitions' ops come between them, its op when it holds one.
        const own = runs.get(p.id) ?? [];
        if (own.length > 1 || own[0]?.ops === 1) ps.children = own.map(runSymbol).filter((s): s is vscode.DocumentSymbol => s !== undefined);
        parts.children.push(ps);
      }
      symbols.push(parts);
    }
    for (const g of r.report.model.graphs.slice(1)) {
      const anchor = g.parent && g.parent.graph === 0 ? r.nodeLine.get(g.parent.node) ?? 0 : 0;
      const range = new vscode.Range(anchor, 0, anchor, 0);
      symbols.push(new vscode.DocumentSymbol(g.name || `graph ${g.index}`, `subgraph · ${g.nodes} nodes${g.parent ? ` · ${g.parent.attribute} of node ${g.parent.node}` : ''}`, vscode.SymbolKind.Module, range, range));
    }
    return symbols;
  }

  provideDefinition(doc: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const found = this.tensorAt(doc, position);
    if (!found) return undefined;
    const line = found.r.layout.definitionLine.get(found.name);
    return line === undefined ? undefined : new vscode.Location(doc.uri, new vscode.Position(line, 0));
  }

  provideReferences(doc: vscode.TextDocument, position: vscode.Position): vscode.Location[] {
    const found = this.tensorAt(doc, position);
    if (!found) return [];
    return found.r.layout.tensorRefs
      .filter((ref) => ref.name === found.name)
      .map((ref) => new vscode.Location(doc.uri, new vscode.Range(ref.line, ref.start, ref.line, ref.start + ref.name.length)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /**
   * Squiggles on the other nodes of each grouped finding (the first node's is the diagnostic). Their
   * text is added by the hover provider (memberHover), not given to each decoration: VS Code parses a
   * decoration's Markdown once per decoration, which took ~2 s per call on a model with thousands.
   */
  private decorate(editor: vscode.TextEditor): void {
    const model = modelUriOf(editor.document.uri);
    const findings = model ? this.findings.findingsOf(model) ?? [] : [];
    // The same findings on the same document version are squiggled already: the window re-lays out
    // thousands of decorations for every set (opening the view made it twice).
    const last = this.decorated.get(editor);
    if (last && last.findings === findings && last.version === editor.document.version) return;
    this.decorated.set(editor, { findings, version: editor.document.version });
    const bySeverity: Record<ReportDiagnostic['severity'], vscode.Range[]> = { error: [], warning: [], info: [] };
    for (const f of findings) bySeverity[f.group.first.severity].push(...f.memberRanges);
    for (const severity of ['error', 'warning', 'info'] as const) editor.setDecorations(this.members[severity], bySeverity[severity]);
  }

  /** What a member squiggle on this line stands for: the grouped findings whose other nodes include it. */
  private memberHover(model: vscode.Uri, line: number): string[] {
    const out: string[] = [];
    for (const f of this.findings.findingsOf(model) ?? []) {
      if (!f.memberRanges.some((r) => r.start.line === line)) continue;
      out.push(`${f.group.first.code}: one of ${f.group.members.length} nodes with this finding (listed once in Problems, at line ${f.range.start.line + 1}).\n\n${f.group.message}`);
    }
    return out;
  }

  private decorateVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme === MODEL_TEXT_SCHEME) this.decorate(editor);
    }
  }

  private tensorAt(doc: vscode.TextDocument, position: vscode.Position): { r: Rendered; name: string } | undefined {
    const model = modelUriOf(doc.uri);
    const r = model && this.renderedOf(model);
    if (!r) return undefined;
    const ref = r.layout.tensorRefs.find((x) => x.line === position.line && position.character >= x.start && position.character <= x.start + x.name.length);
    return ref ? { r, name: ref.name } : undefined;
  }

  /**
   * The rendering of a view VS Code asks about (so it is open). update() drops the rendering of a
   * model whose view is not among the open documents, which is also the case while a view is being
   * opened: a re-announced result then (the weight phase's findings) dropped it, and every hover
   * answered nothing until the view was opened again.
   */
  private renderedOf(model: vscode.Uri): Rendered | undefined {
    const r = this.rendered.get(model.toString());
    if (r) return r;
    const result = this.analysis.get(model);
    return result?.ok ? this.render(result) : undefined;
  }

  /** The model's rendering, or the error of its analysis (a file that cannot be read leaves no cached result to look up). */
  private async ensure(model: vscode.Uri): Promise<{ ok: true; rendered: Rendered } | { ok: false; error: string }> {
    const result = await this.analysis.analyze(model);
    if (!result.ok) return { ok: false, error: result.error };
    return { ok: true, rendered: this.rendered.get(model.toString()) ?? this.render(result) };
  }

  private render(result: Extract<ModelAnalysisResult, { ok: true }>): Rendered {
    // The hovers' support table for every built-in target, computed in the worker while the user reads.
    this.analysis.prefetchSupport(result.uri);
    const report = result.report;
    const text = packedModelText(report);
    let layout = text === undefined ? renderModelText({ report }) : undefined;
    const lineNode = new Map<number, number>();
    // The node lines without the layout: every node line's place follows from the execution order.
    const nodeLine = layout?.nodeLine ?? nodeLines(report, nodeCount(report));
    for (const [node, line] of nodeLine) lineNode.set(line, node);
    let outline: ModelTextOutline | undefined;
    let modules: ModuleTree | undefined;
    const r: Rendered = {
      report, lineNode, nodeLine, lines: (text ?? layout!.text).split('\n'),
      get layout() { return layout ??= renderModelText({ report }); },
      get outline() { return outline ??= packedOutline(report) ?? { names: report.nodes.map((n) => n.name), ops: report.nodes.map((n) => n.op), partitionLines: this.layout.partitionLines, shapes: outputShapes(report) }; },
      get modules() { return modules ??= moduleTrees(result).modules; },
    };
    this.rendered.set(result.uri.toString(), r);
    return r;
  }

  private update(result: ModelAnalysisResult): void {
    const k = result.uri.toString();
    this.lineIndex.delete(k);
    const uri = modelTextUri(result.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // Rendering is for open views only: a workspace of hundreds of models keeps no text in memory.
    if (!doc || !result.ok) {
      this.rendered.delete(k);
      if (!doc) return;
      // The view shows this error already. Telling VS Code it changed would make it ask for the
      // text again, which analyzes again, fails again and lands here: with a model deleted under
      // its open view that loop kept the extension host busy (thousands of analyses a second).
      if (!result.ok && this.shownError.get(k) === result.error) return;
    } else {
      const r = this.render(result);
      // The view shows this text already (the weight phase's findings, which the text does not
      // show; a re-analysis of an unchanged file): telling VS Code it changed made it ask for the
      // whole text again (~1 MB on the decoder, sent to the window and diffed there).
      if (doc.getText() === r.lines.join('\n')) return;
    }
    this.changed.fire(uri);
  }

  private async nodeHover(model: vscode.Uri, r: Rendered, index: number): Promise<vscode.Hover> {
    const report = r.report;
    const n = reportNodeAt(report, index)!;
    const md = new vscode.MarkdownString(undefined, true);
    // Names, ops, messages come from the model and the profiles: escaped (core/report/escape.ts), never markup.
    md.appendMarkdown(`**${markdownText(n.op)}** ${markdownCode(n.name || `#${index}`)}${n.domain && n.domain !== 'tflite' ? ` — domain ${markdownCode(n.domain)}` : ''}${n.opVersion !== undefined ? ` v${n.opVersion}` : ''}\n\n`);
    // The shape from the outline: reading report.tensors parsed the whole tensor table (the decoder's first hover).
    const facts = [`output ${r.outline.shapes[index] ?? formatShape(null)}`];
    if (n.macs !== null) facts.push(`${formatMacs(n.macs)} MACs`);
    if (n.paramBytes) facts.push(`params ${formatBytes(n.paramBytes)}`);
    if (n.workingSetBytes !== undefined && n.workingSetBytes !== null) facts.push(`working set ${formatBytes(n.workingSetBytes)}`);
    if (n.latencyUs !== undefined && n.latencyUs !== null) facts.push(`≈ ${formatMicros(n.latencyUs)}${n.bound ? ` (${n.bound}-bound)` : ''}`);
    md.appendMarkdown(`${markdownText(facts.join(' · '))}\n\n`);
    const attrs = Object.entries(n.attributes);
    if (attrs.length) md.appendMarkdown(`${attrs.map(([k, v]) => markdownCode(`${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`)).join(' ')}\n\n`);
    if (n.reasons?.length) {
      md.appendMarkdown(`On **${markdownText(report.target?.name ?? '')}**:\n\n${n.reasons.map((r) => `- ${r.outcome === 'violated' ? '✗' : r.outcome === 'unknown' ? '?' : 'ℹ'} ${markdownText(r.message)}${r.constraint ? ` _(${markdownText(r.constraint)})_` : ''}`).join('\n')}\n\n`);
    }
    // From the cache when the matrix is ready (computed after the verdict of a model the user looks
    // at, and when its text view opens: AnalysisService.prefetchSupport); a hover never waits for it
    // longer than HOVER_WAIT_MS, and not at all when it is further away than that (a 10,000-node
    // model's table takes seconds): it says so and shows the active target's reasons.
    const targets = listBuiltinTargets();
    const matrix = this.analysis.supportMatrix(model, targets);
    const expected = this.analysis.supportMatrixExpectedMs(model, targets);
    const rows = expected !== undefined && expected > HOVER_WAIT_MS
      ? 'pending'
      : await Promise.race([matrix, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), HOVER_WAIT_MS))]);
    if (rows === 'pending') md.appendMarkdown('_Support on the other built-in targets is still being computed — hover again in a moment._\n');
    else if (rows) {
      md.appendMarkdown('| target | support |\n|---|---|\n');
      for (const row of rows) {
        const s = supportOf(row, index);
        const mark = s === 'supported' ? '✓' : s === 'unknown' ? '? not checked' : `✗ ${markdownText(reasonOf(row, index) ?? s)}`;
        md.appendMarkdown(`| ${markdownText(row.name)} | ${mark} |\n`);
      }
    }
    return new vscode.Hover(md);
  }
}
