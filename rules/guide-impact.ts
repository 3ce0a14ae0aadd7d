import { checkAll, type Verdict } from './eligibility.js';
import type { Guide } from './guide.js';
import type { Profile, ProjectId } from './profile.js';

/** A verdict the new guide changes for one society. */
export interface VerdictChange {
  society: string;
  project: ProjectId;
  old: Verdict;
  new: Verdict;
  /** The new verdict's reasons, or, when it became eligible, the old reasons that no longer hold. */
  why: string;
}

/** For each society, the verdicts that differ between the two guides, in project order. */
export function verdictChanges(before: Guide, after: Guide, societies: Iterable<{ society: string; profile: Profile }>): VerdictChange[] {
  const out: VerdictChange[] = [];
  for (const { society, profile } of societies) {
    const was = checkAll(before, profile);
    const now = checkAll(after, profile);
    for (const project of after.projectIds) {
      const [o, n] = [was[project], now[project]];
      if (o.verdict === n.verdict) continue;
      const reasons = n.verdict === 'eligible' ? o.reasons : n.reasons;
      const words = reasons.map((r) => `${r.text}（${r.clause}）`).join('；');
      const why = n.verdict === 'eligible' ? `新指南下不再适用：${words}` : words;
      out.push({ society, project, old: o.verdict, new: n.verdict, why });
    }
  }
  return out;
}
