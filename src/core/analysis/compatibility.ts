// Which nodes of a model a target can run, and why not. Pure function over the IR: every verdict
// carries reasons naming the failed constraint ("stride 3 exceeds the maximum of 2"); facts that
// depend on unknown shapes or dtypes are reported as not checked, never guessed.

import type { Diagnostic, Severity } from '../ir/diagnostic';
import { isFloat } from '../ir/dtype';
import type { Graph, Model, Node, Tensor } from '../ir/model';
import type { OperatorConstraints, OperatorRule, TargetProfile } from '../targets/profile';
import { childPath } from '../targets/schemaCheck';
import { checkConstraints, type ConstraintContext } from './checkConstraints';
import { suggestFix } from './compatFixes';
import type { Reason } from './compatReason';
import { onnxToTflite, tfliteToOnnx } from './formatBridge';
import type { FindingCode } from '../findings/catalog';
import { lookupTable, ownValue } from '../util/lookup';

/** TensorRT builds Q/DQ units as INT8 layers of the float op (checkConstraints.ts, ConstraintContext.qdqAsFloat). */
export function qdqAsFloat(target: TargetProfile): { qdqAsFloat?: true } {
  return target.runtime === 'tensorrt' ? { qdqAsFloat: true } : {};
}

export type { Reason, ReasonKind } from './compatReason';

export type SupportStatus = 'supported' | 'unsupported' | 'constraint-violated' | 'unknown';

export interface NodeSupport {
  /** Node index in the graph. */
  node: number;
  status: SupportStatus;
  reasons: Reason[];
  /** The op names looked up in the target's table (after format bridging). */
  judgedAs: string[];
}

/** Custom ops that are a compiler's output: on their own target they are the accelerated part. */
const PRECOMPILED = lookupTable<string>({
  'ethos-u': 'a Vela-compiled Ethos-U command stream; it runs only on an Ethos-U NPU',
  'edgetpu-custom-op': 'an Edge TPU compiled segment; it runs only on a Coral Edge TPU',
});

const STANDARD_ONNX_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml']);

interface Lookup {
  key: string;
  rule: OperatorRule | undefined;
}

function lookupRule(target: TargetProfile, keys: string[]): Lookup {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const rule = ownValue(target.operators, key);
    if (rule) return { key, rule };
  }
  return { key: keys[0] ?? '', rule: undefined };
}

/** A rule merged over the profile's defaults, once per rule object (profiles are not mutated after validation). */
const merged = new WeakMap<OperatorRule, OperatorConstraints>();
function effective(target: TargetProfile, rule: OperatorRule): OperatorConstraints {
  if (!target.defaults) return rule;
  let c = merged.get(rule);
  if (!c || (c as { defaultsOf?: unknown }).defaultsOf !== target.defaults) {
    c = { ...target.defaults, ...rule };
    Object.defineProperty(c, 'defaultsOf', { value: target.defaults, enumerable: false });
    merged.set(rule, c);
  }
  return c;
}

/** A custom op in either format: TFLite custom codes, ONNX nodes of a non-standard domain. */
function customKey(node: Node, target: TargetProfile): string | null {
  if (node.domain === 'tflite.custom' || node.canonicalOp.startsWith('custom:')) return node.canonicalOp.startsWith('custom:') ? node.canonicalOp : `custom:${node.op}`;
  if (node.domain === 'tflite') return null;
  if (STANDARD_ONNX_DOMAINS.has(node.domain)) return null;
  if (node.domain === 'com.microsoft' && target.runtime === 'onnxruntime') return null;
  return `${node.domain}:${node.op}`;
}

export function checkCompatibility(model: Model, target: TargetProfile, graphIndex = 0): NodeSupport[] {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`${model.path}: no graph ${graphIndex}`);
  const run = checkRun(model, graph, target);
  return graph.nodes.map((node) => checkNode(run, node));
}

/** The same judgement for a few nodes only (a hint asking about one pattern): indexed by node, other entries absent. */
export function checkNodes(model: Model, target: TargetProfile, nodes: Iterable<number>, graphIndex = 0): (NodeSupport | undefined)[] {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`${model.path}: no graph ${graphIndex}`);
  const out: (NodeSupport | undefined)[] = [];
  const run = checkRun(model, graph, target);
  for (const v of nodes) {
    const node = graph.nodes[v];
    if (node && !out[v]) out[v] = checkNode(run, node);
  }
  return out;
}

function verdict(run: CheckRun, node: Node, reasons: Reason[], judgedAs: string[], unsupported: boolean): NodeSupport {
  let violated = false;
  let unknown = false;
  for (let i = 0; i < reasons.length; i++) {
    const o = reasons[i]!.outcome;
    if (o === 'violated') violated = true;
    else if (o === 'unknown') unknown = true;
  }
  const status: SupportStatus = unsupported ? 'unsupported' : violated ? 'constraint-violated' : unknown ? 'unknown' : 'supported';
  return { node: node.index, status, reasons: keptReasons(run, reasons), judgedAs: keptKeys(run, judgedAs) };
}

/** The reasons of every support without any (never edited, like every support's list). */
const NO_REASONS: Reason[] = [];

/**
 * The reasons a support keeps. Supports are kept for the whole analysis and never edited, so the
 * lists of one shared reason (most ops of a converted graph: only the converter's note) are one
 * array per reason; others an exact copy — a list grown by push has a 17-slot store from its
 * first element (~120 bytes more per op).
 */
function keptReasons(run: CheckRun, reasons: Reason[]): Reason[] {
  if (reasons.length === 0) return NO_REASONS;
  if (reasons.length > 1) return reasons.slice();
  const only = reasons[0]!;
  let kept = run.oneReason.get(only);
  if (!kept) run.oneReason.set(only, (kept = [only]));
  return kept;
}

/** judgedAs of one key (almost every op), one array per key and run, shared like keptReasons' lists. */
function keptKeys(run: CheckRun, keys: string[]): string[] {
  if (keys.length !== 1) return keys;
  const key = keys[0]!;
  let kept = run.oneKey.get(key);
  if (!kept) run.oneKey.set(key, (kept = keys));
  return kept;
}

/**
 * Which op names of the target's vocabulary a (non-custom) node is judged as: one list of lookup keys
 * per op it becomes. `candidates` null: the format bridge has no builtin for it (`bridgeNote` says why).
 */
function candidateKeys(model: Model, graph: Graph, node: Node, target: TargetProfile): { candidates: string[][] | null; bridgeNote?: string } {
  if (target.formats.includes(model.format)) {
    const keys = [node.op, node.canonicalOp];
    if (node.domain && node.domain !== 'tflite') keys.unshift(`${node.domain}:${node.op}`);
    return { candidates: [keys] };
  }
  const bridged = model.format === 'onnx' ? onnxToTflite(node, graph, model) : tfliteToOnnx(node);
  return { candidates: bridged.ops === null ? null : bridged.ops.map((op) => [op]), bridgeNote: bridged.note };
}

/**
 * The constraints of every rule `node` is judged by on `target` (after the format bridge), merged over
 * the profile's defaults; the defaults alone for an unlisted op of an open runtime. Rules of ops the
 * target does not support, and custom ops, give nothing. For choices made before a model exists (the
 * quantizer's activation type, src/core/quantize/activationType.ts).
 */
export function ruleConstraints(model: Model, node: Node, target: TargetProfile, graphIndex = 0): OperatorConstraints[] {
  const graph = model.graphs[graphIndex];
  if (!graph || customKey(node, target) || node.origin?.noBuiltin) return [];
  const out: OperatorConstraints[] = [];
  for (const keys of candidateKeys(model, graph, node, target).candidates ?? []) {
    const { rule } = lookupRule(target, keys);
    if (rule?.supported) out.push(effective(target, rule));
    else if (!rule && target.defaults && (target.unlistedOperators === 'supported' || target.openDomains?.includes(node.domain))) out.push(target.defaults);
  }
  return out;
}

/** "CONV_2D (from Conv)": the op a finding names, built only for a finding. */
function opLabel(key: string, node: Node): string {
  return key === node.op ? key : `${key} (from ${node.op})`;
}

/** One compatibility check of a graph on a target: what every node's check shares. */
interface CheckRun {
  model: Model;
  graph: Graph;
  target: TargetProfile;
  /** The context of each rule's checks, by operator key, made at the rule's first node (with its constraint paths). */
  contexts: Map<string, ConstraintContext>;
  /** The same for the profile's defaults (an unlisted op of an open runtime). */
  defaultsContext?: ConstraintContext;
  /** The dynamic-shape texts of the graph's tensors, shared by every context (ConstraintContext.dynamicTexts). */
  dynamicTexts: Map<Tensor, string>;
  /** The converter's note as a reason, one per origin (converted nodes share their origin: convertToTflite.ts). */
  bridgeReasons: Map<NonNullable<Node['origin']>, Reason>;
  /** Shared one-element lists of supports (keptReasons, keptKeys). */
  oneReason: Map<Reason, Reason[]>;
  oneKey: Map<string, string[]>;
}

function checkRun(model: Model, graph: Graph, target: TargetProfile): CheckRun {
  return { model, graph, target, contexts: new Map(), dynamicTexts: new Map(), bridgeReasons: new Map(), oneReason: new Map(), oneKey: new Map() };
}

/**
 * What a rule's checks need, made once per rule and run (a rule judges many nodes): `key` is the
 * operator key the rule was found by (each key names one rule), null for the profile's defaults.
 */
function constraintContext(run: CheckRun, key: string | null, source: string | undefined): ConstraintContext {
  let ctx = key === null ? run.defaultsContext : run.contexts.get(key);
  if (!ctx) {
    ctx = { model: run.model, graph: run.graph, rulePath: key === null ? 'defaults' : childPath('operators', key), dynamicTexts: run.dynamicTexts };
    if (source) ctx.source = source;
    if (qdqAsFloat(run.target).qdqAsFloat) ctx.qdqAsFloat = true;
    if (key === null) run.defaultsContext = ctx;
    else run.contexts.set(key, ctx);
  }
  return ctx;
}

function checkNode(run: CheckRun, node: Node): NodeSupport {
  const { model, graph, target } = run;
  const reasons: Reason[] = [];
  const custom = customKey(node, target);
  if (custom) {
    const code = custom.slice(custom.indexOf(':') + 1);
    const { key, rule } = lookupRule(target, [custom, node.op]);
    if (rule?.supported) {
      reasons.push({ kind: PRECOMPILED.get(code) ? 'precompiled' : 'custom-op', outcome: 'info', constraint: childPath('operators', key), message: rule.note ?? `custom op '${code}' is registered on ${target.name}`, ...(rule.source ? { source: rule.source } : {}) });
      // A compiler's output (Vela's command stream and its scratch buffers) is not an op the generic
      // tensor constraints describe: on its own target it is the accelerated part, as compiled.
      if (PRECOMPILED.get(code)) return verdict(run, node, reasons, [key], false);
      checkConstraints(node, effective(target, rule), constraintContext(run, key, rule.source), reasons);
      return verdict(run, node, reasons, [key], false);
    }
    const what = PRECOMPILED.get(code) ? `custom op '${code}' is ${PRECOMPILED.get(code)}` : `custom op '${code}' has no kernel in ${target.runtime}${target.delegate ? ` / ${target.delegate}` : ''}`;
    // A precompiled op's own note already says what it is; other custom ops get the note as context.
    const message = PRECOMPILED.get(code) ? rule?.note ?? what : rule?.note ? `${what} — ${rule.note}` : what;
    reasons.push({ kind: 'custom-op', outcome: 'violated', constraint: childPath('operators', custom), message, ...(rule?.source ? { source: rule.source } : {}) });
    return verdict(run, node, reasons, [custom], true);
  }

  // An op of a deployed graph (src/core/lowering) that its converter made from another format's op.
  if (node.origin?.noBuiltin) {
    reasons.push({ kind: 'no-builtin', outcome: 'violated', message: node.origin.note });
    return verdict(run, node, reasons, [], true);
  }
  if (node.origin) {
    let bridge = run.bridgeReasons.get(node.origin);
    if (!bridge) run.bridgeReasons.set(node.origin, (bridge = { kind: 'bridge', outcome: 'info', message: node.origin.note }));
    reasons.push(bridge);
  }

  const looked = candidateKeys(model, graph, node, target);
  if (looked.bridgeNote !== undefined) reasons.push({ kind: looked.candidates ? 'bridge' : 'no-builtin', outcome: looked.candidates ? 'info' : 'violated', message: looked.bridgeNote });
  if (!looked.candidates) return verdict(run, node, reasons, [], true);
  const candidates = looked.candidates;
  if (candidates.length === 0) return verdict(run, node, reasons, [], false);

  // Exact size (one key for almost every op), not grown by push: kept with the support, like `reasons`.
  const judgedAs = new Array<string>(candidates.length);
  let unsupported = false;
  for (let k = 0; k < candidates.length; k++) {
    const keys = candidates[k]!;
    const { key, rule } = lookupRule(target, keys);
    judgedAs[k] = key;
    if (!rule && (target.unlistedOperators === 'supported' || target.openDomains?.includes(node.domain))) {
      if (target.defaults) checkConstraints(node, target.defaults, constraintContext(run, null, undefined), reasons);
      continue;
    }
    if (!rule) {
      unsupported = true;
      reasons.push({ kind: 'unsupported-op', outcome: 'violated', constraint: childPath('operators', key), message: `${opLabel(key, node)} is not in ${target.name}'s supported-operator list` });
      continue;
    }
    if (!rule.supported) {
      const src = rule.source ? { source: rule.source } : {};
      unsupported = true;
      reasons.push({ kind: 'unsupported-op', outcome: 'violated', constraint: childPath('operators', key), message: `${opLabel(key, node)} is not supported on ${target.name}${rule.note ? ` — ${rule.note}` : ''}`, ...src });
      continue;
    }
    checkConstraints(node, effective(target, rule), constraintContext(run, key, rule.source), reasons);
  }
  return verdict(run, node, reasons, judgedAs, unsupported);
}

/** A finding plus the model change that usually fixes it. */
export interface CompatDiagnostic extends Diagnostic {
  fix?: string;
  /** The reasons the finding summarizes (may be its node's support's own array: never edited). */
  reasons?: readonly Reason[];
}

function codeFor(reason: Reason, target: TargetProfile, graph: Graph): FindingCode {
  if (reason.misread) return 'compat/misread-input';
  if (reason.kind === 'dynamic-shape') return 'compat/dynamic-shape';
  if (reason.kind === 'custom-op') return 'compat/custom-op';
  if (reason.kind === 'unsupported-op' || reason.kind === 'no-builtin') return 'compat/unsupported-op';
  if (reason.kind === 'dtype' && reason.tensor && !target.precisions.some(isFloat) && isFloat(graph.tensors.get(reason.tensor)?.dtype ?? 'unknown')) {
    return 'compat/float-on-int8-target';
  }
  return 'compat/constraint';
}

/** "Node 'name' (Op) on Target", the subject of a node's compatibility finding. */
function nodeLabel(node: Node, target: TargetProfile): string {
  return `Node '${node.name || `#${node.index}`}' (${node.op}) on ${target.name}`;
}

export function compatibilityDiagnostics(model: Model, target: TargetProfile, supports: NodeSupport[], graphIndex = 0): CompatDiagnostic[] {
  const graph = model.graphs[graphIndex];
  if (!graph) return [];
  const out: CompatDiagnostic[] = [];
  // Without a fallback processor an unplaceable node means the model cannot run at all.
  const hasFallback = target.partitioning.mode !== 'none';
  const severity: Severity = hasFallback ? 'warning' : 'error';
  const placing = hasFallback ? `Placing on ${target.partitioning.fallback ?? 'the CPU'} instead — ` : 'Cannot run — ';
  // Indexed loops here and below: this runs once per analysis, mostly before the JIT has compiled it,
  // where each for-of makes an array iterator (per node and per node's reasons).
  for (let si = 0; si < supports.length; si++) {
    const s = supports[si]!;
    const node = graph.nodes[s.node];
    if (!node) continue;
    // Most nodes are supported and get no finding: their label is built only for one that does.
    if (s.status === 'supported') {
      const pre = s.reasons.find((r) => r.kind === 'precompiled');
      if (pre) out.push({ severity: 'info', code: 'compat/precompiled', graph: graphIndex, node: node.index, message: `${nodeLabel(node, target)}: ${pre.message}`, reasons: [pre] });
      continue;
    }
    const who = nodeLabel(node, target);
    if (s.status === 'unknown') {
      const unknown = s.reasons.filter((r) => r.outcome === 'unknown');
      out.push({ severity: 'info', code: 'compat/not-checked', graph: graphIndex, node: node.index, reasons: unknown, message: `${who}: not fully checked — ${unknown.map((r) => r.message).join('; ')}.` });
      continue;
    }
    // One finding per code, in the order the codes first appear. Most failing nodes fail under one
    // code (a dynamic-shape model: every activation's dims): one pass, without a map of lists.
    let firstCode: FindingCode | undefined;
    let violated = 0;
    let oneCode = true;
    const all = s.reasons;
    for (let i = 0; i < all.length; i++) {
      const r = all[i]!;
      if (r.outcome !== 'violated') continue;
      const code = codeFor(r, target, graph);
      if (firstCode === undefined) firstCode = code;
      else if (code !== firstCode) oneCode = false;
      violated++;
    }
    if (firstCode === undefined) continue;
    const bridge = s.reasons.find((r) => r.kind === 'bridge');
    // A misread input: the runtime runs the node, wrongly (always an error: no processor is asked to take it instead).
    const misread = firstCode === 'compat/misread-input';
    const finding: FindingText = { who: bridge ? `${who} (${bridge.message})` : who, placing: misread ? 'Runs with wrong outputs — ' : placing, severity: misread ? 'error' : severity, graphIndex };
    if (oneCode) {
      // Every reason violated (a dynamic-shape node's, one per activation): the finding shares the
      // support's array instead of a copy per finding (4,616 on the 10,189-node decoder).
      let reasons: readonly Reason[] = all;
      if (violated !== all.length) {
        const some: Reason[] = new Array(violated);
        let k = 0;
        for (let i = 0; i < all.length; i++) if (all[i]!.outcome === 'violated') some[k++] = all[i]!;
        reasons = some;
      }
      out.push(nodeFinding(node, graph, target, finding, firstCode, reasons));
      continue;
    }
    // Mixed codes (an int8-only NPU: float dtypes, missing quantization and dynamic dims on one node):
    // a handful at most, so grouped by a linear search of two small arrays rather than in a Map.
    const codes: FindingCode[] = [];
    const groups: Reason[][] = [];
    for (let i = 0; i < all.length; i++) {
      const r = all[i]!;
      if (r.outcome !== 'violated') continue;
      const code = codeFor(r, target, graph);
      const g = codes.indexOf(code);
      if (g >= 0) groups[g]!.push(r);
      else {
        codes.push(code);
        groups.push([r]);
      }
    }
    for (let g = 0; g < codes.length; g++) out.push(nodeFinding(node, graph, target, finding, codes[g]!, groups[g]!));
  }
  return out;
}

/** What the findings of one node share: "Node 'x' (Op) on Target (bridge note)" and how the target falls back. */
interface FindingText {
  who: string;
  placing: string;
  severity: Severity;
  graphIndex: number;
}

/**
 * "Who: placing — message; message; ….", made flat at once by one join: built with `+` it was a
 * rope of ~16 pieces per finding (76k rope nodes, 2.4 MB on the 10,189-node decoder) that every
 * writer (JSON, SARIF, text) flattens in place anyway, leaving the pieces as garbage at the CLI's
 * peak. The text ends as its last message does (asked of that message: the joined text is not
 * flattened for it).
 */
function findingMessage(f: FindingText, reasons: readonly Reason[]): string {
  const n = reasons.length;
  const parts: string[] = new Array(2 * n + 2);
  parts[0] = f.who;
  parts[1] = ': ';
  parts[2] = f.placing;
  for (let i = 0; i < n; i++) {
    if (i > 0) parts[2 + 2 * i] = '; ';
    parts[3 + 2 * i] = reasons[i]!.message;
  }
  const last = reasons[n - 1]!.message;
  if (last.endsWith('.')) parts[2 * n + 1] = last.slice(0, -1);
  parts.push('.');
  return parts.join('');
}

/**
 * The nodes an accelerator leaves to its fallback processor, judged by the fallback runtime's own
 * profile (partitioning.fallbackTarget: ONNX Runtime's CPU EP takes every node an EP does not claim,
 * TFLite Micro on the Cortex-M what Vela does not map), under the processor's own name: "TILE is not
 * in Cortex-M55 CPU (TFLite Micro + CMSIS-NN)'s supported-operator list", not the name of the profile
 * the rules come from. Indexed like the graph's nodes; undefined for a node not asked about.
 */
export function fallbackSupports(model: Model, target: TargetProfile, fallback: TargetProfile, nodes: Iterable<number>, graphIndex = 0): (NodeSupport | undefined)[] {
  const named: TargetProfile = target.partitioning.fallback ? { ...fallback, name: target.partitioning.fallback } : fallback;
  return checkNodes(model, named, nodes, graphIndex);
}

/** The first words of a no-fallback-kernel finding and of the reason a node's support carries for it. */
function noFallbackPrefix(target: TargetProfile, fallback: TargetProfile): string {
  return `left to the ${target.partitioning.fallback ?? 'CPU'}, which has no kernel for it either (judged by ${fallback.id}): `;
}

/** A node without a kernel on the fallback either cannot run at all: an error, with the fallback's reason. */
export function fallbackDiagnostics(model: Model, target: TargetProfile, fallback: TargetProfile, checked: readonly (NodeSupport | undefined)[], graphIndex = 0): CompatDiagnostic[] {
  const graph = model.graphs[graphIndex];
  if (!graph) return [];
  const placing = `Cannot run — ${noFallbackPrefix(target, fallback)}`;
  const out: CompatDiagnostic[] = [];
  for (const s of checked) {
    if (!s || s.status === 'supported' || s.status === 'unknown') continue;
    const violated = s.reasons.filter((r) => r.outcome === 'violated');
    const node = graph.nodes[s.node];
    if (!node || violated.length === 0) continue;
    out.push(nodeFinding(node, graph, fallback, { who: nodeLabel(node, target), placing, severity: 'error', graphIndex }, 'compat/no-fallback-kernel', violated));
  }
  return out;
}

/**
 * The target's supports with the fallback's verdict first among the reasons of a node the target
 * does not run and its fallback cannot run either ("cannot run anywhere: left to the …"), so a
 * node's reasons — the report's, a hover's, the support table's — say what the finding says. The
 * status stays the target's (the partition is the target's). Supports are shared; changed ones are copied.
 */
export function withFallbackReasons(supports: readonly NodeSupport[], checked: readonly (NodeSupport | undefined)[], target: TargetProfile, fallback: TargetProfile): NodeSupport[] {
  const out = supports.slice();
  const prefix = `Cannot run anywhere — ${noFallbackPrefix(target, fallback)}`;
  for (const f of checked) {
    if (!f || f.status === 'supported' || f.status === 'unknown') continue;
    const own = out[f.node];
    const first = f.reasons.find((r) => r.outcome === 'violated');
    if (!own || own.status === 'supported' || !first) continue;
    out[f.node] = { ...own, reasons: [{ ...first, message: `${prefix}${first.message}` }, ...own.reasons] };
  }
  return out;
}

/** The finding of one node for one code: its violated reasons, joined, with the first fix any of them suggests. */
function nodeFinding(node: Node, graph: Graph, target: TargetProfile, f: FindingText, code: FindingCode, reasons: readonly Reason[]): CompatDiagnostic {
  let fix: string | undefined;
  for (let i = 0; i < reasons.length; i++) if ((fix = suggestFix(node, graph, reasons[i]!, target)) !== undefined) break;
  const first = reasons[0]!;
  const message = findingMessage(f, reasons);
  const d: CompatDiagnostic = first.tensor
    ? { severity: f.severity, code, graph: f.graphIndex, node: node.index, tensor: first.tensor, message }
    : { severity: f.severity, code, graph: f.graphIndex, node: node.index, message };
  if (fix) d.fix = fix;
  d.reasons = reasons;
  return d;
}
