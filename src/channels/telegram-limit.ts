import type { Transformer } from 'grammy';
import type { RateLimiter } from '../delivery/limiter.js';

/** The calls that post a message, and so count against Telegram's flood limits. */
const POSTS = /^(send|copyMessage|forwardMessage)/;

/**
 * A grammY transformer that takes a slot of the shared rate limit (REDIS_URL deployments) before
 * each call that posts a message, per chat and for the bot, and marks it answered when Telegram
 * answers. Installed inside the retries, so every attempt takes its own slot.
 */
export function limitPosts(limiter: RateLimiter): Transformer {
  return async (prev, method, payload, signal) => {
    if (!POSTS.test(method)) return prev(method, payload, signal);
    const chat = payload && typeof payload === 'object' && 'chat_id' in payload ? String(payload.chat_id) : undefined;
    const answered = await limiter.acquire(chat);
    try {
      return await prev(method, payload, signal);
    } finally {
      answered();
    }
  };
}

/** The shared limit is per bot: its id is the token's part before ':'. */
export const botIdOf = (token: string) => token.slice(0, token.indexOf(':'));
