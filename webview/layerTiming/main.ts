// The Profile Layers page: settings (runs, warm-up, threads, optimization), Run/Cancel with
// progress, the latency histogram with p50/p99, and the per-kernel table (sortable, filterable,
// fused-into column, static estimate); TFLite models take pasted benchmark_model output.

import { clear, h } from '../shared/dom';
import { shortenMiddle } from '../../src/core/units';
import { ModelPanelClient } from '../shared/modelPanelClient';
import { panelTargetName, panelToolbar } from '../shared/panelToolbar';
import type { PanelStateMessage } from '../shared/protocol';
import type { LayerTiming, LayerTimingHostMessage, LayerTimingSettings, LayerTimingWebviewMessage } from './protocol';
import { isLayerTimingHostMessage } from './protocol';
import type { SortKey } from './viewModel';
import { formatMs, formatUs, visibleRows } from './viewModel';
import type { ModuleTree } from '../shared/protocol';
import { ModuleTreeView, restoreExpanded, type ModuleColumn } from '../shared/moduleTreeView';

interface PageState { settings: LayerTimingSettings; filter: string; sort: SortKey; descending: boolean; byModule: boolean; expanded: string[] }
const SORT_KEYS: readonly SortKey[] = ['order', 'kernel', 'op', 'medianUs', 'p90Us', 'p99Us', 'share', 'staticUs'];

/** Saved state may come from another version (or be garbage): keep only what still fits. */
function restoreUi(raw: unknown): PageState {
  const o = typeof raw === 'object' && raw !== null ? raw as Partial<Record<keyof PageState, unknown>> : {};
  const s = typeof o.settings === 'object' && o.settings !== null ? o.settings as Partial<Record<keyof LayerTimingSettings, unknown>> : {};
  const int = (v: unknown, min: number, max: number, d: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : d);
  return {
    settings: { runs: int(s.runs, 1, 10000, 20), warmup: int(s.warmup, 0, 1000, 3), threads: int(s.threads, 0, 256, 0), optimization: s.optimization === 'disabled' ? 'disabled' : 'all' },
    filter: typeof o.filter === 'string' ? o.filter : '',
    sort: SORT_KEYS.find((k) => k === o.sort) ?? 'medianUs',
    descending: o.descending !== false,
    byModule: o.byModule === true,
    expanded: restoreExpanded(o.expanded),
  };
}

let panel: PanelStateMessage | undefined;
let runner: Extract<LayerTimingHostMessage, { type: 'runner' }> | null = null;
let profile: LayerTiming | null = null;
let modules: ModuleTree | null = null;
let source: 'onnxruntime' | 'benchmark_model' | 'tflm' = 'onnxruntime';
let running = false;
let status = '';
let fraction: number | null = null;
let error = '';

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const client = new ModelPanelClient<PageState, LayerTimingWebviewMessage>({
  state(s) { panel = s; render(); },
  // The static estimate comes with the profile (computed on the panel's target when it runs).
  loading() {},
  analysis() {},
  comparison() {},
  own(m) {
    if (!isLayerTimingHostMessage(m)) return;
    switch (m.type) {
      case 'runner': runner = m; break;
      case 'cleared': profile = null; modules = null; running = false; status = ''; error = ''; break;
      case 'progress': status = m.message; fraction = m.fraction ?? null; break;
      case 'profile': profile = m.profile; modules = m.modules ?? null; source = m.source; running = false; status = ''; fraction = null; error = ''; break;
      case 'failed': running = false; status = ''; error = m.error; break;
      case 'exported': status = `Exported ${m.path}`; break;
    }
    render();
  },
}, restoreUi);
const state = client.ui;
const moduleExpanded = new Set<string>(state.expanded);
const post = (m: LayerTimingWebviewMessage): void => client.send(m);
const persist = (): void => client.save();

function targetName(id: string | null): string {
  return id === null ? 'no target' : panel?.targets.find((t) => t.id === id)?.name ?? id;
}

function reveal(node: number): void {
  client.revealNode(node).catch((e: unknown) => { error = `Could not reveal the node: ${e instanceof Error ? e.message : String(e)}`; render(); });
}

function numberField(label: string, key: 'runs' | 'warmup' | 'threads', min: number, max: number, title: string): HTMLElement {
  const input = h('input', { type: 'number', min, max, value: state.settings[key], title, 'aria-label': label }) as HTMLInputElement;
  input.addEventListener('change', () => {
    const v = Math.round(Number(input.value));
    state.settings = { ...state.settings, [key]: Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : state.settings[key] };
    persist();
  });
  return h('label', { class: 'field' }, label, input);
}

function runButtons(what: string): HTMLElement {
  const run = h('button', { class: 'primary', id: 'run-profile', disabled: running || runner?.trusted !== true }, running ? 'Profiling…' : 'Run profile');
  run.addEventListener('click', () => { running = true; error = ''; status = `Starting ${what}…`; render(); post({ type: 'run', settings: state.settings }); });
  const cancel = h('button', { disabled: !running }, 'Cancel');
  cancel.addEventListener('click', () => post({ type: 'cancel' }));
  return h('div', { class: 'buttons' }, run, cancel);
}

function settingsBar(): HTMLElement {
  if (runner?.format === 'tflite') {
    const area = h('textarea', { rows: 4, placeholder: 'Paste the output of: benchmark_model --graph=model.tflite --enable_op_profiling=true', 'aria-label': 'benchmark_model output' }) as HTMLTextAreaElement;
    const load = h('button', null, 'Show pasted output');
    load.addEventListener('click', () => post({ type: 'loadBenchmark', text: area.value }));
    const file = h('button', null, 'Load from file…');
    file.addEventListener('click', () => post({ type: 'loadBenchmark' }));
    return h('div', null,
      h('section', { class: 'settings' },
        numberField('Warm-up', 'warmup', 0, 1000, 'Invokes before measuring (not counted)'),
        numberField('Runs', 'runs', 1, 10000, 'Measured invokes'),
        runButtons('TensorFlow Lite Micro')),
      h('details', { class: 'settings tflite' },
        h('summary', null, 'Or load benchmark_model output from the device'),
        h('p', { class: 'muted' }, 'Device times: benchmark_model\'s per-op table is mapped onto this model\'s nodes.'), area, h('div', { class: 'buttons' }, load, file)));
  }
  const opt = h('select', { 'aria-label': 'Graph optimization' }, h('option', { value: 'all' }, 'all (fused kernels)'), h('option', { value: 'disabled' }, 'disabled (original nodes)')) as HTMLSelectElement;
  opt.value = state.settings.optimization;
  opt.addEventListener('change', () => { state.settings = { ...state.settings, optimization: opt.value === 'disabled' ? 'disabled' : 'all' }; persist(); });
  return h('section', { class: 'settings' },
    numberField('Warm-up', 'warmup', 0, 1000, 'Runs before measuring (not counted)'),
    numberField('Runs', 'runs', 1, 10000, 'Measured runs'),
    numberField('Threads', 'threads', 0, 256, 'Intra-op threads; 0 = ONNX Runtime default'),
    h('label', { class: 'field' }, 'Optimization', opt),
    runButtons('ONNX Runtime'));
}

function histogramView(p: LayerTiming): HTMLElement {
  const max = Math.max(1, ...p.latency.histogram.map((b) => b.count));
  // Sizes through the CSSOM: the page's CSP forbids inline style attributes.
  const bars = p.latency.histogram.map((b) => {
    const bar = h('div', { class: 'bar', title: `${formatMs(b.from)} – ${formatMs(b.to)}: ${b.count} runs` });
    bar.style.height = `${Math.max(2, (b.count / max) * 100)}%`;
    return bar;
  });
  return h('section', { class: 'latency' },
    h('div', { class: 'stats' },
      stat('p50', formatMs(p.latency.p50)), stat('p90', formatMs(p.latency.p90)), stat('p99', formatMs(p.latency.p99)),
      stat('min', formatMs(p.latency.min)), stat('max', formatMs(p.latency.max)),
      stat('kernels', formatUs(p.kernelTotalUs)),
      stat(`static (${targetName(p.targetId)})`, formatUs(p.staticTotalUs))),
    p.latency.histogram.length > 1 ? h('div', { class: 'histogram', role: 'img', 'aria-label': 'Latency histogram' }, ...bars) : null,
    p.latency.histogram.length > 1 ? h('div', { class: 'axis muted' }, h('span', null, formatMs(p.latency.min)), h('span', null, formatMs(p.latency.max))) : null);
}

function stat(label: string, value: string): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'value' }, value), h('div', { class: 'label muted' }, label));
}

const COLUMNS: { key: SortKey | null; label: string; num?: boolean }[] = [
  { key: 'order', label: '#', num: true }, { key: 'kernel', label: 'Kernel' }, { key: 'op', label: 'Op' },
  { key: 'medianUs', label: 'Median', num: true }, { key: 'p90Us', label: 'p90', num: true }, { key: 'p99Us', label: 'p99', num: true },
  { key: 'share', label: 'Share', num: true }, { key: null, label: 'Runs nodes (fusion)' }, { key: null, label: 'Shapes' },
  { key: null, label: 'Provider' }, { key: null, label: 'Bound' }, { key: 'staticUs', label: 'Static est.', num: true },
];

function shareCell(share: number): HTMLElement {
  const bar = h('span', { class: 'sharebar' });
  bar.style.width = `${(share * 100).toFixed(1)}%`;
  return h('td', { class: 'num share' }, bar, h('span', null, `${(share * 100).toFixed(1)}%`));
}

function table(p: LayerTiming): HTMLElement {
  const filter = h('input', { type: 'search', placeholder: 'Filter kernels, ops, nodes…', value: state.filter, 'aria-label': 'Filter' }) as HTMLInputElement;
  filter.addEventListener('input', () => { state.filter = filter.value; persist(); renderBody(); });
  const exportBtn = h('button', null, 'Export CSV…');
  exportBtn.addEventListener('click', () => post({ type: 'exportCsv' }));
  const head = h('tr', null, ...COLUMNS.map((c) => {
    const th = h('th', { class: c.num ? 'num' : '', 'aria-sort': c.key === state.sort ? (state.descending ? 'descending' : 'ascending') : undefined },
      c.label + (c.key === state.sort ? (state.descending ? ' ▾' : ' ▴') : ''));
    if (c.key) {
      th.classList.add('sortable');
      th.addEventListener('click', () => {
        if (state.sort === c.key) state.descending = !state.descending;
        else { state.sort = c.key!; state.descending = c.num === true; }
        persist();
        render();
      });
    }
    return th;
  }));
  const body = h('tbody');
  const renderBody = (): void => {
    clear(body);
    for (const r of visibleRows(p.rows, state.filter, state.sort, state.descending)) {
      const covers = r.covers.length === 0 ? h('span', { class: 'muted', title: 'A kernel ONNX Runtime added that computes no node of the model (a layout reorder); its time is overhead of the runtime.' }, source === 'onnxruntime' ? r.inserted ?? 'inserted by ORT' : '—')
        : h('span', null, ...r.covers.flatMap((c, i) => {
          const a = h('a', { href: '#', title: `${c.op} ${c.name} — open in the text view` }, shortenMiddle(c.name, 48));
          a.addEventListener('click', (e) => { e.preventDefault(); reveal(c.index); });
          return i === 0 ? [a] : [' + ', a];
        }));
      body.append(h('tr', { class: r.fused ? 'fused' : '' },
        h('td', { class: 'num muted' }, String(r.order)),
        h('td', { class: 'kernel', title: r.kernel }, r.kernel),
        h('td', null, r.op),
        h('td', { class: 'num' }, formatUs(r.medianUs)),
        h('td', { class: 'num' }, formatUs(r.p90Us)),
        h('td', { class: 'num' }, formatUs(r.p99Us)),
        shareCell(r.share),
        h('td', { class: 'covers' }, r.fused ? h('span', { class: 'badge' }, `${r.covers.length} fused`) : null, covers),
        h('td', { class: 'shapes muted', title: `in ${r.inputShapes.join(' ')} → out ${r.outputShapes.join(' ')}` }, r.outputShapes.join(' ')),
        h('td', null, r.provider),
        h('td', { class: r.bound ?? '' }, r.bound ?? '—'),
        h('td', { class: 'num' }, formatUs(r.staticUs))));
    }
  };
  renderBody();
  return h('section', { class: 'layers' },
    h('div', { class: 'toolbar' }, filter, h('span', { class: 'muted' }, `${p.rows.length} kernels${p.eliminated.length ? `, ${p.eliminated.length} nodes folded or eliminated` : ''}`), exportBtn),
    // Wide tables scroll sideways inside the section; the page header stays put.
    h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, head), body)));
}

/** Kernels rolled up by module: measured time beside the static estimate, per module. */
function moduleTable(p: LayerTiming, tree: ModuleTree): HTMLElement {
  const total = p.kernelTotalUs > 0 ? p.kernelTotalUs : 1;
  const row = (i: number) => p.rows[i]!;
  const columns: ModuleColumn[] = [
    { id: 'items', label: 'Kernels', numeric: true, module: (m) => String(m.totals.items), item: () => '' },
    { id: 'measured', label: 'Measured (median)', numeric: true, module: (m) => formatUs(m.totals.measuredUs), item: (i) => formatUs(row(i).medianUs) },
    { id: 'share', label: 'Share', numeric: true, module: (m) => (m.totals.measuredUs === null ? '' : `${((m.totals.measuredUs / total) * 100).toFixed(1)}%`), item: (i) => `${(row(i).share * 100).toFixed(1)}%` },
    { id: 'static', label: 'Static est.', numeric: true, module: (m) => formatUs(m.totals.latencyUs), item: (i) => formatUs(row(i).staticUs) },
    { id: 'macs', label: 'MACs', numeric: true, module: (m) => (m.totals.macs ? `${(m.totals.macs / 1e6).toFixed(1)} M` : '') },
  ];
  const view = new ModuleTreeView({
    tree, columns, expanded: moduleExpanded, noun: 'kernels',
    itemLabel: (i) => ({ name: row(i).covers.map((c) => c.name).join(' + ') || row(i).kernel, op: row(i).op }),
    onToggle: () => { state.expanded = [...moduleExpanded]; persist(); },
    onItem: (i) => { const c = row(i).covers[0]; if (c) reveal(c.index); },
  });
  return h('section', { class: 'layers modules' }, view.element);
}

function viewToggle(): HTMLElement {
  const box = h('div', { class: 'view-switch', role: 'group', 'aria-label': 'Show kernels' });
  for (const [byModule, label] of [[true, 'By module'], [false, 'All kernels']] as const) {
    const b = h('button', { 'aria-pressed': String(state.byModule === byModule) }, label);
    b.addEventListener('click', () => { state.byModule = byModule; persist(); render(); });
    box.append(b);
  }
  return box;
}

function render(): void {
  clear(app);
  if (!panel || !runner) { app.append(h('p', { class: 'muted' }, 'Loading…')); return; }
  const onnx = runner.format === 'onnx';
  app.append(h('header', { class: 'header' },
    h('h1', null, 'Profile Layers: ', h('span', { class: 'file' }, panel.fileName)),
    panelToolbar(panel, { setTarget: (t) => client.setTarget(t), pin: (p) => client.pin(p) }, 'Target of the static estimate')),
  h('p', { class: 'muted subtitle' }, profile ? (source === 'onnxruntime'
    ? `ONNX Runtime ${profile.ortVersion} (CPU), optimization ${profile.optimization}, ${profile.runs} runs after ${profile.warmup} warm-up${profile.threads ? `, ${profile.threads} threads` : ''}; static estimate on ${targetName(profile.targetId)}.`
    : source === 'tflm' ? `${profile.runtime ?? 'TFLite Micro'}, ${profile.runs} runs after ${profile.warmup} warm-up, median per op; static estimate on ${targetName(profile.targetId)}.`
      : `From benchmark_model --enable_op_profiling (average per op); static estimate on ${targetName(profile.targetId)}.`)
    : onnx ? `Runs the model in ONNX Runtime with random inputs and times every kernel; the static estimate is on ${panelTargetName(panel)}.`
      : `Runs the model in TensorFlow Lite Micro itself (WebAssembly, the target's kernels) with random inputs and times every operator with TFLM's profiler; the static estimate is on ${panelTargetName(panel)}.`));
  // What TFLM's times are, said where the numbers are.
  if (profile?.note || (!profile && !onnx)) app.append(h('p', { class: 'note', role: 'note' }, profile?.note ?? 'TFLite Micro in WebAssembly on this machine, wall-clock: relative shares, not device cycles.'));
  if (!runner.trusted) app.append(h('p', { class: 'error' }, `Profiling runs the model in ${onnx ? 'ONNX Runtime' : 'TensorFlow Lite Micro'}, which needs a trusted workspace.`));
  app.append(settingsBar());
  if (running || status) {
    const bar = running && fraction !== null ? h('progress', { max: 100, value: Math.round(fraction * 100), 'aria-label': 'Profile progress' }) : null;
    app.append(h('p', { class: 'status', role: 'status' }, running ? h('span', { class: 'spinner' }) : null, status, bar));
  }
  if (error) app.append(h('p', { class: 'error', role: 'alert' }, error));
  if (profile) {
    app.append(histogramView(profile));
    if (modules && modules.modules.length >= 3) app.append(h('div', { class: 'view-row' }, viewToggle()));
    app.append(modules && modules.modules.length >= 3 && state.byModule ? moduleTable(profile, modules) : table(profile));
  }
}

render();
