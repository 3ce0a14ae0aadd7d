import type { Guide } from './guide.js';
import type { ProjectId } from './profile.js';
import { addMonths, formatCst, parseInstant } from './time.js';
import type { Topic } from './topics.js';

export interface Deadline {
  id: string;
  projects: ProjectId[];
  /** ISO 8601 at +08:00; null when the guide leaves it open (另行通知) or the event is outside the programme. */
  at: string | null;
  label: string;
  /** The label in English, when the guide data gives one. */
  labelEn?: string;
  /** What a question about this deadline names (rules/topics.ts). */
  topic?: Topic;
  clause: string;
  passed: boolean;
  kind: 'opens' | 'submit' | 'complete' | 'materials' | 'acceptance';
  quote: string;
  reading?: number;
  /** For 会后一个月内: the event day it counts from. */
  eventDate?: string;
  /** Set when the event day is after the day events must be held by: no date is given, this says why. */
  warning?: string;
  /** The same, as data for an answer in any language: the event day and the deadline it misses. */
  late?: { eventDate: string; by: { label: string; labelEn?: string; at: string; clause: string } };
}

export interface DeadlineQuery {
  nowMs: number;
  project?: ProjectId;
  /** YYYY-MM-DD, already validated: the day an academic exchange event is held. */
  eventDate?: string;
  /** A society's event days by project; with `project`, that project's day is used as `eventDate`. */
  eventDates?: Readonly<Record<string, string>>;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * When a deadline has passed. A time of day has passed at that very minute (READING 12:
 * at 17:00:00 the system is closed); a date is the whole day, so it has passed at the next midnight.
 */
export function closesAt(value: string): number {
  return DATE_ONLY.test(value) ? parseInstant(value) + 1000 : parseInstant(value);
}

/**
 * The guide's deadlines relative to now. Relative ones (会后一个月内) appear only when the
 * event date is known. Dated items come first in time order, open ones (at: null) last.
 */
export function listDeadlines(guide: Guide, query: DeadlineQuery): Deadline[] {
  const eventDate = query.eventDate ?? (query.project ? query.eventDates?.[query.project] : undefined);
  const out: Array<Deadline & { ms: number }> = [];
  for (const def of guide.deadlines) {
    if (query.project && !def.projects.includes(query.project)) continue;
    let value: string | null;
    let dayOfEvent: string | undefined;
    let reading = def.reading;
    let warning: string | undefined;
    let late: Deadline['late'];
    if ('afterEvent' in def) {
      if (!eventDate) continue;
      dayOfEvent = eventDate;
      const rule = def.afterEvent;
      const by = rule.eventBy ? guide.deadlines.find((d) => d.id === rule.eventBy) : undefined;
      const byAt = by && 'at' in by ? by.at : null;
      if (byAt && parseInstant(`${eventDate}`) > parseInstant(byAt)) {
        // READING 13: an event after the completion day is outside the programme; no date next year.
        value = null;
        warning = `活动日期${eventDate}晚于${by!.label}的期限（${byAt.slice(0, 10)}，${by!.clause}），不在本年度项目范围内，无法计算会后材料截止日期`;
        late = { eventDate, by: { label: by!.label, ...(by!.labelEn && { labelEn: by!.labelEn }), at: byAt, clause: by!.clause } };
        if (rule.edgeReading !== undefined) reading = rule.edgeReading;
      } else {
        value = addMonths(eventDate, rule.months);
        // READING 13: one month after the 31st is the last day of the shorter month.
        if (rule.edgeReading !== undefined && value.slice(8) !== eventDate.slice(8)) reading = rule.edgeReading;
      }
    } else {
      value = def.at;
    }
    const ms = value === null ? null : parseInstant(value);
    const item: Deadline & { ms: number } = {
      id: def.id,
      projects: query.project ? [query.project] : [...def.projects],
      at: ms === null ? null : formatCst(ms),
      label: dayOfEvent ? `${def.label}（活动日期${dayOfEvent}）` : def.label,
      clause: def.clause,
      passed: value !== null && query.nowMs >= closesAt(value),
      kind: def.kind,
      quote: def.quote,
      ms: ms ?? Infinity,
    };
    if (reading !== undefined) item.reading = reading;
    if (def.labelEn) item.labelEn = def.labelEn;
    if (def.topic) item.topic = def.topic;
    if (dayOfEvent) item.eventDate = dayOfEvent;
    if (warning) item.warning = warning;
    if (late) item.late = late;
    out.push(item);
  }
  return out.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...d }) => d);
}

/**
 * What 会后一个月内 gives for an event day (READING 9 and 13), for one project or the first project that
 * has such a deadline: the due day, or `late` when the event is after the day events must be held by
 * (then `at` is null and no date is given). Undefined when no deadline counts from an event.
 */
export function afterEventDue(guide: Guide, eventDate: string, project?: ProjectId): Deadline | undefined {
  return listDeadlines(guide, { nowMs: 0, eventDate, ...(project && { project }) }).find((d) => d.eventDate !== undefined);
}

/** The projects with a deadline counted from the day of their event (问道科学沙龙, the academic exchanges). */
export function eventProjects(guide: Guide): ProjectId[] {
  return [...new Set(guide.deadlines.flatMap((d) => ('afterEvent' in d ? d.projects : [])))];
}
