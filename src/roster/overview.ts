import { checkAll, findConflicts, intentions, type Conflict, type Fact, type Guide, type Profile, type ProjectId, type Verdicts } from '../../rules/index.js';
import { withShared, type SharedProfile } from '../../handlers/society-profile.js';
import { loadState, type ChatState, type Source } from '../../handlers/state.js';
import { readAllShared, societyProfileWith } from '../society-profile-store.js';
import type { Channel } from '../../handlers/types.js';
import type { Store } from '../store/store.js';
import { listSocieties, type Society } from './societies.js';
import { normaliseText } from './names.js';

export interface LinkedChat {
  channel: Channel;
  chatId: string;
  state: ChatState;
}

/** One row of the staff's view: a roster society with its chats, or a chat that joined none. */
export interface SocietyView {
  /** The society id, or `chat:<channel>:<id>` for a chat outside the roster. */
  key: string;
  name: string;
  /** Named by staff (roster) or only by the chat itself. */
  inRoster: boolean;
  society?: Society;
  chats: LinkedChat[];
  code?: string;
  /** Roster facts overlaid by what the most recently active chat said. */
  profile: Profile;
  sources: Record<string, Source>;
  /** Facts two of its chats said differently, the other value with who said it (until settled). */
  disputes: ChatState['disputes'];
  verdicts: Verdicts;
  conflicts: Conflict[];
  intended: ProjectId[];
  missing: Fact[];
  incomplete: boolean;
  lastSeenAt?: number;
  remindersOn: boolean;
  inactive: boolean;
}

const REACHABLE = new Set(['telegram', 'lark']);

/**
 * Parsed chats, societies and built views, kept per store between requests and reused while the
 * stored record is unchanged (same updatedAt and flags). The store stays the truth: every call
 * reads every record; only the parsing and the 20 verdicts per society are skipped when nothing
 * changed. Rendering 2,000 societies this way takes a fraction of building them all again.
 */
interface Caches {
  chats: Map<string, { stamp: string; state: ChatState }>;
  views: WeakMap<Guide, Map<string, { stamp: string; view: SocietyView }>>;
}
const caches = new WeakMap<Store, Caches>();
function cachesOf(store: Store): Caches {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = { chats: new Map(), views: new WeakMap() }));
  return c;
}

function chatStamp(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as { updatedAt?: unknown; lastSeenAt?: unknown; inactive?: unknown; v?: unknown };
  return typeof r.updatedAt === 'number' ? `${r.v}|${r.updatedAt}|${r.lastSeenAt}|${r.inactive}` : undefined;
}

/** Every stored chat on a reachable channel but staff chats, keyed `channel:chatId`. */
export async function loadChats(store: Store, nowMs: number): Promise<Map<string, LinkedChat>> {
  const cache = cachesOf(store).chats;
  const chats = new Map<string, LinkedChat>();
  const keys = (await store.keys('chat:')).filter((k) => REACHABLE.has(k.split(':')[1]!));
  const raws = await Promise.all(keys.map((k) => store.get(k)));
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    const raw = raws[i];
    if (raw === undefined) return;
    seen.add(key);
    const stamp = chatStamp(raw);
    const hit = stamp !== undefined ? cache.get(key) : undefined;
    let state: ChatState;
    if (hit && hit.stamp === stamp) state = hit.state;
    else {
      state = loadState(raw, nowMs).state;
      if (stamp !== undefined) cache.set(key, { stamp, state });
    }
    if (state.staff) return;
    const [, channel, ...rest] = key.split(':');
    chats.set(`${channel}:${rest.join(':')}`, { channel: channel as Channel, chatId: rest.join(':'), state });
  });
  for (const key of cache.keys()) if (!seen.has(key)) cache.delete(key);
  return chats;
}

const societyStamp = (s: Society) => `${s.updatedAt}|${s.code}|${s.name}|${s.chats.join(',')}`;
const linkedStamp = (chats: LinkedChat[]) => chats.map((c) => `${c.chatId}:${c.state.updatedAt}:${c.state.lastSeenAt}:${c.state.inactive}`).join(',');

export async function societyViews(store: Store, guide: Guide, nowMs: number): Promise<SocietyView[]> {
  const [societies, chats, shared] = await Promise.all([listSocieties(store), loadChats(store, nowMs), readAllShared(store)]);
  const all = cachesOf(store).views;
  let cache = all.get(guide);
  if (!cache) all.set(guide, (cache = new Map()));
  const build = (base: { key: string; name: string; society?: Society; chats: LinkedChat[] }) => {
    const stamp = `${base.society ? societyStamp(base.society) : base.name}#${linkedStamp(base.chats)}#${base.society ? shared.get(base.society.id)?.updatedAt : ''}`;
    const hit = cache.get(base.key);
    if (hit && hit.stamp === stamp) return hit.view;
    const view = buildView(guide, base);
    cache.set(base.key, { stamp, view });
    return view;
  };
  const views: SocietyView[] = [];
  const linked = new Set<string>();
  for (const s of societies) {
    const own = s.chats.flatMap((c) => {
      const chat = chats.get(c);
      return chat ? [chat] : [];
    });
    s.chats.forEach((c) => linked.add(c));
    views.push(build({ key: s.id, name: s.name, society: s, chats: withSocietyProfile(own, shared.get(s.id)) }));
  }
  for (const [id, chat] of chats) {
    if (linked.has(id)) continue;
    views.push(build({ key: `chat:${id}`, name: chat.state.name ?? '', chats: [chat] }));
  }
  const keep = new Set(views.map((v) => v.key));
  for (const key of cache.keys()) if (!keep.has(key)) cache.delete(key);
  return views;
}

/** The society's chats, each seen with its one profile (the stored one, with chats not yet merged merged in). */
function withSocietyProfile(chats: LinkedChat[], stored: SharedProfile | undefined): LinkedChat[] {
  let profile = stored;
  for (const c of [...chats].sort((a, b) => (a.state.createdAt ?? 0) - (b.state.createdAt ?? 0))) {
    profile = societyProfileWith(profile, `${c.channel}:${c.chatId}`, c.state);
  }
  return profile ? chats.map((c) => ({ ...c, state: withShared(c.state, profile) })) : chats;
}

function buildView(guide: Guide, base: { key: string; name: string; society?: Society; chats: LinkedChat[] }): SocietyView {
  const latest = [...base.chats].sort((a, b) => (b.state.lastSeenAt ?? 0) - (a.state.lastSeenAt ?? 0))[0];
  const profile: Profile = { ...(base.society?.facts ?? {}), ...(latest?.state.profile ?? {}) };
  const sources: SocietyView['sources'] = { ...(base.society?.sources ?? {}), ...(latest?.state.sources ?? {}) };
  const verdicts = checkAll(guide, profile);
  const intended = intentions(profile).map((i) => i.project);
  const focus = intended.length ? intended : guide.projectIds;
  const missing = new Set<Fact>();
  let incomplete = false;
  for (const id of focus) {
    if (verdicts[id].verdict !== 'unknown') continue;
    incomplete = true; // as isIncomplete() (audiences) decides it, on the same profile
    for (const r of verdicts[id].reasons) for (const f of r.missing ?? []) missing.add(f);
  }
  return {
    ...base,
    inRoster: !!base.society,
    ...(base.society && { code: base.society.code }),
    profile,
    sources,
    verdicts,
    conflicts: intended.length ? findConflicts(guide, intentions(profile)) : [],
    intended,
    missing: [...missing],
    incomplete,
    ...(latest?.state.lastSeenAt !== undefined && { lastSeenAt: latest.state.lastSeenAt }),
    // True to what the society chose: on only when one of its chats accepted reminders.
    remindersOn: base.chats.some((c) => c.state.reminders === true && !c.state.inactive),
    disputes: latest?.state.disputes ?? {},
    inactive: base.chats.length > 0 && base.chats.every((c) => c.state.inactive),
  };
}

/** How a view is named on pages and in reports: its name, or its chat when it gave none. */
export function displayName(v: Pick<SocietyView, 'name' | 'chats'>): string {
  // A name a chat gave may hold invisible format characters (U+202E…): shown without them, like roster names.
  const name = v.name && normaliseText(v.name);
  if (name) return name;
  const c = v.chats[0];
  return c ? `（未具名 ${c.channel === 'lark' ? '飞书' : 'Telegram'} ${c.chatId}）` : '（未具名）';
}

/** `channel:chatId` → the name staff know it by (its roster society's, or the one it gave). */
export async function chatNames(store: Store, nowMs: number): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const [id, chat] of await loadChats(store, nowMs)) if (chat.state.name) names.set(id, chat.state.name);
  for (const s of await listSocieties(store)) for (const c of s.chats) names.set(c, s.name);
  return names;
}
