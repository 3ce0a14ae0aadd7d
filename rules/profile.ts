import { z } from 'zod';

/** Project ids are fixed by CONTRACT.md; a guide file must use only these. */
export const PROJECT_IDS = [
  'first_class_society',
  'platform_academic',
  'platform_science_pop',
  'platform_tech_service',
  'member_home',
  'development_aid',
  'salon',
  'brand_exchange',
  'featured_exchange',
  'journal_tier',
  'paper_selection',
  'consortium',
  'standard',
  'tech_assessment',
  'tech_award',
  'decision_consulting',
  'youth_science',
  'health',
  'rural_industry',
  'rural_beauty',
] as const;

export type ProjectId = (typeof PROJECT_IDS)[number];
export const projectIdSchema = z.enum(PROJECT_IDS);

export const ORG_TYPES = ['society', 'affiliated_institution', 'other'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** Best first. "none" = did not take part in last year's evaluation. */
export const GRADES = ['A', 'B', 'C', 'D', 'none'] as const;
export type Grade = (typeof GRADES)[number];

const intendedItem = z.union([projectIdSchema, z.object({ project: projectIdSchema, count: z.number().int().min(1) }).strict()]);

export const profileSchema = z
  .object({
    orgType: z.enum(ORG_TYPES),
    evaluationGrade: z.enum(GRADES),
    assessmentLevel: z.number().int().min(0).max(5),
    annualInspectionPassed: z.boolean(),
    integrityIssues: z.boolean(),
    fullTimeStaff: z.boolean(),
    cnJournal: z.boolean(),
    awardFiled: z.boolean(),
    medicalExperts: z.number().int().min(0),
    priorProjects: z.array(z.object({ year: z.number().int(), project: projectIdSchema }).strict()),
    intended: z.array(intendedItem),
  })
  .partial()
  .strict();

export type Profile = z.infer<typeof profileSchema>;

/** The facts a verdict can depend on: every profile field but `intended`. */
export const FACTS = [
  'orgType',
  'evaluationGrade',
  'assessmentLevel',
  'annualInspectionPassed',
  'integrityIssues',
  'fullTimeStaff',
  'cnJournal',
  'awardFiled',
  'medicalExperts',
  'priorProjects',
] as const;
export type Fact = (typeof FACTS)[number];

export interface Intention {
  project: ProjectId;
  count: number;
}

/** Folds bare ids and repeated entries into one count per project, in first-seen order. */
export function intentions(profile: Profile): Intention[] {
  const counts = new Map<ProjectId, number>();
  for (const item of profile.intended ?? []) {
    const [project, count] = typeof item === 'string' ? [item, 1] : [item.project, item.count];
    counts.set(project, (counts.get(project) ?? 0) + count);
  }
  return [...counts].map(([project, count]) => ({ project, count }));
}
