/**
 * The locale catalogues (handlers/locales/*.ts) and the chat's language. Every key in both
 * languages with the same {placeholders}; the Chinese catalogue says what the rules say; and an
 * English chat gets English throughout, except the guide's own words (project names, clauses,
 * requirements, quotes), which stay Chinese in every language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../handlers/ask.js';
import { describeAudience } from '../../handlers/audience.js';
import { deadlinesCalendar } from '../../handlers/calendar.js';
import { describeFactIn, factLabel, rebuildReason } from '../../handlers/facts-text.js';
import { catalogues, translator, type Lang } from '../../handlers/i18n.js';
import { en } from '../../handlers/locales/en.js';
import { zhCN } from '../../handlers/locales/zh-CN.js';
import { projectMatcher } from '../../handlers/parse.js';
import { factQuestion } from '../../handlers/questions.js';
import { reminderSchedule, reminderText } from '../../handlers/reminders.js';
import { newState } from '../../handlers/state.js';
import type { Reply } from '../../handlers/types.js';
import { checkProject, describeFact, factLabels, FACTS, type Profile } from '../../rules/index.js';
import { bundled, openSession, text, type Session } from './harness.js';

const { guide, search } = bundled();
const matcher = projectMatcher(guide);
const NOW = Date.parse('2022-05-10T10:00:00+08:00');

const HAN = /\p{Script=Han}/u;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * Every piece of text the guide data and the guide's own text hold: names, clauses, quotes,
 * requirements, labels, passages. Not the aliases (what secretaries type; the bot never says them),
 * nor single characters (a section numbered 一 would hide any 一).
 */
const GUIDE_TEXT: string[] = (() => {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') found.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [key, inner] of Object.entries(v)) if (key !== 'aliases') walk(inner);
  };
  walk(guide.data);
  for (const p of search?.passages ?? []) walk([p.text, p.clause]);
  return [...found].filter((s) => s.length > 1 && HAN.test(s)).sort((a, b) => b.length - a.length);
})();

/** A clause reference: 二（三）, 三（一）1（2）1）, 五（二）… */
const CLAUSE_REF = /[一二三四五六七八九十]+（[一二三四五六七八九十]+）(?:\d+(?:（\d+）(?:\d+）)?)?)?/g;

/**
 * The reply with everything that comes from the guide removed: passages quoted 「…」, every string of
 * the guide data (longest first, so a name inside a quote goes with the quote), clause references.
 * What is left is what the bot composed itself.
 */
function withoutGuideText(reply: string): string {
  let rest = reply.replace(/「[^」]*」/g, ' ');
  for (const s of GUIDE_TEXT) rest = rest.split(s).join(' ');
  return rest.replace(CLAUSE_REF, ' ');
}

function expectNoChinese(replies: string, where: string) {
  const rest = withoutGuideText(replies);
  const line = rest.split('\n').find((l) => HAN.test(l));
  expect(line, `${where}: Chinese outside the guide's own words`).toBeUndefined();
}

describe('withoutGuideText (the check used below)', () => {
  it('removes the guide’s words and keeps the bot’s own', () => {
    expect(HAN.test(withoutGuideText('[标准制定] conditions: 申报主体须是省科协所属省级学会 (clause 二（二）1) 「任意引文」'))).toBe(false);
    expect(HAN.test(withoutGuideText('打算申报：标准制定'))).toBe(true);
    expect(HAN.test(withoutGuideText('[标准制定] 还剩7天'))).toBe(true);
  });
});

describe('the catalogues', () => {
  const zhKeys = Object.keys(zhCN).sort();
  const enKeys = Object.keys(en).sort();

  it('have the same keys', () => {
    expect(enKeys).toEqual(zhKeys);
  });

  it.each(['zh-CN', 'en'] as Lang[])('%s: every text is non-empty', (lang) => {
    for (const [key, value] of Object.entries(catalogues[lang])) expect(value.trim(), `${lang} ${key}`).not.toBe('');
  });

  it('have the same placeholders in both languages', () => {
    for (const key of zhKeys) expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(zhCN[key as keyof typeof zhCN]));
  });

  it('English says nothing in Chinese of its own (only guide examples: project names, clauses)', () => {
    for (const [key, value] of Object.entries(en)) expectNoChinese(value, key);
  });

  it('t() fills placeholders and leaves unknown ones visible', () => {
    expect(translator('zh-CN')('deadlines.left', { days: 3 })).toBe('还剩3天');
    expect(translator('en')('deadlines.left', { days: 3 })).toBe('3 days left');
    expect(translator('en')('deadlines.left')).toBe('{days} days left');
  });
});

describe('the Chinese catalogue says what the rules say', () => {
  const zh = translator('zh-CN');
  const profiles: Profile[] = [
    {},
    {
      orgType: 'society',
      evaluationGrade: 'C',
      assessmentLevel: 3,
      annualInspectionPassed: true,
      integrityIssues: false,
      fullTimeStaff: false,
      cnJournal: true,
      awardFiled: false,
      medicalExperts: 5,
      priorProjects: [],
    },
    {
      orgType: 'affiliated_institution',
      evaluationGrade: 'none',
      assessmentLevel: 0,
      annualInspectionPassed: false,
      integrityIssues: true,
      fullTimeStaff: true,
      cnJournal: false,
      awardFiled: true,
      medicalExperts: 0,
      priorProjects: [
        { year: 2021, project: 'member_home' },
        { year: 2020, project: 'development_aid' },
      ],
    },
    { orgType: 'other', evaluationGrade: 'A', assessmentLevel: 5 },
  ];

  it('fact labels and values', () => {
    for (const fact of FACTS) {
      expect(factLabel(zh, fact, guide)).toBe(factLabels(guide.year)[fact]);
      for (const p of profiles)
        expect(describeFactIn(zh, p, fact, guide.projectName), `${fact} ${JSON.stringify(p)}`).toBe(describeFact(p, fact, guide.projectName));
    }
  });

  it('reasons rebuilt from the catalogue are the rules’ own (so the English ones say the same)', () => {
    for (const p of profiles) {
      for (const id of guide.projectIds) {
        for (const r of checkProject(guide, p, id).reasons) expect(rebuildReason(guide, r, zh, p), `${id} ${JSON.stringify(p)}`).toBe(r.text);
      }
    }
  });
});

const open: Session[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A button for each interview question, by value. */
const TAPS: Record<string, string> = {
  orgType: 'society',
  evaluationGrade: 'B',
  assessmentLevel: '4',
  annualInspectionPassed: 'yes',
  integrityIssues: 'no',
  fullTimeStaff: 'yes',
  cnJournal: 'no',
  awardFiled: 'yes',
  medicalExperts: '8',
  reminders: 'on',
};

/** The same answers typed in simple English. */
const TYPED: Record<string, string> = {
  orgType: 'provincial society',
  evaluationGrade: 'b',
  assessmentLevel: '4A',
  annualInspectionPassed: 'yes',
  integrityIssues: 'no',
  fullTimeStaff: 'yes',
  cnJournal: 'no',
  awardFiled: 'yes',
  medicalExperts: '8',
  priorProjects: 'none',
  reminders: 'yes',
};

const lastQuestion = (replies: Reply[]) => [...replies].reverse().find((r) => r.question)?.question;

describe('an English chat', () => {
  it('runs the whole interview by buttons, then /profile, /check, /deadlines, /evidence and questions, in English', async () => {
    const session = await openSession();
    open.push(session);
    const log: string[] = [];
    const turn = async (what: string, replies: Promise<Reply[]>) => {
      const got = await replies;
      expect(got.length, what).toBeGreaterThan(0);
      const said = text(got);
      log.push(`> ${what}\n${said}`);
      expectNoChinese(said, what);
      return got;
    };

    expect(text(await turn('/lang en', session.say('/lang en')))).toContain('Language: English');
    let replies = await turn('/start', session.say('/start'));
    expect(text(replies)).toContain('Hello! I am the Application Assistant');
    expect(lastQuestion(replies)?.options.map((o) => o.label)).toContain('Not sure yet, show me all');
    await turn('tap 服务平台建设', session.tap('service_platform'));
    replies = await turn('done', session.done());
    expect(text(replies)).toContain('Which sub-projects of "服务平台建设"');
    await turn('tap 标准制定', session.tap('standard'));
    replies = await turn('done', session.done());
    expect(text(replies)).toContain('Planning to apply for: 标准制定.');
    // Every fact question by its button, until the reminders offer is answered.
    for (let n = 0; n < 12; n++) {
      const q = lastQuestion(replies);
      if (!q) break;
      const fact = q.id.split('#')[0]!;
      expect(TAPS[fact], `a button for ${fact}`).toBeDefined();
      for (const o of q.options) expectNoChinese(o.label, `button of ${fact}`);
      replies = await turn(`tap ${fact}`, session.tap(TAPS[fact]!));
      if (fact === 'reminders') break;
    }
    const all = log.join('\n');
    expect(all).toContain('Noted: Organisation type');
    expect(all).toContain('Eligibility check');
    expect(all).toContain('✅ 标准制定: eligible');
    expect(all).toContain('Deadline reminders are on');

    const profile = text(await turn('/profile', session.say('/profile')));
    expect(profile).toContain('Your profile:');
    expect(profile).toContain('grade B');
    expect(profile).toContain('· Planning to apply for: 标准制定');
    const check = text(await turn('/check all', session.say('/check all')));
    expect(check).toContain('[Projects you plan to apply for]');
    expect(check).toContain('To hand in when applying');
    const deadlines = text(await turn('/deadlines', session.say('/deadlines')));
    expect(deadlines).toMatch(/\[标准制定\]\n⏰ Deadlines/);
    expect(deadlines).toContain('[7 days left] (clause 五（二）)');
    // The guide data's English labels and English dates, not the Chinese label: "17 May 2022".
    expect(deadlines).toContain('• 17 May 2022 17:00 Electronic application form due (system closes) [7 days left]');
    expect(deadlines).toContain('30 November 2022 23:59 Standard drafted and published');
    expect(deadlines).not.toContain('电子版申报书提交截止');
    const evidence = text(await turn('/evidence 标准制定', session.say('/evidence 标准制定')));
    expect(evidence).toContain('📋 标准制定 · checklist');
    // Free-text questions: in Chinese as ever, and in simple English.
    expect(text(await turn('标准制定什么时候截止', session.say('标准制定什么时候截止')))).toContain('Deadlines');
    expect(text(await turn('标准制定 documents', session.say('标准制定 documents')))).toContain('To hand in at the year-end acceptance');
    expect(text(await turn('contacts', session.say('contacts')))).toContain('Contacts (五（三）)');
    expect(text(await turn('what can we apply for?', session.say('what can we apply for?')))).toContain('✅ Eligible:');
    expect(text(await turn('如果我们是C等呢？', session.say('如果我们是C等呢？')))).toContain('Assuming:');
    expect(text(await turn('天气怎么样', session.say('天气怎么样')))).toContain('I only answer questions');
    await turn('/calendar', session.say('/calendar'));
    await turn('/help', session.say('/help'));
    await turn('/remind', session.say('/remind'));
    await turn('/foo', session.say('/foo'));
  });

  it('understands simple English answers typed in (yes/no, "b", "4A", "none") and English corrections', async () => {
    const session = await openSession();
    open.push(session);
    await session.say('/lang en');
    let replies = await session.say('we plan to apply for 标准制定 and 科技服务人民健康实事专项');
    expect(text(replies)).toContain('You now plan to apply for: 标准制定, 科技服务人民健康实事专项');
    const answered: string[] = [];
    for (let n = 0; n < 14; n++) {
      const q = lastQuestion(replies);
      if (!q) break;
      const fact = q.id.split('#')[0]!;
      expect(TYPED[fact], `a typed answer for ${fact}`).toBeDefined();
      replies = await session.say(TYPED[fact]!);
      expect(text(replies), `typed "${TYPED[fact]}" for ${fact}`).not.toContain('did not understand');
      expectNoChinese(text(replies), fact);
      answered.push(fact);
      if (fact === 'reminders') break;
    }
    expect(answered).toContain('evaluationGrade');
    expect(answered).toContain('medicalExperts');
    let profile = text(await session.say('/profile'));
    expect(profile).toContain('grade B');
    expect(profile).toContain('8 medical experts');
    expect(profile).toContain('Deadline reminders: on');
    // Corrections in English: the value when given, the question again when not.
    const corrected = text(await session.say('change grade to C'));
    expect(corrected).toContain('Corrected:');
    expect(corrected).toContain('grade B → grade C');
    expect(text(await session.say('change assessment to 4A'))).toContain('Social organisation assessment level: 4A');
    const reasked = text(await session.say('change assessment'));
    expect(reasked).toContain('Currently recorded: 4A.');
    expect(text(await session.say('none'))).toContain('not assessed');
    profile = text(await session.say('/profile'));
    expect(profile).toContain('Social organisation assessment level: not assessed');
    // "not sure" skips, as "不知道" does.
    await session.say('/reset');
    replies = await session.say('/start');
    await session.tap('all');
    replies = await session.done();
    expect(text(await session.say('not sure'))).toContain('skipping this one');
    // Chinese free text still works in an English chat.
    expect(text(await session.say('我们是省级学会，B等，4A，年检合格'))).toContain('Here is what I understood:');
  });

  it('the examples /help gives work as promised', async () => {
    const session = await openSession();
    open.push(session);
    await session.say('/lang en');
    await session.say('we are a provincial society'); // an answer first, so that "change grade" has an interview to return to
    const cases: Array<[string, string]> = [
      ['标准制定 deadline', '⏰ Deadlines'],
      ['一流学会建设 conditions', '[一流学会建设] conditions:'],
      ['科技评估 documents', '📋 科技评估 · checklist'],
      ['contacts', 'Contacts (五（三）)'],
      ['can we apply for 品牌学术交流 and 特色学术交流 together?', 'Combination limits'],
      ['change grade to B', 'Corrected:'],
      ['apply for 标准制定', 'You now plan to apply for: 标准制定'],
    ];
    for (const [say, want] of cases) {
      const said = text(await session.say(say));
      expect(said, say).toContain(want);
      expectNoChinese(said, say);
    }
  });

  it('switches back to Chinese with /lang zh, wording unchanged', async () => {
    const session = await openSession();
    open.push(session);
    await session.say('/lang en');
    expect(text(await session.say('/lang zh'))).toBe('已切换为中文。');
    expect(text(await session.say('/help'))).toBe(zhCN['help.text'].replace('{year}', String(guide.year)));
    expect(text(await session.say('/evidence'))).toBe('请告诉我项目名，例如：/evidence 标准制定');
  });

  it('English buttons send the same values as the Chinese ones', () => {
    for (const fact of FACTS) {
      const zhQ = factQuestion(fact, guide, matcher, 'zh-CN');
      const enQ = factQuestion(fact, guide, matcher, 'en');
      expect(enQ.options.map((o) => o.value)).toEqual(zhQ.options.map((o) => o.value));
      expect(enQ.mode).toBe(zhQ.mode);
    }
  });

  it('English answers are read only in an English chat: Chinese parsing is unchanged', () => {
    const level = (lang: Lang, answer: string) => factQuestion('assessmentLevel', guide, matcher, lang).parse(answer);
    expect(level('en', 'none')).toEqual({ assessmentLevel: 0 });
    expect(level('zh-CN', 'none')).toBeUndefined();
    expect(level('en', '四A')).toEqual({ assessmentLevel: 4 });
    const prior = (lang: Lang, answer: string) => factQuestion('priorProjects', guide, matcher, lang).parse(answer);
    expect(prior('en', 'none')).toEqual({ priorProjects: [] });
    expect(prior('en', '2021年拿过会员之家')).toEqual({ priorProjects: [{ year: 2021, project: 'member_home' }] });
    const integrity = factQuestion('integrityIssues', guide, matcher, 'en');
    expect(integrity.parse('no')).toEqual({ integrityIssues: false });
    expect(integrity.parse('clean')).toEqual({ integrityIssues: false });
    expect(integrity.parse('yes')).toEqual({ integrityIssues: true });
  });
});

describe('answers, reminders, calendars and staff texts in English', () => {
  const profile: Profile = {
    orgType: 'society',
    evaluationGrade: 'C',
    assessmentLevel: 3,
    annualInspectionPassed: true,
    intended: ['standard', 'first_class_society', 'brand_exchange'],
  };
  const questions = [
    '能报什么',
    '品牌学术和特色学术能一起报吗',
    '标准制定什么时候截止',
    '纸质材料寄到哪里',
    '联系人电话',
    '科技评估要交什么材料',
    '要交什么材料',
    '经费多少',
    '名额有多少',
    '一流学会有什么条件',
    '有什么条件',
    '科技评估需要委托协议吗',
    '一流学汇有什么条件',
    '天气怎么样',
    '标准制定',
  ];

  it.each(questions)('answerQuestion(%j, { lang: "en" })', (q) => {
    for (const p of [undefined, profile]) {
      const answer = answerQuestion(q, { guide, matcher, nowMs: NOW, ...(p && { profile: p }), ...(search && { search }), lang: 'en' });
      expectNoChinese(answer.answer, q);
      // The same question in the default language stays Chinese (the CLI's `ask`).
      const zh = answerQuestion(q, { guide, matcher, nowMs: NOW, ...(p && { profile: p }), ...(search && { search }) });
      expect(zh.intent).toBe(answer.intent);
      expect(zh.clauses).toEqual(answer.clauses);
    }
  });

  it('reminders go out in the society’s language', () => {
    const policy = { offsetsDays: [7, 3, 1, 0], time: '09:00' };
    for (const lang of ['zh-CN', 'en'] as Lang[]) {
      const state = { ...newState(NOW), profile, stage: 'done' as const, reminders: true, lang, eventDates: { brand_exchange: '2022-10-15' } };
      const due = reminderSchedule(guide, state, policy, NOW);
      expect(due.length).toBeGreaterThan(0);
      for (const r of due) {
        const said = reminderText(guide, r, { lateByMs: 2 * 3600_000 });
        if (lang === 'en') {
          expectNoChinese(said, r.key);
          expect(said).toContain('Send /remind off to stop reminders.');
        } else expect(said).toContain('发送 /remind off 可关闭提醒。');
      }
    }
  });

  it('deadline answers: English labels, "17 May 2022" dates, and an event too late said in English', () => {
    const ask = (q: string, eventDates?: Record<string, string>) =>
      answerQuestion(q, { guide, matcher, nowMs: NOW, lang: 'en', ...(search && { search }), ...(eventDates && { eventDates }) }).answer;
    const brand = ask('when is the deadline for brand exchange', { brand_exchange: '2022-10-31' });
    expect(brand).toContain(
      '30 November 2022 23:59 Review report and results (proceedings, expert advice) due within one month after the event (event on 31 October 2022)',
    );
    const late = ask('when is the deadline for brand exchange', { brand_exchange: '2022-12-05' });
    expect(late).toContain(
      'The event on 5 December 2022 is after the deadline for Academic exchange event completed (30 November 2022, clause 三（二）1（2）4）)',
    );
    expectNoChinese(late.replace(/\[品牌学术交流\]/g, ''), 'late event');
    expect(translator('zh-CN')('common.date', { y: 2022, month: translator('zh-CN')('month.5'), d: 17 })).toBe('2022年5月17日');
  });

  it('calendar event titles and descriptions', () => {
    const ics = deadlinesCalendar(guide, ['brand_exchange'], { nowMs: NOW, eventDates: { brand_exchange: '2022-10-15' }, uidPrefix: 't', lang: 'en' });
    expect(ics).toContain('SUMMARY:[Deadline] ');
    // Long lines are folded (RFC 5545): unfolded, the summary is the data's English label and an English date.
    expect(ics.replace(/\r\n /g, '')).toContain(
      'SUMMARY:[Deadline] Review report and results (proceedings\\, expert advice) due within one month after the event (event on 15 October 2022)',
    );
    expect(ics).not.toContain('会后一个月内提交');
    expect(ics).toContain('X-WR-CALNAME:Application Assistant · Deadlines');
    expect(deadlinesCalendar(guide, ['brand_exchange'], { nowMs: NOW, uidPrefix: 't' })).toContain('SUMMARY:【截止】');
  });

  it('audiences', () => {
    for (const a of [
      { kind: 'all' },
      { kind: 'intended', project: 'standard' },
      { kind: 'grade', grade: 'none' },
      { kind: 'grade', grade: 'B' },
      { kind: 'inactive30' },
    ] as const) {
      expectNoChinese(describeAudience(guide, a, 'en'), a.kind);
    }
    expect(describeAudience(guide, { kind: 'intended', project: 'standard' })).toBe('打算申报“标准制定”的学会');
  });

  it('the staff dialogue', async () => {
    const session = await openSession();
    open.push(session);
    await session.say('/lang en');
    const refused = text(await session.say('/broadcast'));
    expect(refused).toContain('only JSAST programme staff');
    expectNoChinese(refused, '/broadcast refused');
  });
});
