import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE } from './sqlite-store.js';

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  /** Stored keys in the copy (checked by reading it back). */
  keys: number;
}

/**
 * A consistent copy of the SQLite store while the bot keeps running: SQLite's online backup API
 * (better-sqlite3 `db.backup`) copies pages inside read transactions and starts over if another
 * connection wrote in between, so the copy is one moment of the database, WAL included. Written beside the target and
 * renamed into place, then opened and checked (`PRAGMA integrity_check`).
 */
export async function backupSqliteStore(dataDir: string, out: string): Promise<BackupResult> {
  const source = path.join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new BackupError(`找不到数据库文件 ${source}（DATA_DIR 是否正确？）`);
  const target = path.resolve(out);
  if (!existsSync(path.dirname(target))) throw new BackupError(`--out 的目录不存在：${path.dirname(target)}`);
  if (target === path.resolve(source)) throw new BackupError('--out 不能是数据库文件本身');
  const tmp = `${target}.${process.pid}.tmp`;
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // After the first step, the rest in one step: a step is one read transaction (WAL: writers go
    // on), so a busy bot cannot make the copy restart again and again.
    await db.backup(tmp, { progress: ({ totalPages }) => totalPages + 1000 });
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new BackupError(`备份失败：${(error as Error).message}`);
  } finally {
    db.close();
  }
  const copy = new Database(tmp, { readonly: true });
  let keys: number;
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`备份文件未通过完整性检查：${String(check)}`);
    keys = (copy.prepare('SELECT count(*) AS n FROM kv').get() as { n: number }).n;
  } catch (error) {
    copy.close();
    rmSync(tmp, { force: true });
    throw error instanceof BackupError ? error : new BackupError(`备份文件无法读取：${(error as Error).message}`);
  }
  copy.close();
  renameSync(tmp, target);
  return { file: target, bytes: statSync(target).size, keys };
}
