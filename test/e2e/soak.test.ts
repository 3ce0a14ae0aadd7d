// The 1-minute soak (the 10-minute one is `npm run soak`): one bot process on Telegram and Lark
// webhooks over a Redis with an AOF, a steady stream of messages on both, the bot and Redis each
// killed -9 and restarted at random times, and API errors and 429s from the fault proxy.
// No update may be lost. Lark sends carry a uuid, so none may be sent twice either. A Telegram
// send has no idempotency key: one in flight when the bot is killed -9 reached Telegram but was
// never recorded as sent, and goes again after the restart. At 3 messages a second a send is in
// flight for a few milliseconds, so a kill catches at most one or two (several only if the kill
// lands just as a fault spell ends and its retries go out at once): at most 2 per bot kill.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSoak, soakReport } from '../../doubles/soak.js';
import { killAll } from '../../doubles/telegram-process.js';
import { report } from './fault-helpers.js';

afterAll(() => killAll());

describe('soak: a minute of messages through kill -9 of the bot and of Redis, and API faults', () => {
  it('answers every update; Lark never twice, Telegram at most twice per bot kill', { timeout: 115_000 }, async () => {
    const r = await runSoak({ seconds: 50, ratePerSecond: 3, drainSeconds: 40 });
    for (const line of soakReport(r)) report('soak', line);
    if (r.telegram.lost + r.lark.lost) {
      const file = join(tmpdir(), `shenbao-soak-${r.seed}.log`);
      writeFileSync(file, r.botOutput);
      report('soak: updates lost; the bot output is in', file);
    }
    expect(r.botKills).toBeGreaterThanOrEqual(1);
    expect(r.redisKills).toBeGreaterThanOrEqual(1);
    expect(r.faultsInjected).toBeGreaterThan(0);
    expect({ telegram: r.telegram.lost, lark: r.lark.lost }).toEqual({ telegram: 0, lark: 0 });
    expect(r.telegram.unacknowledged + r.lark.unacknowledged).toBe(0);
    expect(r.lark.duplicated).toBe(0);
    expect(r.telegram.duplicated).toBeLessThanOrEqual(2 * r.botKills);
  });
});
