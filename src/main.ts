import { Conversation } from '../handlers/conversation.js';
import { GuideError } from '../rules/index.js';
import { runConsole } from './channels/console.js';
import { ChatService } from './chat-service.js';
import { channelsEnabled, ConfigError, loadConfig, secretValues } from './config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from './guide-file.js';
import { createLogger } from './log.js';
import { openSqliteStore } from './store/sqlite-store.js';

/** Wires config, store, guide and channels together. No logic of its own. */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const guidePath = process.env.GUIDE_FILE || BUNDLED_GUIDE;
  const guide = loadGuideFile(guidePath);
  const conversation = new Conversation(guide, loadGuideSearch(guide, guidePath));
  const store = await openSqliteStore(config.dataDir);
  const service = new ChatService(store, conversation, { clock: Date.now, logger });
  const channels = channelsEnabled(config);

  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      for (const stop of stops) await stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
      await service.drain();
      await store.close();
    })());

  if (channels.console) {
    process.on('SIGINT', () => process.stdin.destroy());
    await runConsole(service, { input: process.stdin, output: process.stdout, dataDir: config.dataDir, greet: true });
    await shutdown();
    return 0;
  }
  logger.error('Telegram/Lark channels are not wired yet');
  await shutdown();
  return 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof GuideError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`启动失败：${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
