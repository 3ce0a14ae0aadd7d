// Whole process: bounded resources and bounded work. Stalled unauthenticated uploads do not
// grow the memory; long adversarial messages do not stall /healthz; a port in use or a bad
// DATA_DIR stops the start with one line naming the setting.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_GUIDE, loadGuideFile } from '../../src/guide-file.js';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { nodePidFrom, report, rssMb, sleep, until } from './fault-helpers.js';
import { freePort, removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';
import { TOKEN } from '../../doubles/telegram-process.js';

const LONG = 120_000;
const SECRET = 'limits_Secret-9';
const APP_ID = `cli_${randomBytes(8).toString('hex')}`;
const APP_SECRET = `app-secret-${randomBytes(12).toString('hex')}`;
let tg: TelegramDouble;
let lk: LarkDouble;
let bot: BotProcess;
let pid: number;

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN });
  lk = await startLarkDouble({ appId: APP_ID, appSecret: APP_SECRET });
  bot = await spawnBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    LARK_APP_ID: APP_ID,
    LARK_APP_SECRET: APP_SECRET,
    LARK_DOMAIN: lk.url,
    LARK_MODE: 'webhook',
    LARK_ENCRYPT_KEY: `encrypt-key-${randomBytes(12).toString('hex')}`,
    LARK_VERIFICATION_TOKEN: `verify-token-${randomBytes(12).toString('hex')}`,
    DATA_DIR: tempDir('shenbao-limits-'),
    LOG_LEVEL: 'info',
  });
  pid = nodePidFrom(bot.output());
}, 60_000);

const extra: BotProcess[] = [];
afterAll(async () => {
  for (const p of extra) await p.stop(); // a start that did not fail as expected leaves no bot behind
  await bot?.stop();
  await tg?.close();
  await lk?.close();
  removeTempDirs();
});

/** Opens a connection, sends the request head and `bytes` of a body announced as 1 MiB, then stalls. */
function stalledUpload(port: number, path: string, headers: Record<string, string>, bytes: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      const head = [
        `POST ${path} HTTP/1.1`,
        'host: 127.0.0.1',
        'content-type: application/json',
        `content-length: ${1024 * 1024}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      socket.write(Buffer.alloc(bytes, 0x7b));
      resolve(socket);
    });
    socket.on('error', () => resolve(socket));
  });
}

async function healthLatency(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
  await res.text();
  return performance.now() - t0;
}

describe('bounded resources', () => {
  it('800 stalled unauthenticated uploads: RSS grows by less than 200 MB, and /healthz answers', { timeout: LONG }, async () => {
    const before = rssMb(pid);
    const sockets: Socket[] = [];
    const fresh = String(Math.floor(Date.now() / 1000));
    for (let i = 0; i < 800; i++) {
      // Half without the Telegram secret; half to Lark with signature headers that will not verify.
      const s =
        i % 2
          ? await stalledUpload(bot.port, '/telegram/webhook', {}, 256 * 1024)
          : await stalledUpload(
              bot.port,
              '/lark/webhook',
              { 'x-lark-request-timestamp': fresh, 'x-lark-request-nonce': 'n', 'x-lark-signature': 'f'.repeat(64) },
              256 * 1024,
            );
      sockets.push(s);
    }
    await sleep(2_000);
    const peak = rssMb(pid);
    const latency = await healthLatency();
    for (const s of sockets) s.destroy();
    await sleep(2_000);
    const after = rssMb(pid);
    report(
      '800 stalled uploads: RSS MB before / with them open / after',
      `${before.toFixed(0)} / ${peak.toFixed(0)} / ${after.toFixed(0)} (growth ${(peak - before).toFixed(0)} MB; /healthz ${latency.toFixed(0)} ms)`,
    );
    expect(peak - before).toBeLessThan(200);
    expect(bot.alive()).toBe(true);
    expect(await bot.healthy()).toBe(true);
    // an upload larger than the cap is answered 413, not read whole
    const big = await fetch(`${bot.url}/lark/webhook`, {
      method: 'POST',
      body: Buffer.alloc(2 * 1024 * 1024, 0x20),
      headers: { 'x-lark-request-timestamp': fresh, 'x-lark-request-nonce': 'n', 'x-lark-signature': 'f'.repeat(64) },
    }).catch(() => undefined);
    if (big) expect(big.status).toBe(413);
    // client aborts are logged at info, without a stack
    const errors = bot
      .output()
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
  });

  it('five 4,000-character adversarial messages: /healthz stays under 300 ms', { timeout: LONG }, async () => {
    const guide = loadGuideFile(BUNDLED_GUIDE);
    // Project names reversed: every character of many names is present, so typo matching works hardest.
    const names = guide.projectIds.map((id) => [...guide.projectName(id)].reverse().join(''));
    let text = '';
    for (let i = 0; text.length < 4000; i++) text += names[i % names.length]! + (i % 3 ? '' : '，');
    text = text.slice(0, 4000);
    // Up to three bursts, each to five new chats: the machine is shared, and a neighbour's load
    // can slow one probe; the bot passes when one burst stays under 300 ms. (Before the cap, each
    // of these messages blocked the loop for over a second: every burst failed.)
    const worsts: number[] = [];
    let chats: number[] = [];
    for (let attempt = 0; attempt < 3 && !(worsts.length && Math.min(...worsts) < 300); attempt++) {
      const latencies: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          latencies.push(await healthLatency());
          await sleep(20);
        }
      })();
      await sleep(200);
      chats = [1, 2, 3, 4, 5].map((n) => 95_000 + attempt * 10 + n);
      await Promise.all(
        chats.map((chat) =>
          tg.postWebhook(
            `${bot.url}/telegram/webhook`,
            {
              update_id: chat,
              message: {
                message_id: 1,
                date: Math.floor(Date.now() / 1000),
                chat: { id: chat, type: 'private', first_name: 'T' },
                from: { id: chat, is_bot: false, first_name: 'T' },
                text,
              },
            },
            SECRET,
          ),
        ),
      );
      await until(() => chats.every((c) => tg.sent(c).length > 0), 'the five answers', 60_000);
      await sleep(300);
      polling = false;
      await poller;
      worsts.push(Math.max(...latencies.slice(1)));
    }
    report('five 4,000-character adversarial messages: worst /healthz latency per burst', worsts.map((w) => `${w.toFixed(0)} ms`).join(', '));
    expect(Math.min(...worsts)).toBeLessThan(300);
    expect(tg.sentPlain(chats[0]!).join('')).toContain('只读了前');
  });
});

describe('fail fast at start', () => {
  it('a port in use: exit 2 with one line naming PORT', { timeout: LONG }, async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '0.0.0.0', () => r()));
    try {
      const p = await spawnBot(
        { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:9', DATA_DIR: tempDir('shenbao-port-'), PORT: String(port) },
        { waitReady: false },
      );
      extra.push(p);
      expect(await p.waitForExit(30_000)).toBe(2);
      const lines = p.output().trim().split('\n');
      expect(lines.at(-1)).toMatch(new RegExp(`PORT=${port}.*端口已被占用`));
      expect(p.output()).not.toMatch(/\n\s+at /); // no stack
    } finally {
      blocker.close();
    }
  });

  it('a DATA_DIR that cannot be written: exit 2 with one line naming DATA_DIR', { timeout: LONG }, async () => {
    const file = join(tempDir('shenbao-baddir-'), 'a-file');
    writeFileSync(file, 'x');
    const p = await spawnBot({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:9', DATA_DIR: join(file, 'data') }, { waitReady: false });
    extra.push(p);
    expect(await p.waitForExit(30_000)).toBe(2);
    const last = p.output().trim().split('\n').at(-1)!;
    expect(last).toContain('DATA_DIR');
    expect(last).toMatch(/不是目录|not a directory/);
    expect(p.output()).not.toMatch(/\n\s+at /);
  });
});
