import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/** All dates and times in the guide are Beijing time. Not configurable. */
export const TZ_OFFSET = '+08:00';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Absolute path of the directory holding shenbao.sqlite. */
  dataDir: string;
  /** Another year's guide data file instead of the bundled one. */
  guideFile?: string;
  port: number;
  /** Where people reach PORT (no trailing slash); staff sign-in links are built on it. */
  publicUrl: string;
  logLevel: LogLevel;
  /** Days before a deadline on which to remind, distinct, descending, e.g. [7, 3, 1, 0]. */
  reminderOffsetsDays: number[];
  /** "HH:MM" (two digits each), Beijing time. */
  reminderTime: string;
  /** How long a send that fails because of an outage (5xx, 429, network) is retried before it counts as failed. */
  deliveryRetryMs: number;
  tzOffset: typeof TZ_OFFSET;
  /** Set: the store (and the delivery queue) live in this Redis, shared by every instance. */
  redis?: {
    url: string;
    /** Namespace of every key, so several deployments can share one Redis. */
    prefix: string;
    /** Start even though Redis lost its data (its store marker is gone): REDIS_ACCEPT_EMPTY=1. */
    acceptEmpty?: boolean;
  };
  telegram: {
    botToken?: string;
    /** No trailing slash. */
    apiRoot: string;
    webhookSecret?: string;
    /** Public URL of POST /telegram/webhook; set: setWebhook is called at start (webhook mode only). */
    webhookUrl?: string;
    staffIds: number[];
  };
  lark: {
    appId?: string;
    appSecret?: string;
    /** Base URL: https://open.feishu.cn, https://open.larksuite.com or a custom one. No trailing slash. */
    domain: string;
    mode: 'ws' | 'webhook';
    encryptKey?: string;
    verificationToken?: string;
    staffOpenIds: string[];
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** The environment variable at fault. */
    readonly variable: string,
  ) {
    super(message);
  }
}

interface FieldSpec {
  zh: string;
  en: string;
  secret?: boolean;
}

// What each variable must look like, used to build the error message. Secrets never echo their value.
const FIELDS = {
  DATA_DIR: { zh: '必须是目录路径', en: 'must be a directory path' },
  GUIDE_FILE: { zh: '必须是指南数据文件（YAML/JSON）的路径', en: 'must be the path of a guide data file (YAML/JSON)' },
  TELEGRAM_BOT_TOKEN: {
    zh: '格式应为 “数字:字符串”（由 @BotFather 提供）',
    en: 'must look like "123456:ABC-DEF..." (as given by @BotFather)',
    secret: true,
  },
  TELEGRAM_API_ROOT: { zh: '必须是 http:// 或 https:// 开头的网址', en: 'must be an http:// or https:// URL' },
  TELEGRAM_WEBHOOK_SECRET: {
    zh: '只能包含字母、数字、下划线和连字符，长度 1–256',
    en: 'may contain only letters, digits, "_" and "-", 1–256 characters',
    secret: true,
  },
  TELEGRAM_WEBHOOK_URL: {
    zh: '必须是 http:// 或 https:// 开头的网址（公网可访问的 /telegram/webhook 地址）',
    en: 'must be an http:// or https:// URL (the public address of /telegram/webhook)',
  },
  TELEGRAM_STAFF_IDS: {
    zh: '必须是以逗号分隔的正整数（Telegram 用户 ID）',
    en: 'must be comma-separated positive integers (Telegram user ids)',
  },
  LARK_APP_ID: { zh: '不能为空', en: 'must not be empty' },
  LARK_APP_SECRET: { zh: '不能为空', en: 'must not be empty', secret: true },
  LARK_DOMAIN: {
    zh: '必须是 feishu、lark 或 http(s) 网址',
    en: 'must be feishu, lark or an http(s) URL',
  },
  LARK_MODE: { zh: '必须是 ws 或 webhook', en: 'must be ws or webhook' },
  LARK_ENCRYPT_KEY: { zh: '不能为空', en: 'must not be empty', secret: true },
  LARK_VERIFICATION_TOKEN: { zh: '不能为空', en: 'must not be empty', secret: true },
  LARK_STAFF_OPEN_IDS: { zh: '必须是以逗号分隔的 open_id', en: 'must be comma-separated open_ids' },
  PORT: { zh: '必须是 1–65535 之间的整数', en: 'must be an integer between 1 and 65535' },
  PUBLIC_URL: {
    zh: '必须是 http:// 或 https:// 开头的网址（人们访问 PORT 的地址）',
    en: 'must be an http:// or https:// URL (the address people reach PORT at)',
  },
  LOG_LEVEL: { zh: `必须是 ${LOG_LEVELS.join('、')} 之一`, en: `must be one of ${LOG_LEVELS.join(', ')}` },
  REMINDER_OFFSETS_DAYS: {
    zh: '必须是以逗号分隔的 0–365 之间的整数（提前天数）',
    en: 'must be comma-separated integers between 0 and 365 (days before a deadline)',
  },
  REMINDER_TIME: { zh: '必须是 HH:MM 格式的时间（00:00–23:59）', en: 'must be a time HH:MM (00:00–23:59)' },
  DELIVERY_RETRY_MINUTES: {
    zh: '必须是 1–10080 之间的整数（平台故障时重试发送的分钟数）',
    en: 'must be an integer between 1 and 10080 (minutes to keep retrying sends through an outage)',
  },
  REDIS_URL: {
    zh: '必须是 redis:// 或 rediss:// 开头的网址，例如 redis://:密码@主机:6379/0',
    en: 'must be a redis:// or rediss:// URL, e.g. redis://:PASSWORD@HOST:6379/0',
    secret: true,
  },
  REDIS_PREFIX: {
    zh: '只能包含字母、数字和 _ - . :，长度 1–64（共用一个 Redis 的各部署须不同）',
    en: 'may contain only letters, digits and _ - . :, 1–64 characters (distinct per deployment sharing one Redis)',
  },
  REDIS_ACCEPT_EMPTY: {
    zh: '必须是 1 或 0（1：Redis 丢失数据后仍从空库启动）',
    en: 'must be 1 or 0 (1: start even though Redis lost its data)',
  },
} satisfies Record<string, FieldSpec>;
type Var = keyof typeof FIELDS;
export const CONFIG_VARIABLES = Object.keys(FIELDS) as Var[];

const LARK_DOMAINS: Record<string, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
const uint = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().max(Number.MAX_SAFE_INTEGER));

const schema = z.object({
  DATA_DIR: z.string().default('./data'),
  GUIDE_FILE: z.string().optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/)
    .optional(),
  TELEGRAM_API_ROOT: httpUrl.default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/)
    .optional(),
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  TELEGRAM_STAFF_IDS: commaList.pipe(z.array(uint.pipe(z.number().min(1)))).default([]),
  LARK_APP_ID: z.string().optional(),
  LARK_APP_SECRET: z.string().optional(),
  LARK_DOMAIN: z
    .string()
    .transform((s) => LARK_DOMAINS[s.toLowerCase()] ?? s)
    .pipe(httpUrl)
    .default(LARK_DOMAINS.feishu!),
  LARK_MODE: z.enum(['ws', 'webhook']).default('ws'),
  LARK_ENCRYPT_KEY: z.string().optional(),
  LARK_VERIFICATION_TOKEN: z.string().optional(),
  LARK_STAFF_OPEN_IDS: commaList.pipe(z.array(z.string().regex(/^[\w-]+$/))).default([]),
  PORT: uint.pipe(z.number().min(1).max(65535)).default(8080),
  PUBLIC_URL: httpUrl.optional(),
  LOG_LEVEL: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(LOG_LEVELS))
    .default('info'),
  REMINDER_OFFSETS_DAYS: commaList
    .pipe(z.array(uint.pipe(z.number().max(365))).min(1))
    .transform((days) => [...new Set(days)].sort((a, b) => b - a))
    .default([7, 3, 1, 0]),
  REMINDER_TIME: z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/)
    .transform((t) => t.padStart(5, '0'))
    .default('09:10'),
  DELIVERY_RETRY_MINUTES: uint.pipe(z.number().min(1).max(10_080)).default(60),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .refine((u) => URL.canParse(u) && new URL(u).hostname !== '')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .default('shenbao:'),
  REDIS_ACCEPT_EMPTY: z.enum(['0', '1']).optional(),
});

function describeValue(name: Var, raw: string | undefined): { zh: string; en: string } {
  if ((FIELDS[name] as FieldSpec).secret) return { zh: '（值已隐藏）', en: ' (value hidden)' };
  const shown = JSON.stringify(raw && raw.length > 80 ? `${raw.slice(0, 80)}…` : (raw ?? ''));
  return { zh: `（收到 ${shown}）`, en: ` (got ${shown})` };
}

function fail(name: string, zh: string, en: string): never {
  throw new ConfigError(`配置错误：${zh} / Config error: ${en}`, name);
}

/** Variables from the .env file; {} when there is none. Node's own parser (util.parseEnv, as `node --env-file`). */
function readDotenv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    fail('.env', `无法读取 ${file}`, `cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * Reads configuration from `env` plus a `.env` file (default: `.env` in cwd; `false`: none).
 * A variable set in `env` wins over the file. Empty or blank values count as unset.
 * Throws ConfigError with a one-line Chinese + English message naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { dotenvPath?: string | false } = {}): Config {
  const dotenvPath = opts.dotenvPath ?? path.join(process.cwd(), '.env');
  const fromFile = dotenvPath === false ? {} : readDotenv(dotenvPath);
  const raw: Partial<Record<Var, string>> = {};
  const input: Partial<Record<Var, string>> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = [env[name], fromFile[name]].find((v) => v !== undefined && v.trim() !== '');
    raw[name] = value;
    input[name] = value?.trim();
  }

  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const name = parsed.error.issues[0]!.path[0] as Var;
    const { zh, en } = FIELDS[name];
    const got = describeValue(name, raw[name]);
    fail(name, `${name} ${zh}${got.zh}`, `${name} ${en}${got.en}`);
  }
  const e = parsed.data;

  if (!e.LARK_APP_ID !== !e.LARK_APP_SECRET) {
    const missing = e.LARK_APP_ID ? 'LARK_APP_SECRET' : 'LARK_APP_ID';
    fail(
      missing,
      `${missing} 未设置：LARK_APP_ID 与 LARK_APP_SECRET 必须同时设置或同时不设置`,
      `${missing} is not set; LARK_APP_ID and LARK_APP_SECRET must be set together or not at all`,
    );
  }
  if (e.LARK_MODE === 'webhook') {
    const missing = (['LARK_ENCRYPT_KEY', 'LARK_VERIFICATION_TOKEN'] as const).filter((n) => !e[n]);
    if (missing.length > 0) {
      fail(
        missing[0]!,
        `LARK_MODE=webhook 时必须设置 LARK_ENCRYPT_KEY 和 LARK_VERIFICATION_TOKEN（缺少 ${missing.join('、')}）`,
        `LARK_MODE=webhook requires LARK_ENCRYPT_KEY and LARK_VERIFICATION_TOKEN (missing ${missing.join(', ')})`,
      );
    }
  }

  return {
    dataDir: path.resolve(e.DATA_DIR),
    ...(e.GUIDE_FILE && { guideFile: path.resolve(e.GUIDE_FILE) }),
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    reminderOffsetsDays: e.REMINDER_OFFSETS_DAYS,
    reminderTime: e.REMINDER_TIME,
    deliveryRetryMs: e.DELIVERY_RETRY_MINUTES * 60_000,
    tzOffset: TZ_OFFSET,
    ...(e.REDIS_URL && { redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, ...(e.REDIS_ACCEPT_EMPTY === '1' && { acceptEmpty: true }) } }),
    telegram: {
      botToken: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      staffIds: e.TELEGRAM_STAFF_IDS,
    },
    lark: {
      appId: e.LARK_APP_ID,
      appSecret: e.LARK_APP_SECRET,
      domain: e.LARK_DOMAIN,
      mode: e.LARK_MODE,
      encryptKey: e.LARK_ENCRYPT_KEY,
      verificationToken: e.LARK_VERIFICATION_TOKEN,
      staffOpenIds: e.LARK_STAFF_OPEN_IDS,
    },
  };
}

export function channelsEnabled(config: Config): { telegram: boolean; lark: boolean; console: boolean } {
  const telegram = Boolean(config.telegram.botToken);
  const lark = Boolean(config.lark.appId && config.lark.appSecret);
  return { telegram, lark, console: !telegram && !lark };
}

/** Every secret in the config (for log redaction), including the secret half of the bot token. */
export function secretValues(config: Config): string[] {
  const token = config.telegram.botToken;
  return [
    token,
    token?.slice(token.indexOf(':') + 1),
    config.telegram.webhookSecret,
    config.lark.appSecret,
    config.lark.encryptKey,
    config.lark.verificationToken,
    ...redisSecrets(config.redis?.url),
  ].filter((s): s is string => Boolean(s));
}

/** The password in a Redis URL, raw and decoded; a user name alone (redis://SECRET@host) counts as one. */
function redisSecrets(url: string | undefined): string[] {
  if (!url || !URL.canParse(url)) return [];
  const { username, password } = new URL(url);
  const secret = password || username;
  return secret ? [secret, safeDecode(secret)] : [];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
