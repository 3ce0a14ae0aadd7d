import { createHash } from 'node:crypto';
import { compileGuide, guideSchema, verdictChanges, type Guide, type Profile, type VerdictChange } from '../rules/index.js';
import { eachSociety } from './societies.js';
import type { Store } from './store/store.js';

/** The guide the stored verdicts were last given under: its identity and its data, to compare a new one with. */
const ACTIVE_KEY = 'guide:active';
/** The societies whose verdicts the last guide switch changed: the `changed` audience. */
export const CHANGED_KEY = 'guide:changed';

interface ActiveGuide {
  id: string;
  year: number;
  hash: string;
  data: unknown;
}

export interface GuideSwitch {
  from: { id: string; year: number; hash: string };
  to: { id: string; year: number; hash: string };
  at: number;
  /** `channel:chatId` of each society with at least one changed verdict. */
  societies: string[];
  changes: VerdictChange[];
}

export function guideHash(guide: Guide): string {
  return createHash('sha256').update(JSON.stringify(guide.data)).digest('hex').slice(0, 16);
}

/**
 * Run at start-up: when the guide differs from the one last recorded in the store (staff switched
 * GUIDE_FILE and restarted), records which societies' verdicts it changes, for the `changed`
 * audience, then records the new guide. Several instances starting together compute the same
 * result from the same store, so a repeated run only writes the same values again.
 */
export async function noteGuideSwitch(store: Store, guide: Guide, nowMs: number): Promise<GuideSwitch | undefined> {
  const hash = guideHash(guide);
  const active = await store.get<ActiveGuide>(ACTIVE_KEY);
  const current: ActiveGuide = { id: guide.id, year: guide.year, hash, data: guide.data };
  if (active?.hash === hash) return undefined;
  let result: GuideSwitch | undefined;
  const before = active && previousGuide(active.data);
  if (active && before) {
    const societies: { society: string; profile: Profile }[] = [];
    for await (const s of eachSociety(store, nowMs)) societies.push({ society: `${s.channel}:${s.chatId}`, profile: s.state.profile });
    const changes = verdictChanges(before, guide, societies);
    result = {
      from: { id: active.id, year: active.year, hash: active.hash },
      to: { id: guide.id, year: guide.year, hash },
      at: nowMs,
      societies: [...new Set(changes.map((c) => c.society))],
      changes,
    };
    await store.set(CHANGED_KEY, result);
  }
  await store.set(ACTIVE_KEY, current);
  return result;
}

/** The recorded guide, or undefined when it no longer fits the schema (then nothing can be compared). */
function previousGuide(data: unknown): Guide | undefined {
  const parsed = guideSchema.safeParse(data);
  if (!parsed.success) return undefined;
  try {
    return compileGuide(parsed.data);
  } catch {
    return undefined;
  }
}

/** The `changed` audience: societies whose verdicts the last guide switch changed. */
export async function changedSocieties(store: Store): Promise<Set<string>> {
  const last = await store.get<GuideSwitch>(CHANGED_KEY);
  return new Set(last?.societies ?? []);
}
