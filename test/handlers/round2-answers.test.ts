import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session, storedState } from './harness.js';

/**
 * What the second round of fresh conversations found unanswered: each question gets its answer
 * first, and none of them stores anything.
 */
describe('answers a secretary looked for and did not get', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  const profileAfter = async (session: Session) => (await storedState(session)).profile;

  it.each([
    ['参与单位能兼报吗', ['❌ 不可以', '参与单位不可兼报', '三（四）3（2）3）', '科技助力乡村振兴']],
    ['年检不过影响大吗', ['❌', '其余子项目都不能报', '二（二）2', '问道科学沙龙']],
    ['如果有违规记录会怎样', ['❌', '所有子项目都不能报', '二（二）3']],
    ['C等的话影响大不大', ['一流学会建设不能报', '学会联合体建设不能报', '其余 18 个子项目不受这一项影响']],
    ['你们是省科协的吗', ['申报助手', '不是省科协的工作人员', '025-83625058']],
    ['你是机器人吗', ['机器人']],
  ])('%s', async (text, expected) => {
    s = await openSession();
    await s.say('你好');
    const reply = (await s.say(text)).map((r) => r.text).join('\n');
    for (const part of expected) expect(reply).toContain(part);
    // Asked, not told: nothing is stored (not even the C等 or the misconduct of the assumption).
    expect(await profileAfter(s)).toEqual({});
  });

  it('keeps an English society name as written', async () => {
    s = await openSession();
    await s.say('你好');
    await s.say('我们是Jiangsu Computer Society');
    const state = await storedState(s);
    expect(state.name).toBe('Jiangsu Computer Society');
  });

  it.each([
    ['我们学会在乡下搞垃圾分类宣传', '助力美丽乡村建设'],
    ['我们主要做农业新品种推广', '助力乡村产业发展'],
  ])('proposes the project "%s" describes, with buttons, and stores no plan', async (text, project) => {
    s = await openSession();
    await s.say('你好');
    const replies = await s.say(text);
    const asked = replies.find((r) => r.question);
    expect(asked?.text).toContain(project);
    expect(asked?.question?.options.map((o) => o.label)).toEqual(['是', '不是']);
    expect((await profileAfter(s)).intended ?? []).toEqual([]);
  });
});
