/**
 * Web imports on a real Redis, two console instances (two HttpServers on one Redis, as two bot
 * processes would be), real HTTP: confirming one preview twice at once imports once; two previews
 * of one roster confirmed at once create each society once; a GBK CSV's preview says how it was read.
 */
import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { HttpServer } from '../../src/http-server.js';
import { listSocieties } from '../../src/roster/societies.js';
import { StaffService } from '../../src/staff-service.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { createSignInLink } from '../../src/web/auth.js';
import { mountStaffConsole } from '../../src/web/console.js';

let redis: RedisServer;
const stores: Store[] = [];
const servers: HttpServer[] = [];
const bases: string[] = [];
const guide = loadGuideFile();

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    const store = await openRedisStore(redis.url, { prefix: 'imp:' });
    const logger = pino({ level: 'silent' });
    const server = new HttpServer(logger);
    mountStaffConsole(server, {
      store,
      guide,
      publicUrl: 'http://127.0.0.1',
      clock: Date.now,
      staff: new StaffService(store, guide, Date.now),
      logger,
      reminders: { offsetsDays: [7, 3, 1, 0], time: '09:10' },
      botUsername: async () => undefined,
    });
    const port = await server.listen(0, '127.0.0.1');
    stores.push(store);
    servers.push(server);
    bases.push(`http://127.0.0.1:${port}`);
  }
}, 30_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const s of stores) await s.close();
  await redis?.stop();
});

async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const link = new URL(await createSignInLink(stores[0]!, base, 'tester', Date.now()));
  const r = await fetch(`${base}${link.pathname}${link.search}`, { redirect: 'manual' });
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${base}/staff/import`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
}

async function preview(base: string, who: { cookie: string; csrf: string }, name: string, content: Buffer | string) {
  const fd = new FormData();
  fd.append('_csrf', who.csrf);
  fd.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const page = await (await fetch(`${base}/staff/import/preview`, { method: 'POST', body: fd, headers: { cookie: who.cookie } })).text();
  return { page, id: /name="id" value="([0-9a-f]{32})"/.exec(page)?.[1] };
}

const apply = (base: string, who: { cookie: string; csrf: string }, id: string) =>
  fetch(`${base}/staff/import/apply`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: who.csrf, id }),
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  }).then(async (r) => ({ status: r.status, page: await r.text() }));

const roster = (prefix: string) => `学会名称,综合能力评价等级\n${Array.from({ length: 50 }, (_, i) => `${prefix}${i}学会,${'ABCD'[i % 4]}`).join('\n')}\n`;

describe('web import on Redis', () => {
  it('one preview confirmed 16 times at once (on two instances) imports once', async () => {
    const who = await signIn(bases[0]!);
    const { id } = await preview(bases[0]!, who, 'r.csv', roster('甲'));
    expect(id).toBeDefined();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => apply(bases[i % 2]!, who, id!)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.page.includes('已失效'))).toHaveLength(15);
    const list = (await listSocieties(stores[0]!)).filter((s) => s.name.startsWith('甲'));
    expect(list).toHaveLength(50);
    expect(new Set(list.map((s) => s.code)).size).toBe(50);
  });

  it('two previews of one roster confirmed at once create each society once', async () => {
    const who = await signIn(bases[0]!);
    const ids = await Promise.all([0, 1, 0, 1].map(async (i) => (await preview(bases[i]!, who, 'r.csv', roster('乙'))).id!));
    await Promise.all(ids.map((id, i) => apply(bases[i % 2]!, who, id)));
    const list = (await listSocieties(stores[1]!)).filter((s) => s.name.startsWith('乙'));
    expect(list).toHaveLength(50);
    // Every name leads to the one society with its one code.
    expect(new Set(list.map((s) => s.name)).size).toBe(50);
  });

  it('a GBK CSV is previewed with a note that it was read as GB18030, and its names read right', async () => {
    const who = await signIn(bases[1]!);
    const gbk = Buffer.concat([Buffer.from('name,evaluationGrade\n'), Buffer.from('bdadcbd5caa1d3aad1f8d1a7bbe1', 'hex'), Buffer.from(',B\n')]);
    const { page } = await preview(bases[1]!, who, 'gbk.csv', gbk);
    expect(page).toContain('GB18030');
    expect(page).toContain('江苏省营养学会');
  });

  it('at most two uploads are read at once: a third is answered 503 before its body is read', async () => {
    const who = await signIn(bases[0]!);
    const port = Number(new URL(bases[0]!).port);
    /** A signed-in upload that sends its head and part of its body, then stalls. */
    const stalled = () =>
      new Promise<{ socket: Socket; answer: Promise<string> }>((resolve) => {
        let got = '';
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            [
              'POST /staff/import/preview HTTP/1.1',
              'host: 127.0.0.1',
              `cookie: ${who.cookie}`,
              'content-type: multipart/form-data; boundary=xyz',
              `content-length: ${500 * 1024}`,
              '',
              '',
            ].join('\r\n'),
          );
          socket.write(Buffer.alloc(1024, 0x61));
          resolve({ socket, answer });
        });
        const answer = new Promise<string>((done) => {
          socket.on('data', (d: Buffer) => (got += d.toString('utf8')));
          socket.on('close', () => done(got));
        });
      });
    const first = await stalled();
    const second = await stalled();
    await new Promise((r) => setTimeout(r, 300));
    const third = await stalled();
    const refused = await third.answer;
    expect(refused).toMatch(/^HTTP\/1\.1 503/);
    expect(refused).toContain('正在处理其他上传');
    first.socket.destroy();
    second.socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    // The slots are free again: a real upload goes through.
    const { page } = await preview(bases[0]!, who, 'r.csv', roster('丙'));
    expect(page).toContain('将新增 <strong>50</strong>');
  });
});
