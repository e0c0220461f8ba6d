// The one answer to "is this a model file?": its format by file name (the extension, as the
// readers, the workspace glob `deploylens.include` and package.json's menus use it). Content
// sniffing (TFLite's identifier) is readModel's job once the file is opened.

import type { ModelFormat } from './ir/model';
import { MODEL_EXTENSIONS } from './readModel';

/** The model format a path or file name says, or null when it names no model. */
export function modelFormatOf(fileName: string): ModelFormat | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0 || dot < fileName.lastIndexOf('/')) return null;
  return MODEL_EXTENSIONS[fileName.slice(dot).toLowerCase()] ?? null;
}

export function isModelFile(fileName: string): boolean {
  return modelFormatOf(fileName) !== null;
}
