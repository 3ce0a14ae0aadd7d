import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Lang } from '../../handlers/i18n.js';
import type { Reply } from '../../handlers/types.js';
import type { ChatService } from '../chat-service.js';
import { RetryLater } from '../intake/intake.js';
import type { Logger } from '../log.js';
import { replies as replyCount } from '../metrics.js';
import type { QuestionBook, QuestionRecord } from './question-protocol.js';
import type { CallbackCodec } from './telegram-callback.js';
import { isEditImpossible, isForbidden, isNotModified, isParseError, migratedTo, safeError } from './telegram-errors.js';
import { emptyQuestionText, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT, questionKeyboard, splitText, toHtml } from './telegram-render.js';
import { fileBytes } from './file-bytes.js';

/** Where replies go: the chat, and in groups the message and forum topic they answer. */
export interface Target {
  chatId: string;
  threadId?: number;
  /** Groups: the first message of the answer quotes the user's message. */
  replyTo?: number;
}

/** The chat is gone for us (403: blocked or kicked); stop sending to it. */
class ChatGone extends Error {}

/**
 * Sends neutral replies as Telegram messages and edits, one after another in order. Never throws:
 * a failed send is logged, a 403 marks the chat inactive and ends the batch, a group upgraded to a
 * supergroup moves the chat and is written to under its new id.
 */
export class ReplySender {
  constructor(
    private readonly api: Api,
    private readonly deps: { questions: QuestionBook; service: ChatService; codec: CallbackCodec; logger: Logger; scrub: (s: string) => string },
  ) {}

  /** `lang`: the chat's language, for the sender's own words (the done button, an empty question). */
  async send(target: Target, replies: Reply[], lang: Lang = 'zh-CN'): Promise<void> {
    const t = { ...target };
    try {
      for (const reply of replies) {
        try {
          await this.sendOne(t, reply, lang);
        } catch (error) {
          if (error instanceof ChatGone) throw error;
          this.deps.logger.error({ err: safeError(error, this.deps.scrub), chat: t.chatId }, 'telegram send failed');
        }
      }
    } catch (error) {
      if (!(error instanceof ChatGone)) throw error;
    }
  }

  /**
   * Sends replies from index `from` on, calling `sent(n)` after each (the intake's outbox). A
   * failure worth retrying (429, 5xx, network, timeout) throws RetryLater; any other failure is
   * logged and that reply skipped; a chat that is gone ends it.
   */
  async deliver(target: Target, replies: Reply[], from: number, sent: (n: number) => Promise<void>, lang: Lang = 'zh-CN'): Promise<void> {
    const t = { ...target };
    for (let i = from; i < replies.length; i++) {
      try {
        await this.sendOne(t, replies[i]!, lang);
        replyCount.inc({ channel: 'telegram', result: 'sent' });
      } catch (error) {
        if (error instanceof ChatGone) return;
        if (error instanceof HttpError || (error instanceof GrammyError && (error.error_code === 429 || error.error_code >= 500))) {
          const after = error instanceof GrammyError ? (error.parameters.retry_after ?? 0) * 1000 : 0;
          throw new RetryLater(safeError(error, this.deps.scrub).message, after);
        }
        replyCount.inc({ channel: 'telegram', result: 'failed' });
        this.deps.logger.error({ err: safeError(error, this.deps.scrub), chat: t.chatId }, 'telegram send failed');
      }
      await sent(i + 1);
    }
  }

  /** Removes the buttons under a message (its question was answered). Best effort. */
  async clearKeyboard(chatId: string, messageId: number): Promise<void> {
    try {
      await this.api.editMessageReplyMarkup(chatId, messageId);
    } catch (error) {
      if (isForbidden(error)) return this.gone(chatId, error).catch(() => undefined);
      if (!isNotModified(error) && !isEditImpossible(error)) {
        this.deps.logger.warn({ err: safeError(error, this.deps.scrub), chat: chatId }, 'telegram keyboard removal failed');
      }
    }
  }

  /** A question message was answered: its record is closed and its buttons removed. */
  async closeQuestion(chatId: string, ref: string, messageId: number): Promise<void> {
    await this.deps.questions.close(chatId, ref).catch(() => undefined);
    await this.clearKeyboard(chatId, messageId);
  }

  private async sendOne(t: Target, reply: Reply, lang: Lang): Promise<void> {
    const q = reply.question;
    if (q && reply.update && (await this.tryEdit(t, reply.text, q, lang))) return;
    if (reply.file) return this.sendFile(t, reply);
    let chunks = splitText(reply.text);
    if (!chunks.length) {
      if (!q) return;
      chunks = [emptyQuestionText(lang)];
    }
    let markup: InlineKeyboardMarkup | undefined;
    let record: QuestionRecord | undefined;
    if (q) {
      // Remembered before sending, so that an immediate press finds it.
      record = await this.deps.questions.ask(t.chatId, q, reply.text);
      markup = this.keyboard(t.chatId, record, lang);
    }
    let lastId = 0;
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      lastId = await this.sendText(t, chunk, last ? markup : undefined);
    }
    if (record) {
      // The same question asked again: only the newest message keeps live buttons.
      const superseded = await this.deps.questions.sent(t.chatId, record, String(lastId));
      if (superseded?.messageId) await this.clearKeyboard(t.chatId, Number(superseded.messageId));
    }
  }

  private keyboard(chatId: string, record: QuestionRecord, lang: Lang): InlineKeyboardMarkup {
    const q = record.question;
    return questionKeyboard(q, (action, index) => this.deps.codec.encode(chatId, record.ref, q.id, action, index), lang);
  }

  /** Redraws the message carrying the question (a multiple-choice toggle). false: send anew. */
  private async tryEdit(t: Target, text: string, q: NonNullable<Reply['question']>, lang: Lang): Promise<boolean> {
    const record = await this.deps.questions.redraw(t.chatId, q, text);
    if (!record?.messageId) return false;
    const messageId = Number(record.messageId);
    const plain = splitText(text)[0] ?? emptyQuestionText(lang);
    const markup = this.keyboard(t.chatId, record, lang);
    try {
      await this.call(t, (chatId) => this.api.editMessageText(chatId, messageId, toHtml(plain), { parse_mode: 'HTML', reply_markup: markup }));
      return true;
    } catch (error) {
      if (isNotModified(error)) return true;
      if (error instanceof ChatGone) throw error;
      if (!isEditImpossible(error)) this.deps.logger.warn({ err: safeError(error, this.deps.scrub), chat: t.chatId }, 'telegram edit failed, sending anew');
      return false;
    }
  }

  private async sendText(t: Target, plain: string, markup?: InlineKeyboardMarkup): Promise<number> {
    const options = (html: boolean) => ({
      ...(html && { parse_mode: 'HTML' as const }),
      link_preview_options: { is_disabled: true },
      ...(markup && { reply_markup: markup }),
      ...(t.threadId !== undefined && { message_thread_id: t.threadId }),
      ...(t.replyTo !== undefined && { reply_parameters: { message_id: t.replyTo, allow_sending_without_reply: true } }),
    });
    let sent: { message_id: number };
    try {
      sent = await this.call(t, (chatId) => this.api.sendMessage(chatId, toHtml(plain), options(true)));
    } catch (error) {
      if (!isParseError(error)) throw error;
      // Should never happen (everything is escaped); the user still gets the text, unformatted.
      this.deps.logger.error({ err: safeError(error, this.deps.scrub), chat: t.chatId }, 'telegram HTML refused, sending plain text');
      sent = await this.call(t, (chatId) => this.api.sendMessage(chatId, plain, options(false)));
    }
    t.replyTo = undefined; // only the first message of an answer quotes the user
    return sent.message_id;
  }

  private async sendFile(t: Target, reply: Reply): Promise<void> {
    const file = reply.file!;
    const caption = splitText(reply.text, TELEGRAM_TEXT_LIMIT);
    const fits = caption.length === 1 && caption[0]!.length <= TELEGRAM_CAPTION_LIMIT;
    if (!fits) for (const chunk of caption) await this.sendText(t, chunk);
    const document = () => new InputFile(fileBytes(file), file.name);
    await this.call(t, (chatId) =>
      this.api.sendDocument(chatId, document(), {
        ...(fits && { caption: toHtml(caption[0]!), parse_mode: 'HTML' as const }),
        ...(t.threadId !== undefined && { message_thread_id: t.threadId }),
      }),
    );
  }

  /**
   * One API call for the target chat. A 403 marks the chat inactive and ends the batch; a group
   * upgraded to a supergroup is migrated and the call repeated under the new id.
   */
  private async call<T>(t: Target, fn: (chatId: string) => Promise<T>, migrated = false): Promise<T> {
    try {
      return await fn(t.chatId);
    } catch (error) {
      const to = migratedTo(error);
      if (to !== undefined && !migrated) {
        const from = t.chatId;
        t.chatId = String(to);
        t.replyTo = undefined;
        this.deps.logger.info({ from, to: t.chatId }, 'telegram group migrated to supergroup');
        await this.deps.service.migrateChat('telegram', from, t.chatId);
        return this.call(t, fn, true);
      }
      if (isForbidden(error)) await this.gone(t.chatId, error);
      throw error;
    }
  }

  private async gone(chatId: string, error: unknown): Promise<never> {
    this.deps.logger.warn({ chat: chatId, err: safeError(error, this.deps.scrub) }, 'telegram chat unreachable (403), marked inactive');
    await this.deps.service.markInactive('telegram', chatId);
    throw new ChatGone();
  }
}
