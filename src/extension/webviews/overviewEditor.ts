// The model overview: the read-only custom editor that opens for .onnx and .tflite files
// (package.json `customEditors`, viewType deploylens.modelOverview). The webview (webview/overview/)
// renders; the shared model panel host (modelPanel.ts, as an editor) feeds it analysis results and
// runs the commands it asks for, after validating every message (webview/shared/protocol.ts).

import type * as vscode from 'vscode';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { ModelPanels } from './modelPanel';
import { OVERVIEW_UNREAD_SECTIONS } from '../../../webview/shared/protocol';

export const OVERVIEW_VIEW_TYPE = 'deploylens.modelOverview';

export const OVERVIEW_EDITOR: ModelPanelKind & { editor: true } = {
  viewType: OVERVIEW_VIEW_TYPE,
  title: 'DeployLens',
  script: 'overview',
  styles: ['overview.css', 'overview-oracles.css', 'overview-tflm.css', 'moduleTree.css'],
  editor: true,
  // The head paints the verdict and numbers at once; the findings (4.7 MB of JSON for the 10k-node
  // decoder, which in the head held the window before the page could paint) come as the first parts.
  findingsAsPart: true,
  // The overview shows the nodes, tensors, findings and the deployed op each node became.
  unread: OVERVIEW_UNREAD_SECTIONS,
};

export function registerOverviewEditor(context: vscode.ExtensionContext, services: ModelPanelServices): void {
  // Not retained when hidden: a hidden overview costs no renderer memory; the page restores
  // sort, filter and scroll from its saved state and asks for the result again ('ready').
  ModelPanels.registerEditor(context, OVERVIEW_EDITOR, services, { retainContextWhenHidden: false });
}
