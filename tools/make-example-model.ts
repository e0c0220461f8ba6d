// Regenerates examples/kws_dscnn.onnx (`npm run example`). A test checks the committed file is
// exactly what this produces.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_MODEL_FILE, packageRoot } from '../src/cli/exampleModel';
import { buildKwsDscnn } from '../src/core/examples/kwsDscnn';

const out = path.join(packageRoot(__dirname), 'examples', EXAMPLE_MODEL_FILE);
fs.mkdirSync(path.dirname(out), { recursive: true });
const bytes = buildKwsDscnn();
fs.writeFileSync(out, bytes);
console.log(`wrote ${path.relative(process.cwd(), out)} (${bytes.byteLength} bytes)`);
