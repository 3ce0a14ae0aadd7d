/** The checklist in the console chat and by free text: numbered ticks (idempotent, explicit undo), ticks from plain words with undo, questions when unsure. */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { checklistItems } from '../../handlers/checklist.js';
import type { Reply } from '../../handlers/types.js';
import { choiceFromLine, formatReply, runConsole } from '../../src/channels/console.js';
import { checklistKey } from '../../src/checklist-store.js';
import { bundled, openSession, type Session } from '../handlers/harness.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const { guide } = bundled();
const item = (project: 'standard' | 'tech_assessment', words: string) => checklistItems(guide, project).find((i) => i.text.includes(words))!;
const key = (project: 'standard' | 'tech_assessment', words: string) => checklistKey('console:c1', project, item(project, words).id);
const text = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

describe('checklist in the console', () => {
  it('shows numbered items; a typed number ticks, the same number again changes nothing, "撤销 3" undoes; 0 closes with what is left', async () => {
    s = await openSession();
    await s.say('我们想报标准制定');
    const shown = await s.say('/checklist');
    const q = shown.at(-1)!.question!;
    const out = formatReply(shown.at(-1)!);
    expect(out).toContain('标准制定：还差 4 项（申报 3、结项 1）');
    expect(out).toContain('回复编号勾选：1 3 5（重复输入不会取消）；改回待办：撤销 3');
    expect(out).toMatch(/ {2}3\. 3\. 全国团体标准信息平台立项截/);

    const ticked = await s.send({ choice: choiceFromLine('1 3', q) as never });
    expect(ticked.at(-1)!.update).toBe(true);
    expect(text(ticked)).toContain('标准制定：还差 2 项（申报 1、结项 1）');
    const first = await s.store.get(key('standard', '立项截图'));
    expect(first).toMatchObject({ state: 'done', by: 'console:u1' });
    // The same numbers again, read against the redrawn list (as the console does): nothing changes.
    s.now += 60_000;
    const again = await s.send({ choice: choiceFromLine('3', ticked.at(-1)!.question!) as never });
    expect(text(again)).toContain('还差 2 项');
    expect(text(again)).toContain('第 3 项“全国团体标准信息平台立项截图等佐证材料”已经是已齐，没有改动；要改回待办，请输入“撤销 3”');
    expect(await s.store.get(key('standard', '立项截图'))).toEqual(first);
    const twice = await s.send({ choice: choiceFromLine('1 3', again.at(-1)!.question!) as never });
    expect(text(twice)).toContain('还差 2 项');
    expect(await s.store.get(key('standard', '立项截图'))).toEqual(first);
    // Undo is explicit, in any of its forms; an undo repeated changes nothing either.
    expect(choiceFromLine('3 未完成', twice.at(-1)!.question!)).toEqual(choiceFromLine('撤销 3', twice.at(-1)!.question!));
    expect(choiceFromLine('取消 9', twice.at(-1)!.question!)).toBe('invalid');
    const undone = await s.send({ choice: choiceFromLine('撤销 3', twice.at(-1)!.question!) as never });
    expect(text(undone)).toContain('还差 3 项');
    expect(await s.store.get(key('standard', '立项截图'))).toMatchObject({ state: 'todo' });
    const undoneTwice = await s.send({ choice: choiceFromLine('取消 3', undone.at(-1)!.question!) as never });
    expect(text(undoneTwice)).toContain('还差 3 项');
    expect(await s.store.get(key('standard', '立项截图'))).toMatchObject({ state: 'todo' });
    expect(await s.store.get(key('standard', '立项截图'))).not.toEqual(first);
    const closed = await s.send({ choice: choiceFromLine('0', undoneTwice.at(-1)!.question!) as never });
    expect(text(closed)).toContain('清单已保存');
    expect(closed.some((r) => r.question)).toBe(false);
  });

  it('in "not applicable" mode a number marks the item not applicable, again changes nothing, "撤销" makes it to-do', async () => {
    s = await openSession();
    await s.say('我们想报标准制定');
    const shown = await s.say('/checklist');
    const q = shown.at(-1)!.question!;
    const modeIndex = q.options.findIndex((o) => o.value.startsWith('mode|')) + 1;
    const na = await s.send({ choice: choiceFromLine(String(modeIndex), q) as never });
    expect(formatReply(na.at(-1)!)).toContain('回复编号标记不适用：1 3（重复输入不会取消）；改回待办：撤销 3');
    const marked = await s.send({ choice: choiceFromLine('2', na.at(-1)!.question!) as never });
    const entry = (await s.store.keys('checklist:'))[0]!;
    expect(await s.store.get(entry)).toMatchObject({ state: 'na' });
    const again = await s.send({ choice: choiceFromLine('2', marked.at(-1)!.question!) as never });
    expect(await s.store.get(entry)).toMatchObject({ state: 'na' });
    await s.send({ choice: choiceFromLine('撤销 2', again.at(-1)!.question!) as never });
    expect(await s.store.get(entry)).toMatchObject({ state: 'todo' });
  });

  it('through the real console adapter: typing a number twice leaves it ticked, "撤销" unticks', async () => {
    s = await openSession();
    const local = checklistKey('console:local', 'standard', item('standard', '立项截图').id); // the console's own chat
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (b: Buffer) => {
      printed += b.toString();
    });
    const done = runConsole(s.service, { input, output, dataDir: s.dir, greet: false });
    for (const line of ['我们想报标准制定', '/checklist', '3', '3']) input.write(`${line}\n`);
    input.end();
    await done;
    expect(await s.store.get(local)).toMatchObject({ state: 'done' });
    expect(printed).toContain('已经是已齐，没有改动');
    const input2 = new PassThrough();
    const done2 = runConsole(s.service, { input: input2, output, dataDir: s.dir, greet: false });
    for (const line of ['/checklist', '撤销 3', '撤销 3']) input2.write(`${line}\n`);
    input2.end();
    await done2;
    expect(await s.store.get(local)).toMatchObject({ state: 'todo' });
  });

  it('asks for intended projects first, and names an unknown or unplanned project', async () => {
    s = await openSession();
    expect(text(await s.say('/checklist'))).toContain('还不知道贵会打算报哪些项目');
    await s.say('我们想报标准制定');
    expect(text(await s.say('/checklist 科技评估'))).toContain('贵会没有打算申报“科技评估”');
    expect(text(await s.say('清单'))).toContain('📋 材料清单');
  });
});

describe('checklist by free text', () => {
  it('ticks the item the words name, says so with an undo button, and undo puts it back', async () => {
    s = await openSession();
    await s.say('我们想报标准制定和科技评估');
    const replies = await s.say('立项截图已经有了');
    expect(text(replies)).toContain('已勾选：标准制定 · 全国团体标准信息平台立项截图等佐证材料（三（三）2（2））');
    expect(text(replies)).toContain('标准制定：还差 3 项');
    expect(await s.store.get(key('standard', '立项截图'))).toMatchObject({ state: 'done' });
    const undo = replies.at(-1)!.question!;
    expect(undo.options.map((o) => o.label)).toEqual(['撤销']);
    s.question = undo;
    expect(text(await s.tap('撤销'))).toContain('已撤销');
    expect(await s.store.get(key('standard', '立项截图'))).toMatchObject({ state: 'todo' });
  });

  it('"合同还没签" puts a ticked agreement back to do; "不需要" marks it not applicable', async () => {
    s = await openSession();
    await s.say('我们想报科技评估');
    await s.say('委托协议签好了');
    expect(await s.store.get(key('tech_assessment', '委托协议'))).toMatchObject({ state: 'done' });
    expect(text(await s.say('合同还没签'))).toContain('已改回待办：科技评估 · 评估委托协议等材料');
    expect(await s.store.get(key('tech_assessment', '委托协议'))).toMatchObject({ state: 'todo' });
    expect(text(await s.say('委托协议不需要'))).toContain('已标记不适用');
  });

  it('never ticks what was not named: words that fit several items are asked about, words that fit none change nothing', async () => {
    s = await openSession();
    await s.say('我们想报科技评估和决策咨询');
    await s.say('专家名单弄好了');
    expect(await s.store.keys('checklist:')).toEqual([]);

    const photos = await s.say('主题照片有了');
    expect(text(photos)).toContain('您说的是哪一项已经齐了');
    expect(photos.at(-1)!.question!.options.map((o) => o.label)).toEqual(['科技评估 · 评估会场主题照片', '决策咨询 · 专家讨论会主题照片', '都不是']);
    expect(await s.store.keys('checklist:')).toEqual([]);
    s.question = photos.at(-1)!.question!;
    expect(text(await s.tap('都不是'))).toContain('没有改动');
    expect(await s.store.keys('checklist:')).toEqual([]);

    await s.say('我们想报标准制定和科技评估');
    const several = await s.say('申报书弄好了');
    expect(text(several)).toContain('您说的是哪一项已经齐了');
    expect(several.at(-1)!.question!.options.map((o) => o.label)).toContain('科技评估 · 纸质版《申报书》一份');
    expect(await s.store.keys('checklist:')).toEqual([]);
    s.question = several.at(-1)!.question!;
    expect(text(await s.tap('科技评估 · 纸质版《申报书》一份'))).toContain('已勾选：科技评估 · 纸质版《申报书》');
    expect(await s.store.keys('checklist:')).toHaveLength(1);
  });

  it('reads several items in one message, and a correction after them', async () => {
    s = await openSession();
    await s.say('我们想报科技评估');
    const replies = await s.say('签到表、照片、反馈意见都齐了，就差评估报告');
    expect(text(replies)).toContain('科技评估：还差 4 项（申报 3、结项 1）');
    const states = await Promise.all(
      ['专家成员签到表', '评估会场主题照片', '委托方对评估的反馈意见', '评估报告'].map((w) => s!.store.get(key('tech_assessment', w))),
    );
    expect(states.map((e) => (e as { state?: string } | undefined)?.state ?? 'todo')).toEqual(['done', 'done', 'done', 'todo']);
    expect(replies.at(-1)!.question!.options).toHaveLength(3); // one undo per change
    await s.say('签到表是好的，反馈意见刚才勾错了');
    expect(await s.store.get(key('tech_assessment', '反馈意见'))).toMatchObject({ state: 'todo' });
    expect(await s.store.get(key('tech_assessment', '签到表'))).toMatchObject({ state: 'done' });
  });

  it('leaves questions and other talk alone', async () => {
    s = await openSession();
    await s.say('我们想报标准制定');
    for (const words of ['立项截图要交吗？', '好了', '截止时间是什么时候']) {
      await s.say(words);
      expect(await s.store.keys('checklist:')).toEqual([]);
    }
  });
});
