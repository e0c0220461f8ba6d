// `npm run bench` (panels-paint): what the Delegate Partition Preview and the Memory Timeline cost in
// a real browser on the generated 1,000-node model, beyond the layout bench/panels measures: the time
// from posting the `analysis` message to the first frame painted with the content, the SVG element
// count, and how the page answers input afterwards (wheel zoom and drag pan on the partitions graph,
// mouse moves over the memory chart). Each panel runs its built bundle (dist/webview/) in headless
// chromium on a bare page: a fake acquireVsCodeApi, VS Code's dark theme variables, the panel's CSS.
// Without chromium or playwright-core (scripts/vscode/setup.sh installs it) it prints why and skips.
// Not a test and not in CI: numbers vary by machine.

import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareModel, reportFor } from '../src/core/analyze';
import { getBuiltinTarget, listBuiltinTargets } from '../src/core/targets/builtins';
import { readBytes } from '../test/support/onnxFixtures';
import { stackedBlocksModel } from '../test/support/stackedModel';
import type { AnalysisMessage, PanelStateMessage } from '../webview/shared/protocol';

const ROOT = path.resolve(__dirname, '..', '..');
const INSTALL = path.resolve(process.env['DEPLOYLENS_VSCODE_DIR'] ?? path.join(ROOT, '.vscode-test', 'code-server'));
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const OUT_JSON = path.join(ROOT, 'out', 'bench-panels-paint.json');
/** First paint is measured on fresh pages this many times (median reported); interaction on the last. */
const RUNS = 3;
/** A typical editor-area webview on a laptop screen. */
const VIEWPORT = { width: 1280, height: 800 };
const BLOCKS = 200;

// ---------------------------------------------------------------------------------------------
// the part of playwright-core used here: it lives in the harness install, not in node_modules, so
// it has no types in this project

interface PwMouse {
  move(x: number, y: number, options?: { steps?: number }): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  wheel(deltaX: number, deltaY: number): Promise<void>;
}
interface PwConsoleMessage {
  type(): string;
  text(): string;
}
interface PwPage {
  readonly mouse: PwMouse;
  goto(url: string): Promise<unknown>;
  /** Only string expressions here: the root tsconfig has no DOM types, the page code lives in PROBE. */
  evaluate<T>(expression: string): Promise<T>;
  screenshot(options: { path: string }): Promise<unknown>;
  on(event: 'pageerror', listener: (e: Error) => void): void;
  on(event: 'console', listener: (m: PwConsoleMessage) => void): void;
  close(): Promise<void>;
}
interface PwBrowser {
  newPage(options: { viewport: { width: number; height: number }; deviceScaleFactor: number }): Promise<PwPage>;
  version(): string;
  close(): Promise<void>;
}
interface PwChromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<PwBrowser>;
}

function loadChromium(): PwChromium | string {
  if (!fs.existsSync(CHROMIUM)) return `no chromium at ${CHROMIUM} (set CHROMIUM=…)`;
  const entry = path.join(INSTALL, 'node_modules', 'playwright-core');
  if (!fs.existsSync(entry)) return `no playwright-core in ${INSTALL} (run bash scripts/vscode/setup.sh)`;
  return (createRequire(__filename)(entry) as { chromium: PwChromium }).chromium;
}

// Same flags as scripts/vscode/harness.ts: no sandbox in containers, and nothing in the background
// (updates, sync, network) that could steal main-thread time from the measurement.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// ---------------------------------------------------------------------------------------------
// the page

/** VS Code's Dark Modern values for every variable media/partitions.css, media/memory.css and the vscode-elements use. */
const DARK_THEME: Record<string, string> = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace', 'editor-font-size': '14px',
  'foreground': '#cccccc', 'descriptionForeground': '#9d9d9d', 'editor-background': '#1f1f1f', 'sideBar-background': '#181818',
  'focusBorder': '#0078d4', 'widget-border': '#313131', 'widget-shadow': '#0000005c', 'panel-border': '#2b2b2b',
  'charts-foreground': '#cccccc', 'charts-lines': '#cccccc80', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff',
  'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-border': '#ffffff12', 'button-hoverBackground': '#026ec1',
  'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
  'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc',
  'input-background': '#313131', 'input-border': '#3c3c3c', 'input-foreground': '#cccccc',
  'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
  'inputValidation-infoBackground': '#063b49', 'inputValidation-warningBackground': '#352a05',
  'editor-findMatchBorder': '#515c6a', 'editor-findMatchHighlightBackground': '#ea5c0055',
  'editorError-foreground': '#f14c4c', 'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff',
  'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545', 'editorHoverWidget-foreground': '#cccccc',
  'editorWidget-background': '#202020', 'editorWidget-foreground': '#cccccc', 'editorLineNumber-foreground': '#6e7681',
  'progressBar-background': '#0078d4', 'terminal-ansiCyan': '#11a8cd', 'testing-iconPassed': '#73c991',
  'textCodeBlock-background': '#2b2b2b', 'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc',
};

/**
 * Runs in the page before the bundle. acquireVsCodeApi records what the panel posts and has no saved
 * state (a fresh panel). `__bench` posts the host messages the way VS Code delivers them (window
 * `message` events) and times them there, so the Node ↔ browser round trips never count.
 */
const PROBE = String.raw`(() => {
  const posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { posted.push(m); },
    getState: () => null,
    setState: (s) => s,
  });
  const longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let mutatedAt = 0;
  new MutationObserver(() => { mutatedAt = performance.now(); })
    .observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  // A setTimeout queued from requestAnimationFrame runs once that frame's rendering (style, layout,
  // paint) is done: the usual in-page stand-in for "painted".
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let messages = null;
  const events = [];
  let recording = false;
  const open = new WeakMap();
  const onStart = (e) => {
    if (!recording) return;
    const rec = { type: e.type, timeStamp: e.timeStamp, start: performance.now(), end: 0, frame: 0 };
    events.push(rec);
    open.set(e, rec);
    frame().then(() => { rec.frame = performance.now(); });
  };
  // The panels' listeners sit on their SVGs, between window's capture and bubble phases.
  const onEnd = (e) => {
    const rec = open.get(e);
    if (rec) rec.end = performance.now();
  };
  for (const type of ['wheel', 'pointermove', 'pointerdown', 'pointerup']) {
    window.addEventListener(type, onStart, { capture: true, passive: true });
    window.addEventListener(type, onEnd, { passive: true });
  }
  window.__bench = {
    posted,
    async preload() {
      messages = await (await fetch('messages.json')).json();
      return messages.length;
    },
    /** Posts everything but the analysis, lets it render, then times the analysis to its first painted frame with \`selector\`. */
    async firstPaint(selector) {
      const analysis = messages[messages.length - 1];
      for (const m of messages.slice(0, -1)) window.postMessage(m, '*');
      await frame();
      await frame();
      const t0 = performance.now();
      window.postMessage(analysis, '*');
      while (document.querySelectorAll(selector).length === 0) {
        await new Promise((r) => requestAnimationFrame(r));
        if (performance.now() - t0 > 60000) throw new Error('no ' + selector + ' after 60 s');
      }
      const content = performance.now();
      await frame();
      const paint = performance.now();
      // Settled: no DOM change for 500 ms (the partitions fit runs a frame later, the memory charts
      // redraw once the scrollbar narrows the page).
      while (performance.now() - Math.max(mutatedAt, paint) < 500) await sleep(100);
      const loadTasks = longtasks.filter((t) => t.start >= t0 - 1);
      return {
        contentMs: content - t0,
        firstPaintMs: paint - t0,
        settledMs: Math.max(mutatedAt, paint) - t0,
        longestLoadTaskMs: Math.max(0, ...loadTasks.map((t) => t.duration)),
        svgElements: document.querySelectorAll('svg, svg *').length,
        domElements: document.querySelectorAll('*').length,
      };
    },
    rect(selector) {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      return r ? { x: r.left, y: r.top, width: r.width, height: r.height } : null;
    },
    frame,
    startInteraction() {
      events.length = 0;
      recording = true;
      return performance.now();
    },
    async stopInteraction(since) {
      recording = false;
      await frame();
      await frame();
      const done = events.filter((e) => e.end > 0 && e.frame > 0);
      const tasks = longtasks.filter((t) => t.start >= since);
      return {
        events: done.length,
        maxHandlerMs: Math.max(0, ...done.map((e) => e.end - e.start)),
        // Input to the end of the next frame after it: what the user waits to see the zoom or tooltip.
        maxInputToFrameMs: Math.max(0, ...done.map((e) => e.frame - e.timeStamp)),
        byType: Object.fromEntries([...new Set(done.map((e) => e.type))].map((t) => {
          const of = done.filter((e) => e.type === t);
          const toFrame = of.map((e) => e.frame - e.timeStamp).sort((a, b) => a - b);
          return [t, { events: of.length, maxHandlerMs: Math.max(...of.map((e) => e.end - e.start)),
            medianInputToFrameMs: toFrame[Math.floor(toFrame.length / 2)], maxInputToFrameMs: toFrame[toFrame.length - 1] }];
        })),
        longTasks: tasks.length,
        longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      };
    },
    hasClass: (selector, cls) => document.querySelector(selector)?.classList.contains(cls) ?? false,
  };
})();`;

function pageHtml(script: string, styles: string[]): string {
  const vars = Object.entries(DARK_THEME).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  // VS Code puts the theme variables on <html> and the theme kind on <body>; the app div is the
  // same loading placeholder src/extension/webviews/webviewHtml.ts serves.
  return `<!DOCTYPE html>
<html lang="en" style='${vars}'>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="icon" href="data:,">
${styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
<title>${script}</title>
</head>
<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">
<div id="app"><div class="state state-loading" role="status"><p>Loading…</p></div></div>
<script src="probe.js"></script>
<script src="${script}.js"></script>
</body>
</html>`;
}

/** Serves `dir` on 127.0.0.1 (a real origin, as the webview has, rather than file://). */
function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  })));
}

// ---------------------------------------------------------------------------------------------
// the panels

interface PanelSpec {
  panel: 'partitions' | 'memory';
  targetId: string;
  styles: string[];
  /** Present once the panel has drawn the model (not the loading or error state). */
  contentSelector: string;
}

const PANELS: PanelSpec[] = [
  { panel: 'partitions', targetId: 'tflite-gpu', styles: ['partitions.css'], contentSelector: 'svg.graph g.box' },
  { panel: 'memory', targetId: 'tflm-cortex-m7', styles: ['memory.css'], contentSelector: '#app section svg' },
];

interface Load {
  contentMs: number;
  firstPaintMs: number;
  settledMs: number;
  longestLoadTaskMs: number;
  svgElements: number;
  domElements: number;
}
interface Interaction {
  events: number;
  byType: Record<string, { events: number; maxHandlerMs: number; medianInputToFrameMs: number; maxInputToFrameMs: number }>;
  maxHandlerMs: number;
  maxInputToFrameMs: number;
  longTasks: number;
  longestTaskMs: number;
}
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function rectOf(page: PwPage, selector: string): Promise<Rect> {
  const r = await page.evaluate<Rect | null>(`__bench.rect(${JSON.stringify(selector)})`);
  if (!r) throw new Error(`no ${selector} on the page`);
  return r;
}

/** 20 wheel zooms at the graph's center (out across the 'far' threshold that hides text, then back in) and a 20-move drag pan. */
async function interactPartitions(page: PwPage): Promise<{ interaction: Interaction; crossedFar: boolean }> {
  const r = await rectOf(page, 'svg.graph');
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  await page.mouse.move(cx, cy);
  await page.evaluate('__bench.frame()');
  const since = await page.evaluate<number>('__bench.startInteraction()');
  let crossedFar = false;
  for (let i = 0; i < 20; i++) {
    // One wheel notch (100 px) per event; waiting a frame in between keeps chromium from coalescing them.
    await page.mouse.wheel(0, i < 10 ? 100 : -100);
    await page.evaluate('__bench.frame()');
    if (i === 9) crossedFar = await page.evaluate<boolean>(`__bench.hasClass('svg.graph', 'far')`);
  }
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(cx - i * 15, cy - i * 8);
    await page.evaluate('__bench.frame()');
  }
  await page.mouse.up();
  return { interaction: await page.evaluate<Interaction>(`__bench.stopInteraction(${since})`), crossedFar };
}

/** 50 mouse moves left to right across the live-bytes chart: each one moves three cursors and rebuilds the tooltip. */
async function interactMemory(page: PwPage): Promise<{ interaction: Interaction; tooltip: boolean }> {
  const r = await rectOf(page, '#app section svg');
  const y = r.y + r.height / 2;
  await page.mouse.move(r.x + 2, y);
  await page.evaluate('__bench.frame()');
  const since = await page.evaluate<number>('__bench.startInteraction()');
  for (let i = 0; i < 50; i++) {
    await page.mouse.move(r.x + 60 + ((r.width - 120) * i) / 49, y);
    await page.evaluate('__bench.frame()');
  }
  const tooltip = await page.evaluate<boolean>(`!document.querySelector('.tooltip').hidden`);
  return { interaction: await page.evaluate<Interaction>(`__bench.stopInteraction(${since})`), tooltip };
}

async function main(): Promise<void> {
  const chromium = loadChromium();
  if (typeof chromium === 'string') {
    console.log(`panels paint: skipped, ${chromium}`);
    return;
  }
  for (const s of PANELS) {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'webview', `${s.panel}.js`))) {
      console.log(`panels paint: skipped, no dist/webview/${s.panel}.js (run node scripts/build.mjs --only webview)`);
      return;
    }
  }

  const prepared = prepareModel(readBytes(stackedBlocksModel(BLOCKS), '/bench/stacked-1000.onnx'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-paint-'));
  const targets = listBuiltinTargets().map((t) => ({ id: t.id, name: t.name, ...(t.delegate ? { delegate: t.delegate } : {}) }));
  for (const s of PANELS) {
    const target = getBuiltinTarget(s.targetId);
    if (!target) throw new Error(`no built-in target ${s.targetId}`);
    const t0 = performance.now();
    const { report } = reportFor(prepared, [target]);
    const millis = Math.round(performance.now() - t0);
    const fileName = 'stacked-1000.onnx';
    const state: PanelStateMessage = { type: 'panelState', uri: `file:///bench/${fileName}`, fileName, pinned: false, targets,
      workspaceTargetId: s.targetId, targetId: null, compareTargetId: null };
    const analysis: AnalysisMessage = { type: 'analysis', payload: { ok: true, fileName, targetId: s.targetId, millis, report } };
    const sub = path.join(dir, s.panel);
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'messages.json'), JSON.stringify([state, analysis]));
    fs.writeFileSync(path.join(sub, 'probe.js'), PROBE);
    fs.writeFileSync(path.join(sub, 'index.html'), pageHtml(s.panel, s.styles));
    fs.copyFileSync(path.join(ROOT, 'dist', 'webview', `${s.panel}.js`), path.join(sub, `${s.panel}.js`));
    for (const css of s.styles) fs.copyFileSync(path.join(ROOT, 'media', css), path.join(sub, css));
  }
  const nodes = prepared.model.graphs[0]?.nodes.length ?? 0;

  const server = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const version = browser.version();
  const results: unknown[] = [];
  const rows: string[][] = [];
  let failed = false;
  try {
    for (const s of PANELS) {
      const loads: Load[] = [];
      let last: { interaction: Interaction; check: string; screenshot: string } | undefined;
      for (let run = 0; run < RUNS; run++) {
        const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        await page.goto(`${server.url}/${s.panel}/index.html`);
        await page.evaluate('__bench.preload()');
        loads.push(await page.evaluate<Load>(`__bench.firstPaint(${JSON.stringify(s.contentSelector)})`));
        if (run === RUNS - 1) {
          const screenshot = path.join(os.tmpdir(), `deploylens-paint-${s.panel}.png`);
          await page.screenshot({ path: screenshot });
          let interaction: Interaction;
          let check: string;
          if (s.panel === 'partitions') {
            const p = await interactPartitions(page);
            interaction = p.interaction;
            check = p.crossedFar ? 'zoomed past the text threshold' : 'zoom never hid the text (wheel not handled?)';
            if (!p.crossedFar) failed = true;
          } else {
            const p = await interactMemory(page);
            interaction = p.interaction;
            check = p.tooltip ? 'tooltip shown' : 'no tooltip (hover not handled?)';
            if (!p.tooltip) failed = true;
          }
          last = { interaction, check, screenshot };
        }
        // The panel forwards its script errors as `log` messages (shared/vscodeApi.ts).
        const logged = await page.evaluate<string[]>(`__bench.posted.filter((m) => m.type === 'log').map((m) => m.message)`);
        errors.push(...logged);
        if (errors.length) {
          failed = true;
          console.error(`${s.panel}: page errors:\n  ${errors.join('\n  ')}`);
        }
        await page.close();
      }
      const pick = (k: keyof Load) => median(loads.map((l) => l[k]));
      const it = last!.interaction;
      results.push({ panel: s.panel, target: s.targetId, firstPaintMs: pick('firstPaintMs'), contentMs: pick('contentMs'), settledMs: pick('settledMs'),
        longestLoadTaskMs: pick('longestLoadTaskMs'), svgElements: loads[0]!.svgElements, domElements: loads[0]!.domElements,
        runs: loads, interaction: it, check: last!.check, screenshot: last!.screenshot });
      rows.push([s.panel, s.targetId, pick('firstPaintMs').toFixed(0), pick('settledMs').toFixed(0), String(loads[0]!.svgElements),
        `${it.events} (${Object.entries(it.byType).map(([k, v]) => `${v.events} ${k}`).join(', ')})`,
        it.maxHandlerMs.toFixed(1), it.maxInputToFrameMs.toFixed(0), it.longTasks ? it.longestTaskMs.toFixed(0) : '<50 (none)', last!.check]);
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const head = ['panel', 'target', 'first paint ms', 'settled ms', 'SVG elements', 'input events', 'max handler ms', 'max input→frame ms', 'longest task ms', 'check'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`panels paint: ${nodes}-node model, chromium ${version}, ${VIEWPORT.width}×${VIEWPORT.height}, first paint median of ${RUNS} fresh pages, interaction on the last`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  fs.mkdirSync(path.dirname(OUT_JSON), { recursive: true });
  fs.writeFileSync(OUT_JSON, JSON.stringify({ date: new Date().toISOString(), chromium: version, viewport: VIEWPORT, nodes, runs: RUNS, panels: results }, null, 2));
  console.log(`panels paint: wrote ${path.relative(ROOT, OUT_JSON)}; screenshots in ${os.tmpdir()}/deploylens-paint-{partitions,memory}.png`);
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
