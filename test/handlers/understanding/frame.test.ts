import { describe, expect, it } from 'vitest';
import { Conversation } from '../../../handlers/conversation.js';
import { newState } from '../../../handlers/state.js';
import { frameSchema } from '../../../handlers/understanding/frame.js';
import { corpusFiles, loadCorpus } from '../corpus-check.js';
import { bundled } from '../harness.js';

const NOW = Date.parse('2022-05-10T10:00:00+08:00');

/** Every labelled utterance read into one typed frame: the stages together, checked by zod. */
describe('the frame of every corpus utterance', () => {
  const { guide, search } = bundled();
  const conversation = new Conversation(guide, search);
  const items = corpusFiles()
    .filter((f) => f !== 'conversations.yaml')
    .flatMap((file) => loadCorpus(file).map((item) => ({ file, item })));

  it('is a valid frame; a what-if is hypothetical and its facts are only read, and named projects are never "unknown"', () => {
    expect(items.length).toBeGreaterThan(1000);
    for (const { file, item } of items) {
      const state = { ...newState(NOW), profile: { ...(item.before ?? {}) } };
      const frame = conversation.read(item.text, state, { guide, nowMs: NOW });
      expect(() => frameSchema.parse(frame), `${file}: ${item.text}`).not.toThrow();
      if (item.kind === 'whatif' && /如果|假如|要是|假设|万一/.test(item.text)) expect(frame.hypothetical, `${file}: ${item.text}`).toBe(true);
      for (const p of item.plan?.add ?? []) expect(frame.unknownProjects, `${file}: ${item.text} names ${p}`).toEqual([]);
    }
  });

  it('splits "2021年拿过发展助力，2020年没有" into two clauses, the second negated with its predicate carried', () => {
    const frame = conversation.read('2021年拿过发展助力，2020年没有', newState(NOW), { guide, nowMs: NOW });
    expect(frame.clauses.map((c) => c.negated)).toEqual([false, true]);
    expect(frame.clauses[1]!.carried).toBe(true);
    expect(frame.facts.priorProjects).toEqual([{ year: 2021, project: 'development_aid' }]);
  });

  it('reads the parts of a multi-part question, each with its topic', () => {
    const frame = conversation.read('健康专项要几个专家？几月底前完成？', newState(NOW), { guide, nowMs: NOW });
    expect(frame.questions.map((q) => q.topic)).toEqual(['minimum', 'deadline']);
    expect(frame.questions[1]!.text).toContain('科技服务人民健康实事专项');
  });
});
