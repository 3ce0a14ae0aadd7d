import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { translator, type Lang } from '../../handlers/i18n.js';
import type { Incoming, Reply } from '../../handlers/types.js';
import { Intake, recordKey } from '../intake/intake.js';
import type { ChannelDeps, ChannelHandle } from './channel.js';
import { QuestionBook } from './question-protocol.js';
import { TelegramBulkSender } from './telegram-bulk.js';
import { CallbackCodec, resolveCallback } from './telegram-callback.js';
import { setCommandMenus } from './telegram-commands.js';
import { makeScrubber, safeError, tokenSecrets } from './telegram-errors.js';
import { addressedText, isGroupChat } from './telegram-incoming.js';
import { BOT_NAME_KEY } from '../roster/bot-name.js';
import { ReplySender, type Target } from './telegram-send.js';
import { botIdOf, limitPosts } from './telegram-limit.js';
import { secretMatches } from '../http-server.js';
import { startPolling } from './telegram-poll.js';
import { callTimeouts, chatOfUpdate, count429s, telegramWebhookRoute, waitForBotApi, type TelegramPlan } from './telegram-intake.js';

/**
 * The Telegram channel: a thin adapter between grammY and the ChatService. Updates become
 * neutral `Incoming` messages, replies become HTML messages with inline keyboards. Long polling
 * (our own getUpdates loop, telegram-poll.ts) by default, webhook on POST /telegram/webhook when a
 * secret is configured.
 */

export const WEBHOOK_PATH = '/telegram/webhook';
/** What a stale or forged button answers, in a Chinese chat (other chats: their language). */
export const STALE_BUTTON = translator('zh-CN')('channel.staleButton');
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
/** How long stop() waits for updates in flight (a send may be waiting out a 429). */
const DRAIN_TIMEOUT_MS = 3_000;

export { COMMANDS } from './telegram-commands.js';

/** Media a user may send in a private chat: answered with "please send text", not ignored. */
const CONTENT_KEYS = ['photo', 'sticker', 'voice', 'video', 'video_note', 'audio', 'document', 'animation', 'location', 'contact', 'poll', 'dice'] as const;

export async function startTelegram(deps: ChannelDeps): Promise<ChannelHandle> {
  const { config, service, store } = deps;
  const token = config.telegram.botToken;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const logger = deps.logger.child({ channel: 'telegram' });
  const scrub = makeScrubber([...tokenSecrets(token), config.telegram.webhookSecret]);
  const staff = new Set(config.telegram.staffIds);
  const webhookMode = Boolean(config.telegram.webhookSecret);

  const bot = new Bot(token, { client: { apiRoot: config.telegram.apiRoot } });
  // Innermost: every call has a timeout. Then bounded retries (429 after retry_after, 5xx and
  // network errors with backoff; never 4xx); getUpdates and getMe are retried (and reported) by
  // the poller and the start-up wait instead.
  bot.api.config.use(callTimeouts(), count429s());
  // REDIS_URL: replies keep to the bot's rate limit shared with every instance and the broadcasts.
  if (deps.limits) bot.api.config.use(limitPosts(deps.limits.limiter('telegram', botIdOf(token), 'reply')));
  const retry = autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30 });
  bot.api.config.use((prev, method, payload, signal) =>
    method === 'getUpdates' || method === 'getMe' ? prev(method, payload, signal) : retry(prev, method, payload, signal),
  );
  const ownIntake = !deps.intake;
  const intake = deps.intake ?? new Intake({ store, logger });

  const codec = new CallbackCodec(token);
  const questions = new QuestionBook(store, 'telegram');
  const sender = new ReplySender(bot.api, { questions, service, codec, logger, scrub });
  // Broadcasts and reminders (DeliveryWorker): one attempt per call, the worker retries.
  const bulk = new TelegramBulkSender(token, config.telegram.apiRoot, {
    service,
    logger,
    scrub,
    ...(deps.limits && { limiter: deps.limits.limiter('telegram', botIdOf(token), 'bulk') }),
  });
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  /**
   * Converses exactly once for the update (its intake record is marked handled together with the
   * new state); the replies are sent afterwards by the intake, from the stored plan.
   */
  const converse = (update: Update, incoming: Incoming, plan: (replies: Reply[], lang: Lang) => TelegramPlan) =>
    service.handleEvent(incoming, recordKey('telegram', String(update.update_id)), plan);

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
  // One update at a time per chat, in arrival order, and each update_id once: the intake sees to
  // both before an update gets here.

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
      ...memberOf(message.from, message.chat),
      text,
      isStaff: staff.has(message.from.id),
      isGroup: isGroupChat(message.chat),
    };
    const target = targetOf(message, true);
    await converse(ctx.update, incoming, (replies, lang) => ({ target, replies, lang }));
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
      const press =
        chatId === undefined
          ? undefined
          : await resolveCallback(codec, questions, chatId, query.data).catch((error: unknown) => {
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
        ...memberOf(query.from, message.chat),
        choice,
        isStaff: staff.has(query.from.id),
        isGroup: isGroupChat(message.chat),
      };
      const target: Target = {
        chatId,
        ...('message_thread_id' in message && message.is_topic_message && message.message_thread_id !== undefined && { threadId: message.message_thread_id }),
      };
      await converse(ctx.update, incoming, (replies, lang) => ({
        target,
        replies,
        lang,
        // Answered (or stale): its record closes and its buttons go. A toggle redraws the same message instead.
        ...(!replies.some((r) => r.update && r.question?.id === choice.question) && { close: { ref: press.record.ref, messageId: message.message_id } }),
      }));
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

  intake.register({
    channel: 'telegram',
    process: async (record) => {
      const task = bot.handleUpdate(record.payload as Update);
      inflight.add(task);
      try {
        await task;
      } finally {
        inflight.delete(task);
      }
    },
    deliver: async (record, sent) => {
      const plan = record.plan as TelegramPlan;
      const from = record.sent ?? 0;
      if (from === 0 && plan.close !== undefined) await sender.closeQuestion(plan.target.chatId, plan.close.ref, plan.close.messageId);
      await sender.deliver(plan.target, plan.replies, from, sent, plan.lang);
    },
  });

  // getMe, retried and reported while the API does not answer (start-up waits; SIGTERM ends it).
  await waitForBotApi(bot, { logger, scrub, ...(deps.signal && { signal: deps.signal }) });
  logger.info({ username: bot.botInfo.username, mode: webhookMode ? 'webhook' : 'polling' }, 'telegram bot ready');
  await deps.store.set(BOT_NAME_KEY, bot.botInfo.username); // `roster list` builds t.me deep links with it
  await setCommandMenus(bot.api, config.telegram.staffIds).catch((error: unknown) =>
    logger.warn({ err: safeError(error, scrub) }, 'telegram setMyCommands failed'),
  );
  await intake.replay('telegram');

  const drain = async () => {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (inflight.size && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    }
    if (inflight.size) logger.warn({ inflight: inflight.size }, 'telegram stopped with updates still in flight');
  };

  if (webhookMode) {
    deps.http.route('POST', WEBHOOK_PATH, telegramWebhookRoute({ intake, logger, secretToken: config.telegram.webhookSecret!, accepting: () => !closed }), {
      authorize: (req) => {
        const refused = secretMatches(req.headers['x-telegram-bot-api-secret-token'], config.telegram.webhookSecret!);
        if (refused) logger.warn({ ip: req.socket.remoteAddress }, 'telegram webhook refused: missing or wrong secret token');
        return refused;
      },
    });
    if (config.telegram.webhookUrl) {
      await bot.api.setWebhook(config.telegram.webhookUrl, { secret_token: config.telegram.webhookSecret!, allowed_updates: [...ALLOWED_UPDATES] });
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
        if (ownIntake) await intake.stop();
      },
    };
  }

  // Long polling: a webhook left over would make getUpdates fail with 409.
  await bot.api.deleteWebhook();
  const poller = startPolling({ api: bot.api, intake, logger, scrub, allowedUpdates: ALLOWED_UPDATES, chatOf: chatOfUpdate });
  return {
    sender: bulk,
    healthy: () => poller.healthy(),
    async stop() {
      closed = true;
      await poller.stop();
      await drain();
      if (ownIntake) await intake.stop();
    },
  };
}

/** Who said it, for a fact's provenance: the member's name and the group's title, as Telegram gives them. */
function memberOf(from: { first_name: string; last_name?: string }, chat: { title?: string }): Pick<Incoming, 'userName' | 'chatTitle'> {
  const userName = [from.first_name, from.last_name].filter(Boolean).join(' ').trim().slice(0, 40);
  const chatTitle = chat.title?.trim().slice(0, 60);
  return { ...(userName && { userName }), ...(chatTitle && { chatTitle }) };
}
