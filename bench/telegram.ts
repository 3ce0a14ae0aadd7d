// Webhook throughput of the Telegram channel on loopback, side by side with a bare grammY echo
// bot on the same path, plus the RSS with 10,000 stored profiles.
//
//   npx tsx bench/telegram.ts            # prints the report as JSON
//   import { benchTelegramWebhook } from './telegram.js'   # from bench/run.ts
//
// Both bots run in this process with the Bot API double (doubles/telegram-api.ts) as their
// Telegram; the load generator posts updates to each webhook with the secret header, many chats
// at once, each chat's messages one after another (as Telegram delivers them).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { Conversation } from '../handlers/conversation.js';
import { newState } from '../handlers/state.js';
import { ChatService, chatKey } from '../src/chat-service.js';
import { startTelegram } from '../src/channels/telegram.js';
import { loadConfig } from '../src/config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from '../src/guide-file.js';
import { HttpServer } from '../src/http-server.js';
import { createLogger } from '../src/log.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { startTelegramDouble } from '../doubles/telegram-api.js';
import { startBot } from '../doubles/telegram-process.js';
import type { BenchRow } from './stats.js';

const TOKEN = '123456:BENCH-token-abc';
const SECRET = 'bench_secret';
const QUESTIONS = ['标准制定什么时候截止？', '一流学会有什么条件？', '科技评估要交什么材料？', '纸质材料寄到哪里？', '品牌学术和特色学术能一起报吗？'];

export interface ThroughputResult {
  label: string;
  updates: number;
  seconds: number;
  updatesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers from the webhook. */
  errors: number;
  /** Bot API calls the bot made per update (sendMessage and the like). */
  apiCallsPerUpdate?: number;
}

export interface TelegramBenchReport {
  chats: number;
  updatesPerChat: number;
  concurrency: number;
  ours: ThroughputResult;
  bare: ThroughputResult;
  /** ours / bare updates per second; the target is ≥ 0.5. */
  ratio: number;
  ratioTarget: number;
  ratioPass: boolean;
  /** RSS of the bot process itself (spawned), with `profiles` profiles stored. */
  rss: { profiles: number; rssMb: number; targetMb: number; pass: boolean };
}

export interface BenchOptions {
  chats?: number;
  updatesPerChat?: number;
  /** Chats in flight at once. */
  concurrency?: number;
  profiles?: number;
  /** The load is given to the two bots in this many alternating rounds. */
  rounds?: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

let nextUpdateId = 1;
function update(chat: number, text: string) {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'B' },
      from: { id: chat, is_bot: false, first_name: 'B' },
      text,
    },
  };
}

interface Run {
  latencies: number[];
  seconds: number;
  errors: number;
}

/** Posts `perChat` updates for each of `chats` chats, `concurrency` chats at a time. */
async function load(url: string, firstChat: number, chats: number, perChat: number, concurrency: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < chats) {
      const chat = firstChat + next++;
      for (let i = 0; i < perChat; i++) {
        const body = JSON.stringify(update(chat, QUESTIONS[(chat + i) % QUESTIONS.length]!));
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) errors++;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, chats) }, worker));
  return { latencies, seconds: (performance.now() - start) / 1000, errors };
}

function summarise(label: string, runs: Run[], apiCalls: number): ThroughputResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return {
    label,
    updates: latencies.length,
    seconds: Number(seconds.toFixed(3)),
    updatesPerSec: Number((latencies.length / seconds).toFixed(1)),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    apiCallsPerUpdate: Number((apiCalls / Math.max(1, latencies.length)).toFixed(2)),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );
}

/**
 * RSS of the real bot process (`npm start`, webhook mode) whose store holds `profiles` chat
 * profiles, after it served 500 of those chats. Measured from /proc, so the double and the load
 * generator in this process do not count.
 */
async function measureBotRss(apiRoot: string, profiles: number): Promise<{ rssMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-rss-'));
  const store = await openSqliteStore(dataDir);
  for (let i = 0; i < profiles; i++) {
    const state = newState(Date.now());
    state.profile = {
      orgType: 'society',
      evaluationGrade: (['A', 'B', 'C', 'D'] as const)[i % 4],
      assessmentLevel: i % 6,
      annualInspectionPassed: true,
      intended: ['standard', 'tech_assessment'],
    };
    state.stage = 'done';
    await store.set(chatKey('telegram', String(100_000 + i)), state);
  }
  await store.close();
  // Startup with many stored chats can be slow (the reminder scheduler sweeps them all).
  const bot = await startBot(
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dataDir },
    { timeoutMs: 300_000 },
  );
  try {
    await load(`http://127.0.0.1:${bot.port}/telegram/webhook`, 100_000, Math.min(profiles, 500), 1, 50);
    const status = readFileSync(`/proc/${bot.nodePid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { rssMb: Number((kb / 1024).toFixed(1)) };
  } finally {
    await bot.stop();
    bot.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchTelegramWebhook(opts: BenchOptions = {}): Promise<TelegramBenchReport> {
  const chats = opts.chats ?? 1000;
  const perChat = opts.updatesPerChat ?? 3;
  const concurrency = opts.concurrency ?? 100;
  const profiles = opts.profiles ?? 10_000;

  const tg = await startTelegramDouble({ token: TOKEN });
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-tg-'));
  const logger = createLogger({ level: 'warn', secrets: [TOKEN, SECRET] }, { write: () => undefined });
  const store = await openSqliteStore(dataDir);
  const guide = loadGuideFile(BUNDLED_GUIDE);
  const conversation = new Conversation(guide, loadGuideSearch(guide, BUNDLED_GUIDE));
  const service = new ChatService(store, conversation, { clock: Date.now, logger });
  const http = new HttpServer(logger);
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET }, { dotenvPath: false });
  const ours = await startTelegram({ config, service, conversation, store, logger, http, clock: Date.now });
  const oursPort = await http.listen(0, '127.0.0.1');
  http.setReady(true);

  // The bare bot: grammY's own http adapter, echoing the text back.
  const bare = new Bot(TOKEN, { client: { apiRoot: tg.url }, botInfo: tg.botInfo as UserFromGetMe });
  bare.on('message:text', (ctx) => ctx.reply(ctx.message.text));
  const bareHandler = webhookCallback(bare, 'http', { secretToken: SECRET });
  const bareServer = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/telegram/webhook') void bareHandler(req, res).catch(() => res.writeHead(500).end());
    else res.writeHead(404).end();
  });
  const barePort = await listen(bareServer);
  const oursUrl = `http://127.0.0.1:${oursPort}/telegram/webhook`;
  const bareUrl = `http://127.0.0.1:${barePort}/telegram/webhook`;

  try {
    // Warm up both (JIT, guide search index, SQLite pages). Then the same load on each, in
    // alternating rounds over fresh chats, so that noise on the machine hits both alike.
    await load(oursUrl, 1, 50, 1, 10);
    await load(bareUrl, 1, 50, 1, 10);
    const rounds = Math.max(1, opts.rounds ?? 6);
    const perRound = Math.ceil(chats / rounds);
    const runs = { ours: [] as Run[], bare: [] as Run[] };
    const calls = { ours: 0, bare: 0 };
    for (let r = 0; r < rounds; r++) {
      const first = 10_000 + r * perRound;
      const count = Math.min(perRound, chats - r * perRound);
      if (count <= 0) break;
      for (const [which, url] of [
        ['ours', oursUrl],
        ['bare', bareUrl],
      ] as const) {
        const before = tg.calls.length;
        runs[which].push(await load(url, first, count, perChat, concurrency));
        calls[which] += tg.calls.length - before;
      }
    }
    const oursResult = summarise('shenbao', runs.ours, calls.ours);
    const bareResult = summarise('bare grammY echo', runs.bare, calls.bare);

    const rss = await measureBotRss(tg.url, profiles);
    const ratio = Number((oursResult.updatesPerSec / bareResult.updatesPerSec).toFixed(3));
    return {
      chats,
      updatesPerChat: perChat,
      concurrency,
      ours: oursResult,
      bare: bareResult,
      ratio,
      ratioTarget: 0.5,
      ratioPass: ratio >= 0.7,
      rss: { profiles, rssMb: rss.rssMb, targetMb: 150, pass: rss.rssMb <= 150 },
    };
  } finally {
    await ours.stop();
    await service.drain();
    http.closeIdle();
    await http.close();
    bareServer.closeAllConnections();
    await new Promise((r) => bareServer.close(r));
    await store.close();
    await tg.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await benchTelegramWebhook();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

/** For bench/run.ts: throughput against the bare bot, and the bot's RSS with 10,000 profiles. */
export const benches = [
  {
    name: 'telegram webhook',
    run: async (): Promise<BenchRow[]> => {
      const r = await benchTelegramWebhook();
      return [
        {
          name: `Telegram webhook throughput, ${r.chats} chats × ${r.updatesPerChat} questions vs bare grammY echo bot`,
          median: `${r.ours.updatesPerSec.toFixed(0)} vs ${r.bare.updatesPerSec.toFixed(0)} upd/s`,
          p99: `${r.ours.p99Ms.toFixed(1)} vs ${r.bare.p99Ms.toFixed(1)} ms`,
          target: '≥ 70% of bare (issue 12)',
          met: r.ratioPass,
          note: `ratio ${(r.ratio * 100).toFixed(0)}%`,
        },
        {
          name: `bot process RSS with ${r.rss.profiles} stored profiles`,
          median: `${r.rss.rssMb} MB`,
          p99: '—',
          target: '≤ 150 MB',
          met: r.rss.pass,
        },
      ];
    },
  },
];
