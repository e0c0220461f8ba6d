// Findings are plain data: the CLI prints them, the extension turns them into VS Code diagnostics.

import type { FindingCode } from '../findings/catalog';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable code from the catalog (src/core/findings/catalog.ts), documented in docs/findings.md. */
  code: FindingCode;
  message: string;
  /** Graph index (0 = main graph) the node or tensor belongs to. */
  graph?: number;
  node?: number;
  tensor?: string;
}
