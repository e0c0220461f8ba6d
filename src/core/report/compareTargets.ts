// Every target's verdict and key figures for one model (the Compare Targets panel and its Markdown
// export): one row per target from the report's side-by-side comparison, with the target's name.

import type { TargetSummary } from './report';
import { markdownCode, markdownText } from './escape';

export interface CompareRow extends TargetSummary {
  name: string;
  /** The target's delegate, when it has one ('' for single-processor targets). */
  delegate: string;
  partitioning: string;
  sramBytes: number | null;
}

/** The table as Markdown (a design review, a pull request): cells as the panel shows them, escaped here. */
export function compareTargetsMarkdown(model: string, headers: string[], right: boolean[], rows: { id: string; cells: string[] }[]): string {
  return [
    `# ${markdownText(model)} on every target`,
    '',
    `| ${headers.map(markdownText).join(' | ')} | id |`,
    `|${right.map((r) => (r ? '---:' : '---')).join('|')}|---|`,
    ...rows.map((r) => `| ${r.cells.map((c) => markdownText(c)).join(' | ')} | ${markdownCode(r.id)} |`),
    '',
    'Run `deploylens analyze <model> --target <id>` for the findings on one target.',
    '',
  ].join('\n');
}
