/**
 * Which facts of a message that asks are recorded at once, and which only shape the answer
 * (principle 1: a question's facts are a what-if). The decision alone, without a conversation.
 */
import { describe, expect, it } from 'vitest';
import { extractFacts, projectMatcher } from '../../handlers/parse.js';
import { sortQuestionFacts } from '../../handlers/question-facts.js';
import { isQuestionText } from '../../handlers/understanding/reading.js';
import { bundled } from './harness.js';

const { guide } = bundled();
const matcher = projectMatcher(guide);
const turnLike = { matcher, guide, lang: 'zh-CN' } as unknown as Parameters<typeof isQuestionText>[0];

function sort(text: string, options: { correcting?: boolean; open?: string } = {}) {
  return sortQuestionFacts({
    text,
    facts: extractFacts(text, matcher, guide.year),
    correcting: options.correcting ?? false,
    open: options.open,
    isQuestion: (piece) => isQuestionText(turnLike, piece),
    namesIn: (piece) => matcher.find(piece, { groups: false }).map(guide.projectName).join('、'),
    extract: (telling) => extractFacts(telling, matcher, guide.year),
  });
}

describe('a question’s facts', () => {
  it.each([
    ['我们C等能报一流学会吗', 'evaluationGrade'],
    ['去年评估是3A还能报一流学会吗', 'assessmentLevel'],
    ['D等，一流平台还能报吗', 'evaluationGrade'],
  ])('%s: %s only shapes the answer', (text, fact) => {
    const sorted = sort(text);
    expect(sorted.assumed).toContain(fact);
    expect(sorted.record).not.toContain(fact);
  });

  it('of the society itself are offered to be recorded (self)', () => {
    expect(sort('我们C等能报一流学会吗').self).toBe(true);
    expect(sort('C等能报一流学会吗').self).toBe(false);
  });

  it('a hypothetical is never about the society as it is', () => {
    const sorted = sort('如果我们是C等，还能报一流学会吗');
    expect(sorted.self).toBe(false);
    expect(sorted.record).toEqual([]);
  });

  it('a correction is recorded at once', () => {
    const sorted = sort('不是B等是C等，那还能报吗', { correcting: true });
    expect(sorted.record).toContain('evaluationGrade');
    expect(sorted.tells).toBe(true);
  });

  it('the answer to the open interview question is recorded', () => {
    const sorted = sort('B等，一流学会能报吗', { open: 'evaluationGrade' });
    expect(sorted.record).toEqual(['evaluationGrade']);
    expect(sorted.assumed).toEqual([]);
  });

  it('a plan told in a piece that does not ask is recorded; asking to add one is not', () => {
    expect(sort('今年准备申报科技评估，几号截止').intended).toEqual(['tech_assessment']);
    expect(sort('我们也报标准，可以吗').intended).toEqual([]);
  });

  it('a sentence that ends without asking, before the question, is a statement', () => {
    const sorted = sort('我们去年B等，4A。一流学会要什么条件，能报几个平台子项目？');
    expect(sorted.record).toEqual(expect.arrayContaining(['evaluationGrade', 'assessmentLevel']));
    expect(sorted.assumed).toEqual([]);
  });

  it('facts told beside an open question are statements; beside a yes/no question they are only assumed', () => {
    expect(sort('我们去年B等，4A，一流学会要什么条件？').record).toEqual(expect.arrayContaining(['evaluationGrade', 'assessmentLevel']));
    expect(sort('去年评了个B等，评估是4A，想报一流学会，咋弄').record).toEqual(expect.arrayContaining(['evaluationGrade', 'assessmentLevel']));
    expect(sort('我们去年B等，4A，能报一流学会吗？').record).toEqual([]);
    expect(sort('我们C等，发展助力行不行').record).toEqual([]);
    expect(sort('如果我们C等，发展助力要什么条件').record).toEqual([]);
  });
});
