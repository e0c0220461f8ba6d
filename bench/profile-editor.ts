// Profiling aid (not part of `npm run bench`): what the editor does with a big report, timed —
// packing in the worker, the structured clone, unpacking and the first reads on the host, the text
// view's rendering, the parts for webviews. `node out/bench/profile-editor.js MODEL [TARGET]`
import * as v8 from 'node:v8';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { nodeLines, renderModelText } from '../src/core/report/modelText';
import { nodeCount, nodePlacement, packReport, reportForWebview, unpackReport } from '../src/core/report/packedReport';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

const [file, targetId] = process.argv.slice(2);
const { report } = reportFor(prepareModel(readModelFile(file!).model), [getBuiltinTarget(targetId ?? DEFAULT_TARGET_ID)!], { weightPhase: false });
const t = (label: string, f: () => unknown) => {
  const t0 = performance.now();
  const r = f();
  console.log(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
  return r;
};
for (let run = 0; run < 2; run++) {
  console.log(`-- run ${run}`);
  t('object report: v8 serialize+deserialize', () => v8.deserialize(v8.serialize(report)));
  const packed = t('worker: packReport', () => packReport(report)) as ReturnType<typeof packReport>;
  console.log(`   packed ${(packed.bytes.length / 1e6).toFixed(1)} MB in ${packed.parts.length} parts`);
  const buf = t('worker: serialize packed', () => v8.serialize(packed)) as Buffer;
  const host = t('host: deserialize packed', () => v8.deserialize(buf)) as ReturnType<typeof packReport>;
  const r = t('host: unpack', () => unpackReport(host)) as typeof report;
  t('host: diagnostics + placement + lines', () => {
    const lines = nodeLines(r, nodeCount(r));
    let k = 0;
    for (const d of r.diagnostics) if (d.node !== undefined) k += (nodePlacement(r, d.node).partition ?? 0) + (lines.get(d.node) ?? 0);
    return k;
  });
  t('host: webview head + parts (text)', () => {
    const s = reportForWebview(r)!;
    let max = 0;
    for (const p of s.parts) max = Math.max(max, p.json().length);
    return max;
  });
  t('host: parse nodes', () => r.nodes.length);
  t('host: parse tensors + deployed', () => [r.tensors, r.deployed]);
  t('host: renderModelText', () => renderModelText({ report: r }));
}
