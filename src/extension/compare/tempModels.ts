// Model files a comparison needs that are not the user's files — the git HEAD version of a model,
// copies of a script's exports before and after a fix — live in a private temporary folder (never
// in the workspace) and are removed when the comparison closes or the extension stops.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const live = new Set<string>();

export interface TempModel {
  /** The file (its name is the original's, so titles and reports read naturally). */
  file: string;
  dispose(): void;
}

function makeDir(): string {
  // mkdtemp creates it 0700: nobody else reads the user's model.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-compare-'));
  live.add(dir);
  return dir;
}

function handle(dir: string, file: string): TempModel {
  return { file, dispose: () => { live.delete(dir); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export async function writeTempModel(name: string, bytes: Uint8Array): Promise<TempModel> {
  const dir = makeDir();
  const file = path.join(dir, path.basename(name));
  await fs.promises.writeFile(file, bytes, { mode: 0o600 });
  return handle(dir, file);
}

export async function copyTempModel(source: string, name = path.basename(source)): Promise<TempModel> {
  const dir = makeDir();
  const file = path.join(dir, path.basename(name));
  await fs.promises.copyFile(source, file);
  return handle(dir, file);
}

/** Whether `file` is one of ours (the host analyzes those without publishing diagnostics). */
export function isTempModel(file: string): boolean {
  return [...live].some((dir) => file.startsWith(dir + path.sep));
}

/** At deactivation: every folder still there. */
export function removeAllTempModels(): void {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}
