import { Api, GrammyError, HttpError } from 'grammy';
import type { ChatService } from '../chat-service.js';
import type { RateLimiter } from '../delivery/limiter.js';
import type { Logger } from '../log.js';
import { limitPosts } from './telegram-limit.js';
import { count429s } from './telegram-intake.js';
import type { SendResult, Sender } from './channel.js';
import { isNotModified, isParseError, migratedTo, safeError } from './telegram-errors.js';
import { splitText, toHtml } from './telegram-render.js';

/**
 * The outgoing side for broadcasts and reminders (the DeliveryWorker's `Sender`): one attempt per
 * call, no retries of its own — the worker waits and retries on 'retry'. Telegram has no
 * idempotent send, so `key` is not used.
 */
export class TelegramBulkSender implements Sender {
  readonly channel = 'telegram' as const;
  /** Telegram: about 30 messages/s in bulk, 1/s per chat (20/min in groups). */
  readonly limits = { perSecond: 30, perChatPerSecond: 1 };
  /** With a shared limiter (REDIS_URL) every message posted (each chunk of a long one) takes its slot. */
  readonly selfLimited: boolean;
  private readonly api: Api;

  constructor(
    token: string,
    apiRoot: string,
    private readonly deps: { service: ChatService; logger: Logger; scrub: (s: string) => string; limiter?: RateLimiter },
  ) {
    // Every call has a timeout: a hanging API is a failed attempt that the worker retries.
    this.api = new Api(token, { apiRoot, timeoutSeconds: 15 });
    this.selfLimited = Boolean(deps.limiter);
    this.api.config.use(count429s());
    if (deps.limiter) this.api.config.use(limitPosts(deps.limiter));
  }

  async send(chatId: string, text: string): Promise<SendResult> {
    let target = chatId;
    let firstId: number | undefined;
    try {
      for (const chunk of splitText(text)) {
        const sent = await this.sendChunk(target, chunk).catch(async (error: unknown) => {
          const to = migratedTo(error);
          if (to === undefined) throw error;
          await this.deps.service.migrateChat('telegram', target, String(to));
          target = String(to);
          return this.sendChunk(target, chunk);
        });
        firstId ??= sent.message_id;
      }
      return { status: 'sent', ...(firstId !== undefined && { messageId: String(firstId) }) };
    } catch (error) {
      return this.result(error, target);
    }
  }

  async edit(chatId: string, messageId: string, text: string): Promise<SendResult> {
    const plain = splitText(text)[0];
    if (!plain) return { status: 'failed', error: 'empty text' };
    try {
      await this.api.editMessageText(chatId, Number(messageId), toHtml(plain), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
      return { status: 'sent', messageId };
    } catch (error) {
      if (isNotModified(error)) return { status: 'sent', messageId };
      return this.result(error, chatId);
    }
  }

  private async sendChunk(chatId: string, plain: string) {
    try {
      return await this.api.sendMessage(chatId, toHtml(plain), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    } catch (error) {
      if (!isParseError(error)) throw error;
      return this.api.sendMessage(chatId, plain, { link_preview_options: { is_disabled: true } });
    }
  }

  private result(error: unknown, chatId: string): SendResult {
    const safe = safeError(error, this.deps.scrub);
    const text = safe.description ?? safe.message;
    if (error instanceof GrammyError) {
      if (error.error_code === 403) return { status: 'inactive', error: text };
      if (error.error_code === 429) return { status: 'retry', afterMs: (error.parameters.retry_after ?? 1) * 1000, error: text };
      if (error.error_code >= 500) return { status: 'retry', afterMs: 0, error: text };
      // "chat not found" and the like: this chat will not work on a second try either.
      this.deps.logger.warn({ chat: chatId, err: safe }, 'telegram bulk send failed');
      return { status: 'failed', error: text };
    }
    if (error instanceof HttpError) return { status: 'retry', afterMs: 0, error: text };
    this.deps.logger.error({ chat: chatId, err: safe }, 'telegram bulk send failed');
    return { status: 'failed', error: text };
  }
}
