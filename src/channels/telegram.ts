import type { IncomingMessage, ServerResponse } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Bot, webhookCallback, type Context } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { z } from 'zod';
import { translator, type Lang } from '../../handlers/i18n.js';
import type { Incoming, Reply } from '../../handlers/types.js';
import type { Turn } from '../chat-service.js';
import type { ChannelDeps, ChannelHandle } from './channel.js';
import { QuestionBook } from './question-protocol.js';
import { TelegramBulkSender } from './telegram-bulk.js';
import { CallbackCodec, resolveCallback } from './telegram-callback.js';
import { setCommandMenus } from './telegram-commands.js';
import { makeScrubber, safeError, tokenSecrets } from './telegram-errors.js';
import { addressedText, isGroupChat } from './telegram-incoming.js';
import { BOT_NAME_KEY } from '../roster/bot-name.js';
import { ReplySender, type Target } from './telegram-send.js';

/**
 * The Telegram channel: a thin adapter between grammY and the ChatService. Updates become
 * neutral `Incoming` messages, replies become HTML messages with inline keyboards. Long polling
 * (@grammyjs/runner) by default, webhook on POST /telegram/webhook when a secret is configured.
 */

export const WEBHOOK_PATH = '/telegram/webhook';
export const UPDATE_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
/** What a stale or forged button answers, in a Chinese chat (other chats: their language). */
export const STALE_BUTTON = translator('zh-CN')('channel.staleButton');
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
/** How long stop() waits for updates in flight (a send may be waiting out a 429). */
const DRAIN_TIMEOUT_MS = 20_000;

export { COMMANDS } from './telegram-commands.js';

/** Media a user may send in a private chat: answered with "please send text", not ignored. */
const CONTENT_KEYS = ['photo', 'sticker', 'voice', 'video', 'video_note', 'audio', 'document', 'animation', 'location', 'contact', 'poll', 'dice'] as const;

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

class BadUpdate extends Error {}

export async function startTelegram(deps: ChannelDeps): Promise<ChannelHandle> {
  const { config, service, store } = deps;
  const token = config.telegram.botToken;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const logger = deps.logger.child({ channel: 'telegram' });
  const scrub = makeScrubber([...tokenSecrets(token), config.telegram.webhookSecret]);
  const staff = new Set(config.telegram.staffIds);
  const webhookMode = Boolean(config.telegram.webhookSecret);

  const bot = new Bot(token, { client: { apiRoot: config.telegram.apiRoot } });
  // Innermost: retries (429 after retry_after, 5xx and network errors with backoff; never 4xx).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 600 }));
  // Outermost: failed long polls are logged here (the runner itself is silenced: it would print
  // raw errors to the console).
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: safeError(error, scrub) }, 'telegram getUpdates failed');
      throw error;
    }
  });

  const codec = new CallbackCodec(token);
  const questions = new QuestionBook(store, 'telegram');
  const sender = new ReplySender(bot.api, { questions, service, codec, logger, scrub });
  // Broadcasts and reminders (DeliveryWorker): one attempt per call, the worker retries.
  const bulk = new TelegramBulkSender(token, config.telegram.apiRoot, { service, logger, scrub });
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  /** Each update's turn in its chat's order (ChatService.inOrder), set by the middleware below. */
  const turns = new WeakMap<Context, Turn>();
  const converse = async (ctx: Context, incoming: Incoming): Promise<{ replies: Reply[]; lang: Lang }> => {
    try {
      const turn = turns.get(ctx);
      if (!turn) throw new Error('update outside its chat order');
      return await turn(incoming);
    } catch (error) {
      logger.error({ err: safeError(error, scrub), chat: incoming.chatId }, 'telegram message failed');
      const lang = await service.language('telegram', incoming.chatId).catch(() => 'zh-CN' as const);
      return { replies: [{ text: translator(lang)('service.apology') }], lang };
    }
  };

  const targetOf = (message: Pick<Message, 'chat' | 'message_id' | 'is_topic_message' | 'message_thread_id'>, quote: boolean): Target => ({
    chatId: String(message.chat.id),
    ...(message.is_topic_message && message.message_thread_id !== undefined && { threadId: message.message_thread_id }),
    ...(quote && isGroupChat(message.chat) && { replyTo: message.message_id }),
  });

  // Track every update from entry to its last send, so stop() can wait for them.
  bot.use(async (_ctx, next) => {
    const task = next();
    inflight.add(task);
    try {
      await task;
    } finally {
      inflight.delete(task);
    }
  });
  // One update at a time per chat, in arrival order (replies must not interleave): the ChatService
  // orders them, and the update's sends happen inside its turn.
  bot.use(async (ctx, next) => {
    const chatId = ctx.chat ? String(ctx.chat.id) : ctx.from ? `user:${ctx.from.id}` : undefined;
    if (chatId === undefined) return next();
    let began = false;
    try {
      await service.inOrder('telegram', chatId, async (turn) => {
        began = true;
        turns.set(ctx, turn);
        await next();
      });
    } catch (error) {
      if (began) throw error;
      // The chat could not be ordered (the store failed): the update still gets its apology.
      logger.error({ err: safeError(error, scrub), chat: chatId }, 'telegram chat order failed');
      await next();
    }
  });
  // Exactly once per update_id: a webhook redelivery, a re-polled batch or a restart is dropped.
  bot.use(async (ctx, next) => {
    const fresh = await store.setIfAbsent(`tg:update:${ctx.update.update_id}`, 1, UPDATE_DEDUPE_TTL_MS);
    if (!fresh) {
      logger.info({ update_id: ctx.update.update_id }, 'telegram duplicate update dropped');
      return;
    }
    await next();
  });

  bot.on('message', async (ctx) => {
    const message = ctx.message;
    const chatId = String(message.chat.id);
    if (message.migrate_to_chat_id !== undefined) {
      logger.info({ from: chatId, to: message.migrate_to_chat_id }, 'telegram group migrated to supergroup');
      return service.migrateChat('telegram', chatId, String(message.migrate_to_chat_id));
    }
    if (message.migrate_from_chat_id !== undefined) return service.migrateChat('telegram', String(message.migrate_from_chat_id), chatId);
    const hasContent = message.text !== undefined || message.caption !== undefined || CONTENT_KEYS.some((k) => message[k] !== undefined);
    if (!hasContent || !message.from) return;
    const text = addressedText(message, ctx.me);
    if (text === undefined) return;
    const incoming: Incoming = {
      channel: 'telegram',
      chatId,
      userId: String(message.from.id),
      text,
      isStaff: staff.has(message.from.id),
      isGroup: isGroupChat(message.chat),
    };
    const target = targetOf(message, true);
    const { replies, lang } = await converse(ctx, incoming);
    await sender.send(target, replies, lang);
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    let answered = false;
    const answer = async (text?: string) => {
      if (answered) return;
      answered = true;
      try {
        await ctx.api.answerCallbackQuery(query.id, text ? { text } : {});
      } catch (error) {
        logger.warn({ err: safeError(error, scrub) }, 'telegram answerCallbackQuery failed');
      }
    };
    try {
      const message = query.message;
      const chatId = message ? String(message.chat.id) : undefined;
      const press = chatId === undefined ? undefined : await resolveCallback(codec, questions, chatId, query.data).catch((error: unknown) => {
        logger.error({ err: safeError(error, scrub) }, 'telegram callback lookup failed');
        return undefined;
      });
      if (!message || !chatId || !press) {
        logger.info({ chat: chatId, from: query.from.id }, 'telegram callback refused');
        const lang = chatId === undefined ? 'zh-CN' : await service.language('telegram', chatId).catch(() => 'zh-CN' as const);
        await answer(translator(lang)('channel.staleButton'));
        return;
      }
      const choice = press.choice;
      await answer();
      const incoming: Incoming = {
        channel: 'telegram',
        chatId,
        userId: String(query.from.id),
        choice,
        isStaff: staff.has(query.from.id),
        isGroup: isGroupChat(message.chat),
      };
      const target: Target = { chatId, ...('message_thread_id' in message && message.is_topic_message && message.message_thread_id !== undefined && { threadId: message.message_thread_id }) };
      const { replies, lang } = await converse(ctx, incoming);
      // Answered (or stale): its buttons go. A toggle redraws the same message instead.
      if (!replies.some((r) => r.update && r.question?.id === choice.question)) await sender.closeQuestion(chatId, press.record.ref, message.message_id);
      await sender.send(target, replies, lang);
    } finally {
      await answer(); // every callback query is answered, whatever happened
    }
  });

  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') {
      logger.info({ chat: ctx.myChatMember.chat.id, status }, 'telegram bot removed from chat, marked inactive');
      await service.markInactive('telegram', String(ctx.myChatMember.chat.id));
    }
  });

  bot.catch((error) => {
    logger.error({ err: safeError(error.error, scrub), update_id: error.ctx.update.update_id }, 'telegram update failed');
  });

  await bot.init(); // getMe
  logger.info({ username: bot.botInfo.username, mode: webhookMode ? 'webhook' : 'polling' }, 'telegram bot ready');
  await deps.store.set(BOT_NAME_KEY, bot.botInfo.username); // `roster list` builds t.me deep links with it
  await setCommandMenus(bot.api, config.telegram.staffIds).catch((error: unknown) => logger.warn({ err: safeError(error, scrub) }, 'telegram setMyCommands failed'));

  const drain = async () => {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (inflight.size && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    }
    if (inflight.size) logger.warn({ inflight: inflight.size }, 'telegram stopped with updates still in flight');
  };

  if (webhookMode) {
    const secretToken = config.telegram.webhookSecret!;
    const adapter = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
      const header = req.headers['x-telegram-bot-api-secret-token'];
      return {
        // Read only after the secret was checked.
        get update(): Promise<Update> {
          return (async () => {
            let json: unknown;
            try {
              json = JSON.parse(body.toString('utf8'));
            } catch {
              throw new BadUpdate('body is not JSON');
            }
            const parsed = updateSchema.safeParse(json);
            if (!parsed.success) throw new BadUpdate('not an update');
            return parsed.data as unknown as Update;
          })();
        },
        header: Array.isArray(header) ? header[0] : header,
        end: () => res.end(),
        respond: (json: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(json),
        unauthorized: () => {
          logger.warn({ ip: req.socket.remoteAddress }, 'telegram webhook refused: missing or wrong secret token');
          res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
        },
      };
    };
    const handle = webhookCallback(bot, adapter, { secretToken, onTimeout: 'return', timeoutMilliseconds: 50_000 });
    deps.http.route('POST', WEBHOOK_PATH, async (req, res, body) => {
      if (closed) {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('shutting down');
        return;
      }
      try {
        await handle(req, res, body);
      } catch (error) {
        if (error instanceof BadUpdate) {
          if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('bad update');
          return;
        }
        logger.error({ err: safeError(error, scrub) }, 'telegram webhook update failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      }
    });
    if (config.telegram.webhookUrl) {
      await bot.api.setWebhook(config.telegram.webhookUrl, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({ url: config.telegram.webhookUrl }, 'telegram webhook registered');
    } else {
      logger.info(
        { path: WEBHOOK_PATH },
        'telegram webhook mode: TELEGRAM_WEBHOOK_URL is not set, so setWebhook is left to the operator (url = public address + /telegram/webhook, secret_token = TELEGRAM_WEBHOOK_SECRET)',
      );
    }
    return {
      sender: bulk,
      async stop() {
        closed = true;
        await drain();
      },
    };
  }

  // Long polling: a webhook left over would make getUpdates fail with 409.
  await bot.api.deleteWebhook();
  const runner: RunnerHandle = run(bot, {
    // Never give up polling (an outage only delays); a failed poll is retried every 3 s and logged
    // by the transformer above. silent: the runner would print raw errors to the console.
    runner: { fetch: { timeout: 30, allowed_updates: [...ALLOWED_UPDATES] }, silent: true, retryInterval: 3_000, maxRetryTime: Number.MAX_SAFE_INTEGER },
  });
  void runner.task()?.catch((error: unknown) => {
    if (!closed) logger.error({ err: safeError(error, scrub) }, 'telegram polling stopped');
  });
  return {
    sender: bulk,
    async stop() {
      closed = true;
      // stop() aborts the long poll; its task is undefined when polling already ended.
      await Promise.resolve(runner.stop()).catch(() => undefined);
      await drain();
    },
  };
}
