import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { profileSchema, type Profile } from '../../rules/index.js';
import type { Store } from '../store/store.js';
import { normaliseText } from './names.js';

/** Where roster facts come from, as the chat and the console show it. */
export const ROSTER_SOURCE = '省科协名单';

export const societySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The invite code in force. */
  code: z.string(),
  revokedCodes: z.array(z.string()).default([]),
  /** Facts staff know from the roster; absent = unknown. */
  facts: profileSchema,
  sources: z.record(z.string(), z.object({ text: z.string(), at: z.number(), from: z.literal('roster') })).default({}),
  /** The roster's contact columns (联系人, 电话…), by their header: how to reach a society no chat has joined. */
  contact: z.record(z.string(), z.string()).optional(),
  /** Linked chats, written `channel:chatId` (the secretary, a deputy…). */
  chats: z.array(z.string()).default([]),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Society = z.infer<typeof societySchema>;

export const societyKey = (id: string) => `society:${id}`;
const codeKey = (code: string) => `society-code:${code}`;
const nameKey = (name: string) => `society-name:${normaliseName(name)}`;

/** Names compare without spaces, full-width forms, invisible format characters or case: "江苏省 营养学会" = "江苏省营养学会". */
export function normaliseName(name: string): string {
  return normaliseText(name).replace(/\s+/g, '').toLowerCase();
}

// No 0/O, 1/I/L: codes are read aloud and typed from paper.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 12 characters of a 31-letter alphabet ≈ 59 bits from the OS's CSPRNG: not guessable by trying. */
export function newInviteCode(): string {
  const bytes = randomBytes(24);
  let code = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 8 × 31: keeps the draw uniform
    code += CODE_ALPHABET[b % 31];
    if (code.length === 12) return code;
  }
  return code.length === 12 ? code : newInviteCode();
}

/** The form a typed code is compared in: capitals, no spaces or dashes. */
export function normaliseCode(text: string): string {
  return text.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

export async function getSociety(store: Store, id: string): Promise<Society | undefined> {
  const raw = await store.get(societyKey(id));
  const parsed = societySchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export async function findByName(store: Store, name: string): Promise<Society | undefined> {
  const id = await store.get<string>(nameKey(name));
  return id ? getSociety(store, id) : undefined;
}

export type CodeLookup = { society: Society; revoked: false } | { society: Society; revoked: true } | undefined;

export async function findByCode(store: Store, text: string): Promise<CodeLookup> {
  const code = normaliseCode(text);
  if (!/^[A-Z0-9]{4,32}$/.test(code)) return undefined;
  const entry = await store.get<{ id: string; revoked?: boolean }>(codeKey(code));
  if (!entry) return undefined;
  const society = await getSociety(store, entry.id);
  if (!society) return undefined;
  return society.code === code ? { society, revoked: false } : { society, revoked: true };
}

/** Parsed records per store, reused while the stored JSON is the same (parsing is most of a listing's cost). */
const parsed = new WeakMap<Store, Map<string, { json: string; society: Society }>>();

/** Every society, oldest first. */
export async function listSocieties(store: Store): Promise<Society[]> {
  let cache = parsed.get(store);
  if (!cache) parsed.set(store, (cache = new Map()));
  const keys = await store.keys('society:');
  const raws = await Promise.all(keys.map((k) => store.get(k)));
  const all: Society[] = [];
  keys.forEach((key, i) => {
    if (raws[i] === undefined) return;
    const json = JSON.stringify(raws[i]);
    const hit = cache.get(key);
    if (hit && hit.json === json) return all.push(hit.society);
    const one = societySchema.safeParse(raws[i]);
    if (!one.success) return;
    cache.set(key, { json, society: one.data });
    all.push(one.data);
  });
  if (cache.size > all.length) for (const key of cache.keys()) if (!keys.includes(key)) cache.delete(key);
  // Code-point order on a tie: localeCompare costs ~10 µs a call, 200 ms for a 2,000-row sort.
  return all.sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function createSociety(store: Store, init: { name: string; facts: Profile; nowMs: number; contact?: Record<string, string> }): Promise<Society> {
  return (await createSocietyOnce(store, init)) ?? (await findByName(store, init.name))!;
}

/**
 * Creates the society unless one of the same normalised name exists: the name, code and record are
 * written in one atomic batch that applies only while the name is free, so two imports of one
 * roster at once (two instances on one Redis) create each society once. undefined = the name was taken.
 */
export async function createSocietyOnce(
  store: Store,
  init: { name: string; facts: Profile; nowMs: number; contact?: Record<string, string> },
): Promise<Society | undefined> {
  const society: Society = {
    id: `s${init.nowMs.toString(36)}${randomUUID().slice(0, 8)}`,
    name: normaliseText(init.name),
    code: newInviteCode(),
    revokedCodes: [],
    facts: init.facts,
    sources: rosterSources(init.facts, init.nowMs),
    ...(init.contact && Object.keys(init.contact).length && { contact: init.contact }),
    chats: [],
    createdAt: init.nowMs,
    updatedAt: init.nowMs,
  };
  const written = await store.write(
    [
      { key: codeKey(society.code), value: { id: society.id } },
      { key: societyKey(society.id), value: society },
      { key: nameKey(society.name), value: society.id },
    ],
    { unlessPresent: nameKey(society.name) },
  );
  return written ? society : undefined;
}

export function rosterSources(facts: Profile, at: number): Society['sources'] {
  return Object.fromEntries(Object.keys(facts).map((k) => [k, { text: ROSTER_SOURCE, at, from: 'roster' as const }]));
}

/** Read-modify-write of one society under a store lease, so two instances never lose each other's change. */
export async function updateSociety(store: Store, id: string, change: (s: Society) => void | Promise<void>): Promise<Society | undefined> {
  const lease = `lock:society:${id}`;
  const owner = randomUUID();
  const started = Date.now();
  while (!(await store.acquireLease(lease, owner, 10_000))) {
    if (Date.now() - started > 10_000) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  try {
    const society = await getSociety(store, id);
    if (!society) return undefined;
    await change(society);
    await store.set(societyKey(id), society);
    return society;
  } finally {
    await store.releaseLease(lease, owner);
  }
}

/** A new code in force; the old one answers "revoked" from now on. */
export async function revokeCode(store: Store, id: string, nowMs: number): Promise<Society | undefined> {
  return updateSociety(store, id, async (s) => {
    s.revokedCodes.push(s.code);
    s.code = newInviteCode();
    s.updatedAt = nowMs;
    await store.set(codeKey(s.code), { id: s.id });
  });
}

export async function linkChat(store: Store, id: string, chat: string, nowMs: number): Promise<Society | undefined> {
  return updateSociety(store, id, (s) => {
    if (!s.chats.includes(chat)) s.chats.push(chat);
    s.updatedAt = nowMs;
  });
}

/** `chat:telegram:123` → the society's id, for chats that joined one. */
export async function unlinkChat(store: Store, id: string, chat: string, nowMs: number): Promise<void> {
  await updateSociety(store, id, (s) => {
    s.chats = s.chats.filter((c) => c !== chat);
    s.updatedAt = nowMs;
  });
}

export function telegramLink(botUsername: string | undefined, code: string): string | undefined {
  return botUsername ? `https://t.me/${botUsername}?start=${code}` : undefined;
}
