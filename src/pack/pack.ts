import type { ItemState, Phase } from '../../handlers/checklist.js';
import { deadlineLabel } from '../../handlers/facts-text.js';
import { formatDate, translator, type Lang, type Translate } from '../../handlers/i18n.js';
import { deadlineStatus } from '../../handlers/render.js';
import { cstDate, daysUntil, formatCst, listDeadlines, parseInstant, type Guide, type ProjectId } from '../../rules/index.js';

/**
 * The printable pack's content, neutral of the file format: what the DOCX and the XLSX both show.
 * Built from the guide, the society's intended projects and its checklist; no I/O here.
 */

export type { ItemState, Phase };

/** One checklist item as the checklist model gives it: the guide's words, its clause, and its state. */
export interface PackItemInput {
  id: string;
  project: ProjectId;
  phase: Phase;
  text: string;
  clause: string;
  state: ItemState;
  /** Who set the state, as recorded (a name or a chat user). */
  by?: string;
  /** When the state was set (ms). */
  at?: number;
}

export interface PackItem extends PackItemInput {
  /** ☐ to do, ☑ done, — not applicable. */
  glyph: string;
  stateLabel: string;
  phaseLabel: string;
  /** "2022-05-10 09:30" China time, or '' when never set. */
  when: string;
}

export interface PackDeadline {
  id: string;
  /** ISO 8601 at +08:00, or null when the guide leaves it open. */
  at: string | null;
  /** "2022-05-17 17:00", or the open-date words. */
  atText: string;
  label: string;
  clause: string;
  projects: ProjectId[];
  /** Whole China calendar days until it (0 = today); null when open or passed. */
  daysLeft: number | null;
  /** "还剩12天" / "已过" / "时间另行通知". */
  status: string;
}

export interface PackProject {
  id: ProjectId;
  name: string;
  clause: string;
  deadlines: PackDeadline[];
  items: PackItem[];
  counts: Record<ItemState, number>;
}

export interface Pack {
  lang: Lang;
  society: string;
  generatedAt: number;
  /** "2022年5月10日" in the pack's language. */
  generatedDate: string;
  guideTitle: string;
  guideYear: number;
  projects: PackProject[];
  /** Every project's deadlines, one row per deadline (shared ones list their projects), soonest first, open ones last. */
  deadlines: PackDeadline[];
  address: { text: string; clause: string };
  contacts: { clause: string; people: Array<{ unit: string; name: string; phone: string; role: string }> };
}

export interface PackInput {
  society: string;
  projects: readonly ProjectId[];
  items: readonly PackItemInput[];
  nowMs: number;
  /** The society's event days by project (会后一个月内 counts from them). */
  eventDates?: Readonly<Record<string, string>>;
  lang?: Lang;
}

export const GLYPH: Record<ItemState, string> = { todo: '☐', done: '☑', na: '—' };

export function buildPack(guide: Guide, input: PackInput): Pack {
  const lang = input.lang ?? 'zh-CN';
  const t = translator(lang);
  const merged = new Map<string, PackDeadline>();
  const projects = input.projects.map((id): PackProject => {
    const deadlines = projectDeadlines(guide, id, input, t);
    for (const d of deadlines) {
      const key = `${d.id}@${d.at ?? ''}`;
      const seen = merged.get(key);
      if (seen) seen.projects.push(id);
      else merged.set(key, { ...d, projects: [id] });
    }
    const items = input.items.filter((i) => i.project === id).map((i) => packItem(i, t));
    const counts = { todo: 0, done: 0, na: 0 };
    for (const i of items) counts[i.state]++;
    return { id, name: guide.projectName(id), clause: guide.project(id).clause, deadlines, items, counts };
  });
  const c = guide.data.contacts;
  return {
    lang,
    society: input.society,
    generatedAt: input.nowMs,
    generatedDate: formatDate(t, cstDate(input.nowMs)),
    guideTitle: guide.data.title,
    guideYear: guide.year,
    projects,
    deadlines: [...merged.values()].sort(soonestFirst),
    address: { text: c.paperAddress.text ?? c.paperAddress.quote, clause: c.paperAddress.clause },
    contacts: { clause: c.clause, people: c.people.map((p) => ({ unit: p.unit, name: p.name, phone: p.phone, role: p.role })) },
  };
}

/** A project's deadlines as the .ics has them (handlers/calendar.ts), plus the ones the guide leaves open. */
function projectDeadlines(guide: Guide, project: ProjectId, input: PackInput, t: Translate): PackDeadline[] {
  const list = listDeadlines(guide, { nowMs: input.nowMs, project, ...(input.eventDates && { eventDates: input.eventDates }) });
  return list
    .filter((d) => d.kind !== 'opens')
    .map((d) => ({
      id: d.id,
      at: d.at,
      atText: d.at ? `${d.at.slice(0, 10)} ${d.at.slice(11, 16)}` : t('deadlines.open'),
      label: deadlineLabel(guide, d, t, input.lang),
      clause: d.clause,
      projects: [project],
      daysLeft: d.at && !d.passed ? daysUntil(input.nowMs, parseInstant(d.at)) : null,
      status: deadlineStatus(d, input.nowMs, input.lang),
    }));
}

function soonestFirst(a: PackDeadline, b: PackDeadline): number {
  if (a.at === null || b.at === null) return a.at === null ? (b.at === null ? 0 : 1) : -1;
  return parseInstant(a.at) - parseInstant(b.at);
}

function packItem(item: PackItemInput, t: Translate): PackItem {
  return {
    ...item,
    glyph: GLYPH[item.state],
    stateLabel: t(`pack.state.${item.state}`),
    phaseLabel: t(`pack.phase.${item.phase}`),
    when: item.at === undefined ? '' : formatCst(item.at).slice(0, 16).replace('T', ' '),
  };
}
