import { writeFileSync } from 'node:fs';
import { applyImport, planImport } from '../roster/import.js';
import { RosterFileError, readTableFile, TABLE_LIMITS } from '../roster/read-table.js';
import { readTable } from '../roster/read-table-off-thread.js';
import { exportTable, toCsv, toXlsx } from '../roster/export.js';
import { societyViews } from '../roster/overview.js';
import { findByCode, findByName, listSocieties, revokeCode, telegramLink } from '../roster/societies.js';
import { FIELD_LABEL, type RosterField } from '../roster/columns.js';
import { botUsername } from '../roster/bot-name.js';
import { createSignInLink } from '../web/auth.js';
import { recordAudit } from '../audit.js';
import { guideFrom, parse, UsageError, type CliIO } from './args.js';
import { cliConfig, readingConfiguredStore, withConfiguredStore } from './store-access.js';

type Command = (args: string[], io: CliIO) => Promise<number>;

/** Largest roster file read (a province has a few hundred societies; 20 MB is far beyond any real one). */
export const MAX_ROSTER_BYTES = TABLE_LIMITS.bytes;

const who = (io: CliIO) => `cli:${io.env.USER ?? 'staff'}`;

const roster: Record<string, Command> = {
  async import(args, io) {
    const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('缺少名单文件：roster import FILE.csv|FILE.xlsx [--dry-run]');
    if (extra.length) throw new UsageError(`多余的参数：${extra.join(' ')}`);
    const guide = guideFrom(values.guide);
    let plan: ReturnType<typeof planImport>;
    try {
      // Read with a byte cap whatever stat says (a device reports size 0), parsed in a worker with its own heap cap.
      plan = planImport(await readTable(readTableFile(file, MAX_ROSTER_BYTES)), guide);
    } catch (error) {
      if (error instanceof RosterFileError) throw new UsageError(`名单文件 ${file}：${error.message}`);
      throw error;
    }
    // The first import into a new DATA_DIR is how a store begins: no warning.
    const cfg = cliConfig(io, { warnNoStore: false });
    const dryRun = !!values['dry-run'];
    const result = await withConfiguredStore(cfg, async (store) => {
      const now = Date.now();
      const r = await applyImport(store, plan, { nowMs: now, dryRun });
      await recordAudit(store, {
        at: now,
        action: dryRun ? 'roster:import:dry-run' : 'roster:import',
        who: who(io),
        file,
        imported: r.imported,
        updated: r.updated,
        rejected: r.rejected.length,
      });
      return r;
    });
    if (values.json) {
      const { changes, ...rest } = result;
      io.stdout(`${JSON.stringify(dryRun ? result : rest, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `${dryRun ? '［试运行，未写入］将' : '已'}新增 ${result.imported} 个学会，更新 ${result.updated} 个，未变 ${result.unchanged} 个，拒收 ${new Set(result.rejected.map((r) => r.row)).size} 行。`,
      ...result.rejected.map((r) => `  第 ${r.row} 行 ${r.field}：${r.message}`),
      ...(result.ignoredColumns.length ? [`未识别的列（已忽略）：${result.ignoredColumns.join('、')}`] : []),
      ...(dryRun
        ? result.changes.map(
            (c) =>
              `  ${c.kind === 'new' ? '新增' : '更新'} ${c.name}${c.fields.length ? `：${c.fields.map((f) => `${FIELD_LABEL[f.field as RosterField]} ${f.before === undefined ? '' : `${JSON.stringify(f.before)} → `}${JSON.stringify(f.after)}`).join('，')}` : ''}`,
          )
        : []),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },

  async list(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const cfg = cliConfig(io);
    const list = await readingConfiguredStore(cfg, async (store) => {
      const bot = await botUsername(store, cfg);
      return (await listSocieties(store)).map((s) => {
        const tg = telegramLink(bot, s.code);
        return { name: s.name, code: s.code, links: { ...(tg && { telegram: tg }) }, chats: s.chats.length };
      });
    });
    if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else if (!list.length) io.stdout('名单为空：先用 roster import FILE 导入。\n');
    else for (const s of list) io.stdout(`${s.name}\t${s.code}\t${s.links.telegram ?? '（Telegram 未配置）'}\t已接入 ${s.chats} 个会话\n`);
    return 0;
  },

  async export(args, io) {
    const { values, positionals } = parse(args, { out: { type: 'string' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const out = values.out;
    if (!out || !/\.(xlsx|csv)$/i.test(out)) throw new UsageError('缺少 --out FILE.xlsx 或 --out FILE.csv');
    const guide = guideFrom(values.guide);
    const cfg = cliConfig(io);
    const count = await readingConfiguredStore(cfg, async (store) => {
      const table = exportTable(guide, await societyViews(store, guide, Date.now()));
      const bytes = /\.xlsx$/i.test(out) ? await toXlsx(table) : toCsv(table);
      try {
        writeFileSync(out, bytes);
      } catch (error) {
        throw new UsageError(`无法写入 ${out}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      await recordAudit(store, { at: Date.now(), action: 'roster:export', who: who(io), file: out, societies: table.rows.length });
      return table.rows.length;
    });
    if (values.json) io.stdout(`${JSON.stringify({ out, societies: count })}\n`);
    else io.stdout(`已导出 ${count} 个学会到 ${out}\n`);
    return 0;
  },

  async revoke(args, io) {
    const { values, positionals } = parse(args, {});
    const what = positionals.join(' ').trim();
    if (!what) throw new UsageError('缺少学会名称或邀请码：roster revoke NAME|CODE');
    const cfg = cliConfig(io);
    const result = await withConfiguredStore(cfg, async (store) => {
      const society = (await findByName(store, what)) ?? (await findByCode(store, what))?.society;
      if (!society) throw new UsageError(`名单中没有“${what}”（按学会名称或现行邀请码查找）`);
      const updated = (await revokeCode(store, society.id, Date.now()))!;
      await recordAudit(store, { at: Date.now(), action: 'roster:revoke', who: who(io), society: society.name, societyId: society.id });
      return { name: updated.name, revoked: society.code, code: updated.code };
    });
    io.stdout(values.json ? `${JSON.stringify(result)}\n` : `${result.name}：邀请码 ${result.revoked} 已停用，新邀请码 ${result.code}\n`);
    return 0;
  },
};

export const rosterCommands: Record<string, Command> = {
  async roster(args, io) {
    const [sub, ...rest] = args;
    const command = sub ? roster[sub] : undefined;
    if (!command) throw new UsageError(`用法：roster import FILE [--dry-run] | roster list | roster export --out FILE.xlsx|.csv | roster revoke NAME|CODE`);
    return command(rest, io);
  },

  async 'staff-link'(args, io) {
    const { values, positionals } = parse(args, { user: { type: 'string' } });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const user = (values.user ?? io.env.USER ?? 'staff').trim();
    if (!/^[\p{L}\p{N}_.@ -]{1,60}$/u.test(user)) throw new UsageError(`--user "${user}" 无效：1–60 个字母、数字或 _ . @ - 空格`);
    const cfg = cliConfig(io);
    const url = await withConfiguredStore(cfg, async (store) => {
      const link = await createSignInLink(store, cfg.publicUrl, user, Date.now());
      await recordAudit(store, { at: Date.now(), action: 'staff:link', who: `cli:${user}` });
      return link;
    });
    io.stdout(values.json ? `${JSON.stringify({ url, validMinutes: 10 })}\n` : `${url}\n`);
    return 0;
  },
};
