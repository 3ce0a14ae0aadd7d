import type { Guide } from '../../rules/index.js';
import type { Config } from '../config.js';
import { HttpServer } from '../http-server.js';
import type { Logger } from '../log.js';
import { botUsername } from '../roster/bot-name.js';
import type { StaffService } from '../staff-service.js';
import type { Store } from '../store/store.js';
import { createSignInLink } from './auth.js';
import { mountStaffConsole } from './console.js';

/**
 * Mounts the staff console on the bot's HTTP server (or, beside the terminal chat, on one of its
 * own), and prints a local sign-in link when asked and stdout is a terminal (else how to get one). Returns how to stop what it started.
 */
export async function startStaffConsole(opts: {
  config: Config;
  store: Store;
  guide: Guide;
  staff: StaffService;
  logger: Logger;
  http?: HttpServer;
  listen?: boolean;
  printLink?: boolean;
  /** Where the link (a terminal) or the hint (a log) goes; stdout by default. */
  output?: { isTTY?: boolean; write(text: string): unknown };
  onQueued?: () => void;
}): Promise<() => Promise<void>> {
  const { config, store, logger } = opts;
  const http = opts.http ?? new HttpServer(logger);
  mountStaffConsole(http, {
    store,
    guide: opts.guide,
    publicUrl: config.publicUrl,
    clock: Date.now,
    staff: opts.staff,
    logger,
    reminders: { offsetsDays: config.reminderOffsetsDays, time: config.reminderTime },
    botUsername: () => botUsername(store, config),
    ...(opts.onQueued && { onQueued: opts.onQueued }),
  });
  if (opts.listen) {
    await http.listen(config.port);
    http.setReady(true);
  }
  if (opts.listen || opts.printLink) {
    // A live link goes to a terminal only: under systemd or Docker stdout is a log that others read,
    // and a link from it opens a staff session. Elsewhere, say how to get one.
    const out = opts.output ?? process.stdout;
    if (out.isTTY) {
      const link = await createSignInLink(store, config.publicUrl, 'local', Date.now());
      out.write(`工作人员控制台 ${config.publicUrl}/staff 的一次性登录链接（10分钟内有效）：\n${link}\n`);
    } else out.write(`工作人员控制台：${config.publicUrl}/staff 。登录链接请在服务器上运行 npm run -s cli -- staff-link 获取（或在对话中发送 /web）。\n`);
  }
  return async () => {
    if (opts.listen) await http.close();
  };
}
