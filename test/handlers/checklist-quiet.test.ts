/**
 * The checklist listens to free text only when it is about the checklist: every other utterance of
 * the corpus, said by a society with intended projects and a checklist to tick, ticks nothing and
 * asks nothing about it.
 */
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { newState } from '../../handlers/state.js';
import { intentions } from '../../rules/index.js';
import { corpusFiles, loadCorpus } from './corpus-check.js';
import { bundled } from './harness.js';

const NOW = Date.parse('2022-05-10T10:00:00+08:00');

describe('checklist and the rest of the corpus', () => {
  it('no other utterance changes the checklist or asks about it', async () => {
    const { guide, search } = bundled();
    const conversation = new Conversation(guide, search);
    const noisy: string[] = [];
    let played = 0;
    for (const file of corpusFiles().filter((f) => f !== 'checklist.yaml')) {
      // Rows labelled as checklist talk or a command ("材料清单" is /checklist) are about the checklist.
      for (const item of loadCorpus(file).filter((i) => !['checklist', 'tick', 'command'].includes(i.kind ?? ''))) {
        const state = newState(NOW);
        const { name: _, ...profile } = item.before ?? {};
        state.profile = { ...profile };
        // A society with projects (and so a checklist) for every utterance.
        if (!intentions(state.profile).length) state.profile.intended = ['standard', 'tech_assessment', 'health', 'rural_industry'];
        const out = await conversation.handle({ channel: 'console', chatId: 'c', userId: 'u', text: item.text }, state, {
          guide,
          nowMs: NOW,
          checklist: { society: 'console:c', read: async () => new Map() },
        });
        played++;
        const ticked = out.effects.filter((e) => e.type === 'checklist').length;
        const asked = out.replies.some((r) => r.question?.id.startsWith('checklist'));
        if (ticked || asked) noisy.push(`${file}: ${item.text}`);
      }
    }
    expect(played).toBeGreaterThan(400);
    expect(noisy).toEqual([]);
  });
});
