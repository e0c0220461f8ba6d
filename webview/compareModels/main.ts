// The Compare Models page (host: src/extension/webviews/compareModelsPanel.ts): the baseline and
// the current model, the targets they are judged on (add or remove), a table of the key figures
// per target (baseline, current, change), the module tree with what changed (collapsible,
// changed-only by default) and the findings that are new, resolved or changed. The host sends
// display-ready strings (src/core/diff/diffView.ts); this page lays them out.

import { formatBytes, formatCount } from '../../src/core/units';
import { clear, h } from '../shared/dom';
import { ModelPanelClient } from '../shared/modelPanelClient';
import type { PanelStateMessage } from '../shared/protocol';
import type { CompareModuleRow, CompareSideInfo, CompareTargetView, CompareView, CompareWebviewMessage, ModuleCell } from './protocol';
import { isCompareHostMessage, MAX_COMPARE_TARGETS } from './protocol';

interface Ui {
  /** The target whose modules and findings are listed. */
  moduleTarget: string | null;
  changedOnly: boolean;
  expanded: string[];
}

const MAX_SAVED_EXPANDED = 500;

function restoreUi(raw: unknown): Ui {
  const o = typeof raw === 'object' && raw !== null ? raw as Partial<Record<keyof Ui, unknown>> : {};
  return {
    moduleTarget: typeof o.moduleTarget === 'string' ? o.moduleTarget : null,
    changedOnly: o.changedOnly !== false,
    expanded: Array.isArray(o.expanded) ? o.expanded.filter((x): x is string => typeof x === 'string').slice(0, MAX_SAVED_EXPANDED) : [],
  };
}

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
let panel: PanelStateMessage | undefined;
let baseline: CompareSideInfo | null | undefined;
let current: CompareSideInfo | undefined;
let targets: string[] = [];
let view: CompareView | null = null;
let loading = false;
let error: string | null = null;
/** Modules expanded by the user (or by default, the first time a view arrives). */
let expanded = new Set<string>();
let expandedFor: string | null = null;

const client = new ModelPanelClient<Ui, CompareWebviewMessage>({
  state(s) {
    panel = s;
    render();
  },
  loading() {},
  analysis() {},
  comparison() {},
  own(m) {
    if (!isCompareHostMessage(m)) return;
    switch (m.type) {
      case 'compareState': baseline = m.baseline; current = m.current; targets = m.targets; if (!m.baseline) view = null; break;
      case 'compareLoading': loading = true; break;
      case 'compareResult': view = m.view; loading = false; error = null; break;
      case 'compareFailed': loading = false; error = m.error; break;
    }
    render();
  },
}, restoreUi);
const ui = client.ui;
expanded = new Set(ui.expanded);

function button(label: string, onClick: () => void, attrs: Record<string, string | boolean> = {}): HTMLElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

const targetName = (id: string): string => panel?.targets.find((t) => t.id === id)?.name ?? id;

function sideCard(role: string, side: CompareSideInfo, which: 'baseline' | 'current'): HTMLElement {
  return h('div', { class: `side ${which}` },
    h('div', { class: 'role' }, role),
    h('div', { class: 'label', title: side.label }, side.label),
    h('div', { class: 'detail muted', title: side.detail }, side.detail),
    button('Open overview', () => client.send({ type: 'openSide', side: which }), { class: 'link' }));
}

function targetBar(): HTMLElement {
  const bar = h('div', { class: 'targets', role: 'group', 'aria-label': 'Targets' }, h('span', { class: 'muted' }, 'On'));
  for (const id of targets) {
    const chip = h('span', { class: 'chip' }, h('span', { title: id }, targetName(id)));
    if (targets.length > 1) {
      chip.append(button('✕', () => client.send({ type: 'setCompareTargets', targets: targets.filter((t) => t !== id) }), { class: 'chip-remove', title: `Remove ${targetName(id)}`, 'aria-label': `Remove ${targetName(id)}` }));
    }
    bar.append(chip);
  }
  if (targets.length < MAX_COMPARE_TARGETS && panel) {
    const add = h('select', { 'aria-label': 'Add a target', class: 'add-target' }) as HTMLSelectElement;
    add.append(h('option', { value: '' }, '+ Add target…'));
    for (const t of panel.targets) if (!targets.includes(t.id)) add.append(h('option', { value: t.id }, t.name));
    add.addEventListener('change', () => { if (add.value) client.send({ type: 'setCompareTargets', targets: [...targets, add.value] }); });
    bar.append(add);
  }
  return bar;
}

/** Which way is good for a figure: lower (weights, latency, memory, errors…), higher (ops delegated), or neither. */
const LOWER_IS_BETTER = new Set(['weights as deployed', 'activation peak', 'arena', 'latency (estimate)', 'partitions', 'ops on the CPU', 'errors', 'warnings']);
const HIGHER_IS_BETTER = new Set(['ops delegated']);

function changeClass(label: string, change: string): string {
  if (!change) return 'change';
  if (change === 'better') return 'change good';
  if (change === 'worse') return 'change bad';
  const up = change.startsWith('+');
  if (LOWER_IS_BETTER.has(label)) return `change ${up ? 'bad' : 'good'}`;
  if (HIGHER_IS_BETTER.has(label)) return `change ${up ? 'good' : 'bad'}`;
  return 'change';
}

function verdictPill(v: string): HTMLElement {
  return h('span', { class: `verdict ${v}` }, v.toUpperCase());
}

function figuresTable(v: CompareView): HTMLElement {
  const head1 = h('tr', null, h('th', null, ''));
  const head2 = h('tr', null, h('th', null, ''));
  for (const t of v.targets) {
    head1.append(h('th', { colspan: 3, class: 'target-head', title: t.targetId }, t.targetName, ' ', verdictPill(t.verdictA), ' → ', verdictPill(t.verdictB)));
    head2.append(h('th', { class: 'num' }, 'baseline'), h('th', { class: 'num' }, 'current'), h('th', { class: 'num group-end' }, 'change'));
  }
  const labels = [...new Set(v.targets.flatMap((t) => t.figures.map((f) => f.label)))];
  const body = h('tbody');
  for (const label of labels) {
    const tr = h('tr', null, h('th', { scope: 'row' }, label));
    for (const t of v.targets) {
      const f = t.figures.find((x) => x.label === label);
      const wide = label === 'judged as';
      tr.append(h('td', { class: wide ? 'text' : 'num' }, f?.a ?? ''), h('td', { class: wide ? 'text' : 'num' }, f?.b ?? ''), h('td', { class: `num group-end ${changeClass(label, f?.change ?? '')}` }, f?.change ?? ''));
    }
    body.append(tr);
  }
  return h('div', { class: 'scroll' }, h('table', { class: 'figures' }, h('thead', null, head1, head2), body));
}

const STATUS_MARK: Record<CompareModuleRow['status'], string> = { added: '+', removed: '−', changed: '~', same: '' };

function visibleModules(t: CompareTargetView): CompareModuleRow[] {
  const byPath = new Map(t.modules.map((m) => [m.path, m]));
  const shown = (m: CompareModuleRow): boolean => {
    if (ui.changedOnly && m.status === 'same' && !m.changesBelow) return false;
    for (let p = m.parent; p !== null; p = byPath.get(p)?.parent ?? null) if (!expanded.has(p)) return false;
    return true;
  };
  return t.modules.filter(shown);
}

function modulesTable(t: CompareTargetView): HTMLElement {
  const hasChildren = new Set(t.modules.map((m) => m.parent).filter((p): p is string => p !== null));
  const rows = visibleModules(t).map((m) => {
    const open = expanded.has(m.path);
    const twisty = hasChildren.has(m.path)
      ? button(open ? '▾' : '▸', () => toggle(m.path), { class: 'twisty', 'aria-expanded': open ? 'true' : 'false', 'aria-label': `${open ? 'Collapse' : 'Expand'} ${m.path}` })
      : h('span', { class: 'twisty-space' });
    const name = h('td', { class: 'module', title: m.path }, twisty, h('span', { class: 'leaf' }, m.leaf));
    name.style.paddingLeft = `${6 + (m.depth - 1) * 16}px`;
    const changed = (f: string) => (m.status === 'changed' && m.changed.includes(f as never) ? ' changed' : '');
    // The value, then its change coloured by which way is good (less memory and time is better).
    const num = (c: ModuleCell, field: string, lowerIsBetter: boolean) => h('td', { class: `num${changed(field)}` }, c.value,
      c.delta ? h('span', { class: `delta ${lowerIsBetter ? (c.delta.startsWith('+') ? 'bad' : c.delta.startsWith('-') ? 'good' : '') : ''}` }, ` ${c.delta}`) : null);
    return h('tr', { class: `status-${m.status}` },
      h('td', { class: `status ${m.status}`, title: m.status }, STATUS_MARK[m.status]),
      name,
      num(m.ops, 'ops', false),
      num(m.macs, 'macs', true),
      num(m.weights, 'weightBytes', true),
      num(m.latency, 'latencyUs', true),
      h('td', { class: `ops${changed('opTypes')}`, title: m.opTypes }, m.opTypes));
  });
  if (rows.length === 0) return h('p', { class: 'muted' }, ui.changedOnly ? 'No module changed on this target.' : 'The models have no module paths in their node names.');
  return h('div', { class: 'scroll' }, h('table', { class: 'modules' },
    h('thead', null, h('tr', null, h('th', { 'aria-label': 'status' }, ''), h('th', null, 'module'), h('th', { class: 'num' }, 'ops'), h('th', { class: 'num' }, 'MACs'), h('th', { class: 'num' }, 'weights'), h('th', { class: 'num' }, 'latency'), h('th', null, 'op types'))),
    h('tbody', null, ...rows)));
}

function toggle(path: string): void {
  if (expanded.has(path)) expanded.delete(path);
  else expanded.add(path);
  ui.expanded = [...expanded].slice(0, MAX_SAVED_EXPANDED);
  client.save();
  render();
}

function findingsList(t: CompareTargetView): HTMLElement {
  if (t.findings.length === 0) return h('p', { class: 'muted' }, 'The same findings in both models.');
  const list = h('ul', { class: 'findings' });
  for (const f of t.findings) {
    list.append(h('li', { class: `finding ${f.kind}` },
      h('span', { class: `kind ${f.kind}` }, f.kind),
      h('span', { class: `sev ${f.severity}` }, f.severity),
      h('code', null, f.code),
      f.node ? h('span', { class: 'node', title: f.node }, f.node) : null,
      h('div', { class: 'message' }, f.message)));
  }
  if (t.findingsMore > 0) list.append(h('li', { class: 'muted' }, `… ${t.findingsMore} more (deploylens diff --format json lists them)`));
  return list;
}

/** The first time a comparison shows: open the top-level modules that have changes below. */
function defaultExpansion(v: CompareView): void {
  const key = `${v.a.label}→${v.b.label}`;
  if (expandedFor === key || ui.expanded.length > 0) { expandedFor = key; return; }
  expandedFor = key;
  for (const t of v.targets) for (const m of t.modules) if (m.depth === 1 && m.changesBelow) expanded.add(m.path);
}

function render(): void {
  clear(app);
  app.append(h('h1', null, 'Compare models'));
  if (!current || baseline === undefined) {
    app.append(h('div', { class: 'state', role: 'status' }, h('p', null, 'Loading…')));
    return;
  }
  const header = h('div', { class: 'sides' });
  if (baseline) header.append(sideCard('Baseline', baseline, 'baseline'), h('div', { class: 'arrow', 'aria-hidden': 'true' }, '→'));
  header.append(sideCard('Current', current, 'current'), button(baseline ? 'Change baseline…' : 'Choose a baseline…', () => client.send({ type: 'pickBaseline' }), { class: baseline ? 'secondary' : '' }));
  app.append(header);
  if (!baseline) {
    app.append(h('div', { class: 'state empty' }, h('p', null, `Nothing to compare ${current.label} with yet: choose its git HEAD version, another model of the workspace, or a file.`)));
    return;
  }
  app.append(targetBar());
  if (loading) app.append(h('div', { class: 'progress', role: 'status' }, h('span', null, view ? 'Comparing again…' : 'Analyzing both models…')));
  if (error) app.append(h('div', { class: 'notice', role: 'alert' }, h('span', { class: 'error' }, '✖ '), error));
  if (!view) return;
  defaultExpansion(view);
  const sizes = h('p', { class: 'muted sizes' },
    `file ${formatBytes(view.a.fileBytes)} → ${formatBytes(view.b.fileBytes)} · params ${formatCount(view.a.params)} → ${formatCount(view.b.params)} · stored nodes ${formatCount(view.a.nodes)} → ${formatCount(view.b.nodes)}`);
  app.append(sizes, figuresTable(view));

  const t = view.targets.find((x) => x.targetId === ui.moduleTarget) ?? view.targets[0];
  if (!t) return;
  const heading = h('div', { class: 'modules-head' }, h('h2', null, 'Modules'));
  if (view.targets.length > 1) {
    const sel = h('select', { 'aria-label': 'Modules on target' }) as HTMLSelectElement;
    for (const x of view.targets) sel.append(h('option', { value: x.targetId }, `on ${x.targetName}`));
    sel.value = t.targetId;
    sel.addEventListener('change', () => { ui.moduleTarget = sel.value; client.save(); render(); });
    heading.append(sel);
  } else heading.append(h('span', { class: 'muted' }, `on ${t.targetName}`));
  const only = h('input', { type: 'checkbox', id: 'changed-only', ...(ui.changedOnly ? { checked: true } : {}) }) as HTMLInputElement;
  only.addEventListener('change', () => { ui.changedOnly = only.checked; client.save(); render(); });
  heading.append(h('label', { for: 'changed-only', class: 'check' }, only, ' changed only'), h('span', { class: 'muted' }, t.moduleSummary));
  app.append(heading, modulesTable(t));
  app.append(h('div', { class: 'modules-head' }, h('h2', null, 'Findings'), h('span', { class: 'muted' }, `on ${t.targetName}: ${t.findingsSummary}`)), findingsList(t));
}

render();
