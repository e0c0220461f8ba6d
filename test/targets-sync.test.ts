// The built-in profiles that come from pinned upstream sources are exactly what `npm run
// targets:sync` generates from third_party/upstream/ and tools/targets/overlay/: editing a
// generated profile by hand, or changing a pinned file without regenerating, fails here.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { generateBuiltinProfiles, profileText } from '../tools/targets/generate';
import { builtinProfileSources } from '../src/core/targets/builtins';
import { repoRoot } from './support/sharedModels';

const root = repoRoot();
const generated = generateBuiltinProfiles(root);

test('every generated built-in profile equals its committed file (run npm run targets:sync)', () => {
  assert.ok(generated.length >= 11);
  for (const { file, profile } of generated) {
    const committed = fs.readFileSync(path.join(root, 'src', 'core', 'targets', 'builtin', file), 'utf8');
    assert.equal(committed, profileText(profile), `src/core/targets/builtin/${file} differs from what targets:sync generates`);
  }
});

test('every op entry of a generated profile cites a pinned upstream file, and every built-in names its runtime version', () => {
  for (const { file, profile } of generated) {
    for (const [op, rule] of Object.entries(profile.operators as Record<string, { source?: string }>)) {
      assert.match(rule.source ?? '', /^[\w.-]+\/[\w.-]+@[0-9a-f]{10} \S+/, `${file} ${op}: source ${rule.source}`);
    }
  }
  for (const raw of builtinProfileSources()) {
    const p = raw as { id: string; runtimeVersion?: string; extends?: string };
    if (!p.extends) assert.ok(p.runtimeVersion, `${p.id} names the runtime version it models`);
  }
});

test('the pinned upstream files are listed with repo, commit and licence, and each licence file is present', () => {
  const sources = JSON.parse(fs.readFileSync(path.join(root, 'third_party', 'upstream', 'sources.json'), 'utf8')) as Record<string, { repo: string; commit?: string; files?: Record<string, string>; licence: string; licenceFile: string }>;
  for (const [dir, s] of Object.entries(sources)) {
    assert.match(s.repo, /^[\w.-]+\/[\w.-]+$/);
    assert.ok(s.commit || s.files, dir);
    for (const c of [s.commit, ...Object.values(s.files ?? {})].filter(Boolean)) assert.match(c!, /^[0-9a-f]{40}$/);
    assert.ok(fs.existsSync(path.join(root, 'third_party', 'upstream', dir, s.licenceFile)), `${dir}/${s.licenceFile}`);
    assert.ok(s.licence);
  }
});

test("a built-in's ONNX version bounds quote the pinned document line they cite", () => {
  let checked = 0;
  for (const raw of builtinProfileSources()) {
    const p = raw as { id: string; onnxVersions?: { minOpset?: number; maxOpset?: number; source: string } };
    const m = /^([\w.-]+)\/([\w.-]+)@([0-9a-f]{10}) (\S+):(\d+): '([^']+)'/.exec(p.onnxVersions?.source ?? '');
    if (!m) continue;
    const [, , repo, , file, line, quote] = m;
    // onnx-tensorrt's branches are pinned under third_party/upstream/onnx-tensorrt/<branch>/.
    const dirs = fs.readdirSync(path.join(root, 'third_party', 'upstream', repo!)).map((d) => path.join(root, 'third_party', 'upstream', repo!, d, file!)).filter((f) => fs.existsSync(f));
    assert.ok(dirs.some((f) => (fs.readFileSync(f, 'utf8').split('\n')[Number(line) - 1] ?? '').includes(quote!)), `${p.id}: '${quote}' at ${file}:${line}`);
    assert.ok(quote!.includes(`${p.onnxVersions!.maxOpset}`), `${p.id}: the quote gives maxOpset ${p.onnxVersions!.maxOpset}`);
    if (p.onnxVersions!.minOpset !== undefined) assert.ok(quote!.includes(`opset ${p.onnxVersions!.minOpset} `), `${p.id}: the quote gives minOpset`);
    checked++;
  }
  assert.ok(checked >= 2, 'the TensorRT profiles cite their bounds');
});
