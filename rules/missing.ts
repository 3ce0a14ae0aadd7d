import { checkProject } from './eligibility.js';
import type { Guide } from './guide.js';
import { FACTS, GRADES, ORG_TYPES, type Fact, type Profile, type ProjectId } from './profile.js';

export interface MissingFact {
  fact: Fact;
  /** The undecided projects whose verdict reads this fact. */
  projects: ProjectId[];
  /** Average number of those projects one answer would decide. */
  settles: number;
}

/**
 * The facts that would settle the `unknown` verdicts among `projects`, the one that
 * settles the most first (averaged over its possible answers), then the one more
 * verdicts wait on, then profile order. The interview asks in this order.
 */
export function missingFacts(guide: Guide, profile: Profile, projects: readonly ProjectId[] = guide.projectIds): MissingFact[] {
  const open = projects.filter((id) => checkProject(guide, profile, id).verdict === 'unknown');
  const waiting = new Map<Fact, ProjectId[]>();
  for (const id of open) {
    for (const reason of checkProject(guide, profile, id).reasons) {
      for (const fact of reason.missing ?? []) {
        const list = waiting.get(fact) ?? [];
        if (!list.includes(id)) list.push(id);
        waiting.set(fact, list);
      }
    }
  }
  const result: MissingFact[] = [...waiting].map(([fact, ids]) => {
    const answers = candidateValues(guide, fact);
    const decided = answers.map((value) => open.filter((id) => checkProject(guide, { ...profile, [fact]: value }, id).verdict !== 'unknown').length);
    return { fact, projects: ids, settles: decided.reduce((a, b) => a + b, 0) / answers.length };
  });
  return result.sort((a, b) => b.settles - a.settles || b.projects.length - a.projects.length || FACTS.indexOf(a.fact) - FACTS.indexOf(b.fact));
}

/** Representative answers to a fact: every value of a small domain, the thresholds of a count. */
function candidateValues(guide: Guide, fact: Fact): unknown[] {
  switch (fact) {
    case 'orgType':
      return [...ORG_TYPES];
    case 'evaluationGrade':
      return [...GRADES];
    case 'assessmentLevel':
      return [0, 1, 2, 3, 4, 5];
    case 'medicalExperts': {
      const mins = new Set<number>([0]);
      for (const id of guide.projectIds) {
        for (const { condition } of guide.conditionsOf(id)) {
          if (condition.kind === 'count_at_least' && condition.fact === fact) mins.add(condition.min).add(Math.max(0, condition.min - 1));
        }
      }
      return [...mins];
    }
    case 'priorProjects': {
      const values: unknown[] = [[]];
      for (const id of guide.projectIds) {
        for (const { condition } of guide.conditionsOf(id)) {
          if (condition.kind === 'not_funded_in') values.push([{ year: condition.year, project: condition.project }]);
          if (condition.kind === 'not_funded_in_all') values.push(condition.years.map((year) => ({ year, project: condition.project })));
        }
      }
      return values;
    }
    default:
      return [true, false];
  }
}
