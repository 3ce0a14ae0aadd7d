/**
 * Access to the staff console over real HTTP (the bot's HttpServer, a real SQLite store): every
 * staff URL without a session, with an expired session, with a used or expired link and with a
 * forged cookie shows no society data; every form needs its CSRF token; cookies are HttpOnly,
 * SameSite=Strict, and Secure behind https.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/http-server.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { StaffService } from '../../src/staff-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createSociety, listSocieties } from '../../src/roster/societies.js';
import { listJobs } from '../../src/delivery/outbox.js';
import { mountStaffConsole } from '../../src/web/console.js';
import { createSignInLink, LINK_TTL_MS, SESSION_TTL_MS } from '../../src/web/auth.js';
import { listAudit } from '../../src/audit.js';

const SECRET_NAME = '江苏省机密测试学会';
const dir = mkdtempSync(join(tmpdir(), 'shenbao-web-access-'));
let store: Store;
let http: HttpServer;
let base: string;
let now = Date.parse('2022-05-10T10:00:00+08:00');

const GET_PATHS = [
  '/staff',
  '/staff/societies',
  '/staff/society?id=x',
  '/staff/overview',
  '/staff/broadcasts',
  '/staff/broadcast?id=b1',
  '/staff/broadcast/status?id=b1',
  '/staff/audience-count?kind=all',
  '/staff/reminders',
  '/staff/audit',
  '/staff/import',
  '/staff/export.xlsx',
  '/staff/export.csv',
];
const POST_PATHS = [
  '/staff/logout',
  '/staff/society/revoke',
  '/staff/broadcasts/preview',
  '/staff/broadcasts/send',
  '/staff/import/preview',
  '/staff/import/apply',
];

async function open(publicUrl: string) {
  const guide = loadGuideFile();
  const logger = pino({ level: 'silent' });
  const server = new HttpServer(logger);
  mountStaffConsole(server, {
    store,
    guide,
    publicUrl,
    clock: () => now,
    staff: new StaffService(store, guide, () => now),
    logger,
    reminders: { offsetsDays: [7, 3, 1, 0], time: '09:10' },
    botUsername: async () => undefined,
  });
  const port = await server.listen(0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  store = await openSqliteStore(dir);
  await createSociety(store, { name: SECRET_NAME, facts: { evaluationGrade: 'A' }, nowMs: now });
  ({ server: http, url: base } = await open('http://127.0.0.1'));
});
afterAll(async () => {
  await http.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const req = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: 'manual', ...init });

async function signIn(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const link = await createSignInLink(store, base, 'tester', now);
  const r = await req(new URL(link).pathname + new URL(link).search);
  expect(r.status).toBe(303);
  const setCookie = r.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const page = await (await req('/staff/broadcasts', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf, setCookie };
}

async function expectNoData(r: Response) {
  const body = await r.text();
  expect(body).not.toContain(SECRET_NAME);
  expect(r.status === 303 || r.status === 401 || r.status === 403).toBe(true);
  if (r.status === 303) expect(r.headers.get('location')).toMatch(/^\/staff\/signin/);
}

describe('staff console access', () => {
  it('without a session every staff URL redirects to the sign-in page (JSON: 401), and the sign-in page explains how', async () => {
    for (const path of GET_PATHS) await expectNoData(await req(path));
    for (const path of POST_PATHS)
      await expectNoData(await req(path, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect((await req('/staff/audience-count?kind=all')).status).toBe(401);
    const signin = await (await req('/staff/signin')).text();
    expect(signin).toContain('/web');
    expect(signin).toContain('staff-link');
    expect(signin).not.toContain(SECRET_NAME);
    // One row per source and minute, with its count (written at the 1st, 2nd, 4th… refusal).
    const refusals = (await listAudit(store, 1000)).filter((e) => e.action === 'staff:refused' && e.reason === 'no-session');
    expect(refusals).toHaveLength(1);
    expect(Number(refusals[0]!.count)).toBeGreaterThanOrEqual(16);
  });

  it('a forged cookie opens nothing', async () => {
    for (const cookie of ['shenbao_staff=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'shenbao_staff=../../etc', 'shenbao_staff=']) {
      for (const path of GET_PATHS) await expectNoData(await req(path, { headers: { cookie } }));
    }
  });

  it('a link opens one session once; a used link and an expired one open nothing', async () => {
    const link = new URL(await createSignInLink(store, base, 'tester', now));
    const path = link.pathname + link.search;
    const first = await req(path);
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/^shenbao_staff=[A-Za-z0-9_-]+; Path=\/staff; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const again = await req(path);
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).not.toContain(SECRET_NAME);

    const late = new URL(await createSignInLink(store, base, 'tester', now));
    now += LINK_TTL_MS + 1000;
    const expired = await req(late.pathname + late.search);
    expect(expired.status).toBe(403);
    expect(await req('/staff/login?t=nonsense')).toHaveProperty('status', 403);
    const audit = await listAudit(store, 1000);
    // Counted per source and minute (the clock moved past a minute here): three refusals in all.
    const counts = audit.filter((e) => e.action === 'staff:refused' && e.reason === 'bad-or-used-link').map((e) => Number(e.count));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('a session works until it expires after 12 hours, and ends at sign-out', async () => {
    const { cookie, csrf } = await signIn();
    const ok = await req('/staff/societies', { headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(SECRET_NAME);
    now += SESSION_TTL_MS + 1000;
    for (const path of GET_PATHS) await expectNoData(await req(path, { headers: { cookie } }));
    const s2 = await signIn();
    const out = await req('/staff/logout', {
      method: 'POST',
      body: `_csrf=${encodeURIComponent(s2.csrf)}`,
      headers: { cookie: s2.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(out.status).toBe(303);
    for (const path of GET_PATHS) await expectNoData(await req(path, { headers: { cookie: s2.cookie } }));
    expect(csrf).not.toBe(s2.csrf);
  });

  it('every form needs its CSRF token: without it or with another session’s, nothing happens', async () => {
    const a = await signIn();
    const b = await signIn();
    const id = (await listSocieties(store))[0]!.id;
    const code = (await listSocieties(store))[0]!.code;
    const forms: Record<string, string> = {
      '/staff/logout': '',
      '/staff/society/revoke': `id=${id}`,
      '/staff/broadcasts/preview': `text=hello&kind=all`,
      '/staff/broadcasts/send': `text=hello&audience=all`,
      '/staff/import/apply': `id=${'0'.repeat(32)}`,
    };
    for (const [path, fields] of Object.entries(forms)) {
      for (const token of [undefined, b.csrf, '']) {
        const body = token === undefined ? fields : `${fields}&_csrf=${encodeURIComponent(token)}`;
        const r = await req(path, { method: 'POST', body, headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
        expect(r.status, `${path} with ${token === undefined ? 'no token' : 'a wrong token'}`).toBe(403);
      }
    }
    // The multipart upload form too.
    const fd = new FormData();
    fd.append('file', new Blob(['name\n新学会\n'], { type: 'text/csv' }), 'r.csv');
    expect((await req('/staff/import/preview', { method: 'POST', body: fd, headers: { cookie: a.cookie } })).status).toBe(403);
    // Nothing happened: same code, no job, session still open.
    expect((await listSocieties(store))[0]!.code).toBe(code);
    expect(await listJobs(store)).toEqual([]);
    expect((await req('/staff/societies', { headers: { cookie: a.cookie } })).status).toBe(200);
    // With the right token the same form works.
    const ok = await req('/staff/society/revoke', {
      method: 'POST',
      body: `id=${id}&_csrf=${encodeURIComponent(a.csrf)}`,
      headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ok.status).toBe(303);
    expect((await listSocieties(store))[0]!.code).not.toBe(code);
    const fd2 = new FormData();
    fd2.append('_csrf', a.csrf);
    fd2.append('file', new Blob(['name\n新学会\n'], { type: 'text/csv' }), 'r.csv');
    const preview = await req('/staff/import/preview', { method: 'POST', body: fd2, headers: { cookie: a.cookie } });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('新学会');
  });

  it('bad input gets a clear message on the page: an empty notice, a bad audience, a wrong file type, a file too large', async () => {
    const { cookie, csrf } = await signIn();
    const post = (path: string, body: string) =>
      req(path, {
        method: 'POST',
        body: `${body}&_csrf=${encodeURIComponent(csrf)}`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect(await (await post('/staff/broadcasts/preview', 'text=&kind=all')).text()).toContain('通知内容不能为空');
    expect(await (await post('/staff/broadcasts/preview', 'text=hi&kind=intended')).text()).toContain('请选择项目');
    expect(await (await post('/staff/broadcasts/send', 'text=hi&audience=nobody')).text()).toContain('收件范围无效');
    const upload = async (name: string, content: Buffer | string) => {
      const fd = new FormData();
      fd.append('_csrf', csrf);
      fd.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
      return req('/staff/import/preview', { method: 'POST', body: fd, headers: { cookie } });
    };
    const pdf = await upload('名单.pdf', 'x');
    expect(pdf.status).toBe(400);
    expect(await pdf.text()).toContain('不是 CSV 或 XLSX');
    const big = await upload('big.csv', Buffer.alloc(950 * 1024, 'a'));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('文件太大');
    const noName = await upload('r.csv', 'grade\nA\n');
    expect(await noName.text()).toContain('没有学会名称列');
  });

  it('behind https the session cookie is Secure; pages carry a strict CSP and no referrer', async () => {
    const https = await open('https://bot.example.org');
    try {
      const link = new URL(await createSignInLink(store, https.url, 'tester', now));
      const r = await fetch(`${https.url}${link.pathname}${link.search}`, { redirect: 'manual' });
      expect(r.headers.get('set-cookie')).toMatch(/; Secure$/);
      const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${https.url}/staff/societies`, { headers: { cookie } });
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'nonce-/);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
    } finally {
      await https.server.close();
    }
  });
});
