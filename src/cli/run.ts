import { MAX_INPUT_BYTES, readCapped, TooBig, withoutFileEcho } from './read-capped.js';
import { parseArgs } from 'node:util';
import {
  check,
  evidenceFor,
  GuideError,
  isCalendarDate,
  listDeadlines,
  parseProfile,
  projectIdSchema,
  type Guide,
  type Profile,
  type ProjectId,
} from '../../rules/index.js';
import { renderCheck, renderDeadlines, renderEvidence } from '../../handlers/render.js';
import { loadGuideFile } from '../guide-file.js';
import { extraCommands } from './extra.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** Bad input from the user: exit 2 with this one line. */
export class UsageError extends Error {}

export const USAGE = `用法：npm run -s cli -- <命令> [选项]
  check PROFILE.json          检查20个子项目的申报资格与限项冲突（PROFILE 为 - 时读标准输入）
  deadlines [--project ID] [--now ISO-8601] [--event-date YYYY-MM-DD]
  evidence ID                 申报与结题材料清单
  ask "问题" [--profile PROFILE.json]  用中文提问，如 "标准制定什么时候截止"
${'  '}通用选项：--json 输出 JSON；--guide PATH 使用其他年度的指南数据文件`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    const extra = extraCommands[command];
    if (extra) return await extra(rest, io);
    const handler = commands[command];
    if (!handler) throw new UsageError(`未知命令 "${command}"。可用命令：check、deadlines、evidence、ask`);
    return await handler(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof GuideError) {
      io.stderr(`错误：${error instanceof GuideError && /有误：\(根\)/.test(error.message) ? withoutFileEcho(error.message) : error.message}\n`);
      return 2;
    }
    io.stderr(`内部错误：${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}

type Command = (args: string[], io: CliIO) => Promise<number>;

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

export function guideFrom(path: string | undefined): Guide {
  if (path !== undefined) {
    try {
      readCapped(path);
    } catch (error) {
      if (error instanceof TooBig) throw new UsageError(`指南数据文件 ${path} 过大（超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB）`);
    }
  }
  return loadGuideFile(path);
}

function projectArg(value: string | undefined, what: string): ProjectId {
  if (!value) throw new UsageError(`缺少${what}（项目编号，如 standard）`);
  const parsed = projectIdSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what} "${value}" 不是已知的项目编号`);
  return parsed.data;
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
    raw = JSON.parse(text);
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

function print(io: CliIO, json: boolean | undefined, data: unknown, text: () => string) {
  io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

const commands: Record<string, Command> = {
  async check(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length > 1) throw new UsageError(`多余的参数：${positionals.slice(1).join(' ')}`);
    const guide = guideFrom(values.guide);
    const profile = await readProfile(positionals[0], io);
    const result = check(guide, profile);
    print(io, values.json, result, () => renderCheck(guide, result, profile));
    return 0;
  },
  async deadlines(args, io) {
    const { values, positionals } = parse(args, { project: { type: 'string' }, now: { type: 'string' }, 'event-date': { type: 'string' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const guide = guideFrom(values.guide);
    const project = values.project === undefined ? undefined : projectArg(values.project, '--project');
    const nowMs = parseNow(values.now);
    const eventDate = values['event-date'];
    if (eventDate !== undefined && !isCalendarDate(eventDate)) {
      throw new UsageError(`--event-date 须为 YYYY-MM-DD 格式的日期："${eventDate}"`);
    }
    const list = listDeadlines(guide, { nowMs, ...(project && { project }), ...(eventDate && { eventDate }) });
    print(io, values.json, list, () => renderDeadlines(guide, list, nowMs, { showProjects: !project }));
    return 0;
  },
  async evidence(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length > 1) throw new UsageError(`多余的参数：${positionals.slice(1).join(' ')}`);
    const guide = guideFrom(values.guide);
    const ev = evidenceFor(guide, projectArg(positionals[0], '项目编号'));
    const { items: _items, ...json } = ev;
    print(io, values.json, json, () => renderEvidence(guide, ev));
    return 0;
  },
};
