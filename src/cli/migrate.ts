import { openStore, StoreUnreachable } from '../store/open-store.js';
import { MigrateError, migrateSqliteStore, type MigrateResult } from '../store/migrate.js';
import { parse, UsageError, type CliIO } from './args.js';
import { cliConfig } from './store-access.js';

/**
 * `migrate --to redis [--json]`: copies the SQLite store in DATA_DIR into the Redis at REDIS_URL
 * (under REDIS_PREFIX) and verifies the counts per key family. Stop the bot first: what it writes
 * meanwhile would not be copied. Exit 0 when every family checks out, 1 when one does not.
 */
export async function migrateCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { to: { type: 'string' } });
  if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
  if (values.to === undefined) throw new UsageError('缺少 --to redis（迁移到哪里）');
  if (values.to !== 'redis') throw new UsageError(`--to "${values.to}" 无效：目前只能迁移到 redis`);
  // The SQLite source is checked by migrateSqliteStore, which names a missing one itself.
  const config = cliConfig(io, { warnNoStore: false });
  if (!config.redis) throw new UsageError('缺少 REDIS_URL：请在环境变量或 .env 中设置迁移目标 Redis，例如 REDIS_URL=redis://:密码@主机:6379/0');
  let target: Awaited<ReturnType<typeof openStore>>;
  try {
    target = await openStore(config);
  } catch (error) {
    if (error instanceof StoreUnreachable) throw new UsageError(error.message);
    throw error;
  }
  let result: MigrateResult;
  try {
    result = await migrateSqliteStore(config.dataDir, target);
  } catch (error) {
    if (error instanceof MigrateError) throw new UsageError(error.message);
    throw error;
  } finally {
    await target.close();
  }
  const prefix = config.redis.prefix;
  if (values.json) io.stdout(`${JSON.stringify({ to: 'redis', prefix, ...result }, null, 2)}\n`);
  else {
    const lines = Object.entries(result.families)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([family, f]) => `  ${family}：${f.copied} 个${f.verified === f.copied ? '' : `（Redis 中只找到 ${f.verified} 个）`}`);
    io.stdout(
      [
        `已从 ${result.from} 迁移到 Redis（键前缀 ${prefix}）：共 ${result.keys} 个键`,
        ...lines,
        `未复制：已过期 ${result.expired} 个，租约 ${result.leasesSkipped} 个（由运行中的实例重新取得）`,
        result.ok ? '核对：各类键在 Redis 中的数目与 SQLite 一致' : '核对失败：Redis 中缺少键，见上',
        '',
      ].join('\n'),
    );
  }
  if (!result.ok) {
    io.stderr('迁移核对失败：Redis 中的键数与 SQLite 不一致（见上）\n');
    return 1;
  }
  return 0;
}
