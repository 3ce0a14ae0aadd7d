import { checkAll, findConflicts, intentions, type Conflict, type Fact, type Guide, type Profile, type ProjectId, type Verdicts } from '../../rules/index.js';
import { isIncomplete } from '../../handlers/audience.js';
import { loadState, type ChatState } from '../../handlers/state.js';
import type { Channel } from '../../handlers/types.js';
import type { Store } from '../store/store.js';
import { listSocieties, type Society } from './societies.js';

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
  sources: Record<string, { text: string; at: number; from: 'chat' | 'roster' }>;
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

/** Every stored chat on a reachable channel but staff chats, keyed `channel:chatId`. */
export async function loadChats(store: Store, nowMs: number): Promise<Map<string, LinkedChat>> {
  const chats = new Map<string, LinkedChat>();
  const keys = (await store.keys('chat:')).filter((k) => REACHABLE.has(k.split(':')[1]!));
  const raws = await Promise.all(keys.map((k) => store.get(k)));
  keys.forEach((key, i) => {
    if (raws[i] === undefined) return;
    const [, channel, ...rest] = key.split(':');
    const { state } = loadState(raws[i], nowMs);
    if (state.staff) return;
    chats.set(`${channel}:${rest.join(':')}`, { channel: channel as Channel, chatId: rest.join(':'), state });
  });
  return chats;
}

export async function societyViews(store: Store, guide: Guide, nowMs: number): Promise<SocietyView[]> {
  const [societies, chats] = await Promise.all([listSocieties(store), loadChats(store, nowMs)]);
  const views: SocietyView[] = [];
  const linked = new Set<string>();
  for (const s of societies) {
    const own = s.chats.flatMap((c) => {
      const chat = chats.get(c);
      return chat ? [chat] : [];
    });
    s.chats.forEach((c) => linked.add(c));
    views.push(buildView(guide, { key: s.id, name: s.name, society: s, chats: own }));
  }
  for (const [id, chat] of chats) {
    if (linked.has(id)) continue;
    views.push(buildView(guide, { key: `chat:${id}`, name: chat.state.name ?? '', chats: [chat] }));
  }
  return views;
}

function buildView(guide: Guide, base: { key: string; name: string; society?: Society; chats: LinkedChat[] }): SocietyView {
  const latest = [...base.chats].sort((a, b) => (b.state.lastSeenAt ?? 0) - (a.state.lastSeenAt ?? 0))[0];
  const profile: Profile = { ...(base.society?.facts ?? {}), ...(latest?.state.profile ?? {}) };
  const sources: SocietyView['sources'] = { ...(base.society?.sources ?? {}), ...(latest?.state.sources ?? {}) };
  const verdicts = checkAll(guide, profile);
  const intended = intentions(profile).map((i) => i.project);
  const focus = intended.length ? intended : guide.projectIds;
  const missing = new Set<Fact>();
  for (const id of focus) for (const r of verdicts[id].reasons) for (const f of r.missing ?? []) missing.add(f);
  const incomplete = latest ? isIncomplete(guide, latest.state) : missing.size > 0;
  return {
    ...base,
    inRoster: !!base.society,
    ...(base.society && { code: base.society.code }),
    profile,
    sources,
    verdicts,
    conflicts: findConflicts(guide, intentions(profile)),
    intended,
    missing: [...missing],
    incomplete,
    ...(latest?.state.lastSeenAt !== undefined && { lastSeenAt: latest.state.lastSeenAt }),
    remindersOn: base.chats.some((c) => c.state.reminders !== false && c.state.stage === 'done'),
    inactive: base.chats.length > 0 && base.chats.every((c) => c.state.inactive),
  };
}

/** How a view is named on pages and in reports: its name, or its chat when it gave none. */
export function displayName(v: Pick<SocietyView, 'name' | 'chats'>): string {
  if (v.name) return v.name;
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
