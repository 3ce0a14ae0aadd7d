import type { Lang } from '../handlers/i18n.js';
import { loadState } from '../handlers/state.js';
import type { Channel } from '../handlers/types.js';
import type { Store } from './store/store.js';

export const chatKey = (channel: Channel, chatId: string) => `chat:${channel}:${chatId}`;

/** A chat's language as its stored state says (zh-CN for a chat never seen), for words said outside a turn. */
export async function chatLanguage(store: Store, channel: Channel, chatId: string): Promise<Lang> {
  return loadState(await store.get(chatKey(channel, chatId)), 0).state.lang;
}
