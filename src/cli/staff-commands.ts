import { describeAudience, parseAudience } from '../../handlers/audience.js';
import { listAudit } from '../audit.js';
import { ConfigError, loadConfig } from '../config.js';
import { jobKey, type Job } from '../delivery/outbox.js';
import { StaffService } from '../staff-service.js';
import { backupSqliteStore, BackupError } from '../store/sqlite-backup.js';
import type { Store } from '../store/store.js';
import { guideFrom, parse, UsageError, type Command } from './args.js';
import { checklistCommand } from './checklist.js';
import { guideCommand } from './guide.js';
import { migrateCommand } from './migrate.js';
import { readingStore, withStore } from './store-access.js';
import { rosterCommands } from './roster.js';
import { chatNames } from '../roster/overview.js';

/** The staff commands: they work on the store the bot uses (DATA_DIR). */
export const staffCommands: Record<string, Command> = {
  guide: (args, io) => guideCommand(args, io),
  checklist: (args, io) => checklistCommand(args, io),
  migrate: (args, io) => migrateCommand(args, io),
  ...rosterCommands,

  async broadcast(args, io) {
    const { values, positionals } = parse(args, {
      audience: { type: 'string' },
      text: { type: 'string' },
      'dry-run': { type: 'boolean' },
      wait: { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const text = values.text?.trim();
    if (!text) throw new UsageError('缺少 --text "通知内容"');
    if (!values.audience)
      throw new UsageError('缺少 --audience（all、intended:ID、eligible:ID、unknown:ID、grade:A|B|C|D|none、incomplete、inactive30、changed、checklist:ID）');
    const audience = parseAudience(values.audience);
    if (!audience)
      throw new UsageError(
        `--audience "${values.audience}" 无效：可用 all、intended:ID、eligible:ID、unknown:ID、grade:A|B|C|D|none、incomplete、inactive30、changed、checklist:ID`,
      );
    const guide = guideFrom(values.guide);
    return withStore(io, async (store) => {
      const staff = new StaffService(store, guide, Date.now);
      const by = { channel: 'console' as const, userId: `cli:${io.env.USER ?? 'staff'}`, chatId: 'cli' };
      const result = await staff.broadcast({ text, audience, by, dryRun: !!values['dry-run'] });
      const dry = !!values['dry-run'];
      // An audience is a set of societies: how many, how many chats of theirs, and on a dry run who exactly.
      const summary = {
        audience: values.audience,
        description: describeAudience(guide, audience),
        societies: result.recipients,
        chats: result.chats,
        recipients: dry ? result.list : result.recipients,
        inactive: result.inactive,
        unreachable: result.unreachable,
        dryRun: dry,
        job: result.jobId || null,
      };
      let job: Job | undefined;
      if (result.jobId && values.wait) job = await waitForJob(store, result.jobId);
      if (values.json) io.stdout(`${JSON.stringify({ ...summary, ...(job && { counts: job.counts, failed: job.failed ?? [] }) }, null, 2)}\n`);
      else {
        io.stdout(
          `${dry ? '［试运行，未发送］' : '已排队，由运行中的机器人（npm start）按平台限速发送'}\n收件范围：${summary.description}\n收件学会：${result.recipients} 个（${result.chats} 个会话）${result.inactive ? `（另有 ${result.inactive} 个已失联，不发送）` : ''}\n`,
        );
        if (dry) for (const r of result.list) io.stdout(`  ${r.society}：${r.chats.join('、')}\n`);
        if (result.unreachable.length) {
          io.stdout(`尚无会话、无法送达的名单学会：${result.unreachable.length} 个\n`);
          for (const u of result.unreachable) {
            const contact = Object.entries(u.contact)
              .map(([k, v]) => `${k} ${v}`)
              .join('，');
            io.stdout(`  ${u.society}${contact ? `（${contact}）` : ''}\n`);
          }
        }
        if (result.jobId) io.stdout(`任务：${result.jobId}\n`);
        if (job) io.stdout(`完成：已发送 ${job.counts.sent}，已失联 ${job.counts.inactive}，失败 ${job.counts.failed}\n`);
      }
      return 0;
    });
  },

  async stats(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const guide = guideFrom(values.guide);
    return readingStore(io, async (store) => {
      const staff = new StaffService(store, guide, Date.now);
      // REDIS_URL: the BullMQ delivery queues and the failed sends they keep (BullMQ loaded only then).
      const queues = loadConfig(io.env).redis ? await import('./delivery-queues.js') : undefined;
      const delivery = await queues?.deliveryQueues(io.env);
      if (values.json) io.stdout(`${JSON.stringify({ ...(await staff.statsData()), ...(delivery && { delivery }) }, null, 2)}\n`);
      else io.stdout(`${await staff.stats()}\n${delivery ? queues!.deliveryText(delivery) : ''}`);
      return 0;
    });
  },

  /** A consistent copy of the SQLite store, safe while the bot runs. Restore: stop the bot, put the copy in DATA_DIR as shenbao.sqlite. */
  async backup(args, io) {
    const { values, positionals } = parse(args, { out: { type: 'string' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    if (!values.out) throw new UsageError('缺少 --out FILE（备份文件写到哪里）');
    let dataDir: string;
    try {
      dataDir = loadConfig(io.env).dataDir;
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    try {
      const result = await backupSqliteStore(dataDir, values.out);
      io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : `已备份到 ${result.file}（${result.bytes} 字节，${result.keys} 条记录）\n`);
      return 0;
    } catch (error) {
      if (error instanceof BackupError) throw new UsageError(error.message);
      throw error;
    }
  },

  async audit(args, io) {
    const { values, positionals } = parse(args, { limit: { type: 'string' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit 须为正整数："${values.limit}"`);
    return readingStore(io, async (store) => {
      const entries = await listAudit(store, limit);
      if (values.json) io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      else if (!entries.length) io.stdout('审计日志为空。\n');
      else {
        io.stdout('时间为北京时间（UTC+8）\n');
        const names = await chatNames(store, Date.now());
        for (const e of entries) {
          const { at, action, ...rest } = e;
          const society = typeof rest.chat === 'string' ? names.get(rest.chat.replace(/^chat:/, '')) : undefined;
          io.stdout(
            `${beijing(at)}  ${action}  ${society ? `学会=${society}  ` : ''}${Object.entries(rest)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join('  ')}\n`,
          );
        }
      }
      return 0;
    });
  },
};

async function waitForJob(store: Store, id: string): Promise<Job | undefined> {
  for (;;) {
    const job = await store.get<Job>(jobKey(id));
    if (!job || job.status === 'done') return job;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Beijing time, as the console shows it: "2022-05-10 09:10:05". */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
