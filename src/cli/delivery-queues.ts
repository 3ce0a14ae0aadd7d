import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { bullPrefix, failedSends } from '../delivery/bull-delivery.js';
import { redisOptions } from '../store/redis-store.js';

export type DeliveryQueues = Awaited<ReturnType<typeof failedSends>>;

/** On a Redis deployment: the BullMQ queues' counts and the newest failed sends (for `cli stats`); undefined otherwise. */
export async function deliveryQueues(env: NodeJS.ProcessEnv, limit = 20): Promise<DeliveryQueues | undefined> {
  const redis = loadConfig(env).redis;
  if (!redis) return undefined;
  const connection = new Redis(redis.url, { ...redisOptions(), lazyConnect: true });
  connection.on('error', () => undefined);
  try {
    await connection.connect();
    return await failedSends(connection, ['telegram', 'lark'], limit, bullPrefix(redis.prefix));
  } finally {
    connection.disconnect();
  }
}

export function deliveryText(d: DeliveryQueues): string {
  const lines = Object.entries(d.counts).map(
    ([channel, c]) =>
      `发送队列 ${channel}：等待 ${c.waiting ?? 0}，发送中 ${c.active ?? 0}，延后重试 ${c.delayed ?? 0}，已完成 ${c.completed ?? 0}，失败 ${c.failed ?? 0}`,
  );
  if (d.failed.length) {
    lines.push(`最近失败的发送（${d.failed.length} 条，保留 30 天）：`);
    for (const f of d.failed) lines.push(`  ${new Date(f.at).toISOString()}  ${f.channel}:${f.chatId}  任务=${f.job}  尝试 ${f.attempts} 次  ${f.error}`);
  }
  return `${lines.join('\n')}\n`;
}
