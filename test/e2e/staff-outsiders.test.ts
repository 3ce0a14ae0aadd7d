// Whole process, real HTTP: the staff console holds against outsiders and hostile files. The bot
// runs (`npm start`) with Telegram webhooks on the Bot API double and SQLite in DATA_DIR.
// - no live sign-in link in its output (stdout is a pipe here, as under systemd);
// - stalled unauthenticated uploads on /staff/import/preview are refused before their body is
//   read, so genuine webhooks still get through;
// - 2,000 unauthenticated requests make one audit row per source and minute, not 2,000;
// - a sparse XLSX and a zip bomb uploaded by staff are refused on the page; /healthz answers meanwhile.
import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { TOKEN } from '../../doubles/telegram-process.js';
import { listAudit } from '../../src/audit.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { nodePidFrom, report, rssMb, sleep, until } from './fault-helpers.js';
import { ROOT, removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';

const LONG = 120_000;
const SECRET = 'outsiders_Secret-9';
let tg: TelegramDouble;
let bot: BotProcess;
let pid: number;
let dataDir: string;

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN });
  dataDir = tempDir('shenbao-outsiders-');
  bot = await spawnBot({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  pid = nodePidFrom(bot.output());
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await tg?.close();
  removeTempDirs();
});

/** Sends a request head announcing `length` bytes and `bytes` of them, then stalls. Resolves with the socket and what came back. */
function stalledUpload(path: string, length: number, bytes: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve) => {
    let got = '';
    const socket = connect(bot.port, '127.0.0.1', () => {
      socket.write(
        [`POST ${path} HTTP/1.1`, 'host: 127.0.0.1', 'content-type: multipart/form-data; boundary=xyz', `content-length: ${length}`, '', ''].join('\r\n'),
      );
      socket.write(Buffer.alloc(bytes, 0x61));
      resolve({ socket, answer });
    });
    const answer = new Promise<string>((done) => {
      socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
      socket.on('close', () => done(got));
      socket.on('error', () => done(got));
    });
  });
}

function update(chat: number, text: string) {
  return {
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'T' },
      from: { id: chat, is_bot: false, first_name: 'T' },
      text,
    },
  };
}

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const link = execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), 'staff-link'], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  }).trim();
  const u = new URL(link);
  const r = await fetch(`${bot.url}${u.pathname}${u.search}`, { redirect: 'manual' });
  expect(r.status).toBe(303);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${bot.url}/staff/import`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
}

async function healthMs(): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(20_000) });
  await r.text();
  return performance.now() - t0;
}

describe('the staff console against outsiders', () => {
  it('prints no live sign-in link at start, and says how to get one', () => {
    expect(bot.output()).not.toMatch(/\/staff\/login\?t=/);
    expect(bot.output()).toContain('staff-link');
  });

  it('200 stalled unauthenticated uploads are refused before their body is read; 50 webhooks all get through', { timeout: LONG }, async () => {
    const before = rssMb(pid);
    const uploads = await Promise.all(Array.from({ length: 200 }, () => stalledUpload('/staff/import/preview', 900 * 1024, 200 * 1024)));
    const answers = await Promise.race([Promise.all(uploads.map((u) => u.answer)), sleep(10_000).then(() => undefined)]);
    const peak = rssMb(pid);
    for (const u of uploads) u.socket.destroy();
    // Each was answered with the redirect to sign-in and closed, without waiting for its body.
    expect(answers).toBeDefined();
    expect(answers!.every((a) => /^HTTP\/1\.1 303/.test(a) && /location: \/staff\/signin/i.test(a))).toBe(true);
    // Now the webhooks, with the stalled uploads' successors still arriving.
    const more = await Promise.all(Array.from({ length: 200 }, () => stalledUpload('/staff/import/preview', 900 * 1024, 64 * 1024)));
    const t0 = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => tg.postWebhook(`${bot.url}/telegram/webhook`, update(70_000 + i, '/help'), SECRET)),
    );
    const took = performance.now() - t0;
    for (const u of more) u.socket.destroy();
    report('200 stalled staff uploads: RSS MB before / peak; 50 webhooks took', `${before.toFixed(0)} / ${peak.toFixed(0)}; ${took.toFixed(0)} ms`);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(peak - before).toBeLessThan(100);
    await until(() => tg.sent(70_049).length > 0, 'an answer to the last webhook', 60_000);
  });

  it('2,000 unauthenticated requests make one audit row per source and minute, with a count', { timeout: LONG }, async () => {
    const store = await openSqliteStore(dataDir);
    try {
      const rowsBefore = (await listAudit(store, 100_000)).length;
      for (let i = 0; i < 40; i++)
        await Promise.all(Array.from({ length: 50 }, () => fetch(`${bot.url}/staff/societies`, { redirect: 'manual' }).then((r) => r.arrayBuffer())));
      const after = await listAudit(store, 100_000);
      const refused = after.filter((e) => e.action === 'staff:refused');
      report('2,000 unauthenticated requests: new audit rows', after.length - rowsBefore);
      expect(after.length - rowsBefore).toBeLessThanOrEqual(3);
      expect(Math.max(...refused.map((e) => Number(e.count ?? 0)))).toBeGreaterThanOrEqual(512);
      expect(refused.every((e) => e.source === '127.0.0.1' || e.source === '::ffff:127.0.0.1')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a sparse XLSX and a zip bomb uploaded by staff are refused on the page; the bot lives and /healthz answers', { timeout: LONG }, async () => {
    const { cookie, csrf } = await signIn();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名单');
    sheet.getCell('A1').value = '学会名称';
    sheet.getCell('XFD1').value = 'x';
    sheet.getCell('A1048576').value = '江苏省营养学会';
    const sparse = Buffer.from(await wb.xlsx.writeBuffer());
    const small = new ExcelJS.Workbook();
    small.addWorksheet('名单').addRow(['学会名称']);
    const zip = await JSZip.loadAsync(await small.xlsx.writeBuffer());
    zip.file('xl/media/pad.bin', Buffer.alloc(300 * 1024 * 1024, 32));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    for (const [name, bytes, message] of [
      ['sparse.xlsx', sparse, '表格太大'],
      ['bomb.xlsx', bomb, '解压后超过'],
    ] as const) {
      const latencies: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          latencies.push(await healthMs());
          await sleep(50);
        }
      })();
      const fd = new FormData();
      fd.append('_csrf', csrf);
      fd.append('file', new Blob([new Uint8Array(bytes)]), name);
      const r = await fetch(`${bot.url}/staff/import/preview`, { method: 'POST', body: fd, headers: { cookie } });
      polling = false;
      await poller;
      expect(r.status).toBe(400);
      expect(await r.text()).toContain(message);
      report(`${name} (${bytes.length} bytes) upload: worst /healthz`, `${Math.max(...latencies).toFixed(0)} ms`);
      expect(Math.max(...latencies)).toBeLessThan(1_000);
      expect(bot.alive()).toBe(true);
    }
    expect(await bot.healthy()).toBe(true);
  });
});
