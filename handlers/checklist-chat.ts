import { z } from 'zod';
import { projectIdSchema, type ProjectId } from '../rules/index.js';
import {
  checklistView,
  entryKey,
  itemStateSchema,
  type ChecklistEntry,
  type ChecklistRow,
  type ChecklistView,
  type ItemState,
  type ProjectSummary,
} from './checklist.js';
import type { Translate } from './i18n.js';
import type { Turn } from './turn.js';
import type { Choice, Option, Question } from './types.js';

/**
 * Ticking the evidence checklist in chat, on every channel through the one question protocol:
 * the checklist is a multiple-choice question whose options are the items of one page (a press
 * redraws it in place), plus paging and a "not applicable" mode. Every option value carries the
 * TARGET state and the time of the entry it was drawn from: a press repeated changes nothing, and
 * a press on an item someone else changed since is refused as stale (the checklist is redrawn).
 */

/** The toggles message; one per chat is live, a new /checklist supersedes the old one. */
export const CHECKLIST_QUESTION = 'checklist';
/** Free text matched several items: which one was meant. */
export const WHICH_QUESTION = 'checklist:which';
/** After a change from free text: undo it. */
export const UNDO_QUESTION = 'checklist:undo';

/** Items per page: with paging and mode buttons a Telegram keyboard stays on one screen. */
export const PAGE_SIZE = 8;
const LABEL_CHARS = 14;

export const isChecklistChoice = (choice: Choice) => choice.question === CHECKLIST_QUESTION || choice.question.startsWith(`${CHECKLIST_QUESTION}:`);

const viewSchema = z
  .string()
  .regex(/^(all|[a-z_]+)~\d{1,3}~(tick|na)$/)
  .transform((s) => {
    const [filter, page, mode] = s.split('~') as [string, string, 'tick' | 'na'];
    return { filter, page: Number(page), mode };
  })
  .refine((v) => v.filter === 'all' || projectIdSchema.safeParse(v.filter).success);
type View = { filter: ProjectId | 'all'; page: number; mode: 'tick' | 'na' };
const viewString = (v: View) => `${v.filter}~${v.page}~${v.mode}`;

/** What an option of ours means, read back from the value the protocol kept (zod: it is a payload). */
const valueSchema = z.union([
  z
    .string()
    .regex(/^set\|[a-z_]+\|[0-9a-z]{1,7}\|(todo|done|na)\|\d{1,15}\|/)
    .transform((s) => {
      const [, project, item, state, stamp, view] = s.split('|') as [string, string, string, ItemState, string, string];
      return { kind: 'set' as const, project: projectIdSchema.parse(project), item, state: itemStateSchema.parse(state), stamp: Number(stamp), view };
    }),
  z
    .string()
    .regex(/^(page|mode)\|/)
    .transform((s) => ({ kind: 'view' as const, view: s.slice(5) })),
  z.literal('none').transform(() => ({ kind: 'none' as const })),
]);

export const setValue = (row: ChecklistRow, target: ItemState, view = '') => `set|${row.project}|${row.id}|${target}|${row.entry?.at ?? 0}|${view}`;

/** The society's entries as this turn sees them: the store's, with the turn's own changes on top. */
export async function entriesOf(turn: Turn): Promise<Map<string, ChecklistEntry> | undefined> {
  const port = turn.ctx.checklist;
  if (!port) return undefined;
  const entries = new Map(await port.read());
  for (const e of turn.effects) {
    if (e.type === 'checklist') entries.set(entryKey(e.project, e.item), { state: e.state, by: e.by, at: turn.ctx.nowMs });
  }
  return entries;
}

export function setItem(turn: Turn, entries: Map<string, ChecklistEntry>, row: ChecklistRow, state: ItemState): void {
  const by = `${turn.msg.channel}:${turn.msg.userId}`;
  turn.effects.push({ type: 'checklist', society: turn.ctx.checklist!.society, project: row.project, item: row.id, state, by });
  entries.set(entryKey(row.project, row.id), { state, by, at: turn.ctx.nowMs });
}

/** "科技评估：还差 3 项（申报 2、结项 1）" / "标准制定：材料都齐了 ✅". */
export function summaryLine(t: Translate, projectName: string, s: ProjectSummary): string {
  if (!s.open) return s.na ? t('checklist.summary.readyNa', { project: projectName, na: s.na }) : t('checklist.summary.ready', { project: projectName });
  const phases = (['application', 'closing'] as const)
    .filter((p) => s.phases[p].open)
    .map((p) => t('checklist.phaseCount', { phase: t(`checklist.phase.${p}`), n: s.phases[p].open }));
  return t('checklist.summary.open', { project: projectName, n: s.open, phases: phases.join(t('sep.list')) });
}

/** A button's words: the item's own name without the guide's preamble, cut to fit a button. */
export function shortLabel(text: string): string {
  const core = text
    .replace(/^在.{2,24}?提交的/, '')
    .replace(/^(该项目|项目)?(结题|结项)(时)?(需|须)?提供/, '')
    .replace(/^提供/, '')
    .replace(/（[^）]*）$/, '');
  const chars = [...(core || text)];
  return chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join('')}…` : chars.join('');
}

/** Pages of at most PAGE_SIZE rows that never mix projects, so a button needs no project name. */
function pagesOf(rows: ChecklistRow[]): Array<{ rows: ChecklistRow[]; first: number }> {
  const pages: Array<{ rows: ChecklistRow[]; first: number }> = [];
  rows.forEach((row, i) => {
    const last = pages.at(-1);
    if (last && last.rows.length < PAGE_SIZE && last.rows[0]!.project === row.project) last.rows.push(row);
    else pages.push({ rows: [row], first: i });
  });
  return pages;
}

/** The checklist message: the answer first (what is still missing per project), then one page of items as toggles. */
function draw(turn: Turn, view: View, entries: Map<string, ChecklistEntry>, opts: { update: boolean; note?: string }): void {
  const t = turn.translate;
  const projects = view.filter === 'all' ? turn.intendedIds() : [view.filter];
  const full: ChecklistView = checklistView(turn.guide, projects, entries);
  const pages = pagesOf(full.rows);
  const page = Math.min(view.page, Math.max(0, pages.length - 1));
  const here: View = { ...view, page };
  const { rows: shown, first } = pages[page] ?? { rows: [], first: 0 };
  const heading = shown[0] ? turn.guide.projectName(shown[0].project) : '';
  const lines = [
    ...(opts.note ? [opts.note] : []),
    t('checklist.title'),
    ...full.projects.map((s) => summaryLine(t, turn.guide.projectName(s.project), s)),
    '',
    pages.length > 1 ? t('checklist.page', { project: heading, page: page + 1, pages: pages.length }) : t('checklist.pageAll', { project: heading }),
    ...shown.map((r, i) =>
      t('checklist.row', {
        n: first + i + 1,
        mark: t(`checklist.mark.${r.state}`),
        text: r.text,
        phase: t(`checklist.phase.${r.phase}`),
        clause: r.clause,
      }),
    ),
    '',
    t(
      turn.msg.channel === 'console'
        ? view.mode === 'na'
          ? 'checklist.hint.consoleNa'
          : 'checklist.hint.console'
        : view.mode === 'na'
          ? 'checklist.hint.na'
          : 'checklist.hint.tick',
    ),
  ];
  const v = viewString(here);
  // A button toggles, bound to the state it was drawn in (its value carries the target and the entry's
  // time). A typed number in the console is read against the list as last redrawn, so there a number
  // only ever sets (done, or not applicable in that mode) and undoing is explicit: "撤销 3".
  const typed = turn.msg.channel === 'console';
  const options: Option[] = shown.map((r, i) => {
    const set: ItemState = view.mode === 'na' ? 'na' : 'done';
    const target: ItemState = typed || r.state !== set ? set : 'todo';
    const mark = view.mode === 'tick' && r.state === 'na' ? `${t('checklist.mark.na')} ` : '';
    const label = `${mark}${first + i + 1}. ${shortLabel(r.text)}`;
    return { value: setValue(r, target, v), label, ...(typed && { undo: setValue(r, 'todo', v) }) };
  });
  const projectOf = (n: number) => turn.guide.projectName(pages[n]!.rows[0]!.project);
  if (page > 0) options.push({ value: `page|${viewString({ ...here, page: page - 1 })}`, label: t('checklist.button.prev', { project: projectOf(page - 1) }) });
  if (page < pages.length - 1)
    options.push({ value: `page|${viewString({ ...here, page: page + 1 })}`, label: t('checklist.button.next', { project: projectOf(page + 1) }) });
  const other = view.mode === 'tick' ? 'na' : 'tick';
  options.push({ value: `mode|${viewString({ ...here, mode: other })}`, label: t(other === 'na' ? 'checklist.button.na' : 'checklist.button.tick') });
  const selected = shown.filter((r) => r.state === (view.mode === 'na' ? 'na' : 'done'));
  const question: Question = {
    id: CHECKLIST_QUESTION,
    mode: 'multi',
    options,
    selected: selected.map((r) => options[shown.indexOf(r)]!.value),
  };
  turn.say(lines.join('\n'), { question, ...(opts.update && { update: true }) });
}

/** "清单", "材料清单", "还差哪些材料": the checklist, when the society has one. */
const ASKS_FOR_CHECKLIST = /^(看看|查看|打开|勾选)?(我们的|我们|贵会)?(材料)?清单(进度)?[?？。]?$|^(还差|还缺)(哪些|什么|啥)(材料)?[?？。]?$/;

export function asksForChecklist(turn: Turn, text: string): boolean {
  return !!turn.ctx.checklist && turn.intendedIds().length > 0 && ASKS_FOR_CHECKLIST.test(text);
}

/** `/checklist [project]`: the society's checklist for its intended projects (or the one named). */
export async function showChecklist(turn: Turn, args: string): Promise<void> {
  const intended = turn.intendedIds();
  if (!intended.length) return turn.say(turn.t('checklist.noProjects'));
  let filter: View['filter'] = 'all';
  if (args) {
    const named = turn.matcher.find(args)[0] ?? turn.matcher.best(args);
    if (!named) return turn.say(turn.t('project.notFound', { name: args, command: 'checklist' }));
    if (!intended.includes(named)) return turn.say(turn.t('checklist.notIntended', { project: turn.guide.projectName(named), projects: turn.names(intended) }));
    filter = named;
  }
  const entries = await entriesOf(turn);
  if (!entries) return turn.say(turn.t('checklist.unavailable'));
  draw(turn, { filter, page: 0, mode: 'tick' }, entries, { update: false });
}

/** The row's number as the console list shows it (numbers run across the pages of the view). */
function numberOf(turn: Turn, view: View | undefined, entries: Map<string, ChecklistEntry>, row: ChecklistRow): number {
  const filter = view?.filter ?? 'all';
  const rows = checklistView(turn.guide, filter === 'all' ? turn.intendedIds() : [filter], entries).rows;
  return rows.findIndex((r) => r.project === row.project && r.id === row.id) + 1;
}

/** A press on one of our buttons (or numbers typed in the console): set, page, switch mode, close. */
export async function onChecklistChoice(turn: Turn, choice: Choice): Promise<void> {
  const entries = await entriesOf(turn);
  if (!entries) return turn.say(turn.t('checklist.unavailable'));
  const t = turn.translate;
  if (choice.action === 'done') {
    const view = checklistView(turn.guide, turn.intendedIds(), entries);
    return turn.say([t('checklist.closed'), ...view.projects.map((s) => summaryLine(t, turn.guide.projectName(s.project), s))].join('\n'));
  }
  let view: View | undefined;
  const notes: string[] = [];
  const said: string[] = [];
  let undo: Option | undefined;
  for (const raw of choice.values) {
    const parsed = valueSchema.safeParse(raw);
    if (!parsed.success) continue;
    const value = parsed.data;
    if (value.kind === 'none') {
      said.push(t('checklist.nothingChanged'));
      continue;
    }
    const v = viewSchema.safeParse(value.view);
    if (v.success) view = v.data as View;
    if (value.kind === 'view') continue;
    const row = checklistView(turn.guide, [value.project], entries).rows.find((r) => r.id === value.item);
    if (!row) continue; // an item the guide no longer has
    const name = { project: turn.guide.projectName(row.project), item: row.text, clause: row.clause };
    if (row.state === value.state) {
      // In the console the redrawn list offers the same number again: say why nothing changed and how to undo.
      if (choice.question === CHECKLIST_QUESTION && turn.msg.channel === 'console') {
        const state = t(`checklist.state.${row.state}`);
        const n = numberOf(turn, view, entries, row);
        notes.push(row.state === 'todo' ? t('checklist.already', { item: row.text, state }) : t('checklist.alreadyConsole', { item: row.text, state, n }));
      } else if (choice.question !== CHECKLIST_QUESTION) said.push(t('checklist.already', { item: row.text, state: t(`checklist.state.${row.state}`) }));
      continue;
    }
    if ((row.entry?.at ?? 0) !== value.stamp) {
      notes.push(t('checklist.stale', { item: row.text, state: t(`checklist.state.${row.state}`) }));
      continue;
    }
    const before = row.state;
    setItem(turn, entries, row, value.state);
    if (choice.question === UNDO_QUESTION) said.push(t('checklist.undone', { ...name, state: t(`checklist.state.${value.state}`) }));
    else if (choice.question !== CHECKLIST_QUESTION) {
      said.push(t(`checklist.set.${value.state}`, name));
      undo = { value: setValue({ ...row, entry: { state: value.state, by: '', at: turn.ctx.nowMs } }, before), label: t('checklist.undo') };
    }
  }
  if (choice.question === CHECKLIST_QUESTION) {
    return draw(turn, view ?? { filter: 'all', page: 0, mode: 'tick' }, entries, { update: true, ...(notes.length && { note: notes.join('\n') }) });
  }
  const text = [...notes, ...said].join('\n') || t('checklist.nothingChanged');
  turn.say(text, undo ? { question: { id: UNDO_QUESTION, mode: 'single', options: [undo], selected: [] } } : {});
}
