// In-process harness for the Lark channel tests: a real ChatService + Conversation on a memory
// store, LarkBot sending to the open-API double, and (optionally) the webhook route on a real
// HttpServer on 127.0.0.1. No network.
import { Writable } from 'node:stream';
import { Conversation } from '../../handlers/conversation.js';
import { ChatService } from '../../src/chat-service.js';
import { loadConfig } from '../../src/config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from '../../src/guide-file.js';
import { HttpServer } from '../../src/http-server.js';
import { createLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { ChannelDeps } from '../../src/channels/channel.js';
import { LarkBot, sdkLogger } from '../../src/channels/lark-bot.js';
import { ButtonCodec } from '../../src/channels/lark-buttons.js';
import { SendLimiter } from '../../src/delivery/limiter.js';
import { LarkApi } from '../../src/channels/lark-sender.js';
import { larkWebhookRoute } from '../../src/channels/lark-webhook.js';
import { RosterService } from '../../src/roster/roster-service.js';
import type { Store } from '../../src/store/store.js';
import type { LarkDouble, LarkMessage } from '../../doubles/lark-api.js';

export const SECRETS = {
  appSecret: 'lark-app-secret-0123456789abcdef',
  encryptKey: 'lark-encrypt-key-fedcba9876543210',
  verificationToken: 'lark-verification-token-5a5a5a5a',
};

let guideCache: { guide: ReturnType<typeof loadGuideFile>; conversation: Conversation } | undefined;
export function sharedConversation(): Conversation {
  if (!guideCache) {
    const guide = loadGuideFile(BUNDLED_GUIDE);
    guideCache = { guide, conversation: new Conversation(guide, loadGuideSearch(guide, BUNDLED_GUIDE)) };
  }
  return guideCache.conversation;
}

export interface Harness {
  bot: LarkBot;
  api: LarkApi;
  deps: ChannelDeps;
  codec: ButtonCodec;
  logs: string[];
  /** Base URL of the HttpServer with POST /lark/webhook (when `webhook` was asked for). */
  url?: string;
  close(): Promise<void>;
}

/** Each harness gets its own app id: the double's tokens are per app. */
let seq = 0;

export async function startHarness(
  lk: LarkDouble,
  opts: { webhook?: boolean; staff?: string[]; now?: () => number; roster?: boolean; store?: Store } = {},
): Promise<Harness> {
  const appId = `cli_harness${String(++seq).padStart(9, '0')}`;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig(
    {
      LARK_APP_ID: appId,
      LARK_APP_SECRET: SECRETS.appSecret,
      LARK_DOMAIN: lk.url,
      LARK_MODE: 'webhook',
      LARK_ENCRYPT_KEY: SECRETS.encryptKey,
      LARK_VERIFICATION_TOKEN: SECRETS.verificationToken,
      LARK_STAFF_OPEN_IDS: (opts.staff ?? []).join(','),
      LOG_LEVEL: 'debug',
    },
    { dotenvPath: false },
  );
  const logger = createLogger({ level: 'debug', secrets: Object.values(SECRETS) }, { write: (s: string) => void sink.write(s) });
  const store = opts.store ?? createMemoryStore();
  const conversation = sharedConversation();
  // `roster`: /join works (a society's chats share its checklist).
  const roster = opts.roster ? new RosterService(store, { publicUrl: 'http://localhost', clock: Date.now }) : undefined;
  const service = new ChatService(store, conversation, { clock: Date.now, logger, ...(roster && { roster }) });
  const http = new HttpServer(logger);
  const deps: ChannelDeps = { config, service, conversation, store, logger, http, clock: opts.now ?? Date.now };
  const api = new LarkApi({
    appId,
    appSecret: SECRETS.appSecret,
    domain: lk.url,
    logger,
    limiter: new SendLimiter(),
    backoffBaseMs: 20,
    maxBackoffMs: 200,
  });
  const codec = new ButtonCodec(SECRETS.appSecret);
  const bot = new LarkBot(deps, api, codec, logger, sdkLogger(logger));
  let url: string | undefined;
  if (opts.webhook) {
    http.route(
      'POST',
      '/lark/webhook',
      larkWebhookRoute({
        secrets: { encryptKey: SECRETS.encryptKey, verificationToken: SECRETS.verificationToken },
        logger,
        dispatch: (e) => bot.dispatch(e),
        accepting: () => bot.accepting,
        ...(opts.now && { now: opts.now }),
      }),
    );
    const port = await http.listen(0, '127.0.0.1');
    http.setReady(true);
    url = `http://127.0.0.1:${port}`;
  }
  return {
    bot,
    api,
    deps,
    codec,
    logs,
    ...(url && { url }),
    async close() {
      await bot.stop();
      if (url) await http.close();
    },
  };
}

export type CardButton = { tag: 'button'; text: { content: string }; type: string; value: { k: string; s: string } };

/** The buttons of a card message (empty when it has none, e.g. once closed). */
export function buttonsOf(card: any): CardButton[] {
  const action = (card?.elements ?? []).find((e: any) => e.tag === 'action');
  return (action?.actions ?? []) as CardButton[];
}

export function cardText(card: any): string {
  return JSON.stringify(card);
}

export const isQuestionCard = (m: LarkMessage) => m.msgType === 'interactive' && buttonsOf(m.content).length > 0;
export const isResultCard = (m: LarkMessage) => m.msgType === 'interactive' && m.content?.header?.title?.content === '申报资格检查结果';
