import type { Lang } from '../../handlers/i18n.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bot, Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { Reply } from '../../handlers/types.js';
import type { Route } from '../http-server.js';
import type { Intake } from '../intake/intake.js';
import type { Logger } from '../log.js';
import { rateLimited } from '../metrics.js';
import { safeError } from './telegram-errors.js';
import type { Target } from './telegram-send.js';

/** What the intake stores for a conversed update and sends afterwards. */
export interface TelegramPlan {
  target: Target;
  replies: Reply[];
  /** The chat's language, for the sender's own words. */
  lang?: Lang;
  /** The question message whose record closes and whose buttons go first (it was answered). */
  close?: { ref: string; messageId: number };
}

/** Per call: getUpdates may be held `timeout` seconds by Telegram; everything else must answer soon. */
export const CALL_TIMEOUT_MS = 15_000;

export function callTimeouts(callMs = CALL_TIMEOUT_MS): Transformer {
  return (prev, method, payload, signal) => {
    const poll = method === 'getUpdates' ? Number((payload as { timeout?: number }).timeout ?? 0) * 1000 : 0;
    const timeout = AbortSignal.timeout(poll + callMs);
    // grammY types its signal as the abort-controller polyfill's; at run time it is Node's own.
    const combined = signal ? AbortSignal.any([signal as unknown as AbortSignal, timeout]) : timeout;
    return prev(method, payload, combined as unknown as Parameters<Transformer>[3]);
  };
}

/** Counts every 429 the Bot API answers (each attempt, before any retry) for /metrics. */
export function count429s(): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429) rateLimited.inc({ channel: 'telegram' });
    return result;
  };
}

/** The ordering key of an update: its chat (or its user, or the update itself). */
export function chatOfUpdate(update: Update): string {
  const chat =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.my_chat_member?.chat.id ??
    update.chat_member?.chat.id;
  if (chat !== undefined) return String(chat);
  const from = update.callback_query?.from.id;
  return from !== undefined ? `user:${from}` : `update:${update.update_id}`;
}

/**
 * Start-up: getMe until it answers, saying what it waits for. Each call has a timeout; a wrong
 * token (401/404) ends the start with that reason; SIGTERM (the signal) ends the wait.
 */
export async function waitForBotApi(bot: Bot, opts: { logger: Logger; scrub: (s: string) => string; signal?: AbortSignal }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new Error('stopped while waiting for the Telegram Bot API');
    if (attempt === 1) opts.logger.info('waiting for the Telegram Bot API (getMe)');
    try {
      // Not bot.init(): it retries network errors for ever, in silence.
      bot.botInfo = await bot.api.getMe(opts.signal as Parameters<Bot['api']['getMe']>[0]);
      return;
    } catch (error) {
      const safe = safeError(error, opts.scrub);
      if (safe.code === 401 || safe.code === 404) throw new Error(`TELEGRAM_BOT_TOKEN 被 Telegram 拒绝（${safe.description ?? safe.message}）`);
      if (opts.signal?.aborted) throw new Error('stopped while waiting for the Telegram Bot API');
      const wait = Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
      opts.logger.warn(
        { err: safe, attempt, retryInMs: wait },
        'Telegram Bot API not reachable yet (getMe); retrying — check TELEGRAM_API_ROOT and the network',
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        opts.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * POST /telegram/webhook. The secret header was checked before the body was read (the route's
 * `authorize`); the update is stored by the intake, and only then answered 200. A store that
 * cannot write answers 503, so Telegram delivers it again.
 */
export function telegramWebhookRoute(opts: { intake: Intake; logger: Logger; secretToken: string; accepting: () => boolean }): Route {
  return async (_req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (!opts.accepting()) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('shutting down');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad update');
      return;
    }
    const parsed = updateSchema.safeParse(json);
    if (!parsed.success) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad update');
      return;
    }
    const update = parsed.data as unknown as Update;
    let result: Awaited<ReturnType<Intake['receive']>>;
    try {
      result = await opts.intake.receive('telegram', String(update.update_id), chatOfUpdate(update), update);
    } catch (error) {
      // The store cannot write (Redis away): not acknowledged, so Telegram delivers it again.
      opts.logger.warn({ err: error, update_id: update.update_id }, 'telegram update not stored (store unavailable); answered 503');
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('store unavailable');
      return;
    }
    if (result === 'closed') {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('shutting down');
      return;
    }
    if (result === 'duplicate') opts.logger.info({ update_id: update.update_id }, 'telegram duplicate update dropped');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
}
