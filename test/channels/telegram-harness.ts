// In-process harness for the Telegram channel: startTelegram() with a real ChatService and
// Conversation on a memory store, talking to the Bot API double, and the shared HttpServer on
// 127.0.0.1 (random port) for webhook mode. No network.
import { Conversation } from '../../handlers/conversation.js';
import { ChatService } from '../../src/chat-service.js';
import { loadConfig, secretValues } from '../../src/config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from '../../src/guide-file.js';
import { HttpServer } from '../../src/http-server.js';
import { createLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { ChannelDeps, ChannelHandle } from '../../src/channels/channel.js';
import { startTelegram } from '../../src/channels/telegram.js';
import { RosterService } from '../../src/roster/roster-service.js';
import type { Store } from '../../src/store/store.js';
import { startTelegramDouble, type Json, type TelegramDouble } from '../../doubles/telegram-api.js';

export const TOKEN = '123456:TEST-token-xyz';
export const TOKEN_SECRET = TOKEN.slice(TOKEN.indexOf(':') + 1);
export const WEBHOOK_SECRET = 'hook_Secret-42';

let conversationCache: Conversation | undefined;
export function sharedConversation(): Conversation {
  if (!conversationCache) {
    const guide = loadGuideFile(BUNDLED_GUIDE);
    conversationCache = new Conversation(guide, loadGuideSearch(guide, BUNDLED_GUIDE));
  }
  return conversationCache;
}

export interface TgHarness {
  tg: TelegramDouble;
  store: Store;
  deps: ChannelDeps;
  handle: ChannelHandle;
  logs: string[];
  /** http://127.0.0.1:PORT/telegram/webhook in webhook mode. */
  webhookUrl?: string;
  close(): Promise<void>;
}

export async function startTgHarness(
  opts: { webhook?: boolean; staff?: number[]; tg?: TelegramDouble; store?: Store; env?: Record<string, string>; roster?: boolean } = {},
): Promise<TgHarness> {
  const tg = opts.tg ?? (await startTelegramDouble({ token: TOKEN, maxPollSeconds: 0.3 }));
  const logs: string[] = [];
  const config = loadConfig(
    {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.url,
      ...(opts.webhook && { TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET }),
      TELEGRAM_STAFF_IDS: (opts.staff ?? []).join(','),
      LOG_LEVEL: 'debug',
      ...opts.env,
    },
    { dotenvPath: false },
  );
  const logger = createLogger({ level: 'debug', secrets: secretValues(config) }, { write: (s: string) => void logs.push(s) });
  const store = opts.store ?? createMemoryStore();
  const conversation = sharedConversation();
  // `roster`: /join works (a society's chats share its checklist).
  const roster = opts.roster ? new RosterService(store, { publicUrl: 'http://localhost', clock: Date.now }) : undefined;
  const service = new ChatService(store, conversation, { clock: Date.now, logger, ...(roster && { roster }) });
  const http = new HttpServer(logger);
  const deps: ChannelDeps = { config, service, conversation, store, logger, http, clock: Date.now };
  const handle = await startTelegram(deps);
  const port = await http.listen(0, '127.0.0.1');
  http.setReady(true);
  let closed = false;
  return {
    tg,
    store,
    deps,
    handle,
    logs,
    ...(opts.webhook && { webhookUrl: `http://127.0.0.1:${port}/telegram/webhook` }),
    async close() {
      if (closed) return;
      closed = true;
      await handle.stop();
      await service.drain();
      http.closeIdle();
      await http.close();
      if (!opts.tg) await tg.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `pred` holds (polling), or fails with `what`. */
export async function until(pred: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The bot's latest message in a chat that still has buttons. */
export function lastKeyboard(tg: TelegramDouble, chatId: number): Json | undefined {
  return tg
    .botMessages(chatId)
    .filter((m) => m.reply_markup?.inline_keyboard?.length)
    .at(-1);
}

export function buttons(message: Json): Array<{ text: string; callback_data: string }> {
  return (message.reply_markup?.inline_keyboard ?? []).flat();
}

/** Number of sends and edits so far to a chat. */
export const outCount = (tg: TelegramDouble, chatId: number) => tg.sentLog(chatId).length;

/** Every log line and call parameter a test can see, to scan for the token. */
export function tokenLeaks(texts: string[]): string[] {
  return texts.filter((t) => t.includes(TOKEN) || t.includes(TOKEN_SECRET) || t.includes(encodeURIComponent(TOKEN)));
}
