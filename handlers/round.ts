import { roundState, type Guide, type ProjectId } from '../rules/index.js';
import { formatDay, formatWhen, type Lang, type Translate } from './i18n.js';
import type { Turn } from './turn.js';

/**
 * "2022年度申报已于5月17日截止" and what is still ahead for a funded society, once the round's
 * application deadline has passed; undefined while it is open.
 */
export function roundNote(turn: Turn): string | undefined {
  return roundNoteText(turn.guide, turn.ctx.nowMs, turn.translate, { projects: turn.intendedIds(), eventDates: turn.state.eventDates, lang: turn.lang });
}

/** The same note without a Turn (for answers to free-text deadline questions): the chat's projects and event days optional. */
export function roundNoteText(
  guide: Guide,
  nowMs: number,
  t: Translate,
  opts: { projects?: readonly ProjectId[]; eventDates?: Readonly<Record<string, string>>; lang?: Lang } = {},
): string | undefined {
  const round = roundState(guide, nowMs, opts.projects, opts.eventDates);
  if (!round.closed || !round.closing?.at) return undefined;
  const day = (iso: string) => formatDay(t, iso);
  const lines = [t('round.closed', { year: round.year, date: day(round.closing.at) })];
  // Between the online system closing and the paper copy's day: what is still due, for those who submitted online.
  for (const d of round.stillDue)
    if (d.at) lines.push(t('round.stillDue', { label: (opts.lang === 'en' && d.labelEn) || d.label, when: formatWhen(t, d.at), clause: d.clause }));
  if (round.ahead.length) {
    lines.push(t('round.ahead'));
    const byDay = new Map<string, string[]>();
    for (const d of round.ahead) {
      const when = d.at ? day(d.at) : t('round.undated');
      byDay.set(when, [...(byDay.get(when) ?? []), (opts.lang === 'en' && d.labelEn) || d.label]);
    }
    for (const [when, labels] of byDay) lines.push(t('round.aheadItem', { when, list: labels.join(t('sep.list')) }));
  } else {
    lines.push(t('round.nothingAhead', { year: round.year }));
  }
  lines.push(t('round.nextGuide', { nextYear: round.year + 1 }));
  return lines.join('\n');
}

/** "⚠️ 2022年度申报已于5月17日截止。": the one line said when a plan is told after the round closed; else undefined. */
export function roundClosedLine(turn: Turn): string | undefined {
  const round = roundState(turn.guide, turn.ctx.nowMs, turn.intendedIds(), turn.state.eventDates);
  return round.closed && round.closing?.at ? turn.t('round.closed', { year: round.year, date: formatDay(turn.translate, round.closing.at) }) : undefined;
}

/** Puts the round's state first: in front of the first reply the command produced since `from`. */
export function sayRoundFirst(turn: Turn, from: number): void {
  const note = roundNote(turn);
  if (!note) return;
  const first = turn.replies[from];
  if (first) first.text = `${note}\n\n${first.text}`;
  else turn.say(note);
}
