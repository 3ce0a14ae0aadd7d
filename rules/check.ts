import { closestAllowed, findConflicts, type Alternative, type Conflict } from './conflicts.js';
import { checkAll, type Verdicts } from './eligibility.js';
import type { Guide } from './guide.js';
import { intentions, type Profile } from './profile.js';

export interface CheckResult {
  guide: string;
  projects: Verdicts;
  conflicts: Conflict[];
  /** Allowed combinations closest to `intended`, when it conflicts. */
  alternatives: Alternative[];
}

const KEEP_WEIGHT = { eligible: 2, unknown: 1, ineligible: 0 } as const;

/** The whole answer for a profile: 20 verdicts, the conflicts of `intended`, the nearest allowed sets. */
export function check(guide: Guide, profile: Profile): CheckResult {
  const projects = checkAll(guide, profile);
  const intended = intentions(profile);
  const conflicts = findConflicts(guide, intended);
  let alternatives: Alternative[] | undefined;
  return {
    guide: guide.id,
    projects,
    conflicts,
    // A search over combinations: done when first read (rendering, JSON), not on every check.
    get alternatives() {
      return (alternatives ??= conflicts.length ? closestAllowed(guide, intended, (id) => KEEP_WEIGHT[projects[id].verdict]) : []);
    },
  };
}
