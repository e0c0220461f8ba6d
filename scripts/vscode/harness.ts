// Drives a real VS Code 1.100.3 workbench: code-server (VS Code server + web client, installed by
// scripts/vscode/setup.sh) on 127.0.0.1, opened in Debian's chromium through playwright-core.
// Shared by run-integration.ts (extension tests in the real extension host), run-ui.ts
// (screenshots) and run-bench-host.ts. Adapted from the team's verified reference harness
// (shared/vscode-harness). Bundled by scripts/build.mjs (group `runners`) into out/scripts/vscode/.
import * as fs from 'node:fs';
import { setTimeout } from 'node:timers';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import * as util from 'node:util';
import type { Browser, BrowserContext, Chromium, ConsoleMessage, Page, PageGlobals } from './playwright';

/** The repo root: the nearest folder above this file (scripts/vscode/ or its bundle in out/) that holds package.json. */
function findRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

export const ROOT = findRoot();
export const INSTALL = path.resolve(process.env.DEPLOYLENS_VSCODE_DIR || path.join(ROOT, '.vscode-test', 'code-server'));

/** playwright-core lives in the harness install, not in the project's node_modules (it never ships). */
export function loadChromium(): Chromium {
  const entry = path.join(INSTALL, 'node_modules', 'playwright-core');
  if (!fs.existsSync(entry)) throw new Error(`no VS Code harness in ${INSTALL}: run bash scripts/vscode/setup.sh`);
  return (createRequire(__filename)(entry) as { chromium: Chromium }).chromium;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** User settings for a quiet, reproducible workbench (no tips, update checks, telemetry, trust prompt). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': true,
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => { r.resume(); resolve((r.statusCode ?? 500) < 500); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

export interface ServerOptions {
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  logFile?: string;
  workDir?: string;
  /** Folders linked into the fresh extensions dir as publisher.name-version. */
  extensionsToInstall?: string[];
  /** Keep workspace trust on (default off): the workspace then opens restricted (run-integration --restricted). */
  workspaceTrust?: boolean;
}

export interface Server {
  url: string;
  port: number;
  authority: string;
  proc: ChildProcess;
  workDir: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
  listenMs: number;
}

/** Starts code-server on a free port with a fresh user-data and extensions dir under a temp workDir. */
export async function startServer(opts: ServerOptions = {}): Promise<Server> {
  const entry = path.join(INSTALL, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) throw new Error(`no code-server in ${INSTALL}: run bash scripts/vscode/setup.sh`);
  const port = await freePort();
  const ownWorkDir = !opts.workDir;
  const workDir = opts.workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-vscode-'));
  const userDataDir = path.join(workDir, 'user-data');
  const extensionsDir = path.join(workDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(workDir, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...(opts.settings || {}) }, null, 2));
  // extensionsToInstall: folders linked into the fresh extensions dir as publisher.name-version,
  // i.e. "installed" (no "[Extension Development Host]" in the title bar, as users see it)
  for (const ext of opts.extensionsToInstall || []) {
    const pj = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    fs.symlinkSync(path.resolve(ext), path.join(extensionsDir, `${pj.publisher}.${pj.name}-${pj.version}`));
  }
  const config = path.join(workDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = opts.logFile || path.join(workDir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [entry, '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const t0 = Date.now();
  // detached: its own process group, so stop() ends code-server, its server child and the
  // extension hosts together (and nothing else). The extension host inherits this env.
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', out, out], detached: true,
    env: { ...process.env, ...(opts.env || {}), TMPDIR: path.join(workDir, 'tmp'),
      XDG_CONFIG_HOME: path.join(workDir, 'xdg-config'), XDG_DATA_HOME: path.join(workDir, 'xdg-data') },
  });
  fs.closeSync(out);
  let exited = false;
  proc.on('exit', () => { exited = true; });
  const stop = async () => {
    if (!exited) {
      try { process.kill(-proc.pid!, 'SIGTERM'); } catch { /* already gone */ }
      for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
      if (!exited) { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* already gone */ } }
    }
    if (ownWorkDir && !process.env.DEPLOYLENS_KEEP_TMP) fs.rmSync(workDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  while (!(await httpOk(url + '/healthz'))) {
    if (exited) throw new Error(`code-server exited; ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    if (Date.now() - t0 > 60_000) { await stop(); throw new Error(`code-server did not listen within 60 s; log ${logFile}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, authority: `127.0.0.1:${port}`, proc, workDir, userDataDir, logFile, stop, listenMs: Date.now() - t0 };
}

const remoteUri = (server: Server, p: string): string => `vscode-remote://${server.authority}${path.resolve(p)}`;

export interface WorkbenchOptions {
  workspace?: string;
  extensionDevelopmentPath?: string[];
  extensionTestsPath?: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  onConsole?: (message: ConsoleMessage) => void;
}

export interface Workbench {
  browser: Browser;
  page: Page;
  /** The page's browser context (CDP sessions for profiling the workbench renderer). */
  context: BrowserContext;
  readyMs: number;
  /** With extensionTestsPath: resolves when the workbench calls codeAutomationExit(code). */
  exitPromise: Promise<{ code: number; logs?: unknown }>;
  consoleLines: string[];
}

/**
 * Opens the workbench in headless chromium. With extensionTestsPath the workbench runs the tests and
 * calls window.codeAutomationExit(code): `exitPromise` resolves with { code }.
 */
export async function openWorkbench(server: Server, opts: WorkbenchOptions = {}): Promise<Workbench> {
  const t0 = Date.now();
  const chromium = loadChromium();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: opts.viewport || { width: 1400, height: 900 }, deviceScaleFactor: opts.deviceScaleFactor || 1 });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    consoleLines.push(`[${m.type()}] ${m.text()}`);
    if (opts.onConsole) opts.onConsole(m);
  });
  page.on('pageerror', (e) => consoleLines.push('[pageerror] ' + e.message));
  let exitResolve: (r: { code: number; logs?: unknown }) => void = () => undefined;
  const exitPromise = new Promise<{ code: number; logs?: unknown }>((r) => { exitResolve = r; });
  // the hooks the workbench calls in extension-test mode (the contract @vscode/test-web uses)
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    consoleLines.push(`[automation:${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number, logs: unknown) => exitResolve({ code, logs }));
  const payload: [string, string][] = [];
  for (const d of opts.extensionDevelopmentPath ?? []) payload.push(['extensionDevelopmentPath', remoteUri(server, d)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, opts.extensionTestsPath)]);
  let url = `${server.url}/?`;
  if (opts.workspace) url += `folder=${encodeURIComponent(path.resolve(opts.workspace))}&`;
  if (payload.length) url += `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  if (!opts.extensionTestsPath) await waitForWorkbench(page, opts.workspace);
  return { browser, page, context, readyMs: Date.now() - t0, exitPromise, consoleLines };
}

/** Ready = workbench DOM, the explorer lists the folder, and the remote extension host is up. */
export async function waitForWorkbench(page: Page, workspace: string | undefined, timeout = 90_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout });
  if (workspace) await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
  // runs in the page (serialized by playwright): only the page's own globals are there
  await page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('.monaco-workbench .part.statusbar .codicon-loading'), null, { timeout });
}

/** F1, type the command's palette title, Enter; retried while extensions are still registering.
 *  `pick`: text of the entry to choose in the quick pick the command opens next. */
export async function runCommand(page: Page, title: string, { timeout = 60_000, pick }: { timeout?: number; pick?: string } = {}): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('>' + title);
    try {
      await row.waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`command "${title}" not found in the command palette`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
  const focused = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first().innerText().catch(() => '');
  if (focused.includes(title)) await page.keyboard.press('Enter');
  else await row.click();
  if (pick) {
    // the command asks for a model (or a target) with its own quick pick in the same widget
    const choice = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: pick }).first();
    await choice.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(pick);
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
  }
  await input.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => {});
}

export function parseArgs(argv: string[]): Record<string, string | true> {
  const a: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i]!.startsWith('--')) continue;
    const k = argv[i]!.slice(2);
    if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) a[k] = argv[++i]!;
    else a[k] = true;
  }
  return a;
}

/**
 * One line of extension-host console output as a terminal would show it. In test mode the
 * workbench routes host output through its log service, which calls
 * console.log('%c INFO', 'color: …', format, ...args): re-apply the printf formatting.
 */
export async function hostConsoleLine(message: ConsoleMessage): Promise<string> {
  try {
    const vals = await Promise.all(message.args().map((x) => x.jsonValue()));
    return /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)/.test(String(vals[0])) ? util.format(...vals.slice(2)) : util.format(...vals);
  } catch {
    return message.text();
  }
}

/**
 * The common start of a runner: check that what it needs was built (exit code 4 otherwise), and
 * make a fresh log folder under out/ and a temp folder holding the workspace.
 */
export interface RunOptions { name: string; required: string[]; hint: string; logDirName: string; tmpPrefix: string }
export interface Run { logDir: string; tmp: string; workspace: string; resultsFile: string }

export function prepareRun({ name, required, hint, logDirName, tmpPrefix }: RunOptions): Run | null {
  for (const f of required) {
    if (!fs.existsSync(path.join(ROOT, f))) {
      console.error(`${name}: ${f} is missing; ${hint}`);
      return null;
    }
  }
  const logDir = path.join(ROOT, 'out', logDirName);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  return { logDir, tmp, workspace: path.join(tmp, 'workspace'), resultsFile: path.join(logDir, 'results.json') };
}

