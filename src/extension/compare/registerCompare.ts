// Wires model comparison (issue 17) into the extension: the Compare Models panel, its commands and
// the comparisons DeployLens offers (after Save INT8, after a fix that re-exports, a model that
// differs from git HEAD). Temporary model copies are removed when the extension stops.

import type * as vscode from 'vscode';
import type { ModelPanelServices } from '../webviews/modelPanel';
import { registerCompareModelsPanel } from '../webviews/compareModelsPanel';
import type { ExportService } from '../python/exportService';
import { pickBaseline, registerCompareCommands } from './compareCommands';
import { CompareOffers, setCompareOffers } from './compareOffers';
import { removeAllTempModels } from './tempModels';

export function registerCompare(context: vscode.ExtensionContext, services: ModelPanelServices & { exports: ExportService }): vscode.Disposable[] {
  const panels = registerCompareModelsPanel(context, services, pickBaseline);
  const offers = new CompareOffers(panels, context.workspaceState, services.log);
  setCompareOffers(offers);
  return [
    offers,
    ...registerCompareCommands(panels),
    services.exports.onDidExport(({ after, before }) => void offers.exported(after, before)),
    { dispose: removeAllTempModels },
  ];
}
