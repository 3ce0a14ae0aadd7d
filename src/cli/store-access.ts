import { type Config, ConfigError, loadConfig } from '../config.js';
import { StartError } from '../startup.js';
import { openStore, StoreUnreachable } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { UsageError, type CliIO } from './args.js';

/** The bot's settings for a CLI command; a bad one is a usage error (one line, exit 2). */
export function cliConfig(io: CliIO): Config {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Opens the store `config` names (REDIS_URL, else DATA_DIR) for one piece of work, and closes it afterwards. */
export async function withConfiguredStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  try {
    store = await openStore(config);
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
export function withStore(io: CliIO, work: (store: Store) => Promise<number>): Promise<number> {
  return withConfiguredStore(cliConfig(io), work);
}
