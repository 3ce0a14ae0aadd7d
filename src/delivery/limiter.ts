/**
 * Sliding-window send limiter (Lark open API, outbox delivery): at most `perChat` sends per chat and
 * `perApp` sends in all per window (Lark: about 5/s per chat, 50/s per app). `acquire` waits
 * until both have room, then takes a slot. A small margin keeps us clear of the server's own
 * window, which counts arrival times.
 */
export interface LimiterOptions {
  perChat?: number;
  perApp?: number;
  windowMs?: number;
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A send throttle: `acquire` waits for a slot and takes it; the returned function is called when
 * the request has been answered. In-process (SendLimiter) or shared by every instance (RedisRateLimiter).
 */
export interface RateLimiter {
  acquire(chat?: string): Promise<() => void>;
}

export class SendLimiter implements RateLimiter {
  private readonly perChat: number;
  private readonly perApp: number;
  private readonly span: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly chats = new Map<string, Slot[]>();
  private readonly app: Slot[] = [];

  constructor(opts: LimiterOptions = {}) {
    this.perChat = opts.perChat ?? 5;
    this.perApp = opts.perApp ?? 50;
    this.span = (opts.windowMs ?? 1000) + (opts.marginMs ?? 5);
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? sleep;
  }

  /**
   * Waits for a slot and takes it. Call the returned `done` when the request has been answered:
   * the slot then counts from that moment, the latest the server can have seen it arrive, so
   * the server's own window never sees more than the cap however requests bunch on the way.
   * `chat` undefined: counts against the app limit only (uploads).
   */
  async acquire(chat?: string): Promise<() => void> {
    for (;;) {
      const now = this.now();
      const times = chat === undefined ? undefined : this.window(chat, now);
      this.prune(this.app, now);
      const waitChat = times && times.length >= this.perChat ? times[times.length - this.perChat]!.t + this.span - now : 0;
      const waitApp = this.app.length >= this.perApp ? this.app[this.app.length - this.perApp]!.t + this.span - now : 0;
      const wait = Math.max(waitChat, waitApp);
      if (wait <= 0) {
        const slot = { t: now };
        times?.push(slot);
        this.app.push(slot);
        return () => {
          slot.t = Math.max(slot.t, this.now());
          if (times) resort(times);
          resort(this.app);
        };
      }
      await this.sleep(wait);
    }
  }

  private window(chat: string, now: number): Slot[] {
    // Forget idle chats so the map does not grow without bound.
    if (this.chats.size > 10_000) {
      for (const [key, list] of this.chats) if (!list.length || list[list.length - 1]!.t + this.span <= now) this.chats.delete(key);
    }
    let times = this.chats.get(chat);
    if (!times) {
      times = [];
      this.chats.set(chat, times);
    }
    this.prune(times, now);
    return times;
  }

  private prune(times: Slot[], now: number) {
    while (times.length && times[0]!.t + this.span <= now) times.shift();
  }
}

interface Slot {
  t: number;
}

/** Windows hold at most a few dozen slots; a finished one may have moved later than its neighbours. */
function resort(times: Slot[]) {
  times.sort((a, b) => a.t - b.t);
}
