// The Compare Targets panel's own messages (src/extension/webviews/compareTargetsPanel.ts ↔
// webview/compareTargets/main.ts), beside the model-panel protocol (webview/shared/protocol.ts) that
// carries ready, pin and the panel's own target. Free of DOM and Node APIs.

import type { CompareRow } from '../../src/core/report/compareTargets';
export type { CompareRow } from '../../src/core/report/compareTargets';
import { byType, hasExactKeys, isPlainObject, isOneOf, isStringUpTo, MAX_MESSAGE_STRING, typeOnly } from '../shared/validate';

export type CompareWebviewMessage =
  /** Make this target the workspace's (deploylens.target). */
  | { type: 'useForWorkspace'; target: string }
  /** Save the table as Markdown: a save dialog, or `path` (tests). */
  | { type: 'exportMarkdown'; path?: string }
  | { type: 'refresh' };

export type CompareHostMessage =
  | { type: 'compareLoading'; targets: number }
  | { type: 'compareRows'; rows: CompareRow[]; millis: number }
  | { type: 'compareFailed'; error: string }
  | { type: 'compareExported'; path: string };

export const isCompareWebviewMessage = byType<CompareWebviewMessage>({
  useForWorkspace: (v) => hasExactKeys(v, ['type', 'target']) && isStringUpTo(v['target'], 128, 1),
  exportMarkdown: (v) => typeOnly(v) || (hasExactKeys(v, ['type', 'path']) && isStringUpTo(v['path'], MAX_MESSAGE_STRING, 1)),
  refresh: typeOnly,
});

export function isCompareHostMessage(v: unknown): v is CompareHostMessage {
  return isPlainObject(v) && isOneOf(v['type'], ['compareLoading', 'compareRows', 'compareFailed', 'compareExported'] as const);
}
