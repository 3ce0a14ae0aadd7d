/**
 * Answer first, then a few lines: a direct question's answer is at most 600 characters, the first
 * message of /check at most 1,500, and a reading's footnote appears once per reply. A question that asks
 * for one project's conditions ("X有什么条件") is answered with all of them (issue 20: a blind round found
 * answers that left conditions out), so its budget is 900.
 */
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { newState } from '../../handlers/state.js';
import type { Profile } from '../../rules/index.js';
import { bundled } from './harness.js';

const NOW = Date.parse('2022-05-10T10:00:00+08:00');
const PROFILES: Profile[] = [
  {},
  { orgType: 'society', evaluationGrade: 'C', assessmentLevel: 4, annualInspectionPassed: true, integrityIssues: false },
  {
    orgType: 'society',
    evaluationGrade: 'B',
    assessmentLevel: 4,
    annualInspectionPassed: true,
    integrityIssues: false,
    intended: ['first_class_society', 'standard', 'brand_exchange', 'featured_exchange', 'health', 'youth_science'],
  },
];

async function firstReply(profile: Profile, text: string): Promise<string> {
  const { guide, search } = bundled();
  const state = newState(NOW);
  state.profile = structuredClone(profile);
  state.stage = 'done';
  const out = await new Conversation(guide, search).handle({ channel: 'console', chatId: 'c', userId: 'u', text }, state, { guide, nowMs: NOW });
  return out.replies[0]?.text ?? '';
}

describe('length budgets', () => {
  const { guide } = bundled();
  const questions = [
    ...guide.projectIds.flatMap((id) => {
      const n = guide.projectName(id);
      return [`${n}能报吗`, `${n}什么时候截止`, `${n}有什么条件`, `${n}能报两个吗`, `${n}名额多少`, `${n}有经费吗`, n];
    }),
    '我们能报几个',
    '能报啥',
    '品牌和特色能一起报吗',
    '青少年和健康能一起报吗',
    '纸质材料寄到哪里',
    '联系人',
    '什么时候截止',
    '要交什么材料',
    '能在上海办吗',
    '科普日的活动算吗',
    '明天几点下班',
  ];

  it('a direct question is answered in at most 600 characters, with each reading explained once', async () => {
    for (const profile of PROFILES) {
      for (const q of questions) {
        const text = await firstReply(profile, q);
        const budget = /有什么条件$/.test(q) ? 900 : 600;
        expect(text.length, `${q} (${Object.keys(profile).length} facts): ${text.length} characters`).toBeLessThanOrEqual(budget);
        for (const n of text.match(/^#\d+ /gm) ?? []) expect(text.split(`\n${n}`).length - 1, `${q}: footnote ${n} repeated`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('/check opens with at most 1,500 characters', async () => {
    for (const profile of PROFILES) expect((await firstReply(profile, '/check')).length).toBeLessThanOrEqual(1500);
  });
});
