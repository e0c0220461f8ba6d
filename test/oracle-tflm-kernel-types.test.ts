// TensorFlow Lite Micro itself as the oracle of tflm-cortex-m7's element types: 81 operators in each
// of 7 element types (test/fixtures/tflmTypeProbe.ts), each a single-op model that TFLM built at the
// pinned commit (dist/tflm, CMSIS-NN kernels) allocates and invokes or refuses. DeployLens's static
// check of the same model must say the same. The profile's types are read from the kernels' source
// (tools/targets/tflm.ts) and corrected in tools/targets/overlay/tflite-micro.json, each correction
// citing its line; this is what keeps both honest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCompatibility } from '../src/core/analysis/compatibility';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { readTflite } from '../src/core/tflite/readTflite';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { pairCases, positiveInputs, probeCases, probedOps, PROBE_TYPES, type ProbeCase } from './fixtures/tflmTypeProbe';
import { tflmEngine } from './support/tflm';

/**
 * Where DeployLens refuses on purpose what TFLM runs: its LOGICAL_AND and LOGICAL_OR read every
 * tensor as bool without checking the type (logical_common.cc:39), so another type runs with its
 * bytes misread. TFLite's schema defines both on bool; the profile keeps bool only.
 */
const MISREAD = (id: string) => /^LOGICAL_(AND|OR):/.test(id) && !id.endsWith(':bool');

interface Compared { runs: number; disagreements: string[]; misread: string[] }

/** Each model through TFLM (allocate + invoke) and DeployLens's tflm-cortex-m7 check of the same model. */
async function compare(cases: readonly ProbeCase[], misread: (id: string) => boolean = () => false): Promise<Compared> {
  const engine = await tflmEngine('cmsis_nn');
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const out: Compared = { runs: 0, disagreements: [], misread: [] };
  for (const c of cases) {
    const run = await engine.run(c.model, { arenaBytes: 256 * 1024, inputs: positiveInputs });
    const support = checkCompatibility(readTflite(new MemoryByteSource(c.id, c.model)), m7, 0)[0]!;
    if (run.ok) out.runs++;
    if ((support.status === 'supported') === run.ok) continue;
    if (run.ok && misread(c.id)) { out.misread.push(c.id); continue; }
    const why = support.reasons.filter((r) => r.outcome === 'violated').map((r) => r.message).join('; ');
    out.disagreements.push(`${c.id}: TFLM ${run.ok ? 'runs it' : `refuses it (${run.error.message.replace(/\s+/g, ' ').slice(0, 160)})`}; DeployLens ${support.status}${why ? ` (${why})` : ''}`);
  }
  return out;
}

test('TFLite Micro runs exactly the element types tflm-cortex-m7 says, op by op', async () => {
  const cases = probeCases();
  const { runs, disagreements, misread } = await compare(cases, MISREAD);
  const refused = cases.length - runs;
  console.log(`${cases.length} cases (${probedOps().length} ops × ${PROBE_TYPES.length} types): TFLM refuses ${refused}; DeployLens disagrees on ${disagreements.length}; misread by TFLM, refused by DeployLens: ${misread.length}`);
  assert.equal(cases.length, probedOps().length * PROBE_TYPES.length);
  assert.ok(refused > 150, 'the probe reaches types TFLM has no kernel for');
  assert.deepEqual(disagreements, []);
  // Every non-bool LOGICAL_AND/OR: TFLM runs it unchecked.
  assert.equal(misread.length, 2 * (PROBE_TYPES.length - 1));
});

test('TFLite Micro converts exactly the type pairs tflm-cortex-m7 says (CAST, QUANTIZE, DEQUANTIZE)', async () => {
  const cases = pairCases();
  const { runs: converted, disagreements } = await compare(cases);
  console.log(`${cases.length} conversions: TFLM runs ${converted}; DeployLens disagrees on ${disagreements.length}`);
  assert.ok(converted >= 30 && converted < cases.length - 50);
  assert.deepEqual(disagreements, []);
  // The reason names the pair and what the kernels convert from that type.
  const f32ToU8 = cases.find((c) => c.id === 'QUANTIZE:float32->uint8')!;
  const reason = checkCompatibility(readTflite(new MemoryByteSource(f32ToU8.id, f32ToU8.model)), getBuiltinTarget('tflm-cortex-m7')!, 0)[0]!.reasons.find((r) => r.outcome === 'violated')!;
  assert.equal(reason.message, 'float32 → uint8 is not converted; the kernels convert float32 → int8, float32 → int16');
});
