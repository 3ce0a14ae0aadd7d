/**
 * Facts about a programme year know their year: last year's grade told under the 2022 guide is
 * the 2021 grade, so under a 2023 guide it is unknown again and asked afresh. Past awards stay.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { newState } from '../../handlers/state.js';
import { writeShiftedGuide } from '../rules/year-shift.js';
import { bundled } from './harness.js';

const shifted = writeShiftedGuide(1);
afterAll(() => rmSync(shifted.dir, { recursive: true, force: true }));

describe('year-relative facts', () => {
  it('a grade told under 2022 is asked again under 2023; earlier awards stay', async () => {
    const old = bundled().guide;
    const now2022 = Date.parse('2022-05-10T10:00:00+08:00');
    const told = await new Conversation(old).handle(
      { channel: 'console', chatId: 'c', userId: 'u', text: '我们是省级学会，去年B等，评估4A，年检合格，2021年拿过会员之家' },
      newState(now2022),
      { guide: old, nowMs: now2022 },
    );
    expect(told.state.profile).toMatchObject({ evaluationGrade: 'B', assessmentLevel: 4, annualInspectionPassed: true });
    expect(told.state.sources.evaluationGrade?.year).toBe(2022);

    const guide2023 = shifted.guide;
    const now2023 = Date.parse('2023-05-10T10:00:00+08:00');
    const later = await new Conversation(guide2023).handle({ channel: 'console', chatId: 'c', userId: 'u', text: '/profile' }, told.state, {
      guide: guide2023,
      nowMs: now2023,
    });
    expect(later.state.profile.evaluationGrade).toBeUndefined();
    expect(later.state.profile.annualInspectionPassed).toBeUndefined();
    expect(later.state.profile.orgType).toBe('society');
    expect(later.state.profile.priorProjects).toEqual([{ year: 2021, project: 'member_home' }]);
    expect(later.replies.map((r) => r.text).join('\n')).toContain('已换用2023年度指南');
  });
});
