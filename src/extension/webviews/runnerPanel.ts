// What the panels that run models (Profile Layers, Quantization Preview) share on top of the model
// panel host: the workspace-trust gate (their commands explain why they are disabled and never start
// ONNX Runtime in an untrusted workspace), the runtime client they share across panels (started on
// first use, stopped with the extension), and their command (the model from the explorer, the active
// editor, an open panel, or a pick).

import * as vscode from 'vscode';
import { modelForCommand } from '../activeModel';
import type { ModelPanelKind, ModelPanelServices } from './modelPanel';
import { ModelPanels } from './modelPanel';
import type { PanelSession, PanelSessionContext } from './panelSession';

/** Why `what` is unavailable in an untrusted workspace (the page and the warning say the same). */
export function untrustedReason(what: string): string {
  return `${what} runs the model in ONNX Runtime, which needs a trusted workspace. Trust this folder to use it (static analysis keeps working).`;
}

/** True in a trusted workspace; otherwise explains why and offers Manage Workspace Trust. */
export function trustGate(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`DeployLens: ${untrustedReason(what)}`, 'Manage Workspace Trust')
    .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return false;
}

export interface RunnerPanelOptions<C extends vscode.Disposable> {
  kind: Omit<ModelPanelKind, 'session'>;
  command: string;
  /** Names the feature in the trust warning ("Profiling"). */
  what: string;
  /** Shown when the chosen model is one `kind.accepts` refuses. */
  refused?: string;
  /** Starts the runtime client (an ORT child process, a worker thread); called on first use only. */
  client(): C;
  session(context: PanelSessionContext, client: () => C): PanelSession;
}

export function registerRunnerPanel<C extends vscode.Disposable>(context: vscode.ExtensionContext, services: ModelPanelServices, options: RunnerPanelOptions<C>): vscode.Disposable[] {
  let client: C | null = null;
  const lazyClient = (): C => (client ??= options.client());
  const panels = ModelPanels.register(context, { ...options.kind, session: (ctx) => options.session(ctx, lazyClient) }, services);
  return [
    { dispose: () => { client?.dispose(); client = null; } },
    vscode.workspace.onDidGrantWorkspaceTrust(() => panels.notify('trust')),
    vscode.commands.registerCommand(options.command, async (arg?: unknown) => {
      if (!trustGate(options.what)) return;
      const uri = await modelForCommand(arg, () => panels.all()[0]?.uri);
      if (!uri) return;
      if (!panels.accepts(uri)) {
        void vscode.window.showWarningMessage(`DeployLens: ${options.refused ?? `${options.kind.title} cannot show this model.`}`);
        return;
      }
      panels.show(uri);
    }),
  ];
}
