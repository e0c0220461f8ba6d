// Reads an ONNX model into the IR by walking the protobuf with positioned reads: structure is
// parsed, weight payloads are only located (see tensorProto.ts), so analysis costs a few hundred KB
// of reads even for models with hundreds of MB of weights.

import * as path from 'node:path';
import { FileByteSource, type ByteSource } from '../io/byteSource';
import { ModelReadError } from '../ir/errors';
import type { FunctionDef, Model } from '../ir/model';
import { ExternalDataResolver } from './externalData';
import { readFunctionProto, readGraphProto, readOpset, readStringPair } from './graphProto';
import { reportUndefinedNames } from './undefinedNames';
import { ProtoCursor, WIRE_LEN, WIRE_VARINT } from './protoCursor';
import type { ReadContext } from './readContext';
import { fieldIds } from './schema';
import { OnnxWeights } from './weights';
import { dictionary } from '../util/lookup';

const M = fieldIds('ModelProto', [
  'ir_version', 'opset_import', 'producer_name', 'producer_version', 'doc_string', 'graph', 'metadata_props', 'functions', 'training_info',
] as const);

export interface ReadOnnxOptions {
  /** Folder that external data locations are relative to; defaults to the folder of `source.label`. */
  modelDir?: string;
  /**
   * How the weight accessor gets at the model bytes later. Defaults to `source` itself (the caller
   * keeps it open); readOnnxFile reopens the file per read instead, so no descriptor stays open.
   */
  weightSource?: <T>(use: (source: ByteSource) => T) => T;
}

export function readOnnx(source: ByteSource, options: ReadOnnxOptions = {}): Model {
  try {
    return readModel(source, options);
  } catch (e) {
    if (e instanceof ModelReadError) throw e;
    // Anything else is a reader bug; still report it as an unreadable model, never a crash.
    throw new ModelReadError(source.label, `unexpected reader failure: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Reads a model file; the file is closed when this returns (weights.read reopens it on demand). */
export function readOnnxFile(file: string): Model {
  let source: FileByteSource;
  try {
    source = new FileByteSource(file);
  } catch (e) {
    throw new ModelReadError(file, `cannot open: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return readOnnx(source, {
      weightSource: (use) => {
        const s = new FileByteSource(file);
        try {
          return use(s);
        } finally {
          s.close();
        }
      },
    });
  } finally {
    source.close();
  }
}

function readModel(source: ByteSource, options: ReadOnnxOptions): Model {
  const cur = new ProtoCursor(source);
  const ctx: ReadContext = {
    cur,
    diagnostics: [],
    graphs: [],
    graphFunction: [],
    external: new ExternalDataResolver(options.modelDir ?? path.dirname(path.resolve(source.label))),
    nextSymbol: 0,
    nodeCount: 0,
    attributeElements: 0,
  };
  const weightSource = options.weightSource ?? (<T>(use: (s: ByteSource) => T): T => use(source));
  const model: Model = {
    format: 'onnx', path: source.label, fileBytes: source.size, producer: { name: '', version: '' }, irVersion: 0,
    opsets: dictionary(), description: '', metadata: dictionary(), graphs: ctx.graphs, functions: [], signatures: [], diagnostics: ctx.diagnostics,
    weights: new OnnxWeights(() => ctx.graphs, weightSource, source.label),
  };
  if (source.size === 0) throw new ModelReadError(source.label, 'file is empty');

  // Pass 1: the top-level fields. Graph and functions are walked afterwards because writers put
  // opset_import after the graph, and the graph's nodes need the opsets.
  const end = source.size;
  let graph: { start: number; end: number } | null = null;
  const functions: { start: number; end: number }[] = [];
  let trainingInfo = 0;
  while (cur.tag(end, 'ModelProto')) {
    const f = cur.field;
    if (f === M.ir_version && cur.wire === WIRE_VARINT) {
      cur.varint(end, 'ModelProto.ir_version');
      model.irVersion = cur.int64 ?? -1;
    } else if (cur.wire !== WIRE_LEN) {
      cur.skip(end, 'ModelProto');
    } else {
      const p = `ModelProto.${f === M.opset_import ? 'opset_import' : f === M.metadata_props ? 'metadata_props' : f === M.functions ? `functions[${functions.length}]` : 'field'}`;
      const stop = cur.subEnd(end, p);
      if (f === M.opset_import) {
        const [domain, version] = readOpset(ctx, stop, p);
        model.opsets[domain] = version;
      } else if (f === M.producer_name) model.producer.name = cur.string(stop - cur.pos, 'ModelProto.producer_name');
      else if (f === M.producer_version) model.producer.version = cur.string(stop - cur.pos, 'ModelProto.producer_version');
      else if (f === M.doc_string) model.description = cur.string(stop - cur.pos, 'ModelProto.doc_string');
      else if (f === M.metadata_props) {
        const [k, v] = readStringPair(ctx, stop, p);
        model.metadata[k] = v;
      } else if (f === M.graph) graph = { start: cur.pos, end: stop };
      else if (f === M.functions) functions.push({ start: cur.pos, end: stop });
      else if (f === M.training_info) trainingInfo++;
      cur.pos = stop;
    }
  }
  if (!graph) throw new ModelReadError(source.label, 'not an ONNX model: ModelProto has no graph', { field: 'ModelProto.graph' });

  cur.pos = graph.start;
  readGraphProto(ctx, graph.end, 'ModelProto.graph', 0, null);
  const parsed = functions.map((range, i) => {
    cur.pos = range.start;
    return readFunctionProto(ctx, range.end, `ModelProto.functions[${i}]`, i);
  });
  // The weight accessor keeps the read context (and its cursor) alive with the model: the names are all in the IR now.
  cur.forgetNames();
  model.functions = parsed.map((fn): FunctionDef => ({ ...fn, opsets: Object.assign(dictionary<number>(), model.opsets, fn.opsets) }));

  // Opset versions, now that every opset_import is known.
  ctx.graphs.forEach((g, gi) => {
    const fn = ctx.graphFunction[gi];
    const opsets = fn === null || fn === undefined ? model.opsets : model.functions[fn]!.opsets;
    const nodes = g.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const v = opsets[node.domain];
      if (v !== undefined) node.opVersion = v;
    }
  });
  reportUndefinedNames(ctx.graphs, (g) => ctx.graphFunction[g] !== null && ctx.graphFunction[g] !== undefined, ctx.diagnostics);
  if (trainingInfo > 0) {
    ctx.diagnostics.push({ severity: 'info', code: 'read/training-info', message: `The model carries ${trainingInfo} training_info entr${trainingInfo === 1 ? 'y' : 'ies'}, which analysis ignores.` });
  }
  return model;
}
