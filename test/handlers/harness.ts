/**
 * Drives the conversation the way a channel does: ChatService over a real SQLite store in a
 * temp dir, a fixed clock, replies collected. Shared by the transcript and state tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Conversation } from '../../handlers/conversation.js';
import type { Choice, Incoming, Question, Reply } from '../../handlers/types.js';
import type { Guide, SearchIndex } from '../../rules/index.js';
import { ChatService } from '../../src/chat-service.js';
import { loadGuideFile, loadGuideSearch } from '../../src/guide-file.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { type ChatState, loadState } from '../../handlers/state.js';

export const DEFAULT_NOW = '2022-05-10T10:00:00+08:00';

let cached: { guide: Guide; search: SearchIndex | undefined } | undefined;
export function bundled(): { guide: Guide; search: SearchIndex | undefined } {
  cached ??= (() => {
    const guide = loadGuideFile();
    return { guide, search: loadGuideSearch(guide) };
  })();
  return cached;
}

export interface Session {
  dir: string;
  store: Store;
  service: ChatService;
  conversation: Conversation;
  /** The clock the service reads; set `now` to move it. */
  now: number;
  /** The last question shown, for taps. */
  question: Question | undefined;
  chatId: string;
  say(text: string): Promise<Reply[]>;
  tap(labelOrValue: string): Promise<Reply[]>;
  done(): Promise<Reply[]>;
  send(msg: Omit<Incoming, 'channel' | 'chatId' | 'userId'>): Promise<Reply[]>;
  /** A new ChatService and Conversation over the same SQLite file (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });

/** `guide`: another guide than the bundled one (the year-shifted copy). */
export async function openSession(
  opts: { now?: string; dir?: string; chatId?: string; guide?: { guide: Guide; search: SearchIndex | undefined } } = {},
): Promise<Session> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'shenbao-handlers-'));
  const { guide, search } = opts.guide ?? bundled();
  const make = async () => {
    const store = await openSqliteStore(dir);
    const conversation = new Conversation(guide, search);
    const service = new ChatService(store, conversation, { clock: () => session.now, logger: silent });
    return { store, conversation, service };
  };
  const session: Session = {
    dir,
    now: Date.parse(opts.now ?? DEFAULT_NOW),
    question: undefined,
    chatId: opts.chatId ?? 'c1',
    ...(undefined as unknown as { store: Store; service: ChatService; conversation: Conversation }),
    async send(msg) {
      const replies = await session.service.handle({ channel: 'console', chatId: session.chatId, userId: 'u1', ...msg });
      for (const r of replies) if (r.question) session.question = r.question;
      return replies;
    },
    say: (text) => session.send({ text }),
    async tap(labelOrValue) {
      const q = session.question;
      if (!q) throw new Error(`tap "${labelOrValue}": no question shown`);
      const option = q.options.find((o) => o.label === labelOrValue) ?? q.options.find((o) => o.value === labelOrValue);
      if (!option) throw new Error(`tap "${labelOrValue}": not among ${q.options.map((o) => o.label).join(' | ')}`);
      const choice: Choice = { question: q.id, values: [option.value], action: q.mode === 'multi' ? 'toggle' : 'pick' };
      return session.send({ choice });
    },
    async done() {
      const q = session.question;
      if (!q) throw new Error('done: no question shown');
      return session.send({ choice: { question: q.id, values: [], action: 'done' } });
    },
    async restart() {
      await session.service.drain();
      await session.store.close();
      Object.assign(session, await make());
    },
    async close() {
      await session.service.drain();
      await session.store.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  Object.assign(session, await make());
  return session;
}

export const text = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

/** The chat's stored state, as the next message will find it. */
export async function storedState(session: Session): Promise<ChatState> {
  return loadState(await session.store.get(`chat:console:${session.chatId}`), session.now).state;
}

/** A fresh session that is told `lines` in turn; resolves to the session and the last reply's text. */
export async function conversationOf(lines: string[], now?: string): Promise<{ session: Session; last: string }> {
  const session = await openSession(now ? { now } : {});
  let last = '';
  for (const line of lines) last = text(await session.say(line));
  return { session, last };
}
