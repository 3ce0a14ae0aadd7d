import { createHash } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import { listSep, translator, type Lang } from '../../handlers/i18n.js';
import type { Incoming, Reply } from '../../handlers/types.js';
import type { Logger } from '../log.js';
import { replies as replyCount } from '../metrics.js';
import type { ChannelDeps } from './channel.js';
import type { ButtonCodec } from './lark-buttons.js';
import { cardBytes, CARD_MAX_BYTES, questionCard, resultCard, textContent } from './lark-cards.js';
import { parseMessageEvent, type MessageEventData } from './lark-inbound.js';
import { CHAT_GONE_CODES, LarkApiError, RATE_LIMIT_CODE, type LarkApi } from './lark-sender.js';
import { QuestionBook, type QuestionRecord } from './question-protocol.js';
import { Intake, RetryLater } from '../intake/intake.js';
import { stepOf } from '../../handlers/steps.js';
import { larkTransport, type ClickContext, type LarkEvent } from './lark-intake.js';
import { fileBytes } from './file-bytes.js';

/**
 * The Lark channel's core, shared by both modes: one SDK EventDispatcher whose handlers turn
 * im.message.receive_v1 and card.action.trigger into neutral messages for the ChatService,
 * then send the replies (cards, text, files) through LarkApi. The long connection hands the
 * dispatcher its events directly; the webhook hands it events it has verified and decrypted.
 *
 * Handlers resolve once the event is stored by the intake (the acknowledgement to Lark: the
 * webhook's 200, the long connection's response frame), within milliseconds; the work runs
 * afterwards through the intake (src/intake/), one event at a time per chat, exactly once.
 */

/** Lark allows up to 50 characters; derived from what the send answers, so a retry reuses it. */
export function sendUuid(eventId: string, replyIndex: number, part: string): string {
  return createHash('sha256').update(`shenbao\n${eventId}\n${replyIndex}\n${part}`).digest('hex').slice(0, 40);
}

const toast = (type: 'success' | 'info' | 'warning' | 'error', content: string) => ({ toast: { type, content } });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : undefined);

interface CardActionData {
  event_id?: unknown;
  operator?: { open_id?: unknown };
  action?: { value?: unknown };
  context?: { open_chat_id?: unknown; open_message_id?: unknown };
}

/** After a click: close the clicked card (answered or stale) once the replies are out. */
export type { ClickContext } from './lark-intake.js';

export class LarkBot {
  readonly dispatcher: lark.EventDispatcher;
  readonly questions: QuestionBook;
  readonly intake: Intake;
  private stopped = false;
  botOpenId?: string;

  constructor(
    private readonly deps: ChannelDeps,
    private readonly api: LarkApi,
    private readonly codec: ButtonCodec,
    private readonly logger: Logger,
    sdkLogger: SdkLogger,
  ) {
    this.questions = new QuestionBook(deps.store, 'lark');
    this.intake = deps.intake ?? new Intake({ store: deps.store, logger });
    this.intake.register(larkTransport(this, deps));
    this.dispatcher = new lark.EventDispatcher({ logger: sdkLogger, loggerLevel: lark.LoggerLevel.warn });
    const handles = {
      'im.message.receive_v1': (data: unknown) => this.onMessage(data as MessageEventData),
      'card.action.trigger': (data: unknown) => this.onCardAction(data as CardActionData),
    };
    this.dispatcher.register(handles as unknown as Parameters<lark.EventDispatcher['register']>[0]);
  }

  get accepting(): boolean {
    return !this.stopped && this.intake.accepting;
  }

  /** An event that is already verified and decrypted (webhook), through the SDK dispatcher. */
  dispatch(event: Record<string, unknown>): Promise<unknown> {
    return this.dispatcher.invoke(event, { needCheck: false });
  }

  /** Learns the bot's open_id, to tell @-mentions of the bot from others in groups. Best effort. */
  async learnIdentity(): Promise<void> {
    try {
      const info = await this.api.botInfo();
      if (info.open_id) this.botOpenId = info.open_id;
      this.logger.info({ lark: { bot: info.app_name ?? null, knowsOpenId: Boolean(info.open_id) } }, 'lark bot identity');
    } catch (error) {
      this.logger.warn(
        { lark: { reason: (error as Error).message } },
        'lark bot info unavailable; in groups any leading @-mention counts as addressing the bot',
      );
    }
  }

  /** Stops taking events; waits a moment for those in flight (the rest resume at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.intake.stop();
  }

  /** Waits until every event taken has been handled (tests). */
  async idle(): Promise<void> {
    await this.intake.idle();
  }

  // ── events in ─────────────────────────────────────────────────────────

  private async onMessage(data: MessageEventData): Promise<undefined> {
    if (this.stopped) return undefined;
    const parsed = parseMessageEvent(data, { staffOpenIds: this.deps.config.lark.staffOpenIds, ...(this.botOpenId && { botOpenId: this.botOpenId }) });
    if ('ignore' in parsed) {
      this.logger.debug({ lark: { reason: parsed.ignore } }, 'lark message ignored');
      return undefined;
    }
    const { eventId, incoming } = parsed;
    await this.receive(eventId, incoming.chatId, { kind: 'message', incoming });
    return undefined;
  }

  /** Stored before the handler resolves (and so before Lark is answered); throws when it cannot be. */
  private async receive(eventId: string, chatId: string, event: LarkEvent): Promise<void> {
    const result = await this.intake.receive('lark', eventId, chatId, event);
    if (result === 'duplicate') this.logger.info({ lark: { event: eventId } }, 'lark event already handled; skipped');
    if (result === 'closed') throw new Error('shutting down: event not taken');
  }

  /** Verifies the button value and answers with a toast at once; the choice is handled afterwards. */
  private async onCardAction(data: CardActionData): Promise<object> {
    const eventId = str(data?.event_id);
    const chatId = str(data?.context?.open_chat_id);
    const openId = str(data?.operator?.open_id);
    const payload = this.codec.decode(chatId, data?.action?.value);
    const lang: Lang = chatId ? await this.deps.service.language('lark', chatId).catch(() => 'zh-CN' as const) : 'zh-CN';
    const t = translator(lang);
    if (!payload || !eventId || !chatId || !openId) {
      this.logger.warn({ lark: { event: eventId ?? null, chat: chatId ?? null } }, 'lark card action refused: button value not ours');
      return toast('error', t('channel.buttonInvalid'));
    }
    if (this.stopped) return toast('info', t('channel.restarting'));
    const press = await this.questions.resolve(chatId, payload.ref, payload.action, payload.index);
    if (!press) return toast('info', t('channel.questionExpired'));
    const incoming: Incoming = {
      channel: 'lark',
      chatId,
      userId: openId,
      choice: press.choice,
      isStaff: this.deps.config.lark.staffOpenIds.includes(openId),
    };
    const click: ClickContext = { ref: payload.ref, questionId: press.record.question.id, current: press.current, labels: press.labels };
    await this.receive(eventId, chatId, { kind: 'card', incoming, click, toggle: payload.action === 'toggle' && click.current });
    // Not staff on a staff step: the conversation refuses it (and audits it); the toast says so too.
    if (stepOf(press.record.question.id.split('#')[0])?.kind === 'broadcast' && !incoming.isStaff) return toast('warning', t('staff.refused'));
    if (payload.action === 'toggle') return {};
    return toast('success', payload.action === 'done' ? t('channel.submitted') : t('channel.chosen', { labels: press.labels.join(listSep(lang)) }));
  }

  // ── replies out ───────────────────────────────────────────────────────

  /** Sends replies (best effort: a failure is logged). The intake delivers with `deliverReplies`. */
  async sendReplies(chatId: string, eventId: string, replies: Reply[], click?: ClickContext, lang: Lang = 'zh-CN'): Promise<void> {
    await this.deliverReplies(chatId, eventId, replies, 0, async () => undefined, click, lang).catch((error: unknown) => {
      this.logger.error({ err: error, lark: { chat: chatId, event: eventId } }, 'lark send failed');
    });
  }

  /**
   * Sends replies from index `from` on, calling `sent(n)` after each. A failure worth retrying
   * (5xx, 429, network, timeout; the uuid makes a retry land once) throws RetryLater; any other
   * is logged and that reply skipped; a chat that is gone is marked inactive and ends it.
   */
  async deliverReplies(
    chatId: string,
    eventId: string,
    replies: Reply[],
    from: number,
    sent: (n: number) => Promise<void>,
    click?: ClickContext,
    lang: Lang = 'zh-CN',
  ): Promise<void> {
    const t = translator(lang);
    for (let index = from; index < replies.length; index++) {
      try {
        await this.sendReply(chatId, eventId, index, replies[index]!, lang);
        replyCount.inc({ channel: 'lark', result: 'sent' });
      } catch (error) {
        if (error instanceof LarkApiError && error.code !== undefined && CHAT_GONE_CODES.has(error.code)) {
          this.logger.warn({ lark: { chat: chatId, code: error.code } }, 'lark chat no longer reachable; marked inactive');
          await this.deps.service.markInactive('lark', chatId).catch(() => undefined);
          return;
        }
        if (error instanceof LarkApiError && (error.status === 0 || error.status >= 500 || error.status === 429 || error.code === RATE_LIMIT_CODE)) {
          throw new RetryLater(error.message);
        }
        replyCount.inc({ channel: 'lark', result: 'failed' });
        this.logger.error({ err: error, lark: { chat: chatId, event: eventId, reply: index } }, 'lark send failed');
      }
      await sent(index + 1);
    }
    if (click && !replies.some((r) => r.question?.id === click.questionId)) {
      const line = click.current ? t('channel.chosen', { labels: click.labels.join(listSep(lang)) || t('channel.chosenNone') }) : t('channel.closedExpired');
      await this.closeCard(chatId, click.ref, line, lang).catch((error: unknown) => {
        this.logger.warn({ err: error, lark: { chat: chatId } }, 'lark card close failed');
      });
    }
  }

  private async sendReply(chatId: string, eventId: string, index: number, reply: Reply, lang: Lang): Promise<void> {
    const t = translator(lang);
    if (reply.question) {
      const q = reply.question;
      if (reply.update) {
        const live = await this.questions.redraw(chatId, q, reply.text);
        if (live?.messageId) {
          await this.api.patchCard(live.messageId, questionCard(this.codec, chatId, cardOf(live), lang), chatId);
          return;
        }
      }
      // Remembered before sending, so an immediate click finds its options.
      const record = await this.questions.ask(chatId, q, reply.text);
      const sent = await this.sendCard(chatId, questionCard(this.codec, chatId, cardOf(record), lang), sendUuid(eventId, index, 'question'));
      if (sent) {
        // The same question asked again: the older card points here instead of offering buttons too.
        const superseded = await this.questions.sent(chatId, record, sent.message_id);
        if (superseded) await this.redrawClosed(chatId, superseded, t('channel.askedAgain'), lang).catch(() => undefined);
        return;
      }
      // No card possible: the options as text; typing an answer works as well as a button.
      const lines = [reply.text, ...q.options.map((o) => `· ${o.label}`), t('channel.replyWithText')];
      await this.api.sendMessage(chatId, 'text', textContent(lines.join('\n')), sendUuid(eventId, index, 'text'));
      return;
    }
    if (reply.result) {
      const guide = this.deps.conversation.guide;
      const card = resultCard(reply.result, { order: guide.projectIds, projectName: guide.projectName, guideTitle: guide.data.title, lang });
      if (card && (await this.sendCard(chatId, card, sendUuid(eventId, index, 'result')))) return;
    }
    if (reply.text.trim()) await this.api.sendMessage(chatId, 'text', textContent(reply.text), sendUuid(eventId, index, 'text'));
    if (reply.file) {
      const fileKey = await this.api.uploadFile(reply.file.name, fileBytes(reply.file), reply.file.mime);
      await this.api.sendMessage(chatId, 'file', { file_key: fileKey }, sendUuid(eventId, index, 'file'));
    }
  }

  /**
   * Sends a card; undefined when it cannot be a card (too big, or Lark refuses its content),
   * so the caller falls back to text. Rate limits, 5xx and a gone chat still throw.
   */
  private async sendCard(chatId: string, card: unknown, uuid: string): Promise<{ message_id: string } | undefined> {
    if (cardBytes(card) > CARD_MAX_BYTES) return undefined;
    try {
      return await this.api.sendMessage(chatId, 'interactive', card, uuid);
    } catch (error) {
      // Content errors are 2xxxxx codes (230025 too long, 230099 bad card…); not auth, limits or a gone chat.
      const code = error instanceof LarkApiError ? error.code : undefined;
      const refused = code !== undefined && code >= 200_000 && code < 300_000 && !CHAT_GONE_CODES.has(code);
      if (!refused) throw error;
      this.logger.warn({ lark: { chat: chatId, code, reason: (error as Error).message } }, 'lark card refused; sending text instead');
      return undefined;
    }
  }

  private async closeCard(chatId: string, ref: string, line: string, lang: Lang): Promise<void> {
    const record = await this.questions.close(chatId, ref);
    if (record) await this.redrawClosed(chatId, record, line, lang);
  }

  /** Redraws a question card without its buttons, with a line saying why. */
  private async redrawClosed(chatId: string, record: QuestionRecord, line: string, lang: Lang): Promise<void> {
    if (!record.messageId) return;
    await this.api.patchCard(record.messageId, questionCard(this.codec, chatId, { ...cardOf(record), closed: line }, lang), chatId);
  }
}

const cardOf = (r: QuestionRecord) => ({ ref: r.ref, text: r.text, question: r.question });

/** The logger shape the SDK calls: each method gets the SDK's arguments as one array. */
export interface SdkLogger {
  error: (...msg: unknown[]) => void;
  warn: (...msg: unknown[]) => void;
  info: (...msg: unknown[]) => void;
  debug: (...msg: unknown[]) => void;
  trace: (...msg: unknown[]) => void;
}

/** Formats what the SDK logs into one line: strings as is, errors by message only (an axios error carries request headers). */
export function formatSdkArgs(args: unknown[]): string {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return flat
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.message;
      if (a === null || a === undefined || typeof a !== 'object') return String(a);
      try {
        return JSON.stringify(a).slice(0, 500);
      } catch {
        return '[object]';
      }
    })
    .join(' ')
    .slice(0, 2000);
}

/** Routes the SDK's logging through the project's (redacting) logger. `onError` sees each error line. */
export function sdkLogger(logger: Logger, onError?: (line: string) => void): SdkLogger {
  return {
    error: (...msg) => {
      const line = formatSdkArgs(msg);
      logger.error(`lark sdk: ${line}`);
      onError?.(line);
    },
    warn: (...msg) => logger.warn(`lark sdk: ${formatSdkArgs(msg)}`),
    info: (...msg) => logger.debug(`lark sdk: ${formatSdkArgs(msg)}`),
    debug: (...msg) => logger.debug(`lark sdk: ${formatSdkArgs(msg)}`),
    trace: (...msg) => logger.trace(`lark sdk: ${formatSdkArgs(msg)}`),
  };
}
