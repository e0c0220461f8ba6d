// A failed export as one diagnostic on the right line: Python's error goes on the innermost frame
// of the traceback that lies in the user's script (a typo in `forward` lands on that line of
// `forward`, not on the export call); failures with no such frame (a missing interpreter, a
// time-out, torch not installed) go on the export entry point. Pure: the failure is plain data.

import type { FindingCode } from '../findings/catalog';
import type { ScriptRange } from './syntax';

export interface FailureFrame {
  file: string;
  line: number;
  endLine?: number;
  col?: number;
  endCol?: number;
  name: string;
}

export interface FailureInput {
  kind: string;
  message: string;
  phase?: string;
  framework?: string;
  frames?: FailureFrame[];
}

export interface FailureDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: Extract<FindingCode, `export/${string}`>;
  message: string;
  range: ScriptRange;
  /** The frame in the script the error is shown at (null: on the entry point). */
  frame: FailureFrame | null;
}

/** Same file, whatever the spelling (Python reports realpaths; editors may not). */
export type SameFile = (pythonPath: string) => boolean;

function frameRange(f: FailureFrame, lines: string[]): ScriptRange {
  const line = f.line - 1;
  if (f.col !== undefined && f.endLine !== undefined && f.endCol !== undefined && (f.endLine > f.line || f.endCol > f.col)) {
    return { start: { line, character: f.col }, end: { line: f.endLine - 1, character: f.endCol } };
  }
  const text = lines[line] ?? '';
  return { start: { line, character: text.length - text.trimStart().length }, end: { line, character: text.length } };
}

export function failureDiagnostic(failure: FailureInput, isScript: SameFile, source: string, entryRange: ScriptRange): FailureDiagnostic {
  const lines = source.split('\n');
  if (failure.kind === 'missing-framework') {
    return {
      severity: 'warning', code: 'export/missing-framework', frame: null, range: entryRange,
      message: `Export skipped: ${failure.message}. Select the interpreter of your training environment (Python: Select Interpreter) or set deploylens.python; the static checks below stay.`,
    };
  }
  const frame = [...(failure.frames ?? [])].reverse().find((f) => isScript(f.file) && f.line >= 1 && f.line <= lines.length) ?? null;
  if (failure.kind === 'python-error' || frame) {
    const where = failure.phase ? ` while ${failure.phase}` : '';
    const context = frame && frame.name !== '<module>' ? ` (in ${frame.name})` : '';
    return {
      severity: 'error', code: 'export/python-error', frame, range: frame ? frameRange(frame, lines) : entryRange,
      message: `Export failed${where}${context}: ${failure.message}`,
    };
  }
  return { severity: 'error', code: 'export/failed', frame: null, range: entryRange, message: `Export failed: ${failure.message}` };
}
