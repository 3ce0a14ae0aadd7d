import { rmSync } from 'node:fs';
import { shiftYears, writeShiftedGuide } from '../rules/year-shift.js';
import { loadGuideSearch } from '../../src/guide-file.js';
/**
 * Free-text questions, straight into answerQuestion (handlers/ask.ts): the intent recognised, a
 * clause the answer rests on, and a fragment of the answer. Project names come in their short
 * forms and variants, as secretaries type them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { answerQuestion, classify, type AskContext, type Intent } from '../../handlers/ask.js';
import { projectMatcher } from '../../handlers/parse.js';
import type { Profile } from '../../rules/index.js';
import { bundled, DEFAULT_NOW } from './harness.js';

const { guide, search } = bundled();
const matcher = projectMatcher(guide);
const base: AskContext = { guide, matcher, nowMs: Date.parse(DEFAULT_NOW), ...(search && { search }) };
const ask = (q: string, extra: Partial<AskContext> = {}) => answerQuestion(q, { ...base, ...extra });

// [question, intent, a clause among answer.clauses, a fragment of answer.answer]
const QUESTIONS: Array<[string, Intent, string, string]> = [
  // eligibility conditions
  ['一流学会有什么条件', 'eligibility', '三（一）1（2）1）', '上一年度综合能力评价等级须不低于B等'],
  ['一流平台要什么条件', 'eligibility', '三（一）2（2）2）', '一流平台学会建设 · 一流科技服务学会】申报条件'],
  ['学术平台评估要几A', 'eligibility', '三（一）2（2）2）', '评估等级须不低于3A级'],
  ['科普学会申报条件', 'eligibility', '三（一）2（2）1）', '一流平台学会建设 · 一流科普学会】申报条件'],
  ['发展助力需要什么条件', 'eligibility', '三（一）4（2）2）', '2021年度综合能力评价等级须是C等以下（含C等）'],
  ['联合体牵头学会有什么要求', 'eligibility', '三（三）1（2）7）', '牵头学会上一年度综合能力评价须B级以上（含）'],
  ['自主设奖能报吗', 'eligibility', '三（三）4（2）', '奖项须已在省科学技术行政部门报备'],
  ['科技奖励条件', 'eligibility', '三（三）4（2）', '2021年获得科技奖励项目立项的学会不得申报'],
  ['期刊项目有什么要求', 'eligibility', '三（二）2（2）1）', '申报学会须是公开发行具有CN刊号的科技期刊的主办单位'],
  ['义诊项目需要几个医学专家', 'eligibility', '三（四）2（2）1）', '组成人数不少于6人'],
  ['2021年拿过会员之家今年还能报吗', 'eligibility', '三（一）3（2）4）', '2021年度获得会员之家建设项目认定的学会今年不得申报'],
  ['有什么申报条件', 'eligibility', '二（二）1', '项目申报主体是省科协所属省级学会'],
  // deadlines
  ['标准制定什么时候截止', 'deadline', '三（三）2（2）', '完成标准制定并发布【还剩204天】'],
  ['团体标准什么时候完成', 'deadline', '三（三）2（2）', '2022年11月30日 23:59'],
  ['会员之家什么时候截止', 'deadline', '五（二）', '电子版申报书提交截止（系统关闭）【还剩7天】'],
  ['特色学术活动截止时间', 'deadline', '三（二）1（2）4）', '学术交流活动完成'],
  ['科技评估截止', 'deadline', '三（三）3（2）', '完成科技评估'],
  ['决策咨询什么时候完成', 'deadline', '三（三）5（2）', '完成决策咨询工作'],
  ['乡村产业什么时候截止', 'deadline', '三（四）3（2）2）', '乡村振兴实事项目完成'],
  ['问道沙龙什么时候截止', 'deadline', '五（一）', '科学沙龙申报材料提交（邮箱及具体要求另行通知）【时间另行通知】'],
  ['品牌学术交流什么时候截止', 'deadline', '三（二）1（2）4）', '告诉我活动日期'],
  ['什么时候截止', 'deadline', '五（二）', '纸质版申报书（签字盖章）送达截止【还剩8天】'],
  // evidence
  ['团标要交什么', 'evidence', '三（三）2（2）', '全国团体标准信息平台立项截图等佐证材料'],
  ['品牌学术要交什么材料', 'evidence', '三（二）1（2）4）', '会后一个月内须提交项目评述报告'],
  ['决策咨询要提交什么', 'evidence', '三（三）5（2）', '委托文件（协议）等材料'],
  ['论文遴选要交什么', 'evidence', '三（二）3（2）2）', '务实高效的遴选方案'],
  ['美丽乡村要交什么', 'evidence', '三（四）3（2）2）', '合作协议等佐证'],
  ['会员之家要准备什么材料', 'evidence', '五（一）', '纸质版《申报书》一份'],
  ['科技奖励结题要什么佐证', 'evidence', '三（三）4（2）', '评审现场照片'],
  // quotas
  ['论文遴选名额多少', 'quota', '二（一）', '优秀期刊论文遴选：上限 1 项'],
  ['青少年科普名额', 'quota', '二（一）', '青少年科普服务实事专项：上限 30 项'],
  ['美丽乡村名额', 'quota', '二（一）', '上限 20 项'],
  ['标准制定资助名额', 'quota', '二（一）', '共用'],
  ['总共多少个项目', 'quota', '二（一）', '合计 277 项'],
  // funding
  ['一流学会有没有经费', 'funding', '二（一）', '荣誉类，无经费资助'],
  ['标准制定资助多少钱', 'funding', '二（一）', '指南未公布各项目的具体资助金额'],
  ['什么时候拨款', 'funding', '二（一）', '于下一年度上半年完成项目经费的拨付'],
  ['乡村产业有钱吗', 'funding', '四（三）', '验收合格后于下一年度上半年拨付经费'],
  // combination rules
  ['品牌学术和特色学术能一起报吗', 'combination', '二（三）4', '❌ 不可以：品牌学术交流与特色学术交流互不兼报'],
  ['一流学会和发展助力能同时报吗', 'combination', '二（三）1', '发展助力专项与一流学会建设、一流平台学会建设互不兼报'],
  ['一流学会和一流学术学会可以同时报吗', 'combination', '二（三）2', '可以同时申报，不违反限项规定'],
  ['青少年科普和健康专项能都报吗', 'combination', '二（三）6', '每个学会最多可申报1项'],
  ['最多能报几个项目', 'combination', '二（三）5', '最多可同时申报 17 个子项目'],
  ['限项规定是什么', 'combination', '二（三）3', '一流平台学会建设只能选择3个子项目之一'],
  // submission: system, paper copy, the salon's email
  ['在哪个系统申报', 'submission', '五（一）', 'www.jsxhw.org/basic/#/index'],
  ['纸质材料寄到哪里', 'submission', '五（三）', '南京市建邺区梦都大街50号省科技工作者活动中心东楼407室'],
  ['沙龙的材料发到哪个邮箱', 'submission', '五（一）', '提交至指定邮箱，邮箱及具体要求另行通知'],
  ['申报书要盖章吗', 'submission', '五（一）', '签字盖章'],
  ['一流学会怎么申报', 'submission', '五（一）', '适用：一流学会建设'],
  // contacts
  ['联系人电话', 'contacts', '五（三）', '赵军 025-83625058'],
  ['找谁咨询', 'contacts', '五（三）', '冯建 025-83556160'],
  // what can we apply for (no profile yet)
  ['我们能报什么', 'what_can_we_apply', '二（二）', '发送 /start'],
  // a project with no topic: an overview, led by the matching passage of its own section
  ['科技评估需要委托协议吗', 'evidence', '三（三）3（2）', '委托协议'],
  ['青少年科普的活动能算科普日的吗', 'eligibility', '三（四）1（2）', '全国科普日活动内容不列入本项目申报'],
  ['健康', 'project', '三（四）2（2）1）', '科技服务人民健康实事专项】申报条件'],
  // what it cannot place: guide passages with their clause, plus the contacts
  ['会后一个月内是什么意思', 'search', '三（二）1（2）4）', '指南中最相关的内容'],
  ['疫情期间活动可以线上吗', 'search', '三（四）1（2）', '线上、线下相结合'],
  ['今天天气怎么样', 'unknown', '五（三）', '省科协学会学术部 赵军 025-83625058'],
];

describe('answerQuestion: intent and clause', () => {
  it('covers 30+ questions', () => expect(QUESTIONS.length).toBeGreaterThanOrEqual(30));

  it.each(QUESTIONS)('%s → %s', (question, intent, clause, fragment) => {
    const answer = ask(question);
    expect(answer.intent).toBe(intent);
    expect(answer.clauses).toContain(clause);
    expect(answer.answer).toContain(fragment);
    expect(answer.clauses.length).toBeGreaterThan(0);
  });

  it('an unplaced question still gets the contacts and what it can answer', () => {
    for (const q of ['会后一个月内是什么意思', '今天天气怎么样']) {
      const a = ask(q);
      expect(a.answer).toContain('我可以回答');
      expect(a.answer).toContain('冯建 025-83556160');
    }
    expect(ask('会后一个月内是什么意思').answer).toMatch(/「[^」]+」（三（二）1（2）4））/);
  });
});

/** The same questions on a copy of the guide a programme year later: the answers follow the data. */
describe('answerQuestion on the year-shifted guide', () => {
  const shifted = writeShiftedGuide(1);
  afterAll(() => rmSync(shifted.dir, { recursive: true, force: true }));
  const later: AskContext = {
    guide: shifted.guide,
    matcher: projectMatcher(shifted.guide),
    nowMs: Date.parse(shiftYears(DEFAULT_NOW)),
    ...(() => {
      const s = loadGuideSearch(shifted.guide, shifted.dataFile);
      return s ? { search: s } : {};
    })(),
  };

  it.each(QUESTIONS)('%s → %s', (question, intent, clause, fragment) => {
    const answer = answerQuestion(shiftYears(question), later);
    expect(answer.intent).toBe(intent);
    expect(answer.clauses).toContain(clause);
    expect(answer.answer).toContain(shiftYears(fragment));
  });
});

describe('project names: short forms and variants', () => {
  const NAMES: Array<[string, string[]]> = [
    ['一流学会', ['first_class_society']],
    ['一流平台', ['platform_academic', 'platform_science_pop', 'platform_tech_service']],
    ['学术平台', ['platform_academic']],
    ['科普学会', ['platform_science_pop']],
    ['会员之家', ['member_home']],
    ['发展助力', ['development_aid']],
    ['沙龙', ['salon']],
    ['品牌学术', ['brand_exchange']],
    ['特色学术活动', ['featured_exchange']],
    ['期刊', ['journal_tier']],
    ['论文遴选', ['paper_selection']],
    ['联合体', ['consortium']],
    ['团标', ['standard']],
    ['团体标准', ['standard']],
    ['标准制定', ['standard']],
    ['科技评估', ['tech_assessment']],
    ['科技奖励', ['tech_award']],
    ['自主设奖', ['tech_award']],
    ['决策咨询', ['decision_consulting']],
    ['青少年科普', ['youth_science']],
    ['健康', ['health']],
    ['义诊', ['health']],
    ['乡村产业', ['rural_industry']],
    ['美丽乡村', ['rural_beauty']],
    ['乡村振兴', ['rural_industry', 'rural_beauty']],
  ];
  it.each(NAMES)('%s', (name, ids) => {
    expect(matcher.find(`${name}有什么条件`)).toEqual(ids);
    const answer = ask(`${name}有什么条件`);
    expect(answer.intent).toBe('eligibility');
    for (const id of ids) expect(answer.answer).toContain(`【${guide.projectName(id)}】申报条件`);
  });

  it('a group name is not a choice of one sub-project', () => {
    expect(matcher.find('一流平台', { groups: false })).toEqual([]);
    expect(matcher.best('一流平台')).toBeUndefined();
    expect(matcher.best('一流学汇建设')).toBe('first_class_society'); // a typo
  });

  it('project names do not trigger topics: 决策咨询 is not a question for the contacts', () => {
    expect(classify('决策咨询要提交什么', matcher)).toBe('evidence');
    expect(classify('科技奖励条件', matcher)).toBe('eligibility');
    // Even without masking: 咨询 alone is 决策咨询's short name, a contact word only as "咨询谁", "咨询电话".
    expect(classify('决策咨询要提交什么')).toBe('evidence');
    expect(classify('咨询电话多少')).toBe('contacts');
  });
});

describe('personal answers with a stored profile', () => {
  const profile: Profile = {
    orgType: 'society',
    evaluationGrade: 'C',
    assessmentLevel: 4,
    annualInspectionPassed: true,
    integrityIssues: false,
    intended: ['first_class_society', 'standard'],
  };

  it('eligibility says what their own facts mean', () => {
    const a = ask('一流学会有什么条件', { profile });
    expect(a.answer).toContain('（按你们的档案：你们是C等、4A级）');
    expect(a.answer).toContain('上一年度综合能力评价等级须不低于B等，当前为C等');
    expect(a.answer).toContain('三（一）1（2）1）');
    expect(ask('标准制定能报吗', { profile }).answer).toMatch(/^✅ 可以报标准制定。\n（按你们的档案：你们是C等、4A级）/);
  });

  it('"我们能报什么" groups all 20 projects by verdict', () => {
    const a = ask('我们能报什么', { profile });
    expect(a.intent).toBe('what_can_we_apply');
    expect(a.answer).toContain('✅ 可以申报：');
    expect(a.answer).toContain('标准制定');
    expect(a.answer).toContain('❌ 不符合条件');
    expect(a.answer).toContain('一流学会建设（上一年度综合能力评价等级须不低于B等，当前为C等，三（一）1（2）1））');
    expect(a.answer).toContain('❓ 还需确认');
    expect(a.clauses).toContain('三（一）1（2）1）');
  });

  it('questions without a project name are about the intended projects', () => {
    const deadlines = ask('我们什么时候截止', { profile });
    // Both planned projects, their shared dates once.
    expect(deadlines.answer).toContain('【一流学会建设、标准制定】');
    expect(deadlines.answer.match(/电子版申报书提交截止/g)).toHaveLength(1);
    expect(ask('要交什么材料', { profile }).answer).toContain('【标准制定】全国团体标准信息平台立项截图等佐证材料');
    expect(ask('能一起报吗', { profile }).answer).toContain('申报一流学会建设须同时申报至少1个一流平台学会建设子项目');
  });

  it('an assumed profile is labelled as such', () => {
    const a = ask('C等能报一流学会吗', { profile: { evaluationGrade: 'C' }, assumed: true });
    expect(a.answer).toContain('❌ 不能报一流学会建设');
  });
});
