// Findings are plain data: the CLI prints them, the extension turns them into VS Code diagnostics.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable code, documented in docs/ (e.g. `read/external-path-escape`). */
  code: string;
  message: string;
  /** Graph index (0 = main graph) the node or tensor belongs to. */
  graph?: number;
  node?: number;
  tensor?: string;
}
