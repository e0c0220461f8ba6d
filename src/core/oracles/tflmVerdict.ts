// TensorFlow Lite Micro's own answer for a model on a TFLite Micro target, made the verdict: the
// arena figure users act on is TFLM's (the smallest arena in which AllocateTensors succeeds, with
// its head, tail and recorded categories), and whether the model runs is TFLM's call (its kernels'
// Prepare with the model's parameters). DeployLens's planner stays as the explanation (which
// tensors are alive at the peak); its static op table stays for hovers and ONNX models.
//
// How the two combine:
//   - TFLM allocated the model: every op- or parameter-level compatibility finding of the static
//     check on this target is withdrawn (`tflm/static-check-overruled`, info, one per node: TFLM
//     prepared that node), the arena findings (`memory/arena-exceeds-sram`, `memory/arena-over-budget`)
//     are judged on TFLM's minimum arena, and a planner head that differs from TFLM's is
//     `tflm/arena-differs` (info);
//   - TFLM rejected the model: `tflm/rejected` (error) with TFLM's own text on the node it failed
//     on; the static findings stay (they may say why) and the arena findings stay the planner's;
//   - TFLM gave no answer (time-out, no wasm): `tflm/no-answer` (info); the static verdict stands.
// The summary's verdict, arena (`arenaSource: 'tflm'`) and the primary comparison row follow.
// Pure: a report, the target and TFLM's answer in, a new report out.

import type { FindingCode } from '../findings/catalog';
import type { Report, ReportDiagnostic, ReportNode, ReportTflm, ReportTflmCategory, TargetSummary } from '../report/report';
import type { TargetProfile, TflmKernelVariant } from '../targets/profile';
import { formatBytes, formatExactBytes } from '../units';
import { isModelError } from '../report/modelErrors';

/** Where TFLM failed, already mapped onto the report's graphs and nodes by the caller. */
export interface TflmNodeAt {
  graph: number;
  node: number;
  /** TFLM's name for the op (its message's or the op code's). */
  opName?: string;
  /** How the node is known: TFLM's op lookup, TFLM's "Node X (number N)" line, or where TFLM last printed before abort(). */
  how: 'unresolved-op' | 'tflm-message' | 'last-log-position';
}

/** TFLM's answer for one model and kernel build (src/jobs/tflmOracle.ts makes it from the worker's). */
export type TflmAnswer = {
  kernels: TflmKernelVariant;
  /** "TensorFlow Lite Micro tflite-micro@90b983c2b3, WebAssembly" */
  runtime: string;
  millis: number;
} & (
  | {
    status: 'answered';
    headBytes: number;
    tailBytes: number;
    usedBytes: number;
    minimumArenaBytes: number;
    resourceVariableSlots: number;
    categories: ReportTflmCategory[];
  }
  | { status: 'rejected'; kind: string; message: string; log: string; at?: TflmNodeAt; arenaTooSmall?: boolean }
  | { status: 'failed'; message: string }
);

/**
 * Op- and parameter-level findings of the static check: TFLM's own Prepare decides these. The
 * activation hint is one of them: it says the target has no kernel for the op, which a model TFLM
 * allocated disproves.
 */
const STATIC_COMPAT: readonly FindingCode[] = ['compat/unsupported-op', 'compat/custom-op', 'compat/constraint', 'compat/dynamic-shape', 'compat/float-on-int8-target', 'hint/unsupported-activation'];
const ARENA_CODES: readonly FindingCode[] = ['memory/arena-exceeds-sram', 'memory/arena-over-budget'];
/** A log kept in the report is capped: TFLM can print a line per node. */
const MAX_LOG_CHARS = 8192;

/** True when TFLM is the runtime of this target (the tflm-* profiles and the budgets built on them). */
export function isTflmTarget(target: Pick<TargetProfile, 'runtime'> | undefined): boolean {
  return target?.runtime === 'tflite-micro';
}

/** True when TFLM decides for this model: a .tflite file on a TFLite Micro target. */
export function tflmApplies(file: string, target: TargetProfile | undefined): target is TargetProfile {
  return isTflmTarget(target) && file.toLowerCase().endsWith('.tflite');
}

/** "82,316 B (80.4 KiB)". */
export const arenaText = formatExactBytes;

export function kernelsText(k: TflmKernelVariant): string {
  return k === 'cmsis-nn' ? 'CMSIS-NN kernels' : 'reference kernels';
}

/** The original node where DeployLens's planner has its activation peak, and the tensors alive there. */
function plannerPeak(report: Report): { node?: number; name?: string; tensors: string[] } {
  const t = report.memory?.timeline;
  if (!t) return { tensors: [] };
  const deployed = t.order[t.peakStep];
  const node = deployed === undefined ? undefined : report.deployed?.nodes[deployed]?.covers?.[0] ?? deployed;
  const name = node === undefined ? undefined : report.nodes[node]?.name;
  return { ...(node !== undefined ? { node } : {}), ...(name !== undefined ? { name } : {}), tensors: t.peakTensors.slice(0, 3) };
}

function peakClause(report: Report): string {
  const p = plannerPeak(report);
  if (p.name === undefined) return '';
  return ` DeployLens's plan of the same graph has its activation peak at node '${p.name}'${p.tensors.length ? ` with ${p.tensors.map((x) => `'${x}'`).join(', ')} alive` : ''}.`;
}

/** The `tflm` section of the report. */
export function tflmSection(report: Report, target: TargetProfile, answer: TflmAnswer, overruled: ReportTflm['overruled']): ReportTflm {
  const base = {
    runtime: answer.runtime, kernels: answer.kernels, millis: Math.round(answer.millis),
    plannerArenaBytes: report.memory?.arena.bytes ?? null,
    profileSramBytes: target.memory.sramBytes ?? null,
    arenaBudgetBytes: target.budgets?.arenaBytes ?? null,
    overruled,
  };
  if (answer.status === 'answered') {
    return {
      ...base, status: 'answered',
      arena: {
        minimumBytes: answer.minimumArenaBytes, headBytes: answer.headBytes, tailBytes: answer.tailBytes, usedBytes: answer.usedBytes,
        resourceVariableSlots: answer.resourceVariableSlots, categories: answer.categories,
      },
    };
  }
  if (answer.status === 'rejected') {
    const at = answer.at;
    return {
      ...base, status: 'rejected',
      error: {
        kind: answer.kind, message: answer.message, log: answer.log.length > MAX_LOG_CHARS ? `${answer.log.slice(0, MAX_LOG_CHARS)}\n…` : answer.log,
        ...(at ? { graph: at.graph, node: at.node, how: at.how, ...(at.opName ? { opName: at.opName } : {}) } : {}),
        ...(answer.arenaTooSmall ? { arenaTooSmall: true } : {}),
      },
    };
  }
  return { ...base, status: 'failed', error: { kind: 'no-answer', message: answer.message, log: '' } };
}

function nodeLabel(report: Report, graph: number, node: number): string {
  const n = graph === 0 ? report.nodes[node] : undefined;
  return n ? `${n.op} '${n.name}'` : `operator ${node} of subgraph ${graph}`;
}

/** What to change when TFLM rejects a node: by what TFLM said. */
function rejectionFix(answer: Extract<TflmAnswer, { status: 'rejected' }>): string {
  if (answer.at?.how === 'unresolved-op') return 'Replace the op with one TFLite Micro has a kernel for (its hover lists the alternatives DeployLens knows), or register a kernel for it in the firmware\'s op resolver.';
  if (answer.arenaTooSmall) return 'TFLite Micro ran out of arena even with the largest arena DeployLens tries (256 MiB): the model is far too large for a microcontroller.';
  if (answer.kind === 'invalid-model') return 'Re-export the model: TFLite\'s flatbuffer verifier rejects this file.';
  return 'Change the node\'s parameters to ones the TFLite Micro kernel accepts (TFLM\'s message names the check that failed), or quantize it as the kernel expects.';
}

function findings(report: Report, target: TargetProfile, section: ReportTflm, answer: TflmAnswer): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const add = (d: Omit<ReportDiagnostic, 'target'>): void => { out.push({ ...d, target: target.id } as ReportDiagnostic); };
  const who = `TensorFlow Lite Micro (${kernelsText(answer.kernels)})`;
  const whoShort = `TFLite Micro with ${kernelsText(answer.kernels)}`;
  if (answer.status === 'failed') {
    add({ severity: 'info', code: 'tflm/no-answer', message: `${who} gave no answer for this model (${answer.message}); DeployLens's static verdict and planner arena stand unchecked.` });
    return out;
  }
  if (answer.status === 'rejected') {
    const at = answer.at;
    const where = at ? `${nodeLabel(report, at.graph, at.node)}${at.graph !== 0 ? ` (subgraph ${at.graph})` : ''}` : '';
    const d: Omit<ReportDiagnostic, 'target'> = {
      severity: 'error', code: 'tflm/rejected',
      // TFLM's own words first: they are what a truncated Problems row shows.
      message: `${where ? `${where}: ` : ''}TFLite Micro says: ${answer.message.replace(/\.?$/, '.')} ${answer.kind === 'aborted' ? 'TFLM aborts' : 'AllocateTensors() fails'} (${whoShort}): the model cannot run on the device.`,
      fix: rejectionFix(answer),
    };
    if (at) {
      if (at.graph !== 0) d.graph = at.graph;
      d.node = at.node;
      if (at.graph === 0 && report.nodes[at.node]) d.nodeName = report.nodes[at.node]!.name;
    }
    add(d);
    return out;
  }
  const arena = section.arena!;
  const sram = target.memory.sramBytes;
  const peak = plannerPeak(report);
  const figure = `${arenaText(arena.minimumBytes)} (TFLM's own minimum: ${arenaText(arena.headBytes)} head for the planned tensors and scratch buffers, ${arenaText(arena.tailBytes)} persistent tail, plus TFLM's bookkeeping and the temporary room AllocateTensors needs)`;
  if (sram !== undefined && arena.minimumBytes > sram) {
    add({
      severity: 'error', code: 'memory/arena-exceeds-sram', ...(peak.node !== undefined ? { node: peak.node, nodeName: peak.name } : {}),
      message: `TensorFlow Lite Micro needs a tensor arena of ${figure}, but ${target.name} has ${formatBytes(sram)} of SRAM.${peakClause(report)}`,
    });
  }
  const budget = target.budgets?.arenaBytes;
  if (budget !== undefined && arena.minimumBytes > budget) {
    add({ severity: 'error', code: 'memory/arena-over-budget', message: `TensorFlow Lite Micro needs a tensor arena of ${arenaText(arena.minimumBytes)}, over the ${formatBytes(budget)} budget of ${target.name}.` });
  }
  const planner = section.plannerArenaBytes;
  if (planner !== null && planner !== arena.headBytes) {
    const under = planner < arena.headBytes;
    add({
      severity: 'info', code: 'tflm/arena-differs',
      message: `DeployLens's arena planner gives ${arenaText(planner)} for the planned tensors; TensorFlow Lite Micro's own head is ${arenaText(arena.headBytes)} (${under ? `${Math.round((1 - planner / arena.headBytes) * 100)}% under` : `${Math.round((planner / arena.headBytes - 1) * 100)}% over`}: ${under ? 'the kernels\' scratch buffers and TFLM\'s own layout are not in the planner' : 'TFLM shares or skips buffers the planner counts'}). TFLM's figure is the one the verdict uses; the plan stays as the explanation of which tensors are alive when.`,
    });
  }
  for (const o of section.overruled) {
    add({
      severity: 'info', code: 'tflm/static-check-overruled', node: o.node, ...(report.nodes[o.node] ? { nodeName: report.nodes[o.node]!.name } : {}),
      message: `DeployLens's static check flagged ${nodeLabel(report, 0, o.node)} (${o.code}: ${o.message.replace(/\.$/, '')}), but ${who} allocated and prepared it with these parameters: it runs, and TFLM's verdict stands.`,
    });
  }
  return out;
}

function verdictOf(diagnostics: readonly ReportDiagnostic[]): 'pass' | 'warn' | 'fail' {
  if (diagnostics.some((d) => d.severity === 'error')) return 'fail';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'warn';
  return 'pass';
}

/**
 * The report with TFLM's answer as its verdict (a new object; the input is left as it was). Only
 * for the report's own target, and once: a report that carries TFLM's answer already is returned
 * as it is.
 */
export function withTflm(report: Report, target: TargetProfile, answer: TflmAnswer): Report {
  if (report.target?.id !== target.id || report.tflm) return report;
  const mine = (d: ReportDiagnostic): boolean => d.target === target.id;
  const overruled: ReportTflm['overruled'] = [];
  let diagnostics = report.diagnostics;
  if (answer.status === 'answered') {
    diagnostics = diagnostics.filter((d) => {
      if (!mine(d)) return true;
      if (ARENA_CODES.includes(d.code)) return false;
      if (STATIC_COMPAT.includes(d.code) && d.node !== undefined && (d.graph ?? 0) === 0 && d.severity !== 'info') {
        overruled.push({ node: d.node, code: d.code, severity: d.severity, message: d.message });
        return false;
      }
      return true;
    });
  }
  const section = tflmSection(report, target, answer, overruled);
  diagnostics = [...diagnostics, ...findings(report, target, section, answer)];
  const runs = overruledNodes(report, answer, overruled);
  // The model's own errors fail it whatever TFLM says (analysis/targetAnalysis.ts modelIsInvalid).
  const verdict = verdictOf(diagnostics.filter((d) => mine(d) || isModelError(d)));
  const arenaBytes = section.arena?.minimumBytes ?? report.memory?.arena.bytes ?? report.summary.arenaBytes;
  const summary = { ...report.summary, verdict, ...(arenaBytes !== undefined ? { arenaBytes } : {}), arenaSource: section.arena ? 'tflm' as const : 'planner' as const };
  const comparison = report.comparison?.map((c): TargetSummary => c.target !== target.id ? c : {
    ...c, verdict, arenaBytes: arenaBytes ?? c.arenaBytes,
    errors: diagnostics.filter((d) => mine(d) && d.severity === 'error').length,
    warnings: diagnostics.filter((d) => mine(d) && d.severity === 'warning').length,
  });
  return { ...report, ...runs, summary, ...(comparison ? { comparison } : {}), tflm: section, diagnostics };
}

/**
 * The node tables with TFLM's answer on the nodes it overruled: TFLM prepared them, so they run
 * ('supported') and every surface that reads a node's support — the overview's "Runs on" column,
 * hovers, the text view, the module roll-ups' verdicts — says what the verdict says. The static
 * reasons stay, as info, behind TFLM's. Nothing changes when TFLM overruled nothing.
 */
function overruledNodes(report: Report, answer: TflmAnswer, overruled: ReportTflm['overruled']): Pick<Report, 'nodes'> & Partial<Pick<Report, 'deployed'>> | Record<string, never> {
  if (answer.status !== 'answered' || overruled.length === 0) return {};
  const nodes = new Set(overruled.map((o) => o.node));
  const tflmReason = { kind: 'tflm', outcome: 'info' as const, message: `TensorFlow Lite Micro (${kernelsText(answer.kernels)}) allocated and prepared this node with these parameters: it runs, whatever the static check below said.` };
  const prepared = (n: ReportNode): ReportNode => n.support === 'supported' ? n : {
    ...n, support: 'supported', reasons: [tflmReason, ...(n.reasons ?? []).map((r) => ({ ...r, outcome: 'info' as const }))],
  };
  const out: Pick<Report, 'nodes'> & Partial<Pick<Report, 'deployed'>> = { nodes: report.nodes.map((n) => nodes.has(n.index) ? prepared(n) : n) };
  if (report.deployed) {
    // A deployed op runs when TFLM prepared the original node it anchors on (a .tflite file is judged as it is: one op per node).
    out.deployed = { ...report.deployed, nodes: report.deployed.nodes.map((op) => op.covers?.some((c) => nodes.has(c)) ? prepared(op) : op) };
  }
  return out;
}
