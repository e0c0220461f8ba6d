// The HTML shell every DeployLens webview loads: a strict Content Security Policy with a fresh
// nonce per load, the panel's bundled script (dist/webview/NAME.js) and its stylesheet(s) from
// media/. Nothing else can load: no remote origins, no inline script, no eval.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folders a webview may load from; use as `localResourceRoots`. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** Options for a DeployLens webview: scripts on, resources limited to the bundles and media. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewResourceRoots(extensionUri) };
}

export interface WebviewPage {
  /** Bundle name: dist/webview/<script>.js (one esbuild entry per panel, scripts/build.mjs). */
  script: string;
  /** Stylesheets under media/, in order. */
  styles: string[];
  title: string;
}

/** A nonce must be unguessable for each load: 128 random bits, base64 (CSP allows its alphabet). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${page.script}.js`));
  const styles = page.styles.map((s) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', s)));
  // The static "Analyzing…" text shows until the script takes over, so a slow load is never a blank page.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((u) => `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(u.toString())}">`).join('\n')}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<div id="app"><div class="state state-loading" role="status"><p>Loading…</p></div></div>
<script nonce="${nonce}" src="${escapeHtml(script.toString())}"></script>
</body>
</html>`;
}
