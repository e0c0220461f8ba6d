// Built-in profiles plus the user's own (.deploylens/targets/*.json, --target-file). User profiles
// may extend built-ins or each other (in load order) and may replace a built-in by reusing its id —
// never silently: a cloned repository could otherwise pass a model under a built-in's name with
// made-up memory. The replacement's name says "overrides built-in" and which file did it, so every
// report, finding, CLI line and status bar that names the target shows it (issue 12).

import { builtinTargetIds, getBuiltinTarget } from './builtins';
import type { TargetProfile } from './profile';
import { parseTargetProfile, TargetProfileError } from './validateProfile';

/** What a replaced built-in's name carries wherever it is shown. */
export function overrideMarker(file: string): string {
  return `[overrides built-in, from ${file}]`;
}

export interface ProfileText {
  /** Path or label used in every error message. */
  file: string;
  text: string;
}

export class TargetRegistry {
  private readonly user = new Map<string, TargetProfile>();

  /** Validates and adds one user profile; throws TargetProfileError naming the file and JSON path. */
  add(source: ProfileText): TargetProfile {
    const profile = parseTargetProfile(source.text, source.file, (id) => this.get(id), () => this.ids());
    // The analysis judges a fallback by a built-in's rules (targetAnalysis.ts): a workspace profile's id would go unused.
    const fallback = profile.partitioning.fallbackTarget;
    if (fallback !== undefined && !builtinTargetIds().includes(fallback)) {
      throw new TargetProfileError(source.file, [{ path: '$.partitioning.fallbackTarget', message: `'${fallback}' is not a built-in profile; the fallback's kernels are a built-in's rules (built-in: ${builtinTargetIds().join(', ')})` }]);
    }
    if (getBuiltinTarget(profile.id)) {
      profile.overridesBuiltin = source.file;
      profile.name = `${profile.name} ${overrideMarker(source.file)}`;
    }
    this.user.set(profile.id, profile);
    return profile;
  }

  /**
   * Adds profiles another registry validated already (the worker's `profiles` answer): not parsed
   * again, so the extension host never parses a workspace file.
   */
  adopt(profiles: readonly TargetProfile[]): void {
    for (const p of profiles) this.user.set(p.id, p);
  }

  /** The user profiles, in the order they were added. */
  userProfiles(): TargetProfile[] {
    return [...this.user.values()];
  }

  get(id: string): TargetProfile | undefined {
    return this.user.get(id) ?? getBuiltinTarget(id);
  }

  ids(): string[] {
    return [...new Set([...builtinTargetIds(), ...this.user.keys()])];
  }

  all(): TargetProfile[] {
    return this.ids().map((id) => this.get(id)!);
  }
}
