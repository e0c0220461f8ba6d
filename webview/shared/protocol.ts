// The one message protocol between the extension host and every DeployLens webview.
//
// A webview is untrusted from the host's point of view: it renders names and strings taken from a
// model file, so a script that got in through a bug could post anything. The host therefore runs
// `isWebviewToHostMessage` on every incoming message and drops whatever does not match exactly
// (unknown type, missing or non-integer id, unknown keys, out-of-range numbers, oversized strings).
//
// This file is shared by the host bundle, the webview bundles and the unit tests, so it must stay
// free of DOM and Node APIs.

import type { Report } from '../../src/core/report/report';
import type { ModuleTree } from '../../src/core/modules/moduleTree';
// The report contract's types, for the pages: they import from src/ only this protocol and the unit formatters.
export type { Report, ReportDiagnostic, ReportMemory, ReportNode } from '../../src/core/report/report';
export type { ModuleEntry, ModuleTotals, ModuleTree, ModuleVerdict } from '../../src/core/modules/moduleTree';
export type { PartitionGraph } from '../../src/core/report/partitionGraph';
import type { PARTITION_GRAPH_KEY as CORE_PARTITION_GRAPH_KEY } from '../../src/core/report/partitionGraph';
/** The partition graph's part key (the type ties it to the packer's). */
export const PARTITION_GRAPH_KEY: typeof CORE_PARTITION_GRAPH_KEY = 'partitionGraph';
import { hasExactKeys, isIntegerIn, isOneOf, isPlainObject, MAX_MESSAGE_STRING, byType, typeOnly, type Json } from './validate';

// ---------------------------------------------------------------------------------------------
// webview → host

/** Commands a webview may ask the host to run; the host maps each to a VS Code command and its arguments. */
export const WEBVIEW_COMMANDS = ['openAsText', 'selectTarget', 'compareTargets', 'exportReport', 'reanalyze'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** The webview's script has started and wants the current state (sent after every (re)load). */
export interface ReadyMessage {
  type: 'ready';
}

/** Show node `node` (index into report.nodes) in the model's text view. */
export interface RevealNodeMessage {
  type: 'revealNode';
  id: number;
  node: number;
}

/** Open the training script at the line that builds module `module` (a path from the payload's module tree). */
export interface OpenModuleSourceMessage {
  type: 'openModuleSource';
  id: number;
  module: string;
}

/** Run one of the allow-listed commands on the panel's model. */
export interface RunCommandMessage {
  type: 'command';
  id: number;
  command: WebviewCommand;
}

/** A script error in the webview, forwarded to the DeployLens log (there is no other place to see it). */
export interface LogMessage {
  type: 'log';
  level: 'error' | 'warn' | 'info';
  message: string;
}

/** Model panels (src/extension/webviews/modelPanel.ts): keep showing this model (true) or follow the active editor (false). */
export interface PinMessage {
  type: 'pin';
  pinned: boolean;
}

/** Model panels: judge the model on this target (null: the workspace's target, following its changes). */
export interface SetTargetMessage {
  type: 'setTarget';
  target: string | null;
}

/** Model panels: also show the model on a second target, side by side (null: no comparison). */
export interface SetCompareTargetMessage {
  type: 'setCompareTarget';
  target: string | null;
}

/**
 * A report part (ReportPartMessage `seq`/`index`) has been taken in. The host keeps only a couple of
 * parts in flight: a window's messages are handled in order, so a backlog of megabytes for a page
 * made every other request of the window (opening a document, a stat) wait behind it for seconds.
 */
export interface PartReceivedMessage {
  type: 'partReceived';
  seq: number;
  index: number;
}

export type WebviewToHostMessage =
  | ReadyMessage | RevealNodeMessage | RunCommandMessage | LogMessage
  | PinMessage | SetTargetMessage | SetCompareTargetMessage | OpenModuleSourceMessage | PartReceivedMessage;
/** The requests: webview messages the host answers with a `response` carrying the same id. */
export type WebviewRequest = RevealNodeMessage | RunCommandMessage | OpenModuleSourceMessage;

// ---------------------------------------------------------------------------------------------
// host → webview

/** Where the training script that exports the model builds its modules (src/extension/python/moduleSources.ts). */
export interface ModuleSourcesPayload {
  /** The script's file name, for the link's label. */
  scriptName: string;
  /** Module path → the 1-based line that builds it. */
  sites: Record<string, number>;
}

/** Alike findings shown as one (src/core/findings/group.ts): indices into `report.diagnostics`, the first one's message with the count. */
export interface FindingGroupPayload {
  members: number[];
  message: string;
}

/**
 * What the webview needs to show one model; the host fills it from its analysis service.
 * `parts`: the report's bulky sections (the per-node table, tensors, the deployed graph, the memory
 * plan: core/report/packedReport.ts) are not in `report` yet; `parts.count` ReportPartMessages with
 * `seq` bring them, per-node tables in pages, so that no message is large and the page can show
 * the verdict, key numbers and findings before the rest arrives (assembleReport puts it together).
 */
export type AnalysisPayload =
  /**
   * `pending`: Arm Vela is compiling the model, or TensorFlow Lite Micro allocating it; another
   * analysis message brings its answer. `modules`: the module roll-up of `report.nodes`
   * (src/core/modules), `deployedModules` of the deployed ops; both small even when the nodes are many.
   */
  | { ok: true; fileName: string; targetId: string; millis: number; report: Report; pending?: 'vela' | 'tflm'; modules?: ModuleTree; deployedModules?: ModuleTree; moduleSources?: ModuleSourcesPayload; findingGroups?: FindingGroupPayload[]; parts?: PayloadParts }
  | { ok: false; fileName: string; targetId: string; error: string };

/** The report parts that follow an analysis or comparison payload. */
export interface PayloadParts {
  /** Matches the ReportPartMessages of this payload (a newer payload's parts have another). */
  seq: number;
  count: number;
  /**
   * The report key of each part, by index: a page that draws from some sections (the partition
   * graph: nodes, tensors, order, partitions) can draw once those are in (ModelPanelHandlers.needs).
   */
  keys?: string[];
  /**
   * The report's other sections are those of the earlier payload `reuse` of the same kind, which
   * the page has whole (a revision that only added findings or a compiler's answer).
   */
  reuse?: number;
}

/**
 * One part of a payload's report: a JSON text the page parses (a page of `nodes` or
 * `deployed.nodes` starting at node `start`, or a whole section). Sent in order, after the payload.
 * A module tree or other per-node data added later travels the same way (a new `key`).
 * The host sends the text as UTF-8 `bytes`: VS Code carries a byte array to the page as binary
 * (a string went through its JSON message encoding three times, seconds for a 10,000-node report);
 * `json` is the same text as a string (tests, older hosts).
 */
export type ReportPartMessage = {
  type: 'reportPart';
  seq: number;
  /** 0-based position of this part among the payload's `count`. */
  index: number;
  key: string;
  start?: number;
} & ({ json: string; bytes?: undefined } | { bytes: Uint8Array; json?: undefined });

/**
 * Report sections (part keys) the overview page never reads: the host does not send them to it
 * (ModelPanelKind.unread). The execution order, partitions, memory plan and deployed tensors are the
 * other panels' — ~9 MB of the 10k-node decoder's ~21 MB of parts. test/packed-report.test.ts checks
 * that the overview's view model is the same without them.
 */
export const OVERVIEW_UNREAD_SECTIONS: readonly string[] = ['order', 'partitions', 'memory', 'deployed.tensors'];

/** The finding that flags a node as fragmenting the delegate's graph (core/findings): the partition page's flags. */
export const FRAGMENTING_OP_CODE = 'partition/fragmenting-op';

/**
 * The findings the partition page reads: it flags nodes from them (webview/partitions/layoutModel.ts)
 * and lists none. The host sends it no others (ModelPanelKind.findings): 6,405 findings of the 10k-node
 * decoder are 4.7 MB of JSON. test/partitions-first-paint.test.ts checks that its view model is the same.
 */
export function isPartitionsFinding(d: { code: string }): boolean {
  return d.code === FRAGMENTING_OP_CODE;
}

/** Report sections the partition page never reads (not sent to it): the memory plan. */
export const PARTITIONS_UNREAD_SECTIONS: readonly string[] = ['memory'];

/** Where an analysis is: waiting behind `queued` models, or in a stage (fraction 0..1 of the whole). */
export interface LoadingProgress {
  stage: 'queued' | 'reading' | 'shapes' | 'targets' | 'report' | 'sending';
  fraction: number;
  queued: number;
}

/** The model is being (re)analyzed: show progress, keeping the previous result visible if there is one. */
export interface LoadingMessage {
  type: 'loading';
  fileName: string;
  progress?: LoadingProgress;
}

/** A finished analysis (or the error that ended it). */
export interface AnalysisMessage {
  type: 'analysis';
  payload: AnalysisPayload;
}

/** The answer to a request: `ok: false` carries a message the webview shows. */
export interface ResponseMessage {
  type: 'response';
  id: number;
  ok: boolean;
  error?: string;
}

/** A target a model panel offers in its selectors. */
export interface PanelTarget {
  id: string;
  name: string;
  /** The delegate / execution provider, absent for a target that runs everything on one processor. */
  delegate?: string;
}

/**
 * Model panels: what the panel shows and how it was set up. Sent before every analysis and after
 * each change; the page saves it (vscode.setState) so the panel serializer can restore the panel
 * after a reload (see ModelPanelState).
 */
export interface PanelStateMessage {
  type: 'panelState';
  /** The model's URI (string form) and file name. */
  uri: string;
  fileName: string;
  pinned: boolean;
  targets: PanelTarget[];
  /** The workspace's target for this model (what `targetId: null` means). */
  workspaceTargetId: string;
  /** The panel's own target choice, null when it follows the workspace's. */
  targetId: string | null;
  compareTargetId: string | null;
}

/** Model panels: the model on the compare target (null: comparison off). */
export interface ComparisonMessage {
  type: 'comparison';
  payload: AnalysisPayload | null;
}

export type HostToWebviewMessage = LoadingMessage | AnalysisMessage | ResponseMessage | PanelStateMessage | ComparisonMessage | ReportPartMessage;

/**
 * What a model panel page must keep in its saved state (vscode.setState) under the key `panel`,
 * next to its own UI state: the serializer reads it after a window reload to reopen the panel on
 * the same model with the same pin and targets. Copy it from the latest PanelStateMessage.
 */
export interface ModelPanelState {
  uri: string;
  pinned: boolean;
  targetId: string | null;
  compareTargetId: string | null;
}

// ---------------------------------------------------------------------------------------------
// validation

/** Request ids are counters; the cap keeps them exact doubles and rules out garbage. */
const MAX_ID = 2 ** 31 - 1;
/** No model the readers accept has more nodes than this in one graph; larger indices are garbage. */
export const MAX_NODE_INDEX = 2 ** 24;
/** Target ids are short slugs; the host still looks each one up before using it. */
export const MAX_TARGET_ID = 128;
export { MAX_MESSAGE_STRING };

const isTargetMessage = (x: Json): boolean => hasExactKeys(x, ['type', 'target']) && isTargetChoice(x['target']);

export const isWebviewToHostMessage = byType<WebviewToHostMessage>({
  ready: typeOnly,
  revealNode: (x) => hasExactKeys(x, ['type', 'id', 'node']) && isIntegerIn(x['id'], 0, MAX_ID) && isIntegerIn(x['node'], 0, MAX_NODE_INDEX),
  command: (x) => hasExactKeys(x, ['type', 'id', 'command']) && isIntegerIn(x['id'], 0, MAX_ID) && isOneOf(x['command'], WEBVIEW_COMMANDS),
  openModuleSource: (x) => hasExactKeys(x, ['type', 'id', 'module']) && isIntegerIn(x['id'], 0, MAX_ID)
    && typeof x['module'] === 'string' && x['module'].length > 0 && x['module'].length <= MAX_MESSAGE_STRING,
  log: (x) => hasExactKeys(x, ['type', 'level', 'message'])
    && isOneOf(x['level'], ['error', 'warn', 'info'] as const)
    && typeof x['message'] === 'string' && x['message'].length <= MAX_MESSAGE_STRING,
  pin: (x) => hasExactKeys(x, ['type', 'pinned']) && typeof x['pinned'] === 'boolean',
  setTarget: isTargetMessage,
  setCompareTarget: isTargetMessage,
  partReceived: (x) => hasExactKeys(x, ['type', 'seq', 'index']) && isIntegerIn(x['seq'], 0, MAX_ID) && isIntegerIn(x['index'], 0, MAX_ID),
});

function isTargetChoice(x: unknown): x is string | null {
  return x === null || (typeof x === 'string' && x.length > 0 && x.length <= MAX_TARGET_ID);
}

/** Reads a model panel's saved state (from disk, after a reload: anything may be there); undefined if unusable. */
export function modelPanelStateOf(saved: unknown): ModelPanelState | undefined {
  if (!isPlainObject(saved)) return undefined;
  const p = saved['panel'];
  if (!isPlainObject(p) || typeof p['uri'] !== 'string' || p['uri'].length === 0 || p['uri'].length > MAX_MESSAGE_STRING) return undefined;
  return {
    uri: p['uri'],
    pinned: p['pinned'] === true,
    targetId: isTargetChoice(p['targetId']) ? p['targetId'] : null,
    compareTargetId: isTargetChoice(p['compareTargetId']) ? p['compareTargetId'] : null,
  };
}

/**
 * The webview's (lighter) check of what the host sends: the host is trusted, but a message from an
 * older or newer extension version after a reload must not crash the page.
 */
export function isHostToWebviewMessage(x: unknown): x is HostToWebviewMessage {
  if (!isPlainObject(x)) return false;
  switch (x['type']) {
    case 'loading':
      return typeof x['fileName'] === 'string';
    case 'analysis': {
      const p = x['payload'];
      if (!isPlainObject(p) || typeof p['fileName'] !== 'string' || typeof p['targetId'] !== 'string') return false;
      return p['ok'] === true ? isPlainObject(p['report']) && typeof p['millis'] === 'number' : p['ok'] === false && typeof p['error'] === 'string';
    }
    case 'response':
      return typeof x['id'] === 'number' && typeof x['ok'] === 'boolean';
    case 'reportPart':
      return typeof x['seq'] === 'number' && typeof x['index'] === 'number' && typeof x['key'] === 'string'
        && (typeof x['json'] === 'string' || x['bytes'] instanceof Uint8Array);
    case 'panelState':
      return typeof x['uri'] === 'string' && typeof x['fileName'] === 'string' && typeof x['pinned'] === 'boolean'
        && Array.isArray(x['targets']) && typeof x['workspaceTargetId'] === 'string';
    case 'comparison': {
      const p = x['payload'];
      return p === null || (isPlainObject(p) && typeof p['fileName'] === 'string' && typeof p['targetId'] === 'string'
        && (p['ok'] === true ? isPlainObject(p['report']) : p['ok'] === false && typeof p['error'] === 'string'));
    }
    default:
      return false;
  }
}
