import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Redis restarted without its data (no AOF, or a new server) looks like a healthy, empty store:
 * replies acknowledged but not sent, and profiles, are simply gone. A marker written at the first
 * start tells the two apart: it lives in Redis and, remembered, in DATA_DIR. Checked at every
 * start and on every reconnect.
 */
export class StoreEmptied extends Error {
  override name = 'StoreEmptied';
}

const FILE = 'redis-store-marker.json';

function readLocal(dataDir: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeLocal(dataDir: string, prefix: string, id: string, logger?: Pick<Logger, 'warn'>): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    const all = { ...readLocal(dataDir), [prefix]: id };
    const tmp = join(dataDir, `${FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, `${JSON.stringify(all)}\n`);
    renameSync(tmp, join(dataDir, FILE));
  } catch (error) {
    // Without DATA_DIR the loss is still seen on a reconnect; only a restart onto an emptied Redis is not.
    logger?.warn({ error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, 'cannot remember the Redis store marker in DATA_DIR');
  }
}

export interface StoreMarker {
  /** Set once Redis was found without its marker while running: its data were lost. */
  readonly lost: string | undefined;
  /** Checks the marker again (on reconnect). */
  check(): Promise<void>;
}

/**
 * At start: the marker in Redis, compared with the one remembered in DATA_DIR. Redis without it
 * while DATA_DIR remembers one means Redis lost its data: StoreEmptied (exit 2), unless
 * `acceptEmpty` (REDIS_ACCEPT_EMPTY=1), which starts afresh with a loud log line.
 */
export async function checkStoreMarker(
  client: Redis,
  opts: { prefix: string; dataDir: string; acceptEmpty: boolean; logger?: Pick<Logger, 'warn' | 'error' | 'info'> },
): Promise<StoreMarker> {
  const key = `${opts.prefix}store-marker`;
  const remembered = readLocal(opts.dataDir)[opts.prefix];
  let id = await client.get(key);
  if (!id) {
    if (remembered && !opts.acceptEmpty)
      throw new StoreEmptied(
        `REDIS_URL 指向的 Redis 丢失了数据（缺少本部署的存储标记，DATA_DIR 记得它）：已确认的消息和学会资料可能已丢失。请从备份恢复 Redis；确认要从空库开始时设置 REDIS_ACCEPT_EMPTY=1 / the Redis at REDIS_URL lost its data (its store marker is gone); restore it, or set REDIS_ACCEPT_EMPTY=1 to start on an empty store`,
      );
    if (remembered)
      opts.logger?.error({ prefix: opts.prefix }, 'Redis lost its data (store marker missing); starting on an empty store as REDIS_ACCEPT_EMPTY allows');
    await client.set(key, `m-${randomUUID()}`, 'NX');
    id = (await client.get(key))!;
  } else if (remembered && remembered !== id) {
    opts.logger?.warn({ prefix: opts.prefix }, 'the Redis store marker differs from the one DATA_DIR remembers (another Redis, or one restored): using it');
  }
  writeLocal(opts.dataDir, opts.prefix, id, opts.logger);
  const marker = {
    lost: undefined as string | undefined,
    async check() {
      const now = await client.get(key);
      if (now === id || marker.lost) return;
      marker.lost = now ? 'Redis holds another store marker' : 'Redis restarted without its data (store marker missing)';
      opts.logger?.error(
        { prefix: opts.prefix },
        `${marker.lost}: acknowledged messages not yet answered and stored profiles may be lost; restore Redis from its backup or AOF, then restart the bot`,
      );
    },
  };
  return marker;
}
