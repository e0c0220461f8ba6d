// The Compare Targets page: every target's verdict and key figures for the model, sortable; a row
// click makes that target the panel's own (its grouped findings below), "Use for workspace" sets
// the workspace's target, "Export Markdown…" saves the table. Text from models and profiles goes
// through textContent only (shared/dom.ts).

import { clear, h } from '../shared/dom';
import { ModelPanelClient } from '../shared/modelPanelClient';
import type { AnalysisPayload, PanelStateMessage } from '../shared/protocol';
import { COMPARE_COLUMNS, COMPARE_HEADERS, compareCell, isNumericColumn, sortCompareRows, type CompareColumn } from './viewModel';
import type { CompareHostMessage, CompareRow, CompareWebviewMessage } from './protocol';
import { isCompareHostMessage } from './protocol';

interface UiState { sort: CompareColumn; descending: boolean }

function restoreUi(raw: unknown): UiState {
  const o = typeof raw === 'object' && raw !== null ? raw as Partial<Record<keyof UiState, unknown>> : {};
  return { sort: COMPARE_COLUMNS.find((c) => c === o.sort) ?? 'verdict', descending: o.descending === true };
}

let panel: PanelStateMessage | undefined;
let rows: CompareRow[] | null = null;
let loading: number | null = null;
let error = '';
let status = '';
let selected: Extract<AnalysisPayload, { ok: true }> | null = null;

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const client = new ModelPanelClient<UiState, CompareWebviewMessage>({
  state(s) { panel = s; render(); },
  loading() {},
  analysis(p) { selected = p.ok ? p : null; render(); },
  comparison() {},
  own(m) {
    if (!isCompareHostMessage(m)) return;
    const msg = m as CompareHostMessage;
    switch (msg.type) {
      case 'compareLoading': loading = msg.targets; error = ''; break;
      case 'compareRows': rows = msg.rows; loading = null; error = ''; break;
      case 'compareFailed': loading = null; error = msg.error; break;
      case 'compareExported': status = `Saved ${msg.path}`; break;
    }
    render();
  },
}, restoreUi);
const ui = client.ui;

const VERDICT_CLASS = { pass: 'level-ok', warn: 'level-warn', fail: 'level-error' } as const;

function panelTargetId(): string | null {
  return panel ? panel.targetId ?? panel.workspaceTargetId : null;
}

function table(list: CompareRow[]): HTMLElement {
  const head = h('tr', null, ...COMPARE_COLUMNS.map((c) => {
    const numeric = isNumericColumn(c);
    const th = h('th', { class: `${numeric ? 'num' : ''} sortable`, scope: 'col', 'aria-sort': ui.sort === c ? (ui.descending ? 'descending' : 'ascending') : 'none' },
      h('button', { class: 'sort', title: `Sort by ${COMPARE_HEADERS[c]}` }, COMPARE_HEADERS[c], ui.sort === c ? (ui.descending ? ' ▾' : ' ▴') : ''));
    th.addEventListener('click', () => {
      if (ui.sort === c) ui.descending = !ui.descending;
      else { ui.sort = c; ui.descending = false; }
      client.save();
      render();
    });
    return th;
  }), h('th', { scope: 'col' }, ''));
  const body = h('tbody');
  const current = panelTargetId();
  for (const r of sortCompareRows(list, ui.sort, ui.descending)) {
    const isWorkspace = panel?.workspaceTargetId === r.target;
    const tr = h('tr', { tabindex: 0, 'data-target': r.target, class: r.target === current ? 'selected' : '', title: `Show the findings on ${r.name} below (the panel's target)` });
    for (const c of COMPARE_COLUMNS) {
      const numeric = isNumericColumn(c);
      const td = h('td', { class: numeric ? 'num' : c });
      if (c === 'verdict') td.append(h('span', { class: `verdict ${VERDICT_CLASS[r.verdict]}` }, compareCell(r, c)));
      else if (c === 'target') {
        td.title = `${r.name} (${r.target})`;
        td.append(h('span', { class: 'target-name' }, r.name), isWorkspace ? h('span', { class: 'badge' }, 'workspace') : '');
      }
      else td.textContent = compareCell(r, c);
      if (c === 'conversion') td.title = r.conversion;
      tr.append(td);
    }
    const use = h('button', { class: 'link use', disabled: isWorkspace, title: isWorkspace ? 'The workspace already uses this target' : `Make ${r.name} the workspace's target (deploylens.target): every model is re-checked on it` }, isWorkspace ? 'in use' : 'Use for workspace');
    use.addEventListener('click', (e) => { e.stopPropagation(); client.send({ type: 'useForWorkspace', target: r.target }); });
    tr.append(h('td', null, use));
    tr.addEventListener('click', () => client.setTarget(r.target === panel?.workspaceTargetId ? null : r.target));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') client.setTarget(r.target === panel?.workspaceTargetId ? null : r.target); });
    body.append(tr);
  }
  return h('div', { class: 'table-wrap' }, h('table', { class: 'compare' }, h('thead', null, head), body));
}

function details(): HTMLElement | null {
  const p = selected;
  const target = p?.report.target;
  if (!p || !target) return null;
  const r = p.report;
  const groups = p.findingGroups ?? r.diagnostics.map((d, i) => ({ members: [i], message: d.message }));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const sorted = groups.map((g) => ({ g, d: r.diagnostics[g.members[0]!]! })).filter((x) => x.d).sort((a, b) => rank[a.d.severity] - rank[b.d.severity]);
  const list = h('ul', { class: 'findings' });
  for (const { g, d } of sorted.slice(0, 30)) {
    list.append(h('li', { class: `finding sev-${d.severity}` }, h('span', { class: 'code' }, d.code), ' ', g.message));
  }
  if (sorted.length > 30) list.append(h('li', { class: 'muted' }, `… ${sorted.length - 30} more (the model overview lists them all)`));
  return h('section', { class: 'details' },
    h('h2', null, `On ${target.name}: `, h('span', { class: `verdict ${VERDICT_CLASS[r.summary.verdict ?? 'pass']}` }, (r.summary.verdict ?? 'pass').toUpperCase())),
    h('p', { class: 'muted' }, r.summary.conversion ? `${r.summary.conversion.charAt(0).toUpperCase()}${r.summary.conversion.slice(1)}.` : ''),
    sorted.length ? list : h('p', null, 'No findings on this target.'));
}

function render(): void {
  clear(app);
  const exportBtn = h('button', { class: 'secondary', disabled: !rows }, 'Export Markdown…');
  exportBtn.addEventListener('click', () => client.send({ type: 'exportMarkdown' }));
  const refresh = h('button', { class: 'secondary' }, 'Refresh');
  refresh.addEventListener('click', () => client.send({ type: 'refresh' }));
  const pin = h('button', { class: 'secondary', 'aria-pressed': String(panel?.pinned ?? false), title: panel?.pinned ? 'Pinned to this model: click to follow the active editor' : 'Following the active editor: click to keep this model' }, panel?.pinned ? 'Pinned' : 'Pin');
  pin.addEventListener('click', () => client.pin(!(panel?.pinned ?? false)));
  app.append(h('header', { class: 'header' },
    h('div', null, h('h1', null, 'Targets: ', h('span', { class: 'file' }, panel?.fileName ?? '')),
      h('p', { class: 'muted subtitle' }, 'Every target\'s verdict and key figures for this model. Click a target for its findings below; "Use for workspace" makes it the target every model is checked on.')),
    h('div', { class: 'actions' }, exportBtn, refresh, pin)));
  if (status) app.append(h('p', { class: 'status muted', role: 'status' }, status));
  if (error) app.append(h('p', { class: 'error', role: 'alert' }, `Could not compare the targets: ${error}`));
  if (loading !== null && !rows) app.append(h('p', { class: 'status', role: 'status' }, h('span', { class: 'spinner' }), `Judging the model on ${loading} targets…`));
  if (rows) app.append(table(rows));
  const d = details();
  if (d) app.append(d);
}

render();
