import type { Logger } from 'pino';
import { ConfigError, type Config, secretValues } from '../config.js';
import { LISTED_PREFIXES } from '../intake/intake.js';
import { openDataDir } from '../startup.js';
import { openRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { checkStoreMarker, type StoreMarker } from './store-marker.js';

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
/** A Redis reply saying the credentials in REDIS_URL are wrong (or missing): a setting, not an outage. */
const AUTH_FAILURE = /^(WRONGPASS|NOAUTH|NOPERM|ERR AUTH|ERR invalid password|ERR Client sent AUTH)/;

export async function openStore(
  config: Config,
  opts: { logger?: Pick<Logger, 'warn' | 'info' | 'error'>; marker?: (marker: StoreMarker) => void } = {},
): Promise<Store> {
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
  let lastError: Error | undefined;
  try {
    store = await openRedisStore(config.redis.url, {
      prefix: config.redis.prefix,
      onError: (error) => {
        lastError = error;
        onError(error);
      },
      indexed: LISTED_PREFIXES,
    });
    await store.probe();
  } catch (error) {
    await store?.close();
    const first = (e: unknown) => hide(((e as Error | undefined)?.message ?? '').split('\n')[0]!.slice(0, 200));
    // A wrong password is a bad setting: exit 2, like every other one, not restarted forever.
    const auth = [error, lastError].find((e) => AUTH_FAILURE.test((e as Error | undefined)?.message ?? ''));
    if (auth) throw new ConfigError(`REDIS_URL 的用户名或密码不对：${first(auth)} / REDIS_URL: wrong user name or password`, 'REDIS_URL');
    throw new StoreUnreachable(`REDIS_URL 指向的 Redis 无法连接：${first(error)} / cannot reach the Redis at REDIS_URL`);
  }
  const opened = store;
  if (opts.marker) {
    try {
      const marker = await checkStoreMarker(opened.client, {
        prefix: config.redis.prefix,
        dataDir: config.dataDir,
        acceptEmpty: config.redis.acceptEmpty ?? false,
        ...(opts.logger && { logger: opts.logger }),
      });
      opts.marker(marker);
      opened.client.on('ready', () => void marker.check().catch(() => undefined));
    } catch (error) {
      await opened.close();
      throw error;
    }
  }
  opened.client.on('ready', () => {
    if (down) opts.logger?.info('Redis reachable again');
    down = false;
  });
  return opened;
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
