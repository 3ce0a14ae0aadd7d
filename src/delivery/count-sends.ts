import type { Sender } from '../channels/channel.js';
import { deliverySends } from '../metrics.js';
import { kindOfEntryKey } from './outbox.js';

/**
 * The same sender, counting each broadcast and reminder send by its outcome (a broadcast's
 * progress message to the staff chat is not counted). A sender may be a class: its methods are
 * called on it, not copied.
 */
export function countingSends(sender: Sender): Sender {
  const count = (key: string, result: string) => {
    if (!key.includes(':progress:')) deliverySends.inc({ channel: sender.channel, kind: kindOfEntryKey(key), result });
  };
  return {
    channel: sender.channel,
    limits: sender.limits,
    ...(sender.selfLimited !== undefined && { selfLimited: sender.selfLimited }),
    async send(chatId, text, key) {
      try {
        const result = await sender.send(chatId, text, key);
        count(key, result.status);
        return result;
      } catch (error) {
        count(key, 'retry'); // the worker retries a send that threw
        throw error;
      }
    },
    ...(sender.edit && { edit: (chatId: string, messageId: string, text: string) => sender.edit!(chatId, messageId, text) }),
  };
}
