// Picks the reader for a model file by its content (TFLite's file identifier) and extension.

import * as path from 'node:path';
import type { ByteSource } from './io/byteSource';
import { FileByteSource } from './io/byteSource';
import { UnreadableFileError } from './io/regularFile';
import { ModelReadError } from './ir/errors';
import type { Model, ModelFormat } from './ir/model';
import { readOnnx } from './onnx/readOnnx';
import { readTflite } from './tflite/readTflite';

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
  // The file is closed when this returns; weight reads (sparsity, quantization) reopen it briefly.
  const reopen = <T>(use: (s: ByteSource) => T): T => {
    const s = new FileByteSource(label, file);
    try {
      return use(s);
    } finally {
      s.close();
    }
  };
  try {
    const model = readModel(source, { modelDir: path.dirname(path.resolve(file)), reopen });
    return { model, bytesRead: source.bytesRead };
  } finally {
    source.close();
  }
}
