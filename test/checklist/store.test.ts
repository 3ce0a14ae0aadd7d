/** The checklist in a real SQLite store: per society, one key per item, written inside the chat turn's atomic write. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { checklistItems, entryKey } from '../../handlers/checklist.js';
import type { Conversation } from '../../handlers/conversation.js';
import { newState, type ChatState } from '../../handlers/state.js';
import type { Effect, HandlerContext, Incoming, Outcome } from '../../handlers/types.js';
import { ChatService } from '../../src/chat-service.js';
import { checklistKey, readChecklist, readEntries, setChecklistItem, societyKeyOf } from '../../src/checklist-store.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const guide = loadGuideFile();
const NOW = Date.parse('2022-05-10T10:00:00+08:00');
const silent = pino({ level: 'silent' });
const items = checklistItems(guide, 'standard');

const opened: Array<{ dir: string; store: Store }> = [];
afterEach(async () => {
  for (const { dir, store } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
async function sqlite(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-checklist-'));
  const store = await openSqliteStore(dir);
  opened.push({ dir, store });
  return store;
}

/** A conversation that only does what each test tells it to: the effects to return, and what it saw of the checklist. */
function scripted(make: (msg: Incoming, ctx: HandlerContext) => Promise<Effect[]>, seen: HandlerContext[] = []) {
  return {
    guide,
    async handle(msg: Incoming, state: ChatState, ctx: HandlerContext): Promise<Outcome> {
      seen.push(ctx);
      return { state: { ...state, updatedAt: ctx.nowMs }, replies: [{ text: 'ok' }], effects: await make(msg, ctx) };
    },
  } as unknown as Conversation;
}

describe('checklist store', () => {
  it('belongs to the roster society a chat joined, or else to the chat itself', () => {
    expect(societyKeyOf('telegram', '42', { societyId: 'abc-123' })).toBe('abc-123');
    expect(societyKeyOf('lark', 'oc_1', {})).toBe('lark:oc_1');
  });

  it('stores one key per item and reads the view back with who set each item and when', async () => {
    const store = await sqlite();
    await setChecklistItem(store, { society: 'soc-1', project: 'standard', item: items[2]!.id, state: 'done', by: 'staff:张三', at: NOW });
    await setChecklistItem(store, { society: 'soc-1', project: 'standard', item: items[1]!.id, state: 'na', by: 'telegram:7', at: NOW + 1 });
    expect(await store.keys('checklist:soc-1:')).toEqual(
      [checklistKey('soc-1', 'standard', items[1]!.id), checklistKey('soc-1', 'standard', items[2]!.id)].sort(),
    );
    const view = await readChecklist(store, 'soc-1', guide, ['standard']);
    expect(view.rows.map((r) => r.state)).toEqual(['todo', 'na', 'done', 'todo']);
    expect(view.rows[2]!.entry).toEqual({ state: 'done', by: 'staff:张三', at: NOW });
    expect(view.total).toEqual({ done: 1, open: 2, na: 1 });
    // Another society sees nothing of it.
    expect((await readChecklist(store, 'soc-2', guide, ['standard'])).total).toEqual({ done: 0, open: 4, na: 0 });
  });

  it('keeps a chat society apart from one whose key begins the same, and ignores a damaged entry', async () => {
    const store = await sqlite();
    await setChecklistItem(store, { society: 'telegram:12', project: 'standard', item: items[0]!.id, state: 'done', by: 'telegram:1', at: NOW });
    await setChecklistItem(store, { society: 'telegram:123', project: 'standard', item: items[1]!.id, state: 'done', by: 'telegram:1', at: NOW });
    await store.set(checklistKey('telegram:12', 'standard', items[3]!.id), { state: 'maybe' });
    expect([...(await readEntries(store, 'telegram:12')).keys()]).toEqual([entryKey('standard', items[0]!.id)]);
    expect([...(await readEntries(store, 'telegram:123')).keys()]).toEqual([entryKey('standard', items[1]!.id)]);
    await expect(setChecklistItem(store, { society: 's', project: 'standard', item: 'x', state: 'flip' as never, by: 'u', at: NOW })).rejects.toThrow();
  });

  it('writes a turn’s checklist effect in the same atomic write as the chat state, for the chat’s own society only', async () => {
    const store = await sqlite();
    await store.set('chat:telegram:1', { ...newState(NOW), societyId: 'soc-1' });
    const seen: HandlerContext[] = [];
    const service = new ChatService(
      store,
      scripted(
        async (msg) => [
          { type: 'checklist', society: 'soc-1', project: 'standard', item: items[0]!.id, state: 'done', by: `${msg.channel}:${msg.userId}` },
          { type: 'checklist', society: 'soc-2', project: 'standard', item: items[1]!.id, state: 'done', by: 'forged' },
        ],
        seen,
      ),
      { clock: () => NOW, logger: silent },
    );
    await service.handle({ channel: 'telegram', chatId: '1', userId: '9', text: 'x' });
    expect(seen[0]!.checklist!.society).toBe('soc-1');
    expect(await store.get(checklistKey('soc-1', 'standard', items[0]!.id))).toEqual({ state: 'done', by: 'telegram:9', at: NOW });
    expect(await store.keys('checklist:soc-2:')).toEqual([]);
  });

  it('a failed write loses neither: the state and the tick are written together or not at all', async () => {
    const store = await sqlite();
    let fail = true;
    const failing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'write' && fail) return async () => Promise.reject(new Error('disk full'));
        return Reflect.get(target, prop, receiver);
      },
    });
    const service = new ChatService(
      failing,
      scripted(async () => [{ type: 'checklist', society: 'lark:oc_1', project: 'standard', item: items[0]!.id, state: 'done', by: 'lark:u' }]),
      { clock: () => NOW, logger: silent },
    );
    const replies = await service.handle({ channel: 'lark', chatId: 'oc_1', userId: 'u', text: 'x' });
    expect(replies[0]!.text).toContain('出了问题');
    expect(await store.keys('checklist:')).toEqual([]);
    expect(await store.get('chat:lark:oc_1')).toBeUndefined();
    fail = false;
  });

  it('two chats of one society share one checklist; ticking different items at once loses neither', async () => {
    const store = await sqlite();
    await store.set('chat:telegram:1', { ...newState(NOW), societyId: 'soc-1' });
    await store.set('chat:lark:oc_2', { ...newState(NOW), societyId: 'soc-1' });
    const read: Array<{ chat: string; keys: string[] }> = [];
    const service = new ChatService(
      store,
      scripted(async (msg, ctx) => {
        read.push({ chat: msg.chatId, keys: [...(await ctx.checklist!.read()).keys()] });
        const item = msg.text === 'first' ? items[0]! : items[1]!;
        return msg.text === 'look'
          ? []
          : [{ type: 'checklist', society: ctx.checklist!.society, project: 'standard', item: item.id, state: 'done', by: msg.chatId }];
      }),
      { clock: () => NOW, logger: silent },
    );
    await Promise.all([
      service.handle({ channel: 'telegram', chatId: '1', userId: 'a', text: 'first' }),
      service.handle({ channel: 'lark', chatId: 'oc_2', userId: 'b', text: 'second' }),
    ]);
    await service.handle({ channel: 'telegram', chatId: '1', userId: 'a', text: 'look' });
    expect(read.at(-1)!.keys.sort()).toEqual([entryKey('standard', items[0]!.id), entryKey('standard', items[1]!.id)].sort());
    expect((await readChecklist(store, 'soc-1', guide, ['standard'])).total.done).toBe(2);
  });
});
