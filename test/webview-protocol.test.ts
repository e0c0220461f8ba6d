// The host runs isWebviewToHostMessage on every message a webview posts: a page that renders
// strings from a model file is not trusted to send only what our own script sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHostToWebviewMessage, isWebviewToHostMessage, MAX_MESSAGE_STRING, MAX_NODE_INDEX } from '../webview/shared/protocol';

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
  ]) {
    assert.ok(isWebviewToHostMessage(m), JSON.stringify(m));
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
