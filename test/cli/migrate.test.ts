/**
 * `npm run -s cli -- migrate --to redis` as a whole process: a real SQLite file in DATA_DIR is
 * copied into a real Redis, every live key with its remaining TTL, and the counts are verified.
 * Then the CLI reads the migrated store through REDIS_URL. Bad input: one line, exit 2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shenbao-migrate-'));
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], {
      cwd: REPO,
      env: { ...process.env, REDIS_URL: '', REDIS_PREFIX: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cli migrate --to redis', () => {
  it('copies every live key with its remaining TTL, verifies the counts per family, and the CLI then works on Redis', async () => {
    const dataDir = join(dir, 'data');
    const sqlite = await openSqliteStore(dataDir);
    for (let i = 0; i < 1200; i++) await sqlite.set(`chat:telegram:${i}`, { lang: 'zh-CN', profile: { name: `学会${i}` } });
    await sqlite.set('intake:ev:telegram:1', { status: 'done' }, 3_600_000);
    await sqlite.set('intake:ev:telegram:2', { status: 'done' }, 3_600_000);
    await sqlite.set('audit:0001', { action: 'broadcast', by: 'cli:staff' });
    await sqlite.set('gone:soon', 'x', 30); // expired before the migration
    await sqlite.set('plain', ':colon-value');
    await sqlite.set('undef', undefined);
    await sqlite.acquireLease('reminders', 'someone', 60_000);
    await sqlite.close();
    await new Promise((r) => setTimeout(r, 60));

    const env = { DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: 'mig:' };
    const run = await cli(['migrate', '--to', 'redis', '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ to: 'redis', prefix: 'mig:', keys: 1205, expired: 1, leasesSkipped: 1, ok: true });
    expect(result.families).toMatchObject({
      chat: { copied: 1200, verified: 1200 },
      intake: { copied: 2, verified: 2 },
      audit: { copied: 1, verified: 1 },
      plain: { copied: 1, verified: 1 },
    });
    expect(JSON.stringify(result)).not.toContain(redis.url);

    const target = await openRedisStore(redis.url, { prefix: 'mig:' });
    try {
      expect(await target.get('chat:telegram:7')).toEqual({ lang: 'zh-CN', profile: { name: '学会7' } });
      expect(await target.get('plain')).toBe(':colon-value');
      expect(await target.get('gone:soon')).toBeUndefined();
      expect(await target.leaseOwner('reminders')).toBeUndefined();
      const pttl = await target.client.pttl('mig:kv:intake:ev:telegram:1');
      expect(pttl).toBeGreaterThan(3_500_000);
      expect(pttl).toBeLessThanOrEqual(3_600_000);
      expect(await target.client.pttl('mig:kv:chat:telegram:7')).toBe(-1);
    } finally {
      await target.close();
    }

    // The text summary, run again (idempotent: the same keys are written again).
    const again = await cli(['migrate', '--to', 'redis'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/共 1205 个键/);
    expect(again.stdout).toMatch(/chat：1200 个/);
    expect(again.stdout).toMatch(/核对：各类键在 Redis 中的数目与 SQLite 一致/);

    // The staff CLI now reads the Redis store, with DATA_DIR pointing at an empty directory.
    const audit = await cli(['audit', '--json'], { ...env, DATA_DIR: join(dir, 'empty') });
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('broadcast');
  });

  it('refuses bad input with one line and exit 2, never showing the password', async () => {
    const dataDir = join(dir, 'bad');
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['migrate', '--to', 'redis'], { DATA_DIR: dataDir }, /缺少 REDIS_URL/],
      [['migrate', '--to', 'postgres'], { DATA_DIR: dataDir, REDIS_URL: redis.url }, /--to "postgres" 无效/],
      [['migrate'], { DATA_DIR: dataDir, REDIS_URL: redis.url }, /缺少 --to redis/],
      [['migrate', '--to', 'redis'], { DATA_DIR: dataDir, REDIS_URL: 'redis://:hunter2secret@127.0.0.1:1' }, /Redis 无法连接.*ECONNREFUSED/],
      [['migrate', '--to', 'redis'], { DATA_DIR: dataDir, REDIS_URL: 'mysql://:hunter2secret@h' }, /REDIS_URL 必须是 redis:\/\//],
      [['migrate', '--to', 'redis'], { DATA_DIR: join(dir, 'no-such-store'), REDIS_URL: redis.url }, /找不到 SQLite 数据库文件/],
    ];
    for (const [args, env, message] of cases) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('hunter2secret');
    }
  });
});
