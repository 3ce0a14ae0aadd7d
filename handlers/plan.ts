/**
 * Changes of plan in words: "再添一个标准制定", "品牌不要了", "只报健康", "换成科技评估",
 * "都报吧", "报两个标准". The new plan is echoed, with the conflicts it has and a verdict for
 * what was added; a count the rules forbid is named with its clause, never silently reduced.
 */
import { ADD_IT, GENERIC_WORD, NOT_THIS_YEAR, RHETORICAL } from './understanding/cues.js';
import { checkProject, findConflicts, intentions, missingFacts, topicItems, type Intention, type ProjectId } from '../rules/index.js';
import { begin, closeChoosing, closeQuestion, dequeueChoosing, openStep } from './interview-state.js';
import { readingMark, renderReason, renderReadings } from './render.js';
import { isChoosing } from './steps.js';
import { roundClosedLine } from './round.js';
import type { Turn } from './turn.js';
import { countNear, PAST_AWARD, PLAN_ADD, PLAN_ALL, PLAN_ONLY, PLAN_REMOVE, PLAN_REPLACE, REFERS_BACK, REPLACE_WITH, yearsIn } from './understand.js';
import { anothersAward } from './parse.js';
import { chatSource } from './record.js';
import { askWhichDropped, askWhichOf } from './which-of.js';
import { releaseEventDates } from './event-date.js';
import { countAgainstMinimum, paperMissingTold } from './ask-yes-no.js';
import { placeOutsideJiangsu } from './understanding/places.js';
import { barredByHosting } from './hosting.js';
import { spacedWords } from './understanding/english.js';
import { ASKS_SOMETHING, CO_HOST, NOT_FIRST_HOST, PAIR_SAID, WE_FIRST_HOST } from './understanding/question-words.js';
import {
  ADDED_OBJECT,
  OBJECT_THEN_ADD,
  DROP_KEEP_SEAM,
  HELD_AT,
  KEEPS,
  KEEPS_BY_PLACE,
  MISTAKE_WORDS,
  ORDINAL,
  OUT_OF_REACH,
  OWNING_FILLER,
  THIS_WAY,
} from './understanding/cues.js';

export interface PlanChange {
  add: ProjectId[];
  remove: ProjectId[];
  /** Replace the whole plan with `add`. */
  only?: boolean;
  counts: Partial<Record<ProjectId, number>>;
  /** Sub-projects a shared word added stands for ("乡村" → both rural ones): asked which, never stored. */
  vague?: ProjectId[];
  /** A switch that did not say what goes ("那就改报X" with several planned): which of these is asked, with buttons. */
  askDrop?: ProjectId[];
}

/** The projects a message names, typos included; "这个" stands for the project talked about last. */
export function namedProjects(turn: Turn, text: string): ProjectId[] {
  const ids = turn.matcher.find(text, { groups: false });
  // "评估和决策咨询都不报了": a short word that ends only one planned project's name is that project
  // (评估 alone is ambiguous in general, not inside this society's plan).
  for (const id of plannedOrTalkedOfByShortName(turn, turn.matcher.mask(text))) if (!ids.includes(id)) ids.push(id);
  const typo = turn.matcher.fuzzy(turn.matcher.mask(text));
  if (typo && !ids.includes(typo)) ids.push(typo);
  if (!ids.length && ORDINAL.test(text)) return byOrdinal(turn, text);
  // "加个评估": the word after a verb of adding, when it is part of one project's names only.
  // ("评估也报一个": or the word before the verb.)
  const objects = ids.length ? [] : [ADDED_OBJECT.exec(turn.matcher.mask(text))?.[2], OBJECT_THEN_ADD.exec(turn.matcher.mask(text).trim())?.[1]];
  const short = objects.map((object) => (object ? turn.matcher.shortName(object) : undefined)).find(Boolean);
  if (short) return [short];
  if (!ids.length && REFERS_BACK.test(text)) return [...(turn.state.topic?.projects ?? [])];
  // "就报这个，再加个会员之家": a piece that names nothing but points back is the project talked about last.
  const topic = turn.state.topic?.projects ?? [];
  if (topic.length && REFERS_BACK.test(text))
    for (const piece of text.split(/[，,。；;\s]+/))
      if (REFERS_BACK.test(piece) && !turn.matcher.find(piece).length && !PLAN_REMOVE.test(piece) && !ORDINAL.test(piece))
        ids.unshift(...topic.filter((id) => !ids.includes(id)));
  return ids;
}

/** The list an ordinal counts in: the projects talked about last when there are several, else the plan. */
function byOrdinal(turn: Turn, text: string): ProjectId[] {
  const topic = turn.state.topic?.projects ?? [];
  const removing = PLAN_REMOVE.test(text);
  const list = !removing && topic.length >= 2 ? topic : turn.intendedIds().length ? turn.intendedIds() : topic;
  const id = atPlace(list, text);
  return id ? [id] : [];
}

/** The project at the place an ordinal says ("第二个", "后面那个", "前面那个") in a list. */
function atPlace(list: readonly ProjectId[], text: string): ProjectId | undefined {
  const m = ORDINAL.exec(text);
  if (!m) return undefined;
  const at = m[1] ? '一二三四五六七八九十'.indexOf(m[1]) + 1 || Number(m[1]) : m[3] ? list.length : 1;
  return list[at - 1];
}

/**
 * "两个平台", "学术交流这块": the planned projects a word of the piece is part of the names of (the
 * longest such word first), when at least `atLeast` are planned; else none.
 */
function plannedByWord(turn: Turn, piece: string, atLeast: number): ProjectId[] {
  const planned = turn.intendedIds();
  // (A group's own name first: "学术交流" is the group of 品牌 and 特色.)
  const group = turn.matcher.find(piece).filter((id) => planned.includes(id));
  if (!turn.matcher.find(piece, { groups: false }).length && group.length >= atLeast) return group;
  const masked = turn.matcher.mask(piece);
  for (let len = 4; len >= 2; len--)
    for (let i = 0; i + len <= masked.length; i++) {
      const word = masked.slice(i, i + len);
      if (!/^[\u4e00-\u9fa5]+$/.test(word) || GENERIC_WORD.test(word)) continue;
      const ids = turn.matcher.owners(word);
      const mine = planned.filter((id) => ids.includes(id));
      if (mine.length >= atLeast) return mine;
    }
  return [];
}

/**
 * "那青少年跟健康，留后面那个", "两个平台留前面那个": one of a list kept by its place, the rest of the list
 * dropped. The list is the projects the message names (in the order said), else the planned ones a
 * word of it stands for.
 */
function keptByPlace(turn: Turn, text: string): PlanChange | undefined {
  const pieces = planPieces(text);
  const keeping = pieces.find((piece) => KEEPS_BY_PLACE.test(piece) && ORDINAL.test(piece));
  if (!keeping) return undefined;
  const named = turn.matcher.find(text, { groups: false });
  const byWord = named.length >= 2 ? named : plannedByWord(turn, text, 2);
  // ("那这两个留后面那个吧", "留后面那个": the pair in play, when no word names the list.)
  const list = byWord.length >= 2 ? byWord : pairInPlay(turn);
  const kept = list.length >= 2 ? atPlace(list, keeping) : undefined;
  if (!kept) return undefined;
  // (And what another piece drops: "那一流学会不报了，两个平台留前面那个".)
  const dropped = pieces
    .filter((piece) => piece !== keeping && PLAN_REMOVE.test(piece))
    .flatMap((piece) => droppedIn(turn, piece))
    .filter((id) => !list.includes(id));
  return { add: turn.intendedIds().includes(kept) ? [] : [kept], remove: [...new Set([...list.filter((id) => id !== kept), ...dropped])], counts: {} };
}

/**
 * The planned projects a bare "这两个" stands for: those just talked about (when all planned), else the two of the
 * plan's one conflict, else the plan when it has exactly two. In the order planned.
 */
function pairInPlay(turn: Turn): ProjectId[] {
  const planned = turn.intendedIds();
  const talked = turn.state.topic?.projects ?? [];
  if (talked.length >= 2 && talked.every((id) => planned.includes(id))) return planned.filter((id) => talked.includes(id));
  const pairs = findConflicts(turn.guide, intentions(turn.state.profile)).filter((c) => c.projects.length === 2);
  if (pairs.length === 1) return planned.filter((id) => pairs[0]!.projects.includes(id));
  return planned.length === 2 ? planned : [];
}

function plannedOrTalkedOfByShortName(turn: Turn, masked: string): ProjectId[] {
  // (And the projects just talked about: "还是把评估加回来吧" after 科技评估 was dropped.)
  const planned = [...new Set([...turn.intendedIds(), ...(turn.state.topic?.projects ?? [])])];
  const tail = (id: ProjectId) => turn.guide.projectName(id).split(' · ').pop()!.slice(-2);
  const byTail = planned.filter((id) => masked.includes(tail(id)) && planned.filter((other) => tail(other) === tail(id)).length === 1);
  // "那平台不要了": the word just before a drop, when it is part of one planned project's names only.
  const word = DROPPED_WORD.exec(masked)?.[1];
  const owner = word ? turn.matcher.owners(word).filter((id) => planned.includes(id)) : [];
  const named = owner.length === 1 && !byTail.includes(owner[0]!) ? [...byTail, owner[0]!] : byTail;
  return [...named, ...pointedAt(turn, masked).filter((id) => !named.includes(id))];
}

/** "学术的那个", "科普那个", "评估这项": a word of projects' names pointed at with 那个/这个. */
const POINTED_WORD = /([\u4e00-\u9fa5]{2})的?(?:那个|这个|那项|这项|那一个|这一个)/;

/** The one planned or just-talked-of project a pointed word is part of the names of ("留学术的那个就行"). */
function pointedAt(turn: Turn, masked: string): ProjectId[] {
  const word = POINTED_WORD.exec(masked)?.[1];
  if (!word) return [];
  const known = [...new Set([...turn.intendedIds(), ...(turn.state.topic?.projects ?? [])])];
  const owners = turn.matcher.owners(word).filter((id) => known.includes(id));
  return owners.length === 1 ? owners : [];
}

/** The two characters just before a drop: "平台不要了", "科普那个算了". */
const DROPPED_WORD = /([\u4e00-\u9fa5]{2})(?:那个|这个|的|也|就)?(?:不要|不报|算了|去掉|删掉|拿掉|不考虑|拉倒|免了|不整|不弄|不搞)/;

/** Words of a change of plan of any kind: adding, all, only, replacing, dropping, this way. */
export function saysPlan(text: string): boolean {
  return [PLAN_ADD, PLAN_ALL, PLAN_ONLY, PLAN_REPLACE, REPLACE_WITH, PLAN_REMOVE, THIS_WAY, KEEPS].some((re) => re.test(text));
}

/**
 * What a piece drops: the projects named after the drop word when it has an object ("一流学会不报平台" drops
 * the platforms, not 一流学会, which is what the piece is about), else every project it names ("会员之家不报了").
 */
function droppedIn(turn: Turn, piece: string): ProjectId[] {
  const drop = PLAN_REMOVE.exec(piece);
  // (Not what another verb takes after it: "标准不要了留着评估" keeps 评估.)
  const rest = drop ? piece.slice(drop.index + drop[0].length) : '';
  if (drop && KEPT_AFTER.test(rest)) return namedProjects(turn, piece.slice(0, drop.index));
  const after = rest;
  // (A short word shared by several projects, "平台", names them all: the matcher's owners.)
  const objects = after ? (turn.matcher.find(after).length ? turn.matcher.find(after) : turn.matcher.owners(after.slice(0, 2))) : [];
  if (!objects.length) {
    // "学术交流这块今年不报了": a word that names no project drops the planned ones it is part of (not
    // all that "这块" might point back to).
    const head = drop ? piece.slice(0, drop.index) : piece;
    const byWord = turn.matcher.find(head, { groups: false }).length ? [] : plannedByWord(turn, head, 1);
    return byWord.length ? byWord : namedProjects(turn, piece);
  }
  const planned = objects.filter((id) => turn.intendedIds().includes(id));
  return planned.length ? planned : objects;
}

/** Where a plan's pieces part: Chinese punctuation, a space between Chinese words, an English sentence's full stop ("Drop X. Add Y."). */
// ("drop the featured one and keep the brand one": an English "and" before another plan verb parts too.)
const PIECE_BREAK =
  /[，,。；;]|\.(?=\s|$)|(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])|\s+(?:and|but|then)\s+(?=(?:留|去掉|想报|加回|只报|不报)|(?:keep|drop|add|remove)\b)/;

/** A plan's pieces: PIECE_BREAK's parts, each parted again where a drop meets a keep with no comma (DROP_KEEP_SEAM). */
function planPieces(text: string): string[] {
  // (Trimmed: "品牌去掉, 换沙龙" has a space after its comma, and a piece's first word may be its verb.)
  return text
    .split(PIECE_BREAK)
    .flatMap((piece) => piece.split(DROP_KEEP_SEAM))
    .map((piece) => piece.trim());
}

/** "不对，我们想报的是X", "说错了，打算报的其实是X": what is planned, owned as a mistake. */
const MEANT_INSTEAD = new RegExp(`^${OWNING_FILLER}?\\s*${MISTAKE_WORDS}[，,\\s]*.{0,6}?(想|打算|准备|要|计划)(报|申报|申请)的(其实|应该)?是`);

/** After a drop, another verb that keeps or adds: "标准不要了留着评估", "…就报评估". */
const KEPT_AFTER = /^(了|啦|吧|咯|啊)?[，,\s]*(留|保留|只|就|还是|改|换|报|要)/;

/** Words of dropping inside a correction ("是删标准"): 删, 去掉, 不要, 不报. */
const PLAN_REMOVE_WORD = /删|去掉|拿掉|不要|不报|撤/;

/** "不是品牌，是特色": what was said, then what was meant. */
const NOT_THIS_BUT = /不是([^，,。？?]{1,16}?)[，,\s]*(?:而|应该|其实)?是([^，,。？?]{1,20})/;

/** "是科技服务那个，不是学术学会": what is meant first, then what was said (NOT_THIS_BUT the other way round). */
const MEANT_NOT_THIS = /(?:^|[，,\s])(?:应该|其实|我说的)?是([^，,。？?]{1,16}?)[，,\s]*(?:而)?不是([^，,。？?]{1,16})/;

/** "计划里说的决策，写错了，其实是团标": what was said, owned as a mistake, then what was meant. */
// ("再加个学术学会，不对不对，是一流科普学会": 不对 owns it too.)
const WRONG_THEN_MEANT = /([^，,。？?]{1,20}?)[，,\s]*(?:(?:写|说|打|搞|记|弄|填)错了?|不对(?:不对)?|口误)[，,\s]*(?:其实|应该|实际上?)?是([^，,。？?]{1,20})/;

/** "除了标准，其他都不报了": everything planned but what follows 除了 is dropped. */
const ALL_BUT = /除了(.{1,30}?)(以外|之外)?[，,\s]*(其他|其它|其余|别的|剩下的)(的)?(都|全|全部)?(不报|不要|不申报|去掉|删掉|算了)/;

/** "一流科普学会，哦不，一流学术学会": a project name taken back at once is not part of the message. */
const NAME_TAKEN_BACK = new RegExp(
  `([^，,。；;\\s]+)[，,\\s]*(?:${OWNING_FILLER}\\s*不(?:对|是)?|${OWNING_FILLER}?\\s*${MISTAKE_WORDS})[，,\\s]+(?=([^，,。；;\\s]+))`,
  'g',
);

function meantNames(turn: Turn, text: string): string {
  return text.replace(NAME_TAKEN_BACK, (all, before: string, after: string) =>
    turn.matcher.find(before, { groups: false }).length && turn.matcher.find(after, { groups: false }).length
      ? before.replace(/[^想要报打算准备申请再也还]+$/, '')
      : all,
  );
}

/** A change of plan, if the message is one; undefined for anything else (a past award, a question…). */
export function readPlan(turn: Turn, said: string): PlanChange | undefined {
  const text = meantNames(turn, said);
  // "标准制定报它干嘛", "有啥好报的": a rhetorical question adds nothing (a drop beside it is still read).
  if (RHETORICAL.test(text) && !PLAN_REMOVE.test(text)) return undefined;
  const past = yearsIn(text, turn.guide.year).some((y) => y < turn.guide.year);
  // "那个会员之家是隔壁学会的": an award said to be another's is no plan.
  if (PAST_AWARD.test(text) || past || text.split(/[，,。；;]/).some((piece) => anothersAward(piece.trim()) !== undefined)) return undefined;
  const allBut = ALL_BUT.exec(text);
  if (allBut) {
    const keep = namedProjects(turn, allBut[1]!);
    if (keep.length) return { add: keep, remove: turn.intendedIds().filter((id) => !keep.includes(id)), only: true, counts: {} };
  }
  // "说错了，不是品牌，是特色", "唔系决策，系团标": a planned project corrected to another, as 改成 does.
  // [what was said, what is meant]
  const pair = (m: RegExpExecArray | null, meantFirst = false): [string, string] | undefined =>
    m ? (meantFirst ? [m[2]!, m[1]!] : [m[1]!, m[2]!]) : undefined;
  const corrected = pair(NOT_THIS_BUT.exec(text)) ?? pair(WRONG_THEN_MEANT.exec(text)) ?? pair(MEANT_NOT_THIS.exec(text), true);
  // "不是要删评估，是删标准": the drop meant is another; what was said is kept (back), what is meant is dropped.
  if (corrected && PLAN_REMOVE_WORD.test(corrected[1])) {
    const keep = namedProjects(turn, corrected[0]);
    const drop = namedProjects(turn, corrected[1]).filter((id) => !keep.includes(id));
    if (drop.length) return { add: keep, remove: drop, counts: {} };
  }
  if (corrected) {
    const said = corrected[0];
    // (Said by a short word, "说的决策": a planned project whose names hold it.)
    const named = namedProjects(turn, said);
    const short = named.length ? [] : [...said].slice(0, -1).flatMap((_, i) => turn.matcher.owners(said.slice(i, i + 2)));
    const from = [...named, ...short].filter((id, i, all) => turn.intendedIds().includes(id) && all.indexOf(id) === i);
    const to = namedProjects(turn, corrected[1]).filter((id) => !from.includes(id));
    if (from.length && to.length) return { add: to, remove: from, counts: {} };
    // ("再加个学术学会，不对，是一流科普学会": what was being added is taken back in the same breath; only what is meant is added.)
    if (!from.length && to.length && named.length && PLAN_ADD.test(said)) return { add: to, remove: [], counts: {} };
  }
  // "一流学会我们够不上，就后面那个吧": a project said to be out of reach is no part of the plan.
  const reachable = planPieces(text)
    .filter((piece) => !OUT_OF_REACH.test(piece))
    .join('，');
  const ids = namedProjects(turn, reachable || text);
  const counts: PlanChange['counts'] = {};
  // "标准两个，科技评估一个": a count beside each name.
  for (const piece of text.split(/[，,。；;\s]+/)) {
    const named = turn.matcher.find(piece, { groups: false });
    const n = countNear(turn.matcher.mask(piece));
    if (n && named.length === 1) counts[named[0]!] = n;
  }
  // "那就一个", "报两个吧": a bare count is about the project talked about last.
  if (
    !ids.length &&
    turn.state.topic?.projects.length === 1 &&
    /^(好吧)?\s*(那)?(就|只)?(报|申报)?\s*(一|两|二|三|\d)\s*(个|项)(吧|了|就行|就好)?[。.!！~]*$/.test(text.replace(/^好吧\s*/, ''))
  ) {
    const n = countNear(`报${text.replace(/^\D*?(?=(一|两|二|三|\d)\s*(个|项))/, '')}`);
    if (n) return { add: [turn.state.topic.projects[0]!], remove: [], counts: { [turn.state.topic.projects[0]!]: n } };
  }
  const n = countNear(turn.matcher.mask(text).replace(/这个|那个|它/, '□'));
  if (n && ids.length === 1 && !Object.keys(counts).length) counts[ids[0]!] = n;
  // "产业发展跟美丽乡村两个都报": the count is of the projects named, not of one of them.
  if (ids.length >= 2 && /(两|二|三|几|\d)\s*个\s*(都|一起|全)/.test(text)) for (const id of ids) delete counts[id];
  // "留品牌，另一个不要了", "两个只能报一个的话就特色吧": keeping planned projects drops what they conflict with
  // (and "the other one" of the pair talked about).
  const byPlace = keptByPlace(turn, text);
  if (byPlace) return byPlace;
  const kept = keptIn(turn, text);
  if (kept.length) {
    const rivals = rivalsOfPick(turn, kept);
    // ("另一个" with no rival: the one other project talked about, when there is exactly one.)
    // (The pair is the one the message names when it names two: "品牌特色只能二选一吧？那留特色".)
    const inMessage = turn.matcher.find(text, { groups: false });
    const pair = inMessage.length >= 2 ? inMessage : (turn.state.topic?.projects ?? []);
    const others = pair.filter((id) => !kept.includes(id) && turn.intendedIds().includes(id));
    // (And what another piece drops: "Keep the youth one, drop health".)
    const dropped = planPieces(text)
      .filter((piece) => PLAN_REMOVE.test(piece))
      .flatMap((piece) => droppedIn(turn, piece))
      .filter((id) => !kept.includes(id));
    const remove = [...new Set([...(rivals.length ? rivals : OTHER_ONE.test(text) && others.length === 1 ? others : []), ...dropped])];
    // (And what another piece adds: "那就只留青少年。另外特色也不报了，还是报品牌".)
    const added = planPieces(text)
      .filter((piece) => PLAN_ADD.test(piece) && !PLAN_REMOVE.test(piece) && !KEEPS.test(piece))
      .flatMap((piece) => namedProjects(turn, piece))
      .filter((id) => !kept.includes(id) && !remove.includes(id));
    const adds = [...kept, ...added].some((id) => !turn.intendedIds().includes(id));
    if (remove.length || adds) return { add: [...kept, ...added], remove, counts: {} };
  }
  const replacing = REPLACE_WITH.exec(text);
  if (replacing) {
    const to = namedProjects(turn, replacing[1] ?? replacing[3] ?? '');
    const from = namedProjects(turn, replacing[2] ?? replacing[4] ?? '').filter((id) => turn.intendedIds().includes(id) && !to.includes(id));
    if (to.length && from.length) return { add: to, remove: from, counts };
  }
  if (PLAN_REPLACE.test(text) && ids.length) {
    const [before, after] = text.split(PLAN_REPLACE);
    // "改报品牌学术交流，特色不报了": a project dropped in its own piece is replaced, not added.
    const dropped = text
      .split(/[，,。；;\s]+/)
      .filter((piece) => PLAN_REMOVE.test(piece) && !PLAN_REPLACE.test(piece))
      .flatMap((piece) => namedProjects(turn, piece));
    // ("评估换成决策咨询": a short word of one planned project is that project.)
    const to = turn.matcher.find(after ?? '', { groups: false }).filter((id) => !dropped.includes(id));
    // ("学术沙龙呢" … "那换成这个吧": a bare 那 before 换成 points back to what is switched to, never at what goes.)
    // ("那改报沙龙，品牌不要了": a 那 that leads the sentence is "then", pointing at nothing.)
    const from = [...namedProjects(turn, (before ?? '').replace(/^(那么|那就|那)(?=[，,\s]*$)/, '')), ...dropped].filter((id) => !to.includes(id));
    if (to.length) {
      const remove = from.length ? from : replacedBy(turn, to);
      // (Several planned and none said to go: which is asked; nothing is dropped before the answer.)
      const askDrop = remove.length ? [] : turn.intendedIds().filter((id) => !to.includes(id));
      return { add: to, remove, counts, ...(askDrop.length >= 2 && { askDrop }) };
    }
  }
  if (PLAN_ONLY.test(text) && ids.length) {
    // "不报一流学会 只报两个平台": what is dropped beside the 只 is not kept. In English, words are
    // spaced, so only punctuation parts pieces ("drop 一流学会 then, keep only…").
    const dropped = text
      .split(spacedWords(text) ? /[，,。；;]+/ : /[，,。；;\s]+/)
      .filter((piece) => PLAN_REMOVE.test(piece) && !PLAN_ONLY.test(piece))
      .flatMap((piece) => droppedIn(turn, piece));
    // "标准和评估里去掉评估，只报标准": 只 is among the pair named; a project planned before and not named stays.
    const amongNamed = dropped.length > 0;
    return { add: ids.filter((id) => !dropped.includes(id)), remove: dropped, ...(!amongNamed && { only: true }), counts };
  }
  // "不对，我们想报的是特色学术交流" with 品牌 planned: a plan owned as a mistake, then what is meant, replaces the
  // planned projects the meant one cannot go with (or, with none, those of its group); the rest of the plan stays.
  if (ids.length && PLAN_ADD.test(text) && MEANT_INSTEAD.test(text)) {
    const plan = intentions(turn.state.profile);
    const rivals = findConflicts(turn.guide, [...plan, ...ids.map((project) => ({ project, count: 1 }))])
      .filter((c) => c.projects.length > 1 && ids.some((id) => c.projects.includes(id)))
      .flatMap((c) => c.projects.filter((id) => !ids.includes(id) && plan.some((i) => i.project === id)));
    const group = (id: ProjectId) => turn.guide.project(id).group;
    const sameGroup = plan.map((i) => i.project).filter((id) => !ids.includes(id) && ids.some((to) => group(to) && group(to) === group(id)));
    const remove = [...new Set(rivals.length ? rivals : sameGroup)];
    if (remove.length) return { add: ids, remove, counts };
  }
  // "算了，就报特色吧": the removal must be in the piece that names the project.
  const removed = planPieces(text)
    // "一流学会拿下来有多少钱": a piece that asks takes nothing off.
    .filter((piece) => PLAN_REMOVE.test(piece) && !ASKS_SOMETHING.test(piece))
    .flatMap((piece) => droppedIn(turn, piece));
  // "哦 那不报了": the project just talked about, if it is in the plan.
  const topic = turn.state.topic?.projects ?? [];
  if (!removed.length && !ids.length && PLAN_REMOVE.test(text) && text.length <= 10 && topic.length === 1 && turn.intendedIds().includes(topic[0]!))
    removed.push(topic[0]!);
  // "加个评估，标准不要了": what is added in its own piece beside what is dropped.
  const added = removed.length
    ? planPieces(text)
        .filter((piece) => PLAN_ADD.test(piece) && !PLAN_REMOVE.test(piece))
        .flatMap((piece) => namedProjects(turn, piece))
        .filter((id) => !removed.includes(id))
    : [];
  if (removed.length) return { add: added, remove: removed, counts: {} };
  // "行 那也加上": an add with no project named is of the one talked about last.
  if (!ids.length && ADD_IT.test(text) && !PLAN_REMOVE.test(text) && text.length <= 10 && topic.length === 1 && !/吗|呢|\?|？/.test(text))
    return { add: [topic[0]!], remove: [], counts: {} };
  // "我们今年不打算报了": nothing this year, whatever was planned.
  if (!ids.length && NOT_THIS_YEAR.test(text) && turn.intendedIds().length) return { add: [], remove: turn.intendedIds(), counts: {} };
  // "今年都不报了": nothing of the plan is kept.
  if (/都不(报|要|申报)|全部不(报|要)|一个都不/.test(text) && !ids.length) return { add: [], remove: turn.intendedIds(), counts: {} };
  // "好，就这么报", "那就这几个": the projects the last answer was about.
  // ("行，就这俩了" after a what-if of adding a third: the count said is the plan's, when the plan has that many.)
  const countSaid = PAIR_SAID.test(text) ? 2 : /三个|(?<!\d)3个/.test(text) ? 3 : undefined;
  if (!turn.matcher.find(text).length && THIS_WAY.test(text) && countSaid && turn.intendedIds().length === countSaid && !/吗|呢|\?|？/.test(text))
    return { add: [...turn.intendedIds()], remove: [], counts: {} };
  if (!ids.length && THIS_WAY.test(text) && topic.length && !/吗|呢|\?|？/.test(text)) return { add: [...topic], remove: [], counts: {} };
  // "青少年科普也想一起报，两个都要": the project named and the one talked about, both.
  const both = /(两|俩|二|三|几)\s*个?\s*(都|一起|全)|都要|都报|一起报/.test(text) ? topic.filter((id) => !ids.includes(id)) : [];
  if (ids.length === 1 && both.length && PLAN_ALL.test(text) && !/吗|能不能|可不可以|是否|啥|什么|怎么|多少/.test(text))
    return { add: [...both, ...ids], remove: [], counts: {} };
  if (PLAN_ALL.test(text) && !ids.length) {
    // ("我们两个都想报" after a comparison of two: the two talked about, not every one offered.)
    if (countSaid && topic.length === countSaid) return { add: [...topic], remove: [], counts: {} };
    const offered = offeredProjects(turn);
    if (offered.length) return { add: offered, remove: [], counts: {} };
    return { add: [], remove: [], counts: {} };
  }
  const vague = sharedWordsAdded(turn, text, ids);
  // "选第二个", "先报前面那个": one of the list just talked about, picked by its place.
  const pickedByPlace = ORDINAL.test(text) && !turn.matcher.find(text).length && /选|报|要|就|定|挑/.test(text);
  if (
    (ids.length || vague.length) &&
    // ("那就这么定：一流学会、一流学术学会、一流科技服务学会": a plan settled with the names after it.)
    (PLAN_ADD.test(text) ||
      PLAN_ALL.test(text) ||
      THIS_WAY.test(text) ||
      pickedByPlace ||
      Object.keys(counts).length ||
      (vague.length && /各|都|两个|俩/.test(text))) &&
    !/吗|能不能|可不可以|是否|能否|啥|什么|怎么|多少|几|条件|行不行|行不|可以不|成不|好不好|哪|谁|材料|资格|要求/.test(text)
  ) {
    // ("就报发展助力跟俩乡村的": the pair a shared word names, said as two, is both of them, not a choice.)
    const pair = vague.length === 2 && PAIR_SAID.test(text) ? vague : [];
    const add = [...ids, ...pair];
    return { add, remove: THEN_JUST.test(text) ? rivalsOfAdd(turn, add) : rivalsOfPick(turn, add), counts, ...(vague.length && !pair.length && { vague }) };
  }
  return undefined;
}

/** "留品牌", "品牌留着", "保留特色", "只能报一个的话就特色吧": the planned projects a piece keeps. */
function keptIn(turn: Turn, text: string): ProjectId[] {
  // Planned, or just talked about ("Both OK?" … "Keep the youth one, drop health").
  const known = [...turn.intendedIds(), ...(turn.state.topic?.projects ?? [])];
  const pieces = planPieces(text).filter((piece) => KEEPS.test(piece) && !PLAN_REMOVE.test(piece));
  // ("留学术的那个": the word pointed at, before 那个 is set aside.)
  const ids = pieces.flatMap((piece) => [...pointedAt(turn, turn.matcher.mask(piece)), ...namedProjects(turn, piece.replace(REFERS_BACK, ''))]);
  // ("drop rural beauty, keep 乡村产业 instead": beside a drop, what is kept may be new: a swap.)
  const swap = planPieces(text).some((piece) => PLAN_REMOVE.test(piece) && !KEEPS.test(piece));
  return ids.length && (swap || ids.every((id) => known.includes(id))) ? [...new Set(ids)] : [];
}

/** "另一个", "另外那个", "the other one", "俩里头留一个": the other of the pair talked about. */
const OTHER_ONE = /另(外)?(一|那)?(个|项)|其他那个|别的那个|(俩|两个|二者|两者|这两个)(里|中)(头|面|边)?[，,\s]*(留|选|挑|要|报)(一个|一项)|二选一|只留一个/;

/**
 * "乡村和健康各报一个": the sub-projects a shared word stands for ("乡村" → both rural ones), when none of
 * them is named beside it. Which one is meant is asked; nothing is added for the word.
 */
export function sharedWordsAdded(turn: Turn, text: string, named: readonly ProjectId[]): ProjectId[] {
  const groups = turn.matcher.shared(text).filter((ids) => !ids.some((id) => named.includes(id)));
  return [...new Set(groups.flat())];
}

/**
 * "那就前面那个吧" with 品牌 and 特色 both planned and exclusive (二（三）4): a pick of projects already
 * planned keeps them and drops the planned projects they conflict with. Nothing when the pick adds anything.
 */
function rivalsOfPick(turn: Turn, picked: ProjectId[]): ProjectId[] {
  const plan = intentions(turn.state.profile);
  if (!picked.every((id) => plan.some((i) => i.project === id))) return [];
  const rivals = findConflicts(turn.guide, plan)
    .filter((c) => c.projects.length > 1 && picked.some((id) => c.projects.includes(id)))
    .flatMap((c) => c.projects.filter((id) => !picked.includes(id)));
  return [...new Set(rivals)];
}

/** "那就报特色吧": a decision, after which a planned project the new one cannot go with (二（三）4…) goes. */
const THEN_JUST = /^(那|那么|好|行)?[，,\s]*就(报|申报|申请|要|选|做)/;

/** The planned projects the added ones cannot go with, in pairs (a project and its exclusive partner). */
function rivalsOfAdd(turn: Turn, added: ProjectId[]): ProjectId[] {
  const plan = intentions(turn.state.profile);
  const fresh = added.filter((id) => !plan.some((i) => i.project === id));
  if (!fresh.length) return rivalsOfPick(turn, added);
  return [
    ...new Set(
      findConflicts(turn.guide, [...plan, ...fresh.map((project) => ({ project, count: 1 }))])
        .filter((c) => c.projects.length === 2 && fresh.some((id) => c.projects.includes(id)))
        .flatMap((c) => c.projects.filter((id) => !fresh.includes(id) && plan.some((i) => i.project === id))),
    ),
  ];
}

/** "换成X" without naming what goes: the intended project X is an alternative to (same group or category). */
function replacedBy(turn: Turn, to: ProjectId[]): ProjectId[] {
  const intended = turn.intendedIds().filter((id) => !to.includes(id));
  // The project just talked about, if it is still planned ("会员之家不能报？那换成青少年科普").
  // (One of them: "那就改报X" after an answer about the two planned says nothing of which goes.)
  const topic = (turn.state.topic?.projects ?? []).filter((id) => intended.includes(id));
  if (topic.length) return topic.length === 1 ? topic : [];
  const sameCategory = turn.guide.data.categories.find((c) => to.some((id) => c.projects.includes(id)));
  // Nothing of the same kind, or several: drop nothing the secretary did not name.
  const candidates = intended.filter((id) => sameCategory?.projects.includes(id));
  return candidates.length === 1 ? candidates : [];
}

/** What "都报" can refer to: the sub-projects on the open question, else those talked about last. */
function offeredProjects(turn: Turn): ProjectId[] {
  const step = openStep(turn.state);
  if (step?.kind === 'projects') {
    const category = turn.guide.data.categories.find((c) => c.id === step.category);
    if (category) return [...category.projects];
  }
  // "沙龙要几场" … "品牌呢" … "那就都报": the projects of the question before are offered too.
  const topic = turn.state.topic;
  return [...(topic?.earlier ?? []), ...(topic?.projects ?? [])];
}

/** The plan after a change (pure: what-ifs use it on a copy). */
export function plannedAfter(current: Intention[], change: PlanChange): Intention[] {
  const next: Intention[] = change.only ? [] : current.filter((i) => !change.remove.includes(i.project)).map((i) => ({ ...i }));
  for (const id of change.add) {
    const count = change.counts[id] ?? 1;
    const existing = next.find((i) => i.project === id);
    if (existing) existing.count = change.counts[id] ?? existing.count;
    else next.push({ project: id, count });
  }
  return next.filter((i) => i.count > 0);
}

export function applyPlan(turn: Turn, change: PlanChange, text: string): void {
  const { state, guide } = turn;
  if (!change.add.length && !change.remove.length) return change.vague?.length ? askWhichOf(turn, change.vague) : turn.say(turn.t('plan.allWhat'));
  const current = intentions(state.profile);
  const notThere = change.remove.filter((id) => !current.some((i) => i.project === id));
  const next = plannedAfter(current, change);
  turn.storeIntended(next);
  releaseEventDates(
    state,
    current.filter((i) => !next.some((n) => n.project === i.project)).map((i) => i.project),
  );
  state.sources.intended = chatSource(turn, text.slice(0, 200));
  if (isChoosing(openStep(state))) {
    closeChoosing(state);
    dequeueChoosing(state);
  }
  // "健康专项不报了" while its expert count is asked: a question no planned project needs is not asked on.
  const open = openStep(state);
  const planned = next.map((i) => i.project);
  if (open?.kind === 'fact' && planned.length && !missingFacts(guide, state.profile, planned).some((m) => m.fact === open.fact)) closeQuestion(state);
  const list = next.map((i) => `${guide.projectName(i.project)}${i.count > 1 ? `×${i.count}` : ''}`).join(turn.t('sep.list'));
  const lines: string[] = [];
  if (notThere.length && !change.add.length) {
    lines.push(turn.t('plan.notIntended', { list: turn.names(notThere), kept: list || turn.t('common.noneChosen') }));
  } else lines.push(list ? turn.t('plan.updated', { list }) : turn.t('plan.none'));
  // "一流学术学会不考虑了": what was taken off is named, before what remains.
  const removed = current.filter((i) => !next.some((n) => n.project === i.project)).map((i) => i.project);
  if (removed.length && !(notThere.length && !change.add.length))
    lines[0] = turn.t('plan.removed', { removed: turn.names(removed), list: list || turn.t('common.noneChosen') });
  const closed = change.add.length ? roundClosedLine(turn) : undefined;
  if (closed) lines.push(closed);
  const readings = new Set<number>();
  for (const id of change.add) {
    const v = checkProject(guide, state.profile, id);
    // (A project settled as eligible is said too: "想报发展助力和健康" answers 发展助力 ✅ before asking of 健康.)
    const r = v.reasons[0];
    const mark = v.verdict === 'ineligible' ? '❌' : v.verdict === 'eligible' ? '✅' : '❓';
    // Unsettled: the interview asks what is missing; only a known obstacle is worth its reason here.
    // ("梯队期刊也要" of a society whose grade and level are known: ❓ names the one or two facts still missing.)
    const missing = v.verdict === 'unknown' ? missingFacts(guide, state.profile, [id]) : [];
    const verdict =
      r && v.verdict === 'ineligible'
        ? renderReason(guide, r, { lang: turn.lang, readings, profile: state.profile })
        : missing.length && missing.length <= 2
          ? turn.t('plan.unknownNeeds', { facts: missing.map((f) => turn.label(f.fact)).join(turn.t('sep.list')) })
          : turn.t(`verdict.${v.verdict}`);
    lines.push(turn.t('plan.verdict', { mark, project: guide.projectName(id), verdict }));
  }
  for (const c of findConflicts(guide, next)) {
    lines.push(turn.t('plan.conflict', { text: c.text, clause: c.clause }) + (c.reading ? readingMark(guide, c.reading, turn.lang, readings) : ''));
  }
  lines.push(...minimumsOf(turn, change.add, text));
  const footnote = renderReadings(guide, readings, turn.lang);
  turn.say(footnote ? `${lines.join('\n')}\n${footnote}` : lines.join('\n'));
  state.topic = { projects: change.add.length ? change.add : change.remove, age: 0 };
  // "乡村和健康各报一个": 健康 is added; which rural one is asked, with the category's buttons.
  if (change.vague?.length) return askWhichOf(turn, change.vague);
  if (change.askDrop?.length) return askWhichDropped(turn, change.askDrop);
  begin(state);
}

/** "会议打算在上海开": a place outside Jiangsu said for a project whose events must be held in the province. */
export function placeRuleBroken(turn: Turn, ids: readonly ProjectId[], text: string): string[] {
  const outside = HELD_AT.test(text) ? placeOutsideJiangsu(text) : undefined;
  const rule = outside ? topicItems(turn.guide, ids, 'out_of_province')[0] : undefined;
  return rule ? [turn.t('answer.outOfProvince', { quote: rule.quote, clause: rule.clause })] : [];
}

/**
 * "想搞问道科学沙龙，全年计划办十二场", "品牌那个会我们打算在上海开": a count or a place told with a plan, against
 * the project's own rule (不少于15场; 举办地须在江苏省内).
 */
export function minimumsOf(turn: Turn, ids: readonly ProjectId[], text: string): string[] {
  const counts = ids.flatMap((id) => countAgainstMinimum(text, turn.guide, id, turn.translate)?.answer ?? []);
  const place = placeRuleBroken(turn, ids, text);
  // "和全国学会合办，全国学会做第一主办方": another body as first host, against the project's host rule.
  const another = NOT_FIRST_HOST.test(text.replace(CO_HOST, ' ')) && !WE_FIRST_HOST.test(text);
  const host = another ? (topicItems(turn.guide, ids, 'first_host')[0] ?? topicItems(turn.guide, ids, 'sole_host')[0]) : undefined;
  // (Else as the society said its event is hosted before: "东大是第一主办方" … "那换成报特色的呢".)
  // (Only of the projects this message names: a plan change elsewhere does not say it again.)
  const namedNow = turn.matcher.find(text, { groups: false });
  const remembered =
    host || CO_HOST.test(text)
      ? undefined
      : barredByHosting(
          turn,
          ids.filter((id) => namedNow.includes(id)),
        );
  const hosts = host ? [turn.t('answer.notFirstHost', { quote: host.text ?? host.quote, clause: host.clause })] : remembered ? [remembered.text] : [];
  const ctx = { guide: turn.guide, matcher: turn.matcher, t: turn.translate, nowMs: turn.ctx.nowMs, lang: turn.lang };
  const missing = paperMissingTold(text, ids, ctx);
  const papers = missing ? [missing.answer] : [];
  return [...counts, ...place, ...hosts, ...papers];
}
