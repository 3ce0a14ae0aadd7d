// Shared harness for the whole-process broadcast and reminder tests: both channels on at once
// (Telegram by long polling against the Bot API double, Lark by webhook against the open-API
// double), societies seeded straight into the store before the bot starts, the staff member
// driving /broadcast on Telegram, and the CLI (`npm run -s cli`) on the same DATA_DIR.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newState, type ChatState } from '../../handlers/state.js';
import type { Profile } from '../../rules/index.js';
import { chatKey } from '../../src/chat-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { startLarkDouble, type LarkDouble, type LarkDoubleOptions, type LarkMessage } from '../../doubles/lark-api.js';
import { larkRequest, messageEvent, postLarkWebhook } from '../../doubles/lark-events.js';
import { startTelegramDouble, type Json, type TelegramDouble, type TelegramDoubleOptions } from '../../doubles/telegram-api.js';
import { buttons, ROOT, sleep, startBot, TOKEN, type BotProcess } from '../../doubles/telegram-process.js';

export { sleep, TOKEN } from '../../doubles/telegram-process.js';
export type { BotProcess } from '../../doubles/telegram-process.js';

export const LARK_APP_ID = `cli_${randomBytes(8).toString('hex')}`;
export const LARK_APP_SECRET = `app-secret-${randomBytes(12).toString('hex')}`;
export const LARK_ENCRYPT_KEY = `encrypt-key-${randomBytes(12).toString('hex')}`;
export const LARK_VERIFICATION_TOKEN = `verify-token-${randomBytes(12).toString('hex')}`;

/** The platforms' caps, enforced by the doubles as the real services do (answered with 429). */
export const TELEGRAM_CAPS = { perSecond: 30, perChatPerSecond: 1 };
export const LARK_CAPS = { ratePerAppPerSecond: 50, ratePerChatPerSecond: 5 };

export const STANDARD: Profile = { orgType: 'society', evaluationGrade: 'C', intended: ['standard'] };
export const BRAND: Profile = { orgType: 'society', evaluationGrade: 'B', intended: ['brand_exchange'] };

// ── temp dirs ─────────────────────────────────────────────────────────────

const dirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// ── the store, seeded before the bot starts ───────────────────────────────

export interface Seed {
  channel: 'telegram' | 'lark';
  chatId: string;
  profile?: Profile;
  extra?: Partial<ChatState>;
}

/** Writes finished interviews (stage done, reminders on by default) for each seed, then closes the store. */
export async function seedSocieties(dataDir: string, seeds: Seed[], nowMs = Date.now()): Promise<void> {
  await withStore(dataDir, async (store) => {
    for (const s of seeds) {
      const state: ChatState = {
        ...newState(nowMs - 3_600_000),
        profile: s.profile ?? STANDARD,
        stage: 'done',
        reminders: true,
        lastSeenAt: nowMs - 3_600_000,
        ...s.extra,
      };
      await store.set(chatKey(s.channel, s.chatId), state);
    }
  });
}

/** Opens the SQLite store on DATA_DIR (WAL: safe beside a running bot), runs work, closes it. */
export async function withStore<T>(dataDir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(dataDir);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export const tgSeeds = (n: number, first: number, profile: Profile = STANDARD): Seed[] =>
  Array.from({ length: n }, (_, i) => ({ channel: 'telegram', chatId: String(first + i), profile }));
export const larkSeeds = (n: number, prefix: string, profile: Profile = STANDARD): Seed[] =>
  Array.from({ length: n }, (_, i) => ({ channel: 'lark', chatId: `oc_${prefix}_${String(i).padStart(5, '0')}`, profile }));

// ── doubles and the bot ───────────────────────────────────────────────────

export interface World {
  tg: TelegramDouble;
  lk: LarkDouble;
  dataDir: string;
  bot?: BotProcess;
  /** Output of every bot process started in this world, oldest first (the current one last). */
  outputs: () => string;
  start(env?: Record<string, string>, opts?: { timeoutMs?: number }): Promise<BotProcess>;
  close(): Promise<void>;
}

export async function startWorld(o: { tg?: TelegramDoubleOptions; lk?: LarkDoubleOptions; dataDir?: string } = {}): Promise<World> {
  const tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 1, floodLimit: TELEGRAM_CAPS, ...o.tg });
  const lk = await startLarkDouble({ appId: LARK_APP_ID, appSecret: LARK_APP_SECRET, ...LARK_CAPS, ...o.lk });
  const dataDir = o.dataDir ?? tempDir('shenbao-bcast-e2e-');
  const past: BotProcess[] = [];
  const world: World = {
    tg,
    lk,
    dataDir,
    outputs: () => [...past, ...(world.bot ? [world.bot] : [])].map((b) => b.output()).join('\n'),
    async start(env = {}, opts = {}) {
      if (world.bot) past.push(world.bot);
      world.bot = await startBot(
        {
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: tg.url,
          LARK_APP_ID,
          LARK_APP_SECRET,
          LARK_DOMAIN: lk.url,
          LARK_MODE: 'webhook',
          LARK_ENCRYPT_KEY,
          LARK_VERIFICATION_TOKEN,
          DATA_DIR: dataDir,
          ...env,
        },
        { timeoutMs: opts.timeoutMs ?? 60_000 },
      );
      return world.bot;
    },
    async close() {
      for (const b of [...past, ...(world.bot ? [world.bot] : [])]) b.kill();
      await tg.close();
      await lk.close();
    },
  };
  return world;
}

/** The bot's JSON log lines (pino), parsed; other lines (npm's) skipped. */
export function logLines(output: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* a line cut by a kill */
    }
  }
  return out;
}

// ── waiting ───────────────────────────────────────────────────────────────

export async function waitUntil<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ── a person in a Telegram chat ───────────────────────────────────────────

/** Someone writing to the bot on Telegram: in a DM (chatId = userId) or in a group. */
export class TelegramUser {
  constructor(
    private readonly tg: TelegramDouble,
    readonly chatId: number,
    readonly userId: number = chatId,
  ) {}

  /** Visible text of everything the bot sent or edited in this chat. */
  texts(): string[] {
    return this.tg.sentPlain(this.chatId);
  }

  /** Sends text; resolves with the first new bot text (send or edit) matching `expect`. */
  async say(text: string, expect: RegExp, timeoutMs = 20_000): Promise<string> {
    const before = this.tg.sentLog(this.chatId).length;
    this.tg.userMessage(this.chatId, text, { id: this.userId });
    return this.expectText(expect, before, timeoutMs);
  }

  /** Taps the button whose label contains `label` on the latest keyboard; resolves like say(). */
  async press(label: string, expect: RegExp, timeoutMs = 20_000): Promise<string> {
    const message = this.tg
      .botMessages(this.chatId)
      .filter((m: Json) => buttons(m).some((b) => b.text.includes(label)))
      .at(-1);
    if (!message) throw new Error(`no button "${label}" in chat ${this.chatId}; last texts:\n${this.texts().slice(-3).join('\n---\n')}`);
    const button = buttons(message).find((b) => b.text.includes(label))!;
    const before = this.tg.sentLog(this.chatId).length;
    this.tg.callback(this.chatId, message.message_id, button.callback_data, { id: this.userId });
    return this.expectText(expect, before, timeoutMs);
  }

  expectText(expect: RegExp, fromIndex = 0, timeoutMs = 20_000): Promise<string> {
    return waitUntil(
      () =>
        this.tg
          .sentLog(this.chatId)
          .slice(fromIndex)
          .find((r) => expect.test(r.plain))?.plain,
      `${expect} in Telegram chat ${this.chatId} (last: ${JSON.stringify(this.texts().slice(-2))})`,
      timeoutMs,
    );
  }
}

// ── a person in a Lark chat ───────────────────────────────────────────────

let larkSeq = 0;
/** Posts a text message event from openId in chatId to the bot's webhook; resolves with the first new bot message matching `expect`. */
export async function larkSay(
  world: World,
  o: { chatId: string; openId: string; text: string; group?: boolean },
  expect: RegExp,
  timeoutMs = 20_000,
): Promise<LarkMessage> {
  const before = world.lk.messages(o.chatId).length;
  const event = messageEvent({
    eventId: `ev-${Date.now().toString(36)}-${++larkSeq}`,
    chatId: o.chatId,
    chatType: o.group ? 'group' : 'p2p',
    openId: o.openId,
    text: o.text,
    token: LARK_VERIFICATION_TOKEN,
    ...(o.group && { mentions: [{ openId: 'ou_shenbao_bot', name: '申报助手' }] }),
  });
  world.lk.noteInbound(event);
  const req = larkRequest(event, { encryptKey: LARK_ENCRYPT_KEY });
  const res = await postLarkWebhook(`http://127.0.0.1:${world.bot!.port}/lark/webhook`, req.body, req.headers);
  if (res.status !== 200) throw new Error(`lark webhook answered ${res.status}: ${res.text}`);
  return waitUntil(
    () =>
      world.lk
        .messages(o.chatId)
        .slice(before)
        .find((m) => expect.test(larkText(m))),
    `${expect} in Lark chat ${o.chatId}`,
    timeoutMs,
  );
}

/** The visible text of a Lark message (text content, or the strings of a card). */
export function larkText(m: LarkMessage): string {
  if (m.msgType === 'text' && typeof m.content?.text === 'string') return m.content.text as string;
  return JSON.stringify(m.content);
}

// ── the CLI ───────────────────────────────────────────────────────────────

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run -s cli -- …args` on DATA_DIR, with no channel configuration in its environment. */
export function cli(dataDir: string, args: string[], timeoutMs = 120_000): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(TELEGRAM_|LARK_|PORT$|DATA_DIR$|LOG_LEVEL$|GUIDE_FILE$|REMINDER_)/.test(k)) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      reject(new Error(`cli ${args.join(' ')} timed out; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface AuditRecord {
  at: number;
  action: string;
  [detail: string]: unknown;
}

/** `cli audit --json`. */
export async function audit(dataDir: string): Promise<AuditRecord[]> {
  const r = await cli(dataDir, ['audit', '--json', '--limit', '1000']);
  if (r.code !== 0) throw new Error(`cli audit failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as AuditRecord[];
}

// ── what the societies got ────────────────────────────────────────────────

/** Telegram: chat id → how many messages containing `marker` the bot sent there. */
export function telegramCopies(tg: TelegramDouble, marker: string): Map<string, number> {
  const copies = new Map<string, number>();
  for (const r of tg.sentLog()) if (r.kind === 'send' && r.plain.includes(marker)) copies.set(r.chatId, (copies.get(r.chatId) ?? 0) + 1);
  return copies;
}

/** Lark: chat id → how many delivered messages contain `marker`. */
export function larkCopies(lk: LarkDouble, marker: string): Map<string, number> {
  const copies = new Map<string, number>();
  for (const m of lk.messages()) if (m.chatId && larkText(m).includes(marker)) copies.set(m.chatId, (copies.get(m.chatId) ?? 0) + 1);
  return copies;
}

/** "已发送 a，已失联 b，失败 c" of a final report. */
export function reportCounts(text: string): { sent: number; inactive: number; failed: number } | undefined {
  const m = /已发送 (\d+)，已失联 (\d+)，失败 (\d+)/.exec(text);
  return m ? { sent: Number(m[1]), inactive: Number(m[2]), failed: Number(m[3]) } : undefined;
}
