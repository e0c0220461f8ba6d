// The hand-written part of a generated profile: its skeleton (name, hardware, partitioning,
// defaults — what no upstream file states) and the per-op corrections that need judgement. Overlay
// files live in tools/targets/overlay/*.json; every operator patch must cite the pinned line it
// follows in its `source`, which is appended to the generated entry's own source.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OperatorRule, TargetProfile } from '../../src/core/targets/profile';

/** A patch of one op: keys set to null are removed from the generated entry. */
export type OperatorPatch = { [K in keyof OperatorRule]?: OperatorRule[K] | null } & { source: string };

export interface Overlay {
  /** Profile skeletons by id: everything but `operators` (and fields the generator fills). */
  profiles: Record<string, Omit<TargetProfile, 'operators'>>;
  /** Corrections applied to every profile of the overlay. */
  operators?: Record<string, OperatorPatch>;
}

export function readOverlay(repoRoot: string, name: string): Overlay {
  const file = path.join(repoRoot, 'tools', 'targets', 'overlay', `${name}.json`);
  const overlay = JSON.parse(fs.readFileSync(file, 'utf8')) as Overlay & { $comment?: unknown };
  for (const [op, patch] of Object.entries(overlay.operators ?? {})) {
    if (!patch.source || !/:\d+|https:\/\//.test(patch.source)) throw new Error(`${file}: operators.${op} must cite file:line (or a URL) in 'source'`);
  }
  return overlay;
}

/** Applies overlay patches over generated entries (an op only in the overlay is added as written). */
export function applyPatches(ops: Record<string, OperatorRule>, patches: Record<string, OperatorPatch> = {}): Record<string, OperatorRule> {
  const out: Record<string, OperatorRule> = { ...ops };
  for (const [op, patch] of Object.entries(patches)) {
    const base: Record<string, unknown> = { ...(out[op] ?? { supported: true }) };
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'source') continue;
      if (v === null) delete base[k];
      else base[k] = v;
    }
    base.source = out[op]?.source ? `${out[op]!.source}; ${patch.source}` : patch.source;
    out[op] = base as unknown as OperatorRule;
  }
  return out;
}

const KEY_ORDER = [
  '$schema', 'id', 'name', 'description', 'extends', 'runtime', 'runtimeVersion', 'onnxVersions', 'delegate', 'formats', 'precisions', 'memory',
  'compute', 'partitioning', 'budgets', 'vela', 'tflm', 'unlistedOperators', 'openDomains', 'defaults', 'operators', 'sources',
];
const RULE_ORDER = ['supported', 'note', 'source'];

/** A profile object in the committed key order, operators sorted by name (stable diffs). */
export function orderProfile(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (p[k] !== undefined) out[k] = p[k];
  for (const k of Object.keys(p)) if (!(k in out)) out[k] = p[k];
  if (out.operators) {
    const ops = out.operators as Record<string, Record<string, unknown>>;
    out.operators = Object.fromEntries(Object.keys(ops).sort().map((op) => {
      const r = ops[op]!;
      const ordered: Record<string, unknown> = {};
      for (const k of RULE_ORDER) if (r[k] !== undefined) ordered[k] = r[k];
      for (const k of Object.keys(r).sort()) if (!(k in ordered)) ordered[k] = r[k];
      return [op, ordered];
    }));
  }
  return out;
}
