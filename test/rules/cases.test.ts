/**
 * Rule cases as data. Every `test/rules/cases/*.yaml` file is
 *
 *   defs:  (optional; only holds YAML anchors for `<<:` merges)
 *   cases:
 *     - name: 说明
 *       profile: { …CONTRACT profile… }
 *       expect: { <projectId>: eligible | ineligible | unknown }      # only the ids asserted
 *       conflicts: [ { clause: 二（三）4, projects: [a, b] } ]         # optional; exact set, [] = none
 *       reasonClauses: { <projectId>: [三（一）1（2）1）] }             # optional; exact set of the
 *                                                                        # verdict's reason clauses
 *
 * Besides running every case, this file checks that the cases cover the data: every condition
 * of every project is broken by some case that asserts that project `ineligible`, and every
 * project is asserted `eligible` by some case.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { check, evaluate, parseProfile, PROJECT_IDS, projectIdSchema, type Condition, type Profile, type ProjectId } from '../../rules/index.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { shiftProfile, writeShiftedGuide } from './year-shift.js';

const CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));
const guide = loadGuideFile();
/** The same cases against a copy of the guide with every programme year +1, generated here. */
const shifted = writeShiftedGuide(1);
afterAll(() => rmSync(shifted.dir, { recursive: true, force: true }));
const GUIDES = [
  { name: `${guide.id} (bundled)`, guide, shift: (p: Profile) => p },
  { name: `${shifted.guide.id} (every year +1)`, guide: shifted.guide, shift: (p: Profile) => shiftProfile(p, 1) },
];

const verdictSchema = z.enum(['eligible', 'ineligible', 'unknown']);
const caseSchema = z
  .object({
    name: z.string().min(1),
    profile: z.unknown(),
    expect: z.partialRecord(projectIdSchema, verdictSchema).optional(),
    conflicts: z.array(z.object({ clause: z.string().min(1), projects: z.array(projectIdSchema).min(1) }).strict()).optional(),
    reasonClauses: z.partialRecord(projectIdSchema, z.array(z.string().min(1)).min(1)).optional(),
  })
  .strict()
  .refine((c) => c.expect || c.conflicts || c.reasonClauses, '每个用例至少要断言 expect、conflicts 或 reasonClauses 之一');
const fileSchema = z.object({ defs: z.unknown().optional(), cases: z.array(caseSchema).min(1) }).strict();

interface LoadedCase {
  file: string;
  name: string;
  profile: Profile;
  expect: Partial<Record<ProjectId, 'eligible' | 'ineligible' | 'unknown'>>;
  conflicts?: { clause: string; projects: ProjectId[] }[];
  reasonClauses: Partial<Record<ProjectId, string[]>>;
}

function loadCases(): LoadedCase[] {
  const files = readdirSync(CASES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const out: LoadedCase[] = [];
  for (const file of files) {
    const raw = parseYaml(readFileSync(join(CASES_DIR, file), 'utf8'), { merge: true });
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const c of parsed.data.cases) {
      const profile = parseProfile(c.profile);
      if (!profile.ok) throw new Error(`${file} «${c.name}»: profile is not a valid CONTRACT profile: ${profile.message}`);
      out.push({
        file,
        name: c.name,
        profile: profile.value,
        expect: c.expect ?? {},
        ...(c.conflicts && { conflicts: c.conflicts }),
        reasonClauses: c.reasonClauses ?? {},
      });
    }
  }
  return out;
}

const cases = loadCases();
const sortedConflicts = (list: { clause: string; projects: readonly string[] }[]) =>
  list
    .map((c) => ({ clause: c.clause, projects: [...c.projects].sort() }))
    .sort((a, b) => a.clause.localeCompare(b.clause) || a.projects.join().localeCompare(b.projects.join()));

describe.each(GUIDES)('rule cases under $name', ({ guide, shift }) => {
  it('found the case files', () => {
    expect(cases.length).toBeGreaterThan(50);
    const names = cases.map((c) => `${c.file}:${c.name}`);
    expect(new Set(names).size, 'case names are unique within a file').toBe(names.length);
  });

  describe.each([...new Set(cases.map((c) => c.file))])('%s', (file) => {
    it.each(cases.filter((c) => c.file === file).map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const result = check(guide, shift(c.profile));
      expect(Object.keys(result.projects).sort()).toEqual([...PROJECT_IDS].sort());

      const got: Record<string, string> = {};
      for (const id of Object.keys(c.expect) as ProjectId[]) got[id] = result.projects[id].verdict;
      expect(got, 'verdicts').toEqual(c.expect);

      for (const [id, clauses] of Object.entries(c.reasonClauses) as [ProjectId, string[]][]) {
        const actual = [...new Set(result.projects[id].reasons.map((r) => r.clause))].sort();
        expect(actual, `reason clauses of ${id} (${result.projects[id].verdict})`).toEqual([...new Set(clauses)].sort());
      }

      if (c.conflicts) {
        expect(sortedConflicts(result.conflicts), 'conflicts').toEqual(sortedConflicts(c.conflicts));
        for (const conflict of result.conflicts) expect(conflict.text.length).toBeGreaterThan(0);
        if (result.conflicts.length) expect(result.alternatives.length, 'a conflict comes with alternatives').toBeGreaterThan(0);
        else expect(result.alternatives).toEqual([]);
      }
    });
  });
});

/** Every condition in the data, nested ones included, with where it sits. */
function allConditions(): { path: string; condition: Condition }[] {
  const out: { path: string; condition: Condition }[] = [];
  const walk = (c: Condition, path: string) => {
    out.push({ path, condition: c });
    if (c.kind === 'any_of') c.conditions.forEach((sub, i) => walk(sub, `${path}.conditions[${i}]`));
  };
  guide.data.whoMayApply.forEach((g, i) => walk(g.condition, `whoMayApply[${i}].condition`));
  for (const id of PROJECT_IDS) guide.project(id).conditions.forEach((c, i) => walk(c, `projects.${id}.conditions[${i}]`));
  return out;
}

describe('the year-shifted guide', () => {
  it('is the bundled one a year later, with no code change', () => {
    expect(shifted.guide.year).toBe(guide.year + 1);
    expect(shifted.guide.id).not.toBe(guide.id);
    const years = (g: typeof guide) => [...new Set(JSON.stringify(g.data).match(/(?<!\d)20\d\d(?!\d)/g))].map(Number).sort();
    expect(years(shifted.guide)).toEqual(years(guide).map((y) => y + 1));
  });
});

describe('the cases cover the data', () => {
  const results = cases.map((c) => ({ c, result: check(guide, c.profile) }));

  it('every condition kind of the schema is used in the data', () => {
    const kinds = new Set(allConditions().map((x) => x.condition.kind));
    expect([...kinds].sort()).toEqual(
      [
        'any_of',
        'assessment_at_least',
        'count_at_least',
        'flag',
        'grade_at_least',
        'grade_at_most',
        'not_funded_in',
        'not_funded_in_all',
        'org_type_in',
      ].sort(),
    );
  });

  it('every condition of every project is broken by a case asserting that project ineligible', () => {
    const uncovered: string[] = [];
    for (const id of PROJECT_IDS) {
      guide.conditionsOf(id).forEach(({ condition }, i) => {
        const hit = results.some(
          ({ c, result }) =>
            c.expect[id] === 'ineligible' &&
            evaluate(condition, c.profile).truth === 'no' &&
            result.projects[id].reasons.some((r) => r.clause === condition.clause && r.quote === condition.quote && r.status === 'no'),
        );
        if (!hit) uncovered.push(`${id}: condition ${i} (${condition.kind}, ${condition.clause} ${condition.requirement})`);
      });
    }
    expect(uncovered).toEqual([]);
  });

  it('every condition is also left open by a case asserting that project unknown', () => {
    const uncovered: string[] = [];
    for (const id of PROJECT_IDS) {
      guide.conditionsOf(id).forEach(({ condition }, i) => {
        const hit = results.some(
          ({ c, result }) =>
            c.expect[id] === 'unknown' &&
            evaluate(condition, c.profile).truth === 'unknown' &&
            result.projects[id].reasons.some((r) => r.clause === condition.clause && r.status === 'unknown'),
        );
        if (!hit) uncovered.push(`${id}: condition ${i} (${condition.kind}, ${condition.clause})`);
      });
    }
    expect(uncovered).toEqual([]);
  });

  it('every project is asserted eligible by some case', () => {
    const never = PROJECT_IDS.filter((id) => !cases.some((c) => c.expect[id] === 'eligible'));
    expect(never).toEqual([]);
  });

  it('every nested condition is met by some case and failed by another', () => {
    const missing: string[] = [];
    for (const { path, condition } of allConditions()) {
      const truths = new Set(cases.map((c) => evaluate(condition, c.profile).truth));
      for (const t of ['yes', 'no'] as const) if (!truths.has(t)) missing.push(`${path} never ${t}`);
    }
    expect(missing).toEqual([]);
  });

  it('every combination rule is both broken and kept by some case', () => {
    const broken = new Set(results.flatMap(({ result }) => result.conflicts.map((x) => x.rule)));
    expect(guide.data.combinationRules.filter((r) => !broken.has(r.id)).map((r) => r.id)).toEqual([]);
    const withIntended = cases.filter((c) => c.conflicts && (c.profile.intended ?? []).length > 0);
    for (const rule of guide.data.combinationRules) {
      const involved: string[] = rule.kind === 'mutually_exclusive' ? rule.groups.flat() : rule.kind === 'requires_one_of' ? [rule.project] : rule.projects;
      const kept = withIntended.some(
        (c) =>
          c.conflicts!.every((x) => x.clause !== rule.clause) &&
          (c.profile.intended ?? []).some((i) => involved.includes(typeof i === 'string' ? i : i.project)),
      );
      expect(kept, `${rule.clause} kept by a case that applies for one of its projects`).toBe(true);
    }
  });
});
