import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Intake } from '../intake/intake.js';
import type { Logger } from '../log.js';
import { safeError } from './telegram-errors.js';

/**
 * Long polling that loses nothing: getUpdates with `offset` confirms every earlier update to
 * Telegram, so the offset moves past an update only once the intake has stored it. A crash at
 * any point means Telegram hands out again what was not stored (the intake drops repeats).
 * (@grammyjs/runner confirms a batch as soon as it is fetched, before it is handled.)
 */

export interface PollOptions {
  api: Api;
  intake: Intake;
  logger: Logger;
  scrub: (s: string) => string;
  allowedUpdates: readonly string[];
  /** Seconds Telegram may hold a getUpdates request. */
  pollSeconds?: number;
  chatOf: (update: Update) => string;
}

export interface Poller {
  stop(): Promise<void>;
  /** false while getUpdates fails. */
  healthy(): boolean;
}

export function startPolling(opts: PollOptions): Poller {
  const { api, intake, logger } = opts;
  const abort = new AbortController();
  let healthy = true;
  let offset: number | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const loop = async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      let updates: Update[];
      try {
        updates = await api.getUpdates(
          { ...(offset !== undefined && { offset }), timeout: opts.pollSeconds ?? 25, allowed_updates: [...opts.allowedUpdates] as never },
          abort.signal as unknown as Parameters<Api['getUpdates']>[1],
        );
        if (failures) logger.info({ after: failures }, 'telegram getUpdates works again');
        failures = 0;
        healthy = true;
      } catch (error) {
        if (abort.signal.aborted) return;
        failures++;
        healthy = false;
        const wait = Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5));
        logger.warn({ err: safeError(error, opts.scrub), retryInMs: wait }, 'telegram getUpdates failed');
        await sleep(wait);
        continue;
      }
      for (const update of updates) {
        for (let attempt = 1; ; attempt++) {
          if (abort.signal.aborted) return; // not stored: Telegram hands it out again
          try {
            const result = await intake.receive('telegram', String(update.update_id), opts.chatOf(update), update);
            if (result === 'duplicate') logger.info({ update_id: update.update_id }, 'telegram duplicate update dropped');
            if (result === 'closed') return;
            break;
          } catch (error) {
            logger.error({ err: error, update_id: update.update_id, attempt }, 'telegram update could not be stored; not confirmed, retrying');
            await sleep(Math.min(10_000, 500 * attempt));
          }
        }
        offset = update.update_id + 1;
      }
    }
  };
  const task = loop().catch((error: unknown) => logger.error({ err: safeError(error, opts.scrub) }, 'telegram polling stopped'));

  return {
    healthy: () => healthy,
    async stop() {
      abort.abort();
      await task;
    },
  };
}
