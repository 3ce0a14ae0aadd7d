import { createEvents, type EventAttributes } from 'ics';
import { listDeadlines, parseInstant, type Guide, type ProjectId } from '../rules/index.js';
import { deadlineLabel } from './facts-text.js';
import { translator, type Lang } from './i18n.js';

/** The society's own deadlines as an iCalendar file (Feishu, Outlook and phone calendars read it). */
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
      else byId.set(key, { at: d.at, label: deadlineLabel(guide, d, t), clause: d.clause, quote: d.quote, projects: [project] });
    }
  }
  const calName = t('calendar.name');
  const events: EventAttributes[] = [...byId.entries()].map(([key, d]) => {
    const end = parseInstant(d.at);
    return {
      uid: `${opts.uidPrefix}-${key.replace(/[^a-z0-9-]/gi, '')}@shenbao`,
      title: t('calendar.title', { label: d.label }),
      description: t('calendar.description', { projects: d.projects.map(guide.projectName).join(t('sep.list')), clause: d.clause, quote: d.quote, guide: guide.data.title }),
      // DTSTAMP from the injected clock, not the library's Date.now(): handlers stay pure.
      timestamp: opts.nowMs,
      start: end - 3600_000,
      end,
      startInputType: 'utc',
      endInputType: 'utc',
      alarms: [
        { action: 'display', description: d.label, trigger: { days: 3, before: true } },
        { action: 'display', description: d.label, trigger: { days: 1, before: true } },
      ],
      categories: [t('calendar.category')],
      calName,
      productId: 'shenbao/ics',
    };
  });
  const { error, value } = createEvents(events, { productId: 'shenbao/ics', calName });
  if (error || !value) throw error ?? new Error('calendar');
  return value;
}
