import { accessSync, constants, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseNow, UsageError } from './cli/args.js';
import type { HttpServer } from './http-server.js';
import type { Store } from './store/store.js';

/** A start-up failure caused by a setting: one line naming it, exit 2. */
export class StartError extends Error {
  override name = 'StartError';
}

/**
 * `npm start -- --now 2022-05-10T09:30`: the console chat runs on a clock that starts at that
 * moment (China time unless an offset is given) and goes on from there, so the bundled guide's
 * round can be seen as it was. Only for the console: a channel's deadlines and reminders follow
 * the real clock.
 */
export function startClock(argv: string[], consoleOnly: boolean): { clock: () => number; from?: number } {
  let now: string | undefined;
  try {
    ({ now } = parseArgs({ args: argv, options: { now: { type: 'string' } }, strict: true, allowPositionals: false }).values);
  } catch (error) {
    throw new StartError(`启动参数有误：${(error as Error).message.split('\n')[0]}（只接受 --now 时间）/ Bad argument: only --now ISO-8601 is accepted`);
  }
  if (now === undefined) return { clock: Date.now };
  if (!consoleOnly) {
    throw new StartError(
      '配置错误：--now 只用于终端对话；已配置渠道时机器人按真实时间运行 / Config error: --now is for the console chat only (a channel is configured)',
    );
  }
  let from: number;
  try {
    from = parseNow(now);
  } catch (error) {
    if (error instanceof UsageError) throw new StartError(`配置错误：${error.message}`);
    throw error;
  }
  const offset = from - Date.now();
  return { clock: () => Date.now() + offset, from };
}

/** "2022-05-10 09:30" in China time (UTC+8, no daylight saving). */
export const chinaTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** No channel, and nobody to talk to on standard input (systemd, Docker): what to set. */
export const NOTHING_TO_DO =
  '配置错误：没有配置任何渠道，标准输入也不是终端且没有内容：请设置 TELEGRAM_BOT_TOKEN（Telegram），或 LARK_APP_ID 和 LARK_APP_SECRET（飞书/Lark）；' +
  '要在终端里对话，请在终端中运行 npm start / Config error: no channel is configured and standard input is not a terminal and is empty: ' +
  'set TELEGRAM_BOT_TOKEN (Telegram), or LARK_APP_ID and LARK_APP_SECRET (Feishu/Lark)';

/**
 * true when `input` is not a terminal and ends before a byte arrives (within `waitMs`): /dev/null
 * under systemd or Docker, or an empty pipe. Whatever it read is put back, so a piped script or a
 * program that writes later (a pipe still open after `waitMs`) gets the console chat as before.
 */
export function inputEndsEmpty(input: NodeJS.ReadStream, waitMs = 300): Promise<boolean> {
  if (input.isTTY) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (empty: boolean) => {
      clearTimeout(timer);
      input.off('readable', onReadable);
      input.off('end', onEnd);
      input.off('error', onError);
      resolve(empty);
    };
    const onReadable = () => {
      const chunk: unknown = input.read();
      // null: the end of input ('end' follows).
      if (chunk !== null) {
        input.unshift(chunk as Buffer);
        finish(false);
      }
    };
    const onEnd = () => finish(true);
    // Unreadable input (a closed descriptor): the console chat ends at once as before.
    const onError = () => finish(false);
    const timer = setTimeout(() => finish(false), waitMs);
    input.on('readable', onReadable);
    input.once('end', onEnd);
    input.once('error', onError);
  });
}

/** Creates DATA_DIR if needed, checks it is writable, and opens the store in it. */
export async function openDataDir(dir: string, open: (dir: string) => Promise<Store>): Promise<Store> {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw new StartError(`配置错误：DATA_DIR（${dir}）无法创建或写入：${reason(error)} / Config error: DATA_DIR (${dir}) cannot be created or written`);
  }
  try {
    const store = await open(dir);
    await store.probe();
    return store;
  } catch (error) {
    throw new StartError(`配置错误：DATA_DIR（${dir}）中的数据库无法打开：${reason(error)} / Config error: the store in DATA_DIR (${dir}) cannot be opened`);
  }
}

/** Listens on PORT; a port in use or refused is one line naming PORT. */
export async function listenOrExplain(http: HttpServer, port: number): Promise<number> {
  try {
    return await http.listen(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE' ? '端口已被占用 / the port is in use' : code === 'EACCES' ? '没有权限监听该端口 / no permission to listen on it' : reason(error);
    throw new StartError(`配置错误：PORT=${port} 无法监听：${why} / Config error: cannot listen on PORT=${port}`);
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const codes: Record<string, string> = {
    EACCES: '没有权限 / permission denied',
    EROFS: '只读文件系统 / read-only file system',
    ENOTDIR: '路径中有一部分不是目录 / a part of the path is not a directory',
    EEXIST: '已存在同名文件 / a file of that name exists',
    ENOSPC: '磁盘已满 / disk full',
  };
  return (e.code && codes[e.code]) || e.message.split('\n')[0]!.slice(0, 200);
}
