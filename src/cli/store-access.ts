import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { StartError } from '../startup.js';
import { createMemoryStore } from '../store/memory-store.js';
import { openStore, StoreUnreachable } from '../store/open-store.js';
import { SQLITE_FILE } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { UsageError, type CliIO } from './args.js';

/** No REDIS_URL, and no SQLite file in DATA_DIR yet. */
const noStoreIn = (config: Config) => !config.redis && !existsSync(join(config.dataDir, SQLITE_FILE));

/**
 * The bot's settings for a CLI command; a bad one is a usage error (one line, exit 2). When
 * DATA_DIR holds no store (a wrong DATA_DIR, or the service's env file not given), it says so on
 * stderr: the answers would otherwise quietly be about an empty store (`warnNoStore: false` for a
 * command that reports a missing store itself).
 */
export function cliConfig(io: CliIO, opts: { warnNoStore?: boolean } = {}): Config {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if ((opts.warnNoStore ?? true) && noStoreIn(config)) {
    io.stderr(
      `提醒：DATA_DIR（${config.dataDir}）中没有数据库（${SQLITE_FILE}）。机器人的数据若在别处，请设置 DATA_DIR 或用 --env-file FILE 指明 / ` +
        `Warning: DATA_DIR (${config.dataDir}) holds no store; set DATA_DIR or pass --env-file FILE if the bot's data is elsewhere\n`,
    );
  }
  return config;
}

/**
 * Opens the store `config` names (REDIS_URL, else DATA_DIR) for one piece of work, and closes it
 * afterwards. `readOnly`: a DATA_DIR with no store is not created (nothing to read there; the
 * work sees an empty store in memory).
 */
export async function withConfiguredStore<T>(config: Config, work: (store: Store) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
  let store: Store;
  try {
    store = opts.readOnly && noStoreIn(config) ? createMemoryStore() : await openStore(config);
  } catch (error) {
    if (error instanceof StartError || error instanceof StoreUnreachable) throw new UsageError(error.message);
    throw error;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Opens the store the bot uses for one command, and closes it afterwards. */
export function withStore(io: CliIO, work: (store: Store) => Promise<number>, opts: { readOnly?: boolean } = {}): Promise<number> {
  return withConfiguredStore(cliConfig(io), work, opts);
}

/** withStore for a command that only reads: a DATA_DIR with no store is not created. */
export const readingStore = (io: CliIO, work: (store: Store) => Promise<number>) => withStore(io, work, { readOnly: true });

/** withConfiguredStore for a command that only reads. */
export const readingConfiguredStore = <T>(config: Config, work: (store: Store) => Promise<T>) => withConfiguredStore(config, work, { readOnly: true });
