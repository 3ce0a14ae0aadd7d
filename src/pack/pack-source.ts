import { translator, type Lang } from '../../handlers/i18n.js';
import { loadState, type ChatState } from '../../handlers/state.js';
import { intentions, type Guide, type ProjectId } from '../../rules/index.js';
import { readChecklist } from '../checklist-store.js';
import { getSociety, type Society } from '../roster/societies.js';
import { overlayShared, readShared } from '../society-profile-store.js';
import type { Store } from '../store/store.js';
import { buildPack, type Pack, type PackItemInput } from './pack.js';

/** Whose pack: the society (its checklist key and name) and what it intends, from the store and its chats' states. */
export interface PackTarget {
  /** The checklist's key: the roster society's id, or `channel:chatId` for a chat that joined none. */
  societyKey: string;
  /** The roster name, else the name the chat gave; undefined when neither is known. */
  name: string | undefined;
  /** The projects any of the society's chats intends, in the guide's order. */
  projects: ProjectId[];
  /** Event days by project (会后一个月内), from the first chat that gave one. */
  eventDates: Record<string, string>;
}

/**
 * The pack's target for one chat (`telegram:123`): the roster society it joined, with every linked
 * chat's plans, or the chat alone. `state` is the chat's own state when the caller has it fresher
 * than the store (a turn in progress).
 */
export async function chatTarget(store: Store, guide: Guide, chat: string, state: ChatState, nowMs: number): Promise<PackTarget> {
  const society = state.societyId ? await getSociety(store, state.societyId) : undefined;
  if (society) return societyTarget(store, guide, society, nowMs, { chat, state });
  return fromStates(guide, chat, state.name, [state]);
}

/** The pack's target for a roster society: its name, and the plans of all its linked chats. */
export async function societyTarget(
  store: Store,
  guide: Guide,
  society: Society,
  nowMs: number,
  fresh?: { chat: string; state: ChatState },
): Promise<PackTarget> {
  // The society's one profile: the turn's own state when it is one of its chats (it holds the
  // shared profile), else the stored shared profile with any chat not merged yet merged in.
  if (fresh?.state.societyId === society.id && fresh.state.shared === society.id) return fromStates(guide, society.id, society.name, [fresh.state]);
  const chats = fresh && !society.chats.includes(fresh.chat) ? [fresh.chat, ...society.chats] : society.chats;
  const overlaid = new Map<string, ChatState>();
  for (const chat of chats) {
    if (fresh?.chat === chat) overlaid.set(chat, fresh.state);
    else {
      const raw = await store.get(`chat:${chat}`);
      if (raw !== undefined) overlaid.set(chat, loadState(raw, nowMs).state);
    }
  }
  const shared = await readShared(store, society.id);
  if (shared || [...overlaid.values()].some((s) => s.shared === society.id)) {
    const one = overlayShared(
      new Map([...overlaid].filter(([, s]) => (s.societyId ?? society.id) === society.id)),
      shared ? new Map([[society.id, shared]]) : new Map(),
    );
    const first = [...one.values()].find((s) => s.societyId === society.id);
    if (first) return fromStates(guide, society.id, society.name, [first]);
  }
  const states: ChatState[] = [];
  for (const chat of chats) {
    if (fresh?.chat === chat) states.push(fresh.state);
    else {
      const raw = await store.get(`chat:${chat}`);
      const state = raw === undefined ? undefined : loadState(raw, nowMs).state;
      // A chat that has since joined another society plans for that one.
      if (state && (state.societyId ?? society.id) === society.id) states.push(state);
    }
  }
  return fromStates(guide, society.id, society.name, states);
}

function fromStates(guide: Guide, societyKey: string, name: string | undefined, states: ChatState[]): PackTarget {
  const intended = new Set(states.flatMap((s) => intentions(s.profile).map((i) => i.project)));
  const eventDates: Record<string, string> = {};
  for (const s of states) for (const [id, day] of Object.entries(s.eventDates)) eventDates[id] ??= day;
  return { societyKey, name, projects: guide.projectIds.filter((id) => intended.has(id)), eventDates };
}

/** The society's checklist items for its projects, with their states (src/checklist-store.ts). */
async function checklistOf(store: Store, guide: Guide, societyKey: string, projects: readonly ProjectId[]): Promise<PackItemInput[]> {
  const view = await readChecklist(store, societyKey, guide, projects);
  return view.rows.map((row) => ({
    id: row.id,
    project: row.project,
    phase: row.phase,
    text: row.text,
    clause: row.clause,
    state: row.state,
    ...(row.entry && { by: whoText(row.entry.by), at: row.entry.at }),
  }));
}

/** `staff:张三` → 张三; a chat user (`telegram:123`) as the platform's name and the id: who ticked it, for the printout. */
export function whoText(by: string): string {
  const [kind, ...rest] = by.split(':');
  const id = rest.join(':');
  if (!id) return by;
  if (kind === 'staff') return id;
  if (kind === 'telegram') return `Telegram ${id}`;
  if (kind === 'lark') return `飞书 ${id}`;
  return by;
}

/** The pack for a target, read from the store now. */
export async function readPack(store: Store, guide: Guide, target: PackTarget, opts: { nowMs: number; lang?: Lang }): Promise<Pack> {
  const lang = opts.lang ?? 'zh-CN';
  return buildPack(guide, {
    society: target.name ?? translator(lang)('pack.unnamed'),
    projects: target.projects,
    items: await checklistOf(store, guide, target.societyKey, target.projects),
    nowMs: opts.nowMs,
    eventDates: target.eventDates,
    lang,
  });
}
