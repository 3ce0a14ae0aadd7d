/**
 * The staff's view of the checklists: progress per society in /stats and `cli stats`, in the staff
 * console's society list and page, and the broadcast audience `checklist:ID`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceString, describeAudience, parseAudience } from '../../handlers/audience.js';
import { checklistItems } from '../../handlers/checklist.js';
import { newState } from '../../handlers/state.js';
import { Conversation } from '../../handlers/conversation.js';
import { ChatService, chatKey } from '../../src/chat-service.js';
import { setChecklistItem } from '../../src/checklist-store.js';
import { runCli } from '../../src/cli/run.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { HttpServer } from '../../src/http-server.js';
import { createSociety, linkChat } from '../../src/roster/societies.js';
import { StaffService } from '../../src/staff-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createSignInLink } from '../../src/web/auth.js';
import { mountStaffConsole } from '../../src/web/console.js';

const guide = loadGuideFile();
const now = Date.parse('2022-05-10T10:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'shenbao-checklist-staff-'));
const standard = checklistItems(guide, 'standard');
let store: Store;
let societyId = '';

async function chat(channel: 'telegram' | 'lark', chatId: string, intended: string[], extra: Record<string, unknown> = {}) {
  await store.set(chatKey(channel, chatId), { ...newState(now), profile: { intended }, stage: 'done', lastSeenAt: now, ...extra });
}
const tick = (society: string, project: 'standard' | 'health', item: string, state: 'done' | 'na' = 'done') =>
  setChecklistItem(store, { society, project, item, state, by: 'telegram:1', at: now });

beforeAll(async () => {
  store = await openSqliteStore(dir);
  // A roster society with two chats: one item of standard done (3 open).
  const society = await createSociety(store, { name: '江苏省清单学会', facts: {}, nowMs: now });
  societyId = society.id;
  for (const id of ['601', '602']) {
    await chat('telegram', id, ['standard'], { societyId, name: '江苏省清单学会' });
    await linkChat(store, societyId, `telegram:${id}`, now);
  }
  await tick(societyId, 'standard', standard[2]!.id);
  // A chat on its own with standard complete (one item not applicable).
  await chat('lark', 'oc_done', ['standard'], { name: '江苏省齐全学会' });
  for (const [i, item] of standard.entries()) await tick('lark:oc_done', 'standard', item.id, i === 1 ? 'na' : 'done');
  // A chat that intends health only, nothing ticked; and one that intends nothing.
  await chat('telegram', '603', ['health'], { name: '江苏省健康学会' });
  await chat('telegram', '604', [], { name: '江苏省未定学会' });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('checklist for staff', () => {
  it('/stats keeps its fields and adds progress per society (its chats together), the furthest behind first', async () => {
    const staff = new StaffService(store, guide, () => now);
    const data = await staff.statsData();
    // Five chats, four societies: the roster society's two chats count once.
    expect(data).toMatchObject({ societies: 4, intended: { standard: 2, health: 1 } });
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['perChannel', 'inactive', 'incomplete', 'verdicts', 'roster', 'checklist']));
    expect(data.checklist).toEqual([
      { society: 'telegram:603', name: '江苏省健康学会', projects: ['health'], done: 0, open: 7, na: 0, total: 7 },
      { society: societyId, name: '江苏省清单学会', projects: ['standard'], done: 1, open: 3, na: 0, total: 4 },
      { society: 'lark:oc_done', name: '江苏省齐全学会', projects: ['standard'], done: 3, open: 0, na: 1, total: 3 },
    ]);
    const text = await staff.stats();
    expect(text).toContain('📊 已登记学会：4 个（会话：');
    expect(text).toContain('材料清单进度');
    expect(text).toContain('· 江苏省清单学会：材料 1/4，还差 3 项');
    expect(text).toContain('· 江苏省齐全学会：材料 3/3，还差 0 项');
    expect(await staff.stats('en')).toContain('· 江苏省清单学会: evidence 1/4, 3 still missing');
  });

  it('the audience checklist:ID reaches the chats of societies that intend ID and still have items open', async () => {
    const audience = parseAudience('checklist:standard')!;
    expect(audience).toEqual({ kind: 'checklist', project: 'standard' });
    expect(audienceString(audience)).toBe('checklist:standard');
    expect(describeAudience(guide, audience)).toBe('打算申报“标准制定”且材料清单未齐的学会');
    expect(parseAudience('checklist:nonsense')).toBeUndefined();
    const staff = new StaffService(store, guide, () => now);
    const { reach } = await staff.recipients(audience);
    expect(reach.map((r) => `${r.channel}:${r.chatId}`).sort()).toEqual(['telegram:601', 'telegram:602']);
    expect((await staff.countAudience({ kind: 'checklist', project: 'health' })).recipients).toBe(1);
  });

  it('the staff console shows “材料 1/4” in the society list, the items on the society’s page, and filters by checklist:ID', async () => {
    const server = new HttpServer(pino({ level: 'silent' }));
    mountStaffConsole(server, {
      store,
      guide,
      publicUrl: 'http://127.0.0.1',
      clock: () => now,
      staff: new StaffService(store, guide, () => now),
      logger: pino({ level: 'silent' }),
      reminders: { offsetsDays: [7, 3, 1, 0], time: '09:10' },
      botUsername: async () => undefined,
    });
    const port = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    try {
      const link = new URL(await createSignInLink(store, base, 'tester', now));
      const signIn = await fetch(`${base}${link.pathname}${link.search}`, { redirect: 'manual' });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const get = async (path: string) => (await fetch(`${base}${path}`, { headers: { cookie } })).text();
      const list = await get('/staff/societies');
      expect(list).toContain('<th>材料</th>');
      expect(list).toMatch(/江苏省清单学会[\s\S]*?class="checklist">材料 1\/4/);
      expect(list).toMatch(/江苏省齐全学会[\s\S]*?class="checklist">材料 3\/3/);
      const filtered = await get('/staff/societies?kind=checklist&project=standard');
      expect(filtered).toContain('江苏省清单学会');
      expect(filtered).not.toContain('江苏省齐全学会');
      expect(filtered).not.toContain('江苏省健康学会');
      const page = await get(`/staff/society?id=${encodeURIComponent(societyId)}`);
      expect(page).toContain('材料清单（已齐 1/4，不适用不计）');
      expect(page).toContain('全国团体标准信息平台立项截图等佐证材料（三（三）2（2））</td><td>✅ 已齐</td><td>telegram:1（2022-05-10 10:00）');
    } finally {
      await server.close();
    }
  });

  it('cli stats --json has the checklist; cli broadcast --audience checklist:ID counts its recipients', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(`ERR ${s}`), readStdin: async () => '', env: { DATA_DIR: dir } };
    expect(await runCli(['stats', '--json'], io)).toBe(0);
    const stats = JSON.parse(out.join(''));
    expect(stats.checklist.map((c: { name: string; done: number; total: number }) => `${c.name} ${c.done}/${c.total}`)).toEqual([
      '江苏省健康学会 0/7',
      '江苏省清单学会 1/4',
      '江苏省齐全学会 3/3',
    ]);
    out.length = 0;
    expect(await runCli(['broadcast', '--audience', 'checklist:standard', '--text', '请尽快补齐材料', '--dry-run', '--json'], io)).toBe(0);
    const dry = JSON.parse(out.join(''));
    // One roster society with two chats: counted once, both chats listed under it.
    expect(dry).toMatchObject({ societies: 1, chats: 2 });
    expect(dry.recipients).toEqual([
      { society: '江苏省清单学会', chats: expect.arrayContaining([expect.stringMatching(/^telegram:/), expect.stringMatching(/^telegram:/)]) },
    ]);
    expect(dry.recipients[0].chats).toHaveLength(2);
  });
});

describe('checklist for staff, in chat', () => {
  it('/broadcast offers the audience “材料未齐的学会”, asks the project and counts; /stats shows the progress', async () => {
    const localDir = mkdtempSync(join(tmpdir(), 'shenbao-checklist-staffchat-'));
    const local = await openSqliteStore(localDir);
    try {
      const staff = new StaffService(local, guide, () => now);
      const service = new ChatService(local, new Conversation(guide), { clock: () => now, logger: pino({ level: 'silent' }), staff });
      for (const [id, ticked] of [
        ['701', false],
        ['702', true],
      ] as const) {
        await local.set(chatKey('telegram', id), { ...newState(now), profile: { intended: ['standard'] }, stage: 'done', lastSeenAt: now, name: `学会${id}` });
        if (ticked)
          for (const item of standard)
            await setChecklistItem(local, { society: `telegram:${id}`, project: 'standard', item: item.id, state: 'done', by: 'x', at: now });
      }
      const me = { channel: 'telegram' as const, chatId: '900', userId: '900', isStaff: true };
      await service.handle({ ...me, text: '/broadcast 请尽快补齐材料' });
      let replies = await service.handle({ ...me, text: '材料未齐的学会' });
      const q = replies.at(-1)!.question!;
      expect(q.options.some((o) => o.value === 'standard')).toBe(true);
      replies = await service.handle({ ...me, choice: { question: q.id, values: ['standard'], action: 'pick' } });
      const preview = replies.map((r) => r.text).join('\n');
      expect(preview).toContain('打算申报“标准制定”且材料清单未齐的学会（checklist:standard）');
      expect(preview).toContain('收件学会：1 个');
      const stats = (await service.handle({ ...me, text: '/stats' })).map((r) => r.text).join('\n');
      expect(stats).toContain('· 学会701：材料 0/4，还差 4 项');
      expect(stats).toContain('· 学会702：材料 4/4，还差 0 项');
    } finally {
      await local.close();
      rmSync(localDir, { recursive: true, force: true });
    }
  });
});
