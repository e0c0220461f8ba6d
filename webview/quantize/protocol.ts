// The Quantization Preview panel's own messages (src/extension/webviews/quantizePanel.ts ↔
// webview/quantize/main.ts), next to the model-panel protocol (webview/shared/protocol.ts) that
// carries ready, pin and the target choice. Kept in its own file rather than in the shared
// protocol: only this panel and its host use them, and each validator stays beside its types. The
// host checks every message with the same exact-key helpers (webview/shared/validate.ts).
// Free of DOM and Node APIs.

import type { QuantizePreviewResult } from '../../src/core/quantize/result';
import type { WeightAnalysis } from '../../src/core/quantize/weights';
import type { TfliteQuantizeComparison } from '../../src/core/quantize/tfliteAgreement';
import type { TfliteRole } from '../../src/core/quantize/tflitePreview';
export type { QuantizePreviewResult, TfliteQuantizeComparison, TfliteRole, WeightAnalysis };
import { byType, hasExactKeys, isIntegerIn, isOneOf, isPlainObject, isStringUpTo, MAX_MESSAGE_STRING, typeOnly } from '../shared/validate';

export interface QuantizeOptionsMessage {
  perChannel: boolean;
  method: 'minmax' | 'percentile';
  samples: number;
}

export type QuantizeWebviewMessage =
  | { type: 'build'; options: QuantizeOptionsMessage }
  | { type: 'cancel' }
  /** Save the INT8 model of the last build (a save dialog; the bytes are kept, nothing is rebuilt). */
  | { type: 'save' }
  | { type: 'pickCalibration' }
  /**
   * A .tflite model: pick the other side of the comparison (a quick pick of the workspace's .tflite
   * files). `path` is honoured in the extension's test mode only (integration tests); a page never
   * names a file the host opens.
   */
  | { type: 'pickTflitePartner'; path?: string }
  /** A .tflite model: run it and its partner in TensorFlow Lite Micro and compare their outputs. */
  | { type: 'compareTflite' };

export type QuantizeHostMessage =
  | { type: 'weights'; fileName: string; weights: WeightAnalysis | null; trusted: boolean; error?: string }
  | { type: 'progress'; message: string; fraction: number }
  /** A build; `result.targetId` is the target it was judged on. */
  | { type: 'result'; result: QuantizePreviewResult; perChannel: boolean }
  | { type: 'failed'; error: string; cancelled: boolean }
  /** The calibration folder the host uses (picked in its dialog; the page never names a path), null: random inputs. */
  | { type: 'calibration'; dir: string | null }
  | { type: 'saved'; path: string }
  /**
   * The panel shows a .tflite model: its role (null while it is being read, or when it could not
   * be), the partner picked for it (a file name), and whether TFLM may run here (trusted workspace).
   */
  | { type: 'tflite'; fileName: string; role: TfliteRole | null; partner: string | null; trusted: boolean; error?: string }
  /** The int8 model's outputs against the float reference's, both in TFLM (`model`/`reference` are file names). */
  | { type: 'tfliteResult'; comparison: TfliteQuantizeComparison };

export function isQuantizeOptions(v: unknown): v is QuantizeOptionsMessage {
  return isPlainObject(v) && hasExactKeys(v, ['perChannel', 'method', 'samples'])
    && typeof v['perChannel'] === 'boolean' && isOneOf(v['method'], ['minmax', 'percentile'] as const)
    && isIntegerIn(v['samples'], 1, 256);
}

export const isQuantizeWebviewMessage = byType<QuantizeWebviewMessage>({
  cancel: typeOnly,
  save: typeOnly,
  pickCalibration: typeOnly,
  build: (v) => hasExactKeys(v, ['type', 'options']) && isQuantizeOptions(v['options']),
  pickTflitePartner: (v) => typeOnly(v) || (hasExactKeys(v, ['type', 'path']) && isStringUpTo(v['path'], MAX_MESSAGE_STRING, 1)),
  compareTflite: typeOnly,
});

/** The page's lighter check of what the host sends (an older or newer host after a reload must not crash it). */
export function isQuantizeHostMessage(v: unknown): v is QuantizeHostMessage {
  return isPlainObject(v) && isOneOf(v['type'], ['weights', 'progress', 'result', 'failed', 'calibration', 'saved', 'tflite', 'tfliteResult'] as const);
}
