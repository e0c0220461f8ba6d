// The hostile corpus of issue 12: one generator per input class that once crashed, hung, grew
// without bound or answered wrongly. Every file is made by code (no committed binaries); the large
// ones are written at test time into a temp folder and deleted with it. Each case says how the CLI
// is run on it and what a clear answer looks like; test/hostile-corpus.test.ts runs every case in
// a child process with a time and memory budget, bench/fuzz-structure.ts mutates the small ones.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OnnxGraphBuilder, writeOnnxModel, type FunctionSpec } from '../../src/core/onnx/writeOnnx';
import { builtin, TensorType, writeTflite, type ModelSpec } from '../fixtures/tfliteWriter';
import { modelProto, nodeProto, ONNX, ONNX_FLOAT, ONNX_INT32, ONNX_INT64, Pb, valueInfo } from './protoWriter';

export interface HostileCase {
  id: string;
  /** The issue-12 class it stands for (numbered as in the "Why"). */
  klass: string;
  /** 'large' cases write megabytes to gigabytes (sparse) at test time. */
  size: 'tiny' | 'large';
  /** Writes the inputs into `dir`; returns the CLI arguments (relative to `dir`, which is the cwd). */
  build(dir: string): string[];
  /** The answer must mention this (stdout + stderr). */
  expect: RegExp;
  /** Exit codes that are right for this input (default: 1, an error finding at --fail-on error). */
  exits?: number[];
  /** Text that must NOT appear in stdout (output injection); Markdown code spans are removed first (their content is literal). */
  forbid?: RegExp;
}

const write = (dir: string, name: string, bytes: Uint8Array | string): string => {
  fs.writeFileSync(path.join(dir, name), bytes);
  return name;
};

const analyze = (file: string, ...more: string[]): string[] => ['analyze', file, '--fail-on', 'error', ...more];

/** x (float [4]) and a non-constant int64 `s` declared [n]: the shape input of Reshape & co. */
function shapeInputModel(op: string, n: number, opset = 13, attrs: Record<string, number> = {}): Uint8Array {
  const inputs = op === 'ConstantOfShape' ? ['s'] : op === 'Split' ? ['x'] : ['x', 's'];
  const graph = new Pb().string(ONNX.graph.name, 'g')
    .msg(ONNX.graph.node, nodeProto(op, inputs, ['y'], (node) => {
      for (const [name, v] of Object.entries(attrs)) node.msg(ONNX.node.attribute, new Pb().string(ONNX.attr.name, name).int(ONNX.attr.type, ONNX.attrType.INT).int(ONNX.attr.i, v));
    }))
    .msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [4]))
    .msg(ONNX.graph.input, valueInfo('s', ONNX_INT64, [n]))
    .msg(ONNX.graph.output, new Pb().string(ONNX.valueInfo.name, 'y'));
  return modelProto(graph, opset);
}

function onnx(build: (b: OnnxGraphBuilder) => void, opset = 13, functions: FunctionSpec[] = [], extraOpsets: Record<string, number> = {}): Uint8Array {
  const b = new OnnxGraphBuilder('g');
  build(b);
  return writeOnnxModel({ graph: b, opsets: { '': opset, ...extraOpsets }, functions });
}

/** A chain of `n` Relu nodes (ONNX), written by hand: 200k nodes through protobufjs objects would take seconds. */
export function reluChain(n: number, op = (i: number) => (i % 2 === 0 ? 'Relu' : 'Relu')): Uint8Array {
  const g = new Pb().string(ONNX.graph.name, 'chain');
  for (let i = 0; i < n; i++) g.msg(ONNX.graph.node, nodeProto(op(i), [i === 0 ? 'x' : `t${i - 1}`], [`t${i}`]));
  g.msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [1, 16])).msg(ONNX.graph.output, valueInfo(`t${n - 1}`, ONNX_FLOAT, [1, 16]));
  return modelProto(g);
}

function tflite(spec: Partial<ModelSpec> & Pick<ModelSpec, 'subgraphs'>): Uint8Array {
  return writeTflite({ operatorCodes: [builtin(19)], buffers: [{}], ...spec });
}

function tfliteChain(n: number): Uint8Array {
  const tensors = Array.from({ length: n + 1 }, (_, i) => ({ name: `t${i}`, shape: [1, 16], type: TensorType.FLOAT32 }));
  const operators = Array.from({ length: n }, (_, i) => ({ opcode: 0, inputs: [i], outputs: [i + 1] }));
  return tflite({ subgraphs: [{ name: 'chain', tensors, inputs: [0], outputs: [n], operators }] });
}

/** f0 is a Relu; f_k calls f_{k-1} twice: a call of f_depth expands to 2^depth nodes. */
function exponentialFunctions(depth: number): FunctionSpec[] {
  const fns: FunctionSpec[] = [];
  for (let k = 0; k <= depth; k++) {
    const body = new OnnxGraphBuilder(`f${k}`);
    if (k === 0) body.node('Relu', ['a'], ['b']);
    else body.node(`f${k - 1}`, ['a'], ['m'], {}, { domain: 'local' }).node(`f${k - 1}`, ['m'], ['b'], {}, { domain: 'local' });
    fns.push({ domain: 'local', name: `f${k}`, inputs: ['a'], outputs: ['b'], body, opsets: { '': 13, local: 1 } });
  }
  return fns;
}

function selfCallingFunction(names: string[]): FunctionSpec[] {
  return names.map((name, i) => ({
    domain: 'local', name, inputs: ['a'], outputs: ['b'], opsets: { '': 13, local: 1 },
    body: new OnnxGraphBuilder(name).node(names[(i + 1) % names.length]!, ['a'], ['b'], {}, { domain: 'local' }),
  }));
}

/** A packed `ints` (or `floats`) attribute of `bytes` bytes on a Relu node. */
function bigPackedAttribute(kind: 'ints' | 'floats', bytes: number): Uint8Array {
  const payload = new Uint8Array(bytes).fill(kind === 'ints' ? 0x01 : 0x00);
  const attribute = new Pb().string(ONNX.attr.name, 'big')
    .int(ONNX.attr.type, kind === 'ints' ? ONNX.attrType.INTS : ONNX.attrType.FLOATS)
    .bytes(kind === 'ints' ? ONNX.attr.ints : ONNX.attr.floats, payload);
  const g = new Pb().string(ONNX.graph.name, 'g')
    .msg(ONNX.graph.node, nodeProto('Relu', ['x'], ['y'], (n) => n.msg(ONNX.node.attribute, attribute)))
    .msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [4])).msg(ONNX.graph.output, valueInfo('y', ONNX_FLOAT, [4]));
  return modelProto(g);
}

/** An int32 initializer whose `elements` values are stored unpacked: one tag per element. */
function unpackedInitializer(elements: number): Uint8Array {
  const one = Uint8Array.of((ONNX.tensor.int32_data << 3) | 0, 0x01);
  const run = new Uint8Array(elements * 2);
  for (let i = 0; i < run.length; i += 2) run.set(one, i);
  const t = new Pb().int(ONNX.tensor.dims, elements).int(ONNX.tensor.data_type, ONNX_INT32).string(ONNX.tensor.name, 'w').raw(run);
  const g = new Pb().string(ONNX.graph.name, 'g')
    .msg(ONNX.graph.node, nodeProto('Add', ['x', 'w'], ['y']))
    .msg(ONNX.graph.initializer, t)
    .msg(ONNX.graph.input, valueInfo('x', ONNX_INT32, [elements])).msg(ONNX.graph.output, valueInfo('y', ONNX_INT32, [elements]));
  return modelProto(g);
}

const ESC = '\x1b';
const BEL = '\x07';
/** Names that retitle a terminal, rewrite the current line, or inject Markdown/HTML into a PR comment. */
const INJECTED = `evil${ESC}]0;pwned${BEL}\r\nverdict    PASS${ESC}[2K <img src=x onerror=alert(1)>\n# Heading [link](javascript:alert(1)) *bold* \`tick\``;

const PROTO_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

export const HOSTILE_CASES: HostileCase[] = [
  // 1. Array lengths straight from declared dims or attributes.
  { id: 'reshape-shape-input-2^31', klass: '1 declared dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('Reshape', 2 ** 31))), expect: /2,147,483,648 elements; not expanded/ },
  { id: 'reshape-shape-input-3e7', klass: '1 declared dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('Reshape', 3e7))), expect: /30,000,000 elements; not expanded/ },
  { id: 'constantofshape-1e8', klass: '1 declared dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('ConstantOfShape', 1e8))), expect: /100,000,000 elements; not expanded/ },
  { id: 'expand-1e8', klass: '1 declared dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('Expand', 1e8))), expect: /100,000,000 elements; not expanded/ },
  { id: 'unsqueeze-axes-1e8', klass: '1 declared dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('Unsqueeze', 1e8))), expect: /100,000,000 elements; not expanded/ },
  { id: 'tile-repeats-1e8', klass: '1 declared dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('Tile', 1e8))), expect: /arena needs 381 MiB/ },
  { id: 'split-num-outputs-1e8', klass: '1 attributes', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', shapeInputModel('Split', 1, 18, { num_outputs: 1e8 }))), expect: /num_outputs 100,000,000/ },
  {
    id: 'range-delta-zero', klass: '1 declared dims', size: 'tiny', expect: /Range|delta/,
    build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b
      .initializer('start', 'int64', [], [0]).initializer('limit', 'int64', [], [10]).initializer('delta', 'int64', [], [0])
      .node('Range', ['start', 'limit', 'delta'], ['r']).output('r', 'int64', null)))),
  },
  {
    id: 'tile-beyond-2^53', klass: '11 dims beyond 2^53', size: 'tiny', expect: /2\^53/,
    build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b
      .input('x', 'float32', [1000000, 1000000]).initializer('r', 'int64', [2], [1e9, 1e9])
      .node('Tile', ['x', 'r'], ['y']).output('y', 'float32', null)))),
  },
  // 2. Unpacked tensor data and packed attributes.
  { id: 'ints-attribute-40MB', klass: '2 packed attributes', size: 'large', build: (d) => analyze(write(d, 'm.onnx', bigPackedAttribute('ints', 40e6))), expect: /40,000,000 elements/, exits: [0, 1] },
  { id: 'floats-attribute-40MB', klass: '2 packed attributes', size: 'large', build: (d) => analyze(write(d, 'm.onnx', bigPackedAttribute('floats', 40e6))), expect: /10,000,000 elements/, exits: [0, 1] },
  { id: 'unpacked-int32-data-64MB', klass: '2 unpacked tensor data', size: 'large', build: (d) => analyze(write(d, 'm.onnx', unpackedInitializer(32e6))), expect: /unpacked/, exits: [0, 1] },
  // 3. Local functions.
  { id: 'function-exponential-depth-30', klass: '3 functions', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('f30', ['x'], ['y'], {}, { domain: 'local' }).output('y', 'float32', null), 13, exponentialFunctions(30), { local: 1 }))), expect: /output {2}y: float32 \[1, 4\]/ },
  { id: 'function-self-recursive', klass: '3 functions', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('f', ['x'], ['y'], {}, { domain: 'local' }).output('y', 'float32', null), 13, selfCallingFunction(['f']), { local: 1 }))), expect: /calls itself/ },
  { id: 'function-mutually-recursive', klass: '3 functions', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('f', ['x'], ['y'], {}, { domain: 'local' }).output('y', 'float32', null), 13, selfCallingFunction(['f', 'g']), { local: 1 }))), expect: /calls itself/ },
  // 4. Files that are not regular files.
  { id: 'fifo-model', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { execFileSync('mkfifo', [path.join(d, 'pipe.onnx')]); return analyze('pipe.onnx'); }, expect: /pipe\.onnx: not a regular file \(a FIFO\)/, exits: [2] },
  { id: 'fifo-script', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { execFileSync('mkfifo', [path.join(d, 'train.py')]); return analyze('train.py'); }, expect: /train\.py: .*not a regular file \(a FIFO\)/, exits: [2] },
  { id: 'fifo-target-file', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { execFileSync('mkfifo', [path.join(d, 't.json')]); return ['analyze', '--target-file', 't.json']; }, expect: /t\.json.*not a regular file \(a FIFO\)/, exits: [2] },
  { id: 'workspace-profile-symlink-dev-zero', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { fs.mkdirSync(path.join(d, '.deploylens', 'targets'), { recursive: true }); fs.symlinkSync('/dev/zero', path.join(d, '.deploylens', 'targets', 'z.json')); return ['analyze']; }, expect: /z\.json.*not a regular file \(a character device\)/, exits: [2] },
  { id: 'script-symlink-dev-zero', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { fs.symlinkSync('/dev/zero', path.join(d, 'train.py')); return analyze('train.py'); }, expect: /train\.py: .*not a regular file \(a character device\)/, exits: [2] },
  { id: 'model-symlink-dev-zero', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { fs.symlinkSync('/dev/zero', path.join(d, 'm.onnx')); return analyze('m.onnx'); }, expect: /m\.onnx: not a regular file \(a character device\)/, exits: [2] },
  { id: 'model-is-a-folder', klass: '4 FIFOs and devices', size: 'tiny', build: (d) => { fs.mkdirSync(path.join(d, 'm.onnx')); return analyze('m.onnx'); }, expect: /m\.onnx: not a regular file \(a folder\)/, exits: [2] },
  { id: 'profile-too-large', klass: '9 huge profile', size: 'large', build: (d) => ['analyze', '--target-file', write(d, 'big.json', `{"id": "big", "name": "${'n'.repeat(50e6)}"}`)], expect: /big\.json.*larger than the 1 MiB/, exits: [2] },
  { id: 'profile-200k-nested-brackets', klass: '9 nested profile', size: 'tiny', build: (d) => ['analyze', '--target-file', write(d, 'deep.json', '['.repeat(200000) + ']'.repeat(200000))], expect: /deep\.json.*nested deeper than 64 levels/, exits: [2] },
  // 5. Graph size: the arena planner, partitioning, ordering.
  { id: 'relu-chain-200k', klass: '5 node count', size: 'large', build: (d) => analyze(write(d, 'm.onnx', reluChain(200000))), expect: /more than 50,000 nodes/, exits: [2] },
  { id: 'relu-chain-50k', klass: '5 quadratic planner', size: 'large', build: (d) => analyze(write(d, 'm.onnx', reluChain(50000))), expect: /Relu ×50000/, exits: [0, 1] },
  { id: 'erf-relu-alternating-20k', klass: '5 partitioning', size: 'large', build: (d) => analyze(write(d, 'm.onnx', reluChain(20000, (i) => (i % 2 === 0 ? 'Relu' : 'Erf'))), '--target', 'tflite-gpu'), expect: /ops fall back/, exits: [0, 1] },
  { id: 'wide-graph-20k', klass: '5 reordering', size: 'large', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => { b.input('x', 'float32', [1, 16]); for (let i = 0; i < 20000; i++) b.node('Relu', ['x'], [`y${i}`]).output(`y${i}`, 'float32', [1, 16]); }))), expect: /Relu ×20000/, exits: [0, 1] },
  { id: 'tflite-chain-10k', klass: '5 quadratic planner', size: 'large', build: (d) => analyze(write(d, 'm.tflite', tfliteChain(10000))), expect: /RELU ×10000/, exits: [0, 1] },
  { id: 'sum-200k-inputs', klass: '12 stack overflow', size: 'large', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('Sum', Array<string>(200000).fill('x'), ['y']).output('y', 'float32', null)))), expect: /Sum/, exits: [0, 1] },
  // 6. External data.
  {
    id: 'external-data-without-length-2GB', klass: '6 external data', size: 'large', expect: /output {2}y: float32 \[2, 3\]/, exits: [0],
    build: (d) => {
      const fd = fs.openSync(path.join(d, 'w.bin'), 'w');
      fs.ftruncateSync(fd, 2 ** 31);
      fs.closeSync(fd);
      return analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [2, 3])
        .initializer('s', 'int64', [2], undefined, { external: { location: 'w.bin' } })
        .node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null))));
    },
  },
  // 7. Prototype names.
  {
    id: 'prototype-op-types', klass: '7 prototype names', size: 'tiny', expect: /toString/, exits: [0, 1],
    build: (d) => analyze(write(d, 'm.onnx', onnx((b) => {
      b.input('x', 'float32', [1, 4]);
      let prev = 'x';
      PROTO_NAMES.forEach((op, i) => {
        b.node(op, [prev], [`${op}_${i}`], { [op]: 1, __proto__: 2 } as Record<string, number>, { name: op });
        prev = `${op}_${i}`;
      });
      b.node('Relu', [prev], ['__proto__']).node('toString', ['__proto__'], ['constructor'], {}, { domain: '__proto__' }).output('constructor', 'float32', null);
    }, 13, [], { __proto__: 1, constructor: 1 }))),
  },
  ...['tflm-cortex-m7', 'ethos-u55-128', 'coral-edgetpu', 'tflite-gpu', 'ort-nnapi', 'tensorrt-jetson-orin-nano'].map((target): HostileCase => ({
    id: `prototype-op-types-on-${target}`, klass: '7 prototype names', size: 'tiny', expect: /valueOf/, exits: [0, 1],
    build: (d) => analyze(write(d, 'm.onnx', onnx((b) => {
      b.input('x', 'float32', [1, 4]);
      let prev = 'x';
      for (const op of PROTO_NAMES) { b.node(op, [prev], [`${op}_out`]); prev = `${op}_out`; }
      b.output(prev, 'float32', null);
    })), '--target', target, '--format', 'markdown'),
  })),
  { id: 'script-import-constructor', klass: '7 prototype names', size: 'tiny', build: (d) => analyze(write(d, 'train.py', 'import constructor\nimport __proto__ as toString\nfrom torch import __proto__, constructor as valueOf\nfrom torch.nn import hasOwnProperty\nclass M(toString.Module):\n    def __init__(self):\n        self.a = valueOf.toString()\n        self.b = __proto__.constructor()\n        self.c = hasOwnProperty(3)\n    def forward(self, x):\n        return x.__proto__().constructor(x).toString()\n')), expect: /train\.py/, exits: [0, 1] },
  // 8. Output injection (text and Markdown).
  ...(['text', 'markdown'] as const).map((format): HostileCase => ({
    id: `output-injection-${format}`, klass: '8 output injection', size: 'tiny', exits: [0, 1],
    expect: format === 'text' ? /evil\\x1b\]0;pwned\\x07/ : /&lt;img/,
    // eslint-disable-next-line no-control-regex
    forbid: format === 'text' ? /[\x07\x1b\r]/ : /<img|\n# Heading|\]\(javascript:/,
    build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input(INJECTED, 'float32', [1, 4]).node(INJECTED, [INJECTED], ['y'], {}, { name: INJECTED }).output('y', 'float32', null))), '--format', format),
  })),
  // 9. Uncaught exceptions and huge outputs.
  { id: 'script-5.6MB-json', klass: '9 huge output', size: 'large', build: (d) => analyze(write(d, 'train.py', `import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n${'        self.a = nn.GELU(approximate="none")\n'.repeat(130000)}`), '--format', 'json'), expect: /larger than the 1 MiB a training script may be/, exits: [2] },
  { id: 'script-1MB-22k-constructs-json', klass: '9 huge output', size: 'large', build: (d) => analyze(write(d, 'train.py', `import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n${'        self.a = nn.GELU(approximate="none")\n'.repeat(22000)}`), '--format', 'json'), expect: /"omitted": \{\s+"constructs": 12000/ },
  // 11. Silent wrong answers on invalid graphs.
  { id: 'reshape-to-minus-one-twice', klass: '11 invalid dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [2, 3, 4]).initializer('s', 'int64', [2], [-1, -1]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null)))), expect: /more than one -1/ },
  { id: 'reshape-to-negative', klass: '11 invalid dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [20]).initializer('s', 'int64', [2], [-5, -4]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null)))), expect: /-5/ },
  { id: 'declared-dim-beyond-2^53', klass: '11 dims beyond 2^53', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', modelProto(new Pb().string(ONNX.graph.name, 'g').msg(ONNX.graph.node, nodeProto('Relu', ['x'], ['y'])).msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [1n, 2n ** 60n])).msg(ONNX.graph.output, valueInfo('y', ONNX_FLOAT, [1, 4]))))), expect: /2\^53/ },
  { id: 'declared-dim-negative', klass: '11 invalid dims', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', modelProto(new Pb().string(ONNX.graph.name, 'g').msg(ONNX.graph.node, nodeProto('Relu', ['x'], ['y'])).msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [1, -7])).msg(ONNX.graph.output, valueInfo('y', ONNX_FLOAT, [1, 4]))))), expect: /declares the size -7/, exits: [0, 1] },
  { id: 'self-loop', klass: '11 cycles', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('Add', ['x', 'y'], ['y'], {}, { name: 'loop' }).output('y', 'float32', [1, 4])))), expect: /read\/cycle/ },
  { id: 'two-node-cycle', klass: '11 cycles', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('Add', ['x', 'b'], ['a']).node('Relu', ['a'], ['b']).output('b', 'float32', [1, 4])))), expect: /read\/cycle/ },
  { id: 'cycle-50k', klass: '12 stack overflow', size: 'large', build: (d) => analyze(write(d, 'm.onnx', (() => { const g = new Pb().string(ONNX.graph.name, 'g'); for (let i = 0; i < 50000; i++) g.msg(ONNX.graph.node, nodeProto('Relu', [`t${(i + 49999) % 50000}`], [`t${i}`])); return modelProto(g.msg(ONNX.graph.output, valueInfo('t0', ONNX_FLOAT, [1]))); })())), expect: /read\/cycle/ },
  { id: 'maxpool-rank-0', klass: '12 misleading errors', size: 'tiny', build: (d) => analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', []).node('MaxPool', ['x'], ['y'], { kernel_shape: [2, 2] }).output('y', 'float32', null)))), expect: /rank/, exits: [0, 1] },
  { id: 'tflite-no-subgraphs', klass: '12 misleading errors', size: 'tiny', build: (d) => analyze(write(d, 'm.tflite', tflite({ subgraphs: [] }))), expect: /m\.tflite: the model has no subgraphs/, exits: [2] },
  { id: 'tflite-negative-shape', klass: '11 invalid dims', size: 'tiny', build: (d) => analyze(write(d, 'm.tflite', tflite({ subgraphs: [{ tensors: [{ name: 'a', shape: [-5, 4] }, { name: 'b', shape: [-5, 4] }], inputs: [0], outputs: [1], operators: [{ opcode: 0, inputs: [0], outputs: [1] }] }] }))), expect: /-5/ },
  {
    id: 'tflite-while-body-is-itself', klass: '11 self-referencing control flow', size: 'tiny', expect: /calls its own subgraph/,
    build: (d) => analyze(write(d, 'm.tflite', tflite({
      operatorCodes: [builtin(119)],
      subgraphs: [{ tensors: [{ name: 'a', shape: [1] }, { name: 'b', shape: [1] }], inputs: [0], outputs: [1], operators: [{ opcode: 0, inputs: [0], outputs: [1], options: { type: 93, fields: [[0, 'i32', 0], [1, 'i32', 0]] } }] }],
    }))),
  },
  { id: 'tflite-dims-beyond-2^53', klass: '11 dims beyond 2^53', size: 'tiny', build: (d) => analyze(write(d, 'm.tflite', tflite({ subgraphs: [{ tensors: [{ name: 'a', shape: [2147483647, 2147483647, 2147483647] }, { name: 'b', shape: [2147483647, 2147483647, 2147483647] }], inputs: [0], outputs: [1], operators: [{ opcode: 0, inputs: [0], outputs: [1] }] }] }))), expect: /2\^53/ },
  // 14. A workspace profile that reuses a built-in id.
  {
    id: 'workspace-profile-reuses-builtin-id', klass: '14 built-in override', size: 'tiny', exits: [0, 1], expect: /overrides built-in/,
    build: (d) => {
      fs.mkdirSync(path.join(d, '.deploylens', 'targets'), { recursive: true });
      write(d, path.join('.deploylens', 'targets', 'x.json'), JSON.stringify({ id: 'tflm-cortex-m7', extends: 'tflm-cortex-m7', memory: { sramBytes: 2 ** 50, flashBytes: 2 ** 50 } }));
      return analyze(write(d, 'm.onnx', onnx((b) => b.input('x', 'float32', [1, 4]).node('Relu', ['x'], ['y']).output('y', 'float32', null))));
    },
  },
];
