/**
 * The societies list is paginated on the server, 100 a page, over real HTTP on a real SQLite
 * store: 250 societies make three pages, the count names all of them, and the links page on
 * keeping the search and sort.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuideFile } from '../../src/guide-file.js';
import { HttpServer } from '../../src/http-server.js';
import { createSociety } from '../../src/roster/societies.js';
import { StaffService } from '../../src/staff-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createSignInLink } from '../../src/web/auth.js';
import { mountStaffConsole } from '../../src/web/console.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-web-pages-'));
let store: Store;
let http: HttpServer;
let base: string;
let cookie: string;

beforeAll(async () => {
  store = await openSqliteStore(dir);
  const now = Date.now();
  for (let i = 0; i < 250; i++) await createSociety(store, { name: `江苏省第${String(i).padStart(3, '0')}学会`, facts: {}, nowMs: now });
  const guide = loadGuideFile();
  const logger = pino({ level: 'silent' });
  http = new HttpServer(logger);
  mountStaffConsole(http, {
    store,
    guide,
    publicUrl: 'http://127.0.0.1',
    clock: Date.now,
    staff: new StaffService(store, guide, Date.now),
    logger,
    reminders: { offsetsDays: [7, 3, 1, 0], time: '09:10' },
    botUsername: async () => undefined,
  });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  const link = new URL(await createSignInLink(store, base, 'tester', Date.now()));
  const r = await fetch(`${base}${link.pathname}${link.search}`, { redirect: 'manual' });
  cookie = r.headers.get('set-cookie')!.split(';')[0]!;
}, 60_000);
afterAll(async () => {
  await http.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => (await fetch(`${base}${path}`, { headers: { cookie } })).text();
const rowsOf = (html: string) => [...html.matchAll(/<a href="\/staff\/society\?id=[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
const decode = (href: string) => href.replace(/&amp;/g, '&');

describe('the societies list', () => {
  it('shows 100 a page with links to the others, counting all', async () => {
    const first = await get('/staff/societies?sort=name&dir=desc');
    expect(first).toContain('共 <strong>250</strong> 个学会');
    expect(rowsOf(first)).toHaveLength(100);
    expect(rowsOf(first)[0]).toBe('江苏省第249学会');
    expect(first).toContain('第 1/3 页');
    const next = decode(/<a href="([^"]+)" rel="next">/.exec(first)![1]!);
    expect(next).toContain('sort=name');
    expect(next).toContain('dir=desc');
    const second = await get(next);
    expect(rowsOf(second)[0]).toBe('江苏省第149学会');
    const last = await get('/staff/societies?sort=name&dir=desc&page=3');
    expect(rowsOf(last)).toHaveLength(50);
    expect(last).not.toContain('rel="next"');
    // A page past the end shows the last; a search narrows the count and the pages.
    expect(rowsOf(await get('/staff/societies?page=99'))).toHaveLength(50);
    const found = await get(`/staff/societies?q=${encodeURIComponent('第00')}`);
    expect(found).toContain('共 <strong>10</strong> 个学会');
    expect(found).not.toContain('id="pager"');
  });
});
