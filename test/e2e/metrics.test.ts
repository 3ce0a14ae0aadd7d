// Whole process: GET /metrics on PORT of `npm start` (Telegram webhook mode against the Bot API
// double), scraped before and after real traffic: a webhook update answered through a 429, and a
// broadcast queued by the CLI and sent by the running bot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { freePort, killAll, sleep, startBot, TOKEN, until, type BotProcess } from '../../doubles/telegram-process.js';
import { cli } from './broadcast-process.js';

const SECRET = 'metrics_Webhook-secret-42';
const CHAT = 730_118;
const NAME = 'Zhangmetricsname';
let tg: TelegramDouble;
let dataDir: string;
let bot: BotProcess;
let hook: string;

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN });
  dataDir = mkdtempSync(join(tmpdir(), 'shenbao-metrics-'));
  const port = await freePort();
  hook = `http://127.0.0.1:${port}/telegram/webhook`;
  bot = await startBot({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dataDir, PORT: String(port) });
}, 60_000);

afterAll(async () => {
  killAll();
  await tg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function scrape(): Promise<{ text: string; type: string | null; value: (series: string) => number }> {
  const res = await fetch(`http://127.0.0.1:${bot.port}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };
  return { text, type: res.headers.get('content-type'), value };
}

const update = (update_id: number, text: string) => ({
  update_id,
  message: {
    message_id: update_id,
    date: Math.floor(Date.now() / 1000),
    chat: { id: CHAT, type: 'private', first_name: NAME },
    from: { id: CHAT, is_bot: false, first_name: NAME, language_code: 'zh-hans' },
    text,
  },
});

describe('GET /metrics on the running bot', () => {
  it('counters move after a webhook update, a 429 and a broadcast; the histogram has buckets; no personal data', { timeout: 180_000 }, async () => {
    const before = await scrape();
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    // Process metrics and the build are there from the start.
    expect(before.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(before.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(before.text).toMatch(/^shenbao_build_info\{version="\d+\.\d+\.\d+",node="[\d.]+"\} 1$/m);
    expect(before.value('shenbao_intake_open_events')).toBe(0);
    expect(before.value('shenbao_outbox_open_jobs')).toBe(0);

    // The first reply meets a 429: waited out (retry_after) and sent.
    tg.inject('sendMessage', { status: 429, retryAfter: 1, chatId: CHAT }, 1);
    expect(await tg.postWebhook(hook, update(9_100_001, '/start'), SECRET)).toBe(200);
    await until(() => tg.sent(CHAT).length > 0, 'the reply', 30_000);
    // A redelivery of the same update is counted as a duplicate.
    expect(await tg.postWebhook(hook, update(9_100_001, '/start'), SECRET)).toBe(200);

    const received = 'shenbao_updates_received_total{channel="telegram",result="stored"}';
    const duplicate = 'shenbao_updates_received_total{channel="telegram",result="duplicate"}';
    const sent = 'shenbao_replies_total{channel="telegram",result="sent"}';
    const limited = 'shenbao_rate_limited_total{channel="telegram"}';
    const turns = 'shenbao_turn_duration_seconds_count{channel="telegram"}';
    let after = await scrape();
    for (let i = 0; i < 100 && after.value(sent) === before.value(sent); i++) {
      await sleep(100);
      after = await scrape();
    }
    expect(after.value(received) - before.value(received)).toBe(1);
    expect(after.value(duplicate) - before.value(duplicate)).toBe(1);
    expect(after.value(sent)).toBeGreaterThan(before.value(sent));
    expect(after.value(limited) - before.value(limited)).toBeGreaterThanOrEqual(1);
    expect(after.value(turns) - before.value(turns)).toBe(1);
    // Buckets, cumulative, ending in +Inf = count.
    const buckets = [...after.text.matchAll(/^shenbao_turn_duration_seconds_bucket\{le="([^"]+)",channel="telegram"\} (\d+)$/gm)];
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.at(-1)![1]).toBe('+Inf');
    expect(Number(buckets.at(-1)![2])).toBe(after.value(turns));
    const counts = buckets.map((b) => Number(b[2]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    // A broadcast, queued by the CLI and sent by the running bot.
    const broadcast = 'shenbao_delivery_sends_total{channel="telegram",kind="broadcast",result="sent"}';
    const r = await cli(dataDir, ['broadcast', '--audience', 'all', '--text', '请注意截止时间', '--wait', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.sent).toBeGreaterThanOrEqual(1);
    const final = await scrape();
    expect(final.value(broadcast)).toBeGreaterThanOrEqual(1);
    expect(final.value('shenbao_outbox_open_jobs')).toBe(0);
    expect(final.value('shenbao_store_errors_total{op="write"}')).toBe(0);

    // No chat id, user name or text anywhere.
    for (const secret of [String(CHAT), NAME, '请注意', TOKEN, SECRET]) expect(final.text).not.toContain(secret);
    // Only /metrics: the staff console's paths are not measured.
    expect(final.text).not.toMatch(/staff/);
  });
});
