import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { newState, type ChatState } from '../../handlers/state.js';
import type { Channel } from '../../handlers/types.js';
import type { Profile } from '../../rules/index.js';
import type { Sender, SendResult } from '../../src/channels/channel.js';
import { chatKey } from '../../src/chat-service.js';
import { createLogger } from '../../src/log.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

export const at = (iso: string) => Date.parse(iso);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store in a fresh temp dir, removed after the test file. */
export async function tempStore(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-delivery-'));
  dirs.push(dir);
  return { store: await openSqliteStore(dir), dir };
}

/** A logger whose JSON lines are kept for assertions. */
export function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, stream), lines };
}

export async function saveSociety(store: Store, channel: Channel, chatId: string, profile: Profile, extra: Partial<ChatState> = {}) {
  const state = { ...newState(at('2022-05-01T00:00:00+08:00')), profile, stage: 'done' as const, reminders: true, ...extra };
  await store.set(chatKey(channel, chatId), state);
  return state;
}

/** A sender that records every call; `behave` decides each result. */
export function fakeSender(
  channel: Channel & ('telegram' | 'lark'),
  behave: (chatId: string, n: number) => SendResult | Promise<SendResult> = () => ({ status: 'sent' }),
  limits = { perSecond: 1000, perChatPerSecond: 1000 },
) {
  const sends: Array<{ chatId: string; text: string; key: string; t: number }> = [];
  const edits: Array<{ chatId: string; messageId: string; text: string }> = [];
  let n = 0;
  const sender: Sender = {
    channel,
    limits,
    async send(chatId, text, key) {
      sends.push({ chatId, text, key, t: Date.now() });
      const result = await behave(chatId, n++);
      return result.status === 'sent' ? { status: 'sent', messageId: `m${n}` } : result;
    },
    async edit(chatId, messageId, text) {
      edits.push({ chatId, messageId, text });
      return { status: 'sent' };
    },
  };
  return { sender, sends, edits };
}
