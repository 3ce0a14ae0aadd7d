/**
 * Sliding-window rate limiter: at most `perKey` acquisitions per key and `total` in all per
 * window. `acquire` waits until both have room, then takes a slot.
 */
export class RateLimiter {
  private readonly keys = new Map<string, number[]>();
  private readonly all: number[] = [];
  private readonly span: number;

  constructor(
    private readonly opts: { total: number; perKey: number; windowMs?: number; marginMs?: number; now?: () => number },
  ) {
    this.span = (opts.windowMs ?? 1000) + (opts.marginMs ?? 20);
  }

  async acquire(key?: string): Promise<void> {
    const now = this.opts.now ?? Date.now;
    for (;;) {
      const t = now();
      prune(this.all, t, this.span);
      const mine = key === undefined ? undefined : this.window(key, t);
      const waitKey = mine && mine.length >= this.opts.perKey ? mine[mine.length - this.opts.perKey]! + this.span - t : 0;
      const waitAll = this.all.length >= this.opts.total ? this.all[this.all.length - this.opts.total]! + this.span - t : 0;
      const wait = Math.max(waitKey, waitAll);
      if (wait <= 0) {
        mine?.push(t);
        this.all.push(t);
        return;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private window(key: string, t: number): number[] {
    if (this.keys.size > 10_000) for (const [k, list] of this.keys) if (!list.length || list[list.length - 1]! + this.span <= t) this.keys.delete(k);
    let list = this.keys.get(key);
    if (!list) this.keys.set(key, (list = []));
    prune(list, t, this.span);
    return list;
  }
}

function prune(times: number[], t: number, span: number) {
  while (times.length && times[0]! + span <= t) times.shift();
}
