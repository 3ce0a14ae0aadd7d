import { loadState, type ChatState } from '../handlers/state.js';
import type { Channel } from '../handlers/types.js';
import type { Store } from './store/store.js';

/** Channels a notice can reach; the console chat is a local tool, not a society. */
const REACHABLE: readonly Channel[] = ['telegram', 'lark'];

export interface Society {
  channel: Channel;
  chatId: string;
  state: ChatState;
}

/**
 * Every society: each stored chat on a reachable channel but the staff's own, with its state, one at a time: with thousands of
 * societies only their keys are held in memory at once.
 */
export async function* eachSociety(store: Store, nowMs: number): AsyncGenerator<Society> {
  for (const key of await store.keys('chat:')) {
    const [, channel, ...rest] = key.split(':');
    if (!REACHABLE.includes(channel as Channel)) continue;
    const raw = await store.get(key);
    if (raw === undefined) continue;
    const { state } = loadState(raw, nowMs);
    if (state.staff) continue;
    yield { channel: channel as Channel, chatId: rest.join(':'), state };
  }
}
