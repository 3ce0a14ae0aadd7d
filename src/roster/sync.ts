import { randomUUID } from 'node:crypto';
import { loadState } from '../../handlers/state.js';
import type { Store } from '../store/store.js';
import { readShared, sharedKey, withSocietyLease } from '../society-profile-store.js';
import { ROSTER_SOURCE, type Society } from './societies.js';

const LOCK_TTL_MS = 30_000;

/**
 * A roster re-import changed some facts: each joined chat takes the new values of the facts it
 * holds from the roster (or does not know). What a secretary said in chat is left alone.
 * Written under the chat's own lease (the one ChatService takes), so no message is lost.
 */
export async function syncRosterFacts(store: Store, society: Society, fields: string[], nowMs: number): Promise<number> {
  let changed = 0;
  // The society's shared profile (its chats' one truth), under the lease its chats' turns take.
  await withSocietyLease(store, society.id, async () => {
    const shared = await readShared(store, society.id);
    if (!shared) return;
    let touched = false;
    for (const field of fields) {
      const value = society.facts[field as keyof Society['facts']];
      if (value === undefined || shared.sources[field]?.from === 'chat') continue;
      Object.assign(shared.profile, { [field]: value });
      shared.sources[field] = { text: ROSTER_SOURCE, at: nowMs, from: 'roster' };
      touched = true;
    }
    if (!touched) return;
    shared.updatedAt = nowMs;
    await store.set(sharedKey(society.id), shared);
    changed++;
  });
  for (const chat of society.chats) {
    const key = `chat:${chat}`;
    const lock = `lock:${key}`;
    const owner = randomUUID();
    const started = Date.now();
    while (!(await store.acquireLease(lock, owner, LOCK_TTL_MS))) {
      if (Date.now() - started > LOCK_TTL_MS) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      const raw = await store.get(key);
      if (raw === undefined) continue;
      const { state } = loadState(raw, nowMs);
      if (state.societyId !== society.id) continue;
      let touched = false;
      for (const field of fields) {
        const value = society.facts[field as keyof Society['facts']];
        if (value === undefined || state.sources[field]?.from === 'chat') continue;
        Object.assign(state.profile, { [field]: value });
        state.sources[field] = { text: ROSTER_SOURCE, at: nowMs, from: 'roster' };
        touched = true;
      }
      if (touched) {
        state.updatedAt = nowMs;
        await store.set(key, state);
        changed++;
      }
    } finally {
      await store.releaseLease(lock, owner);
    }
  }
  return changed;
}
