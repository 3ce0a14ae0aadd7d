import { check, cstDate, evidenceFor, FACTS, intentions, listDeadlines, parseInstant, type Fact, type Profile, type ProjectId } from '../rules/index.js';
import { whoSaid } from './who-said.js';
import { EVENT_OF_NO_PROJECT } from './state.js';
import { deadlineLabel } from './facts-text.js';
import { deadlinesCalendar } from './calendar.js';
import { remindersEnabled } from './reminders.js';
import { renderCheck, renderDeadlines, renderEvidence, renderSummary } from './render.js';
import type { Turn } from './turn.js';

/** "（你们说过：“去年评价C等”，2022年5月10日）": why the bot believes a fact. */
function sourceOf(turn: Turn, fact: string): string {
  const source = turn.state.sources[fact];
  if (!source) return '';
  const date = turn.day(cstDate(source.at));
  const here = `${turn.msg.channel}:${turn.msg.chatId}`;
  const said =
    source.from === 'roster'
      ? turn.t('profile.sourceRoster', { date })
      : source.chat && source.chat !== here
        ? turn.t('profile.sourceOther', { who: source.member || source.chat, text: source.text, date })
        : turn.t('profile.source', { text: source.text, date });
  // Another chat of the society said otherwise: both are shown until one is confirmed.
  const dispute = turn.state.disputes[fact];
  if (!dispute) return said;
  const value = turn.describe({ [fact]: dispute.value } as Profile, fact as Fact) ?? '';
  return `${said}${turn.t('dispute.profileAlso', { who: whoSaid(turn, dispute.source), value })}`;
}

/** /profile: every fact as recorded, where each came from, the intended projects, event days and reminders. */
export function profileSummary(turn: Turn): string {
  const { state, guide } = turn;
  const lines = [turn.t('profile.title')];
  if (state.name) lines.push(turn.t('profile.name', { name: state.name }));
  for (const fact of FACTS) {
    const value = turn.describe(state.profile, fact);
    lines.push(turn.t('profile.fact', { label: turn.label(fact), value: value === undefined ? turn.t('profile.unset') : `${value}${sourceOf(turn, fact)}` }));
  }
  const intended = intentions(state.profile).map((i) => `${guide.projectName(i.project)}${i.count > 1 ? `×${i.count}` : ''}`);
  lines.push(turn.t('profile.intended', { list: intended.join(turn.t('sep.list')) || turn.t('common.noneChosen') }));
  const byDate = new Map<string, string[]>();
  for (const [id, date] of Object.entries(state.eventDates)) byDate.set(date, [...(byDate.get(date) ?? []), id]);
  for (const [date, ids] of byDate) {
    const projects = ids.filter((id) => id !== EVENT_OF_NO_PROJECT) as ProjectId[];
    lines.push(turn.t('profile.eventDate', { date: turn.day(date), list: projects.length ? turn.names(projects) : turn.t('profile.eventOfNoProject') }));
  }
  const reminders = state.reminders === undefined ? 'profile.reminders.unset' : remindersEnabled(state) ? 'profile.reminders.on' : 'profile.reminders.off';
  lines.push(turn.t('profile.reminders', { state: turn.t(reminders) }));
  lines.push(turn.t('profile.howToEdit'));
  return lines.join('\n');
}

/**
 * The verdicts in short: the intended projects with the reason that decides each, conflicts, and
 * counts for the rest (`all`: every project with every reason, then each intended project's
 * deadlines and evidence). `compact`: after a change, with a pointer to /deadlines and /evidence.
 */
export function showResult(turn: Turn, compact = false, all = false): void {
  const { guide, state, ctx, lang } = turn;
  const profile = state.profile;
  const result = check(guide, profile);
  const text = all ? renderCheck(guide, result, profile, { lang, nowMs: ctx.nowMs }) : renderSummary(guide, result, profile, { lang, nowMs: ctx.nowMs });
  const intended = turn.intendedIds();
  const lists = intended.map((id) => turn.deadlinesOf(id));
  const evidence = intended.map((id) => evidenceFor(guide, id));
  const view = { result: { check: result, profile, deadlines: lists.flat(), evidence } };
  if (compact) {
    const more = intended.length ? `\n\n${turn.t('result.more')}` : '';
    return turn.say(`${text}${more}`, view);
  }
  turn.say(text, view);
  if (!all) {
    if (!intended.length) turn.say(turn.t('result.noIntended'));
    return;
  }
  intended.forEach((id, n) => {
    turn.say(`${heading(turn, id)}\n${renderDeadlines(guide, lists[n]!, ctx.nowMs, { lang })}\n\n${renderEvidence(guide, evidence[n]!, lang)}`);
  });
  if (!intended.length) turn.say(turn.t('result.noIntended'));
  const unknown = guide.projectIds.filter((id) => result.projects[id].verdict === 'unknown' && (intended.length === 0 || intended.includes(id)));
  if (unknown.length && state.skipped.length) turn.say(turn.t('result.skipped'));
}

function heading(turn: Turn, id: ProjectId): string {
  return turn.t('common.projectHeading', { project: turn.guide.projectName(id) });
}

/** The projects a command names ("/deadlines 标准制订", a typo tolerated), else the intended ones; undefined when the name matches none. */
function namedOrIntended(turn: Turn, args: string, command: 'deadlines' | 'evidence'): ProjectId[] | undefined {
  if (!args) return turn.intendedIds();
  const found = turn.matcher.find(args);
  const named = found.length ? found : [turn.matcher.best(args)].filter((x): x is ProjectId => !!x);
  if (named.length) return named;
  turn.say(turn.t('project.notFound', { name: args, command }));
  return undefined;
}

export function showDeadlines(turn: Turn, args: string): void {
  const { guide, ctx, lang } = turn;
  const targets = namedOrIntended(turn, args, 'deadlines');
  if (!targets) return;
  if (!targets.length) return turn.say(renderDeadlines(guide, listDeadlines(guide, { nowMs: ctx.nowMs }), ctx.nowMs, { lang, showProjects: true }));
  for (const id of targets) turn.say(`${heading(turn, id)}\n${renderDeadlines(guide, turn.deadlinesOf(id), ctx.nowMs, { lang })}`);
}

export function showEvidence(turn: Turn, args: string): void {
  const targets = namedOrIntended(turn, args, 'evidence');
  if (!targets) return;
  if (!targets.length) return turn.say(turn.t('evidence.askProject'));
  for (const id of targets) turn.say(renderEvidence(turn.guide, evidenceFor(turn.guide, id), turn.lang));
}

export function sendCalendar(turn: Turn): void {
  const { guide, state, ctx, lang } = turn;
  const content = deadlinesCalendar(guide, turn.focus(), { nowMs: ctx.nowMs, eventDates: state.eventDates, uidPrefix: guide.id, lang });
  turn.say(turn.t('calendar.sent', { which: turn.t(turn.intendedIds().length ? 'calendar.intended' : 'calendar.all') }), {
    file: { name: 'shenbao-deadlines.ics', mime: 'text/calendar', content },
  });
}

export function setReminders(turn: Turn, on: boolean): void {
  turn.state.reminders = on;
  turn.effects.push({ type: 'reminders', enabled: on });
  if (!on) return turn.say(turn.t('remind.disabled'));
  // Only what is still ahead is promised.
  const ahead = deadlinesAhead(turn);
  const list = ahead.slice(0, 3).map((d) => `${turn.day(cstDate(parseInstant(d.at!)))} ${deadlineLabel(turn.guide, d, turn.translate, turn.lang)}`);
  turn.say(ahead.length ? `${turn.t('remind.enabled')}\n${turn.t('remind.ahead', { list: list.join(turn.t('sep.semi')) })}` : turn.t('remind.noneAhead'));
}

/** The dated deadlines of the chat's projects (or all) that have not passed, soonest first. */
export function deadlinesAhead(turn: Turn) {
  const seen = new Map<string, ReturnType<Turn['deadlinesOf']>[number]>();
  for (const id of turn.focus()) for (const d of turn.deadlinesOf(id)) if (d.at && !d.passed && d.kind !== 'opens') seen.set(`${d.id}:${d.eventDate ?? ''}`, d);
  return [...seen.values()].sort((a, b) => parseInstant(a.at!) - parseInstant(b.at!));
}
