// What every model webview is sent for one analysis result: the report, or the error, with the
// file's name for the page's title. A report the worker sent packed goes as its head (verdict,
// numbers, findings: what the page shows first) followed by its bulky sections as parts, each one
// JSON text of at most a page of nodes (core/report/packedReport.ts): the host never serializes a
// whole report into one message, and never parses the sections it forwards.

import { fileNameOf } from '../activeModel';
import type { AnalysisPayload, ReportPartMessage } from '../../../webview/shared/protocol';
import type { ModelAnalysisResult } from '../analysisService';
import { reportForWebview } from '../../core/report/packedReport';

let nextSeq = 1;

export interface OutgoingPayload {
  payload: AnalysisPayload;
  /** The report's parts, in sending order, each built when it is sent. */
  parts: (() => ReportPartMessage)[];
}

export function toPayload(r: ModelAnalysisResult): OutgoingPayload {
  const fileName = fileNameOf(r.uri);
  if (!r.ok) return { payload: { ok: false, fileName, targetId: r.targetId, error: r.error }, parts: [] };
  const base = { ok: true as const, fileName, targetId: r.targetId, millis: r.millis, ...(r.pending ? { pending: r.pending } : {}) };
  const split = reportForWebview(r.report);
  if (!split) return { payload: { ...base, report: r.report }, parts: [] };
  const seq = nextSeq++;
  return {
    payload: { ...base, report: split.head as typeof r.report, parts: { seq, count: split.parts.length } },
    parts: split.parts.map((p, index) => () => ({ type: 'reportPart', seq, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), json: p.json() })),
  };
}
