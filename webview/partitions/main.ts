// The Delegate Partition Preview page: a toolbar (target, comparison, search, fit, pin), one strip
// per target showing the execution order colored by partition, the graph as an SVG DAG (pan, zoom,
// collapsed chains) and a details pane for the selected node. Every number and position comes from
// layoutModel.ts; this file builds DOM and handles input. Text from the model only goes through
// textContent (shared/dom.ts), never markup.

import { deployedView } from '../shared/deployedView';
import * as dagre from '@dagrejs/dagre';
import { formatBytes, formatMacs, formatMicros } from '../../src/core/units';
import { append, clear, h } from '../shared/dom';
import { ModelPanelClient } from '../shared/modelPanelClient';
import type { AnalysisPayload, PanelStateMessage, Report } from '../shared/protocol';
import { PARTITION_GRAPH_KEY } from '../shared/protocol';
import { graphReport } from './graphReport';
import type { ColorSlot, DataGraph, GraphLayout, LaidItem, PartitionsModel } from './layoutModel';
import { chainLabel, collapseChains, dataGraph, layoutItems, nodeDetails, partitionChipText, partitionSummaryText, partitionsModel, searchNodes } from './layoutModel';
import type { ModuleEntry, ModuleTree } from '../shared/protocol';
import { ModuleTreeView, restoreExpanded, verdictColumn, type ModuleColumn } from '../shared/moduleTreeView';

// ---------------------------------------------------------------------------------------------
// state

interface UiState {
  v: 1;
  expanded: string[];
  selected: number | null;
  search: string;
  /** The module roll-up pane is open, and the modules expanded in it. */
  modules: boolean;
  modulesExpanded: string[];
}

const MAX_EXPANDED = 500;

function restoreUi(raw: unknown): UiState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof UiState, unknown>>;
  return {
    v: 1,
    expanded: Array.isArray(s.expanded) ? s.expanded.filter((x): x is string => typeof x === 'string' && /^[cg]\d+$/.test(x)).slice(0, MAX_EXPANDED) : [],
    selected: typeof s.selected === 'number' && Number.isInteger(s.selected) && s.selected >= 0 ? s.selected : null,
    search: typeof s.search === 'string' ? s.search.slice(0, 200) : '',
    modules: s.modules !== false,
    modulesExpanded: restoreExpanded(s.modulesExpanded),
  };
}

interface Side {
  payload: Extract<AnalysisPayload, { ok: true }>;
  model: PartitionsModel;
}

let primary: Side | null = null;
/** The payloads as received; `primary`/`compare` hold what is shown (the deployed ops when toggled). */
let rawPrimary: Extract<AnalysisPayload, { ok: true }> | null = null;
let rawCompare: Extract<AnalysisPayload, { ok: true }> | null = null;
/** Show the deployed graph (the ops the target runs, fused nodes named by what they cover) instead of the exported one. */
let showDeployed = false;
let primaryError: Extract<AnalysisPayload, { ok: false }> | null = null;
let compare: Side | null = null;
let compareError: string | null = null;
let graph: DataGraph | null = null;
let laid: GraphLayout | null = null;
let matches: number[] = [];
let matchCursor = -1;
let panelState: PanelStateMessage | undefined;
let loadingFile: string | null = null;
/** The graph is drawn, the deployed graph's sections are still arriving (the Deployed ops button waits). */
let restPending = false;

const client = new ModelPanelClient<UiState>({
  state: (s) => {
    panelState = s;
    renderToolbar();
  },
  loading: (fileName) => {
    loadingFile = fileName;
    if (!primary && !primaryError) renderState();
    busy.hidden = false;
  },
  // The first screen is drawn from the partition graph (or, from a host that sends none, the node
  // table and tensors), the order, the partitions and the flagging findings; the node table (the
  // details pane) and the deployed graph (`rest`) come after.
  needs: (keys) => keys.includes(PARTITION_GRAPH_KEY) ? ['diagnostics', PARTITION_GRAPH_KEY, 'order', 'partitions'] : ['diagnostics', 'nodes', 'tensors', 'order', 'partitions'],
  analysis: (payload, whole) => {
    busy.hidden = true;
    loadingFile = null;
    restPending = payload.ok && !whole;
    deployedButton.disabled = restPending;
    const first = payload.ok && !whole && !payload.report.nodes ? graphReport(payload.report) : undefined;
    const p = first && payload.ok ? { ...payload, report: first } : payload;
    if (p.ok) {
      const changedModel = primary?.payload.report.model.path !== p.report.model.path;
      rawPrimary = p;
      primary = side(p);
      primaryError = null;
      if (changedModel) {
        ui.expanded = [];
        ui.selected = null;
        fitPending = true;
      }
      if (compare && compare.payload.report.nodes.length !== p.report.nodes.length) compare = null;
    } else {
      primary = null;
      primaryError = p;
    }
    rebuild();
  },
  rest: (p) => {
    // The same nodes: the graph, its layout and the UI stay; only the deployed view needed the rest.
    restPending = false;
    deployedButton.disabled = false;
    if (rawPrimary?.report.model.path !== p.report.model.path) return;
    rawPrimary = p;
    if (primary && !showDeployed) primary = { payload: { ...p, report: p.report }, model: primary.model };
    renderDetails();
  },
  comparison: (p) => {
    compare = null;
    compareError = null;
    rawCompare = p?.ok ? p : null;
    const c = p?.ok ? side(p) : null;
    if (c && primary && c.payload.report.nodes.length === primary.payload.report.nodes.length) compare = c;
    else if (p && !p.ok) compareError = p.error;
    rebuild();
  },
}, restoreUi);
const ui = client.ui;

/** What one side shows: the exported graph, or its deployed ops. */
function side(p: Extract<AnalysisPayload, { ok: true }>): Side {
  const report = showDeployed ? deployedView(p.report) ?? p.report : p.report;
  return { payload: { ...p, report }, model: partitionsModel(report) };
}

/** Reveal takes an original node: a deployed op reveals the node it anchors on. */
function originalNode(v: number): number {
  const r = primary?.payload.report;
  return showDeployed && r ? r.nodes[v]?.covers?.[0] ?? v : v;
}

// ---------------------------------------------------------------------------------------------
// skeleton

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
clear(app);
const busy = h('div', { class: 'busy', role: 'progressbar', 'aria-label': 'Analyzing', hidden: true });
const toolbar = h('div', { class: 'toolbar' });
const banner = h('div', { class: 'banner', role: 'status', hidden: true });
const strips = h('div', { class: 'strips' });
const legend = h('div', { class: 'legend' });
const main = h('div', { class: 'main' });
const stateBox = h('div', { class: 'state-box' });
const SVG = 'http://www.w3.org/2000/svg';
const svg = document.createElementNS(SVG, 'svg');
svg.setAttribute('class', 'graph');
svg.setAttribute('role', 'img');
svg.setAttribute('aria-label', 'Model graph colored by partition');
const viewport = document.createElementNS(SVG, 'g');
svg.append(viewport);
const details = h('aside', { class: 'details', hidden: true });
const modulePane = h('aside', { class: 'modules-pane', 'aria-label': 'Modules', hidden: true });
const graphBox = h('div', { class: 'graph-box' }, svg as unknown as Node);
main.append(modulePane, graphBox, details);
app.append(busy, toolbar, banner, legend, strips, stateBox, main);

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function slotClass(slot: ColorSlot | undefined): string {
  if (!slot || slot.kind === 'none') return 'slot-none';
  return slot.kind === 'cpu' ? 'slot-cpu' : `slot-accel-${slot.index}`;
}

// ---------------------------------------------------------------------------------------------
// toolbar

const targetSelect = h('select', { 'aria-label': 'Target', title: 'Target the partitions are computed for' });
const compareSelect = h('select', { 'aria-label': 'Compare with', title: 'Show a second target side by side' });
const search = h('input', { type: 'search', placeholder: 'Search node or op', 'aria-label': 'Search nodes by name or op', value: ui.search });
const searchInfo = h('span', { class: 'muted search-info' });
const fitButton = h('button', { class: 'btn', title: 'Fit the graph to the panel' }, 'Fit');
const pinButton = h('button', { class: 'btn', 'aria-pressed': 'false' }, 'Pin');
const deployedButton = h('button', { class: 'btn', 'aria-pressed': 'false', title: 'Show the ops the target runs (fused nodes named by what they cover) instead of the exported graph' }, 'Deployed ops');
const modulesButton = h('button', { class: 'btn', 'aria-pressed': String(ui.modules), title: 'The graph rolled up by module: each module\'s ops, how many run on the accelerator and the CPU, and the partitions it spans; click one to highlight it' }, 'Modules');
const title = h('span', { class: 'title' });
toolbar.append(title,
  h('label', { class: 'field' }, 'Target ', targetSelect),
  h('label', { class: 'field' }, 'Compare ', compareSelect),
  h('span', { class: 'field' }, search, searchInfo),
  fitButton, deployedButton, modulesButton, pinButton);

modulesButton.addEventListener('click', () => {
  ui.modules = !ui.modules;
  modulesButton.setAttribute('aria-pressed', String(ui.modules));
  client.save();
  renderModules();
});

deployedButton.addEventListener('click', () => {
  showDeployed = !showDeployed;
  deployedButton.setAttribute('aria-pressed', String(showDeployed));
  ui.expanded = [];
  ui.selected = null;
  fitPending = true;
  if (rawPrimary) primary = side(rawPrimary);
  const c = rawCompare ? side(rawCompare) : null;
  compare = c && primary && c.payload.report.nodes.length === primary.payload.report.nodes.length ? c : null;
  rebuild();
});

targetSelect.addEventListener('change', () => client.setTarget(targetSelect.value === '' ? null : targetSelect.value));
compareSelect.addEventListener('change', () => client.setCompareTarget(compareSelect.value === '' ? null : compareSelect.value));
pinButton.addEventListener('click', () => client.pin(!(panelState?.pinned ?? false)));
fitButton.addEventListener('click', () => fit(true));

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}

function renderToolbar(): void {
  const s = panelState;
  title.textContent = s ? s.fileName : '';
  clear(targetSelect);
  clear(compareSelect);
  if (s) {
    const ws = s.targets.find((t) => t.id === s.workspaceTargetId);
    targetSelect.append(option('', `Workspace target (${ws?.id ?? s.workspaceTargetId})`, s.targetId === null));
    compareSelect.append(option('', 'Off', s.compareTargetId === null));
    for (const t of s.targets) {
      // The id first: names share long prefixes ("ONNX Runtime with the …") that a narrow select cuts.
      const label = `${t.id} — ${t.name}${t.delegate ? '' : ' (no delegate)'}`;
      targetSelect.append(option(t.id, label, s.targetId === t.id));
      compareSelect.append(option(t.id, label, s.compareTargetId === t.id));
    }
  }
  pinButton.setAttribute('aria-pressed', String(s?.pinned ?? false));
  pinButton.textContent = s?.pinned ? 'Pinned' : 'Pin';
  pinButton.title = s?.pinned ? 'Pinned to this model: click to follow the active editor again' : 'Follows the active editor: click to keep showing this model';
}

let searchTimer: number | undefined;
search.addEventListener('input', () => {
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => {
    ui.search = search.value;
    client.save();
    runSearch(false);
  }, 120);
});
search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    ui.search = search.value;
    runSearch(true, e.shiftKey ? -1 : 1);
  } else if (e.key === 'Escape') {
    search.value = '';
    ui.search = '';
    runSearch(false);
  }
});

function runSearch(step: boolean, dir = 1): void {
  if (!primary) return;
  const before = matches.join(',');
  matches = searchNodes(primary.payload.report, primary.model.order, ui.search);
  if (matches.join(',') !== before) matchCursor = -1;
  if (step && matches.length) {
    matchCursor = (matchCursor + dir + matches.length) % matches.length;
    select(matches[matchCursor]!, true);
  } else paintHighlights();
  searchInfo.textContent = ui.search.trim() ? (matches.length ? `${matchCursor >= 0 ? matchCursor + 1 : '–'}/${matches.length}${matches.length === 200 ? '+' : ''}` : 'no match') : '';
}

// ---------------------------------------------------------------------------------------------
// state screens and banner

function renderState(): void {
  clear(stateBox);
  main.hidden = true;
  legend.hidden = true;
  strips.hidden = true;
  banner.hidden = true;
  if (primaryError) {
    const p = primaryError;
    const retry = h('button', { class: 'btn' }, 'Retry');
    retry.addEventListener('click', () => void client.command('reanalyze').catch(() => {}));
    append(stateBox, [h('div', { class: 'state state-error', role: 'alert' },
      h('h2', null, `Could not analyze ${p.fileName}`),
      h('pre', { class: 'error-message' }, p.error),
      h('p', { class: 'muted' }, 'The file could not be read as an ONNX or TFLite model, so there is no graph to partition.'),
      retry)]);
    return;
  }
  append(stateBox, [h('div', { class: 'state', role: 'status' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h('p', null, loadingFile ? `Analyzing ${loadingFile}…` : 'Loading…'))]);
}

function renderBanner(): void {
  clear(banner);
  banner.hidden = true;
  if (!primary) return;
  const m = primary.model;
  const lines: string[] = [];
  if (!m.hasDelegate) lines.push(`Runs entirely on ${m.targetName}: no partitions. Pick a target with a delegate to see how the graph splits.`);
  else if (m.partitions.length === 1 && m.accelNodes === primary.payload.report.nodes.length) lines.push(`Every node runs on ${m.delegate ?? 'the accelerator'}: one partition, no fallback.`);
  if (compareError) lines.push(`Comparison failed: ${compareError}`);
  if (!lines.length) return;
  for (const l of lines) banner.append(h('div', null, l));
  banner.hidden = false;
}

function renderLegend(): void {
  clear(legend);
  if (!primary) return;
  const m = primary.model;
  legend.append(h('span', { class: 'summary' }, partitionSummaryText(m, primary.payload.report)));
  if (m.hasDelegate) {
    // Dozens of chips say less than a count: the first ones, then how many more.
    const LEGEND_MAX = 12;
    for (const p of m.partitions.slice(0, LEGEND_MAX)) {
      const chip = h('span', { class: `chip ${slotClass(p.slot)}`, title: `${p.nodes} nodes, ${p.ops} deployed ops · in ${p.bytesIn === null ? '?' : formatBytes(p.bytesIn)} · out ${p.bytesOut === null ? '?' : formatBytes(p.bytesOut)}` },
        h('span', { class: 'swatch' }), partitionChipText(p));
      legend.append(chip);
    }
    if (m.partitions.length > LEGEND_MAX) legend.append(h('span', { class: 'muted' }, `+${m.partitions.length - LEGEND_MAX} more`));
    legend.append(h('span', { class: 'chip flag-chip' }, h('span', { class: 'swatch flag' }), 'fragments the graph'));
    legend.append(h('span', { class: 'chip' }, h('span', { class: 'swatch boundary' }), 'bytes crossing partitions'));
  }
  if (m.folded) legend.append(h('span', { class: 'muted', title: 'Nodes in no partition are constants folded before the runtime sees the graph' }, `${m.folded} constant-folded nodes hidden`));
  if (compare) legend.append(h('span', { class: 'summary compare-summary' }, `right band: ${partitionSummaryText(compare.model, compare.payload.report)}`));
}

// ---------------------------------------------------------------------------------------------
// strips: execution order, one cell per node, runs merged into one rect

function renderStrips(): void {
  clear(strips);
  if (!primary) return;
  const order = primary.model.order;
  for (const side of compare ? [primary, compare] : [primary]) {
    const n = order.length;
    const s = svgEl('svg', { class: 'strip', viewBox: `0 0 ${Math.max(1, n)} 10`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `Execution order on ${side.model.targetName}` });
    let start = 0;
    for (let i = 1; i <= n; i++) {
      const pa = side.model.partitionOf[order[start]!]!;
      if (i < n && side.model.partitionOf[order[i]!] === pa) continue;
      const p = side.model.partitions[pa];
      const r = svgEl('rect', { x: start, y: 0, width: i - start, height: 10, class: `cell ${slotClass(p?.slot)}` },
        svgEl('title', {}, `${p?.label ?? '—'}: ${i - start} node${i - start === 1 ? '' : 's'} (steps ${start + 1}–${i})`));
      s.append(r);
      start = i;
    }
    // Adjacent flagged steps as one tick (the same pixels; thousands of rects for a 10k-node decoder otherwise).
    for (let i = 0; i < n; i++) {
      if (!side.model.flagged.has(order[i]!)) continue;
      let j = i + 1;
      while (j < n && side.model.flagged.has(order[j]!)) j++;
      s.append(svgEl('rect', { x: i, y: 0, width: j - i, height: 3, class: 'flag-tick' }));
      i = j - 1;
    }
    if (ui.selected !== null) {
      const at = order.indexOf(ui.selected);
      if (at >= 0) s.append(svgEl('rect', { x: at, y: 0, width: Math.max(1, n / 400), height: 10, class: 'strip-cursor' }));
    }
    s.addEventListener('click', (e) => {
      const box = s.getBoundingClientRect();
      const i = Math.min(n - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * n)));
      select(order[i]!, true);
    });
    strips.append(h('div', { class: 'strip-row' }, h('span', { class: 'strip-label', title: side.model.targetName }, side.model.targetId || side.model.targetName), s as unknown as Node));
  }
}

// ---------------------------------------------------------------------------------------------
// graph

let scale = 1;
let tx = 0;
let ty = 0;
let fitPending = true;
const boxOf = new Map<string, SVGGElement>();
const itemOfNode = new Map<number, LaidItem>();

function applyTransform(): void {
  viewport.setAttribute('transform', `translate(${tx},${ty}) scale(${scale})`);
  // Text at small scales is unreadable and the costliest part to paint: hide it.
  svg.classList.toggle('far', scale < 0.35);
}

function fit(all: boolean): void {
  if (!laid) return;
  const w = graphBox.clientWidth || 800;
  const hgt = graphBox.clientHeight || 600;
  const full = Math.min(w / laid.width, hgt / laid.height);
  const first = primary ? itemOfNode.get(primary.model.order[0] ?? -1) : undefined;
  if (all || full >= 0.75 || !first) {
    scale = Math.min(1.5, full);
    tx = (w - laid.width * scale) / 2;
    ty = (hgt - laid.height * scale) / 2;
  } else {
    // A big graph fitted whole is unreadable: the first view is readable and starts where execution does.
    scale = Math.max(full, 0.75);
    tx = Math.min(16, Math.max(w - laid.width * scale - 16, w / 2 - first.x * scale));
    ty = 16 - (first.y - first.height / 2) * scale;
  }
  applyTransform();
}

function centerOn(it: LaidItem): void {
  const w = graphBox.clientWidth || 800;
  const hgt = graphBox.clientHeight || 600;
  if (scale < 0.6) scale = 0.8;
  tx = w / 2 - it.x * scale;
  ty = hgt / 2 - it.y * scale;
  applyTransform();
}

function rebuild(): void {
  if (!primary) {
    laid = null;
    renderState();
    return;
  }
  clear(stateBox);
  main.hidden = false;
  legend.hidden = false;
  strips.hidden = false;
  const report = primary.payload.report;
  if (ui.selected !== null && ui.selected >= report.nodes.length) ui.selected = null;
  graph = dataGraph(report);
  renderBanner();
  renderLegend();
  relayout();
  renderStrips();
  runSearch(false);
  renderDetails();
  renderModules();
}

// ---------------------------------------------------------------------------------------------
// module roll-up (the tree comes with the payload: src/core/modules on the host)

const moduleExpanded = new Set<string>(ui.modulesExpanded);
let moduleView: ModuleTreeView | null = null;
let moduleTreeShown: ModuleTree | null = null;

function shownModules(): ModuleTree | null {
  const p = rawPrimary;
  if (!p) return null;
  return (showDeployed ? p.deployedModules ?? p.modules : p.modules) ?? null;
}

/** Every node under a module (its own and its children's). */
function moduleNodes(tree: ModuleTree, m: ModuleEntry): number[] {
  const out: number[] = [];
  const walk = (x: ModuleEntry) => {
    out.push(...x.items);
    for (const c of x.children) walk(tree.modules[c]!);
  };
  walk(m);
  return out;
}

/** Highlight a module's nodes and bring them into view. */
function showModule(tree: ModuleTree, m: ModuleEntry): void {
  matches = moduleNodes(tree, m);
  matchCursor = -1;
  searchInfo.textContent = `${m.label}: ${matches.length}`;
  paintHighlights();
  const items = [...new Set(matches.map((v) => itemOfNode.get(v)).filter((x): x is LaidItem => x !== undefined))];
  if (!items.length) return;
  const x0 = Math.min(...items.map((i) => i.x - i.width / 2));
  const x1 = Math.max(...items.map((i) => i.x + i.width / 2));
  const y0 = Math.min(...items.map((i) => i.y - i.height / 2));
  const y1 = Math.max(...items.map((i) => i.y + i.height / 2));
  const w = graphBox.clientWidth || 800;
  const hgt = graphBox.clientHeight || 600;
  scale = Math.max(0.35, Math.min(1.5, Math.min(w / (x1 - x0 + 80), hgt / (y1 - y0 + 80))));
  tx = w / 2 - ((x0 + x1) / 2) * scale;
  ty = hgt / 2 - ((y0 + y1) / 2) * scale;
  applyTransform();
}

function moduleColumns(): ModuleColumn[] {
  const hasDelegate = primary?.model.hasDelegate ?? false;
  const cols: ModuleColumn[] = [{ id: 'items', label: showDeployed ? 'Ops' : 'Nodes', numeric: true, module: (m) => String(m.totals.items) }];
  if (hasDelegate) {
    cols.push(
      { id: 'split', label: 'Acc/CPU', numeric: true, module: (m) => `${m.totals.accelerator} / ${m.totals.cpu}`, title: 'Nodes on the accelerator / nodes that fall back to the CPU' },
      { id: 'parts', label: 'Parts', numeric: true, module: (m) => String(m.totals.partitions), title: 'Partitions the module\'s nodes run in' },
    );
  }
  cols.push(verdictColumn('', true));
  return cols;
}

function renderModules(): void {
  const tree = shownModules();
  modulePane.hidden = !ui.modules || !tree || tree.modules.length < 2 || !primary;
  if (modulePane.hidden || !tree || !primary) return;
  const report = primary.payload.report;
  const options = {
    tree, columns: moduleColumns(), expanded: moduleExpanded,
    noun: showDeployed ? 'ops' : 'nodes',
    itemLabel: (i: number) => ({ name: report.nodes[i]?.name ?? `#${i}`, op: report.nodes[i]?.op ?? '' }),
    itemLevel: (i: number) => (primary?.model.flagged.has(i) ? 'level-warn' : undefined),
    onToggle: () => { ui.modulesExpanded = [...moduleExpanded]; client.save(); },
    onItem: (i: number) => select(i, true),
    onModule: (m: ModuleEntry) => showModule(tree, m),
  };
  if (!moduleView || moduleTreeShown !== tree) {
    moduleView = new ModuleTreeView(options);
    moduleTreeShown = tree;
    clear(modulePane);
    modulePane.append(h('h3', null, 'Modules'), moduleView.element);
  } else moduleView.update(options);
}

function relayout(): void {
  if (!primary || !graph) return;
  const report = primary.payload.report;
  const items = collapseChains(report, graph, primary.model, compare?.model ?? null, new Set(ui.expanded));
  laid = layoutItems(dagre, items, graph);
  drawGraph(report);
  if (fitPending) {
    fitPending = false;
    requestAnimationFrame(() => fit(false));
  }
}

function drawGraph(report: Report): void {
  if (!laid || !primary) return;
  clear(viewport);
  boxOf.clear();
  itemOfNode.clear();
  const m = primary.model;
  const edges = svgEl('g', { class: 'edges' });
  const labels = svgEl('g', { class: 'edge-labels' });
  for (const e of laid.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
    edges.append(svgEl('path', { d, class: e.boundary && m.hasDelegate ? 'edge boundary' : 'edge', 'marker-end': 'url(#arrow)' }));
    if (e.boundary && m.hasDelegate) {
      const mid = e.points[Math.floor(e.points.length / 2)]!;
      const text = e.bytes === null ? '? B' : formatBytes(e.bytes);
      const wdt = text.length * 6.4 + 10;
      labels.append(svgEl('g', { class: 'edge-label', transform: `translate(${mid.x.toFixed(1)},${mid.y.toFixed(1)})` },
        svgEl('title', {}, `crosses partitions: ${e.tensors.join(', ')} (${text} per inference)`),
        svgEl('rect', { x: -wdt / 2, y: -8, width: wdt, height: 16, rx: 3 }),
        svgEl('text', { x: 0, y: 4, 'text-anchor': 'middle' }, text)));
    }
  }
  const defs = svgEl('defs', {}, svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svgEl('path', { d: 'M0,0L10,5L0,10z', class: 'arrow' })));
  const nodes = svgEl('g', { class: 'nodes' });
  for (const it of laid.items) {
    for (const v of it.nodes) itemOfNode.set(v, it);
    const p = m.partitions[it.partition];
    const cp = compare ? compare.model.partitions[it.comparePartition] : undefined;
    const x = it.x - it.width / 2;
    const y = it.y - it.height / 2;
    const g = svgEl('g', { class: `box ${it.kind} ${slotClass(p?.slot)}${it.flagged ? ' flagged' : ''}`, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, 'data-id': it.id, tabindex: -1 });
    g.append(svgEl('rect', { class: 'body', width: it.width, height: it.height, rx: 4 }));
    g.append(svgEl('rect', { class: 'band', width: 6, height: it.height, rx: 2 }));
    if (compare) g.append(svgEl('rect', { class: `band cmp ${slotClass(cp?.slot)}`, x: it.width - 6, width: 6, height: it.height, rx: 2 }));
    const first = report.nodes[it.nodes[0]!]!;
    const tip: string[] = [];
    if (it.kind === 'chain') {
      g.append(svgEl('text', { class: 'op', x: 14, y: 19 }, clip(chainLabel(report, it.nodes), it.flaggedInside ? 24 : 27) + (it.flaggedInside ? '  ⚠' : '')));
      g.append(svgEl('text', { class: 'name', x: 14, y: 37 }, `▸ expand · ${clip(first.name || `#${first.index}`, 18)}`));
      tip.push(`${it.nodes.length} nodes in ${p?.label ?? '—'}: ${it.nodes.slice(0, 12).map((v) => report.nodes[v]!.op).join(' → ')}${it.nodes.length > 12 ? ' → …' : ''}`);
      if (it.flaggedInside) tip.push(`⚠ ${it.flaggedInside} flagged node(s) inside: expand to see them`);
    } else {
      g.append(svgEl('text', { class: 'op', x: 14, y: 17 }, clip(first.op, 22) + (it.flagged ? '  ⚠' : '')));
      g.append(svgEl('text', { class: 'name', x: 14, y: 32 }, clip(first.name || `#${first.index}`, 24)));
      tip.push(`${first.op} '${first.name}' — ${p?.label ?? '—'}${cp ? ` / ${cp.label} on ${compare!.model.targetName}` : ''}`);
      for (const why of m.flagged.get(first.index) ?? []) tip.push(`⚠ ${why}`);
      for (const why of compare?.model.flagged.get(first.index) ?? []) tip.push(`⚠ ${compare!.model.targetName}: ${why}`);
    }
    if (it.chain) tip.push('Alt+click collapses the chain');
    g.prepend(svgEl('title', {}, tip.join('\n')));
    boxOf.set(it.id, g);
    nodes.append(g);
  }
  viewport.append(defs, edges, nodes, labels);
  applyTransform();
  paintHighlights();
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function paintHighlights(): void {
  for (const g of boxOf.values()) g.classList.remove('match', 'selected');
  for (const v of matches) boxOf.get(itemOfNode.get(v)?.id ?? '')?.classList.add('match');
  if (ui.selected !== null) boxOf.get(itemOfNode.get(ui.selected)?.id ?? '')?.classList.add('selected');
}

/** Select a node: expand the chain hiding it, show its details, and optionally bring it into view. */
function select(v: number, reveal: boolean): void {
  ui.selected = v;
  const it = itemOfNode.get(v);
  if (it?.kind === 'chain' && ui.expanded.length < MAX_EXPANDED) {
    ui.expanded.push(it.id);
    relayout();
  }
  client.save();
  paintHighlights();
  renderStrips();
  renderDetails();
  const now = itemOfNode.get(v);
  if (reveal && now) centerOn(now);
}

// pan (drag), zoom (wheel), click
let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
svg.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, tx, ty, moved: false };
  svg.setPointerCapture(e.pointerId);
});
svg.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  drag.moved = true;
  svg.classList.add('panning');
  tx = drag.tx + dx;
  ty = drag.ty + dy;
  applyTransform();
});
svg.addEventListener('pointerup', (e) => {
  const wasDrag = drag?.moved ?? false;
  drag = null;
  svg.classList.remove('panning');
  if (wasDrag) return;
  const target = (e.target as Element | null)?.closest('g.box');
  const id = target?.getAttribute('data-id');
  const it = id ? laid?.items.find((x) => x.id === id) : undefined;
  if (!it) return;
  if (it.kind === 'chain') {
    ui.expanded.push(it.id);
    ui.selected = it.nodes[0]!;
    relayout();
    client.save();
    paintHighlights();
    renderDetails();
  } else if (e.altKey && it.chain) {
    ui.expanded = ui.expanded.filter((c) => c !== it.chain);
    relayout();
    client.save();
  } else select(it.nodes[0]!, false);
});
svg.addEventListener('wheel', (e) => {
  e.preventDefault();
  const box = svg.getBoundingClientRect();
  const px = e.clientX - box.left;
  const py = e.clientY - box.top;
  const k = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
  const next = Math.min(4, Math.max(0.02, scale * k));
  tx = px - ((px - tx) * next) / scale;
  ty = py - ((py - ty) * next) / scale;
  scale = next;
  applyTransform();
}, { passive: false });
new ResizeObserver(() => {
  if (fitPending) fit(false);
}).observe(graphBox);

// ---------------------------------------------------------------------------------------------
// details pane

function renderDetails(): void {
  clear(details);
  if (!primary || ui.selected === null) {
    details.hidden = true;
    return;
  }
  if (restPending) {
    // The first screen's nodes carry no costs, shapes or reasons: the node table is still arriving.
    details.hidden = false;
    append(details, [h('p', { class: 'muted', role: 'status' }, 'Loading details…')]);
    return;
  }
  const report = primary.payload.report;
  const d = nodeDetails(report, primary.model, ui.selected);
  if (!d) {
    details.hidden = true;
    return;
  }
  details.hidden = false;
  const close = h('button', { class: 'link close', title: 'Close', 'aria-label': 'Close details' }, '✕');
  close.addEventListener('click', () => {
    ui.selected = null;
    client.save();
    paintHighlights();
    renderDetails();
    renderStrips();
  });
  const reveal = h('button', { class: 'btn' }, 'Reveal in text view');
  const revealNote = h('span', { class: 'muted reveal-note' });
  reveal.addEventListener('click', () => {
    revealNote.textContent = '';
    client.revealNode(originalNode(d.index)).catch((e: unknown) => { revealNote.textContent = e instanceof Error ? e.message : String(e); });
  });
  const row = (k: string, v: string) => h('tr', null, h('th', null, k), h('td', null, v));
  const cmp = compare ? nodeDetails(compare.payload.report, compare.model, d.index) : undefined;
  append(details, [
    h('div', { class: 'details-head' }, h('h3', null, d.op), close),
    h('div', { class: 'node-name' }, d.name),
    h('table', { class: 'kv' },
      row('Node', `#${d.index}`),
      row('Partition', d.partition),
      cmp ? row(`On ${compare!.model.targetId}`, cmp.partition) : null,
      row('Support', d.support),
      row('Working set', d.workingSetBytes === null ? '—' : formatBytes(d.workingSetBytes)),
      row('MACs', formatMacs(d.macs)),
      row('Latency (est.)', d.latencyUs === null ? '—' : formatMicros(d.latencyUs))),
    d.reasons.length ? h('h4', null, 'Why') : null,
    d.reasons.length ? h('ul', { class: 'reasons' }, ...d.reasons.map((r) => h('li', null, r))) : null,
    cmp && cmp.reasons.length ? h('h4', null, `Why on ${compare!.model.targetId}`) : null,
    cmp && cmp.reasons.length ? h('ul', { class: 'reasons' }, ...cmp.reasons.map((r) => h('li', null, r))) : null,
    h('h4', null, 'Inputs'),
    h('ul', { class: 'tensors' }, ...d.inputs.map((t) => h('li', null, h('code', null, t.name), ` ${t.shape}`))),
    h('h4', null, 'Outputs'),
    h('ul', { class: 'tensors' }, ...d.outputs.map((t) => h('li', null, h('code', null, t.name), ` ${t.shape}`))),
    h('div', { class: 'actions' }, reveal, revealNote),
  ]);
}

renderState();
