// What every model webview is sent for one analysis result: the report, or the error, with the
// file's name for the page's title.

import { fileNameOf } from '../activeModel';
import type { AnalysisPayload } from '../../../webview/shared/protocol';
import type { ModelAnalysisResult } from '../analysisService';

export function toPayload(r: ModelAnalysisResult): AnalysisPayload {
  const fileName = fileNameOf(r.uri);
  return r.ok
    ? { ok: true, fileName, targetId: r.targetId, millis: r.millis, report: r.report, ...(r.pending ? { pending: r.pending } : {}) }
    : { ok: false, fileName, targetId: r.targetId, error: r.error };
}
