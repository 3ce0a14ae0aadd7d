/**
 * Typed answers to each interview question, as secretaries type them (factQuestion(...).parse),
 * and the facts picked out of a free-text message (extractFacts). Includes the misreadings found
 * while writing the transcripts: "良好" is not misconduct, "只有内刊" is not a CN journal,
 * "市级学会" is not a provincial one, "要几A" is not an answer.
 */
import { describe, expect, it } from 'vitest';
import { extractFacts, parseEventDate, projectMatcher, readEventDay } from '../../handlers/parse.js';
import { factQuestion } from '../../handlers/questions.js';
import type { Fact, Profile } from '../../rules/index.js';
import { bundled } from './harness.js';

const { guide } = bundled();
const matcher = projectMatcher(guide);
const answer = (fact: Fact, text: string) => factQuestion(fact, guide, matcher).parse(text);

const ANSWERS: Array<[Fact, string, Partial<Profile> | undefined]> = [
  ['evaluationGrade', 'B等', { evaluationGrade: 'B' }],
  ['evaluationGrade', 'b', { evaluationGrade: 'B' }],
  ['evaluationGrade', 'Ｂ', { evaluationGrade: 'B' }],
  ['evaluationGrade', '好像是c等吧', { evaluationGrade: 'C' }],
  ['evaluationGrade', '乙等', { evaluationGrade: 'B' }],
  ['evaluationGrade', '没参加', { evaluationGrade: 'none' }],
  ['evaluationGrade', '优秀', undefined],
  ['assessmentLevel', '4A', { assessmentLevel: 4 }],
  ['assessmentLevel', '四A', { assessmentLevel: 4 }],
  ['assessmentLevel', '5A级', { assessmentLevel: 5 }],
  ['assessmentLevel', 'AAAA', { assessmentLevel: 4 }],
  ['assessmentLevel', '３ａ', { assessmentLevel: 3 }],
  ['assessmentLevel', '4', { assessmentLevel: 4 }],
  ['assessmentLevel', '未评估', { assessmentLevel: 0 }],
  ['assessmentLevel', '要几A', undefined],
  ['assessmentLevel', '挺高的', undefined],
  ['annualInspectionPassed', '是', { annualInspectionPassed: true }],
  ['annualInspectionPassed', '合格', { annualInspectionPassed: true }],
  ['annualInspectionPassed', '过了', { annualInspectionPassed: true }],
  ['annualInspectionPassed', '不合格', { annualInspectionPassed: false }],
  ['annualInspectionPassed', '没有', { annualInspectionPassed: false }],
  ['annualInspectionPassed', '不是很清楚', undefined],
  ['annualInspectionPassed', '不记得了', undefined],
  ['integrityIssues', '没有', { integrityIssues: false }],
  ['integrityIssues', '良好', { integrityIssues: false }],
  ['integrityIssues', '诚信良好', { integrityIssues: false }],
  ['integrityIssues', '没问题', { integrityIssues: false }],
  ['integrityIssues', '有过', { integrityIssues: true }],
  ['integrityIssues', '木有', { integrityIssues: false }],
  ['fullTimeStaff', '有专职', { fullTimeStaff: true }],
  ['fullTimeStaff', '都是兼职', { fullTimeStaff: false }],
  ['cnJournal', '有CN刊号', { cnJournal: true }],
  ['cnJournal', '主办', { cnJournal: true }],
  ['cnJournal', '只有内刊', { cnJournal: false }],
  ['cnJournal', '协办的', { cnJournal: false }],
  ['awardFiled', '已报备', { awardFiled: true }],
  ['awardFiled', '备案了', { awardFiled: true }],
  ['awardFiled', '正在报备', { awardFiled: false }],
  ['awardFiled', '还没报备', { awardFiled: false }],
  ['medicalExperts', '8', { medicalExperts: 8 }],
  ['medicalExperts', '八个', { medicalExperts: 8 }],
  ['medicalExperts', '十二人', { medicalExperts: 12 }],
  ['medicalExperts', '没有', { medicalExperts: 0 }],
  ['priorProjects', '2021年拿过会员之家', { priorProjects: [{ year: 2021, project: 'member_home' }] }],
  ['priorProjects', '21年会员之家', { priorProjects: [{ year: 2021, project: 'member_home' }] }],
  ['priorProjects', '去年科技奖励', { priorProjects: [{ year: 2021, project: 'tech_award' }] }],
  [
    'priorProjects',
    '2020年和2021年都拿过发展助力',
    {
      priorProjects: [
        { year: 2020, project: 'development_aid' },
        { year: 2021, project: 'development_aid' },
      ],
    },
  ],
  ['priorProjects', '都没有', { priorProjects: [] }],
  ['priorProjects', '会员之家', undefined],
  ['orgType', '省级学会', { orgType: 'society' }],
  ['orgType', '研究会', { orgType: 'society' }],
  ['orgType', '江苏省城市规划学会', { orgType: 'society' }],
  ['orgType', '事业单位', { orgType: 'affiliated_institution' }],
  ['orgType', '市级学会', { orgType: 'other' }],
  ['orgType', '南京市计算机学会', { orgType: 'other' }],
  ['orgType', '是', undefined],
];

describe('typed answers to the interview questions', () => {
  it.each(ANSWERS)('%s ← "%s"', (fact, text, expected) => {
    expect(answer(fact, text)).toEqual(expected);
  });
});

describe('facts in a free-text message', () => {
  const extract = (text: string) => extractFacts(text, matcher, guide.year);

  it('the one-message self-description', () => {
    expect(extract('我们是省级学会，去年综合能力评价C等，评估等级4A，年检合格，想报一流学会和标准制定')).toEqual({
      profile: { orgType: 'society', evaluationGrade: 'C', assessmentLevel: 4, annualInspectionPassed: true },
      intended: ['first_class_society', 'standard'],
      vague: [],
      priorWithoutYear: [],
      priorDenied: [],
    });
  });

  it('several facts and their negatives', () => {
    expect(extract('我们有专职人员，有CN刊号期刊，奖项已报备，有8名医学专家').profile).toEqual({
      fullTimeStaff: true,
      cnJournal: true,
      awardFiled: true,
      medicalExperts: 8,
    });
    expect(extract('我们没有专职人员，都是兼职，没有期刊，奖项还没报备').profile).toEqual({ fullTimeStaff: false, cnJournal: false, awardFiled: false });
    expect(extract('医学专家改成8人').profile).toEqual({ medicalExperts: 8 });
    expect(extract('我们是市级学会').profile).toEqual({ orgType: 'other' });
    expect(extract('诚信记录良好').profile).toEqual({ integrityIssues: false });
  });

  it('questions state nothing they only ask about', () => {
    for (const q of ['期刊项目有什么要求', '科技奖励需要报备吗', '年检是什么意思', '学术平台评估要几A', '我们是否能报一流学会', '一流学会怎么申报']) {
      const f = extract(q);
      expect(f.profile, q).toEqual({});
      expect(f.intended, q).toEqual([]);
    }
  });

  it('a group name with intent is vague, not three projects', () => {
    expect(extract('想报一流平台')).toMatchObject({ intended: [], vague: ['platform_academic', 'platform_science_pop', 'platform_tech_service'] });
    expect(extract('想报一流科普学会')).toMatchObject({ intended: ['platform_science_pop'], vague: [] });
  });

  it('a name typed with one wrong character, stated with intent, is still read', () => {
    expect(extract('想报团标和一流学汇').intended).toEqual(['standard', 'first_class_society']);
    expect(extract('想报发展助理').intended).toEqual(['development_aid']);
    expect(extract('想报团标和其他项目').intended).toEqual(['standard']);
  });

  it('earlier projects are not intentions', () => {
    expect(extract('2021年拿过会员之家，今年想报标准制定')).toMatchObject({
      profile: { priorProjects: [{ year: 2021, project: 'member_home' }] },
      intended: ['standard'],
    });
  });

  it('event days', () => {
    expect(parseEventDate('我们的年会10月15日举办', 2022)).toBe('2022-10-15');
    expect(parseEventDate('沙龙定在2022年9月3号', 2022)).toBe('2022-09-03');
    expect(parseEventDate('年会2月30日举办', 2022)).toBeUndefined();
    expect(parseEventDate('10月15日', 2022)).toBeUndefined();
    // Chinese numerals, 卅 and 廿, read by normalise.
    expect(parseEventDate('会是九月卅号开的', 2022)).toBe('2022-09-30');
    expect(parseEventDate('要是改到十一月二十号开呢', 2022)).toBe('2022-11-20');
    // Part of a month is no day to store…
    expect(parseEventDate('要是推到十二月初开呢', 2022)).toBeUndefined();
  });

  it('event days in a question or a what-if: part of a month is its first day, a moved date needs no 会', () => {
    expect(readEventDay('要是推到十二月初呢', 2022, { vague: true })).toEqual({ date: '2022-12-01', part: 'early' });
    expect(readEventDay('11月中旬办行不', 2022, { vague: true })).toEqual({ date: '2022-11-11', part: 'mid' });
    expect(readEventDay('要是拖到11月底呢', 2022, { vague: true })).toEqual({ date: '2022-11-21', part: 'late' });
    expect(readEventDay('12月份开的会算不算', 2022, { vague: true })).toEqual({ date: '2022-12-01', part: 'month' });
    expect(readEventDay('要是会议改到十月三十一号呢', 2022, { vague: true })).toEqual({ date: '2022-10-31' });
    expect(readEventDay('5月18日前交材料', 2022, { vague: true })).toBeUndefined();
  });
});

describe('editsUpToOne', () => {
  it('agrees with the edit distance up to one, and says 2 beyond', async () => {
    const { editsUpToOne, levenshtein } = await import('../../handlers/parse.js');
    const words = ['标准制定', '标准制订', '标准', '准制定', '标准制定并', '一流学会', '一流学汇', '学会一流', '', 'a', 'ab', 'ba'];
    for (const a of words) for (const b of words) expect(editsUpToOne(a, b), `${a} / ${b}`).toBe(Math.min(levenshtein(a, b), 2));
  });
});
