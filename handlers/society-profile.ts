/**
 * A roster society is one unit: its chats share one profile (facts, plan, reminder choice, event
 * days, open disagreements, and what it said of failed assessments and of how its event is hosted). The store keeps it under the society (`society-profile:<id>`); a turn
 * of any of its chats sees it in `state` and writes it back. Pure: no store here.
 */
import { z } from 'zod';
import { FACTS, intentions, type Profile } from '../rules/index.js';
import { chatStateSchema, type ChatState, type Source } from './state.js';

/** The fields of a chat state that belong to its society when it is in one. */
export const SHARED_FIELDS = ['profile', 'sources', 'reminders', 'eventDates', 'allProjects', 'disputes', 'failures', 'hosting'] as const;

export const sharedProfileSchema = z.object({
  profile: chatStateSchema.shape.profile,
  sources: chatStateSchema.shape.sources,
  reminders: chatStateSchema.shape.reminders,
  eventDates: chatStateSchema.shape.eventDates,
  allProjects: chatStateSchema.shape.allProjects,
  disputes: chatStateSchema.shape.disputes,
  failures: chatStateSchema.shape.failures,
  hosting: chatStateSchema.shape.hosting,
  /** Chats (`channel:chatId`) whose own earlier profile has been merged in. */
  merged: z.array(z.string()).default([]),
  updatedAt: z.number().optional(),
});
export type SharedProfile = z.infer<typeof sharedProfileSchema>;

export function emptyShared(): SharedProfile {
  return sharedProfileSchema.parse({ profile: {} });
}

/** The society's part of a chat state. */
export function sharedOf(state: ChatState, merged: string[] = []): SharedProfile {
  return structuredClone({
    profile: state.profile,
    sources: state.sources,
    ...(state.reminders !== undefined && { reminders: state.reminders }),
    eventDates: state.eventDates,
    allProjects: state.allProjects,
    disputes: state.disputes,
    failures: state.failures ?? [],
    ...(state.hosting !== undefined && { hosting: state.hosting }),
    merged,
  });
}

/** The chat state as a turn of one of the society's chats sees it: the society's fields in place of its own. */
export function withShared(state: ChatState, shared: SharedProfile): ChatState {
  const next: ChatState = { ...state, ...structuredClone(pickShared(shared)) };
  if (shared.reminders === undefined) delete next.reminders;
  if (shared.hosting === undefined) delete next.hosting;
  return next;
}

function pickShared(shared: SharedProfile) {
  const { profile, sources, reminders, eventDates, allProjects, disputes, failures, hosting } = shared;
  return { profile, sources, reminders, eventDates, allProjects, disputes, failures, hosting };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges one chat's own profile into the society's (a chat joining, or `cli migrate` on profiles
 * kept per chat before). What one side knows and the other does not is taken. Where both said
 * something different, the earlier statement stays and the other is kept beside it as an open
 * disagreement: the later one never silently wins. A roster fact gives way to what a chat said.
 * `chat` is the merged chat's `channel:chatId`, written into sources that lack it.
 */
export function mergeShared(into: SharedProfile, own: SharedProfile, chat: string): SharedProfile {
  const out = structuredClone(into);
  const ownSources: Record<string, Source> = {};
  for (const [k, s] of Object.entries(own.sources)) ownSources[k] = s.from === 'chat' && !s.chat ? { ...s, chat } : s;
  for (const fact of FACTS) {
    const theirs = own.profile[fact];
    if (theirs === undefined) continue;
    const mine = out.profile[fact];
    const theirSource = ownSources[fact];
    const mySource = out.sources[fact];
    if (mine === undefined || (mySource?.from === 'roster' && theirSource?.from === 'chat')) {
      Object.assign(out.profile, { [fact]: theirs });
      if (theirSource) out.sources[fact] = theirSource;
      continue;
    }
    if (same(mine, theirs)) continue;
    if (theirSource?.from !== 'chat') continue; // a roster value never disputes what a chat said
    // Both chats said it: the earlier stays, the later waits beside it until someone settles it.
    const theirsEarlier = mySource?.from === 'chat' && theirSource.at < mySource.at;
    if (theirsEarlier) {
      out.disputes[fact] = { value: mine, source: mySource! };
      Object.assign(out.profile, { [fact]: theirs });
      out.sources[fact] = theirSource;
    } else {
      out.disputes[fact] = { value: theirs, source: theirSource };
    }
  }
  // The plan: every project either chat plans (a count said by the earlier stays).
  const plans = intentions(out.profile);
  const planned = new Set(plans.map((p) => p.project));
  const added = intentions(own.profile).filter((p) => !planned.has(p.project));
  if (added.length) {
    out.profile.intended = [...(out.profile.intended ?? []), ...added.map((p) => (p.count > 1 ? { project: p.project, count: p.count } : p.project))];
  }
  for (const [k, d] of Object.entries(own.disputes)) out.disputes[k] ??= d;
  for (const [id, day] of Object.entries(own.eventDates)) out.eventDates[id] ??= day;
  out.allProjects ||= own.allProjects;
  // Failed assessments: every one either chat told (a year told by both is one); hosting: the earlier stays.
  for (const f of own.failures) if (!out.failures.some((g) => g.project === f.project && g.year === f.year)) out.failures.push(f);
  out.hosting ??= own.hosting;
  // Reminders: on when either chat accepted them; off only when one declined and none accepted.
  if (own.reminders === true || out.reminders === undefined) {
    if (own.reminders !== undefined) out.reminders = own.reminders;
  }
  if (!out.merged.includes(chat)) out.merged.push(chat);
  return out;
}

/** Whether a profile has anything the society would want to keep. */
export function hasContent(p: Profile): boolean {
  return Object.keys(p).length > 0;
}
