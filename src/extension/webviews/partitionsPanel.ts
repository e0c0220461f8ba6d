// Delegate Partition Preview: the model graph colored by delegate partition (webview/partitions/),
// hosted by the shared model panel host (modelPanel.ts). This file only names the panel and adds
// its command, deploylens.showPartitions(uri?).

import type * as vscode from 'vscode';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { registerModelPanel } from './modelPanel';

export const PARTITIONS_PANEL: ModelPanelKind = {
  viewType: 'deploylens.partitions',
  title: 'Partitions',
  script: 'partitions',
  styles: ['partitions.css', 'moduleTree.css'],
  findingsAsPart: true,
};

export function registerPartitionsPanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  return registerModelPanel(context, PARTITIONS_PANEL, services, 'deploylens.showPartitions');
}
