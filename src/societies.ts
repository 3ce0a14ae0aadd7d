import { loadState, type ChatState } from '../handlers/state.js';
import type { Channel } from '../handlers/types.js';
import { withShared } from '../handlers/society-profile.js';
import { readAllShared, societyProfileWith } from './society-profile-store.js';
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
  // A roster society's chats are each seen with the society's one profile.
  const shared = await readAllShared(store);
  for (const key of await store.keys('chat:')) {
    const [, channel, ...rest] = key.split(':');
    if (!REACHABLE.includes(channel as Channel)) continue;
    const raw = await store.get(key);
    if (raw === undefined) continue;
    let { state } = loadState(raw, nowMs);
    if (state.staff) continue;
    const chatId = rest.join(':');
    const own = state.societyId ? shared.get(state.societyId) : undefined;
    if (own) state = withShared(state, societyProfileWith(own, `${channel}:${chatId}`, state));
    yield { channel: channel as Channel, chatId, state };
  }
}
