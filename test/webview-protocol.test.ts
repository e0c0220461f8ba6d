// The host runs isWebviewToHostMessage on every message a webview posts: a page that renders
// strings from a model file is not trusted to send only what our own script sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHostToWebviewMessage, isWebviewToHostMessage, MAX_MESSAGE_STRING, MAX_NODE_INDEX, MAX_TARGET_ID, modelPanelStateOf } from '../webview/shared/protocol';
import { isLayerTimingWebviewMessage, MAX_BENCHMARK_TEXT } from '../webview/layerTiming/protocol';
import { isQuantizeHostMessage, isQuantizeWebviewMessage } from '../webview/quantize/protocol';

test('accepts every well-formed webview message', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'revealNode', id: 1, node: 0 },
    { type: 'revealNode', id: 0, node: MAX_NODE_INDEX },
    { type: 'command', id: 7, command: 'openAsText' },
    { type: 'command', id: 8, command: 'selectTarget' },
    { type: 'command', id: 9, command: 'compareTargets' },
    { type: 'command', id: 10, command: 'exportReport' },
    { type: 'command', id: 11, command: 'reanalyze' },
    { type: 'log', level: 'error', message: 'TypeError: x is undefined' },
    { type: 'log', level: 'info', message: 'x'.repeat(MAX_MESSAGE_STRING) },
    { type: 'openModuleSource', id: 12, module: 'features.3.conv' },
  ]) {
    assert.ok(isWebviewToHostMessage(m), JSON.stringify(m));
  }
});

test('openModuleSource: a module path string, an id, nothing else', () => {
  for (const m of [
    { type: 'openModuleSource', id: 1, module: '' },
    { type: 'openModuleSource', id: 1, module: 'x'.repeat(MAX_MESSAGE_STRING + 1) },
    { type: 'openModuleSource', id: 1, module: 3 },
    { type: 'openModuleSource', module: 'a' },
    { type: 'openModuleSource', id: 1, module: 'a', file: '/etc/passwd' },
  ]) {
    assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
  }
});

test('rejects non-objects and unknown types', () => {
  for (const m of [
    undefined, null, 0, 'ready', true, [], [{ type: 'ready' }],
    {}, { type: 'Ready' }, { type: 'eval', code: '1' }, { type: 42 }, { type: ['ready'] },
    { type: 'response', id: 1, ok: true }, // a host message echoed back is not a request
    new Date(), Object.assign(Object.create({ type: 'ready' }) as object, {}),
  ]) {
    assert.equal(isWebviewToHostMessage(m), false, String(JSON.stringify(m)));
  }
});

test('rejects requests without a valid id', () => {
  for (const m of [
    { type: 'revealNode', node: 3 },
    { type: 'revealNode', id: '1', node: 3 },
    { type: 'revealNode', id: -1, node: 3 },
    { type: 'revealNode', id: 1.5, node: 3 },
    { type: 'revealNode', id: Number.NaN, node: 3 },
    { type: 'revealNode', id: 2 ** 53, node: 3 },
    { type: 'command', command: 'openAsText' },
    { type: 'command', id: null, command: 'openAsText' },
  ]) {
    assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
  }
});

test('rejects node indices that are not small non-negative integers', () => {
  for (const node of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_NODE_INDEX + 1, '3', null, [3], { valueOf: () => 3 }]) {
    assert.equal(isWebviewToHostMessage({ type: 'revealNode', id: 1, node }), false, String(node));
  }
});

test('rejects commands outside the allow-list', () => {
  for (const command of ['workbench.action.terminal.new', 'deploylens.openModelAsText', 'OPENASTEXT', '', 'toString', '__proto__', 1]) {
    assert.equal(isWebviewToHostMessage({ type: 'command', id: 1, command }), false, String(command));
  }
});

test('rejects extra keys (nothing smuggled to a later handler)', () => {
  assert.equal(isWebviewToHostMessage({ type: 'ready', extra: 1 }), false);
  assert.equal(isWebviewToHostMessage({ type: 'revealNode', id: 1, node: 2, uri: 'file:///etc/passwd' }), false);
  assert.equal(isWebviewToHostMessage({ type: 'command', id: 1, command: 'exportReport', args: ['/tmp/x'] }), false);
  assert.equal(isWebviewToHostMessage(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), false);
});

test('rejects oversized and non-string log messages', () => {
  assert.equal(isWebviewToHostMessage({ type: 'log', level: 'error', message: 'x'.repeat(MAX_MESSAGE_STRING + 1) }), false);
  assert.equal(isWebviewToHostMessage({ type: 'log', level: 'error', message: 'x'.repeat(10_000_000) }), false);
  assert.equal(isWebviewToHostMessage({ type: 'log', level: 'error', message: { toString: () => 'x' } }), false);
  assert.equal(isWebviewToHostMessage({ type: 'log', level: 'fatal', message: 'x' }), false);
  assert.equal(isWebviewToHostMessage({ type: 'log', message: 'x' }), false);
});

test('the webview accepts host messages and ignores malformed ones', () => {
  assert.ok(isHostToWebviewMessage({ type: 'loading', fileName: 'a.onnx' }));
  assert.ok(isHostToWebviewMessage({ type: 'response', id: 3, ok: false, error: 'command not found' }));
  assert.ok(isHostToWebviewMessage({ type: 'analysis', payload: { ok: false, fileName: 'a.onnx', targetId: 't', error: 'truncated' } }));
  assert.ok(isHostToWebviewMessage({ type: 'analysis', payload: { ok: true, fileName: 'a.onnx', targetId: 't', millis: 1, report: {} } }));
  assert.equal(isHostToWebviewMessage({ type: 'analysis', payload: { ok: true, fileName: 'a.onnx', targetId: 't', millis: 1 } }), false);
  assert.equal(isHostToWebviewMessage({ type: 'analysis' }), false);
  assert.equal(isHostToWebviewMessage({ type: 'loading' }), false);
  assert.equal(isHostToWebviewMessage('loading'), false);
});

test('model panel messages: pin and target choices, exactly', () => {
  for (const m of [
    { type: 'pin', pinned: true },
    { type: 'pin', pinned: false },
    { type: 'setTarget', target: 'coral-edgetpu' },
    { type: 'setTarget', target: null },
    { type: 'setCompareTarget', target: 'tflite-gpu' },
    { type: 'setCompareTarget', target: null },
    { type: 'setTarget', target: 'x'.repeat(MAX_TARGET_ID) },
  ]) {
    assert.ok(isWebviewToHostMessage(m), JSON.stringify(m));
  }
  for (const m of [
    { type: 'pin' }, { type: 'pin', pinned: 'true' }, { type: 'pin', pinned: 1 }, { type: 'pin', pinned: true, uri: 'file:///x' },
    { type: 'setTarget' }, { type: 'setTarget', target: '' }, { type: 'setTarget', target: 3 }, { type: 'setTarget', target: ['a'] },
    { type: 'setTarget', target: 'x'.repeat(MAX_TARGET_ID + 1) }, { type: 'setTarget', target: 'a', extra: 1 },
    { type: 'setCompareTarget', target: undefined }, { type: 'setCompareTarget', target: { id: 'a' } },
    { type: 'panelState', uri: 'file:///a.onnx', fileName: 'a.onnx', pinned: true, targets: [], workspaceTargetId: 'a', targetId: null, compareTargetId: null },
    { type: 'comparison', payload: null },
  ]) {
    assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
  }
});

test('the webview accepts panelState and comparison messages', () => {
  assert.ok(isHostToWebviewMessage({ type: 'panelState', uri: 'file:///a.onnx', fileName: 'a.onnx', pinned: false, targets: [{ id: 't', name: 'T' }], workspaceTargetId: 't', targetId: null, compareTargetId: null }));
  assert.ok(isHostToWebviewMessage({ type: 'comparison', payload: null }));
  assert.ok(isHostToWebviewMessage({ type: 'comparison', payload: { ok: true, fileName: 'a.onnx', targetId: 't', millis: 1, report: {} } }));
  assert.ok(isHostToWebviewMessage({ type: 'comparison', payload: { ok: false, fileName: 'a.onnx', targetId: 't', error: 'x' } }));
  assert.equal(isHostToWebviewMessage({ type: 'comparison' }), false);
  assert.equal(isHostToWebviewMessage({ type: 'comparison', payload: { ok: true, fileName: 'a.onnx', targetId: 't' } }), false);
  assert.equal(isHostToWebviewMessage({ type: 'panelState', uri: 'file:///a.onnx' }), false);
});

test('a saved model panel state is read defensively (it comes back from disk after a reload)', () => {
  assert.deepEqual(modelPanelStateOf({ panel: { uri: 'file:///m.onnx', pinned: true, targetId: 'coral-edgetpu', compareTargetId: null }, ui: {} }),
    { uri: 'file:///m.onnx', pinned: true, targetId: 'coral-edgetpu', compareTargetId: null });
  assert.deepEqual(modelPanelStateOf({ panel: { uri: 'file:///m.onnx', pinned: 'yes', targetId: 7, compareTargetId: '' } }),
    { uri: 'file:///m.onnx', pinned: false, targetId: null, compareTargetId: null });
  for (const saved of [undefined, null, 'x', [], {}, { panel: null }, { panel: { uri: '' } }, { panel: { uri: 3 } }, { panel: { uri: 'x'.repeat(MAX_MESSAGE_STRING + 1) } }]) {
    assert.equal(modelPanelStateOf(saved), undefined, JSON.stringify(saved));
  }
});

// The panels that run models add their own messages (webview/layerTiming/protocol.ts,
// webview/quantize/protocol.ts); the host tries the shared validator first, then the panel's.

const settings = { runs: 2, warmup: 1, threads: 0, optimization: 'all' };

test('profile messages: accepted exactly', () => {
  for (const m of [
    { type: 'run', settings },
    { type: 'run', settings: { ...settings, optimization: 'disabled', runs: 10000, threads: 256 } },
    { type: 'cancel' },
    { type: 'exportCsv' },
    { type: 'exportCsv', path: '/tmp/x.csv' },
    { type: 'loadBenchmark' },
    { type: 'loadBenchmark', text: '' },
  ]) assert.ok(isLayerTimingWebviewMessage(m), JSON.stringify(m));
});

test('profile messages: wrong, missing, extra or out-of-range fields are rejected', () => {
  for (const m of [
    null, [], { type: 'ready' }, { type: 'revealNode', node: 1 }, // shared messages are the shared validator's
    { type: 'cancel', now: true },
    { type: 'run' }, { type: 'run', settings: { ...settings, runs: 0 } }, { type: 'run', settings: { ...settings, warmup: 1.5 } },
    { type: 'run', settings: { ...settings, optimization: 'O3' } }, { type: 'run', settings: { ...settings, extra: 1 } },
    { type: 'run', settings: { runs: 2, warmup: 1, threads: 0, optimisation: 'all' } },
    { type: 'run', settings, extra: 1 },
    { type: 'exportCsv', path: '' }, { type: 'exportCsv', path: 'x'.repeat(MAX_MESSAGE_STRING + 1) }, { type: 'exportCsv', file: '/tmp/x' },
    { type: 'loadBenchmark', text: 1 }, { type: 'loadBenchmark', text: 'x'.repeat(MAX_BENCHMARK_TEXT + 1) },
    Object.assign(Object.create({ type: 'cancel' }) as object, {}),
  ]) assert.equal(isLayerTimingWebviewMessage(m), false, String(JSON.stringify(m)).slice(0, 120));
});

const options = { perChannel: true, method: 'minmax', samples: 8 };

test('quantization messages: accepted exactly', () => {
  for (const m of [
    { type: 'build', options }, { type: 'build', options: { perChannel: false, method: 'percentile', samples: 256 } },
    { type: 'cancel' }, { type: 'save' }, { type: 'pickCalibration' },
    // .tflite models: pick the partner (a path only in the extension's test mode: the host checks that), compare
    { type: 'pickTflitePartner' }, { type: 'pickTflitePartner', path: '/w/model_float.tflite' }, { type: 'compareTflite' },
  ]) assert.ok(isQuantizeWebviewMessage(m), JSON.stringify(m));
});

test('quantization messages: wrong, missing, extra or out-of-range fields are rejected', () => {
  for (const m of [
    undefined, { type: 'ready' }, { type: 'save', path: '/etc/x' }, { type: 'pickCalibration', dir: '/' },
    { type: 'build' }, { type: 'build', options: { ...options, perChannel: 'yes' } }, { type: 'build', options: { ...options, samples: 0 } },
    { type: 'build', options: { ...options, samples: 257 } }, { type: 'build', options: { ...options, method: 'entropy' } },
    // the calibration folder is the host's own pick: a page cannot name one
    { type: 'build', options: { ...options, calibrationDir: '/home' } },
    { type: 'build', options, extra: 1 },
    { type: 'pickTflitePartner', path: '' }, { type: 'pickTflitePartner', path: 3 }, { type: 'pickTflitePartner', path: 'x'.repeat(MAX_MESSAGE_STRING + 1) },
    { type: 'pickTflitePartner', file: '/w/m.tflite' }, { type: 'pickTflitePartner', path: '/w/m.tflite', role: 'float' },
    // the host runs the partner it remembers: a page cannot name the files, the samples or the kernels
    { type: 'compareTflite', reference: '/w/m.tflite' }, { type: 'compareTflite', samples: 4 }, { type: 'compareTflite', kernels: 'reference' },
  ]) assert.equal(isQuantizeWebviewMessage(m), false, String(JSON.stringify(m)));
});

test('quantization host messages: the page takes the .tflite ones and drops unknown types', () => {
  for (const m of [
    { type: 'tflite', fileName: 'm.tflite', role: 'int8', partner: null, trusted: false },
    { type: 'tfliteResult', comparison: {} },
    { type: 'weights', fileName: 'm.onnx', weights: null, trusted: true },
  ]) assert.ok(isQuantizeHostMessage(m), JSON.stringify(m));
  for (const m of [null, 'tflite', { type: 'tfliteResults' }, { type: 'html', html: '<b>' }]) assert.equal(isQuantizeHostMessage(m), false, JSON.stringify(m));
});
