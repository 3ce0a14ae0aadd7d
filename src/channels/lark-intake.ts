import type { Incoming, Option, Reply } from '../../handlers/types.js';
import type { Transport } from '../intake/intake.js';
import type { ChannelDeps } from './channel.js';
import type { ClickContext, LarkBot } from './lark-bot.js';

/** What the Lark handlers store for an event (already parsed and verified when it came in). */
export type LarkEvent =
  | { kind: 'message'; incoming: Incoming }
  | { kind: 'card'; incoming: Incoming; action: string; options: Option[] };

/** What is sent after the turn: the replies, and the clicked card to close. */
export interface LarkPlan {
  chatId: string;
  replies: Reply[];
  click?: ClickContext;
}

/** The Lark side of the intake: converse once per event (state and plan stored together), then send the plan. */
export function larkTransport(bot: LarkBot, deps: ChannelDeps): Transport {
  return {
    channel: 'lark',
    async process(record, key) {
      const event = record.payload as LarkEvent;
      const { incoming } = event;
      if (event.kind === 'message' || !incoming.choice) {
        await deps.service.handleEvent(incoming, key, (replies): LarkPlan => ({ chatId: incoming.chatId, replies }));
        return;
      }
      const state = await deps.service.getState('lark', incoming.chatId);
      const choice = incoming.choice;
      const questionId = choice.question;
      const picked = event.action === 'done' ? (state.pending?.selected ?? []) : choice.values;
      const labels = event.options.filter((o) => picked.includes(o.value)).map((o) => o.label);
      const click: ClickContext = { questionId, wasPending: state.pending?.id === questionId, label: labels.join('、') || '（都不选）' };
      await deps.service.handleEvent(incoming, key, (replies): LarkPlan => ({
        chatId: incoming.chatId,
        replies,
        // A toggle on the live question redraws the card (an update reply); anything else closes it.
        ...(!(event.action === 'toggle' && click.wasPending) && { click }),
      }));
    },
    async deliver(record, sent) {
      const plan = record.plan as LarkPlan;
      await bot.deliverReplies(plan.chatId, record.id, plan.replies, record.sent ?? 0, sent, plan.click);
    },
  };
}
