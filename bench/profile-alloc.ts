// Profiling aid (not part of `npm run bench`): where the verdict path allocates (sampled, counting
// objects the GC already collected), by function — `node out/bench/profile-alloc.js MODEL [RUNS] [TARGET]`.
import * as inspector from 'node:inspector';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

interface SampleNode { callFrame: { functionName: string; lineNumber: number; url: string }; selfSize: number; children: SampleNode[] }

const [file, runsText, targetId] = process.argv.slice(2);
const target = getBuiltinTarget(targetId ?? DEFAULT_TARGET_ID)!;
const session = new inspector.Session();
session.connect();
const post = <T>(method: string, params?: object) => new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r as T))));
void (async () => {
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const runs = Number(runsText ?? 5);
  for (let i = 0; i < runs; i++) reportFor(prepareModel(readModelFile(file!).model), [target], { weightPhase: false });
  const { profile } = await post<{ profile: { head: SampleNode } }>('HeapProfiler.stopSampling');
  const self = new Map<string, number>();
  let total = 0;
  const walk = (n: SampleNode) => {
    const k = `${n.callFrame.functionName || '(anon)'} :${n.callFrame.lineNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
    n.children.forEach(walk);
  };
  walk(profile.head);
  console.log(`allocated per run: ${(total / runs / 1e6).toFixed(1)} MB`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(v / runs / 1e6).toFixed(2).padStart(8)} MB  ${k}`);
  // Builtins (next, push, filter, …) by the function that called them.
  const byCaller = new Map<string, number>();
  const walkCallers = (n: SampleNode, parent: string) => {
    const name = n.callFrame.functionName || '(anon)';
    if (n.callFrame.url === '' && n.selfSize > 0) byCaller.set(`${name} ← ${parent}`, (byCaller.get(`${name} ← ${parent}`) ?? 0) + n.selfSize);
    n.children.forEach((c) => walkCallers(c, n.callFrame.url === '' ? parent : `${name} :${n.callFrame.lineNumber + 1}`));
  };
  walkCallers(profile.head, '(root)');
  console.log('-- builtins by caller');
  for (const [k, v] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(v / runs / 1e6).toFixed(2).padStart(8)} MB  ${k}`);
})();
