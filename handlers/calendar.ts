import { createEvents, type EventAttributes } from 'ics';
import { listDeadlines, parseInstant, type Guide, type ProjectId } from '../rules/index.js';

/** The society's own deadlines as an iCalendar file (Feishu, Outlook and phone calendars read it). */
export function deadlinesCalendar(
  guide: Guide,
  projects: ProjectId[],
  opts: { nowMs: number; eventDates?: Record<string, string>; uidPrefix: string },
): string {
  const byId = new Map<string, { at: string; label: string; clause: string; quote: string; projects: ProjectId[] }>();
  for (const project of projects) {
    const eventDate = opts.eventDates?.[project];
    for (const d of listDeadlines(guide, { nowMs: opts.nowMs, project, ...(eventDate && { eventDate }) })) {
      if (d.at === null || d.kind === 'opens') continue;
      const key = `${d.id}@${d.at}`;
      const seen = byId.get(key);
      if (seen) seen.projects.push(project);
      else byId.set(key, { at: d.at, label: d.label, clause: d.clause, quote: d.quote, projects: [project] });
    }
  }
  const events: EventAttributes[] = [...byId.entries()].map(([key, d]) => {
    const end = parseInstant(d.at);
    return {
      uid: `${opts.uidPrefix}-${key.replace(/[^a-z0-9-]/gi, '')}@shenbao`,
      title: `【截止】${d.label}`,
      description: `项目：${d.projects.map(guide.projectName).join('、')}\n依据 ${d.clause}：${d.quote}\n${guide.data.title}`,
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
      categories: ['申报助手'],
      calName: '申报助手 · 截止时间',
      productId: 'shenbao/ics',
    };
  });
  const { error, value } = createEvents(events, { productId: 'shenbao/ics', calName: '申报助手 · 截止时间' });
  if (error || !value) throw error ?? new Error('calendar');
  return value;
}
