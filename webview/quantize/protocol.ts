// Messages of the Quantization Preview panel (src/extension/webviews/quantizePanel.ts ↔
// webview/quantize/main.ts). Kept apart from webview/shared/protocol.ts: this panel is not a model
// panel (no targets, no pin) and runs models, so its host validates its own, smaller vocabulary.
// Free of DOM and Node APIs.

import type { QuantizePreviewResult } from '../../src/core/quantize/result';
import type { WeightAnalysis } from '../../src/core/quantize/weights';

export interface QuantizeOptionsMessage {
  perChannel: boolean;
  method: 'minmax' | 'percentile';
  /** Calibration folder (absolute path) or null for random inputs. */
  calibrationDir: string | null;
  samples: number;
}

export type QuantizeWebviewMessage =
  | { type: 'ready' }
  | { type: 'build'; options: QuantizeOptionsMessage }
  | { type: 'cancel' }
  | { type: 'save' }
  | { type: 'pickCalibration' };

export type QuantizeHostMessage =
  | { type: 'weights'; fileName: string; weights: WeightAnalysis | null; error?: string }
  | { type: 'progress'; message: string; fraction: number }
  | { type: 'result'; result: QuantizePreviewResult; perChannel: boolean }
  | { type: 'failed'; error: string; cancelled: boolean }
  | { type: 'calibration'; dir: string | null }
  | { type: 'saved'; path: string };

export function isQuantizeWebviewMessage(v: unknown): v is QuantizeWebviewMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m);
  switch (m['type']) {
    case 'ready': case 'cancel': case 'save': case 'pickCalibration':
      return keys.length === 1;
    case 'build': {
      if (keys.length !== 2 || typeof m['options'] !== 'object' || m['options'] === null) return false;
      const o = m['options'] as Record<string, unknown>;
      return Object.keys(o).length === 4 && typeof o['perChannel'] === 'boolean' && (o['method'] === 'minmax' || o['method'] === 'percentile')
        && (o['calibrationDir'] === null || (typeof o['calibrationDir'] === 'string' && o['calibrationDir'].length < 4096))
        && typeof o['samples'] === 'number' && Number.isInteger(o['samples']) && o['samples'] >= 1 && o['samples'] <= 256;
    }
    default:
      return false;
  }
}
