// How many of a model's findings the Problems panel gets (no vscode import: unit-tested under Node).

import type { ReportDiagnostic } from '../core/report/report';

/**
 * VS Code lists at most this many problems per file (extHostDiagnostics' maxDiagnosticsPerFile):
 * beyond it, it keeps the most severe and drops the rest. A 10,000-node model on a strict target
 * has thousands of findings; building them all only for VS Code to drop them blocked the host for
 * tens of ms, so the same selection is made here, with one line saying what is left out.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;
const SEVERITY_ORDER: readonly ReportDiagnostic['severity'][] = ['error', 'warning', 'info'];

/** The findings Problems can list: all of them, or the most severe (file order within a severity) and how many are left out. */
export function listedFindings<T extends { severity: ReportDiagnostic['severity'] }>(all: readonly T[], max = MAX_DIAGNOSTICS_PER_FILE): { listed: T[]; omitted: number } {
  if (all.length <= max) return { listed: [...all], omitted: 0 };
  const listed: T[] = [];
  for (const s of SEVERITY_ORDER) {
    for (const d of all) {
      if (d.severity !== s) continue;
      if (listed.length === max - 1) return { listed, omitted: all.length - listed.length };
      listed.push(d);
    }
  }
  return { listed, omitted: all.length - listed.length };
}
