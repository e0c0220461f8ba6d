// Resolves ONNX external-data locations. A model file is untrusted input: its `location` strings
// must not make DeployLens read files outside the model's own folder (absolute paths, '..', or a
// symlink pointing elsewhere). Only path resolution and stat happen here; the data file itself is
// never opened during analysis, however large it is.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FindingCode } from '../findings/catalog';

export type ExternalResolution =
  | { ok: true; file: string; size: number }
  | { ok: false; severity: 'error' | 'warning'; code: FindingCode; problem: string };

export class ExternalDataResolver {
  private readonly cache = new Map<string, ExternalResolution>();
  private realDir: string | null | undefined;

  constructor(private readonly modelDir: string) {}

  resolve(location: string): ExternalResolution {
    let r = this.cache.get(location);
    if (!r) {
      r = this.resolveUncached(location);
      this.cache.set(location, r);
    }
    return r;
  }

  private resolveUncached(location: string): ExternalResolution {
    const escape = (why: string): ExternalResolution =>
      ({ ok: false, severity: 'error', code: 'read/external-path-escape', problem: `external data location '${location}' ${why}; it was not read` });
    if (location === '' || location.includes('\0')) return escape('is not a valid file name');
    if (path.isAbsolute(location) || path.win32.isAbsolute(location)) return escape('is an absolute path');
    // Normalize both separators: a Windows-written model may use backslashes.
    const parts = location.split(/[\\/]+/);
    if (parts.includes('..')) return escape("contains '..'");
    const joined = path.resolve(this.modelDir, ...parts);
    const dir = this.realModelDir();
    let real: string;
    try {
      real = fs.realpathSync(joined);
    } catch {
      return { ok: false, severity: 'warning', code: 'read/external-missing', problem: `external data file '${location}' does not exist next to the model` };
    }
    if (dir === null || !isInside(real, dir)) return escape('resolves (through a symlink) to a file outside the model folder');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(real);
    } catch {
      return { ok: false, severity: 'warning', code: 'read/external-missing', problem: `external data file '${location}' cannot be accessed` };
    }
    if (!stat.isFile()) return { ok: false, severity: 'warning', code: 'read/external-missing', problem: `external data location '${location}' is not a regular file` };
    return { ok: true, file: real, size: stat.size };
  }

  private realModelDir(): string | null {
    if (this.realDir === undefined) {
      try {
        this.realDir = fs.realpathSync(this.modelDir);
      } catch {
        this.realDir = null;
      }
    }
    return this.realDir;
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
