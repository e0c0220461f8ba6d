// Delegate Partition Preview: the model graph colored by delegate partition (webview/partitions/),
// hosted by the shared model panel host (modelPanel.ts). This file only names the panel and adds
// its command, deploylens.showPartitions(uri?).

import * as vscode from 'vscode';
import { modelForCommand } from '../activeModel';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { ModelPanels } from './modelPanel';

export const PARTITIONS_PANEL: ModelPanelKind = {
  viewType: 'deploylens.partitions',
  title: 'Partitions',
  script: 'partitions',
  styles: ['partitions.css'],
};

export function registerPartitionsPanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  const panels = ModelPanels.register(context, PARTITIONS_PANEL, services);
  return [
    vscode.commands.registerCommand('deploylens.showPartitions', async (arg?: unknown) => {
      const uri = await modelForCommand(arg);
      if (uri) panels.show(uri);
    }),
  ];
}
