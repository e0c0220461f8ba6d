// Messages of the Profile Layers panel (src/extension/webviews/profilePanel.ts ↔
// webview/profile/main.ts). Like the quantization panel, it runs models, so it validates its own
// small vocabulary rather than the model-panel protocol. Free of DOM and Node APIs.

import type { LayerProfile } from '../../src/core/profile/layerProfile';

export interface ProfileSettings {
  runs: number;
  warmup: number;
  /** 0 = ORT's default. */
  threads: number;
  optimization: 'all' | 'disabled';
}

export type ProfileWebviewMessage =
  | { type: 'ready' }
  | { type: 'run'; settings: ProfileSettings }
  | { type: 'cancel' }
  /** Save the current profile as CSV: a save dialog, or `path` (tests). */
  | { type: 'exportCsv'; path?: string }
  /** TFLite: benchmark_model --enable_op_profiling=true output, pasted (text) or from a file (text absent: open dialog). */
  | { type: 'loadBenchmark'; text?: string }
  | { type: 'revealNode'; node: number };

export type ProfileHostMessage =
  | { type: 'model'; fileName: string; format: 'onnx' | 'tflite'; trusted: boolean; targetId: string | null }
  | { type: 'progress'; message: string }
  | { type: 'profile'; profile: LayerProfile; source: 'onnxruntime' | 'benchmark_model' }
  | { type: 'failed'; error: string; cancelled: boolean }
  | { type: 'exported'; path: string };

const MAX_TEXT = 8 * 1024 * 1024;
const int = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

export function isProfileSettings(v: unknown): v is ProfileSettings {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === 4 && int(o['runs'], 1, 10000) && int(o['warmup'], 0, 1000) && int(o['threads'], 0, 256)
    && (o['optimization'] === 'all' || o['optimization'] === 'disabled');
}

export function isProfileWebviewMessage(v: unknown): v is ProfileWebviewMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m);
  switch (m['type']) {
    case 'ready': case 'cancel':
      return keys.length === 1;
    case 'run':
      return keys.length === 2 && isProfileSettings(m['settings']);
    case 'exportCsv':
      return keys.length === 1 || (keys.length === 2 && typeof m['path'] === 'string' && m['path'].length < 4096);
    case 'loadBenchmark':
      return keys.length === 1 || (keys.length === 2 && typeof m['text'] === 'string' && m['text'].length <= MAX_TEXT);
    case 'revealNode':
      return keys.length === 2 && int(m['node'], 0, 10_000_000);
    default:
      return false;
  }
}
