// DeployLens: Show Memory Timeline — live activation bytes per step against SRAM, the arena plan,
// per-layer working set and the suggested reordering of one model (page: webview/memory/). The
// panel behaviour (beside the editor, follow or pin, live updates, restore after reload, validated
// messages) is the shared model panel host's (modelPanel.ts); this file only names the panel and
// registers its command.

import type * as vscode from 'vscode';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { registerModelPanel } from './modelPanel';

export const MEMORY_TIMELINE_VIEW_TYPE = 'deploylens.memoryTimeline';
export const SHOW_MEMORY_TIMELINE_COMMAND = 'deploylens.showMemoryTimeline';

export const MEMORY_TIMELINE_PANEL: ModelPanelKind = {
  viewType: MEMORY_TIMELINE_VIEW_TYPE,
  title: 'Memory',
  script: 'memory',
  styles: ['memory.css', 'moduleTree.css'],
};

export function registerMemoryTimelinePanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  return registerModelPanel(context, MEMORY_TIMELINE_PANEL, services, SHOW_MEMORY_TIMELINE_COMMAND);
}
