import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Store } from '../store/store.js';

export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 12 * 3_600_000;
export const COOKIE = 'shenbao_staff';

/** Tokens are stored hashed: a copy of the store opens no session. */
const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const token = () => randomBytes(32).toString('base64url');
const linkKey = (t: string) => `staff-link:${hash(t)}`;
const sessionKey = (t: string) => `staff-session:${hash(t)}`;

const sessionSchema = z.object({ user: z.string(), csrf: z.string(), createdAt: z.number(), expiresAt: z.number() });
export type Session = z.infer<typeof sessionSchema> & { id: string };

/** A one-time sign-in link valid for 10 minutes, built on PUBLIC_URL. */
export async function createSignInLink(store: Store, publicUrl: string, user: string, nowMs: number): Promise<string> {
  const t = token();
  await store.set(linkKey(t), { user, createdAt: nowMs }, LINK_TTL_MS);
  return `${publicUrl.replace(/\/+$/, '')}/staff/login?t=${t}`;
}

/**
 * Uses up a sign-in link and opens a session. The link is deleted first: of two requests with the
 * same link only the one whose delete removed it gets a session.
 */
export async function redeemLink(store: Store, t: string, nowMs: number): Promise<{ session: Session; user: string } | { refused: 'unknown' }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(t)) return { refused: 'unknown' };
  const key = linkKey(t);
  const link = await store.get<{ user: string; createdAt: number }>(key);
  if (!link || !(await store.delete(key)) || nowMs - link.createdAt > LINK_TTL_MS) return { refused: 'unknown' };
  const id = token();
  const data = { user: link.user, csrf: token(), createdAt: nowMs, expiresAt: nowMs + SESSION_TTL_MS };
  await store.set(sessionKey(id), data, SESSION_TTL_MS);
  return { session: { ...data, id }, user: link.user };
}

export async function sessionOf(store: Store, req: IncomingMessage, nowMs: number): Promise<Session | undefined> {
  const id = cookieValue(req.headers.cookie, COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
  const parsed = sessionSchema.safeParse(await store.get(sessionKey(id)));
  if (!parsed.success || parsed.data.expiresAt <= nowMs) return undefined;
  return { ...parsed.data, id };
}

export async function endSession(store: Store, session: Session): Promise<void> {
  await store.delete(sessionKey(session.id));
}

export function csrfOk(session: Session, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== session.csrf.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(session.csrf));
}

export function sessionCookie(id: string, secure: boolean, maxAgeMs = SESSION_TTL_MS): string {
  return `${COOKIE}=${id}; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure ? '; Secure' : ''}`;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
