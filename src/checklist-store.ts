import {
  checklistEntrySchema,
  checklistView,
  entryKey,
  type ChecklistEntries,
  type ChecklistEntry,
  type ChecklistView,
  type ItemState,
} from '../handlers/checklist.js';
import type { ChatState } from '../handlers/state.js';
import type { Channel, ChecklistPort } from '../handlers/types.js';
import type { Guide, ProjectId } from '../rules/index.js';
import type { Store, WriteOp } from './store/store.js';

/**
 * The evidence checklists in the store. A checklist belongs to a society, shared by its chats:
 * the roster society the chat joined, or else the chat itself. Every item is a key of its own
 * (`checklist:<society>:<project>:<itemId>`), so two chats ticking different items at the same
 * moment never overwrite each other, and a write is one small set inside the turn's atomic write.
 */

/** The society a chat's checklist belongs to: its roster society's id, or the chat (`channel:chatId`). */
export function societyKeyOf(channel: Channel, chatId: string, state: Pick<ChatState, 'societyId'>): string {
  return state.societyId ?? `${channel}:${chatId}`;
}

const prefixOf = (society: string) => `checklist:${society}:`;
export const checklistKey = (society: string, project: string, item: string) => `${prefixOf(society)}${project}:${item}`;

/** Every entry of the society (a damaged one counts as not set: the item is to do). */
export async function readEntries(store: Store, society: string): Promise<Map<string, ChecklistEntry>> {
  const prefix = prefixOf(society);
  const entries = new Map<string, ChecklistEntry>();
  for (const key of await store.keys(prefix)) {
    const rest = key.slice(prefix.length);
    // Another society whose key extends this one ("telegram:12" vs "telegram:12:…") has more parts.
    const parts = rest.split(':');
    if (parts.length !== 2) continue;
    const parsed = checklistEntrySchema.safeParse(await store.get(key));
    if (parsed.success) entries.set(entryKey(parts[0]!, parts[1]!), parsed.data);
  }
  return entries;
}

/**
 * Every society's entries at once (stats, the staff console, audiences): one listing of the
 * checklist keys rather than one per society. Key: the society key.
 */
export async function readAllEntries(store: Store): Promise<Map<string, Map<string, ChecklistEntry>>> {
  const all = new Map<string, Map<string, ChecklistEntry>>();
  const keys = await store.keys('checklist:');
  const values = await Promise.all(keys.map((k) => store.get(k)));
  keys.forEach((key, i) => {
    const parts = key.slice('checklist:'.length).split(':');
    if (parts.length < 3) return;
    const item = parts.pop()!;
    const project = parts.pop()!;
    const parsed = checklistEntrySchema.safeParse(values[i]);
    if (!parsed.success) return;
    const society = parts.join(':');
    let entries = all.get(society);
    if (!entries) all.set(society, (entries = new Map()));
    entries.set(entryKey(project, item), parsed.data);
  });
  return all;
}

/** The society's checklist for these projects, with its counts. */
export async function readChecklist(store: Store, society: string, guide: Guide, projects: readonly ProjectId[]): Promise<ChecklistView> {
  return checklistView(guide, projects, await readEntries(store, society));
}

/** The write that sets one item, to go into a larger atomic write (a chat turn's). */
export function checklistOp(society: string, project: ProjectId, item: string, entry: ChecklistEntry): WriteOp {
  return { key: checklistKey(society, project, item), value: checklistEntrySchema.parse(entry) };
}

/** Sets one item outside a chat turn (staff in the console or the CLI): `by` is e.g. `staff:张三`. */
export async function setChecklistItem(
  store: Store,
  change: { society: string; project: ProjectId; item: string; state: ItemState; by: string; at: number },
): Promise<void> {
  await store.write([checklistOp(change.society, change.project, change.item, { state: change.state, by: change.by, at: change.at })]);
}

/** The port a turn reads its society's checklist through: read from the store once, when first asked. */
export function checklistPort(store: Store, society: string): ChecklistPort {
  let loaded: Promise<ChecklistEntries> | undefined;
  return { society, read: () => (loaded ??= readEntries(store, society)) };
}
