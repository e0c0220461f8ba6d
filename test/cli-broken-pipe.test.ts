// `deploylens analyze model.onnx | head` is how people skim a long report: when the reader stops
// early and closes the pipe, the CLI must stop quietly with SIGPIPE's exit status (128 + 13), as a
// shell expects of a writer whose reader went away — not report an "internal error" (exit 3), which
// tells the user DeployLens has a bug and `set -o pipefail` turns into a failed CI step for the wrong reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from './support/sharedModels';
import { stackedBlocksModel } from './support/stackedModel';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-pipe-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));
const cli = path.join(repoRoot(), 'dist', 'cli.js');

/** Runs `deploylens ARGS | head -c 100` under pipefail: the CLI's exit status and its stderr. */
function throughHead(args: string[]): { status: number; stderr: string; bytes: number } {
  const errFile = path.join(work, 'stderr.txt');
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `"${process.execPath}" "${cli}" ${quoted} 2>"${errFile}" | head -c 100 | wc -c; echo "status \${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  const status = /status (\d+)/.exec(r.stdout);
  assert.ok(status, `no status from the pipeline: ${r.stdout} ${r.stderr}`);
  return { status: Number(status[1]), stderr: fs.readFileSync(errFile, 'utf8'), bytes: Number(r.stdout.trim().split(/\s+/)[0]) };
}

test('a reader that closes the pipe early stops the CLI quietly with exit 141, not an internal error', { skip: fs.existsSync(cli) ? false : 'dist/cli.js is not built (npm run build)' }, () => {
  // 2,000 blocks: a JSON report of several MB, far more than a pipe holds, so the CLI is still writing when head exits.
  const model = path.join(work, 'stacked.onnx');
  fs.writeFileSync(model, stackedBlocksModel(2000));
  const r = throughHead(['analyze', model, '--format', 'json']);
  assert.equal(r.bytes, 100, 'head read its 100 bytes');
  assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
  assert.equal(r.stderr, '', 'nothing on stderr');
  assert.equal(r.status, 141, `exit status ${r.status}: ${r.stderr}`);
});

test('a reader that reads everything sees the normal exit status (the pipe handling changes nothing else)', { skip: fs.existsSync(cli) ? false : 'dist/cli.js is not built (npm run build)' }, () => {
  const r = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\d+\.\d+\.\d+/);
});
