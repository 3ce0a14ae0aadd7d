import { closestAllowed, findConflicts, type Alternative, type Conflict } from './conflicts.js';
import { checkAll, type Verdicts } from './eligibility.js';
import type { Guide } from './guide.js';
import { intentions, type Fact, type Profile, type ProjectId } from './profile.js';

/** An allowed combination, with why each dropped project goes and what the kept unknown ones still need. */
export interface CheckedAlternative extends Alternative {
  /** One entry per removed project: the reason it cannot be applied for, or the conflict it is in. */
  because: { project: ProjectId; clause: string; text: string }[];
  /** Kept or added projects whose verdict is still unknown, with the facts that would settle them. */
  pending: { project: ProjectId; missing: Fact[] }[];
}

export interface CheckResult {
  guide: string;
  projects: Verdicts;
  conflicts: Conflict[];
  /** Allowed combinations closest to `intended`, when it conflicts. */
  alternatives: CheckedAlternative[];
}

const KEEP_WEIGHT = { eligible: 2, unknown: 1, ineligible: 0 } as const;

/** The whole answer for a profile: 20 verdicts, the conflicts of `intended`, the nearest allowed sets. */
export function check(guide: Guide, profile: Profile): CheckResult {
  const projects = checkAll(guide, profile);
  const intended = intentions(profile);
  const conflicts = findConflicts(guide, intended);
  let alternatives: CheckedAlternative[] | undefined;
  return {
    guide: guide.id,
    projects,
    conflicts,
    // A search over combinations: done when first read (rendering, JSON), not on every check.
    get alternatives() {
      if (alternatives) return alternatives;
      const ineligible = (id: ProjectId) => projects[id].verdict === 'ineligible';
      const found = conflicts.length ? closestAllowed(guide, intended, (id) => KEEP_WEIGHT[projects[id].verdict], 3, ineligible) : [];
      return (alternatives = found.map((alt) => explainAlternative(alt, projects, conflicts)));
    },
  };
}

function explainAlternative(alt: Alternative, projects: Verdicts, conflicts: Conflict[]): CheckedAlternative {
  const because = alt.removed.map((project) => {
    const v = projects[project];
    const reason = v.verdict === 'ineligible' ? v.reasons.find((r) => r.status === 'no') : undefined;
    if (reason) return { project, clause: reason.clause, text: reason.text };
    const conflict = conflicts.find((c) => c.projects.includes(project)) ?? conflicts[0]!;
    return { project, clause: conflict.clause, text: conflict.text };
  });
  const pending = [...alt.intended.map((i) => i.project)]
    .filter((id) => projects[id].verdict === 'unknown')
    .map((project) => ({ project, missing: [...new Set(projects[project].reasons.flatMap((r) => r.missing ?? []))] }));
  return { ...alt, because, pending };
}
