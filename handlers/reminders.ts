import { cstDate, evidenceFor, intentions, listDeadlines, parseInstant, type Deadline, type Guide, type ProjectId } from '../rules/index.js';
import { checklistView, phaseOfDeadline, type ChecklistEntries } from './checklist.js';
import { deadlineLabel } from './facts-text.js';
import { translator, type Lang } from './i18n.js';
import type { ChatState } from './state.js';

export interface ReminderPolicy {
  /** Days before the deadline, e.g. [7, 3, 1, 0]; 0 = the morning of the day. */
  offsetsDays: number[];
  /** "HH:MM", China time. */
  time: string;
}

export interface DueReminder {
  /** Stable across restarts and profile edits: one sent-marker per society, deadline and offset. */
  key: string;
  deadline: Deadline;
  offsetDays: number;
  dueMs: number;
  projects: ProjectId[];
  /** The society's language, for the reminder's text. */
  lang: Lang;
}

/** Reminders only once the secretary said yes (the offer at the end of the interview, or /remind on). */
export function remindersEnabled(state: ChatState): boolean {
  if (state.inactive) return false;
  return state.reminders === true;
}

/**
 * Every reminder a chat should get, derived from its stored profile and the guide: the dated
 * deadlines of its intended projects (and 会后一个月内 once it told us the event day), at each offset.
 */
export function reminderSchedule(guide: Guide, state: ChatState, policy: ReminderPolicy, nowMs: number): DueReminder[] {
  if (!remindersEnabled(state)) return [];
  const byKey = new Map<string, DueReminder>();
  for (const { project } of intentions(state.profile)) {
    for (const d of listDeadlines(guide, { nowMs, project, eventDates: state.eventDates })) {
      if (d.at === null || d.kind === 'opens') continue;
      const atMs = parseInstant(d.at);
      for (const offsetDays of policy.offsetsDays) {
        const day = cstDate(atMs - offsetDays * 86_400_000);
        let dueMs = parseInstant(`${day}T${policy.time}:00+08:00`);
        // A deadline earlier in the day than the reminder hour is reminded at the start of its day.
        if (dueMs > atMs) dueMs = parseInstant(`${day}T00:00:00+08:00`);
        const key = `${guide.id}:${d.id}:${d.at}:${offsetDays}`;
        const seen = byKey.get(key);
        if (seen) seen.projects.push(project);
        else byKey.set(key, { key, deadline: d, offsetDays, dueMs, projects: [project], lang: state.lang });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.dueMs - b.dueMs);
}

/**
 * The reminder's text, in the society's language: what is due, the evidence to have ready, and where and how to submit.
 * With the society's `checklist`, only the items of the deadline's phase still open are listed, or that all are ready.
 */
export function reminderText(guide: Guide, r: DueReminder, opts: { lateByMs?: number; lang?: Lang; checklist?: ChecklistEntries } = {}): string {
  const t = translator(opts.lang ?? r.lang);
  const sep = t('sep.semi');
  const d = r.deadline;
  const when = d.at!.slice(0, 16).replace('T', ' ');
  const label = deadlineLabel(guide, d, t, opts.lang ?? r.lang);
  const head =
    r.offsetDays === 0
      ? t('reminder.today', { label, when })
      : r.offsetDays === 1
        ? t('reminder.inOne', { label, when })
        : t('reminder.in', { days: r.offsetDays, label, when });
  const lines = [head, t('reminder.projects', { projects: r.projects.map(guide.projectName).join(t('sep.list')), clause: d.clause, quote: d.quote })];
  if (opts.lateByMs && opts.lateByMs > 0) lines.unshift(t('reminder.late', { hours: Math.round(opts.lateByMs / 3600_000) || t('reminder.lateUnderOne') }));
  const phase = phaseOfDeadline(d.kind);
  for (const project of opts.checklist && phase ? r.projects : []) {
    const summary = checklistView(guide, [project], opts.checklist!);
    const open = summary.rows.filter((row) => row.phase === phase && row.state === 'todo');
    const name = guide.projectName(project);
    lines.push(
      open.length
        ? t('reminder.checklistOpen', { project: name, n: open.length, items: open.map((row) => row.text).join(sep) })
        : t('reminder.checklistReady', { project: name }),
    );
  }
  for (const project of opts.checklist ? [] : r.projects) {
    const ev = evidenceFor(guide, project);
    const items =
      d.kind === 'submit' ? ev.items.application : d.kind === 'acceptance' || d.kind === 'materials' || d.kind === 'complete' ? ev.items.closing : [];
    if (items.length) lines.push(t('reminder.prepare', { project: guide.projectName(project), items: items.map((i) => i.text ?? i.quote).join(sep) }));
  }
  const routes = new Set(r.projects.map((p) => guide.project(p).submission));
  for (const routeId of routes) {
    const route = guide.data.submission[routeId];
    if (route && d.kind === 'submit') lines.push(t('reminder.submit', { steps: route.steps.map((s) => s.text ?? s.quote).join(sep) }));
  }
  lines.push(t('reminder.stop'));
  return lines.join('\n');
}
