import ical, { ICalAlarmRelatesTo, ICalAlarmType } from 'ical-generator';
import { listDeadlines, parseInstant, type Guide, type ProjectId } from '../rules/index.js';
import { deadlineLabel } from './facts-text.js';
import { translator, type Lang } from './i18n.js';

/** Alarms before each deadline, as the chat promises: 7, 3 and 1 days before, and the morning of the day. */
export const ALARM_DAYS_BEFORE = [7, 3, 1] as const;
/** "The morning of": 09:00 China time (UTC+8 all year, no daylight saving) on the deadline's day. */
const MORNING_HOUR = 9;
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Seconds from 09:00 China time on the deadline's day to the deadline; undefined when the deadline is not later that day. */
export function morningLeadSeconds(endMs: number): number | undefined {
  const chinaMidnight = Math.floor((endMs + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const morning = chinaMidnight + MORNING_HOUR * 3600_000;
  return endMs > morning ? Math.round((endMs - morning) / 1000) : undefined;
}

/**
 * The society's own deadlines as an iCalendar file (Feishu, Outlook and phone calendars read it).
 * ical-generator, not `ics`: `ics` 3.12 writes day alarms as `-P3DT` (not RFC 5545) and folds lines
 * at 75 characters instead of 75 octets, which Chinese text (3 octets a character) overruns.
 */
export function deadlinesCalendar(
  guide: Guide,
  projects: ProjectId[],
  opts: { nowMs: number; eventDates?: Record<string, string>; uidPrefix: string; lang?: Lang },
): string {
  const t = translator(opts.lang);
  const byId = new Map<string, { at: string; label: string; clause: string; quote: string; projects: ProjectId[] }>();
  for (const project of projects) {
    for (const d of listDeadlines(guide, { nowMs: opts.nowMs, project, ...(opts.eventDates && { eventDates: opts.eventDates }) })) {
      if (d.at === null || d.kind === 'opens') continue;
      const key = `${d.id}@${d.at}`;
      const seen = byId.get(key);
      if (seen) seen.projects.push(project);
      else byId.set(key, { at: d.at, label: deadlineLabel(guide, d, t, opts.lang), clause: d.clause, quote: d.quote, projects: [project] });
    }
  }
  const calendar = ical({ name: t('calendar.name'), prodId: { company: 'shenbao', product: 'ics' } });
  for (const [key, d] of byId.entries()) {
    const end = parseInstant(d.at);
    const event = calendar.createEvent({
      id: `${opts.uidPrefix}-${key.replace(/[^a-z0-9-]/gi, '')}@shenbao`,
      summary: t('calendar.title', { label: d.label }),
      description: t('calendar.description', {
        projects: d.projects.map(guide.projectName).join(t('sep.list')),
        clause: d.clause,
        quote: d.quote,
        guide: guide.data.title,
      }),
      // DTSTAMP from the injected clock, not the library's clock: handlers stay pure.
      stamp: new Date(opts.nowMs),
      start: new Date(end - 3600_000),
      end: new Date(end),
      categories: [{ name: t('calendar.category') }],
    });
    // Relative to the deadline itself (DTEND): TRIGGER;RELATED=END:-P7D … and -PT…H for the morning.
    const leads = [...ALARM_DAYS_BEFORE.map((days) => days * 86_400), morningLeadSeconds(end)];
    for (const seconds of leads) {
      if (seconds === undefined) continue;
      event.createAlarm({ type: ICalAlarmType.display, trigger: seconds, description: d.label }).relatesTo(ICalAlarmRelatesTo.end);
    }
  }
  return calendar.toString();
}
