import { afterEventDue, eventProjects, excusedBy, type Fact, findConflicts, intentions, yearWords, type Profile, type ProjectId } from '../rules/index.js';
import { begin, clearQueue, closeQuestion, openStep } from './interview-state.js';
import { recordFacts } from './record.js';
import { withdrawAwards } from './withdraw.js';
import { EVENT_OF_NO_PROJECT } from './state.js';
import { isChoosing } from './steps.js';
import { clausesOf, englishCues, extractFacts, type Extracted } from './parse.js';
import { hasEnglishCue } from './understanding/english.js';
import { roundClosedLine } from './round.js';
import type { Turn } from './turn.js';
import { minimumsOf, placeRuleBroken } from './plan.js';
import { readingMark, renderReadings } from './render.js';
import { originalOfPiece } from './understanding/normalise.js';
import { isQuestionText } from './understanding/reading.js';

/**
 * A society's name is kept as it was typed: normalisation reads the message (its spellings, numerals, sounds), but
 * a proper name is not to be corrected ("省健康管理学汇" is stored as said, not as the word it sounds like). Only the
 * 江苏 the name reader puts before "省…学会" is added.
 */
function nameAsTyped(turn: Turn, name: string): string {
  for (let cut = 0; cut <= 3 && name.length - cut >= 2; cut++) {
    const piece = name.slice(cut);
    const typed = originalOfPiece(turn.heard, piece);
    if (typed === undefined) continue;
    // (Character for character only, and never a second 江苏/省 before one typed: else the name as read.)
    const prefix = name.slice(0, cut);
    return typed.length === piece.length && !(prefix && /^(江苏|省)/.test(typed) && prefix.endsWith(typed[0]!)) ? prefix + typed : name;
  }
  return name;
}

/** "我们想报的是X", "打算报的应该是X", "说的是X不是Y": the plan itself said to have been wrong. */
const PLAN_WAS_WRONG =
  /(想|打算|准备|计划|要)(报|申报|申请|做|搞)的(其实)?(是|应该是)|(不是|不)(想|打算|要)?报[^，,。]{1,12}(是|而是)|只(报|要|想报)|其实(是)?(想|要|打算)(报|申报)/;

/** Stores what a free-text message stated and says back what was understood; false when it stated nothing. */
export function learn(
  turn: Turn,
  stated: Pick<Extracted, 'profile' | 'intended' | 'eventDate'> & Partial<Pick<Extracted, 'name' | 'priorWithoutYear' | 'priorDenied'>>,
  correcting: boolean,
  words?: string,
): boolean {
  const { state, guide } = turn;
  const { profile, eventDate } = stated;
  // An answer to the projects question read beside other facts arrives as `profile.intended`: it is a plan.
  const { intended: answered, ...facts } = profile;
  const intended = [...stated.intended, ...intentionIds(answered).filter((id) => !stated.intended.includes(id))];
  const understood: string[] = [];
  const previous = { ...state.profile };
  // "发展助力我们没拿过": an award told before and denied now leaves the list first.
  const withdrawn = withdrawAwards(state, stated.priorDenied ?? []);
  // Said back as a correction ("已更正：").
  const saidCorrected = correcting || withdrawn.length > 0;
  if (withdrawn.length) keepSourceOfKept(turn);
  // A past award told later joins those told before; a correction replaces the years of the projects
  // it names, and the other awards stay ("说错了，科技奖励是20年" leaves 21年发展助力 as it was).
  if (facts.priorProjects?.length && state.profile.priorProjects?.length) {
    const told = facts.priorProjects;
    // "2019年那个不对，是2020年": a year of it denied is what moves; its other years stay.
    const yearDenied = (project: string) => (stated.priorDenied ?? []).some((d) => d.project === project && d.year !== undefined);
    const merged = correcting
      ? state.profile.priorProjects.filter((q) => !told.some((p) => p.project === q.project) || yearDenied(q.project))
      : [...state.profile.priorProjects];
    for (const p of told) if (!merged.some((q) => q.year === p.year && q.project === p.project)) merged.push(p);
    facts.priorProjects = merged;
  }
  const { stored, held } = recordFacts(turn, facts, words);
  const name = stated.name ? nameAsTyped(turn, stated.name) : undefined;
  if (name && name !== state.name) {
    state.name = name;
    understood.push(turn.t('learn.name', { name }));
  }
  for (const key of stored) {
    const before = previous[key];
    const value = state.profile[key];
    const shown = turn.describe(state.profile, key) ?? '';
    const label = turn.label(key);
    if (saidCorrected && before !== undefined && JSON.stringify(before) !== JSON.stringify(value)) {
      understood.push(turn.t('learn.changed', { label, before: turn.describe({ [key]: before }, key) ?? '', after: shown }));
    } else understood.push(turn.t('learn.fact', { label, value: shown }));
  }
  const excused = excusedNotes(turn, stored);
  // "特色学术交流，活动10月20日在苏州开": the project an event day is told for is one being done, so planned.
  if (eventDate && words && !isQuestionText(turn, words))
    for (const id of turn.matcher.find(words, { groups: false }))
      if (eventProjects(guide).includes(id) && !intended.includes(id) && !turn.intendedIds().includes(id)) intended.push(id);
  if (intended.length) {
    const had = turn.intendedIds();
    // A correction replaces the plan only when it says the plan was wrong ("不对，我们想报的是X"); a correction of
    // something else that names a project ("不对，21年那个没批下来，报了没立上") leaves the rest of the plan.
    if (correcting && words && PLAN_WAS_WRONG.test(words)) state.profile.intended = intended;
    else addIntended(turn, intended);
    clearQueue(state);
    // Said back only when the plan changed: "义诊打算放在苏州办" of a planned project is no news.
    if (JSON.stringify(had) !== JSON.stringify(turn.intendedIds())) {
      understood.push(turn.t('learn.intended', { list: turn.names(turn.intendedIds()) }));
      // "再加一个发展助力专项，阿拉秘书处有专职人员": a plan told beside a fact still gets its conflicts.
      for (const c of findConflicts(guide, intentions(state.profile))) understood.push(turn.t('plan.conflict', { text: c.text, clause: c.clause }));
      // (Told after the round closed: the plan is kept, and that the round is over is said with it.)
      const closed = roundClosedLine(turn);
      if (closed) understood.push(closed);
    }
    // "沙龙我们计划办二十来场" of a project planned already: the count against its minimum is the news.
    if (words) understood.push(...minimumsOf(turn, intended, words));
  }
  if (eventDate) {
    const events = eventProjects(guide);
    // The event is of the projects the words name, else of the planned ones; with neither, it is kept
    // apart and given to an event-based project when one is planned (handlers/event-date.ts).
    const named = words ? turn.matcher.find(words, { groups: false }).filter((id) => events.includes(id)) : [];
    const targets = named.length ? named : turn.intendedIds().filter((id) => events.includes(id));
    for (const id of targets) state.eventDates[id] = eventDate;
    if (targets.length) delete state.eventDates[EVENT_OF_NO_PROJECT];
    else state.eventDates[EVENT_OF_NO_PROJECT] = eventDate;
    // READING 13: an event after the completion day has no due date (never one in the next year).
    const due = afterEventDue(guide, eventDate, targets[0] ?? events[0]);
    understood.push(
      turn.t('learn.eventDate', { date: turn.day(eventDate) }) +
        (due?.late
          ? turn.t('learn.eventLate', { at: turn.day(due.late.by.at.slice(0, 10)), clause: due.late.by.clause })
          : due?.at
            ? turn.t('learn.eventDue', { due: turn.day(due.at.slice(0, 10)) })
            : '') +
        (due?.late ? '' : targets.length ? turn.t('learn.eventCounted') : turn.t('learn.eventLater', { list: turn.names(events) })),
    );
    // ("Our brand conference will be in Shanghai on Oct 20": a place outside Jiangsu told with the day breaks the place rule.)
    if (words) understood.push(...placeRuleBroken(turn, targets, hasEnglishCue(words) ? englishCues(words) : words));
  }
  if (stated.priorWithoutYear?.length) understood.push(turn.t('learn.priorWhichYear', { list: turn.names(stated.priorWithoutYear), ...yearWords(turn.guide) }));
  if (withdrawn.length && !stored.includes('priorProjects'))
    understood.push(turn.t('learn.withdrawn', { label: turn.label('priorProjects'), list: awardList(turn, withdrawn) }));
  understood.push(...excused.lines);
  if (!understood.length && !held.length) return false;
  const open = openStep(state);
  if ((open?.kind === 'fact' && open.fact in profile) || (intended.length && isChoosing(open))) closeQuestion(state);
  if (understood.length)
    turn.say(
      `${turn.t(saidCorrected ? 'learn.corrected' : 'learn.understood')}\n${understood.map((text) => turn.t('common.bullet', { text })).join('\n')}${excused.footnote ? `\n${excused.footnote}` : ''}`,
    );
  if (held.length) closeQuestion(state); // advance() asks "你是说：…？" first
  begin(state);
  return true;
}

/** Adds projects to the intended ones, keeping those already there as they are. */
export function addIntended(turn: Turn, projects: ProjectId[]): void {
  const existing = intentions(turn.state.profile);
  turn.storeIntended(
    existing,
    projects.filter((p) => !existing.some((e) => e.project === p)),
  );
}

/** The project ids of a profile's `intended` (bare ids or {project, count}). */
function intentionIds(intended: Profile['intended']): ProjectId[] {
  return intentions({ intended }).map((i) => i.project);
}

/** "2020年决策咨询、2021年科技奖励". */
function awardList(turn: Turn, awards: NonNullable<Profile['priorProjects']>): string {
  // "会员之家建设，2020年": the withdrawn award never reads as one held ("2020年会员之家建设").
  return awards.map((p) => turn.t('learn.withdrawnItem', { year: p.year, project: turn.guide.projectName(p.project) })).join(turn.t('sep.list'));
}

/** After a withdrawal, the words an award list came from keep only the pieces of awards still held. */
function keepSourceOfKept(turn: Turn): void {
  const { state, guide } = turn;
  const source = state.sources.priorProjects;
  const kept = state.profile.priorProjects;
  if (!source || !kept) return;
  const holds = (piece: string) =>
    extractFacts(piece, turn.matcher, guide.year).profile.priorProjects?.some((a) => kept.some((k) => k.project === a.project && k.year === a.year));
  const text = clausesOf(source.text).filter(holds).join('，');
  state.sources.priorProjects = { ...source, text: text || (turn.describe(state.profile, 'priorProjects') ?? '') };
}

/**
 * "年检那些我们没有的" from a 直属事业单位: a fact told that the guide does not hold against this kind of
 * unit (READING 6) is said to be so, with the clause and the reading; the fact is kept as told. Also for
 * the facts told before, when the unit type is what was just told.
 */
function excusedNotes(turn: Turn, stored: readonly Fact[]): { lines: string[]; footnote: string } {
  const { guide, state } = turn;
  const told = stored.includes('orgType') ? (Object.keys(state.profile) as Fact[]) : stored;
  const readings = new Set<number>();
  const lines = new Set<string>();
  for (const fact of told) {
    const by = excusedBy(guide, state.profile, fact);
    if (by) lines.add(turn.t('learn.excused', { requirement: by.requirement, clause: by.clause, mark: readingMark(guide, by.reading, turn.lang, readings) }));
  }
  return { lines: [...lines], footnote: lines.size ? renderReadings(guide, readings, turn.lang) : '' };
}
