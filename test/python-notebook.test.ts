// Notebooks: code cells analyzed as one program (src/core/python/notebookProgram.ts). An import in
// one cell makes a layer in a later cell PyTorch; every finding, fix edit, export call and module
// lands in its own cell at the same place it would have in a .py file; IPython magics do not break
// the parse; markdown cells are not code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeScript } from '../src/core/python/analyzeScript';
import { cellAt, notebookProgram, splitAnalysis, toCellRange, type NotebookCellSource } from '../src/core/python/notebookProgram';
import { getBuiltinTarget } from '../src/core/targets/builtins';

const TFLM = getBuiltinTarget('tflm-cortex-m7')!;

const CELLS: NotebookCellSource[] = [
  { index: 0, kind: 'markup', text: '# Keyword spotter\nimport nothing from markdown' },
  { index: 1, kind: 'code', text: '%pip install torch\nimport torch\nimport torch.nn as nn' },
  { index: 2, kind: 'markup', text: 'The model:' },
  { index: 3, kind: 'code', text: 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 16)\n        self.act = nn.GELU()\n\n    def forward(self, x):\n        return self.act(self.fc(x))' },
  { index: 4, kind: 'code', text: '!ls models\ntorch.onnx.export(Net(), torch.zeros(1, 16), "net.onnx")' },
];

test('code cells join in order; markdown is left out; magics become comments of the same length', () => {
  const p = notebookProgram(CELLS);
  assert.deepEqual(p.cells.map((c) => [c.index, c.startLine, c.lineCount]), [[1, 0, 3], [3, 3, 8], [4, 11, 2]]);
  const lines = p.text.split('\n');
  assert.equal(lines.length, 13);
  assert.equal(lines[0], '#pip install torch');
  assert.equal(lines[11], '#ls models');
  assert.ok(!p.text.includes('import nothing'));
  assert.equal(cellAt(p, 5)?.index, 3);
  assert.equal(cellAt(p, 13), undefined);
  // a range across two cells belongs to neither
  assert.equal(toCellRange(p, { start: { line: 2, character: 0 }, end: { line: 3, character: 2 } }), null);
  // a %%bash cell is not Python at all
  const bash = notebookProgram([{ index: 0, kind: 'code', text: '%%bash\nnn.GELU()' }]);
  assert.equal(bash.text, '#%bash\n#n.GELU()');
});

test('nn.GELU() in a later cell than its import is the TFLite Micro error, in its own cell, with a fix that edits that cell', () => {
  const p = notebookProgram(CELLS);
  const whole = analyzeScript(p.text, { file: 'nb.ipynb', target: TFLM });
  const parts = splitAnalysis(p, whole);
  assert.deepEqual([...parts.keys()], [1, 3, 4]);
  const model = parts.get(3)!;
  const gelu = model.diagnostics.find((d) => d.code === 'script/unsupported-op');
  assert.ok(gelu, JSON.stringify(whole.diagnostics.map((d) => [d.code, d.message])));
  // line 4 of the cell, where `nn.GELU()` starts at column 19, as in the cell's own text
  assert.deepEqual(gelu.range.start, { line: 4, character: CELLS[3]!.text.split('\n')[4]!.indexOf('nn.GELU()') });
  assert.ok(gelu.fixes.length > 0);
  for (const f of gelu.fixes) for (const e of f.edits) assert.equal(e.range.start.line, 4, 'the fix edits the GELU line of this cell');
  // the construct index points into this cell's list
  assert.equal(model.constructs[gelu.construct!]!.name, 'torch.nn.GELU');
  assert.deepEqual(model.modules.map((m) => m.attribute), ['fc', 'act']);
  assert.deepEqual(parts.get(4)!.exports.map((e) => [e.kind, e.outputPath, e.range.start.line]), [['torch.onnx.export', 'net.onnx', 1]]);
  // the imports cell has no finding: `%pip` is a comment, not a syntax error
  assert.deepEqual(parts.get(1)!.diagnostics, []);
  // each cell analyzed alone (the old behaviour) would not know `nn` in cell 3
  const alone = analyzeScript(CELLS[3]!.text, { file: 'cell.py', target: TFLM });
  assert.ok(!alone.diagnostics.some((d) => d.code === 'script/unsupported-op'));
});

test('Keras in a notebook: a later cell uses the layers module imported earlier', () => {
  const p = notebookProgram([
    { index: 0, kind: 'code', text: 'from tensorflow import keras\nfrom tensorflow.keras import layers' },
    { index: 1, kind: 'code', text: 'model = keras.Sequential([\n    layers.Dense(16, activation="gelu"),\n])' },
  ]);
  const parts = splitAnalysis(p, analyzeScript(p.text, { file: 'k.ipynb', target: TFLM }));
  const d = parts.get(1)!.diagnostics.find((x) => x.severity === 'error');
  assert.ok(d, 'the GELU activation string is judged');
  assert.equal(d.range.start.line, 1);
});
