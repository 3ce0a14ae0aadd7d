import { join } from 'node:path';
import { pino } from 'pino';
import { Conversation } from '../handlers/conversation.js';
import { GuideError } from '../rules/index.js';
import { runConsole } from './channels/console.js';
import { ChatService } from './chat-service.js';
import { channelsEnabled, ConfigError, loadConfig, secretValues } from './config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from './guide-file.js';
import { prepareDelivery } from './delivery/start.js';
import { HttpServer } from './http-server.js';
import { StaffService } from './staff-service.js';
import { noteGuideSwitch } from './guide-switch.js';
import { RosterService } from './roster/roster-service.js';
import { createLogger } from './log.js';
import type { ChannelHandle } from './channels/channel.js';
import { isStoreOutage, openStore } from './store/open-store.js';
import { StoreEmptied, type StoreMarker } from './store/store-marker.js';
import { startStaffConsole } from './web/start.js';
import { Intake } from './intake/intake.js';
import { withoutFileEcho } from './cli/read-capped.js';
import { chinaTime, inputEndsEmpty, listenOrExplain, NOTHING_TO_DO, StartError, startClock } from './startup.js';
import { collectProcessMetrics, countingStoreErrors, metricsRoute, watchQueues } from './metrics.js';
import { countingSends } from './delivery/count-sends.js';
import { mergeChatProfiles } from './society-profile-store.js';

/** SIGTERM: everything stops within this, whatever the platforms do. */
const STOP_DEADLINE_MS = 9_000;

/** Wires config, store, guide and channels together. No logic of its own. */
async function main(): Promise<number> {
  const config = loadConfig();
  // The console chat owns the terminal: its logs go to a file in DATA_DIR, not between the messages.
  const consoleOnly = channelsEnabled(config).console;
  // Headless with no channel (systemd, Docker): say what is missing and exit 2, not a silent exit 0.
  if (consoleOnly && (await inputEndsEmpty(process.stdin))) throw new StartError(NOTHING_TO_DO);
  // --now (console only): the chat as it was at that moment, e.g. during the bundled guide's round.
  const { clock, from } = startClock(process.argv.slice(2), consoleOnly);
  const logger = createLogger(
    { level: config.logLevel, secrets: secretValues(config) },
    consoleOnly ? pino.destination({ dest: join(config.dataDir, 'shenbao.log'), sync: true, mkdir: true }) : undefined,
  );
  const guidePath = config.guideFile ?? BUNDLED_GUIDE;
  const guide = loadGuideFile(guidePath);
  const conversation = new Conversation(guide, loadGuideSearch(guide, guidePath));
  // With Redis: a marker tells an emptied Redis from a new one (at start, and on every reconnect).
  let marker: StoreMarker | undefined;
  const store = countingStoreErrors(await openStore(config, { logger, marker: (m) => (marker = m) }));
  // A timer's store call that fails while Redis is away must not end the process (webhooks answer
  // 503 meanwhile, and the work resumes at its next tick); any other unhandled rejection still does.
  process.on('unhandledRejection', (error) => {
    if (!isStoreOutage(error)) throw error;
    logger.warn({ err: error }, 'store unavailable; will try again');
  });
  await noteGuideSwitch(store, guide, clock());
  // Profiles kept per chat before a roster society's chats shared one: merged once, disagreements kept to be asked.
  const merged = await mergeChatProfiles(store, clock());
  if (merged.chats) logger.info(merged, 'chat profiles merged into their societies');
  const staff = new StaffService(store, guide, clock);
  const roster = new RosterService(store, { publicUrl: config.publicUrl, clock });
  const service = new ChatService(store, conversation, { clock, logger, staff, roster });
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
    const title = `${guide.year}年度指南${from === undefined ? '' : `，时间从 ${chinaTime(from)} 起`}`;
    await runConsole(service, { input: process.stdin, output: process.stdout, dataDir: config.dataDir, greet: true, title });
    await shutdown();
    return 0;
  }
  // Signals first: a SIGTERM while a platform does not answer at start still stops the process.
  const stop = new AbortController();
  const signalled = new Promise<void>((resolve) => {
    const on = () => {
      stop.abort();
      resolve();
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
  // Listening first: a port in use fails at once, and /healthz answers (not ready) during start-up.
  const http = new HttpServer(logger);
  http.setProbe(async () => {
    if (marker?.lost) throw new Error(`${marker.lost}; data may be lost, see the log`);
    await store.probe();
  }, config.redis && 'redis');
  // GET /metrics: Prometheus text format, no personal data (src/metrics.ts).
  collectProcessMetrics();
  http.route('GET', '/metrics', metricsRoute);
  let wake = () => {};
  await startStaffConsole({ config, store, guide, staff, logger, http, onQueued: () => wake(), printLink: portSet });
  const port = await listenOrExplain(http, config.port);
  const intake = new Intake({ store, logger, retryForMs: config.deliveryRetryMs });
  const delivery = await prepareDelivery({ config, store, guide, service, logger });
  const enabled = (['telegram', 'lark'] as const).filter((c) => channels[c]);
  watchQueues({
    store,
    channels: [...enabled],
    ...(delivery.bullQueue && { bullQueue: delivery.bullQueue }),
    // Counted in shenbao_store_errors_total already; at debug, so an outage does not log at every scrape.
    onError: (err) => logger.debug({ err }, 'metrics: a queue could not be read'),
  });
  const deps = { config, service, conversation, store, logger, http, clock: Date.now, intake, signal: stop.signal, limits: delivery.limits };
  const handles: ChannelHandle[] = [];
  stops.push(async () => {
    http.setReady(false);
    for (const handle of handles) await handle.stop();
    await intake.stop();
    await http.close();
    await delivery.close();
  });
  // A hard deadline for everything after a signal.
  void signalled.then(() => {
    setTimeout(() => {
      logger.warn({ deadlineMs: STOP_DEADLINE_MS }, 'shutdown took too long; exiting now (open events resume at the next start)');
      process.exit(process.exitCode ?? 0);
    }, STOP_DEADLINE_MS).unref();
  });
  try {
    if (channels.telegram) {
      http.setWaiting('telegram');
      handles.push(await (await import('./channels/telegram.js')).startTelegram(deps));
    }
    if (channels.lark) {
      http.setWaiting('lark');
      handles.push(await (await import('./channels/lark.js')).startLark(deps));
    }
  } catch (error) {
    // One channel failed to start: stop the ones already running, so the process can exit.
    await shutdown();
    if (stop.signal.aborted) {
      logger.info('stopped during start-up');
      return 0;
    }
    throw error;
  }
  const senders = Object.fromEntries(handles.flatMap((h) => (h.sender ? [[h.sender.channel, countingSends(h.sender)]] : [])));
  stops.unshift(() => delivery.stop());
  wake = () => delivery.wake();
  delivery.start(senders);
  http.setReady(true, () => handles.every((h) => h.healthy?.() ?? true));
  logger.info({ port, telegram: channels.telegram, lark: channels.lark }, 'shenbao started');

  await signalled;
  logger.info('shutting down');
  await shutdown();
  logger.info('stopped');
  // Everything is stored; a platform call still hanging must not keep the process alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof GuideError || error instanceof StartError || error instanceof StoreEmptied) {
    process.stderr.write(`${error instanceof GuideError && /有误：\(根\)/.test(error.message) ? withoutFileEcho(error.message) : error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`启动失败：${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
