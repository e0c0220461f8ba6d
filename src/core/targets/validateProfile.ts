// Turns untrusted JSON (a user's .deploylens/targets/*.json, a --target-file, or a built-in) into a
// TargetProfile, or throws a TargetProfileError naming the file, the JSON path, the line/column and
// the problem. Structure is checked by running the shipped JSON Schema; what a schema cannot say
// (min ≤ max, a known `extends` id) is checked here.

import schema from '../../../schemas/target-profile.schema.json';
import { JsonSyntaxError, parseJsonWithPositions, type TextPosition } from './jsonText';
import { mergeOverBase } from './mergeProfile';
import type { OperatorConstraints, TargetProfile } from './profile';
import { childPath, SchemaChecker, type SchemaError } from './schemaCheck';

export interface ProfileProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class TargetProfileError extends Error {
  readonly file: string;
  readonly problems: ProfileProblem[];

  constructor(file: string, problems: ProfileProblem[]) {
    const lines = problems.map((p) => `${file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.path}: ${p.message}`);
    super(problems.length === 1 ? lines[0]! : `${file}: ${problems.length} problems in target profile:\n  ${lines.join('\n  ')}`);
    this.name = 'TargetProfileError';
    this.file = file;
    this.problems = problems;
  }

  /** The first problem's JSON path (`$.memory.sramBytes`). */
  get jsonPath(): string | undefined {
    return this.problems[0]?.path;
  }
}

const checker = new SchemaChecker(schema as unknown as Record<string, unknown>);

/** Errors of a raw object against the shipped schema (also used by tests on the built-ins). */
export function schemaErrors(value: unknown, options: { partial?: boolean } = {}): SchemaError[] {
  return checker.check(value, options);
}

export type ProfileLookup = (id: string) => TargetProfile | undefined;

/** Parses and validates profile text. `lookup` resolves `extends` ids (built-ins and earlier user profiles). */
export function parseTargetProfile(text: string, file: string, lookup: ProfileLookup, knownIds: () => string[] = () => []): TargetProfile {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new TargetProfileError(file, [{ path: '$', message: `invalid JSON: ${e.problem}`, line: e.position.line, column: e.position.column }]);
    }
    throw e;
  }
  return validateTargetProfile(parsed.value, file, lookup, knownIds, parsed.positions);
}

export function validateTargetProfile(
  raw: unknown, file: string, lookup: ProfileLookup, knownIds: () => string[] = () => [], positions?: Map<string, TextPosition>,
): TargetProfile {
  const locate = (p: { path: string; message: string }): ProfileProblem => {
    // Point at the value itself, or at the nearest enclosing value that has a position.
    let path = p.path;
    let at = positions?.get(path);
    while (!at && positions && path !== '$') {
      path = path.replace(/(\.[^.[]+|\[[^\]]*\])$/, '');
      at = positions.get(path);
      if (path === '') break;
    }
    return at ? { ...p, line: at.line, column: at.column } : { ...p };
  };

  const extending = typeof raw === 'object' && raw !== null && typeof (raw as { extends?: unknown }).extends === 'string';
  const first = schemaErrors(raw, { partial: extending });
  if (first.length > 0) throw new TargetProfileError(file, first.map(locate));
  const obj = raw as Record<string, unknown>;

  let profile = obj;
  if (typeof obj.extends === 'string') {
    const base = lookup(obj.extends);
    if (!base) {
      const ids = knownIds();
      throw new TargetProfileError(file, [locate({
        path: '$.extends',
        message: `unknown profile id '${obj.extends}'${ids.length ? ` (known: ${ids.join(', ')})` : ''}`,
      })]);
    }
    profile = mergeOverBase(base, obj);
    const merged = schemaErrors(profile);
    if (merged.length > 0) throw new TargetProfileError(file, merged.map((e) => locate({ ...e, message: `${e.message} (after merging over '${obj.extends}')` })));
  }
  delete profile.$schema;

  const semantic: ProfileProblem[] = [];
  const t = profile as unknown as TargetProfile;
  const fallbackTarget = t.partitioning?.fallbackTarget;
  if (fallbackTarget !== undefined && (fallbackTarget === t.id || !lookup(fallbackTarget))) {
    const ids = knownIds();
    semantic.push({ path: '$.partitioning.fallbackTarget', message: fallbackTarget === t.id ? 'a profile cannot be its own fallback' : `unknown profile id '${fallbackTarget}'${ids.length ? ` (known: ${ids.join(', ')})` : ''}` });
  }
  if (t.defaults) checkConstraintSense(t.defaults, '$.defaults', semantic);
  for (const [op, rule] of Object.entries(t.operators)) {
    if (op.trim() === '') semantic.push({ path: '$.operators', message: 'operator names must not be empty' });
    checkConstraintSense(rule, childPath('$.operators', op), semantic);
  }
  if (semantic.length > 0) throw new TargetProfileError(file, semantic.map(locate));
  return t;
}

function checkConstraintSense(c: OperatorConstraints, path: string, out: ProfileProblem[]): void {
  const pair = (what: string, min: number | undefined, max: number | undefined) => {
    if (min !== undefined && max !== undefined && min > max) out.push({ path: `${path}.${what}`, message: `min ${min} is greater than max ${max}` });
  };
  pair('strides', c.strides?.min, c.strides?.max);
  pair('dilations', c.dilations?.min, c.dilations?.max);
  const kernels = Array.isArray(c.kernel) ? c.kernel : c.kernel ? [c.kernel] : [];
  kernels.forEach((k, i) => pair(Array.isArray(c.kernel) ? `kernel[${i}]` : 'kernel', k.min, k.max));
  for (const [index, limits] of Object.entries(c.inputRank ?? {})) pair(`inputRank.${index}`, limits.min, limits.max);
  for (const [index, range] of Object.entries(c.constantValues ?? {})) pair(`constantValues.${index}`, range.min, range.max);
  if (c.minRank !== undefined && c.maxRank !== undefined && c.minRank > c.maxRank) {
    out.push({ path: `${path}.minRank`, message: `minRank ${c.minRank} is greater than maxRank ${c.maxRank}` });
  }
}
