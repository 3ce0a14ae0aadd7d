import { randomUUID } from 'node:crypto';
import { emptyShared, mergeShared, sharedOf, sharedProfileSchema, withShared, type SharedProfile } from '../handlers/society-profile.js';
import { loadState, type ChatState } from '../handlers/state.js';
import type { Store } from './store/store.js';

/**
 * The shared profile of each roster society in the store (see handlers/society-profile.ts). It is
 * written under the society's lease, in the same atomic write as the chat turn that changed it, so
 * two chats of one society (on two instances) never lose each other's facts.
 */

export const sharedKey = (societyId: string) => `society-profile:${societyId}`;
const leaseOf = (societyId: string) => `lock:society-profile:${societyId}`;
const LEASE_MS = 10_000;
const POLL_MS = 10;

/** The society's stored profile; undefined when none is stored yet (or it is damaged: then rebuilt from its chats). */
export async function readShared(store: Store, societyId: string): Promise<SharedProfile | undefined> {
  const raw = await store.get(sharedKey(societyId));
  if (raw === undefined) return undefined;
  const parsed = sharedProfileSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Runs `work` holding the society's lease. A holder that died leaves a lease that runs out within
 * LEASE_MS; after that long the work goes ahead anyway (a chat is never stuck behind a dead instance).
 */
export async function withSocietyLease<T>(store: Store, societyId: string, work: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const started = Date.now();
  let held = false;
  while (!(held = await store.acquireLease(leaseOf(societyId), owner, LEASE_MS))) {
    if (Date.now() - started > LEASE_MS) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  try {
    return await work();
  } finally {
    if (held) await store.releaseLease(leaseOf(societyId), owner).catch(() => undefined);
  }
}

/**
 * The society's profile as it stands with this chat's own (not yet merged) profile merged in by the
 * rule of handlers/society-profile.ts. `chat` is `channel:chatId`.
 */
export function societyProfileWith(shared: SharedProfile | undefined, chat: string, state: ChatState): SharedProfile {
  // None stored (or damaged): the chat's own copy is the best there is, never an empty profile.
  if (!shared) return mergeShared(emptyShared(), sharedOf(state), chat);
  if (!state.societyId || state.shared === state.societyId || shared.merged.includes(chat)) return shared;
  return mergeShared(shared, sharedOf(state), chat);
}

/** Every stored shared profile, by society id (staff views: one listing, not one read per society). */
export async function readAllShared(store: Store): Promise<Map<string, SharedProfile>> {
  const prefix = 'society-profile:';
  const keys = await store.keys(prefix);
  const raws = await Promise.all(keys.map((k) => store.get(k)));
  const all = new Map<string, SharedProfile>();
  keys.forEach((key, i) => {
    const parsed = sharedProfileSchema.safeParse(raws[i]);
    if (parsed.success) all.set(key.slice(prefix.length), parsed.data);
  });
  return all;
}

/**
 * Chat states grouped by their roster society, each seen with the society's profile: the stored one
 * with any chat not yet merged into it merged in memory (so a view is right before `cli migrate`).
 * `chats` maps `channel:chatId` to its state. Chats in no roster society are returned as they are.
 */
export function overlayShared(chats: Map<string, ChatState>, shared: Map<string, SharedProfile>): Map<string, ChatState> {
  const bySociety = new Map<string, Array<[string, ChatState]>>();
  for (const [chat, state] of chats) {
    if (!state.societyId) continue;
    let list = bySociety.get(state.societyId);
    if (!list) bySociety.set(state.societyId, (list = []));
    list.push([chat, state]);
  }
  const out = new Map(chats);
  for (const [id, list] of bySociety) {
    let profile = shared.get(id);
    // Merged in the order the chats were created: the earlier chat's statement is the earlier one.
    for (const [chat, state] of [...list].sort((a, b) => (a[1].createdAt ?? 0) - (b[1].createdAt ?? 0))) profile = societyProfileWith(profile, chat, state);
    if (!profile) continue;
    for (const [chat, state] of list) out.set(chat, withShared(state, profile));
  }
  return out;
}

/** One chat's state as its turn would see it (its society's profile in place of its own). */
export async function chatWithShared(store: Store, chat: string, raw: unknown, nowMs: number): Promise<ChatState> {
  const { state } = loadState(raw, nowMs);
  if (!state.societyId) return state;
  const shared = await readShared(store, state.societyId);
  if (!shared && state.shared !== state.societyId) return state;
  return withShared(state, societyProfileWith(shared, chat, state));
}

const CHAT_LEASE_MS = 10_000;

/**
 * Merges the profiles chats kept on their own (before societies shared one) into their roster
 * society's profile, by the rule of handlers/society-profile.ts: what only one chat said is taken;
 * two chats' different statements both stay, the later as an open disagreement the bot asks about.
 * Idempotent (a merged chat is marked), safe with instances running (the chat's and the society's
 * leases are taken as a turn takes them). Run at start-up. Returns how many chats were merged.
 */
export async function mergeChatProfiles(store: Store, nowMs: number): Promise<{ societies: number; chats: number; disputes: number }> {
  const byId = new Map<string, string[]>();
  for (const key of await store.keys('chat:')) {
    const { state } = loadState(await store.get(key), nowMs);
    if (!state.societyId || state.shared === state.societyId) continue;
    byId.set(state.societyId, [...(byId.get(state.societyId) ?? []), key]);
  }
  let chats = 0;
  let disputes = 0;
  for (const [societyId, keys] of byId) {
    await withSocietyLease(store, societyId, async () => {
      // The earliest chat first: its statements are the earlier ones.
      const states = await Promise.all(keys.map(async (key) => ({ key, state: loadState(await store.get(key), nowMs).state })));
      states.sort((a, b) => (a.state.createdAt ?? 0) - (b.state.createdAt ?? 0));
      let shared = (await readShared(store, societyId)) ?? emptyShared();
      const before = Object.keys(shared.disputes).length;
      for (const { key, state } of states) {
        if (state.societyId !== societyId || state.shared === societyId) continue;
        shared = mergeShared(shared, sharedOf(state), key.slice('chat:'.length));
      }
      shared.updatedAt = nowMs;
      disputes += Object.keys(shared.disputes).length - before;
      await store.write([{ key: sharedKey(societyId), value: shared }]);
      return { shared, states };
    }).then(async ({ shared, states }) => {
      // Outside the society's lease (a turn takes the chat's lease first, then the society's). A turn
      // meanwhile finds the chat in `merged` and does not merge it again.
      for (const { key } of states) {
        // Marked under the chat's own lease, re-read: a turn that ran meanwhile is not undone.
        const lock = `lock:${key}`;
        const owner = randomUUID();
        const started = Date.now();
        while (!(await store.acquireLease(lock, owner, CHAT_LEASE_MS)) && Date.now() - started < CHAT_LEASE_MS)
          await new Promise((r) => setTimeout(r, POLL_MS));
        try {
          const raw = await store.get(key);
          if (raw === undefined) continue;
          const { state } = loadState(raw, nowMs);
          if (state.societyId !== societyId || state.shared === societyId) continue;
          await store.set(key, { ...withShared(state, shared), shared: societyId });
          chats++;
        } finally {
          await store.releaseLease(lock, owner).catch(() => undefined);
        }
      }
    });
  }
  return { societies: byId.size, chats, disputes };
}
