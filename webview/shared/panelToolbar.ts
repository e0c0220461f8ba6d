// The target choice and pin button of a model panel page (the host keeps both; the page only asks).
// panelToolbar() for the pages that have no toolbar of their own (Profile Layers, Quantization
// Preview); targetControls() for a page that puts them in its own (Memory Timeline).
// Styles: .toolbar, .target-select, .pin in the panel's stylesheet.

import { h } from './dom';
import type { PanelStateMessage } from './protocol';

export interface ToolbarActions {
  setTarget(target: string | null): void;
  pin(pinned: boolean): void;
}

export interface TargetControlOptions {
  /** The select's accessible name (and tooltip, with `title`). */
  label?: string;
  title?: boolean;
  /** The first option, which follows the workspace's target. */
  workspaceOption?: (workspaceTargetName: string) => string;
}

export function panelToolbar(s: PanelStateMessage, actions: ToolbarActions, label = 'Target'): HTMLElement {
  return h('div', { class: 'toolbar' }, ...targetControls(s, actions, { label, title: true }));
}

/** The target select and the pin button. */
export function targetControls(s: PanelStateMessage, actions: ToolbarActions, options: TargetControlOptions = {}): [HTMLSelectElement, HTMLElement] {
  const label = options.label ?? 'Target';
  const select = h('select', { class: 'target-select', 'aria-label': label, ...(options.title ? { title: label } : {}) }) as HTMLSelectElement;
  const workspaceName = s.targets.find((t) => t.id === s.workspaceTargetId)?.name ?? s.workspaceTargetId;
  select.append(h('option', { value: '' }, (options.workspaceOption ?? ((name) => `Workspace: ${name}`))(workspaceName)));
  for (const t of s.targets) select.append(h('option', { value: t.id }, t.name));
  select.value = s.targetId ?? '';
  select.addEventListener('change', () => actions.setTarget(select.value === '' ? null : select.value));
  const pin = h('button', { class: `pin${s.pinned ? ' pinned' : ''}`, 'aria-pressed': s.pinned ? 'true' : 'false',
    title: s.pinned ? 'Pinned to this model: click to follow the active editor' : 'Following the active editor: click to keep this model' },
  s.pinned ? '📌 Pinned' : 'Pin');
  pin.addEventListener('click', () => actions.pin(!s.pinned));
  return [select, pin];
}

/** The name of the target a panel judges on (its own choice, else the workspace's). */
export function panelTargetName(s: PanelStateMessage | undefined): string {
  if (!s) return '';
  const id = s.targetId ?? s.workspaceTargetId;
  return s.targets.find((t) => t.id === id)?.name ?? id;
}
