/** Reminders name only what is still missing on the society's checklist for that deadline's phase, or say all is ready. */
import { afterEach, describe, expect, it } from 'vitest';
import { checklistItems } from '../../handlers/checklist.js';
import { ReminderScheduler } from '../../src/delivery/reminders.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { setChecklistItem } from '../../src/checklist-store.js';
import { loadGuideFile } from '../../src/guide-file.js';
import type { Store } from '../../src/store/store.js';
import { at, fakeSender, memoryLogger, saveSociety, tempStore } from './helpers.js';

const guide = loadGuideFile();
const POLICY = { offsetsDays: [7], time: '09:10' };
let store: Store;
afterEach(async () => {
  await store?.close();
});

const items = checklistItems(guide, 'standard');
const byWords = (words: string) => items.find((i) => i.text.includes(words))!;

async function remindersAt(iso: string): Promise<string[]> {
  const { logger } = memoryLogger();
  const tg = fakeSender('telegram');
  const worker = new DeliveryWorker({ store, senders: { telegram: tg.sender }, logger });
  await new ReminderScheduler({ store, guide, policy: POLICY, clock: () => at(iso), logger }).tick();
  await worker.tick();
  return tg.sends.map((s) => s.text);
}

describe('reminders and the checklist', () => {
  it('list only the open items of the deadline’s phase, from the checklist the society’s chats share', async () => {
    ({ store } = await tempStore());
    // Two chats of one roster society: one ticked, the other gets the reminder.
    await saveSociety(store, 'telegram', '300', { intended: ['standard'] }, { societyId: 'soc-r', reminders: true });
    await saveSociety(store, 'lark', 'oc_ticker', { intended: ['standard'] }, { societyId: 'soc-r', reminders: false });
    await setChecklistItem(store, {
      society: 'soc-r',
      project: 'standard',
      item: byWords('立项截图').id,
      state: 'done',
      by: 'lark:ou_1',
      at: at('2022-05-09T10:00:00+08:00'),
    });
    await setChecklistItem(store, {
      society: 'soc-r',
      project: 'standard',
      item: byWords('纸质版').id,
      state: 'na',
      by: 'staff:张三',
      at: at('2022-05-09T10:00:00+08:00'),
    });
    // 7 days before the online application deadline (05-17 17:00).
    const [application] = await remindersAt('2022-05-10T09:30:00+08:00');
    expect(application).toContain('还有7天截止');
    expect(application).toContain('标准制定还差 1 项：在江苏学会网项目管理系统填写提交的电子版《申报书》');
    expect(application).not.toContain('立项截图');
    expect(application).not.toContain('发布截图');
    expect(application).not.toContain('纸质版《申报书》一份');
  });

  it('say everything is ready when nothing of the phase is open, and list the closing items before the completion deadline', async () => {
    ({ store } = await tempStore());
    await saveSociety(store, 'telegram', '301', { intended: ['standard'] });
    for (const item of items.filter((i) => i.phase === 'application'))
      await setChecklistItem(store, {
        society: 'telegram:301',
        project: 'standard',
        item: item.id,
        state: 'done',
        by: 'telegram:1',
        at: at('2022-05-09T10:00:00+08:00'),
      });
    const [application] = await remindersAt('2022-05-10T09:30:00+08:00');
    expect(application).toContain('标准制定：清单上这一阶段的材料都齐了 ✅');
    expect(application).not.toContain('还差');
    // 7 days before the completion deadline (11-30): the closing item, still open.
    const closing = (await remindersAt('2022-11-23T09:30:00+08:00')).find((t) => t.includes('完成标准制定并发布'))!;
    expect(closing).toContain('标准制定还差 1 项：全国团体标准信息平台发布截图等佐证材料');
  });
});
