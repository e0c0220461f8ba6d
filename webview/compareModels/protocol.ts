// The Compare Models panel's own messages (src/extension/webviews/compareModelsPanel.ts ↔
// webview/compareModels/main.ts), beside the model-panel protocol (webview/shared/protocol.ts)
// that carries ready and the panel state. The page never names a file: it asks the host to pick a
// baseline or to open one of the two models, and chooses targets by id (the host looks each up).
// Free of DOM and Node APIs.

import type { CompareModuleRow, CompareTargetView, CompareView, ModuleCell } from '../../src/core/diff/diffView';
export type { CompareModuleRow, CompareTargetView, CompareView, ModuleCell };
import { byType, hasExactKeys, isOneOf, isPlainObject, isStringUpTo, typeOnly } from '../shared/validate';

/** Targets compared at once (each is one analysis of each model). */
export const MAX_COMPARE_TARGETS = 6;
const MAX_TARGET_ID = 128;

export interface CompareSideInfo {
  /** "HEAD (a1b2c3d)", "fp32: mobilenet.onnx", "before the fix". */
  label: string;
  /** The file name, or the workspace-relative path. */
  detail: string;
}

export type CompareWebviewMessage =
  /** Compare on these targets (ids; 1..MAX_COMPARE_TARGETS, no repeats). */
  | { type: 'setCompareTargets'; targets: string[] }
  /** Ask the host for a baseline (a quick pick: git HEAD, another model, a file). */
  | { type: 'pickBaseline' }
  /** Open the overview of one side. */
  | { type: 'openSide'; side: 'baseline' | 'current' };

export type CompareHostMessage =
  /** What is compared on which targets (first, and after every change). `baseline` null: nothing to compare with yet. */
  | { type: 'compareState'; baseline: CompareSideInfo | null; current: CompareSideInfo; targets: string[] }
  | { type: 'compareLoading' }
  | { type: 'compareResult'; view: CompareView }
  | { type: 'compareFailed'; error: string };

function isTargetList(x: unknown): x is string[] {
  return Array.isArray(x) && x.length >= 1 && x.length <= MAX_COMPARE_TARGETS
    && x.every((t) => isStringUpTo(t, MAX_TARGET_ID, 1)) && new Set(x).size === x.length;
}

export const isCompareWebviewMessage = byType<CompareWebviewMessage>({
  setCompareTargets: (v) => hasExactKeys(v, ['type', 'targets']) && isTargetList(v['targets']),
  pickBaseline: typeOnly,
  openSide: (v) => hasExactKeys(v, ['type', 'side']) && isOneOf(v['side'], ['baseline', 'current'] as const),
});

/** The page's lighter check of what the host sends (an older or newer host after a reload must not crash it). */
export function isCompareHostMessage(v: unknown): v is CompareHostMessage {
  if (!isPlainObject(v)) return false;
  switch (v['type']) {
    case 'compareState': return isPlainObject(v['current']) && Array.isArray(v['targets']);
    case 'compareLoading': return true;
    case 'compareResult': return isPlainObject(v['view']) && Array.isArray((v['view'] as Record<string, unknown>)['targets']);
    case 'compareFailed': return typeof v['error'] === 'string';
    default: return false;
  }
}
