import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { type RateLimiter, SendLimiter, sleep as realSleep } from './limiter.js';

/**
 * One platform rate limit for every instance on a Redis, shared by live replies and bulk sends
 * (broadcasts, reminders), replies first.
 *
 * Sliding-window logs in sorted sets (one per app, one per chat), checked and taken in one Lua
 * script on Redis's own clock, so that instances with skewed clocks still count one window. Hand
 * written: BullMQ's limiter is per queue and has no per-chat groups (a paid feature), and it cannot
 * count the replies, which are not queue jobs.
 *
 * Replies first: bulk leaves `reserve` app slots of every window to replies, and a reply that has
 * to wait raises a short flag that keeps bulk sends out until it has gone. On Telegram a reply
 * waits only for the bot's window, not its chat's (an answer in several messages goes out at once,
 * as before); it is counted in the chat's window, so a broadcast to that chat waits its turn. On
 * Lark replies keep to the chat's 5/s as well, as the in-process limiter had them do.
 */

export type Priority = 'reply' | 'bulk';
export type Platform = 'telegram' | 'lark';

export interface PlatformCaps {
  /** Messages per second for the whole app (bot). */
  perSecond: number;
  perChatPerSecond: number;
  /** App slots per window that bulk sends leave to replies. */
  reserve: number;
  /** Replies wait for their chat's window too (Lark refuses past 5/s per chat; Telegram allows short bursts). */
  replyPerChat: boolean;
}

/** Telegram: about 30/s in all, 1/s per chat. Lark: about 50/s per app, 5/s per chat. */
export const PLATFORM_CAPS: Record<Platform, PlatformCaps> = {
  telegram: { perSecond: 30, perChatPerSecond: 1, reserve: 1, replyPerChat: false },
  lark: { perSecond: 50, perChatPerSecond: 5, reserve: 2, replyPerChat: true },
};

// KEYS: app window, chat window, reply-waiting flag.
// ARGV: span ms, app cap, chat cap, reserve, priority, member, has chat (1/0), replies wait for their chat (1/0).
// Returns 0 when the slot was taken, else the ms to wait before asking again.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local span = tonumber(ARGV[1])
local bulk = ARGV[5] == 'bulk'
local hasChat = ARGV[7] == '1'
local chatBound = bulk or ARGV[8] == '1'
local appWait, chatWait = 0, 0
local function waitFor(key, cap)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
  if cap < 1 then cap = 1 end
  local n = redis.call('ZCARD', key)
  if n < cap then return 0 end
  local oldest = redis.call('ZRANGE', key, n - cap, n - cap, 'WITHSCORES')
  return tonumber(oldest[2]) + span - now
end
local appCap = tonumber(ARGV[2])
if bulk then
  appCap = appCap - tonumber(ARGV[4])
  local flag = redis.call('PTTL', KEYS[3])
  if flag > 0 then appWait = flag end
end
appWait = math.max(appWait, waitFor(KEYS[1], appCap))
-- On Telegram a reply is not held back by its chat's window (an answer in parts goes out at once,
-- as Telegram allows short bursts), but it is counted there, so bulk sends to that chat wait.
if hasChat and chatBound then chatWait = math.max(chatWait, waitFor(KEYS[2], tonumber(ARGV[3]))) end
if hasChat and not chatBound then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - span) end
if appWait > 0 or chatWait > 0 then
  -- The flag outlasts the wait by 200 ms: a reply's own wake-up may come late on a busy machine.
  if not bulk and appWait > 0 then redis.call('SET', KEYS[3], '1', 'PX', math.ceil(appWait) + 200) end
  return tostring(math.max(appWait, chatWait))
end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], span * 2)
if hasChat then
  redis.call('ZADD', KEYS[2], now, ARGV[6])
  redis.call('PEXPIRE', KEYS[2], span * 2)
end
return '0'
`;

// The request was answered: its slot counts from now, the latest the platform can have seen it
// arrive (so its own window never sees more than the cap, however requests bunch on the way).
// KEYS: app window, chat window. ARGV: member, has chat, span ms.
const ANSWERED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZADD', KEYS[1], 'XX', 'GT', now, ARGV[1])
if ARGV[2] == '1' then redis.call('ZADD', KEYS[2], 'XX', 'GT', now, ARGV[1]) end
return 1
`;

type LimiterRedis = Redis & {
  rateAcquire(...args: Array<string | number>): Promise<string>;
  rateAnswered(...args: Array<string | number>): Promise<number>;
};

export interface SharedLimitsOptions {
  /** Namespace of the keys (REDIS_PREFIX, default 'shenbao:'); the windows are `PREFIXrl:PLATFORM:APP:…`. */
  prefix?: string;
  caps?: Partial<Record<Platform, PlatformCaps>>;
  windowMs?: number;
  /** Added to the window: the platform's window counts arrival times. */
  marginMs?: number;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The limiters of one Redis. `limiter(platform, app, priority)` gives the `RateLimiter` for one
 * bot (a Telegram bot id, a Lark app id) at one priority; every instance asking with the same
 * names shares one window. When Redis does not answer, each instance falls back to an in-process
 * window of the same caps (logged once), so replies still go out while Redis is away.
 */
export interface SharedLimitsPort {
  limiter(platform: Platform, app: string, priority: Priority): RateLimiter;
}

export class SharedLimits implements SharedLimitsPort {
  private readonly owner = randomUUID().slice(0, 8);
  private seq = 0;
  private readonly span: number;
  private readonly fallbacks = new Map<string, SendLimiter>();
  private degraded = false;
  private readonly redis: LimiterRedis;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    redis: Redis,
    private readonly opts: SharedLimitsOptions,
  ) {
    this.span = (opts.windowMs ?? 1000) + (opts.marginMs ?? 5);
    this.sleep = opts.sleep ?? realSleep;
    redis.defineCommand('rateAcquire', { numberOfKeys: 3, lua: ACQUIRE });
    redis.defineCommand('rateAnswered', { numberOfKeys: 2, lua: ANSWERED });
    this.redis = redis as LimiterRedis;
  }

  caps(platform: Platform): PlatformCaps {
    return this.opts.caps?.[platform] ?? PLATFORM_CAPS[platform];
  }

  limiter(platform: Platform, app: string, priority: Priority): RateLimiter {
    return { acquire: (chat) => this.acquire(platform, app, priority, chat) };
  }

  private async acquire(platform: Platform, app: string, priority: Priority, chat?: string): Promise<() => void> {
    const caps = this.caps(platform);
    const base = `${this.opts.prefix ?? 'shenbao:'}rl:${platform}:${app}`;
    const keys = [`${base}:app`, `${base}:chat:${chat ?? ''}`, `${base}:reply-waiting`];
    const member = `${this.owner}:${(this.seq = (this.seq + 1) % 1e12)}`;
    const hasChat = chat === undefined ? '0' : '1';
    for (;;) {
      let wait: number;
      try {
        wait = Number(
          await this.redis.rateAcquire(
            ...keys,
            this.span,
            caps.perSecond,
            caps.perChatPerSecond,
            caps.reserve,
            priority,
            member,
            hasChat,
            caps.replyPerChat ? '1' : '0',
          ),
        );
      } catch (error) {
        return this.fallback(platform, app, caps, error).acquire(priority === 'bulk' || caps.replyPerChat ? chat : undefined);
      }
      if (this.degraded) {
        this.degraded = false;
        this.opts.logger.info({ platform }, 'shared rate limit: Redis answers again, back on the shared window');
      }
      if (!(wait > 0)) {
        return () => {
          this.redis.rateAnswered(keys[0]!, keys[1]!, member, hasChat, this.span).catch(() => undefined);
        };
      }
      await this.sleep(Math.min(wait, 1_000));
    }
  }

  private fallback(platform: Platform, app: string, caps: PlatformCaps, error: unknown): SendLimiter {
    if (!this.degraded) {
      this.degraded = true;
      this.opts.logger.warn(
        { platform, err: { message: (error as Error)?.message ?? String(error) } },
        'shared rate limit: Redis does not answer; this instance keeps to the caps on its own meanwhile',
      );
    }
    const key = `${platform}:${app}`;
    let local = this.fallbacks.get(key);
    if (!local) {
      local = new SendLimiter({
        perApp: caps.perSecond,
        perChat: caps.perChatPerSecond,
        windowMs: this.opts.windowMs ?? 1000,
        marginMs: this.opts.marginMs ?? 5,
        sleep: this.sleep,
      });
      this.fallbacks.set(key, local);
    }
    return local;
  }
}
