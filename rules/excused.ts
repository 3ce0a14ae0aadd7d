import { evaluate, factsOf } from './conditions.js';
import type { Guide } from './guide.js';
import type { Fact, Profile } from './profile.js';
import type { Condition } from './schema.js';

type AnyOf = Extract<Condition, { kind: 'any_of' }>;

/**
 * The condition under which a fact told does not count against this profile: an any_of whose other
 * branch, a kind of unit, the profile already meets ("省级学会须年检合格（直属事业单位不适用此项）" for a 直属事业单位
 * that says it has no 年检). Only for projects the profile is not already kept from by its type.
 * Undefined when the fact counts wherever it is read, or holds anyway.
 */
export function excusedBy(guide: Guide, profile: Profile, fact: Fact): AnyOf | undefined {
  for (const id of guide.projectIds) {
    const applied = guide.conditionsOf(id);
    const typeOk = applied.every(({ condition }) => condition.kind !== 'org_type_in' || evaluate(condition, profile).truth !== 'no');
    if (!typeOk) continue;
    for (const { condition } of applied) {
      if (condition.kind !== 'any_of') continue;
      // The branch reading the fact fails: the fact would count against the profile but for the other branch.
      const reads = condition.conditions.filter((c) => factsOf(c).includes(fact) && evaluate(c, profile).truth === 'no');
      // …and the branch met is the kind of unit: an exemption, not another way of meeting the condition.
      const met = condition.conditions.filter((c) => c.kind === 'org_type_in' && !factsOf(c).includes(fact) && evaluate(c, profile).truth === 'yes');
      if (reads.length && met.length) return condition;
    }
  }
  return undefined;
}
