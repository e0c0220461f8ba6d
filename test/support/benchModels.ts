// The torchvision exports `npm run bench` makes (out/bench-models, or DEPLOYLENS_BENCH_MODELS):
// tests that use them skip with a message when they are not there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './sharedModels';

export function benchModel(name: string): string | null {
  const dir = process.env.DEPLOYLENS_BENCH_MODELS ?? path.join(repoRoot(), 'out', 'bench-models');
  const file = path.join(dir, name);
  return fs.existsSync(file) ? file : null;
}
