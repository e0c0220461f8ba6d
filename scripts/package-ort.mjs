// Copies onnxruntime-node for ONE platform into dist/ort/node_modules (the VSIX carries only that
// binary; the package holds all platforms, ~288 MB). dist/ortHost.js loads it from there.
// Usage: node scripts/package-ort.mjs [--target linux-x64|darwin-arm64|win32-x64|…]  → prints the vsce target.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const target = args.includes('--target') ? args[args.indexOf('--target') + 1] : `${process.platform}-${process.arch}`;
const [platform, arch] = target.split('-');
const src = path.join(root, 'node_modules', 'onnxruntime-node');
const common = path.join(root, 'node_modules', 'onnxruntime-common');
const out = path.join(root, 'dist', 'ort', 'node_modules');
fs.rmSync(path.join(root, 'dist', 'ort'), { recursive: true, force: true });

const napi = fs.readdirSync(path.join(src, 'bin')).filter((d) => d.startsWith('napi-v'));
const bins = napi.map((d) => path.join(src, 'bin', d, platform, arch)).filter((d) => fs.existsSync(d));
if (bins.length === 0) {
  console.error(`package-ort: onnxruntime-node has no binary for ${platform}/${arch}`);
  process.exit(1);
}
const dest = path.join(out, 'onnxruntime-node');
for (const f of ['package.json', 'LICENSE', 'README.md']) if (fs.existsSync(path.join(src, f))) { fs.mkdirSync(dest, { recursive: true }); fs.copyFileSync(path.join(src, f), path.join(dest, f)); }
fs.cpSync(path.join(src, 'dist'), path.join(dest, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') && !f.endsWith('.d.ts') });
for (const b of bins) fs.cpSync(b, path.join(dest, path.relative(src, b)), { recursive: true, filter: (f) => !/\.pdb$/.test(f) });
fs.cpSync(common, path.join(out, 'onnxruntime-common'), { recursive: true, filter: (f) => !f.endsWith('.map') && !f.includes(`${path.sep}lib${path.sep}`) && !f.endsWith('.d.ts') });
let bytes = 0;
for (const f of fs.readdirSync(path.join(root, 'dist', 'ort'), { recursive: true })) {
  const p = path.join(root, 'dist', 'ort', f);
  if (fs.statSync(p).isFile()) bytes += fs.statSync(p).size;
}
console.error(`package-ort: onnxruntime-node ${platform}/${arch} → dist/ort (${(bytes / 1e6).toFixed(1)} MB)`);
process.stdout.write(`${platform}-${arch}`);
