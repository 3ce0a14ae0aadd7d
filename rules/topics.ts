import { z } from 'zod';

/**
 * The closed vocabulary of topics a guide item or deadline can carry (`topic:` in the guide data).
 * A topic names what a question asks about, so an answer finds the item by its topic, never by the
 * guide's own words: a reworded guide (or a new year's) answers the same questions. `guide check`
 * requires every topic in USED_TOPICS to be present in a guide file.
 */
export const TOPICS = [
  // Cited items (prepare, notes, toAchieve, conditions, submission steps).
  /** Where events must be held (江苏省内): "能在省外办吗". */
  'out_of_province',
  /** Activities that do not count for a project (科普宣传周、全国科普日): "科普日活动能算吗". */
  'excluded_activity',
  /** A condition on being recognised at year end, not on applying (READING 7). */
  'year_end_assessment',
  /** A society taking part in a project another leads: "他们牵头我们还能报吗". */
  'participant_not_lead',
  /** Who must host an event (第一主办方): "我们协办行吗"; co-hosting allowed behind the society. */
  'first_host',
  /** The society must host alone (独立主办): no co-host at all. */
  'sole_host',
  /** A minimum number of events or people, its number in `count` (or a count_at_least condition). */
  'min_count',
  /** The address the paper copy goes to. */
  'paper_address',
  /** The online system and its address (网址): "申报系统网址是多少". */
  'system_address',
  /** How many paper copies are handed in: "申报书要交几份". */
  'paper_copies',
  /** The document a project is founded on (苏科技规…): "依据哪个文件设奖". */
  'legal_basis',
  /** What follows a failed year-end assessment (下一年度不得申报同类别项目): "考核不合格会怎样". */
  'failed_assessment',
  /** What the guide encourages or supports doing in a project: "义诊去农村行不行". */
  'encouraged',
  // Deadlines.
  'application_opens',
  'submit_online',
  'submit_paper',
  'submit_email',
  'work_complete',
  /** The report and results due after an event (会后一个月内). */
  'summary_report',
  'acceptance',
] as const;

export const topicSchema = z.enum(TOPICS);
export type Topic = z.infer<typeof topicSchema>;

/** Topics tagged in the data that no answer looks up (yet): `guide check` does not require them. */
export const UNREQUIRED_TOPICS = ['submit_email'] as const satisfies readonly Topic[];
/** The topics the handlers look items up by. A lookup by one not required does not type-check. */
export type UsedTopic = Exclude<Topic, (typeof UNREQUIRED_TOPICS)[number]>;
/** The one list `guide check` requires: every topic but the unrequired ones. */
export const USED_TOPICS: readonly UsedTopic[] = TOPICS.filter((t): t is UsedTopic => !(UNREQUIRED_TOPICS as readonly Topic[]).includes(t));

/** What a minimum counts: events (场、次) or people (人、名、位). */
export const COUNT_UNITS = ['events', 'people'] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];
export const countSchema = z.object({ min: z.number().int().positive(), unit: z.enum(COUNT_UNITS) }).strict();

/** Every topic a guide data file carries, wherever it is (items, conditions, deadlines, steps). */
export function topicsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) topicsIn(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'topic' && typeof value === 'string') found.add(value);
      else if (key !== 'readings') topicsIn(value, found);
    }
  }
  return found;
}

/** The used topics a guide data file lacks, in USED_TOPICS order. */
export function missingTopics(data: unknown): UsedTopic[] {
  const found = topicsIn(data);
  return USED_TOPICS.filter((t) => !found.has(t));
}
