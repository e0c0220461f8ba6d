// Picks the reader for a model file by its content (TFLite's file identifier) and extension.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ByteSource } from './io/byteSource';
import { FileByteSource } from './io/byteSource';
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

export function readModel(source: ByteSource): Model {
  const format = sniffFormat(source);
  if (format === 'tflite') return readTflite(source);
  if (format === 'onnx') return readOnnx(source);
  throw new ModelReadError(source.label, 'not a model DeployLens reads: expected an .onnx file or a TFLite flatbuffer (identifier "TFL3")');
}

/** Opens, reads and closes a model file. File-system errors become ModelReadErrors that name the file. */
export function readModelFile(file: string): { model: Model; bytesRead: number } {
  let source: FileByteSource;
  try {
    if (fs.statSync(file).isDirectory()) throw new ModelReadError(file, 'is a folder, not a model file');
    source = new FileByteSource(file);
  } catch (e) {
    if (e instanceof ModelReadError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a model file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ModelReadError(file, problem);
  }
  try {
    const model = readModel(source);
    return { model, bytesRead: source.bytesRead };
  } finally {
    source.close();
  }
}
