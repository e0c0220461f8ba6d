// `deploylens analyze` on a .tflite model and a TFLite Micro target: TensorFlow Lite Micro itself
// (its worker thread, src/processes/tflm) gives the arena and the verdict — always, since the user
// ran the command (`--no-tflm` skips it). Loaded only when such a model is analyzed (its own
// bundle, dist/cliTflm.js: scripts/build.mjs lazySiblings).

import type { Report } from '../core/report/report';
import type { TargetProfile } from '../core/targets/profile';
import { tflmApplies } from '../core/oracles/tflmVerdict';
import { attachTflm, TflmOracle } from '../jobs/tflmOracle';
import { TflmClient } from '../processes/tflm/client';

/** The reports with TFLM's answer for each one it applies to (one worker for all, stopped at the end). */
export async function attachTflmAnswers(reports: Report[], target: TargetProfile, warn: (m: string) => void, options: { timeoutMs?: number } = {}): Promise<Report[]> {
  let client: TflmClient | null = null;
  const oracle = new TflmOracle(() => (client ??= new TflmClient(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {})));
  try {
    const out: Report[] = [];
    for (const r of reports) {
      if (!tflmApplies(r.model.path, target) || r.target?.id !== target.id) {
        out.push(r);
        continue;
      }
      const answer = await oracle.answer(r.model.path, target);
      if (answer.status === 'failed') warn(`deploylens: warning: ${r.model.path}: TensorFlow Lite Micro gave no answer: ${answer.message}\n`);
      out.push(attachTflm(r, target, answer));
    }
    return out;
  } finally {
    (client as TflmClient | null)?.dispose();
  }
}
