import { MAX_INPUT_BYTES, NotAFile, readCapped, TooBig } from './read-capped.js';
import { readFileSync } from 'node:fs';
import { parseArgs, parseEnv } from 'node:util';
import { isCalendarDate, parseProfile, type Guide, type Profile } from '../../rules/index.js';
import { loadGuideFile } from '../guide-file.js';

/** What every CLI command shares: its I/O, the usage error, option parsing and the common arguments. */

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** Bad input from the user: exit 2 with this one line. */
export class UsageError extends Error {}

export type Command = (args: string[], io: CliIO) => Promise<number>;

const common = { json: { type: 'boolean' }, guide: { type: 'string' } } as const;

export function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const option = /'(-[^']*)'/.exec(message)?.[1];
    if (/Unknown option/i.test(message)) throw new UsageError(`未知选项 ${option ?? ''}。用 --help 查看用法`);
    if (/argument missing/i.test(message)) throw new UsageError(`选项 ${option ?? ''} 缺少取值`);
    throw new UsageError(`参数有误：${message.split('\n')[0]}`);
  }
}

/** The variables of an environment file (KEY=value lines, as systemd's EnvironmentFile and .env). */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`无法读取 --env-file ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseEnv(text) as Record<string, string>;
}

export function guideFrom(path: string | undefined): Guide {
  if (path !== undefined) {
    try {
      readCapped(path);
    } catch (error) {
      if (error instanceof TooBig) throw new UsageError(`指南数据文件 ${path} 过大（超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB）`);
      if (error instanceof NotAFile) throw new UsageError(`指南数据文件 ${path}：${error.message}`);
    }
  }
  return loadGuideFile(path);
}

/** --now accepts a date or date-time in ISO 8601; without an offset it is China time. */
export function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m || !isCalendarDate(m[1]!)) throw new UsageError(`--now 不是有效的 ISO 8601 时间："${value}"（例：2022-05-10T09:00:00+08:00）`);
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? '+08:00'}`);
  if (Number.isNaN(ms)) throw new UsageError(`--now 不是有效的 ISO 8601 时间："${value}"`);
  return ms;
}

export async function readProfile(path: string | undefined, io: CliIO): Promise<Profile> {
  if (!path) throw new UsageError('缺少档案文件：check PROFILE.json');
  let text: string;
  try {
    text = path === '-' ? await io.readStdin() : readCapped(path);
  } catch (error) {
    if (error instanceof TooBig) throw new UsageError(`档案文件 ${path} 过大（超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB），不是档案`);
    throw new UsageError(`无法读取档案文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let raw: unknown;
  try {
    // Windows Notepad saves UTF-8 with a BOM, which JSON.parse refuses; it is not part of the data.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`档案文件 ${path} 不是有效的 JSON：${(error as Error).message.replace(/\s+/g, ' ').trim()}`);
  }
  let parsed: ReturnType<typeof parseProfile>;
  try {
    parsed = parseProfile(raw);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`档案文件 ${path} 嵌套过深，不是档案`);
    throw error;
  }
  if (!parsed.ok) throw new UsageError(`档案字段有误：${parsed.message}`);
  return parsed.value;
}
