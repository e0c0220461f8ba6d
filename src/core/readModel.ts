// Picks the reader for a model file by its content (TFLite's file identifier) and extension.

import * as path from 'node:path';
import type { ByteSource } from './io/byteSource';
import { FileByteSource } from './io/byteSource';
import { UnreadableFileError } from './io/regularFile';
import { ModelReadError } from './ir/errors';
import type { Model, ModelFormat } from './ir/model';
import { readOnnx } from './onnx/readOnnx';
import { readTflite } from './tflite/readTflite';
import { notOnnx, notTflite } from './notAModel';

export const MODEL_EXTENSIONS: Record<string, ModelFormat> = { '.onnx': 'onnx', '.tflite': 'tflite' };

/** TFLite flatbuffers carry the identifier "TFL3" at bytes 4..8; ONNX protobufs have no magic. */
export function sniffFormat(source: ByteSource): ModelFormat | null {
  if (source.size >= 8) {
    const id = source.read(4, 4);
    if (id[0] === 0x54 && id[1] === 0x46 && id[2] === 0x4c && id[3] === 0x33) return 'tflite';
  }
  const ext = path.extname(source.label).toLowerCase();
  return MODEL_EXTENSIONS[ext] ?? null;
}

export interface ReadModelOptions {
  /** Folder that ONNX external data is relative to (default: the folder of `source.label`). */
  modelDir?: string;
  /** How weight reads reach the bytes later; default: `source` itself, which the caller keeps open. */
  reopen?: <T>(use: (source: ByteSource) => T) => T;
}

export function readModel(source: ByteSource, options: ReadModelOptions = {}): Model {
  const format = sniffFormat(source);
  const reopen = options.reopen;
  // A file that is not the model its extension says gets plain words, not a parser's offset.
  const head = source.read(0, Math.min(64, source.size));
  const wrong = format === 'tflite' ? notTflite(head, source.size) : format === 'onnx' ? notOnnx(head, source.size) : null;
  if (wrong) throw new ModelReadError(source.label, wrong);
  if (format === 'tflite') return readTflite(source, reopen ? (offset, length) => reopen((s) => s.read(offset, length)) : undefined);
  if (format === 'onnx') return readOnnx(source, { ...(options.modelDir ? { modelDir: options.modelDir } : {}), ...(reopen ? { weightSource: reopen } : {}) });
  throw new ModelReadError(source.label, 'not a model DeployLens reads: expected an .onnx file or a TFLite flatbuffer (identifier "TFL3")');
}

/**
 * Opens, reads and closes a model file. File-system errors become ModelReadErrors that name the file.
 * `label` is how messages and the report name it (the editor passes a workspace-relative path).
 */
export function readModelFile(file: string, label: string = file): { model: Model; bytesRead: number } {
  let source: FileByteSource;
  try {
    // Only regular files: a FIFO or a symlink to /dev/zero would block or never end (io/regularFile.ts).
    source = new FileByteSource(label, file);
  } catch (e) {
    throw new ModelReadError(label, e instanceof UnreadableFileError ? e.problem : (e as Error).message);
  }
  // No descriptor outlives the synchronous job that uses it (an open file blocks a re-export on
  // Windows): the reader's source closes at the next microtask checkpoint — after the analysis that
  // read the model, which is synchronous — and a later read (the weight phase, quantization) opens
  // the file again for its own synchronous job. Opening once per job, not once per read, matters:
  // shape inference reads dozens of small constants.
  let open: FileByteSource | null = source;
  const closeLater = (s: FileByteSource) => queueMicrotask(() => {
    s.close();
    if (open === s) open = null;
  });
  const reopen = <T>(use: (s: ByteSource) => T): T => {
    if (!open) {
      open = new FileByteSource(label, file);
      closeLater(open);
    }
    return use(open);
  };
  try {
    const model = readModel(source, { modelDir: path.dirname(path.resolve(file)), reopen });
    closeLater(source);
    return { model, bytesRead: source.bytesRead };
  } catch (e) {
    source.close();
    open = null;
    throw e;
  }
}
