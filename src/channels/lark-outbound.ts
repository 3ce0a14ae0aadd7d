import type { Sender, SendResult } from './channel.js';
import { textContent } from './lark-cards.js';
import { CHAT_GONE_CODES, LarkApiError, RATE_LIMIT_CODE, type LarkApi } from './lark-sender.js';

/**
 * Lark's outgoing side for broadcasts and reminders. The api already retries 429, 5xx and
 * network errors a bounded number of times; what it gives up on goes back to the outbox as
 * `retry`, a chat Lark says is gone becomes `inactive`, any other refusal `failed`.
 * The outbox key is the message uuid, so a resend after a crash never shows twice.
 */
export function larkSender(api: LarkApi): Sender {
  return {
    channel: 'lark',
    limits: { perSecond: 50, perChatPerSecond: 5 },
    selfLimited: true,
    async send(chatId, text, key) {
      try {
        const sent = await api.sendMessage(chatId, 'text', textContent(text), key.slice(0, 50));
        return { status: 'sent', messageId: sent.message_id };
      } catch (error) {
        return classify(error);
      }
    },
    async edit(chatId, messageId, text) {
      try {
        await api.request('PUT', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`, {
          json: { msg_type: 'text', content: JSON.stringify(textContent(text)) },
          chat: chatId,
        });
        return { status: 'sent', messageId };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

function classify(error: unknown): SendResult {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof LarkApiError)) return { status: 'retry', afterMs: 2_000, error: message };
  if (error.code !== undefined && CHAT_GONE_CODES.has(error.code)) return { status: 'inactive', error: message };
  if (error.status === 0 || error.status >= 500 || error.status === 429 || error.code === RATE_LIMIT_CODE) {
    return { status: 'retry', afterMs: 2_000, error: message };
  }
  return { status: 'failed', error: message };
}
