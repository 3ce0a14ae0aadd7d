import { z } from 'zod';
import { isCalendarDate, profileSchema, projectIdSchema, type Profile } from '../rules/index.js';

/** Everything the bot keeps about one chat. Bump VERSION and add a migration on change. */
export const STATE_VERSION = 1;

export const pendingSchema = z.object({
  id: z.string(),
  /** What the question asks: a profile fact, or an interview step. */
  ask: z.string(),
  selected: z.array(z.string()).default([]),
  /** Replies since the question was last shown (it is not appended to every answer). */
  since: z.number().int().optional(),
});

/**
 * Where a stored fact came from: the words and when; for what a chat said, which chat
 * (`channel:chatId`) and member (the name the platform gives, else the user id).
 */
export const sourceSchema = z.object({
  text: z.string(),
  at: z.number(),
  from: z.enum(['chat', 'roster']),
  year: z.number().int().optional(),
  chat: z.string().optional(),
  member: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

export const chatStateSchema = z.object({
  v: z.literal(STATE_VERSION),
  profile: profileSchema,
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** The language the society's last message was written in (a mixed one after English is answered in English). */
  wroteIn: z.enum(['zh-CN', 'en']).optional(),
  /** The question waiting for an answer, if any. */
  pending: pendingSchema.optional(),
  /** Interview steps still to go through, e.g. the categories chosen and not yet detailed. */
  queue: z.array(z.string()).default([]),
  /** The society chose to look at every project rather than pick some. */
  allProjects: z.boolean().default(false),
  /** Facts the society preferred not to answer now ("跳过"). */
  skipped: z.array(z.string()).default([]),
  /** The day each event-based project's event is held (会后一个月内). */
  eventDates: z.record(z.string(), z.string().refine(isCalendarDate, 'YYYY-MM-DD')).default({}),
  reminders: z.boolean().optional(),
  seq: z.number().int().default(0),
  stage: z.enum(['new', 'interview', 'done']).default('new'),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
  /** Last activity, for "inactive for 30 days" audiences. */
  lastSeenAt: z.number().optional(),
  inactive: z.boolean().optional(),
  /** A programme staff member's own chat: not a society, so never in audiences, stats or reminders. */
  staff: z.boolean().optional(),
  /** The society's name, as the chat gave it. */
  name: z.string().optional(),
  /** Where each stored fact came from: the words it was taken from and when (key: profile field). */
  sources: z.record(z.string(), sourceSchema).default({}),
  /**
   * Facts two of the society's chats said differently: the value not in the profile, with where it
   * came from, until someone says which is right (key: profile field).
   */
  disputes: z.record(z.string(), z.object({ value: z.unknown(), source: sourceSchema })).default({}),
  /** The roster society this chat belongs to. */
  societyId: z.string().optional(),
  /** The roster society whose shared profile holds this chat's profile (set once merged into it). */
  shared: z.string().optional(),
  /**
   * Year-end assessments the society said its earlier projects failed (四（二）): remembered for the answers,
   * never in the profile (handlers/failed-assessment.ts). A roster society's chats share them (society-profile.ts).
   */
  failures: z.array(z.object({ project: projectIdSchema, year: z.number().int() })).default([]),
  /** How the society said its event is hosted (handlers/hosting.ts): remembered for the answers; shared like `failures`. */
  hosting: z.enum(['another_first', 'we_first_with_others', 'we_alone']).optional(),
  /** What the last answer was about, for "这个", "那X呢". */
  topic: z
    .object({
      projects: z.array(projectIdSchema),
      intent: z.string().optional(),
      age: z.number().int().default(0),
      /** The last question about one project, its name blanked (□): "换成品牌的话呢" asks it of another. */
      asked: z.string().max(200).optional(),
      /** The projects of the question before ("沙龙要几场" … "品牌呢" … "那就都报"). */
      earlier: z.array(projectIdSchema).optional(),
    })
    .optional(),
  /** A fact read from uncertain words, waiting for "是／不是" before it is stored. */
  /** Facts held until a 是／不是: from hedged words, or (`asked`) said inside a question, offered to be recorded. */
  confirm: z.object({ change: profileSchema, words: z.string(), asked: z.boolean().optional() }).optional(),
  /** A project guessed from a description, waiting for "是／不是" before it joins the plan. */
  suggest: z.object({ project: projectIdSchema, words: z.string() }).optional(),
  /** A staff notice being composed (/broadcast). */
  draft: z.object({ text: z.string().optional(), kind: z.string().optional(), audience: z.record(z.string(), z.unknown()).optional() }).optional(),
});

export type ChatState = z.infer<typeof chatStateSchema>;

export function newState(nowMs: number): ChatState {
  return chatStateSchema.parse({ v: STATE_VERSION, profile: {}, createdAt: nowMs });
}

export type Loaded = { state: ChatState; reset: boolean };

/**
 * Reads stored state. An older or damaged record is migrated when its profile can be saved,
 * otherwise replaced by a fresh state (the caller apologises). Never throws.
 */
export function loadState(raw: unknown, nowMs: number): Loaded {
  if (raw === undefined || raw === null) return { state: newState(nowMs), reset: false };
  const parsed = chatStateSchema.safeParse(renamedFields(raw));
  if (parsed.success) return { state: parsed.data, reset: false };
  const salvaged = salvageProfile(raw);
  const state = newState(nowMs);
  if (salvaged) {
    state.profile = salvaged;
    state.stage = 'done';
    keepValidFields(raw as Record<string, unknown>, state);
  }
  return { state, reset: !salvaged };
}

/** Settings that outlive a migration when valid on their own: an opt-out of reminders is never lost. */
const KEPT = ['lang', 'reminders', 'createdAt', 'lastSeenAt', 'inactive', 'skipped', 'name', 'sources', 'societyId', 'shared'] as const;

/** The key, among the event days, of the day told with no project (handlers/event-date.ts). */
export const EVENT_OF_NO_PROJECT = '*';

function keepValidFields(raw: Record<string, unknown>, state: ChatState): void {
  const shape = chatStateSchema.shape;
  for (const key of KEPT) {
    const one = shape[key].safeParse(raw[key]);
    if (one.success && one.data !== undefined) Object.assign(state, { [key]: one.data });
  }
  // Event days one by one: a damaged date costs only itself (it would break every deadline list).
  const dates = raw.eventDates;
  if (dates && typeof dates === 'object') {
    for (const [id, date] of Object.entries(dates)) {
      if ((projectIdSchema.safeParse(id).success || id === EVENT_OF_NO_PROJECT) && typeof date === 'string' && isCalendarDate(date))
        state.eventDates[id] = date;
    }
  }
}

/** Keeps each profile field that is still valid on its own: a bad field never costs the rest. */
function salvageProfile(raw: unknown): Profile | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const profile = (raw as { profile?: unknown }).profile;
  if (!profile || typeof profile !== 'object') return undefined;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    const one = profileSchema.safeParse({ [key]: value });
    if (one.success) Object.assign(kept, one.data);
  }
  return Object.keys(kept).length ? (kept as Profile) : undefined;
}

/** Early states kept the "all projects" choice as a list of every id in `focus`. */
function renamedFields(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !('focus' in raw)) return raw;
  const { focus, ...rest } = raw as { focus?: unknown };
  return { allProjects: Array.isArray(focus) && focus.length > 0, ...rest };
}
