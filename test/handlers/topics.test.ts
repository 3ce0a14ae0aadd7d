/**
 * Answers find guide items by their `topic:` (rules/topics.ts), not by the guide's words: a copy of
 * the guide reworded consistently (data and text, test/rules/reworded.ts) answers every question
 * about a topic the same way, word for word once the rewording is undone.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { answerQuestion, type AskContext } from '../../handlers/ask.js';
import { projectMatcher } from '../../handlers/parse.js';
import { auditGuide, USED_TOPICS } from '../../rules/index.js';
import { loadGuideSearch } from '../../src/guide-file.js';
import { reword, writeRewordedGuide } from '../rules/reworded.js';
import { bundled, DEFAULT_NOW } from './harness.js';

const { guide, search } = bundled();
const reworded = writeRewordedGuide();
afterAll(() => rmSync(reworded.dir, { recursive: true, force: true }));
const rewordedSearch = loadGuideSearch(reworded.guide, reworded.dataFile);

const nowMs = Date.parse(DEFAULT_NOW);
const original: AskContext = { guide, matcher: projectMatcher(guide), nowMs, ...(search && { search }) };
const changed: AskContext = { guide: reworded.guide, matcher: projectMatcher(reworded.guide), nowMs, ...(rewordedSearch && { search: rewordedSearch }) };

// [question, the topic it is about, a fragment of the answer under the bundled guide, extra context]
const QUESTIONS: Array<[string, string, string, Partial<AskContext>?]> = [
  ['沙龙能在省外办吗', 'out_of_province', '❌ 不可以：活动举办地须在江苏省内'],
  ['品牌学术交流可以在上海举办吗', 'out_of_province', '❌ 不可以：活动举办地须在江苏省内'],
  ['can salon events be held outside jiangsu?', 'out_of_province', '❌ No: 活动举办地须在江苏省内'],
  ['科普日活动能算青少年科普吗', 'excluded_activity', '❌ 不算：省科普宣传周、全国科普日活动内容不列入本项目申报'],
  ['标准制定 科普日的活动能算吗', 'excluded_activity', '只是青少年科普服务实事专项、科技服务人民健康实事专项的规定'],
  ['一流学会认定以后有啥要求', 'year_end_assessment', '年末还要考核：“获得认定的学会本年度综合能力考核达到一类。”'],
  ['一流学会年末考核要达到一类吗', 'year_end_assessment', '✅ 申报时不要求'],
  ['一流学术学会必须考核达到二类才能报吗', 'year_end_assessment', '达到二类以上。”是年末认定条件'],
  ['生态学会牵头我们参与，美丽乡村还能报吗', 'participant_not_lead', '❌ 不可以：多家单位共同参与的项目由牵头学会申报，参与单位不可兼报'],
  ['品牌学术交流我们协办可以吗', 'first_host', '❌ 不可以：省级学会必须为品牌学术交流第一主办方'],
  ['特色学术活动全国学会当第一主办方可以吗', 'sole_host', '❌ 不可以：特色学术活动必须由省级学会独立主办'],
  ['品牌学术交流能和高校一起办吗', 'first_host', '✅ 可以合办，但省级学会必须为品牌学术交流第一主办方'],
  ['沙龙办10场够不够', 'min_count', '❌ 不够：举办年度序列小型高端学术交流活动，不少于15场'],
  ['沙龙办16场够吗', 'min_count', '✅ 够：'],
  ['健康专项医学专家5人够吗', 'min_count', '❌ 不够：须建有高水平的医学专家队伍，组成人数不少于6人'],
  ['健康专项8个专家够不够', 'min_count', '✅ 够：'],
  ['are 10 salon events enough?', 'min_count', '❌ Not enough: 举办年度序列小型高端学术交流活动，不少于15场'],
  ['health project: we have 7 medical experts, is that enough?', 'min_count', '✅ Enough: 须建有高水平的医学专家队伍，组成人数不少于6人'],
  // Found by the deadline's kind (complete), which the data states outright.
  ['沙龙12月开的会算吗', 'kind: complete', '❌ 不可以：沙龙活动完成须在2022年11月30日前'],
  ['标准制定电子版几点截止', 'submit_online', '2022年5月17日 17:00 电子版申报书提交截止'],
  ['标准制定纸质版什么时候交', 'submit_paper', '纸质版申报书（签字盖章）送达截止'],
  ['会员之家验收什么时候', 'acceptance', '年末验收考核'],
  ['when is the paper copy for standards due?', 'submit_paper', 'Paper application form (signed and stamped) to arrive'],
  ['会员之家什么时候开始申报', 'application_opens', '网上申报开始'],
  ['品牌学术交流纸质材料送哪里 几号前', 'paper_address', '纸质材料报送地址：南京市建邺区梦都大街50号'],
  ['申报系统网址是多少', 'system_address', 'www.jsxhw.org'],
  ['申报书要交几份', 'paper_copies', '每个项目准备一份纸质版《申报书》'],
  ['依据哪个文件设奖', 'legal_basis', '苏科技规〔2018〕133'],
  ['科技奖励是根据什么文件设立的', 'legal_basis', '科技奖励的依据'],
  ['考核不合格会咋样', 'failed_assessment', '其承担单位下一年度将不得申报同类别项目'],
  ['项目验收没通过有什么后果', 'failed_assessment', '考核不合格的后果'],
  ['健康专项义诊去农村行不行', 'encouraged', '✅ 可以，指南支持'],
  ['品牌学术交流请院士专家参与行不行', 'encouraged', '✅ 可以，指南支持'],
  ['品牌会后材料啥时候交', 'summary_report', '2022年11月15日 23:59 会后一个月内提交', { eventDates: { brand_exchange: '2022-10-15' } }],
  ['健康专项的活动最晚什么时候办完', 'work_complete', '2022年11月30日 23:59 健康实事活动完成'],
];

describe('answers by topic', () => {
  it('every topic the answers use is asked about here', () => {
    const asked = new Set(QUESTIONS.map(([, topic]) => topic));
    for (const topic of USED_TOPICS) expect(asked.has(topic), topic).toBe(true);
  });

  it('the reworded guide is a sound guide file', () => {
    expect(auditGuide(readFileSync(reworded.dataFile, 'utf8'), readFileSync(reworded.textFile, 'utf8'))).toEqual([]);
  });

  it('a question naming one deadline gets that deadline alone, in either language', () => {
    const paper = answerQuestion('when is the paper copy for standards due?', original).answer;
    expect(paper).toContain('18 May 2022 23:59 Paper application form (signed and stamped) to arrive');
    expect(paper).not.toContain('Electronic application form');
    const online = answerQuestion('标准制定电子版几点截止', original).answer;
    expect(online).toContain('电子版申报书提交截止');
    expect(online).not.toContain('纸质版申报书');
  });

  it.each(QUESTIONS)('"%s" (%s) is answered the same under reworded guide words', (question, _topic, fragment, extra = {}) => {
    const before = answerQuestion(question, { ...original, ...extra });
    const after = answerQuestion(question, { ...changed, ...extra });
    expect(before.answer).toContain(fragment);
    // Where the answer quotes reworded words, the rewording shows; it changed nothing else.
    if (reword(fragment) !== fragment) expect(after.answer).not.toBe(before.answer);
    expect({ intent: after.intent, clauses: after.clauses, answer: reword(after.answer) }).toEqual({
      intent: before.intent,
      clauses: before.clauses,
      answer: reword(before.answer),
    });
  });
});
