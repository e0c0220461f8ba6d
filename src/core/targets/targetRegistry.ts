// Built-in profiles plus the user's own (.deploylens/targets/*.json, --target-file). User profiles
// may extend built-ins or each other (in load order) and may replace a built-in by reusing its id.

import { builtinTargetIds, getBuiltinTarget } from './builtins';
import type { TargetProfile } from './profile';
import { parseTargetProfile } from './validateProfile';

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
    this.user.set(profile.id, profile);
    return profile;
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
