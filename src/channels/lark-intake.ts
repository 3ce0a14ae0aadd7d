import type { Lang } from '../../handlers/i18n.js';
import type { Incoming, Reply } from '../../handlers/types.js';
import type { Transport } from '../intake/intake.js';
import type { ChannelDeps } from './channel.js';

/** A pressed card, resolved by the question protocol: the card to close and what was chosen. */
export interface ClickContext {
  ref: string;
  questionId: string;
  /** The card was the chat's live question (the conversation was waiting on it). */
  current: boolean;
  labels: string[];
}

/** What the intake needs of the bot: sending a plan's replies. */
export interface ReplyDeliverer {
  deliverReplies(
    chatId: string,
    eventId: string,
    replies: Reply[],
    from: number,
    sent: (n: number) => Promise<void>,
    click?: ClickContext,
    lang?: Lang,
  ): Promise<void>;
}

/**
 * What the Lark handlers store for an event (already parsed and verified when it came in). A card
 * press carries what the question protocol resolved at once: the card to close and its labels.
 */
export type LarkEvent = { kind: 'message'; incoming: Incoming } | { kind: 'card'; incoming: Incoming; click: ClickContext; toggle: boolean };

/** What is sent after the turn: the replies in the chat's language, and the clicked card to close. */
export interface LarkPlan {
  chatId: string;
  replies: Reply[];
  lang?: Lang;
  click?: ClickContext;
}

/** The Lark side of the intake: converse once per event (state and plan stored together), then send the plan. */
export function larkTransport(bot: ReplyDeliverer, deps: ChannelDeps): Transport {
  return {
    channel: 'lark',
    async process(record, key) {
      const event = record.payload as LarkEvent;
      const { incoming } = event;
      await deps.service.handleEvent(
        incoming,
        key,
        (replies, lang): LarkPlan => ({
          chatId: incoming.chatId,
          replies,
          lang,
          // A toggle on the live question redraws the card (an update reply); anything else closes it.
          ...(event.kind === 'card' && !event.toggle && { click: event.click }),
        }),
      );
    },
    async deliver(record, sent) {
      const plan = record.plan as LarkPlan;
      await bot.deliverReplies(plan.chatId, record.id, plan.replies, record.sent ?? 0, sent, plan.click, plan.lang);
    },
  };
}
