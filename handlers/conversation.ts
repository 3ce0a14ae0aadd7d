import {
  addMonths,
  check,
  describeFact,
  evidenceFor,
  FACT_LABELS,
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
import { extractFacts, normalise, projectMatcher, STRONG_INTEND, UNSURE, type Extracted, type ProjectMatcher } from './parse.js';
import { ALL, categoriesQuestion, factQuestion, projectsQuestion, type QuestionDef } from './questions.js';
import { renderCheck, renderDeadlines, renderEvidence, renderReadings, renderReason } from './render.js';
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

const HELP = [
  '我是申报助手，帮省级学会看懂《2022年度提升计划项目指南》：能不能报、冲不冲突、什么时候截止、要交什么材料。',
  '直接用中文问我就行，比如：',
  '· “一流学会有什么条件”“标准制定什么时候截止”“科技评估要交什么材料”',
  '· “品牌学术和特色学术能一起报吗”“纸质材料寄到哪里”“联系人电话”',
  '· “如果我们是B等呢？”（只做假设，不改档案）“等级改成B”（修改档案）“去掉特色学术交流”“再加上一流学术学会”',
  '命令：/start 开始或继续问答　/profile 查看档案　/check 查看结果　/deadlines 截止时间',
  '/evidence 材料清单　/calendar 导出日历（.ics）　/remind on|off 截止提醒　/reset 清空重来　/lang en|zh 切换语言',
].join('\n');

const HELP_EN = [
  'I am 申报助手 (Application Assistant) for the JSAST 2022 programme guide: eligibility, conflicts, deadlines and evidence.',
  'Ask in Chinese or use the commands: /start interview, /profile, /check, /deadlines, /evidence, /calendar, /remind on|off, /reset, /lang zh|en.',
  'Answers quote the guide in Chinese, with the clause they rely on.',
];

const REMINDERS_ON = { reminders: true } as unknown as Partial<Profile>;
const REMINDERS_OFF = { reminders: false } as unknown as Partial<Profile>;
/** Offered once at the end of the interview; its answer sets the chat's reminders, not the profile. */
const REMINDERS_QUESTION: QuestionDef = {
  text: '要不要开启截止提醒？截止前7天、3天、1天和当天上午提醒你们。随时可以 /remind off 关闭。',
  hint: '请回答“开启”或“不用了”。',
  mode: 'single',
  options: [
    { value: 'on', label: '开启提醒' },
    { value: 'off', label: '不用了' },
  ],
  parse: (v) => {
    const answer = Array.isArray(v) ? v[0] === 'on' : /开启|打开|要|好|需要|是|on/i.test(v) && !/不|关|off/i.test(v) ? true : /不|关|off|否/i.test(v) ? false : undefined;
    return answer === undefined ? undefined : answer ? REMINDERS_ON : REMINDERS_OFF;
  },
};

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

  msg!: Incoming;

  staff(): StaffDialogue {
    return new StaffDialogue(this.guide, this.conv.matcher, this.ctx.staff, this.state, (text, extra) => this.say(text, extra), this.effects);
  }

  async run(msg: Incoming): Promise<void> {
    this.msg = msg;
    if (msg.choice) return this.onChoice(msg.choice);
    const text = normalise(msg.text ?? '');
    if (!text) return this.say('请发送文字消息。发送 /help 查看我能做什么。');
    const command = /^[/／]([a-z_]+)(?:@\S+)?\s*(.*)$/is.exec(text);
    if (command) return this.onCommand(command[1]!.toLowerCase(), command[2]!.trim(), msg);
    return this.onText(text);
  }

  // ── commands ────────────────────────────────────────────────────────────

  async onCommand(name: string, args: string, msg: Incoming) {
    switch (name) {
      case 'start':
        if (this.state.stage === 'new') this.say('你好！我是申报助手。先了解一下学会的情况，几个问题就好，每题都可以点按钮或直接打字。随时可以问我问题，或发送 /help。');
        else this.say('我们继续。');
        // /start after skipped questions asks them again ("以后发送 /start 可以补答").
        const skipped = this.state.skipped.length > 0;
        this.state.skipped = [];
        if (skipped && this.state.pending?.ask === 'reminders') this.state.pending = undefined; // offered again at the end
        this.state.stage = this.state.stage === 'done' && !skipped ? 'done' : 'interview';
        return this.advance(true);
      case 'help':
        return this.say(this.state.lang === 'en' ? HELP_EN.join('\n') : HELP);
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
        this.say('已清空你们的档案。发送 /start 重新开始。');
        return;
      }
      case 'lang': {
        const lang = /^en/i.test(args) ? 'en' : /^zh|中文|cn/i.test(args) ? 'zh-CN' : undefined;
        if (!lang) return this.say('用法：/lang zh 或 /lang en（Usage: /lang zh | /lang en）');
        this.state.lang = lang;
        return this.say(lang === 'en' ? 'Language: English. The guide itself is quoted in Chinese.' : '已切换为中文。');
      }
      case 'remind': {
        const on = /^(on|开|开启|打开|是|1)$/i.test(args) ? true : /^(off|关|关闭|否|0)$/i.test(args) ? false : undefined;
        if (on === undefined) return this.say(`截止提醒目前${this.remindersOn() ? '已开启' : '未开启'}。用法：/remind on 或 /remind off`);
        return this.setReminders(on);
      }
      case 'skip':
        if (this.state.pending) {
          if (!this.state.skipped.includes(this.state.pending.ask)) this.state.skipped.push(this.state.pending.ask);
          this.state.pending = undefined;
          this.say('好的，这一题先跳过，相关项目会标为“还需确认”。以后发送 /start 可以补答。');
          return this.advance();
        }
        return this.say('现在没有待回答的问题。');
      case 'cancel':
        if (this.staff().isStaffStep(this.state.pending?.ask)) return this.staff().onText(this.state.pending!.ask, '/cancel', msg);
        this.state.pending = undefined;
        return this.say('好的。发送 /start 继续问答，或直接问我问题。');
      default:
        if (await this.staff().command(name, args, msg)) return;
        return this.say(`不认识的命令 /${name}。发送 /help 查看可用命令。`);
    }
  }

  // ── buttons ─────────────────────────────────────────────────────────────

  onChoice(choice: NonNullable<Incoming['choice']>): void | Promise<void> {
    const pending = this.state.pending;
    if (!pending || pending.id !== choice.question) {
      this.say('这个问题已经过期了，请回答最新的问题。');
      return this.advance(true);
    }
    const staff = this.staff();
    if (staff.isStaffStep(pending.ask)) {
      const value = choice.values[0];
      if (value === undefined || !staff.options(pending.ask).some((o) => o.value === value)) return this.say('这个选项无效，请从按钮中选择。');
      return staff.pick(pending.ask, value, this.msg);
    }
    const def = this.questionFor(pending.ask);
    if (!def) {
      this.state.pending = undefined;
      return this.advance();
    }
    const valid = choice.values.filter((v) => def.options.some((o) => o.value === v));
    if (valid.length !== choice.values.length) {
      this.say('这个选项无效，请从按钮中选择。');
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
    if (UNSURE.test(text) && this.state.pending) return this.onCommand('skip', '', this.msg);
    // "啊？", "什么意思": lost on the question asked, so explain the choices rather than search the guide.
    if (this.state.pending && /^(啊|嗯|哦|额|呃|蛤|哈|什么|啥|嗯哼)?[?？]+$|^(这是)?(什么|啥)意思|^(不懂|没懂|看不懂|听不懂)/.test(text)) {
      const def = this.questionFor(this.state.pending.ask);
      if (def) {
        this.say(`${def.hint}点下面的按钮，或直接打字回答；不清楚可以回答“跳过”。`);
        return this.askPending(def);
      }
    }
    if (/^(如果|假如|要是|假设|若|万一)/.test(text)) return this.whatIf(text);
    const reminder = /(开启|打开|关闭|取消|不要|需要|要)(截止)?提醒/.exec(text);
    if (reminder && !this.state.pending) return this.setReminders(!/关闭|取消|不要|不需要|不用|别/.test(text));
    const removal = /(去掉|删掉|删除|不报|不申报|不想报|取消|放弃)(了)?/.test(text) ? this.conv.matcher.find(text, { groups: false }) : [];
    if (removal.length && removal.some((id) => intentions(this.state.profile).some((i) => i.project === id))) return this.removeIntended(removal);

    const pending = this.state.pending;
    const correcting = /改成|改为|改一下|更正|修改|应该是|弄错|说错|搞错|填错|不对|错了|其实是/.test(text);
    const facts = extractFacts(text, this.conv.matcher, this.guide.year);
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
      if (fact && def) {
        this.state.seq += 1;
        this.state.pending = { id: `${fact}#${this.state.seq}`, ask: fact, selected: [] };
        const now = describeFact(this.state.profile, fact, this.guide.projectName);
        return this.askPending(def, false, now ? `现在记的是：${now}。` : '');
      }
      return this.say('没看明白要改哪一项。可以这样说：“等级改成B”“评估改成4A”“年检改成合格”“医学专家改成8人”。发送 /profile 查看当前档案。');
    }
    if (pending && !classify(text, this.conv.matcher) && !this.conv.matcher.find(text).length) {
      const def = this.questionFor(pending.ask);
      if (def) {
        this.say(`没听懂这个回答。${def.hint}`);
        return this.askPending(def);
      }
    }
    this.answerFreeText(text);
    this.reaskPending();
  }

  looksLikeQuestion(text: string): boolean {
    return /[?？]|吗[。.!！~]*$|呢[。.!！~]*$|什么|怎么|咋|哪里|哪儿|哪些|哪个|几[个号天月点项AaＡ等]|多少|能不能|可不可以|是否|是不是|有没有|要不要|需不需要|能否|可否|何时|多久/.test(text);
  }

  /**
   * A question rather than an answer or a statement: it asks, or it names a topic ("标准制定截止时间",
   * "联系人") without stating anything about the society.
   */
  isQuestion(text: string, facts: Extracted): boolean {
    if (this.looksLikeQuestion(text)) return true;
    const states = Object.keys(facts.profile).length > 0 || facts.intended.length > 0 || !!facts.eventDate;
    return !states && !!classify(text, this.conv.matcher);
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
      const what = stated.map((f) => describeFact(copy, f, this.guide.projectName)).join('、');
      this.say(`（按问题里的情况：${what}。只是按假设回答，你们的档案没有改动。）`);
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
    if (def) this.askPending(def, false, '另外，还有一个问题没回答：');
  }

  /** "想报一流平台": the group has several sub-projects, so ask which, by the category's buttons. */
  askWhichOf(ids: ProjectId[]) {
    const categories = this.guide.data.categories.filter((c) => c.projects.some((p) => ids.includes(p)));
    this.say(`“${ids.map(this.guide.projectName).join('”“')}”是不同的子项目，请选一下具体报哪个：`);
    this.state.pending = undefined;
    this.state.queue = [...categories.map((c) => `projects:${c.id}`), ...this.state.queue.filter((q) => !categories.some((c) => q === `projects:${c.id}`))];
    if (this.state.stage === 'new') this.state.stage = 'interview';
  }

  removeIntended(ids: ProjectId[]) {
    const kept = intentions(this.state.profile).filter((i) => !ids.includes(i.project));
    this.state.profile.intended = kept.map((i) => (i.count === 1 ? i.project : i));
    const names = kept.map((i) => this.guide.projectName(i.project));
    this.say(`好的，不报${ids.map(this.guide.projectName).join('、')}了。现在打算申报：${names.join('、') || '（未选）'}。`);
    if (this.state.pending && !this.state.pending.ask.startsWith('projects:') && this.state.pending.ask !== 'categories') return this.reaskPending();
    this.state.pending = undefined;
    this.advance();
  }

  /** Categories or projects typed as text instead of tapped. */
  chooseByText(ask: string, text: string, def: QuestionDef): boolean {
    const projects = this.conv.matcher.find(text, { groups: false });
    if (ask === 'categories') {
      if (/全部|都看|没想好|不确定|还不知道|都要|所有/.test(text)) {
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
    });
    this.say(answer.answer);
  }

  // ── the interview ───────────────────────────────────────────────────────

  questionFor(ask: string): QuestionDef | undefined {
    if (ask === 'reminders') return REMINDERS_QUESTION;
    if (ask === 'categories') return categoriesQuestion(this.guide);
    if (ask.startsWith('projects:')) return projectsQuestion(this.guide, ask.slice('projects:'.length), this.conv.matcher);
    if ((FACTS as readonly string[]).includes(ask)) return factQuestion(ask as Fact, this.guide, this.conv.matcher);
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
      else this.say('资料已经齐了。发送 /check 查看结果，或直接问我问题。');
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
    const remaining = def.mode === 'multi' ? '（可多选，选好后点“选好了”）' : '';
    this.say(update ? `${def.text}\n已选：${pending.selected.map((v) => def.options.find((o) => o.value === v)?.label ?? v).join('、') || '无'}` : `${prefix}${def.text}${def.mode === 'multi' && !def.text.includes('多选') ? remaining : ''}`, {
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
        this.say('好的，我会看全部20个子项目。');
      } else {
        this.state.queue = values.map((c) => `projects:${c}`);
      }
      return this.advance();
    }
    const change = def.parse(values);
    if (!change) {
      this.say(`没听懂这个回答。${def.hint}`);
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
    this.say(`记下了：${FACT_LABELS[fact]} — ${describeFact(this.state.profile, fact, this.guide.projectName)}。`);
    this.advance();
  }

  setIntended(projects: ProjectId[]) {
    const existing = intentions(this.state.profile).map((i) => (i.count === 1 ? i.project : i));
    const add = projects.filter((p) => !existing.some((e) => (typeof e === 'string' ? e : e.project) === p));
    this.state.profile.intended = [...existing, ...add];
  }

  confirmIntended() {
    const ids = intentions(this.state.profile).map((i) => this.guide.projectName(i.project));
    this.say(ids.length ? `打算申报：${ids.join('、')}。` : '还没有选定项目，我会看全部20个子项目。');
  }

  /** Stores what a free-text message stated; says back what was understood. */
  learn(profile: Profile, intended: ProjectId[], eventDate: string | undefined, correcting: boolean): boolean {
    const understood: string[] = [];
    for (const [key, value] of Object.entries(profile) as Array<[Fact, never]>) {
      const before = this.state.profile[key];
      this.state.profile[key] = value;
      this.state.skipped = this.state.skipped.filter((s) => s !== key);
      const shown = describeFact(this.state.profile, key, this.guide.projectName);
      if (correcting && before !== undefined && JSON.stringify(before) !== JSON.stringify(value)) {
        understood.push(`${FACT_LABELS[key]}：${describeFact({ [key]: before }, key, this.guide.projectName)} → ${shown}`);
      } else understood.push(`${FACT_LABELS[key]}：${shown}`);
    }
    if (intended.length) {
      if (correcting) this.state.profile.intended = intended;
      else this.setIntended(intended);
      this.state.queue = [];
      understood.push(`打算申报：${intentions(this.state.profile).map((i) => this.guide.projectName(i.project)).join('、')}`);
    }
    if (eventDate) {
      // Not yet planning an event-based project: keep the date for all of them, to count once one is chosen.
      const relative = this.guide.deadlines.flatMap((d) => ('afterEvent' in d ? [d] : []));
      const intendedTargets = this.eventProjects();
      const targets = intendedTargets.length ? intendedTargets : [...new Set(relative.flatMap((d) => d.projects))];
      for (const id of targets) this.state.eventDates[id] = eventDate;
      const due = relative[0] ? addMonths(eventDate, relative[0].afterEvent.months) : undefined;
      understood.push(
        `活动日期：${eventDate}${due ? `，会后一个月内（${due}前）须提交项目评述报告及活动成果` : ''}` +
          (intendedTargets.length ? '，已计入截止时间' : `（适用于${targets.map(this.guide.projectName).join('、')}，选定项目后计入截止时间）`),
      );
    }
    if (!understood.length) return false;
    if (this.state.pending && (Object.keys(profile).includes(this.state.pending.ask) || (intended.length && /^(categories|projects:)/.test(this.state.pending.ask)))) {
      this.state.pending = undefined;
    }
    this.say(`${correcting ? '已更正' : '我理解的是'}：\n${understood.map((u) => `· ${u}`).join('\n')}`);
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
    if (!changed) return this.say('没看明白要假设哪一项。例如：“如果我们是B等呢？”“如果评估等级是4A呢？”');
    const copy: Profile = { ...this.state.profile, ...facts.profile };
    if (facts.intended.length) copy.intended = [...(copy.intended ?? []), ...facts.intended];
    const before = check(this.guide, this.state.profile);
    const after = check(this.guide, copy);
    const lines = [`假设：${Object.keys(facts.profile).map((f) => `${FACT_LABELS[f as Fact]}为${describeFact(copy, f as Fact, this.guide.projectName)}`).join('、') || facts.intended.map(this.guide.projectName).join('、')}（只是假设，档案没有改动）`];
    const changes = this.guide.projectIds.filter((id) => before.projects[id].verdict !== after.projects[id].verdict);
    const label = { eligible: '可以申报', ineligible: '不符合条件', unknown: '还需确认' } as const;
    if (!changes.length) lines.push('结果没有变化。');
    for (const id of changes) lines.push(`· ${this.guide.projectName(id)}：${label[before.projects[id].verdict]} → ${label[after.projects[id].verdict]}`);
    const focus = intentions(copy).map((i) => i.project);
    const readings = new Set<number>();
    for (const id of focus) {
      const v = after.projects[id];
      if (v.verdict !== 'eligible') lines.push(`· ${this.guide.projectName(id)}${changes.includes(id) ? '将' : '仍'}${label[v.verdict]}：${v.reasons.map((r) => renderReason(this.guide, r, 'zh-CN', readings)).join('；')}`);
    }
    if (after.conflicts.length) lines.push(`限项冲突：${after.conflicts.map((c) => `${c.text}（${c.clause}）${c.reading ? `［理解#${c.reading}］` : ''}`).join('；')}`);
    for (const c of after.conflicts) if (c.reading) readings.add(c.reading);
    const footnote = renderReadings(this.guide, readings);
    this.say(footnote ? `${lines.join('\n')}\n\n${footnote}` : lines.join('\n'));
  }

  // ── results ─────────────────────────────────────────────────────────────

  hasFacts(): boolean {
    return Object.keys(this.state.profile).some((k) => k !== 'intended');
  }

  profileSummary(): string {
    const lines = ['你们的档案：'];
    for (const fact of FACTS) {
      const value = describeFact(this.state.profile, fact, this.guide.projectName);
      lines.push(`· ${FACT_LABELS[fact]}：${value ?? '（未填）'}`);
    }
    const intended = intentions(this.state.profile);
    lines.push(`· 打算申报：${intended.map((i) => `${this.guide.projectName(i.project)}${i.count > 1 ? `×${i.count}` : ''}`).join('、') || '（未选）'}`);
    const byDate = new Map<string, string[]>();
    for (const [id, date] of Object.entries(this.state.eventDates)) byDate.set(date, [...(byDate.get(date) ?? []), this.guide.projectName(id)]);
    for (const [date, names] of byDate) lines.push(`· 活动日期：${date}（${names.join('、')}）`);
    lines.push(`· 截止提醒：${this.remindersOn() ? '开启' : '关闭'}`);
    lines.push('要修改，直接说“等级改成B”之类；/reset 清空重来。');
    return lines.join('\n');
  }

  /** `compact`: the verdicts and conflicts only, with a pointer to /deadlines and /evidence. */
  showResult(offerReminders = false, compact = false) {
    const profile = this.state.profile;
    const result = check(this.guide, profile);
    const text = renderCheck(this.guide, result, profile, { lang: this.state.lang, nowMs: this.ctx.nowMs });
    const readingsUsed = new Set<number>();
    const intended = intentions(profile).map((i) => i.project);
    const deadlines = intended.flatMap((project) => {
      const eventDate = this.state.eventDates[project];
      return listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project, ...(eventDate && { eventDate }) });
    });
    const evidence = intended.map((id) => evidenceFor(this.guide, id));
    if (compact) {
      const more = intended.length ? '\n\n截止时间发送 /deadlines，材料清单发送 /evidence，完整结果发送 /check。' : '';
      return this.say(`${text}${more}`, { result: { check: result, profile, deadlines, evidence } });
    }
    this.say(text, { result: { check: result, profile, deadlines, evidence } });
    for (const id of intended) {
      const eventDate = this.state.eventDates[id];
      const list = listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project: id, ...(eventDate && { eventDate }) });
      list.forEach((d) => d.reading && readingsUsed.add(d.reading));
      this.say(`【${this.guide.projectName(id)}】\n${renderDeadlines(this.guide, list, this.ctx.nowMs, { lang: this.state.lang })}\n\n${renderEvidence(this.guide, evidenceFor(this.guide, id), this.state.lang)}`);
    }
    if (!intended.length) this.say('还没有选定要申报的项目。告诉我项目名（如“想报一流学会和标准制定”），我会列出截止时间和材料清单。');
    const unknown = this.guide.projectIds.filter((id) => result.projects[id].verdict === 'unknown' && (intended.length === 0 || intended.includes(id)));
    if (unknown.length && this.state.skipped.length) this.say('有些问题被跳过了，相关项目还需确认。发送 /start 补充回答。');
    if (offerReminders && this.state.reminders === undefined) {
      this.state.seq += 1;
      this.state.pending = { id: `reminders#${this.state.seq}`, ask: 'reminders', selected: [] };
      this.askPending(REMINDERS_QUESTION);
    }
  }

  remindersOn(): boolean {
    return this.state.reminders ?? this.state.stage === 'done';
  }

  setReminders(on: boolean) {
    this.state.reminders = on;
    this.effects.push({ type: 'reminders', enabled: on });
    this.say(on ? '已开启截止提醒：截止前7天、3天、1天和当天上午会提醒你们。发送 /remind off 关闭。' : '已关闭截止提醒。发送 /remind on 重新开启。');
  }

  showDeadlines(args: string) {
    const found = this.conv.matcher.find(args);
    const named = found.length ? found : args ? [this.conv.matcher.best(args)].filter((x): x is ProjectId => !!x) : [];
    if (args && !named.length) return this.say(`没找到项目“${args}”。例如：/deadlines 标准制定`);
    const targets = named.length ? named : intentions(this.state.profile).map((i) => i.project);
    if (!targets.length) {
      const list = listDeadlines(this.guide, { nowMs: this.ctx.nowMs });
      return this.say(renderDeadlines(this.guide, list, this.ctx.nowMs, { lang: this.state.lang, showProjects: true }));
    }
    for (const id of targets) {
      const eventDate = this.state.eventDates[id];
      const list = listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project: id, ...(eventDate && { eventDate }) });
      this.say(`【${this.guide.projectName(id)}】\n${renderDeadlines(this.guide, list, this.ctx.nowMs, { lang: this.state.lang })}`);
    }
  }

  showEvidence(args: string) {
    const found = args ? this.conv.matcher.find(args) : [];
    const named = found.length ? found : args ? [this.conv.matcher.best(args)].filter((x): x is ProjectId => !!x) : [];
    const targets = named.length ? named : intentions(this.state.profile).map((i) => i.project);
    if (args && !named.length) return this.say(`没找到项目“${args}”。例如：/evidence 标准制定`);
    if (!targets.length) return this.say('请告诉我项目名，例如：/evidence 标准制定');
    for (const id of targets) this.say(renderEvidence(this.guide, evidenceFor(this.guide, id), this.state.lang));
  }

  sendCalendar() {
    const intended = intentions(this.state.profile).map((i) => i.project);
    const projects = intended.length ? intended : [...this.guide.projectIds];
    const content = deadlinesCalendar(this.guide, projects, { nowMs: this.ctx.nowMs, eventDates: this.state.eventDates, uidPrefix: this.guide.id });
    this.say(`这是${intended.length ? '你们所报项目' : '全部项目'}的截止时间日历（.ics），可导入飞书、Outlook 或手机日历。`, {
      file: { name: 'shenbao-deadlines.ics', mime: 'text/calendar', content },
    });
  }
}
