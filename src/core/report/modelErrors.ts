// The model's own error findings in a report: those of no target (its reader's, shape inference's).
// They fail the model on every target (analysis/targetAnalysis.ts modelIsInvalid), and the views
// say so beside the verdict, since none of the target's own findings explains that FAIL.

interface Finding {
  severity: string;
  target?: string;
}

/** Whether a report finding is an error of the model itself. */
export function isModelError(d: Finding): boolean {
  return d.target === undefined && d.severity === 'error';
}

export function modelErrorCount(report: { diagnostics: readonly Finding[] }): number {
  let n = 0;
  for (const d of report.diagnostics) if (isModelError(d)) n++;
  return n;
}

/** What follows a FAIL that the model's own errors make: "the model itself is invalid (1 error in its findings): it runs on no target". */
export function invalidModelText(errors: number): string {
  return `the model itself is invalid (${errors} error${errors === 1 ? '' : 's'} in its findings): it runs on no target`;
}
