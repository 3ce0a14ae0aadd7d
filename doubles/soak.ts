// The soak: one whole bot process (`npm start`, Telegram and Lark webhooks) on a Redis with an
// append-only file, fed a steady stream of chat messages on both channels while, at random
// times, the bot is killed -9 and restarted, Redis is killed -9 and restarted from its AOF, and
// a fault proxy in front of each platform double answers message sends with 500/502/503/429.
// The platforms behave as the real ones: an update not answered 200 is delivered again.
// At the end every update is counted: answered 0 times (lost), once, or more (duplicates).
// Used by `npm run soak` (bench/soak.ts, 10 minutes) and test/e2e/soak.test.ts (1 minute).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy, type FaultMode, type FaultProxy, type FaultRule } from './fault-proxy.js';
import { startLarkDouble, type LarkDouble } from './lark-api.js';
import { larkRequest, messageEvent, postLarkWebhook } from './lark-events.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { startTelegramDouble, type TelegramDouble } from './telegram-api.js';
import { type BotProcess, freePort, startBot, TOKEN } from './telegram-process.js';

export interface SoakOptions {
  /** How long messages keep coming and faults keep happening. */
  seconds: number;
  /** New messages per second on each channel (each in a chat of its own, so replies count per update). */
  ratePerSecond?: number;
  /** Seeds the schedule of kills and faults (printed, to run the same schedule again). */
  seed?: number;
  /** How long, after the stream, every update may take to be answered. */
  drainSeconds?: number;
  log?: (line: string) => void;
}

export interface ChannelCount {
  updates: number;
  /** Sends one message makes when nothing goes wrong (measured first, in a chat of its own). */
  sendsPerAnswer: number;
  lost: number;
  once: number;
  duplicated: number;
  /** Updates the platform never got a 200 for (delivered again until the end; 0 when all is well). */
  unacknowledged: number;
}

export interface SoakResult {
  seed: number;
  seconds: number;
  telegram: ChannelCount;
  lark: ChannelCount;
  botKills: number;
  redisKills: number;
  /** Spells of 1–4 s in which one or both platforms answered every send with one of 500/502/503/429. */
  faultWindows: number;
  /** Sends the fault proxies answered with an error instead of passing them on. */
  faultsInjected: number;
  /** Lark sends answered from the uuid dedupe cache: a resend the platform recognised (not a duplicate). */
  larkResendsDeduped: number;
  /** The bot's output, for a post-mortem when something was lost. */
  botOutput: string;
}

const SECRET = 'soak_Webhook-secret-1';
const TEXT = '/help';
const FAULTS: FaultMode[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, retryAfter: 1 },
];
const TELEGRAM_SENDS = /\/send[A-Za-z]+$/;
const LARK_SENDS = /\/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/;

/** mulberry32: a small seeded PRNG, so that a schedule can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) return false;
    await sleep(100);
  }
  return true;
}

/** One platform's stream: updates made, posted until answered 200, and the replies counted per chat. */
interface Stream {
  chats: string[];
  acked: Set<string>;
  inFlight: Set<string>;
  post(chat: string): Promise<number>;
  replies(chat: string): number;
}

function deliverAll(s: Stream, stopped: () => boolean): Promise<void> {
  return (async () => {
    while (!stopped()) {
      for (const chat of s.chats) {
        if (s.acked.has(chat) || s.inFlight.has(chat)) continue;
        s.inFlight.add(chat);
        void s
          .post(chat)
          .then(
            (status) => void (status === 200 && s.acked.add(chat)),
            () => undefined,
          )
          .finally(() => s.inFlight.delete(chat));
      }
      await sleep(1_000); // Telegram and Lark deliver again after a while; a second here keeps the soak short
    }
  })();
}

function count(s: Stream, sendsPerAnswer: number): ChannelCount {
  const counts = s.chats.map((c) => s.replies(c));
  return {
    updates: s.chats.length,
    sendsPerAnswer,
    lost: counts.filter((n) => n < sendsPerAnswer).length,
    once: counts.filter((n) => n === sendsPerAnswer).length,
    duplicated: counts.filter((n) => n > sendsPerAnswer).length,
    unacknowledged: s.chats.filter((c) => !s.acked.has(c)).length,
  };
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = prng(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const rate = opts.ratePerSecond ?? 3;
  log(`soak: ${opts.seconds} s, ${rate} messages/s per channel, seed ${seed}`);

  const appId = `cli_${randomBytes(8).toString('hex')}`;
  const appSecret = `app-secret-${randomBytes(12).toString('hex')}`;
  const encryptKey = `encrypt-key-${randomBytes(12).toString('hex')}`;
  const verifyToken = `verify-token-${randomBytes(12).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-soak-'));
  const closing: Array<() => Promise<unknown>> = [];
  let bot: BotProcess | undefined;
  let output = '';
  try {
    const redis: RedisServer = await startRedis({ persistent: true });
    closing.push(() => redis.stop());
    const tg: TelegramDouble = await startTelegramDouble({ token: TOKEN });
    closing.push(() => tg.close());
    const lk: LarkDouble = await startLarkDouble({ appId, appSecret });
    closing.push(() => lk.close());
    const tgProxy: FaultProxy = await startFaultProxy(tg.url);
    const lkProxy: FaultProxy = await startFaultProxy(lk.url);
    closing.push(
      () => tgProxy.close(),
      () => lkProxy.close(),
    );
    const port = await freePort();
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tgProxy.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LARK_APP_ID: appId,
      LARK_APP_SECRET: appSecret,
      LARK_DOMAIN: lkProxy.url,
      LARK_MODE: 'webhook',
      LARK_ENCRYPT_KEY: encryptKey,
      LARK_VERIFICATION_TOKEN: verifyToken,
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      PORT: String(port),
    };
    const start = async () => {
      bot = await startBot(env, { timeoutMs: 90_000 });
    };
    await start();
    const base = `http://127.0.0.1:${port}`;

    let nextUpdate = 1;
    const tgUpdates = new Map<string, object>();
    const telegram: Stream = {
      chats: [],
      acked: new Set(),
      inFlight: new Set(),
      post: (chat) => tg.postWebhook(`${base}/telegram/webhook`, tgUpdates.get(chat)!, SECRET),
      replies: (chat) => tg.sentLog(chat).filter((r) => r.kind === 'send').length,
    };
    const lark: Stream = {
      chats: [],
      acked: new Set(),
      inFlight: new Set(),
      post: async (chat) => {
        // The same event (same event_id) each time, as Lark delivers it again.
        const event = messageEvent({
          eventId: `ev-${chat}`,
          messageId: `om_${chat}`,
          chatId: chat,
          chatType: 'p2p',
          openId: `ou_${chat}`,
          text: TEXT,
          token: verifyToken,
        });
        const req = larkRequest(event, { encryptKey });
        return (await postLarkWebhook(`${base}/lark/webhook`, req.body, req.headers)).status;
      },
      replies: (chat) => lk.messages(chat).length,
    };
    const newTelegram = () => {
      const chat = 100_000 + nextUpdate;
      const id = nextUpdate++;
      tgUpdates.set(String(chat), {
        update_id: id,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chat, type: 'private', first_name: 'S' },
          from: { id: chat, is_bot: false, first_name: 'S' },
          text: TEXT,
        },
      });
      telegram.chats.push(String(chat));
    };
    const newLark = () => lark.chats.push(`oc_soak_${nextUpdate++}`);

    // How many sends one answer is, measured before anything goes wrong.
    newTelegram();
    newLark();
    const calibrate = async (s: Stream, name: string) => {
      const chat = s.chats[0]!;
      for (let i = 0; i < 50 && (await s.post(chat).catch(() => 0)) !== 200; i++) await sleep(200);
      s.acked.add(chat);
      if (!(await until(() => s.replies(chat) > 0, 30_000))) throw new Error(`soak: no ${name} answer before any fault`);
      await sleep(1_500);
      return s.replies(chat);
    };
    const tgOnce = await calibrate(telegram, 'Telegram');
    const lkOnce = await calibrate(lark, 'Lark');
    log(`soak: one answer is ${tgOnce} send(s) on Telegram, ${lkOnce} on Lark`);

    let streaming = true;
    let delivering = true;
    const deliveries = [deliverAll(telegram, () => !delivering), deliverAll(lark, () => !delivering)];
    const t0 = Date.now();
    const elapsed = () => (Date.now() - t0) / 1000;

    // The stream: `rate` new updates a second on each channel.
    const stream = (async () => {
      let made = 0;
      while (elapsed() < opts.seconds) {
        while (made < elapsed() * rate) {
          newTelegram();
          newLark();
          made++;
        }
        await sleep(50);
      }
      streaming = false;
    })();

    // Faults on the send paths, on and off, independent of the kills.
    let faultWindows = 0;
    const faults = (async () => {
      await sleep(between(1_000, 4_000));
      while (elapsed() < opts.seconds - 3) {
        const mode = FAULTS[Math.floor(random() * FAULTS.length)]!;
        const where = random();
        const rule = (path: RegExp): FaultRule[] => [{ path, mode }];
        if (where < 0.4 || where >= 0.8) tgProxy.setRules(rule(TELEGRAM_SENDS));
        if (where >= 0.4) lkProxy.setRules(rule(LARK_SENDS));
        faultWindows++;
        await sleep(between(1_000, 4_000));
        tgProxy.setRules([]);
        lkProxy.setRules([]);
        await sleep(Math.min(between(2_000, 7_000), Math.max(0, (opts.seconds - elapsed()) * 1000)));
      }
    })();

    // Kills: the bot or Redis, one at a time; the first two are one of each, in a random order.
    let botKills = 0;
    let redisKills = 0;
    const chaos = (async () => {
      const order: Array<'bot' | 'redis'> = random() < 0.5 ? ['bot', 'redis'] : ['redis', 'bot'];
      for (let i = 0; streaming; i++) {
        const wait = between(3_000, 9_000);
        if (elapsed() + wait / 1000 > opts.seconds - 2) break; // the last kill leaves a moment of calm stream
        await sleep(wait);
        const what = order[i] ?? (random() < 0.5 ? 'bot' : 'redis');
        if (what === 'bot') {
          bot!.kill();
          botKills++;
          output += bot!.output();
          await until(() => !bot!.alive(), 10_000);
          await sleep(between(0, 2_000));
          await start();
          log(`soak ${elapsed().toFixed(0)} s: bot killed -9 and restarted`);
        } else {
          await redis.stop();
          redisKills++;
          await sleep(between(500, 3_000));
          await redis.restart();
          log(`soak ${elapsed().toFixed(0)} s: Redis killed -9 and restarted from its AOF`);
        }
      }
    })();

    const progress = setInterval(() => {
      const answered = (s: Stream, once: number) => s.chats.filter((c) => s.replies(c) >= once).length;
      log(
        `soak ${elapsed().toFixed(0)} s: Telegram ${answered(telegram, tgOnce)}/${telegram.chats.length}, Lark ${answered(lark, lkOnce)}/${lark.chats.length} answered`,
      );
    }, 30_000);
    try {
      await Promise.all([stream, faults, chaos]);
    } finally {
      clearInterval(progress);
    }
    log(`soak: stream over after ${elapsed().toFixed(0)} s; waiting for every update to be answered`);

    const allAnswered = () => telegram.chats.every((c) => telegram.replies(c) >= tgOnce) && lark.chats.every((c) => lark.replies(c) >= lkOnce);
    await until(allAnswered, (opts.drainSeconds ?? 60) * 1_000);
    // A resend, if any, would come now: wait until nothing has been sent for 3 s.
    const sends = () => tg.sentLog().length + lk.messages().length;
    for (let last = -1; last !== sends(); ) {
      last = sends();
      await sleep(3_000);
    }
    delivering = false;
    await Promise.all(deliveries);

    return {
      seed,
      seconds: opts.seconds,
      telegram: count(telegram, tgOnce),
      lark: count(lark, lkOnce),
      botKills,
      redisKills,
      faultsInjected: tgProxy.log.filter((l) => l.fault !== 'pass').length + lkProxy.log.filter((l) => l.fault !== 'pass').length,
      larkResendsDeduped: lk.duplicates.length,
      botOutput: output + (bot?.output() ?? ''),
      faultWindows,
    };
  } finally {
    if (bot) await bot.stop(15_000).catch(() => bot?.kill());
    for (const close of closing.reverse()) await close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures as lines, for the bench and the test report. */
export function soakReport(r: SoakResult): string[] {
  const line = (name: string, c: ChannelCount) =>
    `${name}: ${c.updates} updates: lost ${c.lost}, once ${c.once}, duplicated ${c.duplicated} (unacknowledged ${c.unacknowledged}; ${c.sendsPerAnswer} send(s) per answer)`;
  return [
    `soak ${r.seconds} s (seed ${r.seed}): bot killed -9 ${r.botKills}×, Redis killed -9 ${r.redisKills}×, ${r.faultWindows} fault spells, ${r.faultsInjected} sends answered 5xx/429 by the fault proxy`,
    line('Telegram', r.telegram),
    line('Lark', r.lark),
    `Lark resends recognised by their uuid: ${r.larkResendsDeduped}`,
  ];
}
