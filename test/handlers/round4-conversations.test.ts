import { afterEach, describe, expect, it } from 'vitest';
import { conversationOf, type Session, storedState } from './harness.js';

/** What the fourth round of fresh conversations (a tester who never read the code) found wrong. */
describe('fresh conversations, round 4', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  const stateOf = storedState;
  const talk = async (lines: string[]) => {
    const { session, last } = await conversationOf(lines);
    s = session;
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

  it('"产业发展跟美丽乡村两个都报" is one of each, with no conflict', async () => {
    const reply = await talk(['你好', '想报助力乡村产业发展 跟美丽乡村两个都报']);
    expect(reply).not.toContain('×2');
    expect(reply).not.toContain('二（三）5');
    expect((await stateOf(s!)).profile.intended).toEqual(['rural_industry', 'rural_beauty']);
  });

  it('"21年拿过会员之家 22年还能报科技奖励吗": the award is offered to be recorded, the answer is about 科技奖励', async () => {
    const reply = await talk(['你好', '21年拿过会员之家 22年还能报科技奖励吗']);
    expect((await stateOf(s!)).profile.priorProjects).toBeUndefined();
    expect(reply).toContain('记入档案');
    await s!.say('是');
    expect((await stateOf(s!)).profile.priorProjects).toEqual([{ year: 2021, project: 'member_home' }]);
    expect(reply).toContain('科技奖励还不确定');
    expect(reply).not.toContain('不能报会员之家');
  });

  it('"那我们就报个一流科技服务学会吧" is a plan even with a question after it', async () => {
    await talk(['你好', '那我们就报个一流科技服务学会吧 C等行吗']);
    expect((await stateOf(s!)).profile.intended).toEqual(['platform_tech_service']);
  });

  it('"那特色的呢 跟品牌一起报" asks; it is not a plan', async () => {
    const reply = await talk(['你好', '那特色的呢 跟品牌一起报']);
    expect(reply).toMatch(/^❌ 不可以：品牌学术交流与特色学术交流互不兼报/);
    expect((await stateOf(s!)).profile.intended ?? []).toEqual([]);
  });

  it.each([
    ['问道科学沙龙办10场够不够', /^❌ 不够：举办年度序列小型高端学术交流活动，不少于15场（三（二）1（1）1））/],
    ['问道科学沙龙办16场够不够', /^✅ 够/],
    // the count in the question is used for the answer (and recording it is asked, with buttons)
    ['健康专项我们有7个医学专家够吗', /医学专家7人。只是按假设回答[^\n]*\n✅ 够：须建有高水平的医学专家队伍，组成人数不少于6人[\s\S]*记入档案/],
    ['期刊建设要不要评估等级', /^✅ 不要：梯队期刊建设对“社会组织评估等级”没有专门要求/],
    ['一流学会要不要评估等级', /^要：一流学会建设要求评估等级须不低于4A级/],
  ])('%s', async (text, expected) => {
    const reply = await talk(['我们是省科普作家协会 B等 4A 年检合格 无违规', text]);
    expect(reply).toMatch(expected);
  });

  it('"如果…他们牵头 我们还能单独报美丽乡村吗": the participant rule, not a what-if', async () => {
    const reply = await talk([
      '我们是省农学会 B等 4A 年检合格',
      '想报助力乡村产业发展 跟美丽乡村两个都报',
      '如果我们跟省土壤学会一起搞 他们牵头 我们还能单独报美丽乡村吗',
    ]);
    expect(reply).toMatch(/^❌ 不可以：多家单位共同参与的项目由牵头学会申报，参与单位不可兼报。（三（四）3（2）3））/);
  });

  it('"一流学会认定以后有啥要求" is the year-end condition, with its reading', async () => {
    const reply = await talk(['你好', '一流学会认定以后有啥要求']);
    expect(reply).toMatch(/^申报时不要求，但年末还要考核：“获得认定的学会本年度综合能力考核达到一类。”（三（一）1（2）4））［理解#7］/);
  });
});
