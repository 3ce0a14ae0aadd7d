import type { Fact, Profile } from './profile.js';
import type { Condition } from './schema.js';

/** Kleene three-valued truth: an absent fact is unknown, never false. */
export type Truth = 'yes' | 'no' | 'unknown';

export interface Outcome {
  truth: Truth;
  /** The facts whose absence made it unknown. */
  missing: Fact[];
}

const GRADE_RANK = { A: 0, B: 1, C: 2, D: 3 } as const;
const YES: Outcome = { truth: 'yes', missing: [] };
const NO: Outcome = { truth: 'no', missing: [] };
const unknown = (fact: Fact): Outcome => ({ truth: 'unknown', missing: [fact] });
const truth = (holds: boolean): Outcome => (holds ? YES : NO);

export function evaluate(condition: Condition, profile: Profile): Outcome {
  switch (condition.kind) {
    case 'org_type_in':
      return profile.orgType === undefined ? unknown('orgType') : truth(condition.values.includes(profile.orgType));
    case 'grade_at_least':
    case 'grade_at_most': {
      const grade = profile.evaluationGrade;
      if (grade === undefined) return unknown('evaluationGrade');
      if (grade === 'none') return NO;
      const diff = GRADE_RANK[grade] - GRADE_RANK[condition.grade];
      return truth(condition.kind === 'grade_at_least' ? diff <= 0 : diff >= 0);
    }
    case 'assessment_at_least':
      return profile.assessmentLevel === undefined ? unknown('assessmentLevel') : truth(profile.assessmentLevel >= condition.level);
    case 'flag': {
      const value = profile[condition.fact];
      return value === undefined ? unknown(condition.fact) : truth(value === condition.equals);
    }
    case 'count_at_least': {
      const value = profile[condition.fact];
      return value === undefined ? unknown(condition.fact) : truth(value >= condition.min);
    }
    case 'not_funded_in':
      if (!profile.priorProjects) return unknown('priorProjects');
      return truth(!profile.priorProjects.some((p) => p.year === condition.year && p.project === condition.project));
    case 'not_funded_in_all': {
      const prior = profile.priorProjects;
      if (!prior) return unknown('priorProjects');
      return truth(!condition.years.every((year) => prior.some((p) => p.year === year && p.project === condition.project)));
    }
    case 'any_of': {
      const missing: Fact[] = [];
      for (const sub of condition.conditions) {
        const outcome = evaluate(sub, profile);
        if (outcome.truth === 'yes') return YES;
        for (const fact of outcome.missing) if (!missing.includes(fact)) missing.push(fact);
      }
      return missing.length > 0 ? { truth: 'unknown', missing } : NO;
    }
  }
}

const factsCache = new WeakMap<Condition, Fact[]>();

/** Every fact a condition reads, whether or not it is known. (Guide data never changes: cached.) */
export function factsOf(condition: Condition): Fact[] {
  let facts = factsCache.get(condition);
  if (!facts) factsCache.set(condition, (facts = readFacts(condition)));
  return facts;
}

function readFacts(condition: Condition): Fact[] {
  switch (condition.kind) {
    case 'org_type_in':
      return ['orgType'];
    case 'grade_at_least':
    case 'grade_at_most':
      return ['evaluationGrade'];
    case 'assessment_at_least':
      return ['assessmentLevel'];
    case 'flag':
    case 'count_at_least':
      return [condition.fact];
    case 'not_funded_in':
    case 'not_funded_in_all':
      return ['priorProjects'];
    case 'any_of':
      return [...new Set(condition.conditions.flatMap(factsOf))];
  }
}
