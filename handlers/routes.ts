import { findConflicts, intentions, type Profile, sharedSection } from '../rules/index.js';
import { classify } from './ask.js';
import { asksHostOrLead, completionDayTold, countAgainstMinimum, participantTold } from './ask-yes-no.js';
import { asksForChecklist, showChecklist } from './checklist-chat.js';
import { onChecklistText, readChecklistMention, type ChecklistMention } from './checklist-text.js';
import { onMistypedCommand } from './commands.js';
import { askUnsettled } from './unsettled.js';
import { correctInEnglish, englishCorrection, factNamed, reaskNamedFact } from './corrections.js';
import { exportPack } from './export.js';
import {
  acknowledge,
  ageTopic,
  answerFreeText,
  answerPending,
  answerWithFacts,
  sameQuestionOf,
  contactsLine,
  countedFact,
  describesProject,
  explainWhy,
  greet,
  nearestNames,
  offerBareValue,
  resume,
  showDetails,
  yesNoAnswer,
} from './free-text.js';
import { CONFIRM_NO } from './questions.js';
import { saidInstead } from './offer-reply.js';
import { advance, applyAnswer, askPending, questionFor, reaskPending, skip, startInterview } from './interview.js';
import { closeQuestion, openStep } from './interview-state.js';
import { hasEnglishWords, spacedWords, writtenInEnglish } from './understanding/english.js';
import { learn } from './learn.js';
import { type Hosting, hostingTold, hostingToldLines } from './hosting.js';
import { assessmentsTold, barredByFailure, failedLastYear, followAwardYears, noLongerBarred, rememberAssessments } from './failed-assessment.js';
import { askWhichKept, askWhichOf, pairToKeepOneOf } from './which-of.js';
import { EN_UNSURE, extractFacts, statesAnything, UNSURE, withoutOwnName } from './parse.js';
import { applyPlan, placeRuleBroken } from './plan.js';
import { setReminders } from './results.js';
import type { Turn } from './turn.js';
import { isChoosing, stepOf } from './steps.js';
import {
  CORRECTING,
  DECLINES,
  DECLINE_BARE,
  DETAILS,
  ENDS_ASKING,
  EVENT_COUNT,
  EXPORT_PACK,
  GREETING,
  GUIDE_WORDS,
  LOST,
  LOST_EN,
  ONE_OF_KIND,
  ONLY_ONE_IF,
  PLAN_DROPPED,
  PUT_OFF_LATER,
  REMINDER_OFF,
  REMINDER_SWITCH,
  SPEAK_CHINESE,
  SPEAK_ENGLISH,
  WHY,
  HOSTING_WORDS,
  SUPPOSING_ANYWHERE,
  SWITCH_ASKED,
} from './understanding/cues.js';
import { Message } from './understanding/message.js';
import { withoutAssentTag } from './understanding/assent-tag.js';
import { venueToldLines } from './venue.js';
import { PLAN_REMOVE, PLAN_REPLACE } from './understand.js';
import { isQuestionText } from './understanding/reading.js';
import { unknownProjectNames } from './understanding/unknown-names.js';
import { ASKS_REQUIREMENT, ASSESSMENT_PASSED, FAILED, MAY_IT_BE, ONLY_HOW_NOW, ONLY_MAY_IT_BE, TODAY } from './understanding/question-words.js';
import { AGREES, IDENTITY, isAcknowledgement, OFF_TOPIC } from './understand.js';
import { ANOTHER_DAY, HYPOTHETICAL, verdictsChangedNow, verdictsChangedOfTalk, whatIf } from './what-if.js';

/**
 * The route a free-text message takes, as a table (the model is grammY's `filter(predicate,
 * handler)`): the first route whose predicate holds handles the message. A handler that returns
 * `false` declines after looking closer, and the next route is tried.
 */
interface Route {
  readonly name: string;
  readonly when: (m: Message) => boolean;
  readonly then: (m: Message) => void | boolean | Promise<void>;
}

const route = (name: string, when: Route['when'], then: Route['then']): Route => ({ name, when, then });

// ── named predicates ──────────────────────────────────────────────────────────

const always = () => true;
const waiting = (m: Message) => !!m.pending;
const mentionsProject = (m: Message) => m.turn.matcher.find(m.text).length > 0;
const guideTopic = (m: Message) => !!classify(m.text, m.turn.matcher, m.turn.lang);
const isGreeting = (m: Message) => {
  const words = m.text.split(/\s+/);
  return GREETING.test(m.text) || (words.length > 1 && words.every((w) => GREETING.test(w)));
};
const isOffTopic = (m: Message) => (OFF_TOPIC.test(m.text) || m.surely('offtopic')) && !mentionsProject(m) && !GUIDE_WORDS.test(m.text) && !TODAY.test(m.text);
const isUnsure = (m: Message) => UNSURE.test(m.text) || (m.english && EN_UNSURE.test(m.text));
const isLost = (m: Message) => LOST.test(m.text) || (m.english && LOST_EN.test(m.text));
const language = (m: Message) => (SPEAK_ENGLISH.test(m.text) ? 'en' : SPEAK_CHINESE.test(m.text) ? 'zh-CN' : undefined);

/** Corrects what was said: in words ("说错了"), or "应该是" with a fact already known. */
export function isCorrecting(m: Message): boolean {
  const profile = m.turn.state.profile;
  // "特色改成品牌(的话)": 改成 between projects changes the plan, not a fact.
  // "那改成我们第一主办": changing who hosts is a question of the rules, not a fact corrected.
  const planWords =
    PLAN_REPLACE.test(m.text) && (mentionsProject(m) || asksHostOrLead(m.text)) && !m.stated.length && !CORRECTING.test(m.text.replace(PLAN_REPLACE, ''));
  // An English chat's "my bad, it was…" reads as its cue ("说错了") does.
  const correctingWords = CORRECTING.test(m.text) || (m.english && CORRECTING.test(m.resolved));
  return (correctingWords && !planWords) || (/应该是/.test(m.text) && m.stated.some((f) => profile[f as keyof Profile] !== undefined));
}

/** Asks something: worded as a question, or names a topic of the guide while stating nothing. */
export function isAsking(m: Message): boolean {
  const asking = m.asks || (!m.statesAnything && guideTopic(m)) || m.surely('question');
  // ("我们其实是承办，主办是…，这样行不": a hosting told beside the question is no correction of the profile.)
  return asking && (!isCorrecting(m) || m.stated.length > 0 || !!hostingOf(m));
}

/** A plan in words, not a question about it ("想报标准制定", "品牌不要了"). */
// (Never one asked permission for, or compared: "只报标准，可以吗", "…和只报发展助力，哪个方案好".)
/** A what-if; not "两个只能报一个的话就特色吧", whose condition is the guide's own, with a pick after it. */
const supposes = (m: Message) => HYPOTHETICAL.test(m.text) && !(ONLY_ONE_IF.test(m.text) && !!m.plan);

const changesPlan = (m: Message) =>
  !!m.plan &&
  !supposes(m) &&
  // (A drop told beside such a question of other projects is still a drop: "会员之家不报了，标准和评估能不能一起报".)
  // (Not "一流学会不报平台行不行": a drop in the very piece that asks leave is the question's premise.)
  !(m.asks && MAY_IT_BE.test(m.text) && !dropToldApart(m)) &&
  (!(m.asks && !m.plan.remove.length && !m.plan.only) || (m.surely('plan') && !ENDS_ASKING.test(m.text)));

/** The pieces of a message, parted at punctuation and spaces (the one parting the routes below use). */
// (English words are spaced: there, a sentence is a piece, its question mark kept: "We'd like X. What do we need?")
const piecesOf = (m: Message) => m.text.split(spacedWords(m.text) ? /[，,。；;]+\s*|(?<=[.?!])\s+/ : /[，,。；;\s]+/).filter((piece) => piece.trim());

/** A drop told in a piece of its own, one that does not ask leave ("会员之家不报了，…能不能一起报"). */
const dropToldApart = (m: Message) =>
  !!m.plan?.remove.length && piecesOf(m).some((piece) => PLAN_REMOVE.test(piece) && !MAY_IT_BE.test(piece) && !isQuestionText(m.turn, piece));

/** The pieces of a message that ask, when others only tell ("想报标准制定，截止是哪天" → "截止是哪天"). */
function askingPieces(m: Message): string {
  const pieces = piecesOf(m);
  const asking = pieces.filter((piece) => isQuestionText(m.turn, piece));
  return asking.length && asking.length < pieces.length ? asking.join('，') : '';
}

/** Two or more pieces of the message ask something ("沙龙办15场够吗，材料交哪里"). */
const asksSeveral = (m: Message) => m.text.split(/[，,。；;？?！!]+/).filter((piece) => piece.trim() && isQuestionText(m.turn, piece)).length > 1;

/** A question that drops what is not planned ("不报一流学会，平台学会能报几个"): the drop is its premise. */
const droppedAsPremise = (m: Message) => {
  const plan = m.plan;
  if (!m.asks || !plan || plan.add.length || plan.only || !plan.remove.length) return false;
  const planned = m.turn.intendedIds();
  const others = m.turn.matcher.find(m.text).filter((id) => !plan.remove.includes(id));
  return plan.remove.every((id) => !planned.includes(id)) && others.length > 0;
};

/** Only the fact asked about is stated, nothing more ("年检？过了啊"). */
/** A question word asking for something other than yes or no. */
const ASKS_WHICH = /谁|哪|什么|啥|几[个号点天月时]|怎么|怎样|多少|\b(?:who|what|where|when|how|which)\b/i;

const onlyTheAnswer = (m: Message) => {
  const f = m.facts;
  return m.stated.every((s) => s === m.pending?.ask) && !f.intended.length && !f.eventDate && !f.priorWithoutYear.length && !f.name;
};

const putsOff = (m: Message) =>
  !m.stated.length && !m.facts.intended.length && !m.facts.priorWithoutYear.length && !mentionsProject(m) && !m.asks && PUT_OFF_LATER.test(m.text);

// ── handlers that are more than one call ───────────────────────────────────────

function switchLanguage(m: Message): void {
  m.turn.state.lang = language(m)!;
  m.turn.say(m.turn.t('lang.switched'));
  reaskPending(m.turn);
}

function onAcknowledgement(m: Message): void {
  if (m.asked?.kind === 'reminders' && AGREES.test(m.text)) {
    closeQuestion(m.turn.state);
    return setReminders(m.turn, true);
  }
  acknowledge(m.turn);
}

function sayThenReask(key: 'identity.reply' | 'offTopic.reply') {
  return (m: Message) => {
    m.turn.say(m.turn.t(key, { contacts: contactsLine(m.turn) }));
    reaskPending(m.turn);
  };
}

/**
 * The open question's hint, then the question again: explained when the secretary is lost on it
 * (`interview.explain`), or when the message is neither an answer nor anything else the bot reads
 * (`interview.notUnderstood`). Declines when no question is open.
 */
function hintThenAsk(key: 'interview.explain' | 'interview.notUnderstood') {
  return (m: Message): boolean => {
    const def = questionFor(m.turn, m.pending!.ask);
    if (!def) return false;
    m.turn.say(m.turn.t(key, { hint: def.hint }));
    askPending(m.turn, def);
    return true;
  };
}

/** An answer the open question's own parser reads (a confirmation, a suggested project). */
function confirmsOrPicks(m: Message): boolean {
  const ask = m.pending?.ask;
  const parsed = m.asked && questionFor(m.turn, m.asked)?.parse(m.text);
  // ("说少了，其实有七个人" while "医学专家5人：是这样吗？" waits: no, and the value meant instead.)
  const confirm = m.turn.state.confirm;
  const instead = !parsed && m.asked?.kind === 'confirm' && confirm && saidInstead(confirm.change, m.text, m.turn.guide, m.turn.matcher, m.turn.lang);
  const change = parsed || (instead ? CONFIRM_NO : undefined);
  if (!change || !ask) return false;
  // "唔报青少年喇，淨係报健康" while "是这样吗？" waits: its 不 drops a project; it answers nothing asked.
  if (m.named.length && (m.plan?.add.length || m.plan?.remove.length)) return false;
  // "对，我们去年B等", "不是哈，我们是B等": what else the message states is kept too, then the answer moves on.
  // After a no, a fact stated with the very value held back is not taken from the reply (it was denied).
  const held = confirm?.change as Record<string, unknown> | undefined;
  const denied = (key: string) =>
    change === CONFIRM_NO && held !== undefined && JSON.stringify(held[key]) === JSON.stringify((m.facts.profile as Record<string, unknown>)[key]);
  const profile = Object.fromEntries(Object.entries(m.facts.profile).filter(([key]) => !denied(key))) as typeof m.facts.profile;
  const was = { ...m.turn.state.profile };
  if (m.stated.length && learn(m.turn, { ...m.facts, profile, intended: [] }, false, m.text)) {
    // ("不对，CN刊号的是挂靠单位主办的" while "是这样吗？" waits: the verdict it changes, said first.)
    const changed = verdictsChangedOfTalk(m.turn, was);
    if (changed) m.turn.say(changed);
  }
  // "是的，去年就是C等": the fact stated settled what was held; nothing is left to confirm.
  if (!m.turn.state.pending) {
    advance(m.turn);
    return true;
  }
  applyAnswer(m.turn, ask, change, m.text);
  return true;
}

/** What the message states is stored and said back; a dropped plan and a vague project handled. */
function learnStatement(m: Message): boolean {
  const { turn, facts } = m;
  // Read against the topic as it was before this message ("那就两个都要" after a comparison).
  const planBeside = m.planBesideFacts;
  const correcting = isCorrecting(m);
  // "我们21年拿过科技奖励" → "那今年是不是不行了": what was talked about is the topic, awards included.
  const planned = m.named.filter((id) => turn.intendedIds().includes(id) || facts.intended.includes(id));
  if (m.named.length) turn.state.topic = { projects: planned.length ? planned : m.named, age: 0 };
  const was = { ...turn.state.profile };
  const talkedOf = [...(turn.state.topic?.projects ?? []), ...turn.intendedIds()];
  const failedBefore = failedLastYear(turn);
  const learned = learn(turn, facts, correcting, m.text);
  // ("健康嗰个係2020年做嘅，唔係2021": a failure told of that award moves with its year.)
  followAwardYears(turn);
  const freed = noLongerBarred(turn, failedBefore);
  if (freed) turn.say(freed);
  // Answer first: the verdicts the facts just told change (ruled out, or open again) among the projects
  // talked about or planned.
  const changed = learned ? verdictsChangedNow(turn, was, talkedOf) : undefined;
  const at = turn.replies.length;
  // "发展助力20、21都拿了 今年就不报了": a past award and a plan dropped, in one message.
  // Only what the dropping piece names: "会员之家今年不报了，改报发展助力" keeps 发展助力.
  // ("决策咨询删了吧，加个梯队期刊，我们主办的期刊是CN刊": any drop word, in a piece that states no fact.)
  const dropped = m.text
    .split(/[，,。；;]/)
    .filter((piece) => PLAN_DROPPED.test(piece) || (PLAN_REMOVE.test(piece) && !statesAnything(extractFacts(piece, turn.matcher, turn.guide.year))))
    .flatMap((piece) => turn.matcher.find(withoutOwnName(piece), { groups: false }))
    .filter((id) => turn.intendedIds().includes(id) && !facts.intended.includes(id));
  if (dropped.length) applyPlan(turn, { add: [], remove: dropped, counts: {} }, m.text);
  // "我们是期刊主办单位，刊物有CN刊号，那就两个都要": the plan beside the facts.
  else if (planBeside && (planBeside.add.length || planBeside.remove.length)) applyPlan(turn, planBeside, m.text);
  if (!facts.intended.length && facts.vague.length && !correcting) {
    askWhichOf(turn, facts.vague);
    if (!learned) return true;
  }
  // "都是退休返聘的": words the guide's definition does not settle are asked about, not recorded.
  if (facts.unsettled?.length) askUnsettled(turn, facts.unsettled);
  else if (learned) advance(turn);
  // Said before the next question, unless the results the interview just showed say it already.
  if (changed && !turn.replies.slice(at).some((r) => /[✅❌]/.test(r.text))) turn.replies.splice(at, 0, { text: changed });
  if (!learned && !facts.unsettled?.length && !m.asks && awardDeniedNotRecorded(m)) return true;
  return learned || !!facts.unsettled?.length;
}

/**
 * "会员之家我们没拿过", "刚才说的会员之家撤回" of an award never recorded (told without its year, or not at all):
 * nothing to withdraw, and the reply says so, instead of reading the words as a question about the project.
 */
function awardDeniedNotRecorded(m: Message): boolean {
  const { turn } = m;
  const recorded = turn.state.profile.priorProjects ?? [];
  const ids = [
    ...new Set(m.facts.priorDenied.flatMap((d) => (d.project && !(d.unlessPlanned && turn.intendedIds().includes(d.project)) ? [d.project] : []))),
  ].filter((id) => !recorded.some((p) => p.project === id));
  if (!ids.length) return false;
  turn.say(turn.t('learn.awardNotRecorded', { list: turn.names(ids) }));
  reaskPending(turn);
  return true;
}

/**
 * "科技志愿服务专项还有吗": the guide has no such sub-project, and the reply says so first, with the
 * nearest real ones. The rest of the message is still handled when it names real projects too.
 */
function noSuchProject(m: Message): boolean {
  const { turn } = m;
  const unknown = unknownProjectNames(m.text, turn.matcher);
  for (const words of unknown) {
    const near = nearestNames(turn, words);
    const suggest = near.length ? turn.t('names.nearest', { list: turn.names(near) }) : turn.t('names.categories', { list: categoryNames(m) });
    turn.say(turn.t('names.noSuch', { year: turn.guide.year, words, suggest }));
  }
  // A real name only inside the unknown one ("一流期刊学会") is not a project named.
  const rest = unknown.reduce((text, words) => text.split(words).join('，'), m.text);
  if (turn.matcher.find(rest).length) return false;
  reaskPending(turn);
  return true;
}

const categoryNames = (m: Message) => m.turn.guide.data.categories.map((c) => c.name).join(m.turn.t('sep.list'));

/**
 * "计划办10来场" while the salon is talked about: a count said of the topic (or of the one planned
 * project) is checked against that project's minimum, with its clause.
 */
function countForTopic(m: Message): boolean {
  const { turn } = m;
  for (const id of m.projectsInPlay) {
    const answer = countAgainstMinimum(m.text, turn.guide, id, turn.translate);
    if (!answer) continue;
    turn.say(answer.answer);
    turn.state.topic = { projects: [id], intent: 'eligibility', age: 0 };
    reaskPending(turn);
    return true;
  }
  return false;
}

/** The participant rule for what the message names, else the topic, else the plan. */
const participantLine = (m: Message) =>
  participantTold(m.text, m.projectsInPlay, {
    guide: m.turn.guide,
    matcher: m.turn.matcher,
    t: m.turn.translate,
    nowMs: m.turn.ctx.nowMs,
    lang: m.turn.lang,
  });

/** A day told for finishing (read loosely: "10月底", "明年一月") that the statement path does not keep as an event's day. */
const tellsCompletionDay = (m: Message) => !!m.dayTold && !m.dayTold.exact && m.projectsInPlay.length > 0;

/** Each project's completion deadline against the day told: in time (✅) or not part of this year (❌). */
function completionDayForTopic(m: Message): boolean {
  const { turn } = m;
  const ctx = { guide: turn.guide, matcher: turn.matcher, t: turn.translate, nowMs: turn.ctx.nowMs, lang: turn.lang };
  const told = m.dayTold;
  if (!told) return false;
  const answered = m.projectsInPlay.flatMap((id) => {
    const answer = completionDayTold(m.resolved, told.day, id, ctx);
    return answer ? [{ id, answer }] : [];
  });
  if (!answered.length) return false;
  // "会议打算在上海开，10月中": a place outside the province decides it (its rule states the day too).
  const place = placeRuleBroken(
    turn,
    answered.map((a) => a.id),
    m.text,
  );
  for (const text of place.length ? place : new Set(answered.map((a) => a.answer.answer))) turn.say(text);
  turn.state.topic = { projects: answered.map((a) => a.id), intent: 'deadline', age: 0 };
  reaskPending(turn);
  return true;
}

function answerAsQuestion(m: Message): void {
  answerFreeText(m.turn, m.text);
  reaskPending(m.turn);
}

// ── the table ───────────────────────────────────────────────────────────────────

export const ROUTES: readonly Route[] = [
  route(
    'staff dialogue',
    (m) => m.turn.staff().isStaffStep(m.pending?.ask),
    (m) => m.turn.staff().onText(m.pending!.ask, m.text, m.turn.msg),
  ),
  route('confirmation or suggestion', (m) => m.asked?.kind === 'confirm' || m.asked?.kind === 'suggest', confirmsOrPicks),
  route(
    'checklist asked for',
    (m) => asksForChecklist(m.turn, m.text),
    (m) => showChecklist(m.turn, ''),
  ),
  route(
    'checklist item ticked',
    // "专家人数不对，是5个不是12个" corrects the profile, not the checklist's 受众人数.
    // (Not "一流学会不报平台行不行": asking leave for a plan is no item ticked.)
    (m) =>
      !!checklistMention(m) &&
      !(isCorrecting(m) && ![undefined, 'priorProjects'].includes(factNamed(m.text))) &&
      !dropsBesideChecklist(m) &&
      // (Nor "ok一流学会也报，平台那块就一流学术": projects added to the plan.)
      !m.plan?.add.some((id) => !m.turn.intendedIds().includes(id)) &&
      !(isAsking(m) && MAY_IT_BE.test(m.text)) &&
      // (Nor "沙龙场次有没有最少要求": a question of a requirement ticks nothing.)
      !(m.asks && ASKS_REQUIREMENT.test(m.text)),
    (m) => onChecklistText(m.turn, checklistMention(m)!),
  ),
  // "帮助", "checklist": a command's name or word typed alone, without the slash.
  route(
    'command word',
    (m) => m.kind.rule === 'command-word',
    (m) =>
      onMistypedCommand(
        m.turn,
        m.text
          .replace(/^[\\、]/, '')
          .trim()
          .toLowerCase(),
        '',
      ),
  ),
  route('greeting', isGreeting, (m) => (m.pending && m.turn.state.stage !== 'new' ? greet(m.turn) : startInterview(m.turn))),
  route('acknowledgement', (m) => isAcknowledgement(m.text), onAcknowledgement),
  route('language switch', (m) => !!language(m), switchLanguage),
  route('who is answering', (m) => IDENTITY.test(m.text), sayThenReask('identity.reply')),
  route('off topic', isOffTopic, sayThenReask('offTopic.reply')),
  route(
    'details asked for',
    (m) => DETAILS.test(m.text),
    (m) => showDetails(m.turn, DETAILS.exec(m.text)![2]!),
  ),
  route(
    'why',
    (m) => WHY.test(m.text) && !!m.turn.state.topic?.projects.length,
    (m) => explainWhy(m.turn),
  ),
  route(
    'unsure of the answer',
    (m) => isUnsure(m) && waiting(m),
    (m) => skip(m.turn),
  ),
  // "不用了", "唔使喇" to a choice of categories or projects: nothing chosen now (a yes/no question reads it as no).
  route(
    'choice declined',
    (m) => waiting(m) && isChoosing(stepOf(m.pending!.ask)) && DECLINE_BARE.test(m.text.trim()),
    (m) => skip(m.turn),
  ),
  route('lost on the question', (m) => waiting(m) && isLost(m), hintThenAsk('interview.explain')),
  route(
    'correction in English',
    (m) => m.english && !!englishCorrection(m.text),
    (m) => correctInEnglish(m.turn, englishCorrection(m.text)!, m.text),
  ),
  // "21年科技奖励考核没通过，今年还能报标准吗": 四（二） bars the same category this year; remembered by the
  // chat (never in the profile) and answered now and for later questions.
  route(
    'failed assessment told',
    // (Read on the words as said: "没通过的是2020年那个" points to the project remembered as failed, not to the
    // one "那个" would stand for in other messages.)
    (m) => (FAILED.test(m.text) || ASSESSMENT_PASSED.test(m.text)) && assessmentsTold(m.turn, m.text).length > 0,
    (m) => {
      const { turn } = m;
      // "如果我们21年的X考核没过，…": a supposition is answered on what it says; nothing is stored or remembered.
      if (supposes(m) || SUPPOSING_ANYWHERE.test(m.text)) {
        const told = assessmentsTold(turn, m.text).filter((a) => !a.passed && a.year === turn.guide.year - 1);
        for (const line of barredByFailure(
          turn,
          m.resolved,
          told.map((a) => a.project),
        ))
          turn.say(line);
        return reaskPending(turn);
      }
      const before = failedLastYear(turn);
      rememberAssessments(turn, assessmentsTold(turn, m.text));
      const freed = noLongerBarred(turn, before);
      const lines = [...barredByFailure(turn, m.resolved, failedLastYear(turn)), ...(freed ? [freed] : [])];
      if (!m.stated.length) {
        for (const line of lines) turn.say(line);
        return reaskPending(turn);
      }
      // The awards the message tells are stored as any statement's ("我们2021年做过个健康专项，年底考核冇过关"),
      // and the rule comes right after what was understood, before the next question.
      const at = turn.replies.length;
      learnStatement(m);
      turn.replies.splice(Math.min(at + 1, turn.replies.length), 0, ...lines.map((text) => ({ text })));
    },
  ),
  // "这次年会南京大学是主办单位，我们是协办单位": how the event is hosted, told and nothing else, is
  // acknowledged with what it means for each event project (those planned, else all with a host rule).
  route(
    'hosting told',
    (m) => !!hostingOf(m) && !m.asks && !m.stated.length && !m.plan?.add.length && !m.plan?.remove.length,
    (m) => {
      for (const line of hostingToldLines(m.turn)) m.turn.say(line);
      reaskPending(m.turn);
    },
  ),
  // "会议定在苏州开", "地点说错了，是在苏州开": where the event is held, told or corrected, against the place rule.
  route(
    'venue told',
    (m) => !m.asks && !m.stated.length && !m.facts.eventDate && !m.plan && !supposes(m) && venueToldLines(m.turn, m.text).length > 0,
    (m) => {
      for (const line of venueToldLines(m.turn, m.text)) m.turn.say(line);
      reaskPending(m.turn);
    },
  ),
  // "可以和南京大学合办吗" … "换成品牌学术交流的话呢": the same question, of the project named now.
  route(
    'same question of another project',
    (m) => !m.stated.length && !!sameQuestionOf(m.turn, m.text),
    (m) => {
      answerFreeText(m.turn, sameQuestionOf(m.turn, m.text)!);
      reaskPending(m.turn);
    },
  ),
  // "如果他们牵头 我们还能单独报吗": a rule answers it, not a what-if on the profile.
  route(
    'what-if',
    (m) => (supposes(m) || ANOTHER_DAY.test(m.text) || SWITCH_ASKED.test(m.text)) && !asksHostOrLead(m.text),
    (m) => whatIf(m.turn, m.text),
  ),
  route(
    'reminders switched',
    (m) => REMINDER_SWITCH.test(m.text) && !waiting(m),
    (m) => setReminders(m.turn, !REMINDER_OFF.test(m.text)),
  ),
  route('no such sub-project', (m) => unknownProjectNames(m.text, m.turn.matcher).length > 0, noSuchProject),
  route(
    'export asked for',
    (m) => EXPORT_PACK.test(m.text),
    (m) => exportPack(m.turn),
  ),
  // "不报一流学会，平台学会能报几个" with no 一流学会 planned: the drop is the question's premise, a what-if.
  route('premise of a question', droppedAsPremise, (m) => whatIf(m.turn, m.text)),
  // "一流学会不报平台行不行": leave asked for a plan without something; answered as that plan, nothing changed.
  route(
    'drop asked leave for',
    (m) => m.asks && MAY_IT_BE.test(m.text) && !!m.plan?.remove.length && !dropToldApart(m),
    (m) => whatIf(m.turn, m.text),
  ),
  // "同类的只报一个吧": which one is asked, with buttons; nothing is dropped before the answer.
  route(
    'one of a kind kept, not saying which',
    (m) => ONE_OF_KIND.test(m.text) && !m.named.length && pairToKeepOneOf(m.turn).length >= 2,
    (m) => {
      askWhichKept(m.turn, pairToKeepOneOf(m.turn));
      advance(m.turn);
    },
  ),
  route(
    'change of plan',
    // (A plan told apart beside an event day is the question route's: it keeps the day and counts from it.)
    (m) => changesPlan(m) || (!m.stated.length && !m.facts.eventDate && !supposes(m) && !!m.planToldApart),
    (m) => {
      // "会员之家不报了，标准和评估能不能一起报": the drop is told; what is asked about is not added.
      const plan = changesPlan(m) ? m.plan! : m.planToldApart!;
      applyPlan(m.turn, m.asks && MAY_IT_BE.test(m.text) && plan.remove.length ? { ...plan, add: [] } : plan, m.text);
      // "会员之家不报了，那发展助力几号截止", "想报标准制定，截止是哪天": the pieces that ask are answered
      // too, about the plan just changed when they name no project.
      const asked = m.asks ? askingPieces(m) : '';
      // "一流学会我们报，平台报两个，可以吧", "…各报一个，冲突不": asking only whether the plan is all right is
      // asking its conflicts.
      const onlyWhetherFine = piecesOf(m).some((piece) => ONLY_MAY_IT_BE.test(piece.trim()));
      if (onlyWhetherFine) sayPlanConflicts(m.turn, m.text);
      else if (asked) answerFreeText(m.turn, asked);
      resume(m.turn);
    },
  ),
  // "专职人员有两个，都是退休返聘的": told in words the guide's definition does not settle, even as the
  // answer to that very question; the statement route quotes the definition and asks.
  route('words the definition does not settle', (m) => !!m.facts.unsettled?.length && !isAsking(m), learnStatement),
  // "项目由市农科院牵头，我们是参与单位": the participant rule of the project talked about or planned, said plainly.
  route(
    'partner leads told',
    (m) => !m.asks && !!participantLine(m),
    (m) => {
      m.turn.say(participantLine(m)!);
      reaskPending(m.turn);
    },
  ),
  // "11月25号全部结束", "10月底搞掂", "published on 25 November": a day told for finishing a project.
  // (A leading "咋整" asks nothing the day does not answer: "咋整，那就压到十一月中旬干完".)
  route('completion day told', (m) => (!m.asks || ONLY_HOW_NOW.test(m.text)) && tellsCompletionDay(m), completionDayForTopic),
  // "我们有八个" after a question about how many experts a project needs.
  route(
    'count for the topic',
    (m) => !m.stated.length,
    (m) => countedFact(m.turn, m.text),
  ),
  // A short yes/no answer to the open question, even with an echo ("年检？过了啊") or a reason after it.
  route(
    'yes or no to the open question',
    // (Not "系统 login 有 problem 找谁?": a question of who, what or where is no yes, whatever words it has.)
    (m) => waiting(m) && onlyTheAnswer(m) && !m.surely('question') && !ASKS_WHICH.test(m.text),
    (m) => yesNoAnswer(m.turn, m.pending!.ask, m.text),
  ),
  route(
    'answer to the open question',
    (m) => waiting(m) && !isCorrecting(m) && !isAsking(m),
    (m) => answerPending(m.turn, m.pending!.ask, m.text, m.facts),
  ),
  route(
    'count said of the topic',
    // (Not "沙龙办15场够吗，材料交哪里": a message of several questions is answered part by part.)
    (m) => !m.stated.length && !m.facts.intended.length && !m.plan && (!isCorrecting(m) || EVENT_COUNT.test(m.text)) && !asksSeveral(m),
    countForTopic,
  ),
  // "好的那就不加了", "那算了": declining what was just talked about, naming nothing to change.
  route(
    'nothing added after all',
    (m) => !mentionsProject(m) && !m.asks && !m.stated.length && DECLINES.test(m.text),
    (m) => acknowledge(m.turn),
  ),
  route(
    'a project described',
    // "说错了，只有2021年的" describes no project: it corrects what was told.
    (m) => !isAsking(m) && !m.stated.length && !m.facts.intended.length && !isCorrecting(m),
    (m) => describesProject(m.turn, m.text),
  ),
  route('answer put off', putsOff, (m) => acknowledge(m.turn)),
  // "我们其实是B等，能报联合体吗？": a correction and a question; both are handled.
  route('question', isAsking, (m) => {
    // "我们2021年拿过会员之家…今年还想牵头做一个团体标准…请问这样一共几个项目": a plan told in pieces of its
    // own beside facts and a question is taken too, before the answer.
    const plan = m.stated.length && !supposes(m) ? m.planToldApart : undefined;
    if (plan) applyPlan(m.turn, plan, m.text);
    answerWithFacts(m.turn, m.text, m.facts, isCorrecting(m));
  }),
  route('statement', always, learnStatement),
  // (A correction that changes nothing stored, beside a question, leaves the question to be answered.)
  route(
    'correction not read',
    (m) => isCorrecting(m) && !(m.asks && (guideTopic(m) || mentionsProject(m))),
    (m) => reaskNamedFact(m.turn, m.english ? m.resolved : m.text),
  ),
  route('off topic, late', (m) => OFF_TOPIC.test(m.text) && !guideTopic(m) && !mentionsProject(m), sayThenReask('offTopic.reply')),
  route(
    'plan naming no project',
    (m) => m.surely('plan') && !m.named.length && !mentionsProject(m),
    (m) => {
      m.turn.say(m.turn.t('plan.whichProject'));
      reaskPending(m.turn);
    },
  ),
  // "b" while another question waits: offered as the grade with 是／不是.
  route(
    'bare grade or level',
    (m) => waiting(m),
    (m) => offerBareValue(m.turn, m.text),
  ),
  route('not understood', (m) => waiting(m) && !guideTopic(m) && !mentionsProject(m), hintThenAsk('interview.notUnderstood')),
  route('anything else is a question', always, answerAsQuestion),
];

/** The conflicts of the plan as it stands, or that it has none. */
function sayPlanConflicts(turn: Turn, text: string): void {
  // A group named in the message ("乡村和健康各报一个") is checked with the plan, each of its sub-projects.
  const planned = intentions(turn.state.profile);
  const named = turn.matcher.find(text).filter((id) => !planned.some((i) => i.project === id));
  const conflicts = findConflicts(turn.guide, [...planned, ...named.map((project) => ({ project, count: 1 }))]);
  turn.say(
    conflicts.length
      ? conflicts.map((c) => turn.t('plan.conflict', { text: c.text, clause: c.clause })).join('\n')
      : turn.t('whatIf.noConflict', { clause: sharedSection(turn.guide.data.combinationRules.map((r) => r.clause)) }),
  );
}

const mentions = new WeakMap<Message, ChecklistMention | undefined>();
/**
 * "评估那个算了，委托协议还没签下来": a project dropped in a piece of its own, with its reason beside it;
 * the plan changes, not the list ("评估报告先取消勾选" unticks an item: the drop is the item's own piece).
 */
function dropsBesideChecklist(m: Message): boolean {
  if (!m.plan?.remove.length) return false;
  // "科技评估撤掉": a project's name and a drop word, nothing of an item, is the plan's.
  const onlyNameAndDrop = (piece: string) =>
    !m.turn.matcher
      .mask(piece)
      .replace(PLAN_REMOVE, '')
      .replace(/[□\s了吧啊呀哈吧。.!！~那就先还是也]/g, '');
  return piecesOf(m).some((piece) => PLAN_REMOVE.test(piece) && (!readChecklistMention(m.turn, piece) || onlyNameAndDrop(piece)));
}

function checklistMention(m: Message): ChecklistMention | undefined {
  if (!mentions.has(m)) mentions.set(m, readChecklistMention(m.turn, m.text));
  return mentions.get(m);
}

/**
 * "东大是第一主办方": how the society's event is hosted, when a piece tells it (not asks, not supposes), is
 * remembered for later answers (handlers/hosting.ts).
 */
function rememberHosting(m: Message): void {
  const told = hostingOf(m);
  if (told) m.turn.state.hosting = told;
}

const hostings = new WeakMap<Message, Hosting | undefined>();

/** How the message tells the society's event is hosted (the last piece that tells it), if it does. */
function hostingOf(m: Message): Hosting | undefined {
  if (hostings.has(m)) return hostings.get(m);
  let told: Hosting | undefined;
  // (Never from a supposition anywhere in the message: "If a university is the lead organiser…", "假如东大当
  // 第一主办", "东大当第一主办的话" are what-ifs, not the society's own arrangement.)
  // (A cheap look first: most messages say nothing of hosting.)
  if (HOSTING_WORDS.test(m.text) && !supposes(m) && !SUPPOSING_ANYWHERE.test(m.text)) {
    // (The pieces that tell, read together: "我们是牵头单位，河海大学协办" is first host with a co-host.)
    const telling = m.resolved.split(/[，,。；;！!？?]|\.(?=\s|$)/).filter((piece) => piece.trim() && !isQuestionText(m.turn, piece));
    told = telling.length ? hostingTold(telling.join('，')) : undefined;
  }
  hostings.set(m, told);
  return told;
}

/** A message that is not a command: the first route that takes it handles it. */
export async function onText(turn: Turn, text: string): Promise<void> {
  ageTopic(turn);
  // An offer of reminders left unanswered for two replies: a bare "好的" six turns later is about something
  // else, never a yes to it ("开启" still answers it).
  const offer = openStep(turn.state)?.kind === 'reminders' ? turn.state.pending : undefined;
  if (offer && (offer.since ?? 0) >= 2 && isAcknowledgement(text)) closeQuestion(turn.state);
  else if (offer) offer.since = (offer.since ?? 0) + 1;
  // "OK, drop 一流学会 then": a message in English is answered in English, whatever the chat's language.
  // ("sorry, grade 应该是 C" after English messages: a mixed message is answered as the last one in a language was.)
  if (turn.state.lang !== 'en') {
    const english = writtenInEnglish(text);
    if (english || (hasEnglishWords(text) && turn.state.wroteIn === 'en')) turn.replyLang = 'en';
    if (english) turn.state.wroteIn = 'en';
    else if (!hasEnglishWords(text) && /[\u4e00-\u9fa5]{2}/.test(text)) turn.state.wroteIn = 'zh-CN';
  }
  const m = new Message(turn, withoutAssentTag(text));
  rememberHosting(m);
  for (const r of ROUTES) {
    if (!r.when(m)) continue;
    if ((await r.then(m)) !== false) return;
  }
}
