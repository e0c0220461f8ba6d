// The model overview custom editor's page: verdict, key numbers, operator histogram, the per-layer
// table and the findings of one model on the current target. All numbers come from viewModel.ts;
// this file only builds DOM, handles input and keeps the UI state (sort, filter, scroll) across
// the reloads VS Code does when the tab is hidden (retainContextWhenHidden is off to save memory).

import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

import { append, clear, h, showNotice as showNoticeIn } from '../shared/dom';
import type { AnalysisPayload, HostToWebviewMessage, LoadingProgress, WebviewCommand } from '../shared/protocol';
import { isHostToWebviewMessage } from '../shared/protocol';
import { reportErrorsToHost, reportPainted, reportShown, vscodeApi } from '../shared/vscodeApi';
import { ReportAssembly } from '../shared/reportAssembly';
import type { ColumnId, FilterSpec, Finding, Level, Metric, OverviewModel, SortSpec } from './viewModel';
import { cellText, filterRows, overviewModel, sortRows } from './viewModel';
import { oracleSection } from './oracleSection';
import type { ModuleSourcesPayload, ModuleTree } from '../shared/protocol';
import { ModuleTreeView, restoreExpanded, standardModuleColumns, verdictColumn } from '../shared/moduleTreeView';
import { formatMicros } from './viewModel';
import { tflmSection } from './tflmSection';

// ---------------------------------------------------------------------------------------------
// persisted UI state

interface UiState {
  v: 1;
  sort: SortSpec;
  filter: FilterSpec;
  scrollY: number;
  /** The layer table flat, or rolled up by module (null: chosen by the model's size). */
  view: 'layers' | 'modules' | null;
  /** Expanded module paths of the roll-up. */
  expanded: string[];
}

const COLUMN_IDS: readonly ColumnId[] = ['index', 'name', 'op', 'shape', 'macs', 'params', 'workingSet', 'latency', 'placement', 'vela', 'velaCycles'];
const DEFAULT_STATE: UiState = { v: 1, sort: { column: 'index', descending: false }, filter: { text: '', problemsOnly: false }, scrollY: 0, view: null, expanded: [] };

/** State saved by an older build (or garbage) falls back to the defaults field by field. */
function restoreState(raw: unknown): UiState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof UiState, unknown>>;
  const sort = (typeof s.sort === 'object' && s.sort !== null ? s.sort : {}) as Partial<Record<keyof SortSpec, unknown>>;
  const filter = (typeof s.filter === 'object' && s.filter !== null ? s.filter : {}) as Partial<Record<keyof FilterSpec, unknown>>;
  return {
    v: 1,
    sort: {
      column: COLUMN_IDS.includes(sort.column as ColumnId) ? (sort.column as ColumnId) : DEFAULT_STATE.sort.column,
      descending: sort.descending === true,
    },
    filter: {
      text: typeof filter.text === 'string' ? filter.text.slice(0, 200) : '',
      problemsOnly: filter.problemsOnly === true,
    },
    scrollY: typeof s.scrollY === 'number' && Number.isFinite(s.scrollY) ? Math.max(0, s.scrollY) : 0,
    view: s.view === 'layers' || s.view === 'modules' ? s.view : null,
    expanded: restoreExpanded(s.expanded),
  };
}

const vscode = vscodeApi<UiState>();
const state = restoreState(vscode.getState());
const saveState = () => vscode.setState(state);

// ---------------------------------------------------------------------------------------------
// requests to the host

let nextRequestId = 1;
const pending = new Map<number, string>();

function request(what: string, message: { type: 'revealNode'; node: number } | { type: 'command'; command: WebviewCommand } | { type: 'openModuleSource'; module: string }): void {
  const id = nextRequestId++;
  pending.set(id, what);
  vscode.postMessage({ ...message, id });
}

function runCommand(command: WebviewCommand, label: string): void {
  request(label, { type: 'command', command });
}

function revealNode(node: number): void {
  request(`Reveal node ${node}`, { type: 'revealNode', node });
}

// ---------------------------------------------------------------------------------------------
// page skeleton

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const busy = h('vscode-progress-bar', { class: 'busy', indeterminate: true, hidden: true, 'aria-label': 'Analyzing' });
const notice = h('div', { class: 'notice', role: 'alert', hidden: true });
document.body.prepend(busy, notice);

function showNotice(text: string): void {
  showNoticeIn(notice, text, 'sev-icon sev-error');
}

function button(label: string, onClick: () => void, options: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const b = h('vscode-button', { secondary: options.secondary === true, title: options.title });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

let model: OverviewModel | null = null;
const assembly = new ReportAssembly();
/** Scroll is restored once, after the first report is on the page (before that there is nothing to scroll). */
let scrollRestored = false;

const STAGE_TEXT: Record<LoadingProgress['stage'], string> = {
  queued: 'Waiting for the analyses ahead of it',
  reading: 'Reading the model structure (no weights)',
  shapes: 'Inferring shapes and costs',
  targets: 'Judging it on the target (lowering, compatibility, partitions, memory, latency)',
  report: 'Building the report',
  sending: 'Drawing the overview',
};

/** The analyzing state: which stage the analysis is in and how far, updated in place as progress arrives. */
let loadingView: { bar: HTMLElement & { value?: number; indeterminate?: boolean }; stage: HTMLElement; title: HTMLElement } | null = null;

function renderLoading(fileName: string | null, progress?: LoadingProgress): void {
  const title = fileName ? `Analyzing ${fileName}…` : 'Analyzing model…';
  if (!loadingView || !app.contains(loadingView.bar)) {
    clear(app);
    const bar = h('vscode-progress-bar', { class: 'analysis-progress', 'aria-label': 'Analysis progress', max: 100 }) as HTMLElement & { value?: number; indeterminate?: boolean };
    const stage = h('p', { class: 'muted stage', 'aria-live': 'polite' });
    const heading = h('h2', null, title);
    app.append(h('div', { class: 'state state-loading', role: 'status' }, h('vscode-progress-ring', { 'aria-label': 'Analyzing' }), heading, bar, stage));
    loadingView = { bar, stage, title: heading };
  }
  loadingView.title.textContent = title;
  if (progress && progress.stage !== 'queued') {
    loadingView.bar.indeterminate = false;
    loadingView.bar.value = Math.round(progress.fraction * 100);
  } else loadingView.bar.indeterminate = true;
  loadingView.stage.textContent = !progress ? 'Starting the analysis'
    : progress.stage === 'queued' ? `${STAGE_TEXT.queued} (${progress.queued} model${progress.queued === 1 ? '' : 's'} ahead)`
      : `${STAGE_TEXT[progress.stage]} — ${Math.round(progress.fraction * 100)}%`;
}

function renderError(p: Extract<AnalysisPayload, { ok: false }>): void {
  model = null;
  clear(app);
  app.append(h('div', { class: 'state state-error', role: 'alert' },
    h('div', { class: 'state-icon sev-error', 'aria-hidden': 'true' }, '✖'),
    h('h2', null, `Could not analyze ${p.fileName}`),
    h('pre', { class: 'error-message' }, p.error),
    h('p', { class: 'muted' }, `Target: ${p.targetId}. A truncated or corrupt file, or one that is not an ONNX or TFLite model, ends here; the message names the byte offset and field where reading stopped.`),
    h('div', { class: 'actions' },
      button('Retry', () => runCommand('reanalyze', 'Retry')),
      button('Select Target', () => runCommand('selectTarget', 'Select Target'), { secondary: true }))));
}

// ---------------------------------------------------------------------------------------------
// the report

const VERDICT_TEXT = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;
const SEVERITY_ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

function levelClass(level: Level | undefined): string {
  return `level-${level ?? 'unknown'}`;
}

/** A bar of `ratio` (clamped to 1 for the drawing; the text says how far over it is). */
function bar(ratio: number, level: Level | undefined, label: string): HTMLElement {
  const fill = h('div', { class: `bar-fill ${levelClass(level)}` });
  // CSSOM writes are allowed by the CSP (no inline style attributes are).
  fill.style.width = `${Math.max(0, Math.min(1, ratio)) * 100}%`;
  return h('div', { class: 'bar', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(ratio * 100) }, fill);
}

function metricCard(m: Metric): HTMLElement {
  return h('div', { class: `metric ${m.level ? levelClass(m.level) : ''}` },
    h('div', { class: 'metric-label' }, m.label),
    h('div', { class: 'metric-value' }, m.value),
    m.ratio !== undefined ? bar(m.ratio, m.level, m.label) : null,
    m.detail ? h('div', { class: 'metric-detail' }, m.detail) : null);
}

function header(m: OverviewModel): HTMLElement {
  const verdict = m.verdict
    ? h('vscode-badge', { class: `verdict verdict-${m.verdict}`, title: `Verdict on ${m.targetName ?? m.targetId}` }, VERDICT_TEXT[m.verdict])
    : null;
  return h('header', { class: 'header' },
    h('div', { class: 'title' },
      h('h1', null, m.fileName),
      h('div', { class: 'subtitle muted' }, `${m.format} · ${m.modelPath}`)),
    h('div', { class: 'target' },
      verdict,
      h('span', { class: 'target-name' }, m.targetName ? `${m.targetName}` : 'No target'),
      h('span', { class: 'muted' }, m.targetName ? ` (${m.targetId})` : ''),
      m.conversion ? h('div', { class: 'conversion muted' }, capitalized(m.conversion)) : null),
    h('div', { class: 'actions' },
      button('Open as Text', () => runCommand('openAsText', 'Open as Text')),
      button('Select Target', () => runCommand('selectTarget', 'Select Target'), { secondary: true }),
      button('Compare Targets', () => runCommand('compareTargets', 'Compare Targets'), { secondary: true }),
      button('Export Report', () => runCommand('exportReport', 'Export Report'), { secondary: true })));
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The int8 what-if beside the as-is verdict of a .tflite float model. */
function whatIfSection(m: OverviewModel): HTMLElement | null {
  const w = m.whatIf;
  if (!w) return null;
  return h('section', { class: 'what-if', 'aria-label': w.label },
    h('h2', null, w.label),
    h('p', null, h('vscode-badge', { class: `verdict verdict-${w.verdict}` }, VERDICT_TEXT[w.verdict]), ' ', w.text));
}

function histogramSection(m: OverviewModel): HTMLElement {
  const list = h('div', { class: 'histogram' });
  for (const b of m.histogram) {
    list.append(h('div', { class: 'hist-op' }, b.op), bar(b.ratio, undefined, `${b.op}: ${b.count}`), h('div', { class: 'hist-count' }, String(b.count)));
  }
  return h('section', { 'aria-labelledby': 'ops-h' }, h('h2', { id: 'ops-h' }, 'Operators'), list);
}

// The layer table: rebuilt body on every sort/filter change; header and toolbar stay. One page of
// rows is in the DOM at a time (a 10,000-node model would otherwise build 100,000 cells at once).
const ROW_LIMIT = 200;
let rowLimit = ROW_LIMIT;
let tbody: HTMLTableSectionElement | null = null;
let rowCount: HTMLElement | null = null;
let headerCells = new Map<ColumnId, HTMLTableCellElement>();
/** The progress bar of a layer table still being received (null once it is in). */
let layersProgress: (HTMLElement & { value?: number }) | null = null;

function renderRows(): void {
  if (!model || !tbody || !rowCount) return;
  const rows = sortRows(filterRows(model.rows, state.filter), state.sort);
  rowCount.textContent = rows.length === model.rows.length ? `${rows.length} layers` : `${rows.length} of ${model.rows.length} layers`;
  clear(tbody);
  const frag = document.createDocumentFragment();
  for (const r of rows.slice(0, rowLimit)) {
    const tr = h('tr', { tabindex: 0, 'data-node': r.index, class: levelClass(r.placementLevel), title: `Show node ${r.index} in the text view` });
    for (const c of model.columns) {
      const text = cellText(r, c.id);
      const td = h('td', { class: c.numeric ? 'num' : c.id === 'name' ? 'name' : undefined });
      if (c.id === 'placement') {
        td.append(h('span', { class: `placement ${levelClass(r.placementLevel)}`, title: r.reason }, text));
      } else if (c.id === 'vela' && r.vela) {
        td.append(h('span', { class: `placement vela ${levelClass(r.vela.level)}`, title: r.vela.reason }, text));
      } else {
        td.textContent = text;
        if (c.id === 'name') td.title = text;
      }
      tr.append(td);
    }
    frag.append(tr);
  }
  if (rows.length > rowLimit) {
    const more = h('button', { class: 'link' }, `Show ${Math.min(ROW_LIMIT, rows.length - rowLimit)} more`);
    more.addEventListener('click', () => { rowLimit += ROW_LIMIT; renderRows(); });
    frag.append(h('tr', { class: 'more' }, h('td', { colspan: model.columns.length }, `${rows.length - rowLimit} more layers not shown (filter or sort to find one). `, more)));
  }
  if (rows.length === 0) {
    frag.append(h('tr', { class: 'more' }, h('td', { colspan: model.columns.length }, 'No layer matches the filter.')));
  }
  tbody.append(frag);
  for (const [id, th] of headerCells) {
    th.setAttribute('aria-sort', id === state.sort.column ? (state.sort.descending ? 'descending' : 'ascending') : 'none');
  }
}

/** The module roll-up of the payload being shown, and where its script builds each module. */
let modules: ModuleTree | null = null;
let moduleSources: ModuleSourcesPayload | undefined;
let expanded = new Set<string>(state.expanded);

/** Flat for small models and models without a module structure; rolled up when there is one to show. */
function currentView(): 'layers' | 'modules' {
  if (!modules || modules.modules.length < 3) return 'layers';
  return state.view ?? (modules.modules[0]!.totals.items > 60 ? 'modules' : 'layers');
}

function moduleSection(m: OverviewModel, tree: ModuleTree): HTMLElement {
  const level = new Map(m.rows.map((r) => [r.index, r.placementLevel]));
  const columns = [...standardModuleColumns(formatMicros), verdictColumn()];
  // A layer row shows its own figures in the same columns.
  const byIndex = new Map(m.rows.map((r) => [r.index, r]));
  columns.find((c) => c.id === 'macs')!.item = (i) => cellText(byIndex.get(i)!, 'macs');
  columns.find((c) => c.id === 'params')!.item = (i) => cellText(byIndex.get(i)!, 'params');
  columns.find((c) => c.id === 'workingSet')!.item = (i) => cellText(byIndex.get(i)!, 'workingSet');
  columns.find((c) => c.id === 'latency')!.item = (i) => cellText(byIndex.get(i)!, 'latency');
  columns.find((c) => c.id === 'verdict')!.item = (i) => byIndex.get(i)!.placement;
  const view = new ModuleTreeView({
    tree, columns, expanded,
    itemLabel: (i) => ({ name: byIndex.get(i)?.name ?? `#${i}`, op: byIndex.get(i)?.op ?? '' }),
    itemLevel: (i) => levelClass(level.get(i)),
    onToggle: () => { state.expanded = [...expanded]; saveState(); },
    onItem: (i) => revealNode(i),
    ...(moduleSources ? { sources: moduleSources, onSource: (path: string) => request(`Open the script at ${path}`, { type: 'openModuleSource', module: path }) } : {}),
  });
  return view.element;
}

function viewSwitch(onChange: () => void): HTMLElement {
  const box = h('div', { class: 'view-switch', role: 'group', 'aria-label': 'Show layers' });
  for (const [id, label] of [['modules', 'By module'], ['layers', 'All layers']] as const) {
    const b = h('button', { 'aria-pressed': String(currentView() === id) }, label);
    b.addEventListener('click', () => {
      state.view = id;
      saveState();
      onChange();
    });
    box.append(b);
  }
  return box;
}

function layersSection(m: OverviewModel): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'layers-h' }, h('h2', { id: 'layers-h' }, 'Layers'));
  if (m.layersPending !== undefined) {
    layersProgress = h('vscode-progress-bar', { 'aria-label': 'Receiving the layers', value: 0 }) as HTMLElement & { value?: number };
    section.append(h('p', { class: 'muted', role: 'status' }, `Receiving the table of ${m.layersPending.toLocaleString('en-US')} layers…`), layersProgress);
    tbody = null;
    return section;
  }
  layersProgress = null;
  if (m.rows.length === 0) {
    section.append(h('p', { class: 'empty muted' }, 'The main graph has no nodes: there is nothing to run on the target.'));
    tbody = null;
    return section;
  }
  if (modules && modules.modules.length >= 3) {
    const rebuild = () => {
      const fresh = layersSection(m);
      section.replaceWith(fresh);
      renderRows();
    };
    section.querySelector('h2')!.append(viewSwitch(rebuild));
    if (currentView() === 'modules') {
      tbody = null;
      section.append(moduleSection(m, modules));
      return section;
    }
  }
  const filter = h('vscode-textfield', { placeholder: 'Filter by name, op, shape or reason', 'aria-label': 'Filter layers', class: 'filter' });
  filter.value = state.filter.text;
  filter.addEventListener('input', () => {
    state.filter.text = filter.value;
    rowLimit = ROW_LIMIT;
    renderRows();
    saveState();
  });
  const problems = h('vscode-checkbox', { label: 'Problems only' });
  problems.checked = state.filter.problemsOnly;
  problems.addEventListener('change', () => {
    state.filter.problemsOnly = problems.checked;
    renderRows();
    saveState();
  });
  rowCount = h('span', { class: 'muted row-count', 'aria-live': 'polite' });
  section.append(h('div', { class: 'toolbar' }, filter, problems, rowCount));

  headerCells = new Map();
  const headRow = h('tr');
  for (const c of m.columns) {
    const sortButton = h('button', { class: 'sort', title: `Sort by ${c.label}` }, c.label, h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }));
    sortButton.addEventListener('click', () => {
      if (state.sort.column === c.id) state.sort.descending = !state.sort.descending;
      // Numbers: largest first is what one looks for (the costliest layers); text: A to Z.
      else state.sort = { column: c.id, descending: c.numeric && c.id !== 'index' };
      renderRows();
      saveState();
    });
    const th = h('th', { class: c.numeric ? 'num' : undefined, scope: 'col' }, sortButton);
    headerCells.set(c.id, th);
    headRow.append(th);
  }
  tbody = h('tbody');
  // One listener for all rows: a model can have thousands.
  const activate = (e: Event) => {
    const tr = (e.target as Element).closest('tr[data-node]');
    if (tr) revealNode(Number(tr.getAttribute('data-node')));
  };
  tbody.addEventListener('click', activate);
  tbody.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(e);
    }
  });
  section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'layers' }, h('thead', null, headRow), tbody)));
  return section;
}

const FINDINGS_PAGE = 200;
/** The progress bar of findings still being received (null once they are in). */
let findingsProgress: (HTMLElement & { value?: number }) | null = null;

function findingItem(f: Finding): HTMLElement {
  const where = f.where ? h('span', { class: 'where muted' }, f.where) : null;
  const li = h('li', { class: `finding finding-${f.severity}` },
    h('span', { class: `sev-icon sev-${f.severity}`, title: f.severity, 'aria-label': f.severity }, SEVERITY_ICON[f.severity]),
    h('div', { class: 'finding-body' },
      h('div', null, h('code', { class: 'code' }, f.code), ' ', where),
      h('div', { class: 'message' }, f.message),
      f.fix ? h('div', { class: 'fix' }, h('strong', null, 'Fix: '), f.fix) : null,
      f.alike?.length ? alikeList(f.alike) : null));
  if (f.node !== undefined) {
    const node = f.node;
    li.classList.add('clickable');
    li.tabIndex = 0;
    li.title = `Show node ${node} in the text view`;
    li.addEventListener('click', () => revealNode(node));
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') revealNode(node); });
  }
  return li;
}

/** The other nodes of a grouped finding, folded: each opens the node in the text view. */
function alikeList(alike: { node: number; name: string }[]): HTMLElement {
  const list = h('ul', { class: 'alike' });
  for (const a of alike.slice(0, ROW_LIMIT)) {
    const b = h('button', { class: 'link', title: `Show node ${a.node} in the text view` }, a.name);
    b.addEventListener('click', (e) => { e.stopPropagation(); revealNode(a.node); });
    list.append(h('li', null, b));
  }
  if (alike.length > ROW_LIMIT) list.append(h('li', { class: 'muted' }, `… ${alike.length - ROW_LIMIT} more`));
  const details = h('details', { class: 'alike-nodes' }, h('summary', null, `${alike.length} more node${alike.length === 1 ? '' : 's'} with this finding`), list);
  details.addEventListener('click', (e) => e.stopPropagation());
  return details;
}

function findingsSection(m: OverviewModel): HTMLElement {
  const counts = (['error', 'warning', 'info'] as const)
    .filter((s) => m.counts[s] > 0)
    .map((s) => h('span', { class: `count sev-${s}`, title: `${m.counts[s]} ${s}${m.counts[s] === 1 ? '' : 's'}` }, `${SEVERITY_ICON[s]} ${m.counts[s]}`));
  const total = m.counts.error + m.counts.warning + m.counts.info;
  const section = h('section', { 'aria-labelledby': 'findings-h' }, h('h2', { id: 'findings-h' }, 'Findings ', ...counts,
    m.problems < total ? h('span', { class: 'muted count', title: 'Alike findings on several nodes are one entry, as in the Problems panel' }, `as ${m.problems} problems`) : null));
  if (m.findingsPending) {
    findingsProgress = h('vscode-progress-bar', { 'aria-label': 'Receiving the findings', indeterminate: true }) as HTMLElement & { value?: number };
    section.append(h('p', { class: 'muted', role: 'status' }, 'Receiving the findings…'), findingsProgress);
    return section;
  }
  findingsProgress = null;
  if (m.findings.length === 0) {
    section.append(h('p', { class: 'muted' }, 'No findings: nothing to change for this target.'));
    return section;
  }
  // One page at a time: a 10,000-node model on a strict target has thousands of findings.
  const list = h('ul', { class: 'findings' });
  let shown = 0;
  const more = h('button', { class: 'link' });
  const moreRow = h('p', { class: 'muted more-findings' });
  const showMore = () => {
    const next = m.findings.slice(shown, shown + FINDINGS_PAGE);
    list.append(...next.map(findingItem));
    shown += next.length;
    const left = m.findings.length - shown;
    moreRow.hidden = left === 0;
    more.textContent = `Show ${Math.min(FINDINGS_PAGE, left)} more`;
    moreRow.firstChild!.textContent = `${left.toLocaleString('en-US')} more findings not shown (Export Report has them all). `;
  };
  more.addEventListener('click', showMore);
  moreRow.append(document.createTextNode(''), more);
  section.append(list, moreRow);
  showMore();
  return section;
}

function renderReport(m: OverviewModel): void {
  // A re-analysis (file saved, target changed) rebuilds the page: keep the reader where they were.
  const keepY = model ? window.scrollY : null;
  model = m;
  clear(app);
  append(app, [
    header(m),
    h('section', { class: 'metrics', 'aria-label': 'Key numbers' }, ...m.metrics.map(metricCard)),
    whatIfSection(m),
    tflmSection(m.tflm, metricCard, revealNode),
    oracleSection(m.oracles, metricCard, revealNode),
    m.histogram.length > 0 ? histogramSection(m) : null,
    layersSection(m),
    findingsSection(m),
    h('footer', { class: 'muted' }, `Analyzed in ${m.millis.toFixed(1)} ms on ${m.targetId}.`),
  ]);
  renderRows();
  if (keepY !== null) window.scrollTo(0, keepY);
  if (!scrollRestored) {
    scrollRestored = true;
    // After layout, so the page is tall enough to scroll back to where it was.
    requestAnimationFrame(() => window.scrollTo(0, state.scrollY));
  }
}

// ---------------------------------------------------------------------------------------------
// wiring

function onMessage(msg: HostToWebviewMessage): void {
  switch (msg.type) {
    case 'loading':
      if (model) busy.hidden = false;
      else renderLoading(msg.fileName, msg.progress);
      return;
    case 'analysis': {
      busy.hidden = true;
      const arrived = performance.now();
      // The first screen: verdict, numbers, findings, and the layers once the report's parts are in
      // (the whole report at once when it came in one piece): one page of them (ROW_LIMIT).
      if (msg.payload.ok) {
        const p = msg.payload;
        if (modules && p.modules && modules.modules[0]?.totals.items !== p.modules.modules[0]?.totals.items) expanded = new Set();
        modules = p.modules ?? null;
        moduleSources = p.moduleSources;
      }
      // The head paints at once (verdict, numbers); the findings, then the layers, as their parts come in.
      const waiting = assembly.begin('analysis', msg.payload, (p) => {
        if (!p.ok) return renderError(p);
        const first = !model || (model.layersPending === undefined && model.findingsPending === undefined);
        renderReport(overviewModel(p.report, p.fileName, p.targetId, p.millis, p.pending, p.findingGroups));
        if (first) reportPainted(p.fileName, arrived);
        else reportShown(`layers of ${p.fileName}`, arrived);
      }, {
        keys: ['diagnostics'],
        ready: (p) => {
          if (!model?.findingsPending) return;
          renderReport(overviewModel(p.report, p.fileName, p.targetId, p.millis, p.pending, p.findingGroups));
          reportShown(`findings of ${p.fileName}`, arrived);
        },
      });
      const p = msg.payload;
      // A revision that only brings new findings (parts.reuse) keeps the report on the page until they are in.
      if (waiting && p.ok && p.parts?.reuse === undefined) {
        renderReport(overviewModel(p.report, p.fileName, p.targetId, p.millis, p.pending, p.findingGroups));
        reportPainted(p.fileName, arrived);
      }
      return;
    }
    case 'reportPart': {
      vscode.postMessage({ type: 'partReceived', seq: msg.seq, index: msg.index });
      const r = assembly.part(msg);
      if (r && r.fraction < 1 && layersProgress) layersProgress.value = Math.round(r.fraction * 100);
      return;
    }
    case 'response': {
      const what = pending.get(msg.id);
      pending.delete(msg.id);
      if (!msg.ok) showNotice(`${what ?? 'Request'} failed: ${msg.error ?? 'unknown error'}`);
      return;
    }
  }
}

reportErrorsToHost();
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isHostToWebviewMessage(e.data)) onMessage(e.data);
});
let scrollQueued = false;
window.addEventListener('scroll', () => {
  if (scrollQueued || !model) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    state.scrollY = window.scrollY;
    saveState();
  });
}, { passive: true });

renderLoading(null);
vscode.postMessage({ type: 'ready' });
