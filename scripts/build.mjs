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

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [protoAsJson],
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
const WEBVIEWS = ['overview', 'partitions', 'memory', 'quantize', 'profile'];

const groups = {
  extension: () => esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  worker: () => esbuild.build({ ...common, entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js' }),
  // The ONNX Runtime child process (src/runtime/ortClient.ts forks it); onnxruntime-node is native
  // and stays external (node_modules in dev, dist/ort/ in the VSIX: scripts/package-ort.mjs).
  ortHost: () => esbuild.build({ ...common, entryPoints: ['src/ortHost/main.ts'], outfile: 'dist/ortHost.js', external: ['onnxruntime-node'] }),
  quantizeWorker: () => esbuild.build({ ...common, entryPoints: ['src/quantize/quantizeWorker.ts'], outfile: 'dist/quantizeWorker.js' }),
  cli: () => esbuild.build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  webview: () => esbuild.build({
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
  tests: () => esbuild.build({ ...common, sourcemap: 'inline', entryPoints: listFiles(path.join(root, 'test'), '.test.ts').filter((f) => !f.startsWith(integrationDir)), outdir: 'out/test', outbase: 'test' }),
  // The in-host suite (extensionTestsPath = out/integration/index.js), its test files and the
  // workspace generator. vscode comes from the host; mocha stays external so that index.js and the
  // test files share one Mocha instance (its tdd globals) from node_modules.
  integration: () => esbuild.build({ ...common, sourcemap: 'inline', external: ['vscode', 'mocha'], outdir: 'out/integration', outbase: integrationDir,
    entryPoints: [path.join(integrationDir, 'index.ts'), path.join(integrationDir, 'makeWorkspace.ts'), ...listFiles(path.join(integrationDir, 'suite'), '.test.ts')] }),
  bench: () => esbuild.build({ ...common, entryPoints: listFiles(path.join(root, 'bench'), '.ts'), outdir: 'out/bench', outbase: 'bench' }),
  // The in-host responsiveness benchmark (npm run bench:host): its own extensionTestsPath, beside
  // index.js but outside suite/, so the integration suite never runs it.
  'bench-host': () => esbuild.build({ ...common, sourcemap: 'inline', external: ['vscode'],
    entryPoints: [path.join(integrationDir, 'bench', 'hostResponsiveness.ts')], outfile: 'out/integration/bench.js' }),
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
const selected = only ? [only] : ['extension', 'worker', 'ortHost', 'quantizeWorker', 'cli', 'webview', 'tflm'];
for (const name of selected) {
  if (!groups[name]) {
    console.error(`unknown build group '${name}' (have: ${Object.keys(groups).join(', ')})`);
    process.exit(2);
  }
  await groups[name]();
}
if (selected.includes('cli')) fs.chmodSync('dist/cli.js', 0o755);
