// Typed access to the extension's settings (package.json `contributes.configuration`).

import * as vscode from 'vscode';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';

export const SECTION = 'deploylens';

export interface Settings {
  target: string;
  include: string;
  exclude: string;
  dims: Record<string, number>;
  maxConcurrentAnalyses: number;
  analyzeOnStartup: boolean;
  /** Time one analysis request may take in a worker before the worker is stopped, ms. */
  analysisTimeoutMs: number;
  /** Heap budget of each analysis worker, MB (read when the workers start). */
  analysisMemoryMb: number;
}

export function settings(resource?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, resource);
  const dims: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.get<Record<string, unknown>>('dims') ?? {})) {
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) dims[k] = v;
  }
  return {
    target: c.get<string>('target') || DEFAULT_TARGET_ID,
    include: c.get<string>('include') || '**/*.{onnx,tflite}',
    exclude: c.get<string>('exclude') ?? '**/node_modules/**',
    dims,
    maxConcurrentAnalyses: Math.max(1, Math.min(8, c.get<number>('maxConcurrentAnalyses') ?? 2)),
    analyzeOnStartup: c.get<boolean>('analyzeOnStartup') ?? true,
    analysisTimeoutMs: 1000 * clamp(c.get<number>('analysisTimeoutSeconds') ?? 10, 1, 600),
    analysisMemoryMb: Math.round(clamp(c.get<number>('analysisMemoryMb') ?? 768, 256, 8192)),
  };
}

function clamp(v: number, min: number, max: number): number {
  return Number.isFinite(v) ? Math.max(min, Math.min(max, v)) : min;
}

/**
 * Our exclude glob plus the user's enabled `files.exclude` patterns (findFiles drops those once we
 * pass our own). ripgrep, which serves findFiles, rejects nested {…} groups, so patterns that have
 * braces of their own are not merged into one group: ours wins and is used alone.
 */
export function excludeGlob(resource?: vscode.Uri): string | undefined {
  const ours = settings(resource).exclude;
  const patterns = ours ? [ours] : [];
  const filesExclude = vscode.workspace.getConfiguration('files', resource).get<Record<string, boolean>>('exclude') ?? {};
  for (const [glob, on] of Object.entries(filesExclude)) if (on === true && !/[{}]/.test(glob)) patterns.push(glob);
  if (patterns.length === 0) return undefined;
  if (patterns.length === 1 || /[{}]/.test(ours)) return patterns[0];
  return `{${patterns.join(',')}}`;
}
