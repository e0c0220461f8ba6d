// The report as it travels from the analysis worker to the editor (core/report/packedReport.ts):
// unpacked, it is the report the CLI writes, byte for byte; the editor reads the findings, the
// placement of a node and its text-view line without parsing the node table; findings added later
// (weight phase, Vela) leave the sections packed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { nodeCodeSpan, nodeLines, renderModelText } from '../src/core/report/modelText';
import { isParsed, nodeCount, nodePlacement, nodeSpan, outputShapes, packedModelText, packedOutline, packReport, reportNodeAt, PAGE_FINDINGS, PAGE_NODES, partText, reviseReport, unpackReport } from '../src/core/report/packedReport';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { formatShape } from '../src/core/units';
import { assembleReport, ReportAssembly } from '../webview/shared/reportAssembly';
import { reportForWebview } from '../src/core/report/packedReport';
import { writeSmallDecoder } from './support/transformerDecoder';
import { sharedModelsDir } from './support/sharedModels';
import { partitionGraphOf } from '../src/core/report/partitionGraph';
import { OVERVIEW_UNREAD_SECTIONS } from '../webview/shared/protocol';
import { overviewModel } from '../webview/overview/viewModel';

function analyzed(file: string, targets: string[]): Report {
  return reportFor(prepareModel(readModelFile(file).model), targets.map((t) => getBuiltinTarget(t)!)).report;
}

/** What the worker sends, after the structured clone the worker boundary applies. */
function sent(report: Report): Report {
  return unpackReport(v8.deserialize(v8.serialize(packReport(report))));
}

function decoderFile(): string {
  return writeSmallDecoder('dl-packed-');
}

test('unpacked, the editor\'s report is the CLI\'s JSON byte for byte (key order included), on a partitioned target and a comparison', () => {
  const file = decoderFile();
  for (const targets of [['tflite-nnapi'], ['tflm-cortex-m7', 'coral-edgetpu'], ['ort-cpu-desktop']]) {
    const report = analyzed(file, targets);
    assert.ok(report.nodes.length > PAGE_NODES, 'the model spans several pages');
    assert.ok(report.deployed, 'a deployed graph to pack');
    assert.equal(JSON.stringify(sent(report)), JSON.stringify(report), targets.join(','));
  }
  const example = analyzed(bundledExampleModel(), ['tflm-cortex-m7']);
  assert.equal(JSON.stringify(sent(example)), JSON.stringify(example));
});

test('the editor reads findings, node placement, squiggle spans and text-view lines without parsing the node table; sections parse on first read', () => {
  const original = analyzed(decoderFile(), ['tflite-nnapi']);
  const report = sent(original);
  assert.equal(report.diagnostics.length, original.diagnostics.length);
  assert.equal(nodeCount(report), original.nodes.length);
  assert.deepEqual(nodeLines(report, nodeCount(report)), nodeLines(original));
  for (const n of original.nodes) {
    const p = nodePlacement(report, n.index);
    assert.equal(p.partition, n.partition, `node ${n.index} partition`);
    assert.equal(p.device, n.device, `node ${n.index} device`);
    // Problems' squiggle: the node's code on its text-view line (diagnostics.ts), as rendered.
    assert.deepEqual(nodeSpan(report, n.index), nodeCodeSpan(n), `node ${n.index} span`);
  }
  assert.equal(isParsed(report, 'nodes'), false, 'placement, spans and lines came from the index');
  assert.equal(isParsed(report, 'deployed'), false);
  // A later finding (the weight phase) revises the head; the sections stay packed and are shared once parsed.
  const extra = { ...original.diagnostics[0]!, message: 'added later' };
  const revised = reviseReport(report, { diagnostics: [...report.diagnostics, extra] });
  assert.equal(revised.diagnostics.length, original.diagnostics.length + 1);
  assert.equal(isParsed(revised, 'nodes'), false);
  assert.equal(JSON.stringify(revised.nodes), JSON.stringify(original.nodes));
  assert.equal(isParsed(revised, 'nodes'), true);
  const again = reviseReport(revised, { diagnostics: original.diagnostics });
  assert.equal(isParsed(again, 'nodes'), true, 'a parsed section is shared by the revision');
  assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(original)));
});

test('tensor records keep no prototype after unpacking (a tensor named like an Object member is a tensor, not a method)', () => {
  const report = sent(analyzed(bundledExampleModel(), ['tflm-cortex-m7']));
  assert.equal(Object.getPrototypeOf(report.tensors), null);
  assert.equal(report.tensors['constructor'], undefined);
});

test('each part is valid JSON text on its own (a webview parses the pages it is sent)', () => {
  const packed = packReport(analyzed(decoderFile(), ['tflite-nnapi']));
  const pages = packed.parts.filter((p) => p.key === 'nodes');
  assert.ok(pages.length >= 2);
  let next = 0;
  for (const p of pages) {
    const nodes = JSON.parse(partText(packed, p)) as { index: number }[];
    assert.equal(p.start, next);
    assert.equal(nodes.length, p.count);
    assert.equal(nodes[0]!.index, next);
    next += nodes.length;
  }
  for (const p of packed.parts) assert.doesNotThrow(() => JSON.parse(partText(packed, p)), p.key);
});

test('a webview assembles the same report from the head and the parts the host forwards (in any order)', () => {
  const original = analyzed(decoderFile(), ['tflite-nnapi']);
  const split = reportForWebview(sent(original))!;
  assert.ok(split.parts.length > 4);
  const keys = split.parts.map((p) => p.key);
  // The partition page's small sections first, then what the layer table needs (tensors, then the nodes).
  assert.deepEqual(keys.slice(0, 3), ['order', 'partitions', 'tensors']);
  assert.ok(keys.indexOf('nodes') < keys.indexOf('deployed'));
  const received = split.parts.map((p) => ({ key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), value: JSON.parse(p.json()) as unknown })).reverse();
  // Through JSON, as a page receives it: key order aside, the same report.
  const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
  assert.deepEqual(norm(assembleReport(JSON.parse(JSON.stringify(split.head)) as Partial<Report>, received)), norm(original));
  // The head alone carries what the first screen needs.
  assert.equal(split.head.nodes, undefined);
  assert.equal(split.head.diagnostics!.length, original.diagnostics.length);
  assert.deepEqual(norm(split.head.summary), norm(original.summary));
});

test('the worker\'s text view text is the one the editor would render, kept when only findings are added, dropped on any other change', () => {
  const original = analyzed(decoderFile(), ['coral-edgetpu']);
  const report = unpackReport(v8.deserialize(v8.serialize(packReport(original, { text: true }))));
  assert.equal(packedModelText(report), renderModelText({ report: original }).text);
  assert.equal(isParsed(report, 'nodes'), false, 'reading the text parses no node table');
  assert.equal(packedModelText(sent(original)), undefined, 'packed without text, there is none');
  const more = reviseReport(report, { diagnostics: [...report.diagnostics, { ...report.diagnostics[0]!, message: 'a finding of the weight phase' }] });
  assert.equal(packedModelText(more), packedModelText(report));
  const answered = reviseReport(report, { summary: { ...report.summary, verdict: 'fail' } });
  assert.equal(packedModelText(answered), undefined, 'a changed verdict re-renders the header on the host');
});

test('the text view\'s outline (node names, ops and output shapes, partition blocks) comes with the worker\'s text, without the node table or the tensors; kept while nodes and partitions are', () => {
  for (const target of ['coral-edgetpu', 'tflite-gpu', 'tflm-cortex-m7']) {
    const original = analyzed(decoderFile(), [target]);
    const report = unpackReport(v8.deserialize(v8.serialize(packReport(original, { text: true }))));
    const outline = packedOutline(report);
    assert.ok(outline, target);
    assert.equal(isParsed(report, 'nodes'), false, 'reading the outline parses no node table');
    assert.equal(isParsed(report, 'tensors'), false, 'nor the tensors (a hover\'s output shape)');
    assert.deepEqual(outline.names, original.nodes.map((n) => n.name));
    // The hover's shape, as the text shows it: the first output's shape in the report's tensors.
    assert.deepEqual(outline.shapes, original.nodes.map((n) => formatShape(original.tensors[n.outputs[0] ?? '']?.shape ?? null)));
    assert.ok(outline.shapes.some((s) => s.includes(',')), 'shapes are known');
    assert.deepEqual(outline.ops, original.nodes.map((n) => n.op));
    assert.deepEqual(outline.partitionLines, renderModelText({ report: original }).partitionLines);
    if (target !== 'tflm-cortex-m7') assert.ok(outline.partitionLines.length > 0, `${target}: partitions to outline`);
    assert.equal(packedOutline(sent(original)), undefined, 'packed without text, there is none');
    const answered = reviseReport(report, { summary: { ...report.summary, verdict: 'fail' } });
    assert.deepEqual(packedOutline(answered), outline, 'a verdict changes no name, op or partition');
    assert.equal(packedOutline(reviseReport(report, { partitions: [] })), undefined, 'other partitions: outlined from the report');
  }
});

test('a hover reads one node by parsing only its page of the node table', () => {
  const original = analyzed(decoderFile(), ['tflite-gpu']);
  assert.ok(original.nodes.length > PAGE_NODES, 'more than one page');
  const report = sent(original);
  for (const i of [0, PAGE_NODES - 1, PAGE_NODES, original.nodes.length - 1]) {
    assert.equal(JSON.stringify(reportNodeAt(report, i)), JSON.stringify(original.nodes[i]), `node ${i}`);
  }
  assert.equal(isParsed(report, 'nodes'), false, 'the node table is still packed');
  assert.equal(reportNodeAt(report, original.nodes.length), undefined);
  assert.equal(JSON.stringify(report.nodes[PAGE_NODES]), JSON.stringify(original.nodes[PAGE_NODES]));
  assert.equal(reportNodeAt(report, 1), report.nodes[1], 'once parsed, the table answers');
});

test('a page that draws from some sections gets them as soon as they are in, then the whole report; parts travel as bytes', () => {
  const original = analyzed(decoderFile(), ['coral-edgetpu']);
  const split = reportForWebview(sent(original), { findingsAsPart: true })!;
  assert.equal(split.head.diagnostics, undefined, 'the findings travel as a part');
  const keys = split.parts.map((p) => p.key);
  assert.ok(keys.includes('diagnostics') && keys.includes('deployed.nodes'));
  const assembly = new ReportAssembly();
  const seen: { early?: Report; whole?: Report; earlyAt?: number } = {};
  let received = 0;
  const payload = { ok: true as const, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: split.head as Report, parts: { seq: 7, count: split.parts.length, keys } };
  assembly.begin('analysis', payload, (p) => { if (p.ok) seen.whole = p.report; }, {
    keys: ['diagnostics', 'nodes', 'tensors', 'order', 'partitions'],
    ready: (p) => { seen.early = p.report; seen.earlyAt = received; },
  });
  for (const [index, p] of split.parts.entries()) {
    const bytes = p.bytes();
    assert.equal(bytes.byteLength, bytes.buffer.byteLength, 'a part has a buffer of its own (VS Code sends a view\'s whole buffer)');
    received++;
    assembly.part({ type: 'reportPart', seq: 7, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), bytes });
  }
  assert.ok(seen.early && seen.whole);
  assert.ok(seen.earlyAt! < split.parts.length, 'drawn before the deployed graph arrived');
  assert.equal(seen.early.nodes.length, original.nodes.length);
  assert.equal(seen.early.diagnostics.length, original.diagnostics.length);
  assert.equal(seen.early.deployed, undefined);
  const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
  assert.deepEqual(norm(seen.whole), norm(original));
});

test('a revision that only adds findings travels as its head: the page builds it on the report it has', () => {
  const original = analyzed(decoderFile(), ['coral-edgetpu']);
  const report = sent(original);
  const split = reportForWebview(report)!;
  const assembly = new ReportAssembly();
  const shown: Report[] = [];
  const keys = split.parts.map((p) => p.key);
  assembly.begin('analysis', { ok: true, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: split.head as Report, parts: { seq: 1, count: keys.length, keys } }, (p) => { if (p.ok) shown.push(p.report); });
  for (const [index, p] of split.parts.entries()) assembly.part({ type: 'reportPart', seq: 1, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), json: p.json() });
  const revised = reviseReport(report, { diagnostics: [...report.diagnostics, { ...report.diagnostics[0]!, message: 'a finding of the weight phase' }] });
  const head = reportForWebview(revised)!.head;
  assembly.begin('analysis', { ok: true, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: head as Report, parts: { seq: 2, count: 0, keys: [], reuse: 1 } }, (p) => { if (p.ok) shown.push(p.report); });
  assert.equal(shown.length, 2);
  const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
  assert.deepEqual(norm(shown[1]), norm(revised));
  assert.equal(shown[1]!.diagnostics.length, original.diagnostics.length + 1);
  // Without the report it names, nothing half-built is shown.
  assert.equal(new ReportAssembly().begin('analysis', { ok: true, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: head as Report, parts: { seq: 3, count: 0, keys: [], reuse: 1 } }, (p) => { if (p.ok) shown.push(p.report); }), false);
  assert.equal(shown.length, 2);
});

test('findings sent as parts come in pages of PAGE_FINDINGS ahead of the node table; the overview paints its head, then its findings, then its layers', () => {
  const report = sent(analyzed(decoderFile(), ['coral-edgetpu']));
  // More findings than two pages hold (the 10k-node decoder has 6,000: 4.7 MB of JSON in one message otherwise).
  const many = Array.from({ length: 2 * PAGE_FINDINGS + 7 }, (_, i) => ({ ...report.diagnostics[i % report.diagnostics.length]!, message: `finding ${i}` }));
  const revised = reviseReport(report, { diagnostics: many });
  const split = reportForWebview(revised, { findingsAsPart: true })!;
  assert.equal(split.head.diagnostics, undefined);
  const keys = split.parts.map((p) => p.key);
  assert.deepEqual(keys.slice(0, 3), ['diagnostics', 'diagnostics', 'diagnostics'], 'the findings first');
  assert.equal(keys.filter((k) => k === 'diagnostics').length, 3);
  assert.deepEqual(split.parts.slice(0, 3).map((p) => p.start), [0, PAGE_FINDINGS, 2 * PAGE_FINDINGS]);
  for (const p of split.parts.slice(0, 3)) assert.ok((JSON.parse(p.json()) as unknown[]).length <= PAGE_FINDINGS);
  // The overview's order of drawing (webview/overview/main.ts): findings once their pages are in, then the table.
  const assembly = new ReportAssembly();
  const events: string[] = [];
  const got: { findings?: Report; whole?: Report } = {};
  const begun = assembly.begin('analysis', { ok: true, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: split.head as Report, parts: { seq: 11, count: keys.length, keys } }, (p) => {
    events.push('whole');
    if (p.ok) got.whole = p.report;
  }, [
    { keys: ['diagnostics'], ready: (p) => { events.push('findings'); got.findings = p.report; } },
    { keys: ['diagnostics', 'tensors', 'nodes'], ready: () => events.push('layers') },
  ]);
  assert.equal(begun, true);
  // Pages out of order within the findings: the list is in the report's order all the same.
  const order = [1, 0, ...split.parts.keys()].filter((i, at, all) => all.indexOf(i) === at);
  for (const index of order) {
    const p = split.parts[index]!;
    assembly.part({ type: 'reportPart', seq: 11, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), bytes: p.bytes() });
    if (index === 2) assert.deepEqual(events, ['findings'], 'the findings as soon as their last page is in');
  }
  assert.deepEqual(events, ['findings', 'layers', 'whole']);
  assert.equal(got.findings!.nodes, undefined, 'the findings before the node table');
  assert.deepEqual(got.findings!.diagnostics.map((d) => d.message), many.map((d) => d.message));
  const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
  assert.deepEqual(norm(got.whole), norm(revised));
});

test('a revision that only adds findings, sent as parts, is the findings pages alone: the page keeps every other section', () => {
  const report = sent(analyzed(decoderFile(), ['coral-edgetpu']));
  const split = reportForWebview(report, { findingsAsPart: true })!;
  const assembly = new ReportAssembly();
  const shown: Report[] = [];
  const keys = split.parts.map((p) => p.key);
  assembly.begin('analysis', { ok: true, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: split.head as Report, parts: { seq: 21, count: keys.length, keys } }, (p) => { if (p.ok) shown.push(p.report); });
  for (const [index, p] of split.parts.entries()) assembly.part({ type: 'reportPart', seq: 21, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), bytes: p.bytes() });
  const revised = reviseReport(report, { diagnostics: [...report.diagnostics, { ...report.diagnostics[0]!, message: 'a finding of the weight phase' }] });
  const again = reportForWebview(revised, { findingsAsPart: true })!;
  // What the host sends for a reuse (analysisPayload.ts toPayload): the findings parts only.
  const findingParts = again.parts.filter((p) => p.key === 'diagnostics');
  assert.ok(findingParts.length >= 1);
  const waiting = assembly.begin('analysis', { ok: true, fileName: 'd.onnx', targetId: 'coral-edgetpu', millis: 1, report: again.head as Report, parts: { seq: 22, count: findingParts.length, keys: findingParts.map((p) => p.key), reuse: 21 } }, (p) => { if (p.ok) shown.push(p.report); },
    { keys: ['diagnostics'], ready: () => assert.fail('the findings are all the revision brings: no early delivery') });
  assert.equal(waiting, true);
  for (const [index, p] of findingParts.entries()) assembly.part({ type: 'reportPart', seq: 22, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), bytes: p.bytes() });
  assert.equal(shown.length, 2);
  const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
  assert.deepEqual(norm(shown[1]), norm(revised));
});

test('the overview gets no order, partitions, memory plan or deployed tensors: its view model is the same without them', () => {
  for (const target of ['coral-edgetpu', 'tflm-cortex-m7', 'ethos-u55-128']) {
    const report = sent(analyzed(decoderFile(), [target]));
    const split = reportForWebview(report, { findingsAsPart: true })!;
    const unread = new Set(OVERVIEW_UNREAD_SECTIONS);
    const parts = split.parts.filter((p) => !unread.has(p.key));
    assert.ok(parts.length < split.parts.length, 'some parts are left out');
    const received = parts.map((p) => ({ key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), value: JSON.parse(new TextDecoder().decode(p.bytes())) as unknown }));
    const partial = assembleReport(split.head as Report, received);
    assert.equal(partial.memory, undefined);
    const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
    assert.deepEqual(norm(overviewModel(partial, 'd.onnx', target, 1)), norm(overviewModel(report, 'd.onnx', target, 1)), target);
  }
});

/**
 * The worker's packing as the general path would do it: each section's JSON encoded on its own and
 * the pieces joined, the text view rendered in full, the index's squiggle ends from nodeCodeSpan.
 */
function packedTheLongWay(report: Report): { bytes: Uint8Array; codeEnd: Int32Array } {
  const texts: string[] = [];
  for (const key of Object.keys(report)) {
    const value = (report as unknown as Record<string, unknown>)[key];
    if (value === undefined || !['nodes', 'tensors', 'order', 'partitions', 'memory', 'deployed'].includes(key)) continue;
    if (key === 'nodes') for (let s = 0; s < report.nodes.length; s += PAGE_NODES) texts.push(JSON.stringify(report.nodes.slice(s, s + PAGE_NODES)));
    else if (key === 'deployed') {
      const { nodes, tensors, ...rest } = report.deployed!;
      texts.push(JSON.stringify(rest));
      for (let s = 0; s < nodes.length; s += PAGE_NODES) texts.push(JSON.stringify(nodes.slice(s, s + PAGE_NODES)));
      texts.push(JSON.stringify(tensors));
    } else texts.push(JSON.stringify(value));
  }
  const layout = renderModelText({ report });
  const shapes = report.nodes.map((n) => formatShape(report.tensors[n.outputs[0] ?? '']?.shape ?? null));
  texts.push(layout.text, JSON.stringify([report.nodes.map((n) => n.name), report.nodes.map((n) => n.op), layout.partitionLines, shapes]));
  const g = partitionGraphOf(report);
  if (g) texts.push(JSON.stringify(g));
  const codeEnd = new Int32Array(report.nodes.length);
  for (const n of report.nodes) codeEnd[n.index] = nodeCodeSpan(n).end;
  return { bytes: new TextEncoder().encode(texts.join('')), codeEnd };
}

function checkWorkerPacking(report: Report, label: string): void {
  const packed = packReport(report, { text: true, graph: true });
  const expected = packedTheLongWay(report);
  assert.equal(packed.bytes.length, expected.bytes.length, `${label}: byte length`);
  assert.ok(Buffer.from(packed.bytes).equals(Buffer.from(expected.bytes)), `${label}: bytes`);
  assert.deepEqual(packed.index.codeEnd, expected.codeEnd, `${label}: squiggle ends`);
  // The parts, the text, the outline and the graph tile the bytes in order, each at its place.
  const spans = [...packed.parts, packed.text!, packed.outline!, ...(packed.graph ? [packed.graph] : [])];
  let at = 0;
  for (const s of spans) {
    assert.equal(s.from, at, `${label}: contiguous`);
    at = s.to;
  }
  assert.equal(at, packed.bytes.length);
  assert.equal(JSON.stringify(unpackReport(v8.deserialize(v8.serialize(packed)))), JSON.stringify(report), `${label}: unpacked`);
  assert.equal(packedModelText(unpackReport(packed)), renderModelText({ report }).text, `${label}: text view`);
}

test('the worker\'s packing (text view rendered once, without tensor references; texts written into shared blocks) equals the general path byte for byte, on several models and targets', () => {
  const decoder = decoderFile();
  for (const targets of [['tflm-cortex-m7'], ['ethos-u55-128'], ['coral-edgetpu'], ['tflite-nnapi', 'ort-cpu-desktop']]) checkWorkerPacking(analyzed(decoder, targets), `decoder on ${targets.join('+')}`);
  checkWorkerPacking(analyzed(bundledExampleModel(), ['ethos-u55-128']), 'example on ethos-u55-128');
  const shared = sharedModelsDir();
  if (shared) {
    for (const [file, target] of [['tflite/person_detect.tflite', 'ethos-u55-128'], ['tflite/person_detect.tflite', 'tflm-cortex-m7'], ['onnx/mobilenet_v2.onnx', 'coral-edgetpu']] as const) {
      checkWorkerPacking(analyzed(path.join(shared, file), [target]), `${file} on ${target}`);
    }
  }
});

test('packed text with characters of every UTF-8 length across block boundaries decodes to the same JSON (a model\'s names are any Unicode)', () => {
  const report = analyzed(decoderFile(), ['coral-edgetpu']);
  // Names of 1-, 2-, 3- and 4-byte UTF-8 characters (a surrogate pair), long enough that many land
  // where a 1 MiB block runs out.
  const names = ['é', 'ß', '中文', '😀', 'a'];
  report.nodes.forEach((n, i) => { n.name = `${n.name}/${names[i % names.length]!.repeat(4000 + (i % 331))}`; });
  assert.ok(JSON.stringify(report.nodes).length > 2 ** 21, `more than one block of nodes: ${report.nodes.length} nodes, ${JSON.stringify(report.nodes).length} chars`);
  checkWorkerPacking(report, 'renamed decoder');
});

test('the text view without tensor references is the same text, lines and partition blocks; code ends and output shapes by node position are the squiggles\' ends and the outline\'s shapes', () => {
  for (const target of ['tflm-cortex-m7', 'ethos-u55-128', 'tflite-gpu']) {
    const report = analyzed(decoderFile(), [target]);
    const full = renderModelText({ report });
    const codeEnd = new Int32Array(report.nodes.length);
    const shapes: string[] = [];
    const lean = renderModelText({ report }, { refs: false, codeEnd, shapes });
    assert.equal(lean.text, full.text, target);
    assert.deepEqual(shapes, outputShapes(report), `${target}: output shapes as the outline takes them`);
    assert.deepEqual(lean.partitionLines, full.partitionLines, target);
    assert.deepEqual(lean.nodeLine, full.nodeLine, target);
    assert.deepEqual(lean.definitionLine, full.definitionLine, target);
    assert.equal(lean.tensorRefs.length, 0);
    assert.ok(full.tensorRefs.length > 0);
    report.nodes.forEach((n, i) => assert.equal(codeEnd[i], nodeCodeSpan(n).end, `${target} node ${i}`));
  }
});
