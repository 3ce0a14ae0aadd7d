import type { Config } from '../config.js';
import type { Store } from '../store/store.js';

/** The running bot records its Telegram username here, so the CLI can build deep links. */
export const BOT_NAME_KEY = 'meta:telegram:username';

/** The bot's username: as the running bot recorded it, else asked of the Bot API (getMe) when a token is set. */
export async function botUsername(store: Store, config: Config): Promise<string | undefined> {
  const stored = await store.get<string>(BOT_NAME_KEY);
  if (stored) return stored;
  if (!config.telegram.botToken) return undefined;
  try {
    const res = await fetch(`${config.telegram.apiRoot}/bot${config.telegram.botToken}/getMe`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json()) as { ok?: boolean; result?: { username?: string } };
    const name = body.ok ? body.result?.username : undefined;
    if (name) await store.set(BOT_NAME_KEY, name);
    return name;
  } catch {
    return undefined;
  }
}
