import { afterEach, describe, expect, it } from 'vitest';
import { loadState } from '../../handlers/state.js';
import { openSession, type Session } from './harness.js';

/** What the fourth round of fresh conversations (a tester who never read the code) found wrong. */
describe('fresh conversations, round 4', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  const stateOf = async (session: Session) => loadState(await session.store.get(`chat:console:${session.chatId}`), session.now).state;
  const talk = async (lines: string[]) => {
    s = await openSession();
    let last = '';
    for (const line of lines) last = (await s.say(line)).map((r) => r.text).join('\n');
    return last;
  };

  it('"合作协议已经有了" while the misconduct question is open is not an answer to it', async () => {
    const asked = await talk(['我们是省农学会 B等 4A 年检合格', '想报标准制定']);
    expect(asked).toContain('弄虚作假');
    await s!.say('合作协议已经有了');
    expect((await stateOf(s!)).profile.integrityIssues).toBeUndefined();
  });

  it('"论文遴选要有多少专家" while the 年检 question is open is a question, not 年检合格', async () => {
    const asked = await talk(['我们是省期刊协会 B等 4A', '想报标准制定']);
    expect(asked).toContain('年检');
    await s!.say('论文遴选要有多少专家');
    expect((await stateOf(s!)).profile.annualInspectionPassed).toBeUndefined();
  });

  it.each(['前年我们一个项目虚报发票，违规使用经费了', '省XX研究会，前年有个项目被查出来虚报发票，违规使用经费了'])(
    'records misconduct said plainly: %s',
    async (text) => {
      await talk(['你好', text]);
      expect((await stateOf(s!)).profile.integrityIssues).toBe(true);
    },
  );

  it('"违规使用经费会怎样" asks; nothing is recorded', async () => {
    const reply = await talk(['你好', '违规使用经费会怎样']);
    expect(reply).toContain('二（二）3');
    expect((await stateOf(s!)).profile.integrityIssues).toBeUndefined();
  });

  it.each(['这次省生态学会牵头我们参与可以吗', '我们是省医学会下面一个小学会'])('a partner or parent society is not taken as the name: %s', async (text) => {
    await talk(['你好', text]);
    expect((await stateOf(s!)).name).toBeUndefined();
  });

  it('"要是12月5号开呢" about the 品牌学术交流 event: refused, and the date is not stored', async () => {
    const reply = await talk(['我们是省计算机学会 A等 5A 年检合格', '想报品牌学术交流', '要是12月5号开呢']);
    expect(reply).toMatch(/^❌ 不可以/);
    expect((await stateOf(s!)).eventDates).toEqual({});
  });

  it('青少年科普 with 健康: the conflict names its reading', async () => {
    const reply = await talk(['你好', '青少年科普和健康专项能一起报吗']);
    expect(reply.split('\n')[0]).toContain('［理解#11］');
  });
});
