import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import type { Incoming, Reply } from '../../handlers/types.js';
import { listAudit } from '../../src/audit.js';
import { ChatService } from '../../src/chat-service.js';
import { entriesOf, listJobs } from '../../src/delivery/outbox.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { StaffService } from '../../src/staff-service.js';
import type { Store } from '../../src/store/store.js';
import { at, memoryLogger, saveSociety, tempStore } from '../delivery/helpers.js';

const guide = loadGuideFile();
const NOW = at('2022-05-10T10:00:00+08:00');
let store: Store;
afterEach(async () => {
  await store?.close();
});

async function setup() {
  ({ store } = await tempStore());
  const staff = new StaffService(store, guide, () => NOW);
  const service = new ChatService(store, new Conversation(guide), { clock: () => NOW, logger: memoryLogger().logger, staff });
  await saveSociety(store, 'telegram', '1', { orgType: 'society', evaluationGrade: 'C', intended: ['standard'] }, { lastSeenAt: NOW });
  await saveSociety(store, 'telegram', '2', { orgType: 'society', evaluationGrade: 'B', intended: ['standard', 'health'] }, { lastSeenAt: NOW });
  await saveSociety(store, 'lark', 'oc_3', { orgType: 'society', evaluationGrade: 'C', intended: ['youth_science'] }, { lastSeenAt: NOW - 40 * 86_400_000 });
  await saveSociety(store, 'lark', 'oc_4', { orgType: 'society', intended: ['standard'] }, { inactive: true });
  return { service, staff };
}

const text = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
const lastQuestion = (replies: Reply[]) => [...replies].reverse().find((r) => r.question)!.question!;

describe('staff commands in chat', () => {
  it('refuses non-staff politely and records the attempt (DM, group, removed staff id)', async () => {
    const { service } = await setup();
    const attempts: Incoming[] = [
      { channel: 'telegram', chatId: '1', userId: '1', text: '/broadcast 明天开会' },
      { channel: 'telegram', chatId: '-100', userId: '5', text: '/stats', isGroup: true },
      { channel: 'lark', chatId: 'oc_9', userId: 'ou_removed', text: '/broadcast', isStaff: false },
    ];
    for (const msg of attempts) expect(text(await service.handle(msg))).toContain('只有省科协项目工作人员可以使用');
    const audit = await listAudit(store);
    expect(audit.map((a) => a.action)).toEqual(['refused:/broadcast', 'refused:/stats', 'refused:/broadcast']);
    expect(audit[1]).toMatchObject({ channel: 'telegram', userId: '5', group: true });
    expect(await listJobs(store)).toEqual([]);
  });

  it('composes, chooses the audience, previews the exact count, and queues on confirm', async () => {
    const { service } = await setup();
    const me = { channel: 'telegram' as const, chatId: '900', userId: '900', isStaff: true };
    expect(text(await service.handle({ ...me, text: '/broadcast' }))).toContain('请发送要群发的通知内容');
    let replies = await service.handle({ ...me, text: '标准制定项目请于11月30日前完成发布。' });
    let q = lastQuestion(replies);
    replies = await service.handle({ ...me, choice: { question: q.id, values: ['intended'], action: 'pick' } });
    q = lastQuestion(replies);
    replies = await service.handle({ ...me, choice: { question: q.id, values: ['standard'], action: 'pick' } });
    expect(text(replies)).toContain('标准制定项目请于11月30日前完成发布。');
    expect(text(replies)).toContain('收件学会：2 个（另有 1 个已失联，不发送）');
    q = lastQuestion(replies);
    replies = await service.handle({ ...me, choice: { question: q.id, values: ['send'], action: 'pick' } });
    expect(text(replies)).toContain('开始发送，共 2 个学会');
    const [job] = await listJobs(store);
    expect(job).toMatchObject({ kind: 'broadcast', total: 2, audience: 'intended:standard' });
    expect((await entriesOf(store, job!.id)).map(([, e]) => `${e.channel}:${e.chatId}`).sort()).toEqual(['telegram:1', 'telegram:2']);
    expect((await listAudit(store)).at(-1)).toMatchObject({ action: 'broadcast', recipients: 2, inactive: 1, who: 'telegram:900' });
  });

  it('understands typed answers, offers grade and inactivity audiences, and cancels cleanly', async () => {
    const { service } = await setup();
    const me = { channel: 'lark' as const, chatId: 'oc_staff', userId: 'ou_staff', isStaff: true };
    await service.handle({ ...me, text: '/broadcast 请补充档案' });
    let replies = await service.handle({ ...me, text: '按综合能力评价等级' });
    replies = await service.handle({ ...me, text: 'C' });
    expect(text(replies)).toContain('收件学会：2 个');
    replies = await service.handle({ ...me, text: '取消' });
    expect(text(replies)).toContain('已取消群发');
    await service.handle({ ...me, text: '/broadcast 好久不见' });
    replies = await service.handle({ ...me, text: '30天未互动的' });
    expect(text(replies)).toContain('收件学会：1 个');
    expect(await listJobs(store)).toEqual([]);
  });

  it('reports /stats: societies per channel, intended projects, verdicts, incomplete profiles', async () => {
    const { service } = await setup();
    const out = text(await service.handle({ channel: 'telegram', chatId: '900', userId: '900', isStaff: true, text: '/stats' }));
    expect(out).toMatch(/已登记学会：4 个（会话：(Telegram 2，飞书 2|飞书 2，Telegram 2)）/);
    expect(out).toContain('标准制定 3');
    expect(out).toMatch(/一流学会建设：0／\d／\d/);
  });

  it("refuses and audits a confirm from someone no longer staff, and never counts the staff's own chat as a society", async () => {
    const { service, staff } = await setup();
    const me = { channel: 'telegram' as const, chatId: '900', userId: '900', isStaff: true };
    await service.handle({ ...me, text: '/broadcast 通知' });
    let replies = await service.handle({ ...me, text: '全部学会' });
    expect(text(replies)).toContain('收件学会：3 个（另有 1 个已失联，不发送）');
    expect(await staff.countAudience({ kind: 'all' })).toMatchObject({ recipients: 3, inactive: 1 });
    const q = lastQuestion(replies);
    replies = await service.handle({ ...me, isStaff: false, choice: { question: q.id, values: ['send'], action: 'pick' } });
    expect(text(replies)).toContain('只有省科协项目工作人员可以使用');
    expect((await listAudit(store)).at(-1)).toMatchObject({ action: 'refused:broadcast:confirm', userId: '900' });
    expect(await listJobs(store)).toEqual([]);
  });
});
