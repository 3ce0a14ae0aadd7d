/**
 * Property: a benign message (an acknowledgement, thanks, a greeting, a question about the guide,
 * an unrelated sentence) never makes a verdict worse and never adds an intention, whatever the
 * society's profile and whichever question is open.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { newState } from '../../handlers/state.js';
import { check, FACTS, GRADES, intentions, ORG_TYPES, PROJECT_IDS, type Profile, type Verdict } from '../../rules/index.js';
import { bundled } from './harness.js';

const NOW = Date.parse('2022-05-10T10:00:00+08:00');
const RANK: Record<Verdict, number> = { eligible: 2, unknown: 1, ineligible: 0 };

const acks = [
  '好的',
  '好',
  '嗯',
  '嗯嗯',
  '收到',
  '收到了',
  '谢谢',
  '好的谢谢',
  '感谢',
  '辛苦了',
  'ok',
  'OK的',
  '行',
  '了解',
  '明白了',
  '👌',
  '稍等',
  '等一下',
  '我先问问领导',
  '我问下秘书长',
  '我查一下',
  '回头再说',
  '好的老师',
  '嗯 知道了',
  'thanks',
  'got it',
];
const greetings = ['你好', '您好', '在吗', '在', '老师好', 'hi', 'hello', '早上好'];
const projectWords = [
  '标准制定',
  '一流学会',
  '品牌学术',
  '特色',
  '会员之家',
  '科技评估',
  '健康专项',
  '青少年科普',
  '乡村产业',
  '沙龙',
  '梯队期刊',
  '联合体',
  '发展助力',
  '一流科普学会',
];
const questionTemplates = [
  (p: string) => `${p}什么时候截止`,
  (p: string) => `${p}啥时候交`,
  (p: string) => `${p}要交什么材料`,
  (p: string) => `${p}有什么条件`,
  (p: string) => `能不能报${p}`,
  (p: string) => `${p}能报吗`,
  (p: string) => `${p}能报两个吗`,
  (p: string) => `${p}名额多少`,
  (p: string) => `${p}有经费吗`,
  (p: string) => `那${p}呢`,
  (p: string) => `${p}能在上海办吗`,
  (p: string) => `年检不合格还能报${p}吗`,
  (p: string) => `有违规记录的能报${p}吗`,
  (p: string) => `C等能报${p}吗`,
];
const unrelated = [
  '明天几点下班',
  '今天天气怎么样',
  '你是机器人吗',
  '中午吃啥',
  '纸质材料寄到哪里',
  '联系人电话',
  '会后一个月内是什么意思',
  '这个我不太懂',
  '什么意思',
  '啊？',
  '哈哈 开玩笑的',
];

const message = fc.oneof(
  fc.constantFrom(...acks),
  fc.constantFrom(...greetings),
  fc.constantFrom(...unrelated),
  fc.tuple(fc.constantFrom(...questionTemplates), fc.constantFrom(...projectWords)).map(([q, p]) => q(p)),
);

const profileArb: fc.Arbitrary<Profile> = fc.record(
  {
    orgType: fc.constantFrom(...ORG_TYPES),
    evaluationGrade: fc.constantFrom(...GRADES),
    assessmentLevel: fc.integer({ min: 0, max: 5 }),
    annualInspectionPassed: fc.boolean(),
    integrityIssues: fc.boolean(),
    fullTimeStaff: fc.boolean(),
    cnJournal: fc.boolean(),
    medicalExperts: fc.integer({ min: 0, max: 12 }),
    intended: fc.uniqueArray(fc.constantFrom(...PROJECT_IDS), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const openStep = fc.constantFrom(undefined, 'categories', 'reminders', ...FACTS);

describe('benign messages', () => {
  it('never make a verdict worse and never add an intention', async () => {
    const { guide, search } = bundled();
    const bot = new Conversation(guide, search);
    await fc.assert(
      fc.asyncProperty(profileArb, openStep, message, async (profile, open, text) => {
        const state = newState(NOW);
        state.profile = structuredClone(profile);
        if (open) {
          state.stage = 'interview';
          state.seq = 1;
          state.pending = { id: `${open}#1`, ask: open, selected: [] };
        }
        const before = check(guide, state.profile);
        const out = await bot.handle({ channel: 'console', chatId: 'c', userId: 'u', text }, state, { guide, nowMs: NOW });
        const after = check(guide, out.state.profile);
        for (const id of guide.projectIds) {
          expect(RANK[after.projects[id].verdict], `${text} (open ${open}): ${id} got worse`).toBeGreaterThanOrEqual(RANK[before.projects[id].verdict]);
        }
        const was = intentions(profile).map((i) => i.project);
        for (const i of intentions(out.state.profile)) expect(was, `${text} (open ${open}) added ${i.project}`).toContain(i.project);
      }),
      { numRuns: 600 },
    );
  });
});
