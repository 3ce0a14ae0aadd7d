import { accessSync, constants, mkdirSync } from 'node:fs';
import type { HttpServer } from './http-server.js';
import type { Store } from './store/store.js';

/** A start-up failure caused by a setting: one line naming it, exit 2. */
export class StartError extends Error {
  override name = 'StartError';
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
