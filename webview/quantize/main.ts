// The Quantization Preview page (host: src/extension/webviews/quantizePanel.ts). Shows the weight
// SQNR per layer (per tensor vs per channel, as bars), the model size FP32 → FP16 → INT8, the
// calibration options, and after Build & Compare the FP32 vs INT8 agreement, latency and pitfalls.
// On a .tflite model: the int8 model against its float reference in TensorFlow Lite Micro (the
// partner picked by the host, the texts in tfliteView.ts).

import { shortenMiddle } from '../../src/core/units';
import { append, clear, h } from '../shared/dom';
import { ModelPanelClient } from '../shared/modelPanelClient';
import { panelTargetName, panelToolbar } from '../shared/panelToolbar';
import type { PanelStateMessage } from '../shared/protocol';
import type { QuantizeHostMessage, QuantizeOptionsMessage, QuantizePreviewResult, QuantizeWebviewMessage, TfliteQuantizeComparison, WeightAnalysis } from './protocol';
import { isQuantizeHostMessage } from './protocol';
import { comparisonLatency, comparisonRows, comparisonSummary, LATENCY_CAPTION, tfliteIntro } from './tfliteView';

/** Saved state may come from another version (or be garbage): keep only what still fits. */
function restoreUi(raw: unknown): QuantizeOptionsMessage {
  const o = typeof raw === 'object' && raw !== null ? raw as Partial<Record<keyof QuantizeOptionsMessage, unknown>> : {};
  return {
    perChannel: o.perChannel !== false,
    method: o.method === 'percentile' ? 'percentile' : 'minmax',
    samples: typeof o.samples === 'number' && Number.isInteger(o.samples) && o.samples >= 1 && o.samples <= 256 ? o.samples : 8,
  };
}

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
let panel: PanelStateMessage | undefined;
let weights: WeightAnalysis | null = null;
let weightsFor = '';
let trusted = true;
let calibrationDir: string | null = null;
let result: { result: QuantizePreviewResult; perChannel: boolean } | null = null;
let progress: { message: string; fraction: number } | null = null;
let error: string | null = null;
let saved: string | null = null;
/** A .tflite model: what the host said about it, and the last comparison. */
let tflite: Extract<QuantizeHostMessage, { type: 'tflite' }> | null = null;
let tfliteResult: TfliteQuantizeComparison | null = null;

const client = new ModelPanelClient<QuantizeOptionsMessage, QuantizeWebviewMessage>({
  state(s) {
    // Another model: what was shown belongs to the old one.
    if (panel && panel.uri !== s.uri) { weights = null; result = null; progress = null; error = null; saved = null; tflite = null; tfliteResult = null; }
    panel = s;
    render();
  },
  loading() {},
  analysis() {},
  comparison() {},
  own(m) {
    if (!isQuantizeHostMessage(m)) return;
    switch (m.type) {
      case 'weights': weights = m.weights; weightsFor = m.fileName; trusted = m.trusted; error = m.error ?? null; tflite = null; tfliteResult = null; break;
      case 'calibration': calibrationDir = m.dir; break;
      case 'progress': progress = { message: m.message, fraction: m.fraction }; break;
      case 'result': result = { result: m.result, perChannel: m.perChannel }; progress = null; error = null; break;
      case 'failed': progress = null; error = m.error; break;
      case 'saved': saved = m.path; break;
      case 'tflite':
        // Another partner: the comparison on screen was with the old one.
        if (tflite && tflite.partner !== m.partner) tfliteResult = null;
        tflite = m; weights = null; error = m.error ?? null; break;
      case 'tfliteResult': tfliteResult = m.comparison; progress = null; error = null; break;
    }
    render();
  },
}, restoreUi);
const options = client.ui;
const send = (m: QuantizeWebviewMessage): void => client.send(m);

const kib = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const db = (x: number) => `${x.toFixed(1)} dB`;
/** Bar width for an SQNR: 10 dB (empty) to 55 dB (full), so a few dB of difference show. */
const barPct = (x: number) => `${Math.max(2, Math.min(100, ((x - 10) / 45) * 100)).toFixed(1)}%`;

function button(label: string, onClick: () => void, attrs: Record<string, string | boolean> = {}): HTMLElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** A bar of `width` (CSS): set through the CSSOM, since the page's CSP blocks style attributes. */
function bar(cls: string, width: string, label: string): HTMLElement {
  const e = h('div', { class: cls }, label);
  e.style.width = width;
  return e;
}

function weightTable(w: WeightAnalysis): HTMLElement {
  const rows = w.layers.map((l) => h('tr', { class: l.kind === 'depthwise' ? 'depthwise' : undefined },
    h('td', { class: 'name', title: `${l.name} (${l.weight})` }, shortenMiddle(l.name, 44)),
    h('td', null, l.kind),
    h('td', { class: 'num' }, l.params.toLocaleString()),
    h('td', { class: 'bars' },
      bar('bar tensor', barPct(l.sqnr.perTensorSymmetric), db(l.sqnr.perTensorSymmetric)),
      bar('bar channel', barPct(l.sqnr.perChannelSymmetric), db(l.sqnr.perChannelSymmetric))),
    h('td', { class: `num ${l.perChannelGainDb > 6 ? 'gain' : ''}` }, `+${l.perChannelGainDb.toFixed(1)}`),
    h('td', { class: 'num muted' }, db(l.sqnr.perTensorAsymmetric)),
    h('td', { class: 'num muted' }, db(l.sqnr.fp16))));
  return h('table', { class: 'layers' },
    h('thead', null, h('tr', null, h('th', null, 'Layer'), h('th', null, 'Kind'), h('th', null, 'Params'),
      h('th', null, h('span', { class: 'key tensor' }), ' per-tensor  ', h('span', { class: 'key channel' }), ' per-channel (INT8 symmetric SQNR)'),
      h('th', null, 'Gain'), h('th', null, 'Asym.'), h('th', null, 'FP16'))),
    h('tbody', null, ...rows));
}

function header(): HTMLElement {
  return h('header', { class: 'header' },
    h('div', null,
      h('h1', null, 'Quantization Preview: ', h('span', { class: 'file' }, panel?.fileName ?? weightsFor)),
      panel && !tflite ? h('p', { class: 'muted' }, `Judged on ${panelTargetName(panel)}: ops it has no kernel for stay float.`) : '',
      panel && tflite ? h('p', { class: 'muted' }, 'Runs in TensorFlow Lite Micro with the kernels of the target chosen here (CMSIS-NN unless it uses TFLM\'s reference kernels).') : ''),
    panel ? panelToolbar(panel, { setTarget: (t) => client.setTarget(t), pin: (p) => client.pin(p) }) : '');
}

function render(): void {
  clear(app);
  append(app, [header()]);
  if (tflite) { renderTflite(tflite); return; }
  if (!weights) {
    append(app, [h('p', { class: error ? 'error' : 'muted' }, error ?? 'Reading weights…')]);
    return;
  }
  const s = weights.sizes;
  append(app, [
    h('div', { class: 'sizes' },
      h('div', { class: 'size' }, h('div', { class: 'label' }, 'FP32'), h('div', { class: 'value' }, kib(s.fp32))),
      h('div', { class: 'arrow' }, '→'),
      h('div', { class: 'size' }, h('div', { class: 'label' }, 'FP16'), h('div', { class: 'value' }, kib(s.fp16))),
      h('div', { class: 'arrow' }, '→'),
      h('div', { class: 'size' }, h('div', { class: 'label' }, 'INT8'), h('div', { class: 'value' }, kib(s.int8)), h('div', { class: 'muted' }, `×${(s.fp32 / Math.max(1, s.int8)).toFixed(1)} smaller`))),
    h('h2', null, 'Weight quantization error per layer'),
    h('p', { class: 'muted' }, 'Signal-to-quantization-noise ratio of INT8 weights (higher is better). Depthwise convolutions lose most with one scale per tensor.'),
    weightTable(weights),
  ]);

  const perChannel = h('input', { type: 'checkbox', id: 'perChannel', checked: options.perChannel });
  perChannel.addEventListener('change', () => { options.perChannel = (perChannel as HTMLInputElement).checked; client.save(); });
  const method = h('select', { id: 'method' }, h('option', { value: 'minmax', selected: options.method === 'minmax' }, 'min/max'), h('option', { value: 'percentile', selected: options.method === 'percentile' }, 'percentile 99.99'));
  method.addEventListener('change', () => { options.method = (method as HTMLSelectElement).value === 'percentile' ? 'percentile' : 'minmax'; client.save(); });
  const running = progress !== null;
  append(app, [
    h('h2', { id: 'build-section' }, 'Build & compare'),
    h('div', { class: 'options' },
      h('label', null, perChannel, ' per-channel weights'),
      h('label', null, 'activation ranges ', method),
      h('span', null, 'calibration: ', h('code', null, calibrationDir ?? 'random inputs'), ' ', button('Choose folder…', () => send({ type: 'pickCalibration' }), { class: 'secondary' }))),
    trusted ? '' : h('p', { class: 'error' }, 'Build & Compare runs the model in ONNX Runtime, which needs a trusted workspace.'),
    calibrationDir ? '' : h('p', { class: 'warn' }, 'Random inputs calibrate poorly: real activations have other ranges. Choose a folder of representative inputs (.npy/.raw).'),
    h('div', { class: 'actions' },
      button(running ? 'Building…' : 'Build & Compare', () => {
        error = null; saved = null; progress = { message: 'starting', fraction: 0 };
        send({ type: 'build', options: { ...options } });
        render();
      }, { id: 'build', disabled: running || !trusted }),
      running ? button('Cancel', () => send({ type: 'cancel' }), { class: 'secondary', id: 'cancel' }) : '',
      result && !running ? button('Save INT8 model…', () => send({ type: 'save' }), { class: 'secondary', id: 'save' }) : ''),
    running ? h('div', { class: 'progress' }, bar('fill', `${(progress!.fraction * 100).toFixed(0)}%`, ''), h('span', null, progress!.message)) : '',
    error ? h('p', { class: 'error', role: 'alert' }, error) : '',
    saved ? h('p', { class: 'ok' }, `Saved ${saved}`) : '',
  ]);
  if (result) renderResult(result.result, result.perChannel);
}

function targetName(id: string | null): string {
  return id === null ? 'no target' : panel?.targets.find((t) => t.id === id)?.name ?? id;
}

/** The result was judged on another target than the panel's current one. */
function stale(r: QuantizePreviewResult): boolean {
  return panel !== undefined && r.targetId !== (panel.targetId ?? panel.workspaceTargetId);
}

function renderResult(r: QuantizePreviewResult, perChannel: boolean): void {
  const l = r.latency;
  append(app, [
    h('h2', null, 'FP32 vs INT8 in ONNX Runtime'),
    h('p', { class: 'muted' }, `${perChannel ? 'Per-channel' : 'Per-tensor'} weights, ${r.calibration.method} ranges from ${r.calibration.samples} ${r.calibration.source === 'random' ? 'random' : 'folder'} sample(s); ${r.qdq.quantizedNodes} nodes quantized, ${r.qdq.quantizedActivations} activations; judged on ${targetName(r.targetId)}.`),
    h('p', { class: 'muted' }, `Activations ${r.qdq.activations.type} (${r.qdq.activations.scheme ?? 'asymmetric'}): ${r.qdq.activations.reason}. Weights int8 (symmetric), biases int32.`),
    stale(r) ? h('p', { class: 'warn' }, `Built for ${targetName(r.targetId)}; the panel now judges on ${panelTargetName(panel)}: build again to see which ops it keeps in float.`) : '',
    h('table', { class: 'metrics' },
      h('thead', null, h('tr', null, h('th', null, 'Output'), h('th', null, 'Max |error|'), h('th', null, 'Mean |error|'), h('th', null, 'Cosine'), h('th', null, 'SQNR'), h('th', null, 'Top-1 agreement'))),
      h('tbody', null, ...r.agreement.map((a) => h('tr', null, h('td', null, a.output), h('td', { class: 'num' }, a.maxAbsError.toPrecision(3)), h('td', { class: 'num' }, a.meanAbsError.toPrecision(3)),
        h('td', { class: 'num' }, a.cosine.toFixed(5)), h('td', { class: 'num' }, db(a.sqnrDb)), h('td', { class: 'num' }, a.top1Agreement === null ? '—' : `${(a.top1Agreement * 100).toFixed(1)}%`))))),
    h('div', { class: 'sizes' },
      h('div', { class: 'size' }, h('div', { class: 'label' }, 'FP32 latency'), h('div', { class: 'value' }, `${l.fp32Ms.toFixed(2)} ms`)),
      h('div', { class: 'size' }, h('div', { class: 'label' }, 'INT8 latency'), h('div', { class: 'value' }, `${l.int8Ms.toFixed(2)} ms`)),
      h('div', { class: 'size' }, h('div', { class: 'label' }, 'Speed-up (CPU)'), h('div', { class: 'value' }, `×${l.speedup.toFixed(2)}`))),
    r.qdq.floatNodes.length ? h('h2', null, `Stays float (${r.qdq.floatNodes.length})`) : '',
    r.qdq.floatNodes.length ? h('table', { class: 'float-ops' },
      h('thead', null, h('tr', null, h('th', null, 'Node'), h('th', null, 'Op'), h('th', null, 'Why'), h('th', null, 'Island'))),
      h('tbody', null, ...r.qdq.floatNodes.map((f) => h('tr', null, h('td', { class: 'name', title: f.name }, shortenMiddle(f.name, 44)), h('td', null, f.op), h('td', null, f.reason),
        h('td', { title: 'Between quantized tensors: DequantizeLinear → float op → QuantizeLinear' }, f.island ? 'yes' : '—'))))) : '',
    r.pitfalls.length ? h('h2', null, 'Pitfalls') : '',
    h('ul', { class: 'pitfalls' }, ...r.pitfalls.map((p) => h('li', { class: p.severity }, h('code', null, p.code), ' ', p.message))),
  ]);
}

function renderTflite(t: Extract<QuantizeHostMessage, { type: 'tflite' }>): void {
  if (!t.role) {
    append(app, [h('p', { class: error ? 'error' : 'muted' }, error ?? 'Reading the model…')]);
    return;
  }
  const intro = tfliteIntro(t.role, t.fileName);
  const running = progress !== null;
  append(app, [
    h('h2', null, intro.title),
    ...intro.paragraphs.slice(0, 1).map((p) => h('p', null, p)),
    intro.recipe ? h('pre', { class: 'recipe' }, h('code', null, intro.recipe)) : '',
    ...intro.paragraphs.slice(1).map((p) => h('p', null, p)),
    t.trusted ? '' : h('p', { class: 'error', id: 'untrusted' }, 'Nothing runs in Restricted Mode: the comparison runs both models in TensorFlow Lite Micro, which needs a trusted workspace. Trust this folder to use it (static analysis keeps working).'),
    h('div', { class: 'options' },
      h('span', null, `${intro.partnerLabel}: `, h('code', { id: 'partner' }, t.partner ?? 'none chosen'), ' ',
        button(intro.pickLabel, () => send({ type: 'pickTflitePartner' }), { class: 'secondary', id: 'pick-partner', disabled: running }))),
    h('div', { class: 'actions' },
      button(running ? 'Comparing…' : 'Compare in TFLite Micro', () => {
        error = null; progress = { message: 'starting', fraction: 0 };
        send({ type: 'compareTflite' });
        render();
      }, { id: 'compare', disabled: running || !t.trusted || t.partner === null }),
      running ? button('Cancel', () => send({ type: 'cancel' }), { class: 'secondary', id: 'cancel' }) : ''),
    running ? h('div', { class: 'progress' }, bar('fill', `${(progress!.fraction * 100).toFixed(0)}%`, ''), h('span', null, progress!.message)) : '',
    error ? h('p', { class: 'error', role: 'alert' }, error) : '',
  ]);
  if (tfliteResult) renderTfliteResult(tfliteResult);
}

function renderTfliteResult(c: TfliteQuantizeComparison): void {
  append(app, [
    h('h2', null, 'Int8 vs float in TensorFlow Lite Micro'),
    h('p', { class: 'muted' }, comparisonSummary(c)),
    h('table', { class: 'metrics' },
      h('thead', null, h('tr', null, h('th', null, 'Output'), h('th', null, 'Max |error|'), h('th', null, 'Mean |error|'), h('th', null, 'Cosine'), h('th', null, 'SQNR'), h('th', null, 'Top-1 agreement'))),
      h('tbody', null, ...comparisonRows(c).map((r) => h('tr', null, h('td', null, r.output), h('td', { class: 'num' }, r.maxAbsError), h('td', { class: 'num' }, r.meanAbsError),
        h('td', { class: 'num' }, r.cosine), h('td', { class: 'num' }, r.sqnr), h('td', { class: 'num' }, r.top1))))),
    h('div', { class: 'sizes' }, ...comparisonLatency(c).map((l) => h('div', { class: 'size' }, h('div', { class: 'label' }, l.label), h('div', { class: 'value' }, l.value)))),
    h('p', { class: 'muted' }, LATENCY_CAPTION),
    h('ul', { class: 'notes' }, ...c.notes.map((n) => h('li', { class: 'muted' }, n))),
  ]);
}

render();
