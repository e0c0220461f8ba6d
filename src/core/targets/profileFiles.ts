// Workspace profiles read from disk (.deploylens/targets/*.json, --target-file): only regular files
// of at most MAX_PROFILE_BYTES (a FIFO or a symlink to /dev/zero is refused, never read), parsed and
// validated in load order so `extends` between them is predictable. The CLI reads them this way in
// its own process; the editor asks its script worker (`profiles`), so the extension host never
// reads or parses a workspace file.

import { readRegularTextFile, UnreadableFileError } from '../io/regularFile';
import { MAX_PROFILE_BYTES } from '../limits';
import type { TargetProfile } from './profile';
import { TargetRegistry } from './targetRegistry';
import { TargetProfileError, type ProfileProblem } from './validateProfile';

/** A profile's text; a file that cannot be read is a TargetProfileError at `$` naming why. */
export function readProfileFile(file: string, label: string = file): string {
  try {
    return readRegularTextFile(file, MAX_PROFILE_BYTES, 'a target profile', label);
  } catch (e) {
    const problem = e instanceof UnreadableFileError ? e.problem : (e as Error).message;
    throw new TargetProfileError(label, [{ path: '$', message: `cannot read the file: ${problem}` }]);
  }
}

export interface ProfileFile {
  path: string;
  /** How messages and names call it (workspace-relative). */
  label: string;
}

export interface ProfileFileError {
  /** Index into the files asked for. */
  index: number;
  message: string;
  problems: ProfileProblem[];
}

export interface ProfileLoad {
  /** The valid user profiles, in load order (a replaced built-in carries its marker in the name). */
  profiles: TargetProfile[];
  errors: ProfileFileError[];
}

/** Reads and validates every file; a broken one is reported and skipped, the others still load. */
export function loadProfileFiles(files: readonly ProfileFile[]): ProfileLoad {
  const registry = new TargetRegistry();
  const errors: ProfileFileError[] = [];
  files.forEach((f, index) => {
    try {
      registry.add({ file: f.label, text: readProfileFile(f.path, f.label) });
    } catch (e) {
      if (e instanceof TargetProfileError) errors.push({ index, message: e.message, problems: e.problems });
      else errors.push({ index, message: `${f.label}: ${(e as Error).message}`, problems: [{ path: '$', message: (e as Error).message }] });
    }
  });
  return { profiles: registry.userProfiles(), errors };
}
