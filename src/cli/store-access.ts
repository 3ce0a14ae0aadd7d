import { ConfigError, loadConfig } from '../config.js';
import { openDataDir, StartError } from '../startup.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { UsageError, type CliIO } from './args.js';

/** Opens the store the bot uses (DATA_DIR) for one command, and closes it afterwards. */
export async function withStore(io: CliIO, work: (store: Store) => Promise<number>): Promise<number> {
  let dataDir: string;
  try {
    dataDir = loadConfig(io.env).dataDir;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  let store: Store;
  try {
    store = await openDataDir(dataDir, openSqliteStore);
  } catch (error) {
    if (error instanceof StartError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
