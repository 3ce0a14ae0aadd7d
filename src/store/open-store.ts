import type { Logger } from 'pino';
import { type Config, secretValues } from '../config.js';
import { LISTED_PREFIXES } from '../intake/intake.js';
import { openDataDir } from '../startup.js';
import { openRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Redis did not answer at start: not a bad setting (exit 2) but an outage, so the bot exits 1 and
 * its supervisor (systemd, compose) starts it again. The CLI reports it as one line, exit 2.
 */
export class StoreUnreachable extends Error {
  override name = 'StoreUnreachable';
}

/**
 * The store the bot, the CLI and the staff console use: Redis when REDIS_URL is set, else the
 * SQLite file in DATA_DIR. A DATA_DIR that cannot be used is a StartError; a Redis that does not
 * answer is StoreUnreachable. Neither message holds a secret.
 */
export async function openStore(config: Config, opts: { logger?: Pick<Logger, 'warn' | 'info'> } = {}): Promise<Store> {
  if (!config.redis) return openDataDir(config.dataDir, openSqliteStore);
  const hide = (text: string) => secretValues(config).reduce((t, s) => t.split(s).join('***'), text);
  // One warning per outage: ioredis reports every failed reconnect.
  let down = false;
  const onError = (error: Error) => {
    if (down) return;
    down = true;
    opts.logger?.warn({ error: hide(error.message) }, 'Redis unreachable; webhooks answer 503 until it returns');
  };
  let store: Awaited<ReturnType<typeof openRedisStore>> | undefined;
  try {
    store = await openRedisStore(config.redis.url, { prefix: config.redis.prefix, onError, indexed: LISTED_PREFIXES });
    await store.probe();
  } catch (error) {
    await store?.close();
    const why = hide((error as Error).message.split('\n')[0]!.slice(0, 200));
    throw new StoreUnreachable(`REDIS_URL 指向的 Redis 无法连接：${why} / cannot reach the Redis at REDIS_URL`);
  }
  store.client.on('ready', () => {
    if (down) opts.logger?.info('Redis reachable again');
    down = false;
  });
  return store;
}

/** An error that only says Redis is away (it comes back by itself): not a bug. */
export function isStoreOutage(error: unknown): boolean {
  const e = error as { name?: string; message?: string; code?: string } | undefined;
  return (
    e?.name === 'MaxRetriesPerRequestError' ||
    e?.code === 'ECONNREFUSED' ||
    e?.code === 'ECONNRESET' ||
    /^(Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request)/.test(e?.message ?? '')
  );
}
