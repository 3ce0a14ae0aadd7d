import { findConflicts, intentions, type Fact, type Profile, type ProjectId } from '../rules/index.js';
import { answerDetails, answerQuestion, classify, contactLine, type AskContext } from './ask.js';
import { asksForChecklist, showChecklist } from './checklist-chat.js';
import { onChecklistText, readChecklistMention } from './checklist-text.js';
import { correctInEnglish, englishCorrection, reaskNamedFact } from './corrections.js';
import { advance, answer, applyAnswer, askPending, confirmIntended, questionFor, reaskPending, skip, startInterview } from './interview.js';
import { addIntended, askWhichOf, learn } from './learn.js';
import { EN_UNSURE, englishCues, extractFacts, parseNumber, STRONG_INTEND, UNSURE, type Extracted } from './parse.js';
import { applyPlan, readPlan } from './plan.js';
import { ALL, type QuestionDef } from './questions.js';
import { guessProject } from './guess.js';
import { askStep, clearQueue, closeQuestion, openStep } from './interview-state.js';
import { isChoosing, stepOf } from './steps.js';
import { AGREES, IDENTITY, isAcknowledgement, OFF_TOPIC, PAST_AWARD, PLAN_ADD, yearsIn } from './understand.js';
import { setReminders } from './results.js';
import type { Turn } from './turn.js';
import { consequences, HYPOTHETICAL, whatIf } from './what-if.js';
import { NOT_LEAD } from './ask-yes-no.js';
import { exportPack } from './export.js';

const GREETING = /^(老师)?(你好|您好|hi|hello|嗨|在吗|在不在|在|有人吗|开始|早|早上好|下午好)(呀|啊|哈|呢|老师)?[!！。.？?~]*$/i;
/** "为什么", "为啥不行", "不行吗": why the last answer was what it was. */
const WHY = /^(那)?(为什么|为啥|为何|咋回事|怎么回事|凭什么|不行吗|为啥不行|为什么不行|why)(不行|不能报|呢)?[?？。.!！]*$/i;
/** "啊？", "什么意思": lost on the question asked. */
const LOST = /^(啊|嗯|哦|额|呃|蛤|哈|什么|啥|嗯哼)?[?？]+$|^(这是)?(什么|啥)意思|^(不懂|没懂|看不懂|听不懂)/;
const LOST_EN = /^(huh|what|sorry|pardon)?\s*[?？]+$|^what do you mean|^i don'?t understand/i;
const CORRECTING = /改成|改为|改一下|更正|修改|弄错|说错|搞错|填错|不对|错了|其实是|(拿|获|得|立项)的是.{1,20}不是/;
const SPEAK_ENGLISH =
  /^(can|could|would) you (please )?(speak|reply|answer|write|talk)( to me)?( in)? english|^(please )?(speak|reply|answer|write)( in)? english|^english,? please|^in english,? please|^(请)?(用|说)英(文|语)(回复|回答|说)?(吧|可以吗|好吗)?[。.!！?？]*$/i;
const SPEAK_CHINESE = /^(请)?(用|说)(中文|汉语|普通话)(回复|回答|说)?(吧|可以吗|好吗)?[。.!！?？]*$|^(can you |please )?(speak|reply|answer|write) in chinese/i;
/** "这个影响吗", "会怎样": asks what a fact changes. */
const AFFECTS = /影响|会怎样|会怎么样|怎么办|有关系|要紧|有问题吗|还能报吗/;
/** "导出清单", "打印材料清单", "帮我导出一份申报材料清单": the same as /export. The whole message, so a question about materials is not caught. */
const EXPORT_PACK = /^(请|麻烦)?(帮我|帮忙)?(导出|打印|下载|生成)(一下|一份|下)?(我们的|我们|我会的|贵会的)?(申报)?(材料)?清单(吧|呗)?[。.!！~]*$/;
/** Words of the programme: a message with any of them is not off-topic. */
const GUIDE_WORDS = /申报|截止|材料|项目|提交|评价|评估|年检|立项|经费|结题|验收|指南|条件/;
/** "这个要问财务", "领导开会去了，晚点答复你": put off, when the message states nothing else. */
const PUT_OFF = /(问|查|确认|核实|翻翻|请示|看看)(一?下|问|查)?.{0,8}$|晚点|稍后|等会|回头|回你|答复你|再说|开会去了|不在/;

/** A message that is not a command: an answer, facts volunteered, a correction, a what-if or a question about the guide. */
export function onText(turn: Turn, text: string): void | Promise<void> {
  ageTopic(turn);
  const staff = turn.staff();
  if (staff.isStaffStep(turn.state.pending?.ask)) return staff.onText(turn.state.pending!.ask, text, turn.msg);
  const asked = openStep(turn.state);
  if (asked?.kind === 'confirm' || asked?.kind === 'suggest') {
    const change = questionFor(turn, asked)?.parse(text);
    if (change) return applyAnswer(turn, turn.state.pending!.ask, change, text);
  }
  if (asksForChecklist(turn, text)) return showChecklist(turn, '');
  const ticked = readChecklistMention(turn, text);
  if (ticked) return onChecklistText(turn, ticked);
  if (GREETING.test(text) || (text.split(/\s+/).length > 1 && text.split(/\s+/).every((w) => GREETING.test(w))))
    return turn.state.pending && turn.state.stage !== 'new' ? greet(turn) : startInterview(turn);
  // An acknowledgement never answers a question about the society; it may accept an offer.
  if (isAcknowledgement(text)) {
    if (asked?.kind === 'reminders' && AGREES.test(text)) {
      closeQuestion(turn.state);
      return setReminders(turn, true);
    }
    return acknowledge(turn);
  }
  // "can you speak english", "说中文吧": the same as /lang.
  const language = SPEAK_ENGLISH.test(text) ? 'en' : SPEAK_CHINESE.test(text) ? 'zh-CN' : undefined;
  if (language) {
    turn.state.lang = language;
    turn.say(turn.t('lang.switched'));
    return reaskPending(turn);
  }
  const english = turn.lang === 'en';
  if (IDENTITY.test(text)) {
    turn.say(turn.t('identity.reply', { contacts: contactsLine(turn) }));
    return reaskPending(turn);
  }
  if (OFF_TOPIC.test(text) && !turn.matcher.find(text).length && !GUIDE_WORDS.test(text)) {
    turn.say(turn.t('offTopic.reply', { contacts: contactsLine(turn) }));
    return reaskPending(turn);
  }
  const details = /^(详情|详细|details?)\s*(.*)$/i.exec(text);
  if (details) return showDetails(turn, details[2]!);
  if (WHY.test(text) && turn.state.topic?.projects.length) return explainWhy(turn);
  if ((UNSURE.test(text) || (english && EN_UNSURE.test(text))) && turn.state.pending) return skip(turn);
  // Lost on the question asked: explain the choices rather than search the guide.
  if (turn.state.pending && (LOST.test(text) || (english && LOST_EN.test(text)))) {
    const def = questionFor(turn, turn.state.pending.ask);
    if (def) {
      turn.say(turn.t('interview.explain', { hint: def.hint }));
      return askPending(turn, def);
    }
  }
  const corrected = english ? englishCorrection(text) : undefined;
  if (corrected) return correctInEnglish(turn, corrected, text);
  // "如果他们牵头 我们还能单独报吗": a rule answers it, not a what-if on the profile.
  if (HYPOTHETICAL.test(text) && !NOT_LEAD.test(text) && whatIf(turn, text)) return;
  const reminder = /(开启|打开|关闭|取消|不要|需要|要)(截止)?提醒/.exec(text);
  if (reminder && !turn.state.pending) return setReminders(turn, !/关闭|取消|不要|不需要|不用|别/.test(text));
  if (EXPORT_PACK.test(text)) return exportPack(turn);

  const pending = turn.state.pending;
  // English typed into a Chinese chat is read as English too.
  const englishText = english || (text.match(/[a-z]/gi)?.length ?? 0) > text.length / 2;
  const resolved = resolveReference(turn, englishText ? englishCues(text) : text);
  const facts = extractFacts(resolved, turn.matcher, turn.guide.year);
  const stated = Object.keys(facts.profile);
  if (!stated.length && !facts.eventDate && !facts.name) {
    const plan = readPlan(turn, resolved);
    if (plan && !(looksLikeQuestion(turn, text) && !plan.remove.length && !plan.only)) {
      applyPlan(turn, plan, text);
      return resume(turn);
    }
  }
  // "我们有八个" after a question about how many experts a project needs.
  if (!stated.length && countedFact(turn, text)) return;
  // A short yes/no answer to the open question, even with an echo ("年检？过了啊") or a reason after it.
  const onlyTheAnswer = stated.every((f) => f === pending?.ask) && !facts.intended.length && !facts.eventDate && !facts.priorWithoutYear.length && !facts.name;
  if (pending && onlyTheAnswer && yesNoAnswer(turn, pending.ask, text)) return;
  const correcting =
    CORRECTING.test(text) || (/应该是/.test(text) && stated.length > 0 && stated.some((f) => turn.state.profile[f as keyof Profile] !== undefined));
  // "我们其实是B等，能报联合体吗？": a correction and a question; both are handled.
  const question = isQuestion(turn, text, facts) && (!correcting || stated.length > 0);
  if (pending && !correcting && !question && answerPending(turn, pending.ask, text, facts)) return;
  if (!question && !stated.length && !facts.intended.length && describesProject(turn, text)) return;
  const puttingOff = !stated.length && !facts.intended.length && !facts.priorWithoutYear.length && !turn.matcher.find(text).length;
  if (puttingOff && !looksLikeQuestion(turn, text) && PUT_OFF.test(text)) return acknowledge(turn);
  if (question) return answerWithFacts(turn, text, facts, correcting);
  // "我们21年拿过科技奖励" → "那今年是不是不行了": what was talked about is the topic, awards included.
  const mentioned = turn.matcher.find(resolved, { groups: false });
  const planned = mentioned.filter((id) => turn.intendedIds().includes(id) || facts.intended.includes(id));
  if (mentioned.length) turn.state.topic = { projects: planned.length ? planned : mentioned, age: 0 };
  const learned = learn(turn, facts, correcting, text);
  // "发展助力20、21都拿了 今年就不报了": a past award and a plan dropped, in one message.
  const dropped = /今年.{0,4}不(报|申报|要)|不(报|申报)了/.test(text)
    ? turn.matcher.find(resolved, { groups: false }).filter((id) => turn.intendedIds().includes(id))
    : [];
  if (dropped.length) applyPlan(turn, { add: [], remove: dropped, counts: {} }, text);
  if (!facts.intended.length && facts.vague.length && !correcting) {
    askWhichOf(turn, facts.vague);
    if (!learned) return;
  }
  if (learned) return advance(turn);
  if (correcting) return reaskNamedFact(turn, text);
  if (OFF_TOPIC.test(text) && !classify(text, turn.matcher, turn.lang) && !turn.matcher.find(text).length) {
    turn.say(turn.t('offTopic.reply', { contacts: contactsLine(turn) }));
    return reaskPending(turn);
  }
  if (pending && !classify(text, turn.matcher, turn.lang) && !turn.matcher.find(text).length) {
    const def = questionFor(turn, pending.ask);
    if (def) {
      turn.say(turn.t('interview.notUnderstood', { hint: def.hint }));
      return askPending(turn, def);
    }
  }
  answerFreeText(turn, text);
  reaskPending(turn);
}

function statesAnything(facts: Extracted): boolean {
  return Object.keys(facts.profile).length > 0 || facts.intended.length > 0 || !!facts.eventDate;
}

/**
 * Text that may answer the pending step; true when it did. What else it states is added to `facts`,
 * for learn() to store.
 */
function answerPending(turn: Turn, ask: string, text: string, facts: Extracted): boolean {
  const def = questionFor(turn, ask);
  if (!def) return false;
  const stated = Object.keys(facts.profile);
  if (isChoosing(stepOf(ask))) return !stated.length && !facts.eventDate && chooseByText(turn, ask, text, def);
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
    if (change) Object.assign(facts.profile, change);
  }
  return false;
}

/** Categories or projects typed as text instead of tapped. */
function chooseByText(turn: Turn, ask: string, text: string, def: QuestionDef): boolean {
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
    applyAnswer(turn, ask, change, text);
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
    confirmIntended(turn);
    advance(turn);
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

function looksLikeQuestion(turn: Turn, text: string): boolean {
  if (turn.lang === 'en' && /^(what|when|where|which|who|how|can|could|may|do|does|is|are|should|will)\b/i.test(text)) return true;
  return /[?？]|吗[。.!！~]*$|呢[。.!！~]*$|^那.{1,12}呢|(能|可以|行)(报|申报|申请)?.{0,10}(不|吧)[。.!！~]*$|(够|行|可以)了吧|(能|够|行|是|要|有|可)不\5|啥[?？。.!！~]*$|几场|几次|多少场|几个人|啥时候|要啥|干啥|什么|怎么|咋|哪里|哪儿|哪些|哪个|几[个号天月点项AaＡ等]|多少|怎样|如何|能不能|可不可以|是否|是不是|有没有|要不要|需不需要|能否|可否|何时|多久/.test(
    text,
  );
}

/**
 * A question rather than an answer or a statement: it asks, or it names a topic ("标准制定截止时间",
 * "联系人") without stating anything about the society.
 */
function isQuestion(turn: Turn, text: string, facts: Extracted): boolean {
  if (looksLikeQuestion(turn, text)) return true;
  return !statesAnything(facts) && !!classify(text, turn.matcher, turn.lang);
}

/**
 * A question that also carries facts. About the society itself ("我们是B等，能报一流学会吗？"):
 * the facts are kept and the question answered with them. Otherwise ("C等能报一流学会吗？") the
 * facts only shape this answer; the profile is not touched.
 */
function answerWithFacts(turn: Turn, text: string, facts: Extracted, correcting: boolean): void {
  const stated = Object.keys(facts.profile) as Fact[];
  // "要是12月5号开呢": a what-if about the society is still only a what-if.
  // An award said with its verb ("21年拿过会员之家") is the society's own: nobody else's is asked about.
  const ownAward = !!facts.profile.priorProjects?.length && PAST_AWARD.test(text);
  const self =
    !HYPOTHETICAL.test(text) &&
    (correcting || ownAward || !!facts.name || !!facts.eventDate || /我们|我会|本会|我学会|咱们|我单位|本单位|我方|我司/.test(text));
  const intended = self && STRONG_INTEND.test(text) ? facts.intended : [];
  if (self && (stated.length || intended.length || facts.eventDate || facts.name)) {
    const was = { ...turn.state.profile };
    learn(turn, { ...facts, intended }, correcting, text);
    // "年检我们没有啊 这个影响吗": what the facts just told change.
    if (AFFECTS.test(text) && stated.length && !classify(text, turn.matcher, turn.lang) && !turn.matcher.find(text).length)
      turn.say(consequences(turn, turn.state.profile, was) ?? turn.t('whatIf.noEffect'));
    else answerFreeText(turn, askedPart(turn, text));
  } else if (stated.length) {
    const copy: Profile = { ...turn.state.profile, ...facts.profile };
    turn.say(turn.t('learn.assumed', { facts: stated.map((f) => turn.describe(copy, f)).join(turn.t('sep.list')) }));
    // "年检不过影响大吗": no project and no topic asked about, so the answer is what the assumption changes.
    const general = (AFFECTS.test(text) || !classify(text, turn.matcher, turn.lang)) && !turn.matcher.find(text).length;
    const changes = general ? consequences(turn, copy) : undefined;
    if (changes) turn.say(changes);
    else answerFreeText(turn, text, copy);
  } else {
    answerFreeText(turn, text);
  }
  if (turn.state.pending) return reaskPending(turn);
  if (turn.state.stage === 'interview') advance(turn);
}

/** "21年拿过会员之家 22年还能报科技奖励吗": the piece that asks, when another piece only tells. */
function askedPart(turn: Turn, text: string): string {
  const pieces = text.split(/[，,。；;\s]+/).filter(Boolean);
  const asking = pieces.filter((piece) => looksLikeQuestion(turn, piece));
  return asking.length && asking.length < pieces.length && turn.matcher.find(asking.join('，')).length ? asking.join('，') : text;
}

function askContext(turn: Turn): AskContext {
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
function answerFreeText(turn: Turn, text: string, profile?: Profile): void {
  const reply = answerQuestion(text, { ...askContext(turn), ...(profile && { profile, assumed: true }) });
  turn.say(reply.answer);
  const about = reply.projects?.length ? reply.projects : undefined;
  if (about) turn.state.topic = { projects: about, intent: reply.intent, age: 0 };
}

const YES_NO_FACTS = new Set<string>(['annualInspectionPassed', 'integrityIssues', 'fullTimeStaff', 'cnJournal', 'awardFiled']);

/**
 * "没有没有", "没，从来没出过问题", "有过，18年违规使用过项目资金": the first piece answers a yes/no
 * question. The whole text is kept as the words the fact came from.
 */
function yesNoAnswer(turn: Turn, ask: string, text: string): boolean {
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
  const change = whole ?? (first ? def.parse(first) : undefined);
  if (!change) return false;
  // The rest must not contradict the first piece ("没有，我们项目都规规矩矩的" is fine).
  applyAnswer(turn, ask, change, text);
  return true;
}

/** "我们去年拿过这个": "这个" is the one project talked about last, for reading facts and plans. */
function resolveReference(turn: Turn, text: string): string {
  const topic = turn.state.topic?.projects;
  if (topic?.length !== 1 || turn.matcher.find(text).length) return text;
  return text.replace(/这个项目|这个|那个|这项|那项|它/, turn.guide.projectName(topic[0]!));
}

/** "给弱一点的学会扶持的那个" while choosing projects: propose the project it describes, with buttons. */
function describesProject(turn: Turn, text: string): boolean {
  const choosing = isChoosing(openStep(turn.state)) || PLAN_ADD.test(text);
  if (!choosing || turn.matcher.find(text).length) return false;
  // "给弱一点的学会扶持的那个", or what the society does: "我们学会在乡下搞垃圾分类宣传".
  const described = /那个|那项|这个|的$|那种/.test(text) || /(我们|我会|本会|学会).{0,8}(在|搞|做|办|开展|组织|推广|帮)/.test(text);
  const project = described ? guessProject(turn.guide, turn.search, text) : undefined;
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
function explainWhy(turn: Turn): void {
  const projects = turn.state.topic!.projects;
  const conflicts = findConflicts(turn.guide, intentions(turn.state.profile)).filter((c) => c.projects.some((p) => projects.includes(p)));
  const names = turn.names(projects);
  const reply = answerQuestion(`${names}能报吗`, askContext(turn));
  const lines = [reply.answer.split('\n')[0]!, ...conflicts.map((c) => turn.t('plan.conflict', { text: c.text, clause: c.clause }))];
  turn.say(lines.join('\n'));
  reaskPending(turn);
}

/** "详情 标准制定": everything about one project, asked for on purpose. */
function showDetails(turn: Turn, name: string): void {
  const reply = answerDetails(name, askContext(turn));
  if (!reply) return turn.say(turn.t('project.notFound', { name: name || '—', command: 'deadlines' }));
  turn.say(reply.answer);
  turn.state.topic = { projects: reply.projects ?? [], intent: 'project', age: 0 };
  reaskPending(turn);
}

/** The projects whose names share the most characters with `words`: what the secretary may have meant. */
function nearestNames(turn: Turn, words: string): ProjectId[] {
  const score = (id: ProjectId) => [...new Set(words)].filter((c) => turn.guide.projectName(id).includes(c)).length;
  return [...turn.guide.projectIds]
    .map((id) => [id, score(id)] as const)
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([id]) => id);
}

/** What was talked about is forgotten after a few messages on other things. */
function ageTopic(turn: Turn): void {
  const topic = turn.state.topic;
  if (!topic) return;
  topic.age += 1;
  if (topic.age > 2) turn.state.topic = undefined;
}

/** "我们有八个": the count a condition of the project talked about last asks for. */
function countedFact(turn: Turn, text: string): boolean {
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
function acknowledge(turn: Turn): void {
  const pending = turn.state.pending;
  const def = pending && questionFor(turn, pending.ask);
  if (!def) return turn.say(turn.t('ack.idle'));
  askPending(turn, def, false, `${turn.t('ack.pending')}\n`);
}

/** After a change of plan: the open question again, or the next step of the interview. */
function resume(turn: Turn): void {
  if (turn.state.pending) return reaskPending(turn);
  if (turn.state.stage === 'interview') advance(turn);
}

function contactsLine(turn: Turn): string {
  return contactLine({ guide: turn.guide, t: turn.translate });
}

/** A greeting in the middle of the interview: greet back and point at the open question, no restart. */
function greet(turn: Turn): void {
  const def = questionFor(turn, turn.state.pending!.ask);
  turn.say(turn.t('interview.hello'));
  if (def) askPending(turn, def);
}
