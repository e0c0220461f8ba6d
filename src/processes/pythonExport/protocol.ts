// What DeployLens and its export driver (main.py, shipped as dist/pythonExport.py) exchange: the
// request goes to the driver's stdin as JSON; the driver writes result.json into the run's private
// output folder. The result comes from a process running the user's code, so it is validated
// field by field before anything reads it (a script can print, exit or write anything).

import type { ExportFramework, SourceSnippet } from '../../core/python/exportEntry';

export type DriverEntry =
  | { kind: 'declared'; functionName: string }
  | { kind: 'setting'; module: string; functionName: string }
  | { kind: 'call'; callLine: number; statements: SourceSnippet[]; model: SourceSnippet; input: SourceSnippet | null; opset: number | null };

export interface DriverRequest {
  /** Absolute path of the script (imported as a module named __deploylens_export__, never __main__). */
  script: string;
  entry: DriverEntry;
  framework: ExportFramework;
  opset: number;
  /** The run's private output folder in DeployLens's cache. */
  outDir: string;
}

/** Where Python says a frame or a module's constructor call is: 1-based lines, 0-based character columns. */
export interface PySite {
  line: number;
  endLine?: number;
  col?: number;
  endCol?: number;
}

export interface PyFrame extends PySite {
  file: string;
  name: string;
}

export interface DriverModule {
  /** Qualified name as `named_modules()` gives it ('' is the model itself). */
  name: string;
  class: string;
  /** The constructor call in the script that built it; null when built outside the script. */
  site: PySite | null;
}

export type DriverSuccess = {
  ok: true;
  /** File name inside outDir. */
  model: string;
  format: 'onnx' | 'tflite';
  modules: DriverModule[];
  /** The file module sites refer to (the script, or the module a setting names). */
  script: string;
  python: string;
  framework: string;
  frameworkVersion: string;
  timings: Record<string, number>;
};

export type DriverFailureKind = 'missing-framework' | 'python-error' | 'bad-entry' | 'driver-error';

export type DriverFailure = {
  ok: false;
  kind: DriverFailureKind;
  message: string;
  /** 'importing the script' | 'building the model' | 'exporting to ONNX' | … */
  phase?: string;
  framework?: string;
  exception?: string;
  frames?: PyFrame[];
  traceback?: string;
};

export type DriverResult = DriverSuccess | DriverFailure;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000_000;
const optInt = (v: unknown) => v === undefined || v === null || isInt(v);
const MAX_TEXT = 20_000;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;

function site(v: unknown): PySite | null | undefined {
  if (v === null) return null;
  if (!isRecord(v) || !isInt(v.line) || v.line < 1 || !optInt(v.endLine) || !optInt(v.col) || !optInt(v.endCol)) return undefined;
  const s: PySite = { line: v.line };
  if (isInt(v.endLine) && isInt(v.col) && isInt(v.endCol)) Object.assign(s, { endLine: v.endLine, col: v.col, endCol: v.endCol });
  return s;
}

/** The driver's result.json, checked; a message naming the first problem when it is not what the driver writes. */
export function parseDriverResult(json: unknown): DriverResult | { invalid: string } {
  if (!isRecord(json) || typeof json.ok !== 'boolean') return { invalid: 'not a result object' };
  if (json.ok) {
    if (!isText(json.model) || /[\\/]/.test(json.model) || (json.format !== 'onnx' && json.format !== 'tflite')) return { invalid: 'bad model file name or format' };
    if (!Array.isArray(json.modules) || json.modules.length > 200_000) return { invalid: 'bad module table' };
    const modules: DriverModule[] = [];
    for (const m of json.modules as unknown[]) {
      if (!isRecord(m) || !isText(m.name) || !isText(m.class)) return { invalid: 'bad module entry' };
      const s = site(m.site ?? null);
      if (s === undefined) return { invalid: `bad site of module '${m.name}'` };
      modules.push({ name: m.name, class: m.class, site: s });
    }
    const timings: Record<string, number> = {};
    if (isRecord(json.timings)) for (const [k, v] of Object.entries(json.timings)) if (typeof v === 'number' && Number.isFinite(v)) timings[k] = v;
    return {
      ok: true, model: json.model, format: json.format, modules, script: isText(json.script) ? json.script : '',
      python: isText(json.python) ? json.python : '?', framework: isText(json.framework) ? json.framework : '?',
      frameworkVersion: isText(json.frameworkVersion) ? json.frameworkVersion : '?', timings,
    };
  }
  const kinds: DriverFailureKind[] = ['missing-framework', 'python-error', 'bad-entry', 'driver-error'];
  if (!kinds.includes(json.kind as DriverFailureKind) || !isText(json.message)) return { invalid: 'bad failure kind or message' };
  const frames: PyFrame[] = [];
  if (Array.isArray(json.frames)) {
    for (const f of (json.frames as unknown[]).slice(-200)) {
      const s = site(f);
      if (!s || !isRecord(f) || !isText(f.file) || !isText(f.name)) continue;
      frames.push({ ...s, file: f.file, name: f.name });
    }
  }
  const failure: DriverFailure = { ok: false, kind: json.kind as DriverFailureKind, message: json.message, frames };
  if (isText(json.phase)) failure.phase = json.phase;
  if (isText(json.framework)) failure.framework = json.framework;
  if (isText(json.exception)) failure.exception = json.exception;
  if (isText(json.traceback)) failure.traceback = json.traceback;
  return failure;
}
