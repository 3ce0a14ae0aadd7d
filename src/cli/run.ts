import { answerQuestion } from '../../handlers/ask.js';
import { Conversation } from '../../handlers/conversation.js';
import { newState } from '../../handlers/state.js';
import { normaliseText } from '../../handlers/understanding/normalise.js';
import { projectMatcher } from '../../handlers/parse.js';
import { withoutFileEcho } from './read-capped.js';
import { renderCheck, renderDeadlines, renderEvidence } from '../../handlers/render.js';
import { check, evidenceFor, GuideError, isCalendarDate, listDeadlines, projectIdSchema, type ProjectId } from '../../rules/index.js';
import { BUNDLED_GUIDE, loadGuideSearch } from '../guide-file.js';
import { guideFrom, parse, parseNow, readEnvFile, readProfile, UsageError, type CliIO, type Command } from './args.js';
import { VERSION } from '../version.js';

/** The CLI: reads the command and runs it. The guide commands (check, deadlines, evidence, ask) live here. */

export { UsageError, type CliIO } from './args.js';

/** One line per command (test/cli/help.test.ts checks that every command is here). */
export const USAGE = `用法：npm run -s cli -- [--env-file FILE] <命令> [选项]

指南与规则（不读写数据）：
  check PROFILE.json                     20个子项目的申报资格与限项冲突（PROFILE 为 - 时读标准输入）
  deadlines [--project ID] [--now ISO-8601] [--event-date YYYY-MM-DD]  截止时间，及是否已过
  evidence ID                            申报与结题要交的材料
  ask "问题" [--profile PROFILE.json] [--now ISO-8601] [--lang zh|en] [--frame]  提问，如 "标准制定什么时候截止"（--frame：只看怎么读懂的）
  guide check FILE                       检查指南数据文件（结构、引文、要求文字、引用）
  guide diff OLD NEW                     两个指南数据文件的差别

工作人员（读写机器人的数据：DATA_DIR 中的 SQLite，设置了 REDIS_URL 时为 Redis）：
  guide impact OLD NEW                   换用新指南后，已登记学会中判定有变化的
  roster import FILE [--dry-run]         导入学会名单（CSV 或 XLSX）
  roster list                            学会、邀请码、Telegram 邀请链接、已接入的会话数
  roster export --out FILE.xlsx|.csv    导出每个学会的情况、打算申报的项目和各项目判定
  roster revoke NAME|CODE                停用学会的邀请码，换发新码
  staff-link [--user NAME]               工作人员控制台的一次性登录链接（10 分钟内有效）
  broadcast --audience A --text T [--dry-run] [--wait]  群发通知（由运行中的机器人发送）
  stats                                  统计：学会、会话、判定、材料清单，以及发送队列
  audit [--limit N]                      审计日志（最新在前）
  backup --out FILE                      在机器人运行时备份 DATA_DIR 中的 SQLite 数据库
  checklist --chat 渠道:ID|--society 学会名称 --out FILE.docx|FILE.xlsx  导出学会的申报材料清单（可打印）
  migrate --to redis                     把 DATA_DIR 中的 SQLite 数据复制到 REDIS_URL 的 Redis 并核对（先停机器人）

通用选项：
  --json                                 输出 JSON
  --guide PATH                           使用其他年度的指南数据文件
  --env-file FILE                        读取环境文件（如 /etc/shenbao/shenbao.env）；已设置的环境变量优先
  --help, --version                      本说明；版本号`;

/** The global `--env-file FILE` (or `--env-file=FILE`), anywhere in argv: taken out, and its variables read. */
function withEnvFile(argv: string[], io: CliIO): { argv: string[]; io: CliIO } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--env-file' || arg.startsWith('--env-file=')) {
      file = arg === '--env-file' ? argv[++i] : arg.slice('--env-file='.length);
      if (!file) throw new UsageError('选项 --env-file 缺少取值（环境文件的路径）');
      continue;
    }
    rest.push(arg);
  }
  if (file === undefined) return { argv, io };
  // Variables already in the environment win, as with `node --env-file` and the .env file.
  return { argv: rest, io: { ...io, env: { ...readEnvFile(file), ...io.env } } };
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    ({ argv, io } = withEnvFile(argv, io));
    const [command, ...rest] = argv;
    if (!command) {
      // Nothing asked: the help, on stderr (stdout is for answers), and a failure status.
      io.stderr(`缺少命令。\n${USAGE}\n`);
      return 2;
    }
    if (command === 'help' || command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    // The staff commands are loaded only when asked for: the store, keyv and SQLite would slow a cold `check`.
    const own = (table: Record<string, Command>) => (Object.hasOwn(table, command) ? table[command] : undefined);
    const handler = own(commands) ?? own((await import('./staff-commands.js')).staffCommands);
    if (!handler) throw new UsageError(`未知命令 "${command}"。用 --help 查看全部命令`);
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

function projectArg(value: string | undefined, what: string): ProjectId {
  if (!value) throw new UsageError(`缺少${what}（项目编号，如 standard）`);
  const parsed = projectIdSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what} "${value}" 不是已知的项目编号`);
  return parsed.data;
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
    // READING 13: an event after the completion day gets no date in the next year; say so on stderr too.
    for (const d of list) if (d.warning) io.stderr(`提醒：${d.warning}\n`);
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
  async ask(args, io) {
    const { values, positionals } = parse(args, { profile: { type: 'string' }, now: { type: 'string' }, lang: { type: 'string' }, frame: { type: 'boolean' } });
    const question = positionals.join(' ').trim();
    if (!question) throw new UsageError('缺少问题：ask "标准制定什么时候截止"');
    const lang: 'zh-CN' | 'en' | undefined =
      values.lang === undefined || /^(zh|zh-CN|cn)$/i.test(values.lang) ? 'zh-CN' : /^en$/i.test(values.lang) ? 'en' : undefined;
    if (!lang) throw new UsageError(`--lang "${values.lang}" 无效：可用 zh 或 en`);
    const guidePath = values.guide ?? BUNDLED_GUIDE;
    const guide = guideFrom(guidePath);
    const search = loadGuideSearch(guide, guidePath);
    const profile = values.profile === undefined ? undefined : await readProfile(values.profile, io);
    const nowMs = parseNow(values.now);
    // The same answer the bot would send: the question goes through the conversation's own route
    // (every part of it answered, a wrong premise named), for a chat that knows only --profile.
    const conversation = new Conversation(guide, search);
    const state = { ...newState(nowMs), lang, profile: profile ?? {} };
    const ctx = { guide, nowMs };
    if (values.frame) {
      io.stdout(`${JSON.stringify(conversation.read(question, state, ctx), null, 2)}\n`);
      return 0;
    }
    const out = await conversation.handle({ channel: 'console', chatId: 'cli', userId: 'cli', text: question }, state, ctx);
    const text = out.replies.map((r) => r.text).join('\n\n');
    // The intent and clauses of the (first) question asked, as before.
    const read = answerQuestion(normaliseText(question).text, {
      guide,
      matcher: projectMatcher(guide),
      nowMs,
      ...(profile && { profile }),
      ...(search && { search }),
      lang,
    });
    io.stdout(values.json ? `${JSON.stringify({ intent: read.intent, answer: text, clauses: read.clauses }, null, 2)}\n` : `${text}\n`);
    return 0;
  },
};
