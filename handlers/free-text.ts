import { FACTS, factsOf, findConflicts, intentions, type Fact, type Profile, type ProjectId } from '../rules/index.js';
import { answerDetails, answerQuestion, classify, contactLine, partTopic, mostlyEnglish, type AskContext } from './ask.js';
import { advance, answer, applyAnswer, askPending, confirmIntended, questionFor, reaskPending } from './interview.js';
import { addIntended, learn } from './learn.js';
import { askWhichOf } from './which-of.js';
import { englishCues, extractFacts, parseNumber, statesAnything, type Extracted } from './parse.js';
import { ALL, namesTopicOf, type QuestionDef, type YesNoFact } from './questions.js';
import { guessProject } from './guess.js';
import { minimumsOf, sharedWordsAdded } from './plan.js';
import { askStep, clearQueue, closeQuestion, openStep } from './interview-state.js';
import { isChoosing, stepOf } from './steps.js';
import { PAST_AWARD, PLAN_ADD, yearsIn } from './understand.js';
import type { Turn } from './turn.js';
import { consequences, HYPOTHETICAL } from './what-if.js';
import { AFFECTS, MISTAKE_WORDS, NOW_WORDS, OTHER_VALUE, OWNING_FILLER, TOO_LATE } from './understanding/cues.js';
import { roundNoteText } from './round.js';
import { sortQuestionFacts } from './question-facts.js';
import { hasEnglishCue, spacedWords } from './understanding/english.js';
import { translator } from './i18n.js';
import { isQuestionText } from './understanding/reading.js';
import { beforeHomophones, originalOfPiece } from './understanding/normalise.js';
import { questionParts } from './understanding/parts.js';
import { barredByRemembered } from './failed-assessment.js';
import { barredByHosting } from './hosting.js';

/**
 * Text that may answer the pending step; true when it did. What else it states is added to `facts`,
 * for learn() to store.
 */
export function answerPending(turn: Turn, ask: string, text: string, facts: Extracted): boolean {
  const def = questionFor(turn, ask);
  if (!def) return false;
  const stated = Object.keys(facts.profile);
  // ("那个会员之家是隔壁学会的" withdraws an award; it chooses nothing.)
  if (isChoosing(stepOf(ask))) return !stated.length && !facts.eventDate && !facts.priorDenied?.length && chooseByText(turn, ask, text, def);
  // More than the answer ("省级学会，我们想报标准制定"): everything goes through learn().
  const more = stated.some((f) => f !== ask) || facts.intended.length > 0 || !!facts.eventDate;
  if (!more) {
    const change = def.parse(text);
    if (!change) return false;
    applyAnswer(turn, ask, change, text);
    return true;
  }
  if (!stated.includes(ask)) {
    // "合格，我们是省级学会": the parts that state nothing else may still answer the question asked.
    const rest = text
      .split(/[，,。；;！!\n]/)
      .filter((c) => c.trim() && !statesAnything(extractFacts(c, turn.matcher, turn.guide.year)))
      .join('，');
    const change = rest ? def.parse(rest) : undefined;
    // Only a fact of the profile joins the facts ("你是说…？" answered beside other facts is not one).
    if (change && Object.keys(change).every((key) => (FACTS as readonly string[]).includes(key) || key === 'intended')) Object.assign(facts.profile, change);
  }
  return false;
}

/**
 * "沙龙我们计划办二十来场": a count or a place told with a pick, against the project's own rule, said right
 * after the pick is said back (reply `at`), before the next question.
 */
function sayMinimumsAfter(turn: Turn, at: number, ids: readonly ProjectId[], text: string): void {
  const lines = minimumsOf(turn, ids, text);
  turn.replies.splice(Math.min(at + 1, turn.replies.length), 0, ...lines.map((line) => ({ text: line })));
}

/** Categories or projects typed as text instead of tapped. */
export function chooseByText(turn: Turn, ask: string, text: string, def: QuestionDef): boolean {
  const { state, matcher } = turn;
  // "19、20年连着拿过发展助力" names a project, but as a past award, not a choice; "we host a CN
  // journal" states a fact. Only a bare name or a plain plan answers the question.
  if (PAST_AWARD.test(text) || yearsIn(text, turn.guide.year).some((y) => y < turn.guide.year)) return false;
  if (text.length > 14 && !PLAN_ADD.test(text) && !/想|打算|准备|要|报/.test(text)) return false;
  // "问道科学沙龙要办几场": a question about a project is not a choice of it.
  if (classify(text, matcher, turn.lang) && !PLAN_ADD.test(text)) return false;
  if (stepOf(ask)?.kind !== 'categories') {
    const change = def.parse(text);
    if (!change?.intended?.length) return false;
    const at = turn.replies.length;
    applyAnswer(turn, ask, change, text);
    sayMinimumsAfter(
      turn,
      at,
      intentions({ intended: change.intended }).map((i) => i.project),
      text,
    );
    return true;
  }
  if (/全部|都看|没想好|不确定|还不知道|都要|所有/.test(text) || (turn.lang === 'en' && /\b(all|everything|not sure|undecided)\b/i.test(text))) {
    answer(turn, ask, def, [ALL]);
    return true;
  }
  const found = matcher.find(text, { groups: false });
  const typo = found.length ? undefined : (matcher.fuzzy(text) ?? matcher.best(text));
  const projects = typo ? [typo] : found;
  if (projects.length) {
    addIntended(turn, projects);
    closeQuestion(state);
    clearQueue(state);
    const at = turn.replies.length;
    confirmIntended(turn);
    advance(turn);
    sayMinimumsAfter(turn, at, projects, text);
    return true;
  }
  const categories = def.options.filter((o) => o.value !== ALL && text.includes(o.label)).map((o) => o.value);
  if (categories.length) {
    answer(turn, ask, def, categories);
    return true;
  }
  const vague = matcher.find(text);
  if (!vague.length) return false;
  askWhichOf(turn, vague);
  advance(turn);
  return true;
}

/**
 * A question rather than an answer or a statement: it asks, or it names a topic ("标准制定截止时间",
 * "联系人") without stating anything about the society.
 */
export function isQuestion(turn: Turn, text: string, facts: Extracted): boolean {
  if (isQuestionText(turn, text)) return true;
  return !statesAnything(facts) && !!classify(text, turn.matcher, turn.lang);
}

/**
 * A question that also carries facts. About the society itself ("我们是B等，能报一流学会吗？"):
 * the facts are kept and the question answered with them. Otherwise ("C等能报一流学会吗？") the
 * facts only shape this answer; the profile is not touched.
 */
export function answerWithFacts(turn: Turn, text: string, facts: Extracted, correcting: boolean): void {
  const stated = Object.keys(facts.profile) as Fact[];
  const {
    told,
    record: toldFacts,
    tells,
    intended,
    assumed,
    self,
  } = sortQuestionFacts({
    text,
    facts,
    correcting,
    open: turn.state.pending?.ask,
    isQuestion: (piece) => isQuestionText(turn, piece),
    namesIn: (piece) => turn.matcher.find(piece, { groups: false }).map(turn.guide.projectName).join('、'),
    // English typed in is read with the English cues, as the whole message was ("We are an institution…").
    extract: (telling) => extractFacts(hasEnglishCue(telling) ? englishCues(telling) : telling, turn.matcher, turn.guide.year),
    readAs: (piece) => (hasEnglishCue(piece) ? englishCues(piece) : piece),
    idsIn: (piece) => turn.matcher.find(piece, { groups: false }),
  });
  // Only the plan is stored when the society did not speak of itself.
  if (!tells && intended.length) learn(turn, { profile: {}, intended }, false, text);
  const was = { ...turn.state.profile };
  if (tells) learn(turn, { ...told!, profile: pick(told!.profile, toldFacts), priorDenied: correcting ? told!.priorDenied : [], intended }, correcting, text);
  if (assumed.length) {
    const change = Object.fromEntries(assumed.map((f) => [f, facts.profile[f]])) as Partial<Profile>;
    const copy: Profile = { ...turn.state.profile, ...change };
    turn.say(turn.t('learn.assumed', { facts: assumed.map((f) => turn.describe(copy, f)).join(turn.t('sep.list')) }));
    // "年检不过影响大吗": no project and no topic asked about, so the answer is what the assumption changes.
    const general = (AFFECTS.test(text) || !classify(text, turn.matcher, turn.lang)) && !turn.matcher.find(text).length;
    const changes = general ? consequences(turn, copy) : undefined;
    if (changes) turn.say(changes);
    // "年检我们没有啊 这个影响吗" of an institution: it changes nothing, and that is the answer.
    else if (general && AFFECTS.test(text)) turn.say(turn.t('whatIf.noEffect'));
    // "期刊不是CN的，影响报优秀论文遴选吗": a project none of whose conditions reads the facts assumed.
    else if (unaffectedBy(turn, text, assumed))
      turn.say(turn.t('whatIf.noEffectOn', { projects: turn.names(turn.matcher.find(askedPart(turn, text), { groups: false })) }));
    else answerFreeText(turn, askedPart(turn, text), copy);
    // "我们C等能报一流学会吗": about the society itself, so whether to record it is asked, with buttons.
    // …and so is a fact that differs from what is recorded ("现在有专职了，发展助力能报吗"): it may be an update.
    const differs =
      NOW_WORDS.test(text) &&
      assumed.some((f) => turn.state.profile[f] !== undefined && JSON.stringify(turn.state.profile[f]) !== JSON.stringify(facts.profile[f]));
    if ((self || differs) && !correcting && !HYPOTHETICAL.test(text)) return offerToRecord(turn, change, text);
  } else if (tells) {
    // "年检我们没有啊 这个影响吗": what the facts just told change.
    if (AFFECTS.test(text) && stated.length && !classify(text, turn.matcher, turn.lang) && !turn.matcher.find(text).length)
      turn.say(consequences(turn, turn.state.profile, was) ?? turn.t('whatIf.noEffect'));
    // "10月15号办最后一场，总结报告什么时候交": the due date counted from the date told was just said.
    else if (!(told!.eventDate && answeredByEventDate(turn, askedPart(turn, text)))) answerFreeText(turn, askedPart(turn, text));
  } else {
    answerFreeText(turn, intended.length ? askedPart(turn, text) : text);
  }
  if (turn.state.pending) return reaskPending(turn);
  // (After the interview too, a switch that did not say what goes asks which, next.)
  if (turn.state.stage === 'interview' || turn.state.queue.some((key) => stepOf(key)?.kind === 'drop')) advance(turn);
}

/** An effect asked of named projects, none of whose conditions (their own or 二（二）'s) reads the facts assumed. */
function unaffectedBy(turn: Turn, text: string, assumed: readonly Fact[]): boolean {
  // The projects of the piece that asks: "期刊不是CN的" names the journal, not 梯队期刊.
  const named = turn.matcher.find(askedPart(turn, text), { groups: false });
  if (!AFFECTS.test(text) || !named.length) return false;
  return named.every((id) => !turn.guide.conditionsOf(id).some(({ condition }) => factsOf(condition).some((f) => assumed.includes(f))));
}

const pick = (profile: Profile, keys: readonly Fact[]): Profile => Object.fromEntries(keys.map((k) => [k, profile[k]])) as Profile;

/** A bare grade or level: "b", "C等", "4A", "三A". */
const BARE_VALUE = /^\s*(?:([ABCD])\s*(?:等|级)?|([1-5])\s*A\s*级?)\s*[。.!！~]*$/i;

/**
 * "b" while another question waits: a grade (or level) without the words for it is likely the society's own,
 * but not certain; it is offered with 是／不是, never stored on its own (principle 1).
 */
export function offerBareValue(turn: Turn, text: string): boolean {
  const m = BARE_VALUE.exec(text);
  if (!m) return false;
  const change: Partial<Profile> = m[1] ? { evaluationGrade: m[1].toUpperCase() as Profile['evaluationGrade'] } : { assessmentLevel: Number(m[2]) };
  turn.state.confirm = { change, words: (originalOfPiece(turn.heard, text) ?? text).slice(0, 200) };
  closeQuestion(turn.state);
  advance(turn);
  return true;
}

/** Facts said inside a question, held and asked about: recorded only on 是. */
function offerToRecord(turn: Turn, change: Partial<Profile>, text: string): void {
  turn.state.confirm = { change, words: (originalOfPiece(turn.heard, text) ?? text).slice(0, 200), asked: true };
  closeQuestion(turn.state);
  advance(turn);
}

/** A question about when things are due, naming no project: the event date just learned answers it. */
function answeredByEventDate(turn: Turn, asked: string): boolean {
  return classify(asked, turn.matcher, turn.lang) === 'deadline' && !turn.matcher.find(asked).length && /会后|总结|报告|成果|结项|结题|材料|交/.test(asked);
}

/** "21年拿过会员之家 22年还能报科技奖励吗": the piece that asks, when another piece only tells. */
export function askedPart(turn: Turn, text: string): string {
  // (English words are spaced: its pieces are sentences, each keeping its question mark.)
  const pieces = (spacedWords(text) ? text.split(/(?<=[?？.!！。])\s+|[，,；;]/) : text.split(/[，,。；;\s]+/)).filter((piece) => piece.trim());
  const asking = pieces.filter((piece) => isQuestionText(turn, piece));
  return asking.length && asking.length < pieces.length && turn.matcher.find(asking.join('，')).length ? asking.join('，') : text;
}

export function askContext(turn: Turn): AskContext {
  const stored = turn.state.profile;
  return {
    guide: turn.guide,
    matcher: turn.matcher,
    nowMs: turn.ctx.nowMs,
    ...(Object.keys(stored).length > 0 && { profile: stored }),
    eventDates: turn.state.eventDates,
    ...(turn.search && { search: turn.search }),
    lang: turn.lang,
    ...(turn.state.topic && { topic: turn.state.topic }),
  };
}

/** `profile`: answer for this profile instead of the stored one (a question's own assumptions). */
export function answerFreeText(turn: Turn, text: string, profile?: Profile): void {
  const intentOf = (part: string) => classify(part, turn.matcher, turn.lang);
  const parts = questionParts(text, turn.guide, turn.matcher, (part) => partTopic(part, turn.matcher, turn.lang), turn.lang);
  const eligibilityOf: ProjectId[] = [];
  // What the chat told that bars projects whatever the profile says: their ✅ or ❓ speaks only of the rest.
  const barred = [barredByRemembered(turn, turn.guide.projectIds), barredByHosting(turn, turn.guide.projectIds)].flatMap((b) => b?.ids ?? []);
  const answers = parts.map((part) => {
    const reply = answerQuestion(part, { ...askContext(turn), ...(profile && { profile, assumed: true }), ...(barred.length && { barred }) });
    const about = reply.projects?.length ? reply.projects : undefined;
    if (about && ['eligibility', 'project', 'combination'].includes(reply.intent)) eligibilityOf.push(...about);
    const masked = turn.matcher.mask(part);
    // "可以和南京大学合办吗" of the project talked about: the name it stands for goes before it.
    const blanks = masked.split('□').length - 1;
    const asked = about?.length === 1 && blanks <= 1 ? (blanks ? masked : `□${masked}`).slice(0, 200) : undefined;
    const before = turn.state.topic;
    const earlier =
      before && before.age <= 1 && about && before.projects.some((id) => !about.includes(id)) ? before.projects.filter((id) => !about.includes(id)) : undefined;
    if (about)
      turn.state.topic = { projects: about, intent: reply.topicIntent ?? reply.intent, age: 0, ...(asked && { asked }), ...(earlier?.length && { earlier }) };
    // "When is the deadline?" … "And the paper copy?": a deadline asked of no project is still the question followed up.
    else if (reply.intent === 'deadline')
      turn.state.topic = { projects: before?.projects ?? [], intent: reply.topicIntent ?? reply.intent, age: reply.topicIntent ? 0 : (before?.age ?? 0) };
    return reply.answer;
  });
  // "现在还能补报吗" after the round: that it has closed comes first.
  // In the question's own language, as the answer is ("Can we still apply?" in a Chinese chat).
  const t = mostlyEnglish(text) ? translator('en') : turn.translate;
  const asksTime = TOO_LATE.test(text) || parts.some((part) => intentOf(part) === 'deadline');
  const late = asksTime ? roundNoteText(turn.guide, turn.ctx.nowMs, t, { projects: turn.intendedIds(), eventDates: turn.state.eventDates }) : undefined;
  if (late) turn.say(late);
  // "咁今年青少年科普仲报唔报得？" after a failed assessment in its category was told: 四（二） first.
  // ("拿这个年会报品牌交流行不行" after "东大是第一主办方": the host rule, as the society hosts.)
  for (const bar of [barredByRemembered(turn, eligibilityOf), barredByHosting(turn, eligibilityOf)]) {
    // (Not when the answer already says ❌ with the same rule: "…we co-organise it. Could that go in as 品牌?")
    if (!bar || answers.some((answer) => answer.includes('❌') && bar.quotes.some((quote) => answer.includes(quote)))) continue;
    turn.say(bar.text);
  }
  // "一流学汇有什么条件": a name the homophone repair made is said with how it was read, as a typo's is.
  const readAs = misheardNames(turn).filter((id) => turn.matcher.find(text, { groups: false }).includes(id));
  const note = readAs.length ? turn.t('ask.readAs', { project: turn.names(readAs) }) : '';
  if (note && answers.length && !answers[0]!.includes(note)) answers[0] = `${note}\n${answers[0]}`;
  // "几号前交、交给谁": every part is answered, in order, each under the words it answers.
  if (answers.length === 1) return turn.say(answers[0]!);
  turn.say(answers.map((answer, i) => `${turn.t('ask.part', { part: parts[i]! })}\n${answer}`).join('\n\n'));
}

/** Projects named in the message only once its homophones were repaired ("一流学汇" → 一流学会建设). */
function misheardNames(turn: Turn): ProjectId[] {
  if (!turn.heard.spans.some((span) => span.kind === 'homophone')) return [];
  const typed = turn.matcher.find(beforeHomophones(turn.heard), { groups: false });
  return turn.matcher.find(turn.heard.text, { groups: false }).filter((id) => !typed.includes(id));
}

/** A piece that only owns a mistake: "不对", "哦说错了", "不对不对". */
const OWNS_MISTAKE = new RegExp(`^${OWNING_FILLER}?(${MISTAKE_WORDS})+[了啊呀哈]*$`);

const YES_NO_FACTS = new Set<string>(['annualInspectionPassed', 'integrityIssues', 'fullTimeStaff', 'cnJournal', 'awardFiled']);

/**
 * "没有没有", "没，从来没出过问题", "有过，18年违规使用过项目资金": the first piece answers a yes/no
 * question. The whole text is kept as the words the fact came from.
 */
export function yesNoAnswer(turn: Turn, ask: string, text: string): boolean {
  const step = stepOf(ask);
  if (
    step?.kind !== 'fact' ||
    !YES_NO_FACTS.has(step.fact) ||
    /吗|什么|怎么|怎样|哪|如果|假如|万一|要是|多少|几个|几位|几名|几场|(?<!没)有没有|是不是|要不要|需不需要/.test(text)
  )
    return false;
  const def = questionFor(turn, ask);
  if (!def) return false;
  const pieces = text.split(/[，,。；;！!？?\s]+/).filter(Boolean);
  const first = pieces.length > 1 && pieces[0]!.length <= 4 && /[?？]/.test(text.slice(0, pieces[0]!.length + 1)) ? pieces[1]! : pieces[0];
  const whole = def.parse(text);
  // (Not when the whole speaks of something else: "不对不对 C" corrects a grade; its first piece answers nothing.)
  if (!whole && OTHER_VALUE.test(text)) return false;
  // "不对，是2020年才对", "说错了，21年的" while the question waits: a mistake owned corrects something said
  // before; the open question was not answered yet, so it is no answer unless the rest speaks of its topic.
  // ("不是，是2020年": not A but B, the same.)
  const notButIs = pieces[0] === '不是' && /^(应该|其实|而)?是/.test(pieces[1] ?? '');
  if (pieces.length > 1 && (OWNS_MISTAKE.test(pieces[0]!) || notButIs) && !namesTopicOf(step.fact as YesNoFact, pieces.slice(1).join('，'))) return false;
  const change = whole ?? (first ? def.parse(first) : undefined);
  if (!change) return false;
  // The rest must not contradict the first piece ("没有，我们项目都规规矩矩的" is fine).
  applyAnswer(turn, ask, change, text);
  return true;
}

/** "给弱一点的学会扶持的那个" while choosing projects: propose the project it describes, with buttons. */
export function describesProject(turn: Turn, text: string): boolean {
  const choosing = isChoosing(openStep(turn.state)) || PLAN_ADD.test(text);
  if (!choosing || turn.matcher.find(text).length) return false;
  // "给弱一点的学会扶持的那个", or what the society does: "我们学会在乡下搞垃圾分类宣传".
  const described = /那个|那项|这个|的$|那种/.test(text) || /(我们|我会|本会|学会).{0,8}(在|搞|做|办|开展|组织|推广|帮)/.test(text);
  const project = described ? guessProject(turn.guide, turn.search, text) : undefined;
  // "想报乡村": a word two or three sub-projects share; which one is asked, with buttons.
  const shared = project ? [] : sharedWordsAdded(turn, text, []);
  if (shared.length) {
    askWhichOf(turn, shared);
    return true;
  }
  if (!project) {
    // "想报青年托举": a name the bot cannot place is said back, never dropped.
    const name = PLAN_ADD.test(text) ? text.replace(PLAN_ADD, '').replace(/[吧呢啊了。.!！\s]/g, '') : '';
    if (name.length < 2 || name.length > 20) return false;
    const near = nearestNames(turn, name);
    turn.say(turn.t('names.notRecognised', { words: name, suggest: near.length ? turn.t('names.suggest', { list: turn.names(near) }) : '' }));
    reaskPending(turn);
    return true;
  }
  turn.state.suggest = { project, words: text.slice(0, 60) };
  askStep(turn.state, { kind: 'suggest' });
  const def = questionFor(turn, { kind: 'suggest' });
  if (def) askPending(turn, def);
  return true;
}

/** "为啥不行": the verdict on the project talked about last, with its reason, and the plan's conflicts. */
export function explainWhy(turn: Turn): void {
  const projects = turn.state.topic!.projects;
  const conflicts = findConflicts(turn.guide, intentions(turn.state.profile)).filter((c) => c.projects.some((p) => projects.includes(p)));
  const names = turn.names(projects);
  const reply = answerQuestion(`${names}能报吗`, askContext(turn));
  const lines = [reply.answer.split('\n')[0]!, ...conflicts.map((c) => turn.t('plan.conflict', { text: c.text, clause: c.clause }))];
  turn.say(lines.join('\n'));
  reaskPending(turn);
}

/** "详情 标准制定": everything about one project, asked for on purpose. */
export function showDetails(turn: Turn, name: string): void {
  const reply = answerDetails(name, askContext(turn));
  if (!reply) return turn.say(turn.t('project.notFound', { name: name || '—', command: 'deadlines' }));
  turn.say(reply.answer);
  turn.state.topic = { projects: reply.projects ?? [], intent: 'project', age: 0 };
  reaskPending(turn);
}

/** The projects whose names share the most characters with `words`: what the secretary may have meant. */
export function nearestNames(turn: Turn, words: string): ProjectId[] {
  const score = (id: ProjectId) => [...new Set(words)].filter((c) => turn.guide.projectName(id).includes(c)).length;
  return [...turn.guide.projectIds]
    .map((id) => [id, score(id)] as const)
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([id]) => id);
}

/** What was talked about is forgotten after a few messages on other things. */
export function ageTopic(turn: Turn): void {
  const topic = turn.state.topic;
  if (!topic) return;
  topic.age += 1;
  if (topic.age > 2) turn.state.topic = undefined;
}

/** "我们有八个": the count a condition of the project talked about last asks for. */
export function countedFact(turn: Turn, text: string): boolean {
  const m = /^(我们|我会|我们学会)?(有|共|一共|现在有)?\s*(\d+|[一二两三四五六七八九十]+)\s*(个|名|位|人)(人)?[。.!！~]*$/.exec(text);
  const topic = turn.state.topic?.projects;
  if (!m || !topic?.length) return false;
  const fact = topic
    .flatMap((id) => turn.guide.conditionsOf(id))
    .map((c) => c.condition)
    .find((c) => c.kind === 'count_at_least')?.fact;
  const n = parseNumber(m[3]!);
  if (!fact || n === undefined) return false;
  learn(turn, { profile: { [fact]: n }, intended: [] }, false, text);
  advance(turn);
  return true;
}

/** "好的", "收到", "我先问问领导": the open question stays open and is asked again briefly. */
export function acknowledge(turn: Turn): void {
  const pending = turn.state.pending;
  const def = pending && questionFor(turn, pending.ask);
  if (!def) return turn.say(turn.t('ack.idle'));
  askPending(turn, def, false, `${turn.t('ack.pending')}\n`);
}

/** After a change of plan: the open question again, or the next step of the interview. */
export function resume(turn: Turn): void {
  if (turn.state.pending) return reaskPending(turn);
  // (After the interview too, a switch that did not say what goes asks which, next.)
  if (turn.state.stage === 'interview' || turn.state.queue.some((key) => stepOf(key)?.kind === 'drop')) advance(turn);
}

export function contactsLine(turn: Turn): string {
  return contactLine({ guide: turn.guide, t: turn.translate });
}

/** A greeting in the middle of the interview: greet back and point at the open question, no restart. */
export function greet(turn: Turn): void {
  const def = questionFor(turn, turn.state.pending!.ask);
  turn.say(turn.t('interview.hello'));
  if (def) askPending(turn, def);
}

/** "换成品牌学术交流的话呢", "那科技评估呢": only another project's name, after a question about one. */
// ("青少年那个呢", "品牌的那个呢", "还有特色的呢": the project pointed at with 那个, or with 的, is the one named.)
const ANOTHER_OF = {
  before: /^(那|那么|还有)?(换成|改成|换|改|如果是|要是是?|假如是?)?/,
  // ("那品牌怎么样", "评估那边呢", "特色的又是怎样": the same, asked with 怎么样 or of a side.)
  after: /(的)?(那个|这个|那项|这项|那块|这块|那边|这边)?(的话)?(又)?(是)?(呢|呐|嘞|咧|怎么样|怎样|如何)?[?？。]*$/,
};
/** The words that make a bare name a question of its own: "呢", "的话", "怎么样". */
const ASKS_OF_ANOTHER = /呢|的话|嘞|咧|怎么样|怎样|如何/;

/** The last question, asked of the one project this message names instead; undefined when it is not such a message. */
export function sameQuestionOf(turn: Turn, text: string): string | undefined {
  const asked = turn.state.topic?.asked;
  const core = text.replace(ANOTHER_OF.before, '').replace(ANOTHER_OF.after, '');
  // ("那评估呢" after a question about 标准制定: a short word that only one project's names hold is that project.)
  const byShortWord = /^[\u4e00-\u9fa5]{2,4}$/.test(core) && !turn.matcher.find(core).length ? turn.matcher.owners(core) : [];
  const named = byShortWord.length === 1 ? byShortWord : turn.matcher.find(text, { groups: false });
  if (!asked || named.length !== 1 || turn.state.topic?.projects.includes(named[0]!)) return undefined;
  const rest = byShortWord.length === 1 ? '□' : turn.matcher.mask(text).replace(ANOTHER_OF.before, '').replace(ANOTHER_OF.after, '');
  return rest === '□' && ASKS_OF_ANOTHER.test(text) ? asked.replace('□', turn.guide.projectName(named[0]!)) : undefined;
}
