// A model panel's own part (modelPanel.ts hosts it): the panels that run models — Profile Layers,
// Quantization Preview — keep their own message vocabulary and work (an ORT profile, a QDQ build)
// in a session, while the host gives them what every model panel has (beside the editor, follow or
// pin, the target choice, restore after reload, the test hooks). The host validates the shared
// messages; a session validates its own (exact keys) and the host drops what neither accepts.

import type * as vscode from 'vscode';
import type { Report } from '../../core/report/report';
import type { TargetProfile } from '../../core/targets/profile';

export interface PanelSessionContext {
  /** The model the panel shows now (changes when it follows the active editor). */
  uri(): vscode.Uri;
  /** The target the panel judges on: its own choice, else the workspace's. */
  target(): TargetProfile;
  /** The model's analysis on that target (the panel's latest when it matches, else analyzed now). */
  report(): Promise<Report>;
  /** Post one of the session's own messages to the page (recorded for the tests like the host's). */
  post(message: { type: string }): void;
  readonly log: { info(m: string): void; warn(m: string): void; error(m: string): void };
}

/**
 * What changed: 'ready' the page (re)loaded, resend everything; 'model' the panel shows another
 * model, stop and forget the old one's work; 'target' the panel's target may differ; 'trust' the
 * workspace was trusted.
 */
export type PanelChange = 'ready' | 'model' | 'target' | 'trust';

export interface PanelSession {
  /** Validates and handles one of the page's own messages; null when it is none of them (the host drops it). */
  receive(message: unknown): Promise<void> | null;
  update(change: PanelChange): void;
  dispose(): void;
}

export type PanelSessionFactory = (context: PanelSessionContext) => PanelSession;
