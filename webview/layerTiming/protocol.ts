// The Profile Layers panel's own messages (src/extension/webviews/layerTimingPanel.ts ↔
// webview/layerTiming/main.ts), next to the model-panel protocol (webview/shared/protocol.ts) that
// carries ready, pin, target choice and revealNode. Kept in its own file rather than in the shared
// protocol: only this panel and its host use them, and each validator stays beside its types. The
// host checks every message with the same exact-key helpers (webview/shared/validate.ts).
// Free of DOM and Node APIs.

import type { LayerTiming } from '../../src/core/layerTiming/layerTiming';
import type { ModuleTree } from '../../src/core/modules/moduleTree';
export type { LayerRow, LayerTiming } from '../../src/core/layerTiming/layerTiming';
import { byType, hasExactKeys, isIntegerIn, isOneOf, isPlainObject, isStringUpTo, MAX_MESSAGE_STRING, typeOnly } from '../shared/validate';

export interface LayerTimingSettings {
  runs: number;
  warmup: number;
  /** 0 = ORT's default. */
  threads: number;
  optimization: 'all' | 'disabled';
}

export type LayerTimingWebviewMessage =
  | { type: 'run'; settings: LayerTimingSettings }
  | { type: 'cancel' }
  /** Save the current profile as CSV: a save dialog, or `path` (tests). */
  | { type: 'exportCsv'; path?: string }
  /** TFLite: benchmark_model --enable_op_profiling=true output, pasted (text) or from a file (text absent: open dialog). */
  | { type: 'loadBenchmark'; text?: string };

export type LayerTimingHostMessage =
  /** How this model is profiled (ORT for ONNX; TFLite Micro, or benchmark_model output, for TFLite) and whether running is allowed. */
  | { type: 'runner'; format: 'onnx' | 'tflite'; trusted: boolean }
  /** `fraction` 0..1 of the run, when known (the page draws a bar). */
  | { type: 'progress'; message: string; fraction?: number }
  /** `modules`: the kernels rolled up by module (src/core/layerTiming/layerTimingModules.ts), item indices into `profile.rows`. */
  | { type: 'profile'; profile: LayerTiming; source: 'onnxruntime' | 'benchmark_model' | 'tflm'; modules?: ModuleTree }
  /** The panel moved to another model: drop the shown profile. */
  | { type: 'cleared' }
  | { type: 'failed'; error: string; cancelled: boolean }
  | { type: 'exported'; path: string };

/** Pasted benchmark_model output of a large model stays well below this. */
export const MAX_BENCHMARK_TEXT = 8 * 1024 * 1024;

export function isLayerTimingSettings(v: unknown): v is LayerTimingSettings {
  return isPlainObject(v) && hasExactKeys(v, ['runs', 'warmup', 'threads', 'optimization'])
    && isIntegerIn(v['runs'], 1, 10000) && isIntegerIn(v['warmup'], 0, 1000) && isIntegerIn(v['threads'], 0, 256)
    && isOneOf(v['optimization'], ['all', 'disabled'] as const);
}

export const isLayerTimingWebviewMessage = byType<LayerTimingWebviewMessage>({
  cancel: typeOnly,
  run: (v) => hasExactKeys(v, ['type', 'settings']) && isLayerTimingSettings(v['settings']),
  exportCsv: (v) => typeOnly(v) || (hasExactKeys(v, ['type', 'path']) && isStringUpTo(v['path'], MAX_MESSAGE_STRING, 1)),
  loadBenchmark: (v) => typeOnly(v) || (hasExactKeys(v, ['type', 'text']) && isStringUpTo(v['text'], MAX_BENCHMARK_TEXT)),
});

/** The page's lighter check of what the host sends (an older or newer host after a reload must not crash it). */
export function isLayerTimingHostMessage(v: unknown): v is LayerTimingHostMessage {
  return isPlainObject(v) && isOneOf(v['type'], ['runner', 'progress', 'profile', 'cleared', 'failed', 'exported'] as const);
}
