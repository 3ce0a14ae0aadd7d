import {
  checkProject,
  cstDate,
  evidenceFor,
  missingFacts,
  findConflicts,
  intentions,
  type Condition,
  type Guide,
  type Profile,
  type ProjectId,
  projectSection,
  searchPassages,
} from '../rules/index.js';

import { describeFactIn, factLabel, reasonText } from './facts-text.js';
import { formatDate, translator, type Lang } from './i18n.js';
import { readingMark, renderEvidence, renderReadings, renderReason } from './render.js';
import { normalise, parseOrgType, parseOrgTypeEn, type ProjectMatcher } from './parse.js';
import { requirementAsked, yesNoAnswer } from './ask-yes-no.js';
import { specificClause } from './ask-specific.js';
import { compareProjects } from './ask-compare.js';
import { projectContent, topicAnswer } from './ask-topics.js';
import { type Answer, type AskContext, type Ctx, type Intent, about, bullets, cite, names, uniq } from './ask-context.js';
import { combination, ownPlan, requiredWith } from './ask-combination.js';
import { comparePlans, plansCompared } from './ask-plans.js';
import { beyondGuide, contactLine, contacts, notInGuide } from './ask-contacts.js';
import { deadline, submission, withAddress } from './ask-deadline.js';
import { handInTiming } from './ask-hand-in-time.js';
import { unitMay } from './ask-unit.js';
import { FOLLOW_UP, PLAN_REPLACE, REFERS_BACK } from './understand.js';
import { SELF } from './understanding/cues.js';
import { inGuideWords } from './understanding/english-terms.js';
import {
  AGREEMENT,
  ALSO,
  ASKS_CONDITIONS,
  BEYOND_GUIDE,
  COMPARES,
  LIST_ALL,
  MAY_APPLY,
  AFTER_CHANGE,
  OUR_CITYS,
  WHICH_CLASS,
  CLOSING_ASKED,
  APPLYING_ASKED,
  ANOTHER_UNIT_ASKED,
  PLAN_COUNT_ASKED,
  EXCEEDS_OR_CLASHES,
  MUST,
  NOT_IN_GUIDE,
  OWN_PLAN,
  PREPARE,
  TODAY,
  TOTAL,
  THESE,
} from './understanding/question-words.js';

export type { Answer, AskContext, Intent } from './ask-context.js';
export { mostlyEnglish } from './understanding/english.js';
import { hasEnglishWords, mostlyEnglish } from './understanding/english.js';
export { contactLine } from './ask-contacts.js';

/**
 * Tried in order; the first that matches names the intent. They run on the question with the
 * project names blanked out (□), so "决策咨询" is not "咨询" and "科技奖励" is not "奖励".
 */
const INTENTS: Array<[Exclude<Intent, 'project' | 'search' | 'unknown'>, RegExp]> = [
  // "一共有哪些项目": the guide's list of projects, whoever asks.
  [
    'catalogue',
    /(一共|总共|全部|所有|都)有?(哪些|什么|啥|哪几个|几个|几类|多少)(项目|子项目|类别|类|专项)(?!名额|指标|立项|资助)|哪几(类|大类)|几大类|项目(清单|目录|列表)|which projects (are there|does the guide)/i,
  ],
  [
    'what_can_we_apply',
    /(能|可以|可)(报|申报|申请)(些|点|一些|点儿)?(什么|哪些|啥|哪几个|哪几项)|(什么|哪些|哪个|哪几个)(项目)?(还)?(能|可以)(报|申报)|能报啥|适合报|推荐.*(报|项目)|报什么好|报哪个好|报哪些好|(所有|全部|啥|什么)(项目)?都不(行|能报)|全都不行|一个都不能报/,
  ],
  [
    'combination',
    /一块儿?(报|申报)|一并(报|申报)|(能|可以|可)(报|申报|申请)(两|二|三|几|\d)(个|场|项)|(报|申报)(两|二|三|\d)(个|项)[^，,。]{0,4}(行|可以|能|吗|呢)|(再加|加个|加上|再报|也报|多报)[^，,。]{0,14}(行|可以|能|吗)|还得报|还要报|必须.{0,4}报|兼报|各(报|申报)?(一|1)(个|项)|同时(报|申报)|一起(报|申报)|冲突|限项|互斥|都报|都(想|打算|准备|要)(报|申报)|能报几[个项]|最多(能|可以|可)?(报|申报)|只能(报|选)|一起申请|□\s*(和|与|跟|及)\s*□.*(能|可以|可)|□[^，,。？?]{0,10}(还|也|再|又)(能不能|可不可以|能|可以|可)(报|申报|申请)?\s*□/,
  ],
  [
    'quota',
    /名额|(几|多少)\s*个?指标|指标.{0,2}(几|多少)|全省.{0,6}(\d|几|多少)\s*(个|家|项)|给几个|限额|上限|立项(多少|几)|(评|选|立|批|资助|支持)(多少|几)\s*(个|家|项)/,
  ],
  ['funding', /经费|资助(?!多少项|几项|名额|数量)|钱|拨付|拨款|补助|资金|荣誉|授牌|奖励多少|给多少/],
  [
    'deadline',
    /(要|得|须)(干|做)完|干完|做完|截止|什么时候|啥时候|啥时|何时|几号|哪天|哪一天|期限|deadline|几月|多久|日期|时间节点|什么时间|完成时间|几点|还有几天|还剩|补报|来得及|赶得上|逾期|延期|过期|晚了|迟了|还开着|还开放|开放了没|开始申报|开始报|开始了(吗|没)|开放了吗|(?<!□[^，,。]{0,4})(能|可以)(报|申报)了(吗|没)|还在进行|结束了没|结束没|结束了吗|截止了没|截止没|截止了吗|关了没|关闭了没|关了吗/i,
  ],
  [
    'submission',
    /怎么报|如何申报|怎么申报|(怎么|如何|怎样|咋)(提交|报送|递交|上交)|(提交|申报)流程|在哪(里|儿)?(报|交|提交|申报)|系统|网址|网站|纸质|纸版|电子版|电子稿|原件|寄|邮寄|快递|地址|邮箱|报送|送到|送哪|交到|盖章|盖(什么|啥|哪个|几个|谁的)?章|公章|申报方式|哪里交|怎么交|提交方式|登录|几份|多少份|份数/,
  ],
  // (咨询 is a contact only as "consult whom": alone it is 决策咨询's short name.)
  [
    'contacts',
    /收件人|谁收|寄给谁|交给谁|送给谁|给谁|联系|电话|咨询(电话|谁|哪|一下|方式)|(找|向|问)(谁|哪位)[^，,。]{0,4}咨询|找谁|联系人|负责人|问谁|哪位老师/,
  ],
  [
    'evidence',
    // ("得准备些什么东西": a measure word between the verb and what is asked.)
    /材料|佐证|(交|提交|准备|提供|带|附|备)(些|点|一些|点儿)?(什么|啥|哪些)|(要|得|需要|须)准备|提供(啥|什么)|提交啥|交啥|啥东西|附.{0,4}(文件|协议|材料)|附(上)?(什么|啥|哪些)|合作协议|委托(文件|协议)|结题|验收|清单|截图|照片|附件|交哪些|哪些东西|要交啥|要交的|准备哪些|要带什么|要带啥/,
  ],
  ['quota', /名额|上限|多少个|数量|限额|多少项|几项|几个名额|总共|立项多少/],
  [
    'eligibility',
    /(几|多少)\s*(场|次|位|名|人|家)(?!项目|子项)|在哪(里|儿)?(办|开|举办|举行)|^(那|那么|所以)?(现在|这样|这下|那样|今年)?(还)?(可以|行|能报|能行|能申报|能申请)了?(吗|么|不)|是不是不行|不行了吗|还行吗|条件|要求|能不能报|能报吗|可以报吗|可不可以|资格|够不够|够吗|够了吗|够了吧|够了没|够没够|够不|够用吗|达标吗|符合|门槛|能申报吗|能否申报|可以申报吗|有戏|行不行|报得了|(能|可以|可|能否)(报|申报|申请)□*[吗不吧]|需要几|要几个|得有几|够格|几A|几等|什么等级|(能|可以)(报|申报|申请).{1,4}吗|CN号|刊号|几个专家|要啥条件|啥条件|合办|主办|报备|(能|可以|还能)(当|做)?牵头/i,
  ],
];

/** In an English chat, simple English questions too ("标准制定 deadline", "contacts"); tried after the Chinese. */
const INTENTS_EN: Array<[Exclude<Intent, 'project' | 'search' | 'unknown'>, RegExp]> = [
  ['what_can_we_apply', /what (can|could|may|should) we apply|which projects? (can|could|may|should) we|what is open to us/i],
  // "how many can one society apply for at most": the limits on one society (二（三）), not the province's quotas.
  [
    'combination',
    /\b(together|combin\w*|conflicts?|both|at the same time|at most|maximum (number )?of projects|how many (projects )?(can|could|may) (we|one|a|each|our)\b[^?]*\bapply)\b|\b(limit|cap) (per|on each|for each|for one|for a) society\b/i,
  ],
  ['quota', /\bhow many\b[^?]*\b(funded|projects|places)\b|\bquotas?\b/i],
  ['funding', /\b(fund\w*|money|grants?|budget|how much|paid|payment)\b/i],
  [
    'deadline',
    /\b(deadlines?|due|when|dates?|how long|how many days|what time|which hour|o'?clock|still open|still going|going on|ongoing|over yet|closed yet|has it (closed|ended))\b/i,
  ],
  // "what do we need to submit": the documents, not the way of handing in.
  [
    'evidence',
    /\bwhat (?:do|does|should|must|would) (?:we|i|one) (?:need|have) to (?:submit|hand in|provide|prepare|attach)\b|\bwhat (?:needs|has) to be (?:submitted|handed in|attached)\b/i,
  ],
  ['submission', /\b(submit\w*|submission|how (do|can|to|should) we apply|where|address|post|mail|online system|website|paper cop(y|ies))\b/i],
  [
    'contacts',
    /\b(contacts?|phone|telephone|call|who (do|can|should) we ask|who (do|should|shall|can) (we|i) (send|submit|give|mail|post|hand|address)\b[^?]*|who receives|recipient|to whom)\b/i,
  ],
  ['evidence', /\b(documents?|materials?|evidence|checklists?|paperwork|hand in|prepare)\b/i],
  ['quota', /\b(quotas?|how many (projects|places)|number of projects|places)\b/i],
  ['eligibility', /\b(eligib\w*|conditions?|requirements?|require|qualif\w*|can we apply|may we apply|allowed)\b/i],
];

export function classify(text: string, matcher?: ProjectMatcher, lang: Lang = 'zh-CN'): Exclude<Intent, 'project' | 'search' | 'unknown'> | undefined {
  const t = normalise(matcher ? matcher.mask(text) : text);
  // ("一流学会有没有 funding": an English word inside a Chinese question is read by the English rows too.)
  return (
    INTENTS.find(([, re]) => re.test(t))?.[0] ??
    (lang === 'en' || mostlyEnglish(text) || /[a-z]{3,}/i.test(text) ? INTENTS_EN.find(([, re]) => re.test(t))?.[0] : undefined)
  );
}

/** What one part of a question asks: a requirement (how many, where) apart from its intent, so
 * "青少年科普要求几场活动？要在哪里开？" is two questions, not one asked twice. */
export function partTopic(text: string, matcher: ProjectMatcher, lang: Lang): string | undefined {
  const masked = matcher.mask(text);
  // "青少年科普跟健康专项有啥不一样，能都报吗": a comparison is a question of its own beside the others.
  // "要签啥协议？啥时候截止？": an agreement asked about is a part of its own (the guide's words answer it).
  // ("一流学会有经费吗？年底要考到几类？": the year-end level asked is a part of its own.)
  return (
    requirementAsked(masked) ??
    (COMPARES.test(masked) ? 'compare' : AGREEMENT.test(masked) ? 'agreement' : WHICH_CLASS.test(masked) ? 'year_end' : classify(text, matcher, lang))
  );
}

/** "纸质的呢", "电子版呢" after a deadline question: the same question of that way of handing in. */
const CHANNEL_FOLLOW_UP = /^(那|那么)?(纸质|电子|网上|系统)[的版]*(呢|嘞|咧)[?？]?$/;
/** "And the paper copy?", "what about the online one?": the same, in English. */
const CHANNEL_FOLLOW_UP_EN =
  /^(?:and|what about|how about)?\s*(?:the\s+)?(paper|printed|hard|electronic|online)\s*(?:copy|copies|version|one|form)?\s*[?？.]*$/i;
const CHANNEL_EN: Record<string, string> = {
  paper: 'paper copy',
  printed: 'paper copy',
  hard: 'paper copy',
  electronic: 'online submission',
  online: 'online submission',
};

/** "现在呢", "那现在可以了吧", "and now?": the question just answered, again, on the facts as they are now. */
const NOW_THEN =
  /^(那|那么|所以)?(现在|这下|这样|改了以后|改完)(呢|咧|嘞|可以了吗|行了吗|能报了吗|可以了吧|行了吧|怎么样|咋样)[?？]*$|^(and |so |ok,? )?(now|what about now|how about now)\??$/i;

/** A follow-up of a deadline question that names only a way of handing in, as the full question. */
function channelFollowUp(asked: string): string | undefined {
  const zh = CHANNEL_FOLLOW_UP.exec(asked);
  if (zh) return `${zh[2]}版什么时候截止`;
  const en = CHANNEL_FOLLOW_UP_EN.exec(asked.trim());
  return en ? `when is the deadline for the ${CHANNEL_EN[en[1]!.toLowerCase()]}?` : undefined;
}

export function answerQuestion(mixed: string, context: AskContext): Answer {
  // "那paper copy呢, 也过了?": English words in a Chinese question are read as the guide's own words.
  const asked = hasEnglishWords(mixed) && !mostlyEnglish(mixed) ? inGuideWords(mixed) : mixed;
  // "这样一共几个项目", "我们现在一共报几个": how many the society plans, and which.
  const plannedNow = context.profile ? intentions(context.profile).map((i) => i.project) : [];
  if (PLAN_COUNT_ASKED.test(asked) && plannedNow.length && !context.matcher.find(asked, { groups: false }).length) {
    const lang = context.lang ?? 'zh-CN';
    const t = translator(lang);
    const count = t('answer.planCount', { n: plannedNow.length, list: plannedNow.map(context.guide.projectName).join(t('sep.list')) });
    // ("…加一块儿超没超", "相互之间有没有冲突": and whether they go together.)
    const together = EXCEEDS_OR_CLASHES.test(asked) ? combination({ ...context, lang, t, question: asked }, plannedNow) : undefined;
    return {
      intent: 'combination',
      answer: together ? `${count}\n${together.answer}` : count,
      clauses: together?.clauses ?? [],
      projects: plannedNow,
    };
  }
  // "现在呢" after a fact was corrected: the last question about the projects talked about, asked again.
  const again =
    NOW_THEN.test(asked.trim()) && context.topic?.projects.length ? `${context.topic.projects.map(context.guide.projectName).join('和')}能报吗` : undefined;
  const question = again ?? ((context.topic?.intent === 'deadline' && channelFollowUp(asked)) || asked);
  // A question in English is answered in English, whatever the chat's language.
  const lang = mostlyEnglish(question) ? 'en' : (context.lang ?? 'zh-CN');
  const ctx: Ctx = { ...context, lang, t: translator(lang), question };
  const found = ctx.matcher.find(question);
  // A name typed with one wrong character is still recognised, and the answer says how it was read.
  const typo = found.length ? undefined : ctx.matcher.fuzzy(question);
  let projects = typo ? [typo] : found;
  // "特色改成品牌的话，能和全国学会一起办吗": the question is about what the plan changes to.
  const changedTo = PLAN_REPLACE.exec(question);
  if (changedTo && projects.length >= 2) {
    const after = ctx.matcher.find(question.slice(changedTo.index + changedTo[0].length));
    if (after.length) projects = after;
  }
  let intent: Intent | undefined = classify(question, ctx.matcher, ctx.lang);
  const topic = ctx.topic;
  // "这个啥时候交", "需要准备啥": the project talked about last.
  // "我们什么时候截止" is about the society's own plan, not the last topic.
  const own = /我们|咱们|我会|本会/.test(question) && !REFERS_BACK.test(question) && !!context.profile?.intended?.length;
  // "这个和健康能一起报吗": the last topic and the project named.
  // (Not when the question names two itself: "乡村产业和美丽乡村这两个能同时报吗" is about those two.)
  if (projects.length === 1 && topic?.projects.length && REFERS_BACK.test(ctx.matcher.mask(question)) && /和|跟|与|同|及|一起|together|and/i.test(question))
    projects = [...new Set([...topic.projects, ...projects])];
  // "美丽乡村呢，要求一样吗" after 乡村产业: the one named beside the one talked about.
  if (projects.length === 1 && topic?.projects.length === 1 && topic.projects[0] !== projects[0] && COMPARES.test(ctx.matcher.mask(question)))
    projects = [topic.projects[0]!, projects[0]!];
  // "奖励那个要报备吗": a short name before 那个 that is part of one project's names only.
  const shortBefore = projects.length ? undefined : /([\u4e00-\u9fa5]{2,4})(那个|这个|那项|这项)/.exec(ctx.matcher.mask(question))?.[1];
  const short = shortBefore ? ctx.matcher.shortName(shortBefore) : undefined;
  if (short) projects = [short];
  // ("乡村嗰个要交咩证明": a word of two projects' names, one of them planned, is that one.)
  const planned = context.profile ? intentions(context.profile).map((i) => i.project) : [];
  const ownedPlanned = !projects.length && shortBefore ? ctx.matcher.owners(shortBefore.slice(-2)).filter((id) => planned.includes(id)) : [];
  if (ownedPlanned.length === 1) projects = ownedPlanned;
  // "科普那个呢" after 一流学术学会: a sibling in the same group, by the words only it has.
  if (!projects.length && topic?.projects.length === 1 && REFERS_BACK.test(question)) {
    const group = ctx.guide.project(topic.projects[0]!).group;
    const sibling = group ? ctx.matcher.find(`${group}${question}`, { groups: false }).filter((id) => id !== topic.projects[0]) : [];
    if (sibling.length === 1) projects = sibling;
  }
  // "那我们报的那个要交什么": the society's own plan, not the project talked about last.
  if (!projects.length && OUR_PLANNED.test(question) && context.profile?.intended?.length) projects = intentions(context.profile).map((i) => i.project);
  // "沙龙能报吗" … "品牌呢" … "那两个分别啥时候截止": the pair talked about, the earlier one too.
  if (!projects.length && topic?.earlier?.length && THESE.test(question)) projects = [...new Set([...topic.earlier, ...topic.projects])];
  // "年会要是拖到12月初开呢": a date is about the project talked about.
  const dated = /(\d{1,2}|十[一二]?)\s*月/.test(question);
  if (!projects.length && topic?.projects.length && !own && (REFERS_BACK.test(question) || (intent && TOPICAL.has(intent)) || dated))
    projects = [...topic.projects];
  // "那科技评估呢": the same question as before, about another project.
  // ("全部项目加一块儿呢" after a quota asked: the same question, of all of them.)
  // ("那一流学会现在呢" after a fact changed: whether it may be applied for now.)
  if (!intent && projects.length && FOLLOW_UP.test(question) && AFTER_CHANGE.test(question)) intent = 'eligibility';
  if (!intent && (projects.length || TOTAL.test(question)) && topic?.intent && FOLLOW_UP.test(question) && TOPICAL.has(topic.intent as Intent))
    intent = topic.intent as Intent;
  const answered = answerFor(question, projects, ctx, intent);
  // Answered for the society's own plan: that plan is what "这个" means next.
  const used = projects.length ? projects : intent && TOPICAL.has(intent) && context.profile ? intentions(context.profile).map((i) => i.project) : [];
  const answer = { ...answered, projects: used };
  return typo && answer.intent !== 'unknown' && answer.intent !== 'search'
    ? { ...answer, answer: `${ctx.t('ask.readAs', { project: ctx.guide.projectName(typo) })}\n${answer.answer}` }
    : answer;
}

/** "我们报的那个", "打算报的那几个", "the one we're applying for": the projects of the society's plan. */
const OUR_PLANNED =
  /(要|打算|准备|想|计划|已经)?(报|申报)的(那个|这个|那项|这项|项目|那几个|几个|那些)|\bthe (one|ones|projects?) we('re| are)? (apply|applying|planning)/i;

/** Intents whose answer is about particular projects. */
const TOPICAL = new Set<Intent>(['deadline', 'evidence', 'eligibility', 'funding', 'quota', 'project']);

function answerFor(question: string, projects: ProjectId[], ctx: Ctx, classified: Intent | undefined): Answer {
  const plan = ctx.profile ? intentions(ctx.profile).map((i) => i.project) : [];
  // "一流学会是不是必须同时报平台的", "一流学会要同时报平台的吧": what the rules require of a project named, as a must.
  const must = MUST.test(question) ? requiredWith(ctx, projects) : undefined;
  if (must) return must;
  const topical = topicAnswer(question, projects.length ? projects : plan, ctx, ctx.matcher.mask(question));
  if (topical) return topical;
  const direct = yesNoAnswer(question, projects, ctx, plan);
  if (direct) return direct;
  // "那明年的指南什么时候出": beyond this guide; who to ask.
  if (BEYOND_GUIDE.test(question)) return beyondGuide(ctx);
  if (NOT_IN_GUIDE.test(question)) return notInGuide(ctx);
  if (TODAY.test(question)) return { intent: 'deadline', answer: ctx.t('answer.today', { date: formatDate(ctx.t, cstDate(ctx.nowMs)) }), clauses: [] };
  // "市级学会可以申报吗", "直属事业单位能报啥": who may apply, for that kind of unit (二（二）1).
  // ("我们市里的水利学会能不能自己报" is our city's society, not us; "Can a city-level society apply?" in English.)
  // ("俺们下面有个徐州市农机学会，市级的，它能单独报不": a unit of ours asked about, whatever the topic was.)
  const anotherUnit = ANOTHER_UNIT_ASKED.test(question);
  const aboutUnit = (!projects.length || anotherUnit) && (!SELF.test(question) || OUR_CITYS.test(question) || anotherUnit) && MAY_APPLY.test(question);
  const unit = aboutUnit ? (parseOrgType(question) ?? (mostlyEnglish(question) ? parseOrgTypeEn(question) : undefined)) : undefined;
  if (unit && unit !== 'society') return unitMay(ctx, unit);
  // "报一流学会+学术平台 和 只报发展助力，哪个方案好": two plans side by side.
  const plans = plansCompared(ctx, question);
  if (plans) return comparePlans(ctx, plans);
  // "会员之家和发展助力哪个好报": side by side.
  if (projects.length >= 2 && projects.length <= 4 && COMPARES.test(ctx.matcher.mask(question))) {
    const search = ctx.search;
    const contentOf = search ? (id: ProjectId) => projectContent(ctx.guide, search, id) : undefined;
    const compared = compareProjects(ctx.guide, projects, ctx.t, ctx.lang, ctx.profile, contentOf);
    return { intent: 'eligibility', answer: compared.answer, clauses: compared.clauses };
  }
  if (!projects.length && OWN_PLAN.test(question) && !ctx.assumed) return ownPlan(ctx);
  // "参与单位能兼报吗": the guide's own words for one clause outweigh a general topic word.
  if (!projects.length && (!classified || classified === 'combination')) {
    const specific = specificClause(searchable(question), ctx.search, ctx.matcher, ctx.t);
    // "生态学会牵头我们参与可以吗" about 联合体: a clause of another project's section does not answer it.
    const sections = (ctx.topic?.projects ?? []).map((id) => projectSection(ctx.guide.project(id).clause));
    if (specific && (!sections.length || sections.some((section) => section && specific.clause.startsWith(section))))
      return { intent: 'search', answer: specific.answer, clauses: [specific.clause] };
  }
  // "标准制定今年还能再报吗": applying again this year is a question of eligibility, not of combining.
  const again =
    classified === 'combination' && projects.length === 1 && /今年.{0,4}(还|再)|还能再|再报|再申报/.test(question) && !/(两|二|三|\d)\s*(个|项)/.test(question);
  const intent = again ? 'eligibility' : (classified ?? (projects.length ? 'project' : undefined));
  // "系统还没开能不能先交", "五点过了一点点还能交吗": the window, as a yes or no for now, whatever the kind read.
  const timing = handInTiming(ctx, question);
  // ("那俩乡村的现在能报不": whether the named projects may be applied for, and whether now: both answered.)
  if (timing && projects.length && MAY_APPLY.test(question)) {
    const may = eligibility(ctx, projects);
    return { intent: 'eligibility', answer: `${may.answer}\n${timing.answer}`, clauses: uniq([...may.clauses, ...timing.clauses]) };
  }
  if (timing) return timing;
  switch (intent) {
    case 'catalogue':
      return catalogue(ctx);
    case 'what_can_we_apply':
      return whatCanWeApply(ctx);
    case 'combination':
      return combination(ctx, projects);
    case 'deadline':
      return withAddress(ctx, question, projects, deadline(ctx, projects));
    case 'submission':
      return submission(ctx, projects, question);
    case 'contacts':
      return contacts(ctx);
    case 'evidence':
      return evidence(ctx, projects);
    case 'funding':
      return funding(ctx, projects);
    case 'quota':
      return quota(ctx, projects);
    case 'eligibility':
      return eligibility(ctx, projects);
    case 'project':
      return overview(ctx, projects, question);
    default:
      return fallback(question, ctx);
  }
}

/** "一共有哪些项目": every category with its sub-projects, and how many there are. */
function catalogue(ctx: Ctx): Answer {
  const { guide, t } = ctx;
  const cats = guide.data.categories;
  const lines = cats.map((c) => t('ask.catalogue.line', { category: c.name, clause: c.clause, list: names(ctx, c.projects) }));
  const n = cats.reduce((sum, c) => sum + c.projects.length, 0);
  return {
    intent: 'catalogue',
    answer: [t('ask.catalogue.title', { n, m: cats.length }), ...lines, t('ask.catalogue.more')].join('\n'),
    clauses: ['二（一）'],
  };
}

function whatCanWeApply(ctx: Ctx): Answer {
  const { guide, profile, t } = ctx;
  if (!profile || Object.keys(profile).filter((k) => k !== 'intended').length === 0) {
    return { intent: 'what_can_we_apply', answer: t('ask.apply.needProfile'), clauses: ['二（二）'] };
  }
  const lines: string[] = [t('ask.apply.title')];
  const clauses: string[] = [];
  const groups = { eligible: [] as string[], ineligible: [] as string[], unknown: [] as string[] };
  for (const id of guide.projectIds) {
    const v = checkProject(guide, profile, id);
    const first = v.reasons[0];
    groups[v.verdict].push(
      v.verdict === 'ineligible' && first
        ? t('ask.apply.withReason', { project: guide.projectName(id), reason: reasonText(guide, first, t, ctx.lang, profile), clause: first.clause })
        : guide.projectName(id),
    );
    if (v.verdict !== 'eligible' && first) clauses.push(first.clause);
  }
  lines.push(t('ask.apply.eligible', { list: groups.eligible.join(t('sep.list')) || t('ask.apply.noneYet') }));
  if (groups.ineligible.length) lines.push(t('ask.apply.ineligible', { list: bullets(ctx, sameReasonOnce(ctx, groups.ineligible)) }));
  // The unsettled ones in a line, with what would settle them: the questions, not every reason.
  if (groups.unknown.length) {
    const facts = missingFacts(guide, profile).map((m) => factLabel(t, m.fact, guide));
    lines.push(t('ask.apply.unknownShort', { list: groups.unknown.join(t('sep.list')), facts: facts.join(t('sep.list')) }));
  }
  lines.push(t('ask.apply.note'));
  return { intent: 'what_can_we_apply', answer: lines.join('\n'), clauses: uniq(clauses) };
}

/** Many projects barred by one reason (a 直属事业单位): one line with the count, not the same line again and again. */
function sameReasonOnce(ctx: Ctx, lines: string[]): string[] {
  const reasonOf = (line: string) => line.slice(line.indexOf('（'));
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(reasonOf(line), (counts.get(reasonOf(line)) ?? 0) + 1);
  const out: string[] = [];
  for (const [reason, n] of counts) {
    if (n < 3) out.push(...lines.filter((l) => reasonOf(l) === reason));
    else out.push(ctx.t(n === lines.length ? 'ask.apply.allBarred' : 'ask.apply.manyBarred', { n, reason: reason.replace(/^（|）$/g, '') }));
  }
  return out;
}

function evidence(ctx: Ctx, named: ProjectId[]): Answer {
  const { guide } = ctx;
  const targets = about(ctx, named);
  if (!targets.length) return { intent: 'evidence', answer: ctx.t('ask.evidence.needProject'), clauses: ['五（一）'] };
  const lists = targets.map((id) => evidenceFor(guide, id));
  if (lists.length === 1) {
    // "会后要交什么", "What do we hand in after the event?": the stage asked, first and alone.
    const stage = CLOSING_ASKED.test(ctx.question ?? '') ? 'closing' : APPLYING_ASKED.test(ctx.question ?? '') ? 'application' : undefined;
    const answer = renderEvidence(guide, lists[0]!, ctx.lang, stage);
    // "会员之家要准备啥": besides the papers, what the guide asks the society to have in place.
    const prepare = PREPARE.test(ctx.question ?? '') ? guide.project(targets[0]!).prepare : [];
    if (!prepare.length) return { intent: 'evidence', answer, clauses: lists[0]!.clauses };
    const lines = prepare.map((p, n) => ctx.t('common.numbered', { n: n + 1, text: p.text ?? p.quote, clause: p.clause }));
    return {
      intent: 'evidence',
      answer: [answer, ctx.t('ask.evidence.prepare'), ...lines].join('\n'),
      clauses: uniq([...lists[0]!.clauses, ...prepare.map((p) => p.clause)]),
    };
  }
  // Several projects: what to hand in when applying, one line each; the rest behind "详情 X".
  const t = ctx.t;
  const common = lists[0]!.application.filter((item) => lists.every((ev) => ev.application.includes(item)));
  const lines = lists.map((ev) => {
    const own = ev.application.filter((item) => !common.includes(item));
    return t('ask.evidence.short', {
      project: guide.projectName(ev.project),
      list: own.join(t('sep.semi')) || t('ask.evidence.nothingMore'),
      closing: ev.closing.length,
    });
  });
  const head = [t('ask.evidence.shortTitle'), ...(common.length ? [t('ask.evidence.common', { list: common.join(t('sep.semi')) })] : [])];
  return { intent: 'evidence', answer: [...head, ...lines, t('ask.evidence.shortMore')].join('\n'), clauses: uniq(lists.flatMap((l) => l.clauses)) };
}

function funding(ctx: Ctx, named: ProjectId[]): Answer {
  const { guide, t } = ctx;
  const f = guide.data.funding;
  const lines: string[] = [];
  for (const id of about(ctx, named)) {
    lines.push(t('ask.funding.line', { project: guide.projectName(id), how: t(f.honours.includes(id) ? 'ask.funding.honour' : 'ask.funding.paid') }));
  }
  lines.push(
    cite(ctx, f.honoursNote.quote, f.honoursNote.clause),
    t('ask.funding.paidNote', { paid: f.paidNote.quote, priority: f.priority.quote, clause: f.paidNote.clause }),
  );
  for (const n of f.notes) lines.push(cite(ctx, n.quote, n.clause));
  lines.push(t('ask.funding.amounts'));
  return { intent: 'funding', answer: lines.join('\n'), clauses: uniq([f.honoursNote.clause, ...f.notes.map((n) => n.clause)]) };
}

/** Words of money in a question: "资助", "经费", "funded". */
const FUNDING_WORDS = /资助|经费|钱|拨款|fund|money|grant/i;

function quota(ctx: Ctx, asked: ProjectId[]): Answer {
  const { guide, t } = ctx;
  const named = TOTAL.test(ctx.question ?? '') && !ctx.matcher.find(ctx.question ?? '').length ? [] : asked;
  const targets = named.length ? named : guide.projectIds;
  const seen = new Set<unknown>();
  const lines: string[] = [];
  for (const id of targets) {
    const q = guide.quotaOf(id);
    if (!q || seen.has(q)) continue;
    seen.add(q);
    const shared = q.projects.length > 1 ? t('ask.quota.shared', { list: names(ctx, q.projects) }) : '';
    const projects = q.projects.length > 1 ? q.projects.map(guide.projectName).join(' / ') : guide.projectName(id);
    lines.push(t('ask.quota.line', { projects, max: q.max, shared }));
  }
  const total = guide.data.totalQuota;
  // "今年一共立项多少个": the total is the answer, so it comes first.
  if (!named.length && total) {
    if (TOTAL.test(ctx.question ?? '')) lines.unshift(t('ask.quota.total', { max: total.max }));
    else lines.push(t('ask.quota.total', { max: total.max }));
  }
  lines.push(t('ask.quota.note', { text: guide.readingText(10) ?? t('ask.quota.noteDefault') }));
  // "上限20个，是说我们一个学会能报20个？": the limit of one society for the projects named, with its clause.
  for (const r of guide.data.combinationRules) {
    if (!named.length) break;
    const about = r.kind === 'max_count_each' || r.kind === 'at_most_of' ? r.projects.filter((id) => named.includes(id)) : [];
    if (about.length) lines.push(t('ask.quota.perSociety', { projects: names(ctx, about), text: r.text, clause: r.clause }));
  }
  // ("How many 一流学会 projects get funded?": of an honour, that it carries no funding, as 二（一） says.)
  const honours = named.filter((id) => guide.data.funding.honours.includes(id));
  if (honours.length && FUNDING_WORDS.test(ctx.question ?? ''))
    for (const id of honours) lines.push(t('ask.funding.line', { project: guide.projectName(id), how: t('ask.funding.honour') }));
  return { intent: 'quota', answer: `${t('ask.quota.title')}\n${lines.join('\n')}`, clauses: ['二（一）'] };
}

function conditionLines(ctx: Ctx, id: ProjectId): { lines: string[]; clauses: string[] } {
  const { guide } = ctx;
  const lines: string[] = [];
  const clauses: string[] = [];
  const add = (c: Condition) => {
    lines.push(ctx.t('common.bullet', { text: cite(ctx, c.requirement, c.clause) }));
    clauses.push(c.clause);
  };
  for (const { condition } of guide.conditionsOf(id)) add(condition);
  for (const p of [...guide.project(id).prepare, ...guide.project(id).toAchieve]) {
    lines.push(ctx.t('common.bullet', { text: cite(ctx, p.text ?? p.quote, p.clause) }));
    clauses.push(p.clause);
  }
  return { lines, clauses };
}

/**
 * Besides the conditions, what the guide's 申报条件 of a project require: the papers the application must carry
 * ("申报该项目须提供委托文件（协议）"), the day the work must be done by, and what does not count (科普周).
 */
function alsoRequired(guide: Guide, id: ProjectId): Array<{ text?: string; quote: string; clause: string }> {
  const project = guide.project(id);
  const papers = project.evidence.application.filter((e) => /须|需|要/.test(e.quote)).map((e) => ({ text: e.quote, quote: e.quote, clause: e.clause }));
  const done = project.deadlines.filter((d) => d.kind === 'complete').map((d) => ({ text: d.quote, quote: d.quote, clause: d.clause }));
  const excluded = project.evidence.notes.filter((n) => n.topic === 'excluded_activity').map((n) => ({ quote: n.quote, clause: n.clause }));
  const seen = new Set<string>();
  return [...papers, ...done, ...excluded].filter((item) => !seen.has(item.quote) && !!seen.add(item.quote));
}

/** Characters of what-to-prepare items a short eligibility answer shows (test/handlers/length.test.ts). */
const PREPARE_BUDGET = 120;

/**
 * "能报X吗": 可以 / 不可以 / 还不确定 first, with the one reason that decides it and its clause,
 * then the project's own conditions in a few lines. The whole list is behind "详情 X".
 */
function eligibility(ctx: Ctx, named: ProjectId[]): Answer {
  const { guide, profile, t, lang } = ctx;
  const targets = about(ctx, named);
  if (!targets.length) return eligibilityDetails(ctx, named);
  const known = !!profile && Object.keys(profile).some((k) => k !== 'intended');
  const readings = new Set<number>();
  const parts: string[] = [];
  const clauses: string[] = [];
  const brief = targets.length > 3;
  if (!known) parts.push(t('answer.dependsOnYou'));
  for (const id of targets) {
    const name = guide.projectName(id);
    const lines: string[] = [];
    // "报了科技服务还能报学术学会吗": asked beside the plan, a rule the two break is the answer, first.
    const clash = ALSO.test(ctx.question ?? '') ? clashWithPlan(ctx, id) : undefined;
    if (clash)
      lines.push(
        `${t('plan.clashes', { project: name, plan: clash.plan, text: clash.text, clause: clash.clause })}${readingMark(guide, clash.reading, lang, readings)}`,
      );
    if (known) {
      const v = checkProject(guide, profile!, id);
      const first = v.reasons[0];
      if (clash && (v.verdict === 'eligible' || !first)) lines.push(t('plan.eligibleAlone', { project: name }));
      else if (v.verdict === 'eligible' || !first)
        lines.push(t(ctx.barred?.includes(id) ? 'answer.otherwiseEligible' : 'answer.eligibleProject', { project: name }));
      else if (v.verdict === 'ineligible') {
        // Every condition it breaks, not only the first ("C等3A" of 一流学会: the grade and the level).
        const fails = v.reasons.filter((r) => r.status === 'no');
        const reason = (fails.length ? fails : [first]).map((r) => renderReason(guide, r, { lang, readings, profile: profile! })).join(t('sep.semi'));
        lines.push(t('answer.ineligibleProject', { project: name, reason }));
      } else {
        const facts = missingFacts(guide, profile!, [id]).map((m) => factLabel(t, m.fact, guide));
        lines.push(
          t(ctx.barred?.includes(id) ? 'answer.otherwiseUnknown' : 'answer.unknownProject', {
            project: name,
            facts: facts.join(t('sep.list')) || t('ask.eligibility.known'),
          }),
        );
      }
      if (first) clauses.push(first.clause);
      if (clash) clauses.push(clash.clause);
      else lines.push(...withPlan(ctx, id, readings));
      if (!brief)
        lines.push(t('answer.basis', { whose: t(ctx.assumed ? 'ask.eligibility.assumed' : 'ask.eligibility.profile'), known: describeKnown(ctx, profile!) }));
    } else if (profile && !clash) lines.push(...withPlan(ctx, id, readings));
    if (!brief) {
      // The project's own conditions, else what it asks to prepare: a few lines, the rest behind 详情.
      const own = guide
        .conditionsOf(id)
        .filter((c) => !c.general)
        .map((c) => c.condition as { requirement?: string; text?: string; quote: string; clause: string });
      // "会员之家要啥条件": what the guide asks the society to have (场所、专人、专项经费) is part of the answer.
      // Within a budget of characters, so a direct answer stays short; the rest is behind 详情. Asked for the
      // conditions of one project ("X要啥条件"), every one is the answer: with the papers the application must carry
      // and the day the work must be done by.
      // (Of two asked together, "X and Y, requirements?", each in full too.)
      const full = targets.length <= 2 && ASKS_CONDITIONS.test(ctx.question ?? '');
      let room = full ? Number.POSITIVE_INFINITY : PREPARE_BUDGET;
      const prepare = guide.project(id).prepare.filter((p) => (room -= (p.text ?? p.quote).length) >= 0);
      // What the project must reach by the year end (一流学会: 考核达到一类) is among the guide's 相关要求, labelled as such.
      const listed: Array<{ requirement?: string; text?: string; quote: string; clause: string }> = [
        ...own,
        ...prepare,
        ...guide.project(id).toAchieve,
        ...(full ? alsoRequired(guide, id) : []),
      ];
      const shown = new Set<string>();
      const said = (c: (typeof listed)[number]) => ('requirement' in c && c.requirement) || c.text || c.quote;
      const items = (full ? listed : listed.slice(0, targets.length > 1 ? 2 : 5)).filter((c) => !shown.has(said(c)) && !!shown.add(said(c)));
      lines.push(t('answer.conditionsOf', { project: name }), ...items.map((c) => t('common.bullet', { text: cite(ctx, said(c), c.clause) })));
      for (const c of items) clauses.push(c.clause);
      // "申报一流学会建设须同时申报至少1个一流平台…": a companion the project needs is part of its conditions.
      for (const r of guide.data.combinationRules) {
        if (r.kind !== 'requires_one_of' || r.project !== id) continue;
        lines.push(t('common.bullet', { text: cite(ctx, r.text, r.clause) }));
        clauses.push(r.clause);
      }
      // ("给我列全": the general conditions too, even when the profile already meets them.)
      const general = !known || (full && LIST_ALL.test(ctx.question ?? ''));
      if (targets.length === 1) lines.push(...(general ? [t('answer.generalToo')] : []), t('answer.more', { project: name }));
    }
    parts.push(lines.join('\n'));
  }
  const footnote = renderReadings(guide, readings, lang);
  return { intent: 'eligibility', answer: [...parts, ...(footnote ? [footnote] : [])].join('\n\n'), clauses: uniq(clauses) };
}

/** The first rule the plan and this project break together, with the planned projects it is about. */
function clashWithPlan(ctx: Ctx, id: ProjectId): { plan: string; text: string; clause: string; reading: number | undefined } | undefined {
  const plan = ctx.profile ? intentions(ctx.profile).filter((i) => i.project !== id) : [];
  const first = plan.length ? findConflicts(ctx.guide, [...plan, { project: id, count: 1 }]).find((c) => c.projects.includes(id)) : undefined;
  if (!first) return undefined;
  const others = first.projects.filter((p) => p !== id);
  return { plan: names(ctx, others.length ? others : plan.map((i) => i.project)), text: first.text, clause: first.clause, reading: first.reading };
}

/** "can we also apply for 特色" while planning 品牌: the conflict with the plan, right away. */
function withPlan(ctx: Ctx, id: ProjectId, readings: Set<number>): string[] {
  const { guide, t } = ctx;
  const plan = ctx.profile ? intentions(ctx.profile).filter((i) => i.project !== id) : [];
  if (!plan.length) return withTalkedAbout(ctx, id, readings);
  const mine = findConflicts(guide, [...plan, { project: id, count: 1 }]).filter((c) => c.projects.includes(id));
  const lines = mine.map((c) => t('plan.conflict', { text: c.text, clause: c.clause }) + readingMark(guide, c.reading, ctx.lang, readings));
  // "还能报品牌学术不" beside a planned salon: that it does not clash is half the answer.
  if (!mine.length && ALSO.test(ctx.question ?? ''))
    lines.push(
      t('plan.noConflict', {
        plan: names(
          ctx,
          plan.map((i) => i.project),
        ),
      }),
    );
  return lines;
}

/**
 * "发展助力能报吗" … "一流科普平台呢": a project just asked about but not planned, that the one asked now
 * cannot go with, is named beside the answer (the secretary is weighing the two).
 */
function withTalkedAbout(ctx: Ctx, id: ProjectId, readings: Set<number>): string[] {
  const { guide, t } = ctx;
  const talked = (ctx.topic?.projects ?? []).filter((p) => p !== id);
  if (!talked.length || talked.length > 3) return [];
  const clash = findConflicts(
    guide,
    [...talked, id].map((project) => ({ project, count: 1 })),
  ).filter((c) => c.projects.includes(id) && c.projects.some((p) => talked.includes(p)));
  return clash.map(
    (c) =>
      t('plan.conflictTalked', {
        projects: names(
          ctx,
          c.projects.filter((p) => p !== id && talked.includes(p)),
        ),
        text: c.text,
        clause: c.clause,
      }) + readingMark(guide, c.reading, ctx.lang, readings),
  );
}

/** Every condition and thing to prepare, with the verdict for the society: "详情 X". */
export function eligibilityDetails(ctx: Ctx, named: ProjectId[]): Answer {
  const { guide, profile, t, lang } = ctx;
  const targets = about(ctx, named);
  if (!targets.length) {
    const general = guide.data.whoMayApply.map((g) => g.condition);
    const lines = uniq(general.map((c) => t('common.bullet', { text: cite(ctx, c.quote, c.clause) })));
    // "我们是市级学会，能报吗": when the profile already closes every project, that is the answer.
    const barred = profile && guide.projectIds.every((id) => checkProject(guide, profile, id).verdict === 'ineligible');
    const first = barred ? checkProject(guide, profile!, guide.projectIds[0]!).reasons[0] : undefined;
    const verdict = first ? `${t('answer.noneOpen', { reason: renderReason(guide, first, { lang, profile: profile! }) })}\n` : '';
    return {
      intent: 'eligibility',
      answer: `${verdict}${t('ask.eligibility.general')}\n${lines.join('\n')}\n${t('ask.eligibility.generalMore')}`,
      clauses: uniq(general.map((c) => c.clause)),
    };
  }
  const parts: string[] = [];
  const clauses: string[] = [];
  const readings = new Set<number>();
  const whose = t(ctx.assumed ? 'ask.eligibility.assumed' : 'ask.eligibility.profile');
  for (const id of targets) {
    const { lines, clauses: cs } = conditionLines(ctx, id);
    clauses.push(...cs);
    let personal = '';
    if (profile && Object.keys(profile).some((k) => k !== 'intended')) {
      const v = checkProject(guide, profile, id);
      const known = v.reasons.map((r) => renderReason(guide, r, { lang, readings, profile })).join('\n   ');
      const lead = `\n${t('ask.eligibility.lead', { whose, known: describeKnown(ctx, profile) })}`;
      personal =
        v.verdict === 'eligible'
          ? t('ask.eligibility.yes', { lead })
          : `${t(v.verdict === 'ineligible' ? 'ask.eligibility.no' : 'ask.eligibility.unknown', { lead })}\n   ${known}`;
    }
    parts.push(`${t('ask.eligibility.project', { project: guide.projectName(id) })}\n${lines.join('\n')}${personal}`);
  }
  const footnote = renderReadings(guide, readings, lang);
  return { intent: 'eligibility', answer: [...parts, ...(footnote ? [footnote] : [])].join('\n\n'), clauses: uniq(clauses) };
}

function describeKnown(ctx: Ctx, profile: Profile): string {
  const { t } = ctx;
  const facts = (['evaluationGrade', 'assessmentLevel'] as const).map((f) => describeFactIn(t, profile, f, ctx.guide.projectName)).filter(Boolean);
  return facts.length ? t('ask.eligibility.youAre', { facts: facts.join(t('sep.list')) }) : t('ask.eligibility.known');
}

/** A project named with no topic: the passage that matches the question, then the short verdict. */
function overview(ctx: Ctx, named: ProjectId[], question = ''): Answer {
  const { t } = ctx;
  const e = eligibility(ctx, named);
  const quoted = projectPassage(ctx, named, question);
  const lead = quoted ? `${t('ask.overview.quote', { text: quoted.text, clause: quoted.clause })}\n\n` : '';
  return { intent: 'project', answer: `${lead}${e.answer}`, clauses: uniq([...(quoted ? [quoted.clause] : []), ...e.clauses]) };
}

/** "详情 X": every condition and thing to prepare, the deadlines and the checklist of one project. */
export function answerDetails(text: string, context: AskContext): Answer | undefined {
  const lang = context.lang ?? 'zh-CN';
  const ctx: Ctx = { ...context, lang, t: translator(lang) };
  const found = ctx.matcher.find(text, { groups: false });
  const typo = found.length ? undefined : (ctx.matcher.fuzzy(text) ?? ctx.matcher.best(text));
  const named = typo ? [typo] : found.length ? found : (context.topic?.projects ?? []);
  if (!named.length) return undefined;
  const e = eligibilityDetails(ctx, named);
  const d = deadline(ctx, named);
  const ev = evidence(ctx, named);
  return {
    intent: 'project',
    answer: [e.answer, d.answer, ev.answer].join('\n\n'),
    clauses: uniq([...e.clauses, ...d.clauses, ...ev.clauses]),
    projects: named,
  };
}

/**
 * A question about a project that names no topic ("科技评估需要委托协议吗"): the passage of that
 * project's own section that best matches the rest of the question, if any.
 */
function projectPassage(ctx: Ctx, named: ProjectId[], question: string): { text: string; clause: string } | undefined {
  const rest = ctx.matcher.mask(searchable(question)).replace(/□/g, ' ').trim();
  if (!ctx.search || !question || rest.replace(/[\s?？吗呢的了啊吧]/g, '').length < 2) return undefined;
  const sections = named.map((id) => projectSection(ctx.guide.project(id).clause)).filter((x): x is string => !!x);
  const hit = searchPassages(ctx.search, rest, 8).find((h) => sections.some((c) => h.passage.clause.startsWith(c)));
  if (!hit) return undefined;
  return { text: excerpt(hit.passage.text), clause: hit.passage.clause };
}

/** An English question is looked up in the guide's own words. */
const searchable = (question: string) => (hasEnglishWords(question) ? inGuideWords(question) : question);

const excerpt = (text: string) => (text.length > 220 ? `${text.slice(0, 220)}…` : text);

function fallback(question: string, ctx: Ctx): Answer {
  const { t } = ctx;
  // "要办多少场" about the salon just discussed: that project's own section first.
  const own = ctx.topic?.projects.length ? projectPassage(ctx, ctx.topic.projects, question) : undefined;
  if (own)
    return { intent: 'search', answer: t('ask.overview.quote', { text: own.text, clause: own.clause }), clauses: [own.clause], projects: ctx.topic!.projects };
  const hits = ctx.search ? searchPassages(ctx.search, searchable(question), 3) : [];
  const contactsText = contactLine(ctx);
  const canAnswer = t('ask.canAnswer');
  if (!hits.length) {
    return { intent: 'unknown', answer: `${t('ask.notFound', { canAnswer })}\n${contactsText}`, clauses: [ctx.guide.data.contacts.clause] };
  }
  const quoted = hits.map((h) => t('ask.search.quote', { text: excerpt(h.passage.text), clause: h.passage.clause }));
  return {
    intent: 'search',
    answer: `${t('ask.search.title')}\n${quoted.join('\n')}\n\n${canAnswer}\n${contactsText}`,
    clauses: uniq([...hits.map((h) => h.passage.clause), ctx.guide.data.contacts.clause]),
  };
}
