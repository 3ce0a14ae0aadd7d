import { Conversation } from '../handlers/conversation.js';
import { GuideError } from '../rules/index.js';
import { runConsole } from './channels/console.js';
import { ChatService } from './chat-service.js';
import { channelsEnabled, ConfigError, loadConfig, secretValues } from './config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from './guide-file.js';
import { DeliveryWorker } from './delivery/worker.js';
import { ReminderScheduler } from './delivery/reminders.js';
import { HttpServer } from './http-server.js';
import { StaffService } from './staff-service.js';
import { noteGuideSwitch } from './guide-switch.js';
import { RosterService } from './roster/roster-service.js';
import { createLogger } from './log.js';
import type { ChannelHandle } from './channels/channel.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { startStaffConsole } from './web/start.js';

/** Wires config, store, guide and channels together. No logic of its own. */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const guidePath = config.guideFile ?? BUNDLED_GUIDE;
  const guide = loadGuideFile(guidePath);
  const conversation = new Conversation(guide, loadGuideSearch(guide, guidePath));
  const store = await openSqliteStore(config.dataDir);
  await noteGuideSwitch(store, guide, Date.now());
  const staff = new StaffService(store, guide, Date.now);
  const roster = new RosterService(store, { publicUrl: config.publicUrl, clock: Date.now });
  const service = new ChatService(store, conversation, { clock: Date.now, logger, staff, roster });
  const channels = channelsEnabled(config);

  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      for (const stop of stops) await stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
      await service.drain();
      await store.close();
    })());

  const portSet = Boolean(process.env.PORT?.trim());
  if (channels.console) {
    // With PORT set, the staff console runs beside the terminal chat.
    if (portSet) stops.push(await startStaffConsole({ config, store, guide, staff, logger, listen: true }));
    process.on('SIGINT', () => process.stdin.destroy());
    // The reader went away (e.g. piped into `head`): stop reading; what was said is saved.
    process.stdout.on('error', () => process.stdin.destroy());
    await runConsole(service, { input: process.stdin, output: process.stdout, dataDir: config.dataDir, greet: true });
    await shutdown();
    return 0;
  }
  const http = new HttpServer(logger);
  let wake = () => {};
  await startStaffConsole({ config, store, guide, staff, logger, http, onQueued: () => wake(), printLink: portSet });
  const deps = { config, service, conversation, store, logger, http, clock: Date.now };
  const handles: ChannelHandle[] = [];
  stops.push(async () => {
    http.setReady(false);
    for (const handle of handles) await handle.stop();
    await http.close();
  });
  try {
    if (channels.telegram) handles.push(await (await import('./channels/telegram.js')).startTelegram(deps));
    if (channels.lark) handles.push(await (await import('./channels/lark.js')).startLark(deps));
  } catch (error) {
    // One channel failed to start: stop the ones already running, so the process can exit.
    await shutdown();
    throw error;
  }
  const senders = Object.fromEntries(handles.flatMap((h) => (h.sender ? [[h.sender.channel, h.sender]] : [])));
  const worker = new DeliveryWorker({ store, senders, service, logger });
  const reminders = new ReminderScheduler({
    store,
    guide,
    policy: { offsetsDays: config.reminderOffsetsDays, time: config.reminderTime },
    clock: Date.now,
    logger,
    onQueued: () => void worker.tick(),
  });
  stops.unshift(async () => {
    await reminders.stop();
    await worker.stop();
  });
  wake = () => void worker.tick();
  worker.start();
  reminders.start();
  const port = await http.listen(config.port);
  http.setReady(true, () => handles.every((h) => h.healthy?.() ?? true));
  logger.info({ port, telegram: channels.telegram, lark: channels.lark }, 'shenbao started');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  await shutdown();
  return 0;
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
