import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, channelsEnabled, ConfigError, loadConfig, secretValues, type Config } from '../src/config.js';

const TOKEN = '123456:AAH-secretPartOfTheToken_xyz';
const load = (env: Record<string, string | undefined>) => loadConfig(env, { dotenvPath: false });

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    load(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = load({});
    expect(c).toEqual<Config>({
      dataDir: path.resolve('./data'),
      port: 8080,
      publicUrl: 'http://localhost:8080',
      logLevel: 'info',
      reminderOffsetsDays: [7, 3, 1, 0],
      reminderTime: '09:10',
      deliveryRetryMs: 3_600_000,
      tzOffset: '+08:00',
      telegram: {
        botToken: undefined,
        apiRoot: 'https://api.telegram.org',
        webhookSecret: undefined,
        staffIds: [],
      },
      lark: {
        appId: undefined,
        appSecret: undefined,
        domain: 'https://open.feishu.cn',
        mode: 'ws',
        encryptKey: undefined,
        verificationToken: undefined,
        staffOpenIds: [],
      },
    });
    expect(channelsEnabled(c)).toEqual({ telegram: false, lark: false, console: true });
  });

  it('parses every variable', () => {
    const c = load({
      DATA_DIR: '/tmp/shenbao-data',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      TELEGRAM_WEBHOOK_SECRET: 'hook_secret-1',
      TELEGRAM_STAFF_IDS: ' 42, 7 ,,',
      LARK_APP_ID: 'cli_a1b2',
      LARK_APP_SECRET: 'lark-app-secret',
      LARK_DOMAIN: 'Lark',
      LARK_MODE: 'webhook',
      LARK_ENCRYPT_KEY: 'enc-key-123',
      LARK_VERIFICATION_TOKEN: 'verify-tok',
      LARK_STAFF_OPEN_IDS: 'ou_a, ou_b',
      PORT: '3000',
      LOG_LEVEL: 'DEBUG',
      REMINDER_OFFSETS_DAYS: '1,14,3,1',
      REMINDER_TIME: '8:05',
    });
    expect(c.dataDir).toBe('/tmp/shenbao-data');
    expect(c.telegram).toEqual({
      botToken: TOKEN,
      apiRoot: 'http://127.0.0.1:8081',
      webhookSecret: 'hook_secret-1',
      staffIds: [42, 7],
    });
    expect(c.lark).toEqual({
      appId: 'cli_a1b2',
      appSecret: 'lark-app-secret',
      domain: 'https://open.larksuite.com',
      mode: 'webhook',
      encryptKey: 'enc-key-123',
      verificationToken: 'verify-tok',
      staffOpenIds: ['ou_a', 'ou_b'],
    });
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe('debug');
    expect(c.reminderOffsetsDays).toEqual([14, 3, 1]);
    expect(c.reminderTime).toBe('08:05');
    expect(channelsEnabled(c)).toEqual({ telegram: true, lark: true, console: false });
    expect(secretValues(c)).toEqual([TOKEN, 'AAH-secretPartOfTheToken_xyz', 'hook_secret-1', 'lark-app-secret', 'enc-key-123', 'verify-tok']);
  });

  it('accepts a custom Lark domain URL', () => {
    expect(load({ LARK_DOMAIN: 'http://127.0.0.1:9000/' }).lark.domain).toBe('http://127.0.0.1:9000');
  });

  it('treats empty and blank strings as unset', () => {
    const c = load({ PORT: '', LOG_LEVEL: '  ', TELEGRAM_BOT_TOKEN: '', LARK_MODE: '' });
    expect(c.port).toBe(8080);
    expect(c.logLevel).toBe('info');
    expect(c.lark.mode).toBe('ws');
    expect(channelsEnabled(c).console).toBe(true);
  });

  it('gives the example message for a bad PORT', () => {
    const e = errorOf({ PORT: 'abc' });
    expect(e.variable).toBe('PORT');
    expect(e.message).toContain('配置错误：PORT 必须是 1–65535 之间的整数（收到 "abc"）');
    expect(e.message).toContain('Config error: PORT must be an integer between 1 and 65535 (got "abc")');
    expect(e.message).not.toContain('\n');
  });

  it.each([
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', '0x50'],
    ['TELEGRAM_API_ROOT', 'ftp://example.com'],
    ['TELEGRAM_API_ROOT', 'not a url'],
    ['TELEGRAM_STAFF_IDS', '12,abc'],
    ['TELEGRAM_STAFF_IDS', '-5'],
    ['LARK_DOMAIN', 'larksuite'],
    ['LARK_MODE', 'http'],
    ['LARK_STAFF_OPEN_IDS', 'ou_a, ou b'],
    ['LOG_LEVEL', 'verbose'],
    ['REMINDER_OFFSETS_DAYS', '7,x'],
    ['REMINDER_OFFSETS_DAYS', '400'],
    ['REMINDER_OFFSETS_DAYS', ','],
    ['REMINDER_TIME', '24:00'],
    ['REMINDER_TIME', '9am'],
  ])('rejects %s=%j with a message naming it', (name, value) => {
    const e = errorOf({ [name]: value });
    expect(e.variable).toBe(name);
    expect(e.message).toMatch(new RegExp(`^配置错误：${name} .+ / Config error: ${name} `));
    expect(e.message).toContain(JSON.stringify(value));
    expect(e.message).not.toContain('\n');
  });

  it.each([
    ['TELEGRAM_BOT_TOKEN', 'bot987654:XyzzyPlughSecret'],
    ['TELEGRAM_BOT_TOKEN', '987654 XyzzyPlughSecret'],
    ['TELEGRAM_WEBHOOK_SECRET', 'Xyzzy plugh$secret'],
  ])('never echoes the value of secret %s', (name, value) => {
    const e = errorOf({ [name]: value });
    expect(e.variable).toBe(name);
    expect(e.message).toContain(name);
    expect(e.message).toContain('值已隐藏');
    for (const part of [value, value.trim(), 'Xyzzy', 'plugh', '987654']) {
      expect(e.message).not.toContain(part);
    }
  });

  it('requires LARK_APP_ID and LARK_APP_SECRET together, without echoing the secret', () => {
    const a = errorOf({ LARK_APP_ID: 'cli_x' });
    expect(a.variable).toBe('LARK_APP_SECRET');
    expect(a.message).toMatch(/^配置错误：LARK_APP_SECRET .*LARK_APP_ID/);
    const b = errorOf({ LARK_APP_SECRET: 'super-secret-value' });
    expect(b.variable).toBe('LARK_APP_ID');
    expect(b.message).not.toContain('super-secret-value');
  });

  it('requires both event keys in Lark webhook mode, without echoing them', () => {
    const base = { LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 'app-secret-value', LARK_MODE: 'webhook' };
    const none = errorOf(base);
    expect(none.variable).toBe('LARK_ENCRYPT_KEY');
    expect(none.message).toContain('LARK_ENCRYPT_KEY、LARK_VERIFICATION_TOKEN');
    const one = errorOf({ ...base, LARK_ENCRYPT_KEY: 'encrypt-key-value' });
    expect(one.variable).toBe('LARK_VERIFICATION_TOKEN');
    for (const secret of ['app-secret-value', 'encrypt-key-value']) {
      expect(one.message).not.toContain(secret);
    }
    expect(load({ ...base, LARK_ENCRYPT_KEY: 'k1', LARK_VERIFICATION_TOKEN: 't1' }).lark.mode).toBe('webhook');
  });

  it('reads a .env file, with the environment winning', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shenbao-config-'));
    try {
      const file = path.join(dir, '.env');
      writeFileSync(file, '# comment\nPORT=9000\nLOG_LEVEL=warn\nREMINDER_TIME="07:30"\nLARK_MODE=\n');
      const c = loadConfig({ LOG_LEVEL: 'error', REMINDER_TIME: '' }, { dotenvPath: file });
      expect(c.port).toBe(9000);
      expect(c.logLevel).toBe('error');
      expect(c.reminderTime).toBe('07:30');
      expect(c.lark.mode).toBe('ws');
      expect(loadConfig({}, { dotenvPath: path.join(dir, 'missing.env') }).port).toBe(8080);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('.env.example lists every variable, all unset', () => {
    const file = path.resolve(import.meta.dirname, '../.env.example');
    const text = readFileSync(file, 'utf8');
    for (const name of CONFIG_VARIABLES) expect(text).toMatch(new RegExp(`^${name}=$`, 'm'));
    expect(loadConfig({}, { dotenvPath: file })).toEqual(load({}));
  });
});

describe('REDIS_URL (issue 12)', () => {
  it('turns Redis on, with a key prefix', () => {
    expect(load({}).redis).toBeUndefined();
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'shenbao:' });
    expect(load({ REDIS_URL: 'rediss://:pw@cache.example.org:6380/2', REDIS_PREFIX: 'jiangsu:' }).redis).toEqual({
      url: 'rediss://:pw@cache.example.org:6380/2',
      prefix: 'jiangsu:',
    });
  });

  it('a bad REDIS_URL is one line naming it, without echoing the password', () => {
    for (const bad of ['http://:s3cretPw@host:6379', 'redis//:s3cretPw@host', 's3cretPw', 'redis://:s3cretPw@']) {
      const e = errorOf({ REDIS_URL: bad });
      expect(e.variable).toBe('REDIS_URL');
      expect(e.message).toContain('REDIS_URL');
      expect(e.message).not.toContain('s3cretPw');
      expect(e.message.split('\n')).toHaveLength(1);
    }
    expect(errorOf({ REDIS_URL: 'redis://h', REDIS_PREFIX: 'a b' }).variable).toBe('REDIS_PREFIX');
  });

  it('counts the Redis password among the secrets', () => {
    expect(secretValues(load({ REDIS_URL: 'redis://:p%40ss@h:6379' }))).toEqual(['p%40ss', 'p@ss']);
    expect(secretValues(load({ REDIS_URL: 'redis://default:pw2@h' }))).toEqual(['pw2', 'pw2']);
    expect(secretValues(load({ REDIS_URL: 'redis://h:6379' }))).toEqual([]);
  });
});
