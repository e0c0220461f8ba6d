// One build for everything esbuild bundles: the extension, the worker, the CLI, the webviews, the
// tests, the benchmark and the tools. `--only NAME` builds one group; `--production` minifies the shipped bundles.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import protobuf from 'protobufjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const production = args.includes('--production');
const root = path.resolve(import.meta.dirname, '..');

/** `import schema from '…/onnx.proto'` yields the parsed protobuf descriptor as JSON: no .proto parsing at run time. */
const protoAsJson = {
  name: 'proto-as-json',
  setup(build) {
    build.onLoad({ filter: /\.proto$/ }, (a) => {
      const parsed = protobuf.parse(fs.readFileSync(a.path, 'utf8'), { keepCase: true });
      return { contents: JSON.stringify(parsed.root.toJSON()), loader: 'json' };
    });
  },
};

/**
 * The built-in target profiles (src/core/targets/builtin/*.json) and ONNX's type constraints
 * (src/core/shapes/onnxSchemas.json) as `JSON.parse` of a string: a string literal costs
 * next to nothing to compile, and builtins.ts loads each profile on first use.
 */
const profilesAsJsonText = {
  name: 'profiles-as-json-text',
  setup(build) {
    build.onLoad({ filter: /[\\/]targets[\\/]builtin[\\/][^\\/]+\.json$|[\\/]shapes[\\/]onnxSchemas\.json$/ }, (a) => {
      const text = JSON.stringify(JSON.parse(fs.readFileSync(a.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/**
 * Keeps code a bundle needs only for some requests out of its start-up: a `require('./x')` or
 * `import('./x')` of one of these modules (static imports are bundled as usual) becomes a require
 * of the sibling bundle `dist/<name>.js` at run time, built from that module as its own entry. The
 * CLI thus loads the Python parser only for a .py file, and ONNX Runtime's client and the quantizer
 * only for `profile` and `quantize`. Tests bundle the same modules inline (no plugin there).
 */
function lazySiblings(map) {
  const byPath = new Map(Object.entries(map).map(([source, out]) => [path.join(root, source), out]));
  return {
    name: 'lazy-siblings',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (a) => {
        if (a.kind !== 'require-call' && a.kind !== 'dynamic-import') return undefined;
        const out = byPath.get(path.resolve(a.resolveDir, a.path).replace(/\.ts$/, ''));
        return out ? { path: `./${out}`, external: true } : undefined;
      });
    },
  };
}

/**
 * V8 keeps a script's source while it runs (functions compile lazily from it), and one character
 * beyond Latin-1 makes the whole source a two-byte string: esbuild escapes strings and templates
 * but leaves comments and regular expression literals as written (a `≤` in a doc comment, a `→` in
 * a character class), and the CLI's ~1 MB bundle then takes 2 MB per copy — 2 MiB more peak RSS on
 * every run. A `\uXXXX` escape means the same character in a comment, a string, a regular
 * expression and an identifier (a tagged template's raw text would differ: there is none with such
 * characters), so the bundle is written ASCII; the source map is off by a few columns on those lines.
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) fs.writeFileSync(file, ascii);
}

/** Modules the CLI and the analysis worker load only when a request needs them (lazySiblings). */
const CLI_LAZY = { 'src/cli/scripts': 'cliScripts.js', 'src/cli/profileCommand': 'cliProfile.js', 'src/cli/quantizeCommand': 'cliQuantize.js', 'src/cli/exportCommand': 'cliExport.js', 'src/cli/diffCommand': 'cliDiff.js', 'src/cli/tflmAnswers': 'cliTflm.js' };
const WORKER_LAZY = { 'src/processes/analysis/scripts': 'workerScripts.js' };

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [protoAsJson, profilesAsJsonText],
};

function listFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f));
}

const integrationDir = path.join(root, 'test', 'integration');

// One browser bundle per webview panel (webview/<name>/main.ts → dist/webview/<name>.js), with
// @vscode-elements bundled in: the page loads one script and nothing from node_modules.
const WEBVIEWS = ['overview', 'partitions', 'memory', 'quantize', 'layerTiming', 'compareModels', 'compareTargets'];

const groups = {
  extension: () => esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // One bundle per process boundary (src/processes/<name>/main.ts; its client starts it).
  worker: () => Promise.all([
    esbuild.build({ ...common, plugins: [protoAsJson, profilesAsJsonText, lazySiblings(WORKER_LAZY)], entryPoints: ['src/processes/analysis/main.ts'], outfile: 'dist/worker.js' }),
    ...Object.entries(WORKER_LAZY).map(([source, out]) => esbuild.build({ ...common, entryPoints: [`${source}.ts`], outfile: `dist/${out}` })),
  ]),
  // The ONNX Runtime child process (src/processes/ort/client.ts forks it); onnxruntime-node is native
  // and stays external (node_modules in dev, dist/ort/ in the VSIX: scripts/package-ort.mjs).
  ortHost: () => esbuild.build({ ...common, entryPoints: ['src/processes/ort/main.ts'], outfile: 'dist/ortHost.js', external: ['onnxruntime-node'] }),
  quantizeWorker: () => esbuild.build({ ...common, entryPoints: ['src/processes/quantize/main.ts'], outfile: 'dist/quantizeWorker.js' }),
  // TensorFlow Lite Micro's worker thread (src/processes/tflm/client.ts starts it); it loads dist/tflm/*.wasm.
  tflmWorker: () => esbuild.build({ ...common, entryPoints: ['src/processes/tflm/main.ts'], outfile: 'dist/tflmWorker.js' }),
  // The export driver runs in the user's Python (src/processes/pythonExport/client.ts): shipped as it is.
  pythonExport: async () => { fs.mkdirSync('dist', { recursive: true }); fs.copyFileSync('src/processes/pythonExport/main.py', 'dist/pythonExport.py'); },
  cli: () => Promise.all([
    // dist/cli.js is a small loader that runs the CLI bundle (dist/cliMain.js) from V8's code cache (src/cli/loader.ts).
    esbuild.build({ ...common, plugins: [protoAsJson, profilesAsJsonText, lazySiblings(CLI_LAZY)], entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cliMain.js' }).then(() => asciiOnly('dist/cliMain.js')),
    esbuild.build({ ...common, entryPoints: ['src/cli/loader.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
    ...Object.entries(CLI_LAZY).map(([source, out]) => esbuild.build({ ...common, entryPoints: [`${source}.ts`], outfile: `dist/${out}` }).then(() => asciiOnly(`dist/${out}`))),
  ]),
  // dist/webview/ is rebuilt from scratch: a renamed panel must not leave its old bundle in the VSIX.
  webview: () => fs.rmSync(path.join(root, 'dist', 'webview'), { recursive: true, force: true }) ?? esbuild.build({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // VS Code 1.100's Electron (Chromium 134) runs ES2022 natively.
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    entryPoints: Object.fromEntries(WEBVIEWS.map((name) => [name, `webview/${name}/main.ts`])),
    outdir: 'dist/webview',
  }),
  // test/integration/ runs inside VS Code's extension host (the `integration` group), not under node --test.
  // typescript stays external: the import-graph test loads it from node_modules (a dev dependency).
  tests: () => esbuild.build({ ...common, sourcemap: 'inline', external: ['typescript'], entryPoints: [...listFiles(path.join(root, 'test'), '.test.ts').filter((f) => !f.startsWith(integrationDir)), path.join(root, 'test', 'support', 'rpcTestProcess.ts')], outdir: 'out/test', outbase: 'test' }),
  // The in-host suite (extensionTestsPath = out/integration/index.js), its test files and the
  // workspace generator. vscode comes from the host; mocha stays external so that index.js and the
  // test files share one Mocha instance (its tdd globals) from node_modules.
  // suite/ is rebuilt from scratch: a renamed or deleted test must not keep running from a stale bundle.
  integration: () => fs.rmSync(path.join(root, 'out', 'integration', 'suite'), { recursive: true, force: true }) ?? fs.rmSync(path.join(root, 'out', 'integration', 'restricted'), { recursive: true, force: true }) ?? esbuild.build({ ...common, sourcemap: 'inline', external: ['vscode', 'mocha'], outdir: 'out/integration', outbase: integrationDir,
    entryPoints: [path.join(integrationDir, 'index.ts'), path.join(integrationDir, 'makeWorkspace.ts'), ...listFiles(path.join(integrationDir, 'suite'), '.test.ts'), ...listFiles(path.join(integrationDir, 'restricted'), '.test.ts')] }),
  bench: () => esbuild.build({ ...common, entryPoints: listFiles(path.join(root, 'bench'), '.ts'), outdir: 'out/bench', outbase: 'bench' }),
  // The in-host responsiveness benchmark (npm run bench:host): its own extensionTestsPath, beside
  // index.js but outside suite/, so the integration suite never runs it.
  'bench-host': () => esbuild.build({ ...common, sourcemap: 'inline', external: ['vscode'],
    entryPoints: [path.join(integrationDir, 'bench', 'hostResponsiveness.ts')], outfile: 'out/integration/bench.js' }),
  // The VS Code runners (scripts/vscode/*.ts → out/scripts/vscode/*.js): test:integration,
  // screenshots and bench:host run them; playwright-core is loaded at run time from the harness install.
  runners: () => esbuild.build({ ...common, sourcemap: 'inline', entryPoints: ['run-integration', 'run-ui', 'run-bench-host', 'run-electron'].map((n) => `scripts/vscode/${n}.ts`), outdir: 'out/scripts/vscode' }),
  tools: () => esbuild.build({ ...common, entryPoints: listFiles(path.join(root, 'tools'), '.ts'), outdir: 'out/tools', outbase: 'tools' }),
  // TensorFlow Lite Micro in WebAssembly (native/tflm/wasm: committed, rebuilt by `make -C
  // native/tflm wasm`) beside the bundles, where src/processes/tflm loads it and the VSIX ships it.
  tflm: async () => {
    const from = path.join(root, 'native', 'tflm', 'wasm');
    fs.mkdirSync('dist/tflm', { recursive: true });
    for (const f of fs.readdirSync(from).filter((n) => /^tflm_\w+\.(js|wasm)$/.test(n))) fs.copyFileSync(path.join(from, f), path.join('dist/tflm', f));
  },
};

process.chdir(root);
const selected = only ? [only] : ['extension', 'worker', 'ortHost', 'quantizeWorker', 'tflmWorker', 'pythonExport', 'cli', 'webview', 'tflm'];
for (const name of selected) {
  if (!groups[name]) {
    console.error(`unknown build group '${name}' (have: ${Object.keys(groups).join(', ')})`);
    process.exit(2);
  }
  await groups[name]();
}
if (selected.includes('cli')) fs.copyFileSync('src/processes/pythonExport/main.py', 'dist/pythonExport.py');
if (selected.includes('cli')) fs.chmodSync('dist/cli.js', 0o755);
