// One finding per problem: the same problem on many nodes (72 Identity no-ops in a ViT, GELU's Erf
// in each of 12 encoder layers, POW on the CPU in every LayerNorm) is one entry that lists its
// nodes with a count, not 72 lines. Findings are "the same" when they have the same code, severity
// and fix and their messages differ only in the names they quote ('…' after a space or bracket).
// This is a presentation: the report keeps every finding (JSON, SARIF); the editor's Problems
// panel and the CLI's text and Markdown output show the groups.

import type { ReportDiagnostic } from '../report/report';

/** Below this many alike findings each stays on its own. */
export const MIN_GROUP = 3;
/** Names quoted in a grouped message. */
const NAMES_SHOWN = 3;

export interface FindingGroup {
  /** The first finding (its node is where the group is shown). */
  first: ReportDiagnostic;
  /** Every finding of the group, in report order (one element for a finding on its own). */
  members: ReportDiagnostic[];
  /** The text to show: the first finding's message; for a group "72 nodes alike — <message> (also 'b', 'c', 'd', … +68 more)". */
  message: string;
}

/** Quoted names: an opening quote after start, space or '(' and a closing one before space, punctuation or end. */
const QUOTED = /(^|[\s(→])'[^'\n]*'(?=$|[\s),.:;→])/g;

/** The message with every quoted name replaced: the problem, whatever node it is on. */
export function problemTemplate(message: string): string {
  return message.replace(QUOTED, '$1‹name›');
}

function nodeLabel(d: ReportDiagnostic): string | undefined {
  return d.nodeName !== undefined && d.nodeName !== '' ? d.nodeName : d.node !== undefined ? `#${d.node}` : d.tensor;
}

/** The message of a group: what the problem is, how many nodes have it, and the first few of them. */
export function groupMessage(members: readonly ReportDiagnostic[]): string {
  const first = members[0]!;
  if (members.length === 1) return first.message;
  // The count first: Problems cuts long messages at the panel's width.
  const names = members.slice(1).map(nodeLabel).filter((n): n is string => n !== undefined);
  const shown = names.slice(0, NAMES_SHOWN).map((n) => `'${n}'`).join(', ');
  const more = names.length > NAMES_SHOWN ? `, … +${names.length - NAMES_SHOWN} more` : '';
  return `${members.length} nodes alike — ${first.message} (also ${shown}${more})`;
}

/**
 * Findings grouped by problem, in the order of each group's first finding. Findings without a node
 * or tensor (model-level) are never grouped: there is one of each.
 */
export function groupFindings(diagnostics: readonly ReportDiagnostic[], minGroup = MIN_GROUP): FindingGroup[] {
  const byKey = new Map<string, ReportDiagnostic[]>();
  const order: (string | ReportDiagnostic)[] = [];
  for (const d of diagnostics) {
    if (d.node === undefined && d.tensor === undefined) {
      order.push(d);
      continue;
    }
    const key = `${d.code}\u0000${d.severity}\u0000${d.graph ?? 0}\u0000${d.fix ?? ''}\u0000${d.target ?? ''}\u0000${problemTemplate(d.message)}`;
    const list = byKey.get(key);
    if (list) list.push(d);
    else {
      byKey.set(key, [d]);
      order.push(key);
    }
  }
  const out: FindingGroup[] = [];
  for (const o of order) {
    if (typeof o !== 'string') {
      out.push({ first: o, members: [o], message: o.message });
      continue;
    }
    const members = byKey.get(o)!;
    if (members.length >= minGroup) out.push({ first: members[0]!, members, message: groupMessage(members) });
    else for (const d of members) out.push({ first: d, members: [d], message: d.message });
  }
  return out;
}
