// npm run targets:sync — regenerates the built-in profiles that come from pinned upstream sources
// (third_party/upstream/) and the overlays (tools/targets/overlay/). `--check` only compares and
// exits 1 when a committed profile differs (the test suite runs the same comparison).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateBuiltinProfiles, profileText } from './targets/generate';

const root = path.resolve(__dirname, '..', '..');
const check = process.argv.includes('--check');
const dir = path.join(root, 'src', 'core', 'targets', 'builtin');
let stale = 0;
for (const { file, profile } of generateBuiltinProfiles(root)) {
  const target = path.join(dir, file);
  const text = profileText(profile);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current === text) continue;
  stale++;
  if (check) console.error(`stale: src/core/targets/builtin/${file}`);
  else { fs.writeFileSync(target, text); console.log(`wrote src/core/targets/builtin/${file}`); }
}
if (check && stale) { console.error(`${stale} built-in profile(s) differ from what targets:sync generates; run npm run targets:sync`); process.exit(1); }
if (!check) console.log(stale ? `${stale} profile(s) updated` : 'built-in profiles are up to date');
