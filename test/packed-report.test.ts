// The report as it travels from the analysis worker to the editor (core/report/packedReport.ts):
// unpacked, it is the report the CLI writes, byte for byte; the editor reads the findings, the
// placement of a node and its text-view line without parsing the node table; findings added later
// (weight phase, Vela) leave the sections packed.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as v8 from 'node:v8';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { nodeCodeSpan, nodeLines } from '../src/core/report/modelText';
import { isParsed, nodeCount, nodePlacement, nodeSpan, packReport, PAGE_NODES, partText, reviseReport, unpackReport } from '../src/core/report/packedReport';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { assembleReport } from '../webview/shared/reportAssembly';
import { reportForWebview } from '../src/core/report/packedReport';
import { transformerDecoder } from './support/transformerDecoder';

function analyzed(file: string, targets: string[]): Report {
  return reportFor(prepareModel(readModelFile(file).model), targets.map((t) => getBuiltinTarget(t)!)).report;
}

/** What the worker sends, after the structured clone the worker boundary applies. */
function sent(report: Report): Report {
  return unpackReport(v8.deserialize(v8.serialize(packReport(report))));
}

function decoderFile(): string {
  const d = transformerDecoder({ layers: 2, hidden: 64, heads: 4, kvHeads: 2, ffn: 128, vocab: 100, dataLocation: 'w.bin' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-packed-'));
  fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.alloc(d.externalBytes));
  fs.writeFileSync(path.join(dir, 'decoder.onnx'), d.model);
  return path.join(dir, 'decoder.onnx');
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
  assert.equal(split.parts[0]!.key, 'tensors', 'what the layer table needs goes first');
  const received = split.parts.map((p) => ({ key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), value: JSON.parse(p.json()) as unknown })).reverse();
  // Through JSON, as a page receives it: key order aside, the same report.
  const norm = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
  assert.deepEqual(norm(assembleReport(JSON.parse(JSON.stringify(split.head)) as Partial<Report>, received)), norm(original));
  // The head alone carries what the first screen needs.
  assert.equal(split.head.nodes, undefined);
  assert.equal(split.head.diagnostics!.length, original.diagnostics.length);
  assert.deepEqual(norm(split.head.summary), norm(original.summary));
});
