import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sender } from '../src/channels/channel.js';
import { larkSender } from '../src/channels/lark-outbound.js';
import { LarkApi } from '../src/channels/lark-sender.js';
import { TelegramBulkSender } from '../src/channels/telegram-bulk.js';
import type { ChatService } from '../src/chat-service.js';
import { createJob } from '../src/delivery/outbox.js';
import { DeliveryWorker } from '../src/delivery/worker.js';
import { createLogger } from '../src/log.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { startLarkDouble } from '../doubles/lark-api.js';
import { startTelegramDouble } from '../doubles/telegram-api.js';
import type { BenchRow } from './stats.js';

const logger = createLogger({ level: 'silent' });
const service = { markInactive: async () => undefined, migrateChat: async () => undefined } as unknown as ChatService;

/**
 * Delivers one broadcast to `n` chats through the outbox and reports the sustained rate over the
 * platform cap: the first second may carry a full window at once, so the rate is measured as the
 * messages after the first `cap` over the time from the first arrival to the last.
 */
async function run(
  name: string,
  sender: Sender,
  n: number,
  cap: number,
  delivered: () => { perChat: Map<string, number>; times: number[] },
): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-bench-bc-'));
  const store = await openSqliteStore(dir);
  try {
    const chats = Array.from({ length: n }, (_, i) => String(i % 2 ? 700_000 + i : `oc_${i}`));
    await createJob(
      store,
      { kind: 'broadcast', createdAt: Date.now(), audience: 'all' },
      chats.map((chatId) => ({ channel: sender.channel as 'telegram', chatId, text: '📣 省科协通知\n请于11月30日前完成项目。' })),
    );
    await new DeliveryWorker({ store, senders: { [sender.channel]: sender }, service, logger }).tick();
    const { perChat: got, times } = delivered();
    const lost = chats.filter((c) => !got.has(c)).length;
    const dupes = [...got.values()].filter((v) => v > 1).length;
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    const rate = (times.length - cap) / seconds;
    return {
      name: `${name} broadcast, ${n} chats, caps enforced by the double`,
      median: `${rate.toFixed(1)} msg/s`,
      p99: `${((rate / cap) * 100).toFixed(1)}% of ${cap}/s`,
      target: '≥ 95% of cap, 0 lost',
      met: rate / cap >= 0.95 && lost === 0,
      note: `lost ${lost}, duplicates ${dupes}`,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function telegram(): Promise<BenchRow> {
  const tg = await startTelegramDouble({ floodLimit: { perSecond: 30, perChatPerSecond: 1 } });
  try {
    const sender = new TelegramBulkSender(tg.token, tg.url, { service, logger, scrub: (s) => s });
    const counted = () => {
      const perChat = new Map<string, number>();
      const times: number[] = [];
      for (const c of tg.calls) {
        if (c.method !== 'sendMessage' || !c.ok) continue;
        perChat.set(String(c.params['chat_id']), (perChat.get(String(c.params['chat_id'])) ?? 0) + 1);
        times.push(c.time);
      }
      return { perChat, times };
    };
    return await run('Telegram', sender, 300, 30, counted);
  } finally {
    await tg.close();
  }
}

async function lark(): Promise<BenchRow> {
  const lk = await startLarkDouble({ appId: 'cli_bench', appSecret: 'bench-secret', ratePerAppPerSecond: 50, ratePerChatPerSecond: 5 });
  try {
    const api = new LarkApi({ appId: 'cli_bench', appSecret: 'bench-secret', domain: lk.url, logger });
    const counted = () => {
      const perChat = new Map<string, number>();
      for (const msg of lk.messages()) perChat.set(String(msg.chatId), (perChat.get(String(msg.chatId)) ?? 0) + 1);
      const times = lk.calls.filter((c) => c.method === 'POST' && c.path === '/open-apis/im/v1/messages' && c.status === 200).map((c) => c.time);
      return { perChat, times };
    };
    return await run('Lark', larkSender(api), 500, 50, counted);
  } finally {
    await lk.close();
  }
}

export const benches = [
  { name: 'broadcast telegram', run: telegram },
  { name: 'broadcast lark', run: lark },
];
