// Whole process against the Telegram Bot API double behind the fault proxy: an API that is
// unreachable at start, an API that hangs, SIGTERM during a hang, and a broadcast sent into a
// 40-second outage.
import { afterAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../doubles/fault-proxy.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { audit, cli, seedSocieties, tgSeeds, telegramCopies } from './broadcast-process.js';
import { report, sleep, until } from './fault-helpers.js';
import { removeTempDirs, spawnBot, tempDir } from './lark-process.js';
import { killAll, startBot, TOKEN } from '../../doubles/telegram-process.js';

const LONG = 240_000;
const doubles: Array<{ close(): Promise<void> }> = [];
const spawned: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  killAll();
  for (const p of spawned) await p.stop(); // a test that failed half-way leaves no bot behind
  for (const d of doubles) await d.close();
  removeTempDirs();
});

async function world(): Promise<{ tg: TelegramDouble; proxy: FaultProxy }> {
  const tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 1 });
  const proxy = await startFaultProxy(tg.url);
  doubles.push(proxy, tg);
  return { tg, proxy };
}

const health = async (url: string) => {
  const t0 = Date.now();
  const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; waitingFor?: string }, ms: Date.now() - t0 };
};

describe('outbound calls time out and recover', () => {
  it('API unreachable at start: says what it waits for, /healthz answers not ready, SIGTERM stops it in under 10 s', { timeout: LONG }, async () => {
    const { proxy } = await world();
    await proxy.down();
    const bot = await spawnBot(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: tempDir('shenbao-unreach-'), LOG_LEVEL: 'info' },
      { waitReady: false },
    );
    spawned.push(bot);
    await bot.waitForOutput(/waiting for the Telegram Bot API/, 20_000);
    await bot.waitForOutput(/Telegram Bot API not reachable yet/, 20_000);
    const h = await health(bot.url);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, waitingFor: 'telegram' });
    const line = bot
      .output()
      .split('\n')
      .find((l) => l.includes('waiting for the Telegram Bot API'))!;
    const t0 = Date.now();
    process.kill((JSON.parse(line) as { pid: number }).pid, 'SIGTERM'); // the node process (npm would die of the signal itself)
    const code = await bot.waitForExit(15_000);
    const took = Date.now() - t0;
    report('SIGTERM while the API is unreachable at start: exit after', `${took} ms (code ${code})`);
    expect(took).toBeLessThan(10_000);
    expect(code).toBe(0);
    await proxy.up();
  });

  it('API hangs: replies wait and come once it answers; /healthz keeps answering; SIGTERM during a hang stops in under 10 s', { timeout: LONG }, async () => {
    const { tg, proxy } = await world();
    const bot = await startBot({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: tempDir('shenbao-hang-') });
    const url = `http://127.0.0.1:${bot.port}`;
    proxy.setRules([{ path: /\/sendMessage$/, mode: { kind: 'hang' } }]);
    tg.userMessage(97_001, '/help');
    await until(() => proxy.log.some((l) => l.fault === 'hang'), 'a hung send');
    const during = await health(url);
    expect(during.status).toBe(200);
    expect(during.ms).toBeLessThan(1_000);
    await sleep(16_000); // past the call timeout: the send is abandoned and retried
    proxy.setRules([]);
    await until(() => tg.sent(97_001).length > 0, 'the reply after the hang', 90_000);
    await sleep(1_000);
    expect(tg.sent(97_001)).toHaveLength(1);
    report('reply through a 16 s API hang', `delivered once, ${proxy.log.filter((l) => l.fault === 'hang').length} hung attempts`);

    proxy.setRules([{ path: /.*/, mode: { kind: 'hang' } }]);
    tg.userMessage(97_002, '/help');
    await sleep(3_000);
    const t0 = Date.now();
    const code = await bot.stop(15_000);
    const took = Date.now() - t0;
    report('SIGTERM during an API hang: exit after', `${took} ms (code ${code})`);
    expect(took).toBeLessThan(10_000);
    expect(code).toBe(0);
    proxy.setRules([]);
  });

  it('a broadcast into a 40 s outage (500s, then resets): 0 failed', { timeout: LONG }, async () => {
    const { tg, proxy } = await world();
    const dataDir = tempDir('shenbao-outage-');
    const seeds = tgSeeds(41, 98_000);
    await seedSocieties(dataDir, seeds);
    const bot = await startBot({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: dataDir });
    const started = Date.now();
    proxy.setRules([{ path: /\/sendMessage$/, mode: { kind: 'status', status: 500 } }]);
    const marker = `停电测试 ${Date.now().toString(36)}`;
    const queued = await cli(dataDir, ['broadcast', '--audience', 'all', '--text', marker, '--json']);
    expect(queued.code).toBe(0);
    await sleep(Math.max(0, 20_000 - (Date.now() - started)));
    proxy.setRules([{ path: /\/sendMessage$/, mode: { kind: 'reset' } }]);
    await sleep(Math.max(0, 40_000 - (Date.now() - started)));
    proxy.setRules([]);
    await until(() => telegramCopies(tg, marker).size === seeds.length, 'every society reached', 120_000);
    const finished = await until(async () => (await audit(dataDir)).some((a) => a.action === 'broadcast:finished'), 'the broadcast finished', 60_000).then(
      async () => (await audit(dataDir)).find((a) => a.action === 'broadcast:finished')!,
    );
    report('broadcast to 41 chats into a 40 s outage', { sent: finished['sent'], failed: finished['failed'], afterOutageMs: Date.now() - started - 40_000 });
    expect(finished['failed']).toBe(0);
    expect(finished['sent']).toBe(seeds.length);
    expect(await bot.stop()).toBe(0);
  });
});
