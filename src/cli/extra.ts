import { answerQuestion } from '../../handlers/ask.js';
import { describeAudience, parseAudience } from '../../handlers/audience.js';
import { listAudit } from '../audit.js';
import { ConfigError, loadConfig } from '../config.js';
import { jobKey, type Job } from '../delivery/outbox.js';
import { StaffService } from '../staff-service.js';
import { openDataDir, StartError } from '../startup.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { projectMatcher } from '../../handlers/parse.js';
import { BUNDLED_GUIDE, loadGuideSearch } from '../guide-file.js';
import { guideFrom, parse, parseNow, readProfile, UsageError, type CliIO } from './run.js';

type Command = (args: string[], io: CliIO) => Promise<number>;

/** Commands beyond the rules core: free-text questions now; staff commands join here. */
export const extraCommands: Record<string, Command> = {
  async ask(args, io) {
    const { values, positionals } = parse(args, { profile: { type: 'string' }, now: { type: 'string' }, lang: { type: 'string' } });
    const question = positionals.join(' ').trim();
    if (!question) throw new UsageError('缺少问题：ask "标准制定什么时候截止"');
    const lang = values.lang === undefined || /^(zh|zh-CN|cn)$/i.test(values.lang) ? 'zh-CN' : /^en$/i.test(values.lang) ? 'en' : undefined;
    if (!lang) throw new UsageError(`--lang "${values.lang}" 无效：可用 zh 或 en`);
    const guidePath = values.guide ?? BUNDLED_GUIDE;
    const guide = guideFrom(guidePath);
    const search = loadGuideSearch(guide, guidePath);
    const profile = values.profile === undefined ? undefined : await readProfile(values.profile, io);
    const answer = answerQuestion(question, {
      guide,
      matcher: projectMatcher(guide),
      nowMs: parseNow(values.now),
      ...(profile && { profile }),
      ...(search && { search }),
      lang,
    });
    io.stdout(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.answer}\n`);
    return 0;
  },

  async broadcast(args, io) {
    const { values, positionals } = parse(args, { audience: { type: 'string' }, text: { type: 'string' }, 'dry-run': { type: 'boolean' }, wait: { type: 'boolean' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const text = values.text?.trim();
    if (!text) throw new UsageError('缺少 --text "通知内容"');
    if (!values.audience) throw new UsageError('缺少 --audience（all、intended:ID、eligible:ID、unknown:ID、grade:A|B|C|D|none、incomplete、inactive30）');
    const audience = parseAudience(values.audience);
    if (!audience) throw new UsageError(`--audience "${values.audience}" 无效：可用 all、intended:ID、eligible:ID、unknown:ID、grade:A|B|C|D|none、incomplete、inactive30`);
    const guide = guideFrom(values.guide);
    return withStore(io, async (store) => {
      const staff = new StaffService(store, guide, Date.now);
      const by = { channel: 'console' as const, userId: `cli:${io.env.USER ?? 'staff'}`, chatId: 'cli' };
      const result = await staff.broadcast({ text, audience, by, dryRun: !!values['dry-run'] });
      const summary = { audience: values.audience, description: describeAudience(guide, audience), recipients: result.recipients, inactive: result.inactive, dryRun: !!values['dry-run'], job: result.jobId || null };
      let job: Job | undefined;
      if (result.jobId && values.wait) job = await waitForJob(store, result.jobId);
      if (values.json) io.stdout(`${JSON.stringify({ ...summary, ...(job && { counts: job.counts, failed: job.failed ?? [] }) }, null, 2)}\n`);
      else {
        io.stdout(`${values['dry-run'] ? '［试运行，未发送］' : '已排队，由运行中的机器人（npm start）按平台限速发送'}\n收件范围：${summary.description}\n收件学会：${result.recipients} 个${result.inactive ? `（另有 ${result.inactive} 个已失联，不发送）` : ''}\n`);
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
    return withStore(io, async (store) => {
      const staff = new StaffService(store, guide, Date.now);
      io.stdout(values.json ? `${JSON.stringify(await staff.statsData(), null, 2)}\n` : `${await staff.stats()}\n`);
      return 0;
    });
  },

  async audit(args, io) {
    const { values, positionals } = parse(args, { limit: { type: 'string' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit 须为正整数："${values.limit}"`);
    return withStore(io, async (store) => {
      const entries = await listAudit(store, limit);
      if (values.json) io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      else if (!entries.length) io.stdout('审计日志为空。\n');
      else {
        for (const e of entries) {
          const { at, action, ...rest } = e;
          io.stdout(`${new Date(at).toISOString()}  ${action}  ${Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('  ')}\n`);
        }
      }
      return 0;
    });
  },
};

async function withStore(io: CliIO, work: (store: Store) => Promise<number>): Promise<number> {
  let dataDir: string;
  try {
    dataDir = loadConfig(io.env).dataDir;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  let store: Store;
  try {
    store = await openDataDir(dataDir, openSqliteStore);
  } catch (error) {
    if (error instanceof StartError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function waitForJob(store: Store, id: string): Promise<Job | undefined> {
  for (;;) {
    const job = await store.get<Job>(jobKey(id));
    if (!job || job.status === 'done') return job;
    await new Promise((r) => setTimeout(r, 500));
  }
}
