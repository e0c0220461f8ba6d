// The module roll-up as a tree table, shared by every page that lists layers (overview, partitions,
// memory, Profile Layers): one row per module — the totals of everything under it and its worst
// verdict — that expands into its child modules and its own layers. The tree itself is computed on
// the host (src/core/modules/moduleTree.ts, sent as `modules` in the payload), so a page with paged
// layers still has every module. Only the expanded rows are in the DOM, a page of them at a time.

import { formatBytes, moduleLatencyText, moduleMacsText } from '../../src/core/units';
import { clear, h } from './dom';
import type { ModuleEntry, ModuleSourcesPayload, ModuleTree, ModuleVerdict } from './protocol';

export interface ModuleColumn {
  id: string;
  label: string;
  numeric: boolean;
  /** The module's cell. */
  module(m: ModuleEntry): string;
  /** A layer's cell (empty when absent). */
  item?(index: number): string;
  title?: string;
}

export interface ModuleTreeOptions {
  tree: ModuleTree;
  columns: ModuleColumn[];
  /** A layer's name and op, for its row. */
  itemLabel(index: number): { name: string; op: string };
  /** A layer row's level class ('level-error', …), if any. */
  itemLevel?(index: number): string | undefined;
  /** Module paths that are expanded (kept by the page across reloads). */
  expanded: Set<string>;
  onToggle(): void;
  /** Click on a layer (reveal it), on a module (select / highlight it). */
  onItem?(index: number): void;
  onModule?(m: ModuleEntry): void;
  /** Where the training script builds the modules: a link per module that has a line. */
  sources?: ModuleSourcesPayload;
  onSource?(path: string): void;
  /** What a layer is called in the counts ('layers', 'ops'). */
  noun?: string;
}

const ROW_PAGE = 200;
/** "Expand all" stops there: a fully expanded 10,000-node tree is what this view exists to avoid. */
const EXPAND_ALL_MAX = 400;
export const MAX_EXPANDED_SAVED = 500;

const VERDICT_TEXT: Record<ModuleVerdict, string> = { fail: '✗ fail', warn: '⚠ warn', pass: '✓ pass', unknown: '' };
const VERDICT_LEVEL: Record<ModuleVerdict, string> = { fail: 'level-error', warn: 'level-warn', pass: 'level-ok', unknown: 'level-unknown' };

/** The columns most pages show: layers, MACs, params, working set, latency, verdict. */
export function standardModuleColumns(formatMicros: (us: number | null) => string, noun = 'layers'): ModuleColumn[] {
  return [
    { id: 'items', label: noun.charAt(0).toUpperCase() + noun.slice(1), numeric: true, module: (m) => String(m.totals.items), item: () => '' },
    { id: 'macs', label: 'MACs', numeric: true, module: (m) => moduleMacsText(m.totals) },
    { id: 'params', label: 'Params', numeric: true, module: (m) => (m.totals.paramBytes ? formatBytes(m.totals.paramBytes) : '') },
    { id: 'workingSet', label: 'Peak working set', numeric: true, module: (m) => (m.totals.workingSetBytes === null ? '—' : formatBytes(m.totals.workingSetBytes)), title: 'The largest working set of one layer in the module (layers run one at a time)' },
    { id: 'latency', label: 'Latency', numeric: true, module: (m) => moduleLatencyText(m.totals, formatMicros) },
  ];
}

/** The module's worst verdict (`compact`: the mark and a count only, for narrow panes). */
export function verdictColumn(label = 'Verdict', compact = false): ModuleColumn {
  return {
    id: 'verdict', label, numeric: false,
    module: (m) => {
      const t = m.totals;
      if (compact) return VERDICT_TEXT[t.verdict].split(' ')[0] ?? '';
      const detail = t.errors ? ` · ${t.errors} cannot run` : t.cpu ? ` · ${t.cpu} on CPU` : '';
      return `${VERDICT_TEXT[t.verdict]}${detail}`;
    },
  };
}

const FULL_VERDICT = verdictColumn();

/** The row that holds the layers outside every module (ops of the top-level forward, unnamed nodes). */
export const TOP_LEVEL = '\u0000top';

/** Restores saved expanded paths (anything may be there after an update). */
export function restoreExpanded(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x.length <= 1000).slice(0, MAX_EXPANDED_SAVED) : [];
}

interface Row { kind: 'module'; m: ModuleEntry }
interface ItemRow { kind: 'item'; index: number; depth: number }
interface TopRow { kind: 'top'; items: number }

/**
 * The rows shown: each expanded module's children (modules first, in execution order) and then its
 * own layers; the layers outside every module last, behind one row of their own when there are
 * more than a few (45 Identity nodes of shared weights would otherwise bury the modules).
 */
export function visibleRows(tree: ModuleTree, expanded: ReadonlySet<string>): (Row | ItemRow | TopRow)[] {
  const out: (Row | ItemRow | TopRow)[] = [];
  const walk = (m: ModuleEntry, depth: number) => {
    for (const c of m.children) {
      const child = tree.modules[c]!;
      out.push({ kind: 'module', m: child });
      if (expanded.has(child.path)) walk(child, depth + 1);
    }
    if (m.id === 0 && m.items.length > 3 && m.children.length > 0) {
      out.push({ kind: 'top', items: m.items.length });
      if (!expanded.has(TOP_LEVEL)) return;
      for (const i of m.items) out.push({ kind: 'item', index: i, depth: depth + 1 });
      return;
    }
    for (const i of m.items) out.push({ kind: 'item', index: i, depth });
  };
  const root = tree.modules[0];
  if (root) walk(root, 0);
  return out;
}

/** A module tree table; `render()` again after the tree or `expanded` changed. */
export class ModuleTreeView {
  readonly element: HTMLElement;
  private readonly table = h('table', { class: 'module-tree', role: 'treegrid' });
  private readonly summary = h('span', { class: 'muted row-count', 'aria-live': 'polite' });
  private limit = ROW_PAGE;

  constructor(private options: ModuleTreeOptions) {
    const expandAll = h('button', { class: 'link', title: `Expand every module (up to ${EXPAND_ALL_MAX})` }, 'Expand all');
    const collapseAll = h('button', { class: 'link' }, 'Collapse all');
    expandAll.addEventListener('click', () => {
      const mods = this.options.tree.modules.filter((m) => m.id !== 0 && m.children.length + m.items.length > 0);
      for (const m of mods.slice(0, EXPAND_ALL_MAX)) this.options.expanded.add(m.path);
      this.changed();
    });
    collapseAll.addEventListener('click', () => {
      this.options.expanded.clear();
      this.changed();
    });
    this.table.addEventListener('click', (e) => this.activate(e));
    this.table.addEventListener('keydown', (e) => {
      const tr = (e.target as Element).closest('tr[data-module], tr[data-item], tr[data-top]');
      if (!tr) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.activate(e);
      } else if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && tr.hasAttribute('data-module')) {
        const m = this.options.tree.modules[Number(tr.getAttribute('data-module'))];
        if (!m) return;
        e.preventDefault();
        if (e.key === 'ArrowRight') this.options.expanded.add(m.path);
        else this.options.expanded.delete(m.path);
        this.changed(m.id);
      }
    });
    this.element = h('div', { class: 'module-view' },
      h('div', { class: 'toolbar module-toolbar' }, expandAll, collapseAll, this.summary),
      h('div', { class: 'table-wrap' }, this.table));
    this.render();
  }

  update(options: Partial<ModuleTreeOptions>): void {
    this.options = { ...this.options, ...options };
    this.render();
  }

  render(focusModule?: number): void {
    const o = this.options;
    const rows = visibleRows(o.tree, o.expanded);
    const modules = o.tree.modules.length - 1;
    this.summary.textContent = `${modules} module${modules === 1 ? '' : 's'}, ${o.tree.modules[0]?.totals.items ?? 0} ${o.noun ?? 'layers'}`;
    clear(this.table);
    const head = h('tr', null, h('th', { scope: 'col' }, 'Module'), ...o.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined, title: c.title }, c.label)));
    if (o.sources) head.append(h('th', { scope: 'col' }, 'Built at'));
    const body = h('tbody');
    let focus: HTMLElement | null = null;
    for (const r of rows.slice(0, this.limit)) {
      if (r.kind === 'module') {
        const m = r.m;
        const open = o.expanded.has(m.path);
        const leaf = m.children.length + m.items.length === 0;
        const tr = h('tr', { 'data-module': m.id, tabindex: 0, class: `module-row ${VERDICT_LEVEL[m.totals.verdict]}`, 'aria-level': m.depth, 'aria-expanded': leaf ? undefined : String(open), title: m.path });
        const twisty = h('span', { class: 'twisty', 'aria-hidden': 'true' }, leaf ? '' : open ? '▾' : '▸');
        const name = h('td', { class: 'name module-name' }, twisty, h('span', { class: 'module-label' }, m.label));
        name.style.paddingLeft = `${4 + (m.depth - 1) * 16}px`;
        tr.append(name);
        for (const c of o.columns) {
          const text = c.module(m);
          const td = h('td', { class: c.numeric ? 'num' : c.id === 'verdict' ? `verdict-cell ${VERDICT_LEVEL[m.totals.verdict]}` : undefined, title: c.id === 'verdict' ? FULL_VERDICT.module(m) : c.title }, text);
          tr.append(td);
        }
        if (o.sources) {
          const line = o.sources.sites[m.path];
          const td = h('td', { class: 'source' });
          if (line !== undefined) td.append(h('button', { class: 'link source-link', 'data-source': m.path, title: `Open ${o.sources.scriptName} at the line that builds ${m.path}` }, `${o.sources.scriptName}:${line}`));
          tr.append(td);
        }
        body.append(tr);
        if (focusModule === m.id) focus = tr;
      } else if (r.kind === 'top') {
        const open = o.expanded.has(TOP_LEVEL);
        const tr = h('tr', { 'data-top': '', tabindex: 0, class: 'module-row top-row', 'aria-expanded': String(open), title: `${o.noun ?? 'layers'} of the model's own forward, outside every module` });
        tr.append(h('td', { class: 'name module-name' }, h('span', { class: 'twisty', 'aria-hidden': 'true' }, open ? '▾' : '▸'), h('span', { class: 'module-label muted' }, '(outside any module)')));
        o.columns.forEach((c, i) => tr.append(h('td', { class: c.numeric ? 'num' : undefined }, i === 0 ? String(r.items) : '')));
        if (o.sources) tr.append(h('td'));
        body.append(tr);
        if (focusModule === -1) focus = tr;
      } else {
        const label = o.itemLabel(r.index);
        const tr = h('tr', { 'data-item': r.index, tabindex: 0, class: `item-row ${o.itemLevel?.(r.index) ?? ''}`, title: `Show ${label.name} in the text view` });
        const name = h('td', { class: 'name item-name' }, h('span', { class: 'op' }, label.op), ' ', h('span', { class: 'item-label' }, label.name));
        name.style.paddingLeft = `${20 + r.depth * 16}px`;
        tr.append(name);
        for (const c of o.columns) tr.append(h('td', { class: c.numeric ? 'num' : undefined }, c.item?.(r.index) ?? ''));
        if (o.sources) tr.append(h('td'));
        body.append(tr);
      }
    }
    if (rows.length > this.limit) {
      const more = h('button', { class: 'link' }, `Show ${Math.min(ROW_PAGE, rows.length - this.limit)} more`);
      more.addEventListener('click', () => { this.limit += ROW_PAGE; this.render(); });
      body.append(h('tr', { class: 'more' }, h('td', { colspan: o.columns.length + 1 + (o.sources ? 1 : 0) }, `${rows.length - this.limit} more rows. `, more)));
    }
    this.table.append(h('thead', null, head), body);
    focus?.focus();
  }

  private changed(focusModule?: number): void {
    this.options.onToggle();
    this.render(focusModule);
  }

  private activate(e: Event): void {
    const target = e.target as Element;
    const source = target.closest('[data-source]');
    if (source) {
      this.options.onSource?.(source.getAttribute('data-source')!);
      return;
    }
    const tr = target.closest('tr[data-module], tr[data-item], tr[data-top]');
    if (!tr) return;
    if (tr.hasAttribute('data-top')) {
      if (this.options.expanded.has(TOP_LEVEL)) this.options.expanded.delete(TOP_LEVEL);
      else this.options.expanded.add(TOP_LEVEL);
      this.changed(-1);
      return;
    }
    if (tr.hasAttribute('data-item')) {
      this.options.onItem?.(Number(tr.getAttribute('data-item')));
      return;
    }
    const m = this.options.tree.modules[Number(tr.getAttribute('data-module'))];
    if (!m) return;
    if (m.children.length + m.items.length > 0) {
      if (this.options.expanded.has(m.path)) this.options.expanded.delete(m.path);
      else this.options.expanded.add(m.path);
    }
    this.options.onModule?.(m);
    this.changed(m.id);
  }
}
