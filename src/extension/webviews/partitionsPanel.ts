// Delegate Partition Preview: the model graph colored by delegate partition (webview/partitions/),
// hosted by the shared model panel host (modelPanel.ts). This file only names the panel and adds
// its command, deploylens.showPartitions(uri?).

import type * as vscode from 'vscode';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { registerModelPanel } from './modelPanel';
import { isPartitionsFinding, PARTITIONS_UNREAD_SECTIONS } from '../../../webview/shared/protocol';

export const PARTITIONS_PANEL: ModelPanelKind = {
  viewType: 'deploylens.partitions',
  title: 'Partitions',
  script: 'partitions',
  styles: ['partitions.css', 'moduleTree.css'],
  findingsAsPart: true,
  // The first screen (collapsed graph, strip, legend) is drawn from the partition graph, the order,
  // the partitions and the few findings that flag nodes (~1 MB for the 10k-node decoder); the node
  // table and tensors (the details pane) and the deployed graph (Deployed ops) follow.
  partitionGraph: true,
  findings: isPartitionsFinding,
  unread: PARTITIONS_UNREAD_SECTIONS,
};

export function registerPartitionsPanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  return registerModelPanel(context, PARTITIONS_PANEL, services, 'deploylens.showPartitions');
}
