import { z } from 'zod';
import { FACTS, GRADES, ORG_TYPES, PROJECT_IDS, projectIdSchema } from './profile.js';
import { countSchema, topicSchema } from './topics.js';

/**
 * The shape of a guide data file. A new year's guide is a new file of this shape;
 * the engine reads nothing else. Every rule, date and evidence item cites its clause
 * (the guide's own numbering) and quotes the guide's words.
 */

const clause = z.string().min(1);
/** Number of the reading in shared/guide/READING.md (or the file's own `readings`). */
const readingRef = z.number().int().positive();

export const citedSchema = z
  .object({
    clause,
    quote: z.string().min(1),
    text: z.string().min(1).optional(),
    reading: readingRef.optional(),
    /** What a question about this item asks (rules/topics.ts): answers find items by it, not by their words. */
    topic: topicSchema.optional(),
    /** For a minimum ("不少于15场"): the number and what it counts, so no answer reads it out of the quote. */
    count: countSchema.optional(),
    /** The pieces of evidence the sentence lists ("评估会场主题照片、专家成员签到表…"), one checklist item each. */
    pieces: z.array(z.string().min(1)).min(2).optional(),
  })
  .strict();
export type Cited = z.infer<typeof citedSchema>;

const booleanFact = z.enum(['annualInspectionPassed', 'integrityIssues', 'fullTimeStaff', 'cnJournal', 'awardFiled']);
const countFact = z.enum(['medicalExperts', 'assessmentLevel']);

const citation = {
  clause,
  quote: z.string().min(1),
  /** What the condition requires, in plain Chinese: "上一年度综合能力评价等级不低于B等". */
  requirement: z.string().min(1),
  reading: readingRef.optional(),
  topic: topicSchema.optional(),
};

const leafConditions = [
  z.object({ kind: z.literal('org_type_in'), values: z.array(z.enum(ORG_TYPES)).min(1), ...citation }).strict(),
  z.object({ kind: z.literal('grade_at_least'), grade: z.enum(GRADES).exclude(['none']), ...citation }).strict(),
  z.object({ kind: z.literal('grade_at_most'), grade: z.enum(GRADES).exclude(['none']), ...citation }).strict(),
  z.object({ kind: z.literal('assessment_at_least'), level: z.number().int().min(0).max(5), ...citation }).strict(),
  z.object({ kind: z.literal('flag'), fact: booleanFact, equals: z.boolean(), ...citation }).strict(),
  z.object({ kind: z.literal('count_at_least'), fact: countFact, min: z.number().int().min(0), ...citation }).strict(),
  z.object({ kind: z.literal('not_funded_in'), project: projectIdSchema, year: z.number().int(), ...citation }).strict(),
  z
    .object({
      kind: z.literal('not_funded_in_all'),
      project: projectIdSchema,
      years: z.array(z.number().int()).min(1),
      ...citation,
    })
    .strict(),
] as const;

export type Condition =
  | z.infer<(typeof leafConditions)[number]>
  | {
      kind: 'any_of';
      conditions: Condition[];
      clause: string;
      quote: string;
      requirement: string;
      reading?: number;
      topic?: z.infer<typeof topicSchema>;
    };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [...leafConditions, z.object({ kind: z.literal('any_of'), conditions: z.array(conditionSchema).min(1), ...citation }).strict()]),
);

/** Which projects a shared item applies to: all of them, a list, or all but some. */
const projectSelector = z.union([z.literal('all'), z.array(projectIdSchema).min(1), z.object({ allExcept: z.array(projectIdSchema).min(1) }).strict()]);
export type ProjectSelector = z.infer<typeof projectSelector>;

/** Date-time with offset, or a date (= end of that day, 23:59:59). */
const instant = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$/, '须为带时区的时间，如 2022-05-17T17:00:00+08:00'),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '须为日期，如 2022-11-30'),
]);

const deadlineBase = {
  id: z.string().regex(/^[a-z0-9-]+$/, '只能用小写字母、数字和连字符'),
  label: z.string().min(1),
  /** The label in English, for an English chat, calendar and reminders. */
  labelEn: z.string().min(1).optional(),
  /** Which deadline a question names ("电子版几点截止" is submit_online), rules/topics.ts. */
  topic: topicSchema.optional(),
  clause,
  quote: z.string().min(1),
  reading: readingRef.optional(),
  /** What happens at this moment: apply, hand in, finish the work, be accepted. */
  kind: z.enum(['opens', 'submit', 'complete', 'materials', 'acceptance']),
};
const deadlineTiming = z.union([
  z.object({ at: instant.nullable() }).strict(),
  /** Relative to the day the society holds its event ("会后一个月内"). */
  z
    .object({
      afterEvent: z
        .object({
          months: z.number().int().positive(),
          /** The deadline (by id) the event itself must be held by: a later event is outside the programme. */
          eventBy: z.string().optional(),
          /** The reading an answer rests on when the month is clamped or the event is too late. */
          edgeReading: readingRef.optional(),
        })
        .strict(),
    })
    .strict(),
]);
export const deadlineSchema = z.intersection(z.object(deadlineBase), deadlineTiming);
export const sharedDeadlineSchema = z.intersection(z.object({ ...deadlineBase, projects: projectSelector }), deadlineTiming);
export type DeadlineDef = z.infer<typeof deadlineSchema>;

const evidenceSchema = z
  .object({
    application: z.array(citedSchema).default([]),
    closing: z.array(citedSchema).default([]),
    notes: z.array(citedSchema).default([]),
  })
  .strict();

export const projectSchema = z
  .object({
    name: z.string().min(1),
    /** Short forms and variants secretaries type, for recognising the project in free text. */
    aliases: z.array(z.string().min(1)).default([]),
    category: z.string().min(1),
    /** The sub-heading between category and project, e.g. 学术交流, when the guide has one. */
    group: z.string().optional(),
    clause,
    conditions: z.array(conditionSchema).default([]),
    /** Requirements no profile field covers: listed as things to prepare, never a verdict. */
    prepare: z.array(citedSchema).default([]),
    /** Conditions on being recognised at year end, not on applying (READING 7). */
    toAchieve: z.array(citedSchema).default([]),
    deadlines: z.array(deadlineSchema).default([]),
    evidence: evidenceSchema.default({ application: [], closing: [], notes: [] }),
    submission: z.string().min(1),
  })
  .strict();
export type ProjectDef = z.infer<typeof projectSchema>;

const combinationRule = z.discriminatedUnion('kind', [
  /** No two of these groups may both be applied for. */
  z
    .object({
      kind: z.literal('mutually_exclusive'),
      id: z.string(),
      groups: z.array(z.array(projectIdSchema).min(1)).min(2),
      text: z.string(),
      clause,
      quote: z.string(),
      reading: readingRef.optional(),
    })
    .strict(),
  /** Applying for `project` requires applying for at least one of `oneOf`. */
  z
    .object({
      kind: z.literal('requires_one_of'),
      id: z.string(),
      project: projectIdSchema,
      oneOf: z.array(projectIdSchema).min(1),
      text: z.string(),
      clause,
      quote: z.string(),
      reading: readingRef.optional(),
    })
    .strict(),
  /** At most `max` distinct projects of the list, unless `unless` is also applied for. */
  z
    .object({
      kind: z.literal('at_most_of'),
      id: z.string(),
      projects: z.array(projectIdSchema).min(2),
      max: z.number().int().min(1),
      unless: projectIdSchema.optional(),
      text: z.string(),
      clause,
      quote: z.string(),
      reading: readingRef.optional(),
    })
    .strict(),
  /** Each listed project at most `max` times. */
  z
    .object({
      kind: z.literal('max_count_each'),
      id: z.string(),
      projects: z.array(projectIdSchema).min(1),
      max: z.number().int().min(1),
      text: z.string(),
      clause,
      quote: z.string(),
      reading: readingRef.optional(),
    })
    .strict(),
]);
export type CombinationRule = z.infer<typeof combinationRule>;

const generalCondition = z.object({ appliesTo: projectSelector, condition: conditionSchema }).strict();

const contact = z.object({ name: z.string(), unit: z.string(), phone: z.string(), role: z.string() }).strict();

export const guideSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    year: z.number().int(),
    issuedOn: z.string(),
    source: z.string().min(1),
    /** The guide's full text, beside the data file, for quoting passages in answers. */
    textFile: z.string().optional(),
    categories: z.array(z.object({ id: z.string(), name: z.string(), clause, projects: z.array(projectIdSchema).min(1) }).strict()).min(1),
    quotas: z.array(z.object({ projects: z.array(projectIdSchema).min(1), max: z.number().int().positive(), clause, quote: z.string() }).strict()),
    totalQuota: citedSchema.extend({ max: z.number().int().positive() }).optional(),
    funding: z
      .object({
        honours: z.array(projectIdSchema),
        honoursNote: citedSchema,
        paidNote: citedSchema,
        priority: citedSchema,
        notes: z.array(citedSchema).default([]),
      })
      .strict(),
    whoMayApply: z.array(generalCondition).min(1),
    generalPrepare: z.array(citedSchema).default([]),
    combinationRules: z.array(combinationRule),
    sharedDeadlines: z.array(sharedDeadlineSchema).default([]),
    sharedEvidence: z
      .array(
        z
          .object({
            projects: projectSelector,
            application: z.array(citedSchema).default([]),
            closing: z.array(citedSchema).default([]),
            notes: z.array(citedSchema).default([]),
          })
          .strict(),
      )
      .default([]),
    submission: z.record(z.string(), z.object({ name: z.string(), steps: z.array(citedSchema).min(1) }).strict()),
    contacts: z.object({ people: z.array(contact).min(1), paperAddress: citedSchema, clause, quote: z.string() }).strict(),
    /** The project's own readings of clauses READING.md does not cover, numbered after it. */
    readings: z.record(z.string(), z.string()).default({}),
    projects: z.partialRecord(projectIdSchema, projectSchema),
  })
  .strict()
  .superRefine((guide, ctx) => {
    for (const id of PROJECT_IDS) {
      if (!guide.projects[id]) ctx.addIssue({ code: 'custom', path: ['projects', id], message: '缺少该子项目' });
    }
    for (const [id, project] of Object.entries(guide.projects)) {
      if (!guide.submission[project.submission]) {
        ctx.addIssue({ code: 'custom', path: ['projects', id, 'submission'], message: `未定义的申报方式 "${project.submission}"` });
      }
    }
  });

export type GuideData = z.infer<typeof guideSchema>;
export { FACTS };
