// DeployLens: Show Memory Timeline — live activation bytes per step against SRAM, the arena plan,
// per-layer working set and the suggested reordering of one model (page: webview/memory/). The
// panel behaviour (beside the editor, follow or pin, live updates, restore after reload, validated
// messages) is the shared model panel host's (modelPanel.ts); this file only names the panel and
// registers its command.

import * as vscode from 'vscode';
import { modelForCommand } from '../activeModel';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { ModelPanels } from './modelPanel';

export const MEMORY_TIMELINE_VIEW_TYPE = 'deploylens.memoryTimeline';
export const SHOW_MEMORY_TIMELINE_COMMAND = 'deploylens.showMemoryTimeline';

export const MEMORY_TIMELINE_PANEL: ModelPanelKind = {
  viewType: MEMORY_TIMELINE_VIEW_TYPE,
  title: 'Memory',
  script: 'memory',
  styles: ['memory.css'],
};

export function registerMemoryTimelinePanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  const panels = ModelPanels.register(context, MEMORY_TIMELINE_PANEL, services);
  return [
    vscode.commands.registerCommand(SHOW_MEMORY_TIMELINE_COMMAND, async (arg?: unknown) => {
      // The explorer / an editor title passes the model; from the palette: the active model, else
      // the model an open memory panel shows (the panel itself is the active tab then), else ask.
      const uri = await modelForCommand(arg, () => panels.all()[0]?.uri);
      if (uri) panels.show(uri);
    }),
  ];
}
