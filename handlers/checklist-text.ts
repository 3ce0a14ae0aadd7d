import type { ProjectId } from '../rules/index.js';
import { checklistView, entryKey, type ChecklistRow, type ItemState, type Phase } from './checklist.js';
import { entriesOf, PAGE_SIZE, setItem, setValue, shortLabel, summaryLine, UNDO_QUESTION, WHICH_QUESTION } from './checklist-chat.js';
import { extractFacts } from './parse.js';
import type { Turn } from './turn.js';
import type { Option } from './types.js';

/**
 * Ticking by plain words: "立项截图已经有了", "合同还没签", "签到表、照片、反馈意见都齐了，就差评估报告".
 * Each clause is read on its own: a cue saying ready / not ready / not applicable, and words naming
 * items of the society's intended projects. Only an item the words name alone is changed; words
 * that fit several items are asked about with buttons; hedged or future words change nothing.
 */

/** Corrections first ("刚才说不适用说错了" is not "不适用"), then not applicable, not ready, ready. */
const CORRECTION = /[说勾点弄搞填]错了?|错了|撤回|撤掉|撤销|取消勾选|先?取消|退回|重新弄|不是这批|不对|不行/;
const NA_CUE = /不适用|不需要|用不上|不涉及|无需|没有这(一)?项|不出/;
const TODO_CUE = /还没|还未|尚未|没有|没(签|弄|做|好|拿到|准备|交|盖|写|开)|未完成|还差|就差|缺|不齐|没齐/;
const DONE_CUE =
  /有了|也有|都有|可以勾|勾上|打勾|打钩|发群里|好了|好的|弄好|搞定|齐了|齐全|准备好|备好|签了|签好|签完|签收|拿到|交了|提交了|上传|传了|发了|发我|发到|完成|办好|做好|写好|写完|盖好|盖章|到位|下来了|出来了|收到了|找到了|寄回|拍了|拍好|整理完|整理好|汇总好|印出来|扫好|发出去|已有|ok|✅|√|没问题/i;
/** Not a statement of fact: a guess, a plan, a question about it. */
const NOT_A_TICK =
  /应该|估计|可能|大概|差不多|再确认|确认下|再核|核一下|别勾|好像|也许|初稿|还在|正在|走流程|下周|月底|明天|到时候|才能|才有|还早|能算|算不算|除了|基本|要到|计划|打算|准备|预计|将在|会在|明年|下个?月|\d{1,2}\s*月/;
const QUESTION = /[?？]|吗|么|什么|啥|哪|怎|多少|能不能|是否|要不要|需不需要|是不是/;
const PEOPLE = /[小老][\u4e00-\u9fa5](?=[把说那发弄给])|[\u4e00-\u9fa5]老师/g;
/** Words that say nothing about which item. */
const NOT_AN_ITEM_WORD =
  /已经|已|都|也|我们|咱们|江苏省?|学会|那个|这个|那份|这份|那项|这项|这边|那边|里面|的|了|啦|呢|哈|啊|吧|嗯|一下|终于|总算|刚刚|刚才|刚|今天|昨天|现在|对方|材料|佐证|勾选|把|被|给|我|扫描件|扫描|复印件|原件|明天|后天|[0-9０-９]+[场个人份张]?|[。.!！~～\s@]/g;
const PHASE_WORDS: Array<[RegExp, Phase]> = [
  [/结项|结题|验收/, 'closing'],
  [/申报时|申报的/, 'application'],
];
/** The secretaries' words for the guide's. */
const SYNONYMS: Array<[RegExp, string]> = [
  [/合同/g, '协议'],
  [/截屏/g, '截图'],
  [/相片/g, '照片'],
  [/申请书/g, '申报书'],
];
/**
 * Traditional characters typed by secretaries whose input method is set so ("發布截圖"): the few
 * the guide's item words use. Hand-written: a full converter (opencc) is megabytes for these.
 */
const TRADITIONAL: Record<string, string> = Object.fromEntries(
  [...'發圖報書協議簽論與紙會專項評審獎齊證傳給單題結現場聞數調見術證標準臺線']
    .map((c, i) => [c, [...'发图报书协议签论与纸会专项评审奖齐证传给单题结现场闻数调见术证标准台线'][i]!])
    .filter(([a, b]) => a !== b),
);

export interface ChecklistChange {
  state: ItemState;
  /** The rows the words name: one, or several of the same words in projects named together. */
  rows: ChecklistRow[];
}
export interface ChecklistMention {
  changes: ChecklistChange[];
  /** Words that fit several items: asked about with buttons. */
  ask?: { state: ItemState; rows: ChecklistRow[] };
}

/** "签到表、照片、反馈意见", "通知跟公示截图": one item each. */
const splitParts = (words: string) => words.split(/、|和|跟|与|及|以及/).filter((p) => [...p].length >= 2);

/** Longest common subsequence: tolerant of a wrong character ("立向截图", "签倒表"). */
function common(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(prev[j]!, prev[j - 1]!);
      diagonal = up;
    }
  }
  return prev[b.length]!;
}
/** At least two characters in a row in common: one shared character is chance. */
const sharesPair = (a: string, b: string) => [...a].some((_, i) => i + 1 < a.length && b.includes(a.slice(i, i + 2)));
/** Words many items share: alone they name none ("研究报告" is not "…对报告、建议的批示…"). */
const GENERIC = /报告|照片|截图|材料|文件|通知|专家|现场|申报|项目|佐证|评估/g;

/**
 * Whether the words can name this item: a pair of characters in common beyond the generic words,
 * or every character of the words in it, or all but one of three or more (a typo: "签倒表").
 */
function canName(words: string, text: string, score: number, named: boolean): boolean {
  // Within a project the words name ("科技奖励的通知"), a generic word may name its one item.
  if (named ? sharesPair(words, text) : sharesPair(words.replace(GENERIC, '□'), text.replace(GENERIC, '■'))) return true;
  const n = [...words].length;
  return score === n || (n >= 3 && score >= n - 1);
}

function cueOf(clause: string): ItemState | undefined {
  if (CORRECTION.test(clause)) return 'todo';
  if (NA_CUE.test(clause)) return 'na';
  if (TODO_CUE.test(clause)) return 'todo';
  if (DONE_CUE.test(clause)) return 'done';
  return undefined;
}

/** The words of a clause that can name an item; project names stay (an item's words may hold them: "联合体"). */
function wordsOf(clause: string): string {
  // People first ("小张发我了"): their names hold no item's words, and the cue after them goes next.
  let words = clause.replace(PEOPLE, '');
  for (const cue of [CORRECTION, NA_CUE, TODO_CUE, DONE_CUE]) words = words.replace(new RegExp(cue.source, `${cue.flags}g`), '');
  words = words.replace(NOT_AN_ITEM_WORD, '').replace(/[□■]/g, '');
  for (const [from, to] of SYNONYMS) words = words.replace(from, to);
  return words;
}

/** The best rows for some words; several when they fit several equally. */
function bestRows(words: string, rows: ChecklistRow[], named = false): ChecklistRow[] {
  let best = 0;
  let found: ChecklistRow[] = [];
  for (const row of rows) {
    const text = row.text.normalize('NFKC');
    const score = common(words, text);
    // Most of the words must be the item's: "我们还没参加过社会组织评估" is not about 评估报告.
    if (score < 2 || (!named && score * 2 < [...words].length) || !canName(words, text, score, named)) continue;
    if (score > best) [best, found] = [score, [row]];
    else if (score === best) found.push(row);
  }
  return best >= 2 ? found : [];
}

/**
 * Reads a message about the checklist. Undefined when it is not one: no checklist, no intended
 * project, a question, or no clause that both says something is (not) ready and names an item.
 */
export function readChecklistMention(turn: Turn, raw: string): ChecklistMention | undefined {
  if (!turn.ctx.checklist || QUESTION.test(raw)) return undefined;
  const intended = turn.intendedIds();
  if (!intended.length) return undefined;
  const text = [...raw.normalize('NFKC')].map((c) => TRADITIONAL[c] ?? c).join('');
  const namedAnywhere = turn.matcher.find(text).filter((p) => intended.includes(p));
  const allRows = checklistView(turn.guide, intended, new Map()).rows;
  const clauses = text
    .split(/[，,；;。！!\s]+/)
    .filter(Boolean)
    .map((clause) => ({ clause, cue: cueOf(clause), hedge: NOT_A_TICK.test(clause), words: wordsOf(clause) }))
    .map((c) => ({ ...c, names: splitParts(c.words).some((part) => bestRows(part, allRows).length > 0) }));
  // A clause naming items but no state takes the state of the next clause that names none ("立向截图发群里了 可以勾了").
  clauses.forEach((c, i) => {
    const lender = [clauses[i + 1], clauses[i - 1]].find((o) => o?.cue && !o.names);
    if (!c.names || !lender) return;
    // "专家建言我们这次没有，不适用": a state said after the item's own words (not applicable, or a correction) is the one meant.
    if (!c.cue || (lender === clauses[i + 1] && lender.cue !== 'done')) [c.cue, c.hedge] = [lender.cue, c.hedge || lender.hedge];
  });
  // "申报书盖好章了，明天寄": a hedge naming nothing holds back the clause before it.
  clauses.forEach((c, i) => {
    if (c.hedge && !c.names && clauses[i - 1]) clauses[i - 1]!.hedge = true;
  });
  const changes: ChecklistChange[] = [];
  let ask: ChecklistMention['ask'];
  for (const c of clauses) {
    if (!c.cue || c.hedge) continue;
    // "我们没有评估过", "年检没过": a fact about the society, not an item of its checklist ("评估报告").
    if (Object.keys(extractFacts(c.clause, turn.matcher, turn.guide.year).profile).length) continue;
    const named = turn.matcher.find(c.clause).filter((p) => intended.includes(p));
    const phase = PHASE_WORDS.find(([re]) => re.test(c.clause))?.[1];
    const rowsOf = (projects: ProjectId[]) => checklistView(turn.guide, projects, new Map()).rows.filter((r) => !phase || r.phase === phase);
    const rows = rowsOf(named.length ? named : intended);
    // A clause naming no project goes on about the one named before it ("美丽乡村这个没有合作单位，协议这项不适用").
    const earlier = named.length ? [] : rowsOf(namedAnywhere);
    // "健康项目结项那四样都齐了": a named project's whole stage.
    const rest = turn.matcher.mask(c.words).replace(/[□]|结项|结题|验收|申报时|项目/g, '');
    if (phase && named.length && !/[^那这几四三两五六样项都全部所有些个]/.test(rest)) {
      changes.push({ state: c.cue, rows });
      continue;
    }
    // Project names say which project, not which item; but an item's own words may hold one ("联合体那个材料不行").
    const masked = wordsOf(turn.matcher.mask(c.clause)).replace(/□/g, '、');
    const parts = splitParts(masked).length ? splitParts(masked) : splitParts(c.words);
    for (const part of parts) {
      const find = (among: ChecklistRow[]) => bestRows(part, among, named.length > 0);
      const before = earlier.length ? find(earlier) : [];
      const found = before.length ? before : find(rows);
      if (!found.length) continue;
      const sameWords = found.every((r) => r.text === found[0]!.text);
      const allNamed = found.every((r) => named.includes(r.project) || namedAnywhere.includes(r.project));
      // The same item in several projects, one of which the words call by part of its name ("产业那个的合作协议").
      const hinted = sameWords
        ? found.filter((r) => sharesPair(c.clause, turn.guide.projectName(r.project).replace(/科技助力|建设|学会|项目|专项|实事/g, '■')))
        : [];
      if (found.length === 1 || (sameWords && allNamed)) changes.push({ state: c.cue, rows: found });
      else if (hinted.length === 1) changes.push({ state: c.cue, rows: hinted });
      else ask ??= { state: c.cue, rows: found };
    }
  }
  if (!changes.length && !ask) return undefined;
  return { changes, ...(ask && { ask }) };
}

/** Sets what the words name, says so with an undo button, and asks about words that fit several items. */
export async function onChecklistText(turn: Turn, mention: ChecklistMention): Promise<void> {
  const entries = await entriesOf(turn);
  if (!entries) return turn.say(turn.t('checklist.unavailable'));
  const t = turn.translate;
  const current = (r: ChecklistRow) => checklistView(turn.guide, [r.project], entries).rows.find((x) => x.id === r.id) ?? r;
  // The last word on an item wins ("没有领导批示，不过…获奖截图已经有了").
  const final = new Map<string, { row: ChecklistRow; state: ItemState }>();
  for (const change of mention.changes) for (const row of change.rows) final.set(entryKey(row.project, row.id), { row, state: change.state });
  const lines: string[] = [];
  const undo: Option[] = [];
  const touched = new Set<ProjectId>();
  for (const { row, state } of final.values()) {
    const now = current(row);
    const name = { project: turn.guide.projectName(row.project), item: row.text, clause: row.clause };
    if (now.state === state) {
      lines.push(t('checklist.already', { item: row.text, state: t(`checklist.state.${state}`) }));
      continue;
    }
    setItem(turn, entries, now, state);
    touched.add(row.project);
    lines.push(t(`checklist.set.${state}`, name));
    undo.push({
      value: setValue({ ...now, entry: { state, by: '', at: turn.ctx.nowMs } }, now.state),
      label: `${t('checklist.undo')} ${shortLabel(row.text)}`,
    });
  }
  for (const project of touched) {
    const summary = checklistView(turn.guide, [project], entries).projects[0]!;
    lines.push(summaryLine(t, turn.guide.projectName(project), summary));
  }
  if (lines.length) {
    // One undo button per change (a single change: just "撤销").
    const options = undo.length === 1 ? [{ ...undo[0]!, label: t('checklist.undo') }] : undo.slice(0, PAGE_SIZE);
    turn.say(lines.join('\n'), options.length ? { question: { id: UNDO_QUESTION, mode: 'single', options, selected: [] } } : {});
  }
  if (mention.ask) {
    const { state, rows } = mention.ask;
    const options: Option[] = rows.slice(0, PAGE_SIZE).map((r) => ({
      value: setValue(current(r), state),
      label: `${turn.guide.projectName(r.project)} · ${shortLabel(r.text)}`,
    }));
    options.push({ value: 'none', label: t('checklist.whichNone') });
    turn.say(t(`checklist.which.${state}`), { question: { id: WHICH_QUESTION, mode: 'single', options, selected: [] } });
  }
}
