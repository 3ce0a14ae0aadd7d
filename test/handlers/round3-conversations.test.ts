import { afterEach, describe, expect, it } from 'vitest';
import { conversationOf, type Session, storedState } from './harness.js';

/** What the third round of fresh conversations (a tester who never read the code) found wrong. */
describe('fresh conversations, round 3', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  const stateOf = storedState;
  const talk = async (lines: string[]) => {
    const { session, last } = await conversationOf(lines);
    s = session;
    return last;
  };

  it('records misconduct stated plainly in an auditor’s words', async () => {
    await talk(['你好', '我们2020年的提升计划项目审计查出来虚开发票，被认定违规使用项目资金']);
    expect((await stateOf(s!)).profile.integrityIssues).toBe(true);
  });

  it('a plan beside a dated grade is a plan, not an award of that year', async () => {
    await talk(['你好', '我们还想牵头搞个学会联合体，去年评价是C']);
    const { profile } = await stateOf(s!);
    expect(profile.evaluationGrade).toBe('C');
    expect(profile.priorProjects ?? []).toEqual([]);
    expect(profile.intended).toContain('consortium');
  });

  it('"21年拿的是X不是Y" corrects the awards instead of adding to them', async () => {
    await talk(['你好', '我们20年和21年都拿过发展助力', '等下我记错了 21年拿的是会员之家不是发展助力，20年是发展助力']);
    // The set of awards matters, not the order they are kept in.
    const awards = (await stateOf(s!)).profile.priorProjects ?? [];
    expect([...awards].sort((a, b) => b.year - a.year)).toEqual([
      { year: 2021, project: 'member_home' },
      { year: 2020, project: 'development_aid' },
    ]);
  });

  it('a what-if about the plan answers with its conflict first and changes nothing', async () => {
    const reply = await talk(['你好', '想报一流学会+一流学术+一流科技服务', '那如果不报一流学会 只报学术平台和科技服务平台呢']);
    expect(reply.split('\n')[1]).toContain('二（三）3');
    expect((await stateOf(s!)).profile.intended).toEqual(['first_class_society', 'platform_academic', 'platform_tech_service']);
  });

  it('"都想搞" is a plan, echoed with its conflict', async () => {
    const reply = await talk(['你好', '品牌学术和特色学术都想搞']);
    expect(reply).toContain('二（三）4');
    expect((await stateOf(s!)).profile.intended).toEqual(['brand_exchange', 'featured_exchange']);
  });

  it('"那今年是不是不行了" is about the award just mentioned', async () => {
    const reply = await talk(['省农学会 想咨询科技奖励', '我们21年拿过科技奖励的项目', '那今年是不是不行了']);
    expect(reply.split('\n')[0]).toMatch(/^❌ 不能报科技奖励.*三（三）4（2）/);
  });

  it('"年检我们没有啊 这个影响吗" from an affiliated institution: the fact is kept, and the answer is that it changes nothing', async () => {
    const reply = await talk(['您好，我们是省科协直属事业单位，不是学会', '年检我们没有啊 这个影响吗']);
    expect(reply).toContain('✅ 不影响');
  });

  it('"也是登录学会网系统吗" assumes nothing about who is asking', async () => {
    const reply = await talk(['您好，我们是省科协直属事业单位，不是学会', '沙龙怎么申报 也是登录学会网系统吗']);
    expect(reply).not.toContain('按问题里的情况');
    expect((await stateOf(s!)).profile.orgType).toBe('affiliated_institution');
  });

  it('two platforms asked about with 一流学会 in the plan are allowed together', async () => {
    const reply = await talk(['我们是省计算机学会 A等 5A 年检合格 没违规', '想报一流学会', '一流学术学会和一流科普学会两个都报行不行']);
    expect(reply.split('\n')[0]).toMatch(/^✅ 可以/);
    expect(reply).not.toContain('⚠️');
  });

  it('the open question is asked again after the first answer, then not after every one', async () => {
    const replies = await talk(['你好']);
    expect(replies).toContain('今年打算申报哪些类别');
    const again = async (text: string) => (await s!.say(text)).map((r) => r.text).join('\n');
    expect(await again('标准制定什么时候截止')).toContain('还有一个问题没回答');
    expect(await again('科技评估什么时候截止')).not.toContain('还有一个问题没回答');
    expect(await again('决策咨询什么时候截止')).not.toContain('还有一个问题没回答');
    expect(await again('科技奖励什么时候截止')).toContain('还有一个问题没回答');
  });

  it.each([
    ['标准要是12月才发布来得及吗', /^❌ 不可以：完成标准制定并发布须在2022年11月30日前（三（三）2（2））/],
    ['我们今年打算报几个项目了？', /^你们现在打算申报 1 项：标准制定/],
    ['要交哪些东西', /标准制定 · 材料清单/],
  ])('with 标准制定 planned: %s', async (text, expected) => {
    const reply = await talk(['我们是省标准化协会 B等 4A 年检合格 无违规', '想报标准制定', text]);
    expect(reply).toMatch(expected);
  });

  it('a national society as the first host of a 品牌学术交流 is not allowed', async () => {
    const reply = await talk(['你好', '品牌学术交流 全国学会当第一主办方 我们协办 可以吗']);
    expect(reply).toMatch(/^❌ 不可以：省级学会必须为品牌学术交流第一主办方.*三（二）1（2）3）/);
  });

  it('"can you speak english" switches the chat to English, "说中文吧" back', async () => {
    expect(await talk(['你好', 'can you speak english'])).toContain('Language: English');
    expect((await stateOf(s!)).lang).toBe('en');
    expect((await s!.say('说中文吧')).map((r) => r.text).join('\n')).toContain('已切换为中文');
  });

  it('"纸质材料送哪里 几号前" gets the date and the address', async () => {
    const reply = await talk(['我们是省标准化协会 B等 4A 年检合格 无违规', '想报标准制定', '纸质材料送哪里 几号前']);
    expect(reply).toContain('纸质版申报书（签字盖章）送达截止');
    expect(reply).toContain('梦都大街50号');
  });

  it('"那这个呢 科技评估" is about 科技评估 alone, not the project before too', async () => {
    const reply = await talk(['我们是省标准化协会 B等 4A 年检合格 无违规', '想报标准制定', '标准制定能报吗', '那这个呢 科技评估']);
    expect(reply).toContain('科技评估');
    expect(reply).not.toContain('标准制定');
  });

  it('after misconduct said plainly, "所有项目都不行？" says yes, all of them, by 二（二）3', async () => {
    const reply = await talk(['我们是省医学会 B等 4A 年检合格', '我们2020年的提升计划项目审计查出来虚开发票，被认定违规使用项目资金', '所有项目都不行？']);
    expect(reply).toMatch(/全部 20 个项目：诚信记录须良好.*二（二）3/);
  });

  it('an English question in a Chinese chat is answered in English, about what it asks', async () => {
    const reply = await talk(['你好', 'What documents do we need for the health project?']);
    expect(reply).toContain('To hand in when applying');
  });

  it('the 品牌学术交流 with its event date: 会后材料 pinpointed, a December event refused', async () => {
    await talk(['我们是省计算机学会 A等 5A 年检合格', '另外品牌学术交流也想报，年会打算10月20号在苏州开']);
    const after = (await s!.say('会后材料啥时候交')).map((r) => r.text).join('\n');
    expect(after).toContain('2022年11月20日');
    expect(after).not.toContain('电子版申报书提交截止');
    await s!.say('要交哪些东西');
    const december = (await s!.say('对了年会要是拖到12月初开呢')).map((r) => r.text).join('\n');
    expect(december).toMatch(/^❌ 不可以：(品牌学术交流的)?学术交流活动完成须在2022年11月30日前/);
  });
});
