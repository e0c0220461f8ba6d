// The Memory Timeline panel's page (host: src/extension/webviews/memoryTimelinePanel.ts on the shared
// model panel host). Numbers come from viewModel.ts, drawing from charts.ts; this file builds the
// page, the tooltip and the toolbar, and turns clicks into revealNode requests.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';

import { formatBytes } from '../../src/core/units';
import { ModelPanelClient } from '../shared/modelPanelClient';
import { append, clear, h, showNotice as showNoticeIn } from '../shared/dom';
import { targetControls } from '../shared/panelToolbar';
import type { AnalysisPayload, PanelStateMessage, Report, WebviewCommand } from '../shared/protocol';
import type { Chart, ChartEvents } from './charts';
import { arenaChart, timelineChart, workingSetChart } from './charts';
import type { AliveTensor, ArenaRect, Level, MemoryViewModel } from './viewModel';
import { aliveAt, memoryViewModel, nodeLabel, percentOf } from './viewModel';
import { deployedView } from '../shared/deployedView';
import type { ModuleTree } from '../shared/protocol';
import { ModuleTreeView, restoreExpanded, verdictColumn, type ModuleColumn } from '../shared/moduleTreeView';

interface UiState {
  /** The reordering table shows every moved node, not only the first ones. */
  allMoves: boolean;
  /** Expanded modules of the working-set roll-up. */
  expanded: string[];
}

const MOVES_SHOWN = 12;
const TOOLTIP_TENSORS = 8;

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const busy = h('vscode-progress-bar', { class: 'busy', indeterminate: true, hidden: true, 'aria-label': 'Analyzing' });
const notice = h('div', { class: 'notice', role: 'alert', hidden: true });
const tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
document.body.prepend(busy, notice);
document.body.append(tooltip);

let current: { report: Report; model: MemoryViewModel; modules: ModuleTree | null } | null = null;
let charts: Chart[] = [];
let panelState: PanelStateMessage | undefined;

const client = new ModelPanelClient<UiState>({
  state(s) {
    panelState = s;
    renderToolbar();
  },
  loading(fileName) {
    busy.hidden = false;
    if (!current) renderLoading(fileName);
  },
  analysis(p) {
    busy.hidden = true;
    render(p);
  },
  // The memory panel shows one target; the comparison stays off.
  comparison() {},
}, (raw) => ({
  allMoves: typeof raw === 'object' && raw !== null && (raw as { allMoves?: unknown }).allMoves === true,
  expanded: restoreExpanded(typeof raw === 'object' && raw !== null ? (raw as { expanded?: unknown }).expanded : undefined),
}));
const moduleExpanded = new Set<string>(client.ui.expanded);

function showNotice(text: string): void {
  showNoticeIn(notice, text, 'sev-error');
}

function reveal(node: number): void {
  client.revealNode(node).catch((e: unknown) => showNotice(`Could not reveal node ${node}: ${e instanceof Error ? e.message : String(e)}`));
}

function run(command: WebviewCommand): void {
  client.command(command).catch((e: unknown) => showNotice(`${command} failed: ${e instanceof Error ? e.message : String(e)}`));
}

function button(label: string, onClick: () => void, options: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const b = h('vscode-button', { secondary: options.secondary === true, title: options.title });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function link(label: string, node: number, title?: string): HTMLElement {
  const b = h('button', { class: 'link', title: title ?? 'Show this node in the model text view' }, label);
  b.addEventListener('click', () => reveal(node));
  return b;
}

// ---------------------------------------------------------------------------------------------
// toolbar: pin and target (the host keeps them; the page only asks)

const toolbar = h('div', { class: 'toolbar' });

function renderToolbar(): void {
  clear(toolbar);
  const s = panelState;
  if (!s) return;
  toolbar.append(...targetControls(s, { setTarget: (t) => client.setTarget(t), pin: (p) => client.pin(p) },
    { workspaceOption: (name) => `Workspace target (${name})` }));
}

// ---------------------------------------------------------------------------------------------
// states

function renderLoading(fileName: string): void {
  current = null;
  charts = [];
  clear(app);
  app.append(h('div', { class: 'state', role: 'status' },
    h('vscode-progress-ring', { 'aria-label': 'Analyzing' }),
    h('p', null, `Analyzing ${fileName}…`)));
}

function renderProblem(title: string, detail: string, fileName: string, pre?: string): void {
  current = null;
  charts = [];
  clear(app);
  app.append(header(fileName, null),
    h('div', { class: 'state state-error', role: 'alert' },
      h('div', { class: 'state-icon sev-error', 'aria-hidden': 'true' }, '✖'),
      h('h2', null, title),
      pre ? h('pre', { class: 'error-message' }, pre) : null,
      h('p', { class: 'muted' }, detail),
      h('div', { class: 'actions' },
        button('Retry', () => run('reanalyze')),
        button('Select Target', () => run('selectTarget'), { secondary: true }))));
}

function header(fileName: string, m: MemoryViewModel | null): HTMLElement {
  return h('header', { class: 'header' },
    h('div', null,
      h('h1', null, 'Memory timeline ', h('span', { class: 'muted file' }, fileName)),
      m ? h('div', { class: 'subtitle muted' }, `${m.targetName} · ${m.sramBytes === null ? 'no SRAM size in the profile' : `${formatBytes(m.sramBytes)} SRAM`} · ${m.steps.length} steps`) : null),
    toolbar);
}

function render(p: AnalysisPayload): void {
  notice.hidden = true;
  if (!p.ok) {
    renderProblem(`Could not analyze ${p.fileName}`,
      `Target: ${p.targetId}. A truncated or corrupt file, or one that is not an ONNX or TFLite model, ends here; the message names the byte offset and field where reading stopped.`,
      p.fileName, p.error);
    return;
  }
  const r = memoryViewModel(p.report, p.fileName, p.targetId);
  if (!r.ok) {
    renderProblem(r.title, r.detail, p.fileName);
    return;
  }
  // The plan's steps are the deployed ops: their roll-up (each op placed by the node it anchors on).
  current = { report: p.report, model: r.model, modules: p.deployedModules ?? p.modules ?? null };
  draw();
}

// ---------------------------------------------------------------------------------------------
// the panel

function levelClass(level: Level | null): string {
  return `level-${level ?? 'none'}`;
}

function tensorList(tensors: readonly AliveTensor[], limit: number): HTMLElement {
  const ul = h('ul', { class: 'tensors' });
  for (const t of tensors.slice(0, limit)) ul.append(h('li', null, h('span', { class: 'tensor-name' }, t.tensor), h('span', { class: 'tensor-bytes' }, formatBytes(t.bytes))));
  if (tensors.length > limit) ul.append(h('li', { class: 'muted' }, `+${tensors.length - limit} more`));
  return ul;
}

function peakCard(m: MemoryViewModel): HTMLElement {
  const p = m.peak;
  const stepInfo = m.steps[p.step]!;
  return h('section', { class: `peak ${levelClass(p.level)}` },
    h('div', { class: 'peak-head' },
      h('span', { class: 'peak-bytes' }, formatBytes(p.bytes)),
      h('span', null, ' peak at step ', String(p.step), ': '),
      link(stepInfo.name, stepInfo.node),
      h('span', { class: 'muted' }, ` (${stepInfo.op}), ${p.tensors.length} tensor${p.tensors.length === 1 ? '' : 's'} alive`),
      p.sramText ? h('span', { class: `pill ${levelClass(p.level)}` }, p.sramText) : null),
    tensorList(p.tensors, 6));
}

function legend(items: [string, string][]): HTMLElement {
  return h('div', { class: 'legend' }, ...items.map(([cls, text]) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), text)));
}

function sramNote(m: MemoryViewModel, dataMax: number): string | null {
  if (m.sramBytes === null || m.sramBytes <= dataMax * 3) return null;
  return `SRAM (${formatBytes(m.sramBytes)}) is above the chart: the highest value uses ${percentOf(dataMax, m.sramBytes)} of it.`;
}

function reorderSection(m: MemoryViewModel, ui: UiState): HTMLElement | null {
  const r = m.reordering;
  if (!r) return null;
  const rows = ui.allMoves ? r.moves : r.moves.slice(0, MOVES_SHOWN);
  const table = h('table', { class: 'moves' },
    h('thead', null, h('tr', null, h('th', { class: 'num' }, 'Step'), h('th', { class: 'num' }, 'Now'), h('th', null, 'Node'), h('th', null, 'Op'))),
    h('tbody', null, ...rows.map((mv) => h('tr', null,
      h('td', { class: 'num' }, String(mv.step)), h('td', { class: 'num muted' }, String(mv.was)),
      h('td', null, link(mv.name, mv.node)), h('td', { class: 'muted' }, mv.op)))));
  const more = r.moves.length > MOVES_SHOWN
    ? h('button', { class: 'link' }, ui.allMoves ? 'Show fewer' : `Show all ${r.moves.length} moved nodes`)
    : null;
  more?.addEventListener('click', () => {
    ui.allMoves = !ui.allMoves;
    client.save();
    draw();
  });
  return h('section', { class: 'reorder' },
    h('h2', null, 'Suggested execution order', h('span', { class: 'pill level-ok' }, `saves ${formatBytes(r.savedBytes)}`)),
    h('p', null, r.summary, ' The dashed line in the timeline is its live-bytes curve. TFLite Micro runs nodes in the order of the file, so export them in this order (or reorder the graph before conversion).'),
    h('p', { class: 'muted' }, `${r.moves.length} node${r.moves.length === 1 ? '' : 's'} change position:`),
    table, more);
}

function draw(): void {
  if (!current) return;
  const m = current.model;
  const scrollY = window.scrollY;
  clear(app);
  const width = Math.max(360, Math.floor(app.clientWidth || document.body.clientWidth - 40));
  const events: ChartEvents = {
    hover: (step, at, rect) => hover(step, at, rect),
    pick: (node) => reveal(node),
  };
  charts = [timelineChart(m, width, events), arenaChart(m, width, events), workingSetChart(m, width, events)];
  const [timeline, arena, bars] = charts as [Chart, Chart, Chart];
  const wsMax = m.steps.reduce<{ bytes: number; node: number; name: string } | null>((best, st) =>
    st.workingSetBytes !== null && (best === null || st.workingSetBytes > best.bytes) ? { bytes: st.workingSetBytes, node: st.node, name: st.name } : best, null);
  const timelineLegend: [string, string][] = [['sw-live', 'live activation bytes'], ['sw-peak', 'peak step']];
  if (m.reordering) timelineLegend.push(['sw-reorder', 'suggested order']);
  if (m.sramBytes !== null) timelineLegend.push(['sw-sram', 'SRAM']);

  append(app, [
    header(m.fileName, m),
    m.unknown ? h('div', { class: 'unknown', role: 'note' }, h('span', { class: 'sev-warn', 'aria-hidden': 'true' }, '⚠ '), m.unknown.message) : null,
    peakCard(m),
    h('section', null,
      h('h2', null, 'Live activation bytes per step'),
      legend(timelineLegend),
      timeline.element,
      note(sramNote(m, m.peak.bytes))),
    h('section', null,
      h('h2', null, 'Arena plan',
        m.tflm ? h('span', { class: `pill ${levelClass(m.tflm.level)}`, title: 'TensorFlow Lite Micro\'s own minimum arena' }, `TFLM ${formatBytes(m.tflm.bytes)}`) : null,
        h('span', { class: `pill ${m.tflm ? 'level-none' : levelClass(m.arena.level)}`, title: 'DeployLens\'s plan of the planned tensors' }, m.tflm ? `plan ${formatBytes(m.arena.bytes)}` : formatBytes(m.arena.bytes))),
      m.tflm ? h('p', { class: 'tflm-arena' }, m.tflm.text) : null,
      h('p', { class: 'muted' }, `${m.arena.text}. Each rectangle is a tensor: x = the steps it is alive, y = its offset in the arena.`),
      arena.element,
      note(sramNote(m, m.arena.bytes))),
    h('section', null,
      h('h2', null, 'Working set per layer', m.overSram > 0 ? h('span', { class: 'pill level-error' }, `${m.overSram} over SRAM`) : null),
      h('p', { class: 'muted' }, 'What must be resident while each node runs: live inputs and outputs, kernel scratch where known, and weights on targets that keep them in SRAM.',
        wsMax ? ' Largest: ' : '', wsMax ? link(wsMax.name, wsMax.node) : null, wsMax ? ` (${formatBytes(wsMax.bytes)}).` : ''),
      bars.element,
      note(sramNote(m, m.maxWorkingSetBytes))),
    moduleSection(m, current.report, current.modules),
    reorderSection(m, client.ui),
    h('p', { class: 'muted hint' }, 'Hover a chart for the tensors alive at a step; click (or focus it and press Enter) to show the node in the model text view. Arrow keys move the cursor.'),
  ]);
  window.scrollTo(0, scrollY);
}

/** The working set rolled up by module: where the peak is, in the author's terms. */
function moduleSection(m: MemoryViewModel, report: Report, tree: ModuleTree | null): HTMLElement | null {
  if (!tree || tree.modules.length < 3) return null;
  const shown = deployedView(report) ?? report;
  const original = (v: number) => (shown === report ? v : shown.nodes[v]?.covers?.[0] ?? v);
  const sram = m.sramBytes;
  const columns: ModuleColumn[] = [
    { id: 'items', label: 'Ops', numeric: true, module: (x) => String(x.totals.items) },
    { id: 'ws', label: 'Peak working set', numeric: true, module: (x) => (x.totals.workingSetBytes === null ? '—' : formatBytes(x.totals.workingSetBytes)), item: (i) => { const b = shown.nodes[i]?.workingSetBytes; return b === undefined || b === null ? '—' : formatBytes(b); } },
    { id: 'sram', label: 'of SRAM', numeric: true, module: (x) => (sram && x.totals.workingSetBytes !== null ? percentOf(x.totals.workingSetBytes, sram) : ''), item: (i) => { const b = shown.nodes[i]?.workingSetBytes; return sram && b !== undefined && b !== null ? percentOf(b, sram) : ''; } },
    { id: 'params', label: 'Weights', numeric: true, module: (x) => (x.totals.paramBytes ? formatBytes(x.totals.paramBytes) : '') },
    verdictColumn('Support'),
  ];
  const view = new ModuleTreeView({
    tree, columns, expanded: moduleExpanded, noun: 'ops',
    itemLabel: (i) => ({ name: shown.nodes[i]?.name ?? `#${i}`, op: shown.nodes[i]?.op ?? '' }),
    itemLevel: (i) => { const b = shown.nodes[i]?.workingSetBytes; return sram && b !== undefined && b !== null && b > sram ? 'level-error' : undefined; },
    onToggle: () => { client.ui.expanded = [...moduleExpanded]; client.save(); },
    onItem: (i) => reveal(original(i)),
  });
  return h('section', null,
    h('h2', null, 'Working set by module'),
    h('p', { class: 'muted' }, 'Each module with the largest working set of its ops (they run one at a time) and its share of SRAM; expand a module for its ops, click an op to see it in the text view.'),
    view.element);
}

function note(text: string | null): HTMLElement | null {
  return text ? h('p', { class: 'muted chart-note' }, text) : null;
}

// ---------------------------------------------------------------------------------------------
// tooltip

function hover(step: number | null, at: { x: number; y: number }, rect?: ArenaRect): void {
  for (const c of charts) c.setCursor(step);
  if (step === null || !current) {
    tooltip.hidden = true;
    return;
  }
  const { report, model: m } = current;
  const st = m.steps[step]!;
  clear(tooltip);
  if (rect) {
    append(tooltip, [
      h('div', { class: 'tt-title' }, rect.tensor),
      h('div', null, `${formatBytes(rect.bytes)} at offset ${formatBytes(rect.offset)} (${rect.offset.toLocaleString('en-US')} B)`),
      h('div', { class: 'muted' }, `alive steps ${rect.first}–${rect.last}`),
      rect.node !== null ? h('div', { class: 'muted' }, `${rect.written ? 'written' : 'first read'} by ${nodeLabel(report, rect.node)}: click to show it`) : null,
      h('hr')]);
  }
  // Tensors of the deployed graph, whose steps the chart shows.
  const alive = aliveAt(m, deployedView(report) ?? report, step);
  tooltip.append(
    h('div', { class: 'tt-title' }, `Step ${step}: ${st.name}`),
    h('div', { class: 'muted' }, st.op),
    h('div', null, `Live ${formatBytes(st.liveBytes)}${m.sramBytes !== null ? ` (${percentOf(st.liveBytes, m.sramBytes)} of SRAM)` : ''}`),
    h('div', null, `Working set ${st.workingSetBytes === null ? 'unknown' : formatBytes(st.workingSetBytes)}`),
    h('div', { class: 'tt-sub' }, `${alive.length} tensor${alive.length === 1 ? '' : 's'} alive:`),
    tensorList(alive, TOOLTIP_TENSORS));
  tooltip.hidden = false;
  // Beside the pointer, flipped to stay inside the page.
  const box = tooltip.getBoundingClientRect();
  const left = at.x + 14 + box.width > window.innerWidth ? at.x - 14 - box.width : at.x + 14;
  const top = Math.min(window.innerHeight - box.height - 4, Math.max(4, at.y + 14));
  tooltip.style.left = `${Math.max(4, left)}px`;
  tooltip.style.top = `${top}px`;
}

// Charts are drawn for the page's width: redraw when it changes (panel resized or moved).
let lastWidth = 0;
let resizeTimer: number | undefined;
new ResizeObserver(() => {
  const w = app.clientWidth;
  if (Math.abs(w - lastWidth) < 8) return;
  lastWidth = w;
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(draw, 80);
}).observe(app);
