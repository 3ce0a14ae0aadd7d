// LARK_MODE=ws (the default) as a whole process, as far as it goes without Lark's servers:
// the start-up path and its error reporting. (The handler wiring it shares with webhook mode
// is tested in process in test/channels/lark-bot.test.ts.)
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../doubles/http-util.js';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';

const APP_SECRET = `ws-app-secret-${randomBytes(12).toString('hex')}`;
let lk: LarkDouble;
const procs: BotProcess[] = [];
const servers: StartedServer[] = [];

const env = (domain: string, appId = `cli_${randomBytes(8).toString('hex')}`) => ({
  LARK_APP_ID: appId,
  LARK_APP_SECRET: APP_SECRET,
  LARK_DOMAIN: domain,
  DATA_DIR: tempDir('shenbao-lark-ws-'),
  LOG_LEVEL: 'debug',
});

beforeAll(async () => {
  lk = await startLarkDouble();
});
afterAll(async () => {
  for (const p of procs) await p.stop();
  for (const s of servers) await s.close();
  await lk?.close();
  removeTempDirs();
});

describe('lark long connection, whole process', () => {
  it('pointed at a server without the WS endpoint: reports the failure clearly and keeps running (retrying)', async () => {
    const bot = await spawnBot(env(lk.url), { waitReady: false });
    procs.push(bot);
    const line = await bot.waitForOutput(/飞书长连接启动失败[^\n]*/, 40_000);
    expect(line).toContain('404');
    expect(line).toContain('LARK_DOMAIN');
    // it asked the double where to connect, and nothing else hung
    expect(lk.calls.some((c) => c.path === '/callback/ws/endpoint')).toBe(true);
    await bot.waitForOutput(/shenbao started/, 20_000);
    expect(bot.alive()).toBe(true);
    // Alive and serving, but not ready: /healthz says 503 while the long connection is down and retrying.
    expect(await bot.healthy()).toBe(false);
    await bot.stop();
    const tokens = lk.calls
      .filter((c) => c.path.endsWith('/tenant_access_token/internal') && c.status === 200)
      .map((c) => (c.response as { tenant_access_token: string }).tenant_access_token);
    for (const secret of [APP_SECRET, ...tokens]) expect(bot.output()).not.toContain(secret);
  });

  it('refused for good (bad credentials): start-up fails with the reason and the process exits', async () => {
    const refusing = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 514, msg: 'auth failed', data: {} }));
    });
    servers.push(refusing);
    const bot = await spawnBot(env(refusing.url), { waitReady: false });
    procs.push(bot);
    const code = await bot.waitForExit(40_000);
    expect(code).not.toBe(0);
    expect(bot.output()).toMatch(/启动失败：飞书长连接启动失败：[^\n]*code=514[^\n]*auth failed/);
    expect(bot.output()).not.toContain(APP_SECRET);
  });

  it('an app id the SDK would silently refuse is reported at once', async () => {
    const bot = await spawnBot(env(lk.url, 'not-an-app-id'), { waitReady: false });
    procs.push(bot);
    expect(await bot.waitForExit(40_000)).not.toBe(0);
    expect(bot.output()).toContain('LARK_APP_ID 应为 cli_ 加 16 位十六进制字符');
  });
});
