// Whether an export may run now: never in an untrusted workspace (running the user's Python is
// code execution), only after the user allowed it once for the workspace (remembered in workspace
// state), and on save only when `deploylens.export.onSave` is on. A save never asks twice in one
// session after the question was dismissed; the command always may ask. No vscode import: tested as is.

export type Consent = 'allowed' | 'denied' | undefined;
export type ExportTrigger = 'save' | 'command';
export type GateDecision = 'run' | 'ask' | 'untrusted' | 'declined' | 'off';

export interface GateInput {
  trusted: boolean;
  consent: Consent;
  trigger: ExportTrigger;
  onSave: boolean;
  /** The question was shown (and dismissed) earlier in this session. */
  askedThisSession: boolean;
}

export function exportGate(o: GateInput): GateDecision {
  if (!o.trusted) return 'untrusted';
  if (o.trigger === 'save' && !o.onSave) return 'off';
  if (o.consent === 'allowed') return 'run';
  if (o.trigger === 'command') return 'ask';
  if (o.consent === 'denied' || o.askedThisSession) return 'declined';
  return 'ask';
}

/** The first-run question: what runs, what does not, where the model goes. */
export function consentMessage(python: string, script: string): { message: string; detail: string } {
  return {
    message: `Allow DeployLens to export the model ${script} builds, with ${python}?`,
    detail: [
      `DeployLens runs ${python} to import ${script} as a module and export the model it builds, on every save, so each layer's line shows the exact figures of the exported model on your target.`,
      'The script\'s top-level code runs (imports, definitions and anything else written at the top level). Its `if __name__ == "__main__":` block — where training usually runs — does not.',
      'The exported model goes to DeployLens\'s cache, never next to your files. The export is stopped after deploylens.export.timeoutSeconds.',
      'You are asked once per workspace; "DeployLens: Export and Analyze" runs it on demand.',
    ].join('\n\n'),
  };
}
