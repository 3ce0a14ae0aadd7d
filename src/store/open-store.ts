import type { Logger } from 'pino';
import { type Config, secretValues } from '../config.js';
import { openDataDir, StartError } from '../startup.js';
import { openRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * The store the bot, the CLI and the staff console use: Redis when REDIS_URL is set, else the
 * SQLite file in DATA_DIR. A store that cannot be opened is a StartError (one line, no secret).
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
    store = await openRedisStore(config.redis.url, { prefix: config.redis.prefix, onError });
    await store.probe();
  } catch (error) {
    await store?.close();
    const why = hide((error as Error).message.split('\n')[0]!.slice(0, 200));
    throw new StartError(`配置错误：REDIS_URL 无法连接：${why} / Config error: cannot reach the Redis at REDIS_URL`);
  }
  store.client.on('ready', () => {
    if (down) opts.logger?.info('Redis reachable again');
    down = false;
  });
  return store;
}
