// Typed access to the webview API VS Code injects. acquireVsCodeApi may be called only once per
// page load, so every panel goes through this module.

import type { WebviewToHostMessage } from './protocol';

interface VsCodeApi<S> {
  /** The model-panel protocol, or a panel's own message (`{ type: string }`, checked by its host session). */
  postMessage(message: WebviewToHostMessage | { type: string }): void;
  getState(): unknown;
  setState(state: S): S;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}

/** Forwards uncaught errors to the host log: a webview's console is otherwise only visible in its dev tools. */
export function reportErrorsToHost(): void {
  const send = (message: string) => vscodeApi().postMessage({ type: 'log', level: 'error', message: message.slice(0, 2000) });
  window.addEventListener('error', (e) => send(`${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', (e) => send(String(e.reason)));
}

/**
 * Tells the host (its log, and the benchmarks through it) how long a result took from arriving to
 * being on screen: after the next frame, once layout and paint of what was built have happened.
 */
/** Like reportPainted, for a later stage of the same page (the overview's layers after its first screen); logged as `shown …`. */
export function reportShown(what: string, arrived: number): void {
  requestAnimationFrame(() => setTimeout(() => {
    vscodeApi().postMessage({ type: 'log', level: 'info', message: `shown ${what} in ${Math.round(performance.now() - arrived)} ms` });
  }, 0));
}

export function reportPainted(what: string, arrived: number, partBytes?: number): void {
  const parts = partBytes === undefined ? '' : ` (${Math.round(partBytes / 1000)} kB of report parts in)`;
  requestAnimationFrame(() => setTimeout(() => {
    vscodeApi().postMessage({ type: 'log', level: 'info', message: `painted ${what} in ${Math.round(performance.now() - arrived)} ms${parts}` });
  }, 0));
}
