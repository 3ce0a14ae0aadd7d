import {
  addMonths,
  check,
  evidenceFor,
  FACTS,
  intentions,
  listDeadlines,
  missingFacts,
  type Fact,
  type Guide,
  type Profile,
  type ProjectId,
  type SearchIndex,
} from '../rules/index.js';
import { answerQuestion, classify } from './ask.js';
import { deadlinesCalendar } from './calendar.js';
import { describeFactIn, factLabel } from './facts-text.js';
import { translator, type Lang, type MessageKey, type Vars } from './i18n.js';
import {
  EN_UNSURE,
  englishCues,
  extractFacts,
  normalise,
  projectMatcher,
  STRONG_INTEND,
  UNSURE,
  type Extracted,
  type ProjectMatcher,
} from './parse.js';
import {
  ALL,
  categoriesQuestion,
  factQuestion,
  projectsQuestion,
  remindersQuestion,
  REMINDERS_ON,
  type QuestionDef,
} from './questions.js';
import { readingMark, renderCheck, renderDeadlines, renderEvidence, renderReadings, renderReason } from './render.js';
import { StaffDialogue } from './staff.js';
import { newState, type ChatState } from './state.js';
import type { Effect, HandlerContext, Incoming, Outcome, Reply } from './types.js';

/**
 * The conversation with one chat: commands, the interview, answers to free text.
 * Pure apart from the staff hook: state in, state and replies out.
 */
export class Conversation {
  readonly matcher: ProjectMatcher;

  constructor(
    readonly guide: Guide,
    readonly search?: SearchIndex,
  ) {
    this.matcher = projectMatcher(guide);
  }

  async handle(msg: Incoming, stored: ChatState, ctx: HandlerContext): Promise<Outcome> {
    const turn = new Turn(this, structuredClone(stored), ctx);
    turn.state.lastSeenAt = ctx.nowMs;
    turn.state.inactive = false;
    await turn.run(msg);
    turn.state.updatedAt = ctx.nowMs;
    return { state: turn.state, replies: turn.replies, effects: turn.effects };
  }
}

/** Which fact a correction names when it gives no value ("把年检改一下"). */
const FACT_KEYWORDS: Array<[RegExp, Fact]> = [
  [/评估/, 'assessmentLevel'],
  [/评价|等级|几等/, 'evaluationGrade'],
  [/年检/, 'annualInspectionPassed'],
  [/诚信|不良/, 'integrityIssues'],
  [/专职/, 'fullTimeStaff'],
  [/期刊|刊号/, 'cnJournal'],
  [/报备|奖项/, 'awardFiled'],
  [/专家/, 'medicalExperts'],
  [/往年|以前|之前.*项目|立项/, 'priorProjects'],
  [/单位类型|单位性质|类型/, 'orgType'],
];

/** The same in an English chat: "change grade to B", "correct inspection". */
const FACT_KEYWORDS_EN: Array<[RegExp, Fact]> = [
  [/assess/i, 'assessmentLevel'],
  [/grade|evaluat/i, 'evaluationGrade'],
  [/inspection/i, 'annualInspectionPassed'],
  [/integrity|misconduct/i, 'integrityIssues'],
  [/staff/i, 'fullTimeStaff'],
  [/journal/i, 'cnJournal'],
  [/award/i, 'awardFiled'],
  [/expert/i, 'medicalExperts'],
  [/prior|previous|earlier/i, 'priorProjects'],
  [/organi[sz]ation|org type|type/i, 'orgType'],
];
const EN_CORRECTION = /^(change|correct|set|update|fix|edit)\b/i;

class Turn {
  replies: Reply[] = [];
  effects: Effect[] = [];

  constructor(
    readonly conv: Conversation,
    public state: ChatState,
    readonly ctx: HandlerContext,
  ) {}

  get guide(): Guide {
    return this.conv.guide;
  }

  say(text: string, extra: Omit<Reply, 'text'> = {}) {
    this.replies.push({ text, ...extra });
  }

  get lang(): Lang {
    return this.state.lang;
  }

  /** The chat's texts, in its language at the time of speaking (/lang changes it mid-turn). */
  t(key: MessageKey, vars?: Vars): string {
    return translator(this.lang)(key, vars);
  }

  names(ids: readonly string[]): string {
    return ids.map(this.guide.projectName).join(this.t('sep.list'));
  }

  label(fact: Fact): string {
    return factLabel(translator(this.lang), fact);
  }

  describe(profile: Profile, fact: Fact): string | undefined {
    return describeFactIn(translator(this.lang), profile, fact, this.guide.projectName);
  }

  msg!: Incoming;

  staff(): StaffDialogue {
    return new StaffDialogue(this.guide, this.conv.matcher, this.ctx.staff, this.state, (text, extra) => this.say(text, extra), this.effects);
  }

  async run(msg: Incoming): Promise<void> {
    this.msg = msg;
    if (msg.choice) return this.onChoice(msg.choice);
    const text = normalise(msg.text ?? '');
    if (!text) return this.say(this.t('command.textOnly'));
    const command = /^[/／]([a-z_]+)(?:@\S+)?\s*(.*)$/is.exec(text);
    if (command) return this.onCommand(command[1]!.toLowerCase(), command[2]!.trim(), msg);
    return this.onText(text);
  }

  // ── commands ────────────────────────────────────────────────────────────

  async onCommand(name: string, args: string, msg: Incoming) {
    switch (name) {
      case 'start':
        this.say(this.t(this.state.stage === 'new' ? 'interview.welcome' : 'interview.continue'));
        // /start after skipped questions asks them again ("以后发送 /start 可以补答").
        const skipped = this.state.skipped.length > 0;
        this.state.skipped = [];
        if (skipped && this.state.pending?.ask === 'reminders') this.state.pending = undefined; // offered again at the end
        this.state.stage = this.state.stage === 'done' && !skipped ? 'done' : 'interview';
        return this.advance(true);
      case 'help':
        return this.say(this.t('help.text'));
      case 'profile':
        return this.say(this.profileSummary());
      case 'check':
        return this.showResult();
      case 'deadlines':
        return this.showDeadlines(args);
      case 'evidence':
        return this.showEvidence(args);
      case 'calendar':
        return this.sendCalendar();
      case 'reset': {
        const lang = this.state.lang;
        this.state = newState(this.ctx.nowMs);
        this.state.lang = lang;
        this.say(this.t('reset.done'));
        return;
      }
      case 'lang': {
        const lang = /^en/i.test(args) ? 'en' : /^zh|中文|cn/i.test(args) ? 'zh-CN' : undefined;
        if (!lang) return this.say(this.t('lang.usage'));
        this.state.lang = lang;
        return this.say(this.t('lang.switched'));
      }
      case 'remind': {
        const on = /^(on|开|开启|打开|是|1)$/i.test(args) ? true : /^(off|关|关闭|否|0)$/i.test(args) ? false : undefined;
        if (on === undefined) return this.say(this.t('remind.status', { state: this.t(this.remindersOn() ? 'remind.status.on' : 'remind.status.off') }));
        return this.setReminders(on);
      }
      case 'skip':
        if (this.state.pending) {
          if (!this.state.skipped.includes(this.state.pending.ask)) this.state.skipped.push(this.state.pending.ask);
          this.state.pending = undefined;
          this.say(this.t('interview.skipped'));
          return this.advance();
        }
        return this.say(this.t('interview.nothingPending'));
      case 'cancel':
        if (this.staff().isStaffStep(this.state.pending?.ask)) return this.staff().onText(this.state.pending!.ask, '/cancel', msg);
        this.state.pending = undefined;
        return this.say(this.t('command.cancelled'));
      default:
        if (await this.staff().command(name, args, msg)) return;
        return this.say(this.t('command.unknown', { name }));
    }
  }

  // ── buttons ─────────────────────────────────────────────────────────────

  onChoice(choice: NonNullable<Incoming['choice']>): void | Promise<void> {
    const pending = this.state.pending;
    if (!pending || pending.id !== choice.question) {
      this.say(this.t('interview.stale'));
      return this.advance(true);
    }
    const staff = this.staff();
    if (staff.isStaffStep(pending.ask)) {
      const value = choice.values[0];
      if (value === undefined || !staff.options(pending.ask).some((o) => o.value === value)) return this.say(this.t('interview.invalidOption'));
      return staff.pick(pending.ask, value, this.msg);
    }
    const def = this.questionFor(pending.ask);
    if (!def) {
      this.state.pending = undefined;
      return this.advance();
    }
    const valid = choice.values.filter((v) => def.options.some((o) => o.value === v));
    if (valid.length !== choice.values.length) {
      this.say(this.t('interview.invalidOption'));
      return this.askPending(def);
    }
    if (def.mode === 'multi' && choice.action === 'toggle') {
      const value = valid[0];
      if (value === undefined) return this.askPending(def);
      pending.selected = pending.selected.includes(value) ? pending.selected.filter((v) => v !== value) : [...pending.selected, value];
      return this.askPending(def, true);
    }
    const values = def.mode === 'multi' && choice.action === 'done' ? pending.selected : valid;
    return this.answer(pending.ask, def, values);
  }

  // ── free text ───────────────────────────────────────────────────────────

  onText(text: string): void | Promise<void> {
    const staff = this.staff();
    if (staff.isStaffStep(this.state.pending?.ask)) return staff.onText(this.state.pending!.ask, text, this.msg);
    if (/^(你好|您好|hi|hello|嗨|在吗|开始)[!！。.？?]*$/i.test(text)) {
      return this.run({ ...this.msg, text: '/start' });
    }
    const english = this.lang === 'en';
    if ((UNSURE.test(text) || (english && EN_UNSURE.test(text))) && this.state.pending) return this.onCommand('skip', '', this.msg);
    // "啊？", "什么意思": lost on the question asked, so explain the choices rather than search the guide.
    const lost = /^(啊|嗯|哦|额|呃|蛤|哈|什么|啥|嗯哼)?[?？]+$|^(这是)?(什么|啥)意思|^(不懂|没懂|看不懂|听不懂)/.test(text) || (english && /^(huh|what|sorry|pardon)?\s*[?？]+$|^what do you mean|^i don'?t understand/i.test(text));
    if (this.state.pending && lost) {
      const def = this.questionFor(this.state.pending.ask);
      if (def) {
        this.say(this.t('interview.explain', { hint: def.hint }));
        return this.askPending(def);
      }
    }
    if (english && EN_CORRECTION.test(text)) {
      const fact = FACT_KEYWORDS_EN.find(([re]) => re.test(text))?.[1];
      if (fact) return this.correctInEnglish(fact, text);
    }
    if (/^(如果|假如|要是|假设|若|万一)/.test(text)) return this.whatIf(text);
    const reminder = /(开启|打开|关闭|取消|不要|需要|要)(截止)?提醒/.exec(text);
    if (reminder && !this.state.pending) return this.setReminders(!/关闭|取消|不要|不需要|不用|别/.test(text));
    const removal = /(去掉|删掉|删除|不报|不申报|不想报|取消|放弃)(了)?/.test(text) ? this.conv.matcher.find(text, { groups: false }) : [];
    if (removal.length && removal.some((id) => intentions(this.state.profile).some((i) => i.project === id))) return this.removeIntended(removal);

    const pending = this.state.pending;
    const correcting = /改成|改为|改一下|更正|修改|应该是|弄错|说错|搞错|填错|不对|错了|其实是/.test(text);
    const facts = extractFacts(english ? englishCues(text) : text, this.conv.matcher, this.guide.year);
    const stated = Object.keys(facts.profile);
    // "我们其实是B等，能报联合体吗？": a correction and a question; both are handled.
    const question = this.isQuestion(text, facts) && (!correcting || stated.length > 0);
    if (pending && !correcting && !question) {
      const def = this.questionFor(pending.ask);
      const choosing = pending.ask === 'categories' || pending.ask.startsWith('projects:');
      const others = stated.filter((f) => f !== pending.ask);
      // More than the answer ("省级学会，我们想报标准制定"): everything goes through learn() below.
      const more = others.length > 0 || facts.intended.length > 0 || !!facts.eventDate;
      if (def && !choosing && !more) {
        const change = def.parse(text);
        if (change) return this.applyAnswer(pending.ask, change);
      } else if (def && !choosing && !stated.includes(pending.ask)) {
        // "合格，我们是省级学会": the parts that state nothing else may still answer the question asked.
        const rest = text
          .split(/[，,。；;！!\n]/)
          .filter((c) => {
            const f = extractFacts(c, this.conv.matcher, this.guide.year);
            return c.trim() && !Object.keys(f.profile).length && !f.intended.length && !f.eventDate;
          })
          .join('，');
        const change = rest ? def.parse(rest) : undefined;
        if (change) Object.assign(facts.profile, change);
      }
      if (def && choosing && !stated.length && !facts.eventDate && this.chooseByText(pending.ask, text, def)) return;
    }
    if (question) return this.answerWithFacts(text, facts, correcting);
    const learned = this.learn(facts.profile, facts.intended, facts.eventDate, correcting);
    if (!facts.intended.length && facts.vague.length && !correcting) {
      this.askWhichOf(facts.vague);
      if (!learned) return;
    }
    if (learned) return this.advance();
    if (correcting) {
      // "把年检改一下": the field is named but not the new value, so ask that question again.
      const fact = FACT_KEYWORDS.find(([re]) => re.test(text))?.[1];
      const def = fact && this.questionFor(fact);
      if (fact && def) return this.reask(fact, def);
      return this.say(this.t('correction.unclear'));
    }
    if (pending && !classify(text, this.conv.matcher, this.lang) && !this.conv.matcher.find(text).length) {
      const def = this.questionFor(pending.ask);
      if (def) {
        this.say(this.t('interview.notUnderstood', { hint: def.hint }));
        return this.askPending(def);
      }
    }
    this.answerFreeText(text);
    this.reaskPending();
  }

  /** Ask a fact's question again, saying what is recorded now ("把年检改一下"). */
  reask(fact: Fact, def: QuestionDef) {
    this.state.seq += 1;
    this.state.pending = { id: `${fact}#${this.state.seq}`, ask: fact, selected: [] };
    const now = this.describe(this.state.profile, fact);
    return this.askPending(def, false, now ? this.t('interview.nowRecorded', { value: now }) : '');
  }

  /** "change grade to B": the new value when it can be read, else the question again. */
  correctInEnglish(fact: Fact, text: string) {
    const def = this.questionFor(fact);
    if (!def) return this.say(this.t('correction.unclear'));
    const value = text.replace(/^.*?\b(to|is|as|=)\s+/i, '').replace(EN_CORRECTION, '').trim();
    const change = value && value !== text ? def.parse(value) : undefined;
    if (change && this.learn(change, [], undefined, true)) return this.advance();
    return this.reask(fact, def);
  }

  looksLikeQuestion(text: string): boolean {
    if (this.lang === 'en' && /^(what|when|where|which|who|how|can|could|may|do|does|is|are|should|will)\b/i.test(text)) return true;
    return /[?？]|吗[。.!！~]*$|呢[。.!！~]*$|什么|怎么|咋|哪里|哪儿|哪些|哪个|几[个号天月点项AaＡ等]|多少|能不能|可不可以|是否|是不是|有没有|要不要|需不需要|能否|可否|何时|多久/.test(text);
  }

  /**
   * A question rather than an answer or a statement: it asks, or it names a topic ("标准制定截止时间",
   * "联系人") without stating anything about the society.
   */
  isQuestion(text: string, facts: Extracted): boolean {
    if (this.looksLikeQuestion(text)) return true;
    const states = Object.keys(facts.profile).length > 0 || facts.intended.length > 0 || !!facts.eventDate;
    return !states && !!classify(text, this.conv.matcher, this.lang);
  }

  /**
   * A question that also carries facts. About the society itself ("我们是B等，能报一流学会吗？"):
   * the facts are kept and the question answered with them. Otherwise ("C等能报一流学会吗？") the
   * facts only shape this answer; the profile is not touched.
   */
  answerWithFacts(text: string, facts: Extracted, correcting = false) {
    const stated = Object.keys(facts.profile) as Fact[];
    const self = correcting || /我们|我会|本会|我学会|咱们|我单位|本单位|我方|我司/.test(text);
    const intends = STRONG_INTEND.test(text);
    const intended = self && intends ? facts.intended : [];
    if (self && (stated.length || intended.length || facts.eventDate)) {
      this.learn(facts.profile, intended, facts.eventDate, correcting);
      this.answerFreeText(text);
    } else if (stated.length) {
      const copy: Profile = { ...this.state.profile, ...facts.profile };
      const what = stated.map((f) => this.describe(copy, f)).join(this.t('sep.list'));
      this.say(this.t('learn.assumed', { facts: what }));
      this.answerFreeText(text, copy);
    } else {
      this.answerFreeText(text);
    }
    if (this.state.pending) return this.reaskPending();
    if (this.state.stage === 'interview') this.advance();
  }

  reaskPending() {
    if (!this.state.pending) return;
    const def = this.questionFor(this.state.pending.ask);
    if (def) this.askPending(def, false, this.t('interview.reaskPrefix'));
  }

  /** "想报一流平台": the group has several sub-projects, so ask which, by the category's buttons. */
  askWhichOf(ids: ProjectId[]) {
    const categories = this.guide.data.categories.filter((c) => c.projects.some((p) => ids.includes(p)));
    this.say(this.t('interview.whichSubProject', { names: ids.map(this.guide.projectName).join(this.t('sep.quoted')) }));
    this.state.pending = undefined;
    this.state.queue = [...categories.map((c) => `projects:${c.id}`), ...this.state.queue.filter((q) => !categories.some((c) => q === `projects:${c.id}`))];
    if (this.state.stage === 'new') this.state.stage = 'interview';
  }

  removeIntended(ids: ProjectId[]) {
    const kept = intentions(this.state.profile).filter((i) => !ids.includes(i.project));
    this.state.profile.intended = kept.map((i) => (i.count === 1 ? i.project : i));
    this.say(this.t('interview.removed', { removed: this.names(ids), kept: this.names(kept.map((i) => i.project)) || this.t('common.noneChosen') }));
    if (this.state.pending && !this.state.pending.ask.startsWith('projects:') && this.state.pending.ask !== 'categories') return this.reaskPending();
    this.state.pending = undefined;
    this.advance();
  }

  /** Categories or projects typed as text instead of tapped. */
  chooseByText(ask: string, text: string, def: QuestionDef): boolean {
    const projects = this.conv.matcher.find(text, { groups: false });
    if (ask === 'categories') {
      if (/全部|都看|没想好|不确定|还不知道|都要|所有/.test(text) || (this.lang === 'en' && /\b(all|everything|not sure|undecided)\b/i.test(text))) {
        this.answer(ask, def, [ALL]);
        return true;
      }
      const categories = def.options.filter((o) => o.value !== ALL && text.includes(o.label)).map((o) => o.value);
      if (projects.length) {
        this.setIntended(projects);
        this.state.pending = undefined;
        this.state.queue = [];
        this.confirmIntended();
        this.advance();
        return true;
      }
      if (categories.length) {
        this.answer(ask, def, categories);
        return true;
      }
      const vague = this.conv.matcher.find(text);
      if (vague.length) {
        this.askWhichOf(vague);
        this.advance();
        return true;
      }
      return false;
    }
    const change = def.parse(text);
    if (change?.intended?.length) {
      this.applyAnswer(ask, change);
      return true;
    }
    return false;
  }

  /** `profile`: answer for this profile instead of the stored one (a question's own assumptions). */
  answerFreeText(text: string, profile?: Profile) {
    const answer = answerQuestion(text, {
      guide: this.guide,
      matcher: this.conv.matcher,
      nowMs: this.ctx.nowMs,
      profile: profile ?? (this.hasFacts() ? this.state.profile : undefined),
      ...(profile && { assumed: true }),
      eventDates: this.state.eventDates,
      ...(this.conv.search && { search: this.conv.search }),
      lang: this.lang,
    });
    this.say(answer.answer);
  }

  // ── the interview ───────────────────────────────────────────────────────

  questionFor(ask: string): QuestionDef | undefined {
    if (ask === 'reminders') return remindersQuestion(this.lang);
    if (ask === 'categories') return categoriesQuestion(this.guide, this.lang);
    if (ask.startsWith('projects:')) return projectsQuestion(this.guide, ask.slice('projects:'.length), this.conv.matcher, this.lang);
    if ((FACTS as readonly string[]).includes(ask)) return factQuestion(ask as Fact, this.guide, this.conv.matcher, this.lang);
    return undefined;
  }

  /** The projects the interview is about: the intended ones, or all when none were chosen. */
  focus(): ProjectId[] {
    const intended = intentions(this.state.profile).map((i) => i.project);
    return intended.length ? intended : [...this.guide.projectIds];
  }

  nextStep(): string | undefined {
    if (this.state.queue.length) return this.state.queue[0];
    if (this.state.stage !== 'done' && !this.state.profile.intended && !this.state.skipped.includes('categories') && !this.state.focus.length) {
      return 'categories';
    }
    const missing = missingFacts(this.guide, this.state.profile, this.focus()).filter((m) => !this.state.skipped.includes(m.fact));
    return missing[0]?.fact;
  }

  /** Ask the next thing the verdicts still need, or show the result when nothing is left. */
  advance(repeat = false): void {
    if (this.state.pending && repeat) {
      const def = this.questionFor(this.state.pending.ask);
      if (def) return this.askPending(def);
    }
    const step = this.nextStep();
    if (!step) {
      const wasInterview = this.state.stage !== 'done';
      // A change after the interview (a correction, a project added) keeps the reminders offer open.
      const offer = this.state.pending?.ask === 'reminders' ? this.state.pending : undefined;
      this.state.pending = undefined;
      this.state.stage = 'done';
      if (wasInterview) return this.showResult(true);
      // After the interview, a change gets the verdicts only, not every deadline and checklist again.
      if (!repeat) this.showResult(false, true);
      else this.say(this.t('interview.complete'));
      if (offer) {
        this.state.pending = offer;
        this.reaskPending();
      }
      return;
    }
    if (this.state.stage === 'new') this.state.stage = 'interview';
    if (this.state.pending?.ask === step) {
      const def = this.questionFor(step);
      if (def) return this.askPending(def);
    }
    const def = this.questionFor(step);
    if (!def) {
      this.state.queue = this.state.queue.filter((q) => q !== step);
      return this.advance();
    }
    this.state.seq += 1;
    this.state.pending = { id: `${step}#${this.state.seq}`, ask: step, selected: [] };
    this.askPending(def);
  }

  askPending(def: QuestionDef, update = false, prefix = '') {
    const pending = this.state.pending!;
    const remaining = def.mode === 'multi' && !/多选|choose any number/i.test(def.text) ? this.t('interview.multiHint') : '';
    const selected = pending.selected.map((v) => def.options.find((o) => o.value === v)?.label ?? v).join(this.t('sep.list')) || this.t('interview.selectedNone');
    this.say(update ? this.t('interview.selected', { question: def.text, list: selected }) : `${prefix}${def.text}${remaining}`, {
      question: { id: pending.id, mode: def.mode, options: def.options, selected: [...pending.selected] },
      ...(update && { update: true }),
    });
  }

  /** Button values for the pending step. */
  answer(ask: string, def: QuestionDef, values: string[]) {
    if (ask === 'categories') {
      this.state.pending = undefined;
      if (values.includes(ALL) || values.length === 0) {
        this.state.focus = [...this.guide.projectIds];
        this.state.skipped = this.state.skipped.filter((s) => s !== 'categories');
        this.say(this.t('interview.allProjects', { n: this.guide.projectIds.length }));
      } else {
        this.state.queue = values.map((c) => `projects:${c}`);
      }
      return this.advance();
    }
    const change = def.parse(values);
    if (!change) {
      this.say(this.t('interview.notUnderstood', { hint: def.hint }));
      return this.askPending(def);
    }
    this.applyAnswer(ask, change);
  }

  applyAnswer(ask: string, change: Partial<Profile>) {
    this.state.pending = undefined;
    if (ask === 'reminders') return this.setReminders(change === REMINDERS_ON);
    if (ask.startsWith('projects:')) {
      this.state.queue = this.state.queue.filter((q) => q !== ask);
      const chosen = (change.intended ?? []) as ProjectId[];
      const others = intentions(this.state.profile).filter((i) => !this.guide.data.categories.find((c) => `projects:${c.id}` === ask)?.projects.includes(i.project));
      this.state.profile.intended = [...others.map((i) => (i.count === 1 ? i.project : i)), ...chosen];
      if (!this.state.queue.length) this.confirmIntended();
      return this.advance();
    }
    Object.assign(this.state.profile, change);
    const fact = Object.keys(change)[0] as Fact;
    this.say(this.t('interview.recorded', { label: this.label(fact), value: this.describe(this.state.profile, fact) ?? '' }));
    this.advance();
  }

  setIntended(projects: ProjectId[]) {
    const existing = intentions(this.state.profile).map((i) => (i.count === 1 ? i.project : i));
    const add = projects.filter((p) => !existing.some((e) => (typeof e === 'string' ? e : e.project) === p));
    this.state.profile.intended = [...existing, ...add];
  }

  confirmIntended() {
    const ids = intentions(this.state.profile).map((i) => i.project);
    this.say(ids.length ? this.t('interview.intended', { list: this.names(ids) }) : this.t('interview.noIntended', { n: this.guide.projectIds.length }));
  }

  /** Stores what a free-text message stated; says back what was understood. */
  learn(profile: Profile, intended: ProjectId[], eventDate: string | undefined, correcting: boolean): boolean {
    const understood: string[] = [];
    for (const [key, value] of Object.entries(profile) as Array<[Fact, never]>) {
      const before = this.state.profile[key];
      this.state.profile[key] = value;
      this.state.skipped = this.state.skipped.filter((s) => s !== key);
      const shown = this.describe(this.state.profile, key) ?? '';
      const label = this.label(key);
      if (correcting && before !== undefined && JSON.stringify(before) !== JSON.stringify(value)) {
        understood.push(this.t('learn.changed', { label, before: this.describe({ [key]: before }, key) ?? '', after: shown }));
      } else understood.push(this.t('learn.fact', { label, value: shown }));
    }
    if (intended.length) {
      if (correcting) this.state.profile.intended = intended;
      else this.setIntended(intended);
      this.state.queue = [];
      understood.push(this.t('learn.intended', { list: this.names(intentions(this.state.profile).map((i) => i.project)) }));
    }
    if (eventDate) {
      // Not yet planning an event-based project: keep the date for all of them, to count once one is chosen.
      const relative = this.guide.deadlines.flatMap((d) => ('afterEvent' in d ? [d] : []));
      const intendedTargets = this.eventProjects();
      const targets = intendedTargets.length ? intendedTargets : [...new Set(relative.flatMap((d) => d.projects))];
      for (const id of targets) this.state.eventDates[id] = eventDate;
      const due = relative[0] ? addMonths(eventDate, relative[0].afterEvent.months) : undefined;
      understood.push(
        this.t('learn.eventDate', { date: eventDate }) +
          (due ? this.t('learn.eventDue', { due }) : '') +
          (intendedTargets.length ? this.t('learn.eventCounted') : this.t('learn.eventLater', { list: this.names(targets) })),
      );
    }
    if (!understood.length) return false;
    if (this.state.pending && (Object.keys(profile).includes(this.state.pending.ask) || (intended.length && /^(categories|projects:)/.test(this.state.pending.ask)))) {
      this.state.pending = undefined;
    }
    this.say(`${this.t(correcting ? 'learn.corrected' : 'learn.understood')}\n${understood.map((text) => this.t('common.bullet', { text })).join('\n')}`);
    if (this.state.stage === 'new') this.state.stage = 'interview';
    return true;
  }

  /** Intended projects whose deadlines count from the event day. */
  eventProjects(): ProjectId[] {
    const relative = this.guide.deadlines.filter((d) => 'afterEvent' in d).flatMap((d) => d.projects);
    const intended = intentions(this.state.profile).map((i) => i.project).filter((id) => relative.includes(id));
    return intended.length ? intended : [];
  }

  whatIf(text: string) {
    const facts = extractFacts(text, this.conv.matcher, this.guide.year);
    // "如果再报一个科普学会呢": a project named in a what-if is one more intended project.
    if (!facts.intended.length && !Object.keys(facts.profile).length) facts.intended = this.conv.matcher.find(text, { groups: false });
    const changed = Object.keys(facts.profile).length > 0 || facts.intended.length > 0;
    if (!changed) return this.say(this.t('whatIf.unclear'));
    const copy: Profile = { ...this.state.profile, ...facts.profile };
    if (facts.intended.length) copy.intended = [...(copy.intended ?? []), ...facts.intended];
    const before = check(this.guide, this.state.profile);
    const after = check(this.guide, copy);
    const assumed = (Object.keys(facts.profile) as Fact[]).map((f) => this.t('whatIf.fact', { label: this.label(f), value: this.describe(copy, f) ?? '' }));
    const lines = [this.t('whatIf.assumed', { what: assumed.join(this.t('sep.list')) || this.names(facts.intended) })];
    const changes = this.guide.projectIds.filter((id) => before.projects[id].verdict !== after.projects[id].verdict);
    const verdict = (v: 'eligible' | 'ineligible' | 'unknown') => this.t(`verdict.${v}`);
    if (!changes.length) lines.push(this.t('whatIf.noChange'));
    for (const id of changes) {
      lines.push(this.t('whatIf.change', { project: this.guide.projectName(id), before: verdict(before.projects[id].verdict), after: verdict(after.projects[id].verdict) }));
    }
    const focus = intentions(copy).map((i) => i.project);
    const readings = new Set<number>();
    for (const id of focus) {
      const v = after.projects[id];
      if (v.verdict === 'eligible') continue;
      const reasons = v.reasons.map((r) => renderReason(this.guide, r, { lang: this.lang, readings, profile: copy })).join(this.t('sep.semi'));
      lines.push(this.t(changes.includes(id) ? 'whatIf.will' : 'whatIf.still', { project: this.guide.projectName(id), verdict: verdict(v.verdict), reasons }));
    }
    if (after.conflicts.length) {
      const list = after.conflicts.map((c) => `${this.t('common.cite', { text: c.text, clause: c.clause })}${c.reading ? readingMark(this.guide, c.reading, this.lang, readings) : ''}`);
      lines.push(this.t('whatIf.conflicts', { list: list.join(this.t('sep.semi')) }));
    }
    const footnote = renderReadings(this.guide, readings, this.lang);
    this.say(footnote ? `${lines.join('\n')}\n\n${footnote}` : lines.join('\n'));
  }

  // ── results ─────────────────────────────────────────────────────────────

  hasFacts(): boolean {
    return Object.keys(this.state.profile).some((k) => k !== 'intended');
  }

  profileSummary(): string {
    const t = translator(this.lang);
    const lines = [t('profile.title')];
    for (const fact of FACTS) lines.push(t('profile.fact', { label: this.label(fact), value: this.describe(this.state.profile, fact) ?? t('profile.unset') }));
    const intended = intentions(this.state.profile).map((i) => `${this.guide.projectName(i.project)}${i.count > 1 ? `×${i.count}` : ''}`);
    lines.push(t('profile.intended', { list: intended.join(t('sep.list')) || t('common.noneChosen') }));
    const byDate = new Map<string, string[]>();
    for (const [id, date] of Object.entries(this.state.eventDates)) byDate.set(date, [...(byDate.get(date) ?? []), id]);
    for (const [date, ids] of byDate) lines.push(t('profile.eventDate', { date, list: this.names(ids) }));
    lines.push(t('profile.reminders', { state: t(this.remindersOn() ? 'profile.reminders.on' : 'profile.reminders.off') }));
    lines.push(t('profile.howToEdit'));
    return lines.join('\n');
  }

  /** `compact`: the verdicts and conflicts only, with a pointer to /deadlines and /evidence. */
  showResult(offerReminders = false, compact = false) {
    const profile = this.state.profile;
    const result = check(this.guide, profile);
    const text = renderCheck(this.guide, result, profile, { lang: this.lang, nowMs: this.ctx.nowMs });
    const readingsUsed = new Set<number>();
    const intended = intentions(profile).map((i) => i.project);
    const deadlines = intended.flatMap((project) => {
      const eventDate = this.state.eventDates[project];
      return listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project, ...(eventDate && { eventDate }) });
    });
    const evidence = intended.map((id) => evidenceFor(this.guide, id));
    if (compact) {
      const more = intended.length ? `\n\n${this.t('result.more')}` : '';
      return this.say(`${text}${more}`, { result: { check: result, profile, deadlines, evidence } });
    }
    this.say(text, { result: { check: result, profile, deadlines, evidence } });
    for (const id of intended) {
      const eventDate = this.state.eventDates[id];
      const list = listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project: id, ...(eventDate && { eventDate }) });
      list.forEach((d) => d.reading && readingsUsed.add(d.reading));
      this.say(`${this.heading(id)}\n${renderDeadlines(this.guide, list, this.ctx.nowMs, { lang: this.lang })}\n\n${renderEvidence(this.guide, evidenceFor(this.guide, id), this.lang)}`);
    }
    if (!intended.length) this.say(this.t('result.noIntended'));
    const unknown = this.guide.projectIds.filter((id) => result.projects[id].verdict === 'unknown' && (intended.length === 0 || intended.includes(id)));
    if (unknown.length && this.state.skipped.length) this.say(this.t('result.skipped'));
    if (offerReminders && this.state.reminders === undefined) {
      this.state.seq += 1;
      this.state.pending = { id: `reminders#${this.state.seq}`, ask: 'reminders', selected: [] };
      this.askPending(remindersQuestion(this.lang));
    }
  }

  remindersOn(): boolean {
    return this.state.reminders ?? this.state.stage === 'done';
  }

  setReminders(on: boolean) {
    this.state.reminders = on;
    this.effects.push({ type: 'reminders', enabled: on });
    this.say(this.t(on ? 'remind.enabled' : 'remind.disabled'));
  }

  heading(id: ProjectId): string {
    return this.t('common.projectHeading', { project: this.guide.projectName(id) });
  }

  showDeadlines(args: string) {
    const found = this.conv.matcher.find(args);
    const named = found.length ? found : args ? [this.conv.matcher.best(args)].filter((x): x is ProjectId => !!x) : [];
    if (args && !named.length) return this.say(this.t('project.notFound', { name: args, command: 'deadlines' }));
    const targets = named.length ? named : intentions(this.state.profile).map((i) => i.project);
    if (!targets.length) {
      const list = listDeadlines(this.guide, { nowMs: this.ctx.nowMs });
      return this.say(renderDeadlines(this.guide, list, this.ctx.nowMs, { lang: this.lang, showProjects: true }));
    }
    for (const id of targets) {
      const eventDate = this.state.eventDates[id];
      const list = listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project: id, ...(eventDate && { eventDate }) });
      this.say(`${this.heading(id)}\n${renderDeadlines(this.guide, list, this.ctx.nowMs, { lang: this.lang })}`);
    }
  }

  showEvidence(args: string) {
    const found = args ? this.conv.matcher.find(args) : [];
    const named = found.length ? found : args ? [this.conv.matcher.best(args)].filter((x): x is ProjectId => !!x) : [];
    const targets = named.length ? named : intentions(this.state.profile).map((i) => i.project);
    if (args && !named.length) return this.say(this.t('project.notFound', { name: args, command: 'evidence' }));
    if (!targets.length) return this.say(this.t('evidence.askProject'));
    for (const id of targets) this.say(renderEvidence(this.guide, evidenceFor(this.guide, id), this.lang));
  }

  sendCalendar() {
    const intended = intentions(this.state.profile).map((i) => i.project);
    const projects = intended.length ? intended : [...this.guide.projectIds];
    const content = deadlinesCalendar(this.guide, projects, { nowMs: this.ctx.nowMs, eventDates: this.state.eventDates, uidPrefix: this.guide.id, lang: this.lang });
    this.say(this.t('calendar.sent', { which: this.t(intended.length ? 'calendar.intended' : 'calendar.all') }), {
      file: { name: 'shenbao-deadlines.ics', mime: 'text/calendar', content },
    });
  }
}
