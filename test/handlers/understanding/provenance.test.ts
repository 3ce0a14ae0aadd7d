/**
 * Stage 1 in the conversation: the bot reads the normalised text, and a stored fact keeps the words
 * as they were typed (principle 1: every fact records what was said).
 */
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../../handlers/conversation.js';
import { type ChatState, newState } from '../../../handlers/state.js';
import { bundled } from '../harness.js';

const NOW = Date.parse('2022-05-10T10:00:00+08:00');

async function say(text: string, state: ChatState = newState(NOW)): Promise<ChatState> {
  const { guide, search } = bundled();
  const out = await new Conversation(guide, search).handle({ channel: 'console', chatId: 'c', userId: 'u', text }, state, { guide, nowMs: NOW });
  return out.state;
}

describe('the words a fact was read from', () => {
  it('are the words typed, not the normalised ones', async () => {
    const state = await say('木有不良记录');
    expect(state.profile.integrityIssues).toBe(false);
    expect(state.sources.integrityIssues?.text).toBe('木有不良记录');
  });

  it('are the piece of a longer message that said it, as typed', async () => {
    const state = await say('去年评价Ｂ等，俺们莫得专职人员');
    expect(state.profile).toMatchObject({ evaluationGrade: 'B', fullTimeStaff: false });
    expect(state.sources.fullTimeStaff?.text).toBe('俺们莫得专职人员');
    expect(state.sources.evaluationGrade?.text).toBe('去年评价Ｂ等');
  });

  it('keep Chinese numerals as typed while the count is read in Arabic', async () => {
    const state = await say('医学专家有十二位');
    expect(state.profile.medicalExperts).toBe(12);
    expect(state.sources.medicalExperts?.text).toBe('医学专家有十二位');
  });

  it('keep a past award as typed, and a year denied is not stored', async () => {
    const state = await say('二〇二一年拿过发展助力，二〇二〇年没有');
    expect(state.profile.priorProjects).toEqual([{ year: 2021, project: 'development_aid' }]);
    expect(state.sources.priorProjects?.text).toBe('二〇二一年拿过发展助力');
  });
});
