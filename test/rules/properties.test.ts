/**
 * Properties of the engine over random valid profiles (every CONTRACT field, each optional).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  FACTS,
  findConflicts,
  GRADES,
  intentions,
  missingFacts,
  ORG_TYPES,
  parseProfile,
  PROJECT_IDS,
  type Fact,
  type Profile,
  type ProjectId,
} from '../../rules/index.js';
import { loadGuideFile } from '../../src/guide-file.js';

const guide = loadGuideFile();
const NUM_RUNS = 400;

const projectId = fc.constantFrom(...PROJECT_IDS);
const intendedItem = fc.oneof(projectId, fc.record({ project: projectId, count: fc.integer({ min: 1, max: 3 }) }));

/** Any valid profile; each field present or absent. Values cluster around the guide's thresholds. */
const profileArb: fc.Arbitrary<Profile> = fc.record(
  {
    orgType: fc.constantFrom(...ORG_TYPES),
    evaluationGrade: fc.constantFrom(...GRADES),
    assessmentLevel: fc.integer({ min: 0, max: 5 }),
    annualInspectionPassed: fc.boolean(),
    integrityIssues: fc.boolean(),
    fullTimeStaff: fc.boolean(),
    cnJournal: fc.boolean(),
    awardFiled: fc.boolean(),
    medicalExperts: fc.oneof(fc.integer({ min: 4, max: 8 }), fc.nat({ max: 100 })),
    priorProjects: fc.array(fc.record({ year: fc.integer({ min: 2019, max: 2021 }), project: projectId }), { maxLength: 6 }),
    intended: fc.array(intendedItem, { maxLength: 8 }),
  },
  { requiredKeys: [] },
);

/** Profiles where the facts are usually known, so that verdicts are often decided. */
const fullerProfileArb: fc.Arbitrary<Profile> = fc.tuple(profileArb, fc.subarray([...FACTS] as Fact[])).map(([p, drop]) => {
  const base: Profile = {
    orgType: 'society',
    evaluationGrade: 'C',
    assessmentLevel: 3,
    annualInspectionPassed: true,
    integrityIssues: false,
    fullTimeStaff: true,
    cnJournal: true,
    awardFiled: true,
    medicalExperts: 6,
    priorProjects: [],
  };
  const merged: Record<string, unknown> = { ...base, ...p };
  for (const f of drop) if (!(f in p)) delete merged[f];
  return merged as Profile;
});

const anyProfile = fc.oneof(profileArb, fullerProfileArb);

function without(profile: Profile, field: keyof Profile): Profile {
  const copy: Record<string, unknown> = { ...profile };
  delete copy[field];
  return copy as Profile;
}

describe('engine properties over random profiles', () => {
  it('generated profiles are valid CONTRACT profiles', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        const parsed = parseProfile(JSON.parse(JSON.stringify(profile)));
        expect(parsed.ok).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never throws, answers for all 20 ids, and explains every ineligible/unknown verdict with a clause', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        const result = check(guide, profile);
        expect(result.guide).toBe('jsast-2022');
        expect(Object.keys(result.projects).sort()).toEqual([...PROJECT_IDS].sort());
        for (const id of PROJECT_IDS) {
          const v = result.projects[id];
          expect(['eligible', 'ineligible', 'unknown']).toContain(v.verdict);
          if (v.verdict !== 'eligible') expect(v.reasons.length, `${id} ${v.verdict} has a reason`).toBeGreaterThan(0);
          for (const r of v.reasons) {
            expect(r.clause.trim().length, `${id} reason has a clause`).toBeGreaterThan(0);
            expect(r.text.length).toBeGreaterThan(0);
          }
          if (v.verdict === 'ineligible') expect(v.reasons.some((r) => r.status === 'no')).toBe(true);
          if (v.verdict === 'unknown') expect(v.reasons.every((r) => r.status === 'unknown' && (r.missing ?? []).length > 0)).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('verdicts depend on the facts alone, not on what is intended', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        expect(check(guide, without(profile, 'intended')).projects).toEqual(check(guide, profile).projects);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is monotone: filling in a missing fact never flips a decided verdict', () => {
    fc.assert(
      fc.property(anyProfile, fc.constantFrom(...FACTS), (full, fact) => {
        fc.pre(full[fact] !== undefined);
        const smaller = without(full, fact);
        const small = check(guide, smaller).projects;
        const big = check(guide, full).projects;
        for (const id of PROJECT_IDS) {
          if (small[id].verdict !== 'unknown') {
            expect(big[id].verdict, `${id} after adding ${fact}=${JSON.stringify(full[fact])}`).toBe(small[id].verdict);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is monotone over several facts at once', () => {
    fc.assert(
      fc.property(anyProfile, fc.subarray([...FACTS] as Fact[], { minLength: 1 }), (full, facts) => {
        let smaller = full;
        for (const f of facts) smaller = without(smaller, f);
        const small = check(guide, smaller).projects;
        const big = check(guide, full).projects;
        for (const id of PROJECT_IDS) if (small[id].verdict !== 'unknown') expect(big[id].verdict).toBe(small[id].verdict);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('missingFacts lists only absent facts, and one for every unknown verdict', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        const verdicts = check(guide, profile).projects;
        const missing = missingFacts(guide, profile);
        const facts = missing.map((m) => m.fact);
        expect(new Set(facts).size, 'no fact twice').toBe(facts.length);
        for (const m of missing) {
          expect(FACTS).toContain(m.fact);
          expect(profile[m.fact], `${m.fact} is listed but known`).toBeUndefined();
          expect(m.projects.length).toBeGreaterThan(0);
          for (const id of m.projects) expect(verdicts[id].verdict, `${m.fact} lists ${id}`).toBe('unknown');
          expect(m.settles).toBeGreaterThanOrEqual(0);
          expect(m.settles).toBeLessThanOrEqual(PROJECT_IDS.length);
        }
        const unknownIds = PROJECT_IDS.filter((id) => verdicts[id].verdict === 'unknown');
        for (const id of unknownIds) {
          const own = new Set(verdicts[id].reasons.flatMap((r) => r.missing ?? []));
          expect(
            missing.some((m) => m.projects.includes(id) && own.has(m.fact)),
            `a missing fact is listed for unknown ${id}`,
          ).toBe(true);
        }
        if (unknownIds.length === 0) expect(missing).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('answering the first missing fact settles at least one verdict for some answer', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const [first] = missingFacts(guide, profile);
        if (!first) return;
        expect(first.settles).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('conflicts name only intended projects, and every alternative is itself free of conflicts', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        const result = check(guide, profile);
        const wanted = intentions(profile);
        const wantedIds = new Set<ProjectId>(wanted.map((i) => i.project));
        for (const c of result.conflicts) {
          expect(c.projects.length).toBeGreaterThan(0);
          for (const id of c.projects) expect(wantedIds.has(id), `${c.clause} names ${id}`).toBe(true);
          expect(c.clause).toMatch(/^二（三）\d$/);
        }
        expect(result.conflicts).toEqual(findConflicts(guide, wanted));
        if (result.conflicts.length === 0) {
          expect(result.alternatives).toEqual([]);
          return;
        }
        expect(result.alternatives.length, 'a conflicting plan gets at least one alternative').toBeGreaterThan(0);
        for (const alt of result.alternatives) {
          expect(findConflicts(guide, alt.intended), `alternative ${JSON.stringify(alt.intended)}`).toEqual([]);
          // Only projects it may apply for (or still unknown) are kept or added; an ineligible one is removed, with why.
          for (const i of alt.intended) expect(result.projects[i.project].verdict, `${i.project} kept`).not.toBe('ineligible');
          expect(alt.because.map((b) => b.project)).toEqual(alt.removed);
          const unknownKept = alt.intended.filter((i) => result.projects[i.project].verdict === 'unknown').map((i) => i.project);
          expect(alt.pending.map((p) => p.project)).toEqual(unknownKept);
          for (const p of alt.pending) expect(p.missing.length, `${p.project} says what is missing`).toBeGreaterThan(0);
          if (alt.intended.length === 0) for (const id of wantedIds) expect(result.projects[id].verdict).toBe('ineligible');
          for (const id of alt.removed) expect(wantedIds.has(id)).toBe(true);
          for (const id of alt.reduced) expect(wantedIds.has(id)).toBe(true);
          for (const id of alt.added) expect(wantedIds.has(id)).toBe(false);
          for (const i of alt.intended) {
            expect(wantedIds.has(i.project) || alt.added.includes(i.project)).toBe(true);
            expect(alt.removed).not.toContain(i.project);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
