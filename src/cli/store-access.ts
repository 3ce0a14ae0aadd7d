import { type Config, ConfigError, loadConfig } from '../config.js';
import { StartError } from '../startup.js';
import { openStore, StoreUnreachable } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { UsageError, type CliIO } from './args.js';

/** Opens the store the bot uses (REDIS_URL, else DATA_DIR) for one command, and closes it afterwards. */
export async function withStore(io: CliIO, work: (store: Store) => Promise<number>): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
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
