import type { Logger } from '../log.js';
import { rateLimited as rateLimitedCount } from '../metrics.js';
import { type RateLimiter, SendLimiter, sleep as realSleep } from '../delivery/limiter.js';

/**
 * A small client for the parts of the Lark open API the bot sends with: tenant token, message
 * create, card patch, file upload, bot info. Plain fetch rather than the SDK's lark.Client, so
 * that every request has a timeout, 429s are waited out as the response says
 * (x-ogw-ratelimit-reset), 5xx and network errors back off and retry a bounded number of
 * times, an expired token is refreshed once, and no error object carrying the Authorization
 * header or the app secret (as axios errors do) can reach a log.
 */

export const RATE_LIMIT_CODE = 99991400;
const TOKEN_INVALID_CODES = new Set([99991661, 99991663, 99991664, 99991665, 99991668, 99991677]);
/** The bot can no longer write to this chat or user. */
export const CHAT_GONE_CODES = new Set([230002, 230013]);

export class LarkApiError extends Error {
  override name = 'LarkApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

export interface LarkApiOptions {
  appId: string;
  appSecret: string;
  /** Base URL, no trailing slash. */
  domain: string;
  logger: Logger;
  limiter?: RateLimiter;
  fetch?: typeof fetch;
  /** Per request. */
  timeoutMs?: number;
  /** Attempts for 5xx / network errors. */
  maxAttempts?: number;
  /** Attempts for 429s. */
  maxRateLimitAttempts?: number;
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** A 429 asking to wait longer than this is waited this long. */
  maxRateWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface RequestOptions {
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  /** Chat the request writes to (per-chat rate limit); undefined = app limit only. */
  chat?: string;
  /** Skip the rate limiter (token requests). */
  unlimited?: boolean;
  auth?: boolean;
}

interface LarkBody {
  code?: number;
  msg?: string;
  data?: unknown;
  [key: string]: unknown;
}

export type MsgType = 'text' | 'interactive' | 'file' | 'post';

export class LarkApi {
  private token?: { value: string; expiresAt: number };
  private pendingToken?: Promise<string>;
  private readonly limiter: RateLimiter;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: LarkApiOptions) {
    this.limiter = opts.limiter ?? new SendLimiter();
    this.fetchFn = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? realSleep;
  }

  /** POST im/v1/messages to a chat; the uuid makes a retried send land once. */
  async sendMessage(chatId: string, msgType: MsgType, content: unknown, uuid: string): Promise<{ message_id: string }> {
    const data = (await this.request('POST', '/open-apis/im/v1/messages', {
      query: { receive_id_type: 'chat_id' },
      json: { receive_id: chatId, msg_type: msgType, content: JSON.stringify(content), uuid },
      chat: chatId,
    })) as { message_id?: string } | undefined;
    if (!data?.message_id) throw new LarkApiError('message create answered without message_id', 200, 0);
    return { message_id: data.message_id };
  }

  /** PATCH im/v1/messages/:id: redraw a card the bot sent (it must have config.update_multi). */
  async patchCard(messageId: string, card: unknown, chatId: string): Promise<void> {
    await this.request('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`, {
      json: { content: JSON.stringify(card) },
      chat: chatId,
    });
  }

  /** POST im/v1/files (multipart); returns the file_key. */
  async uploadFile(name: string, content: string | Buffer, mime: string): Promise<string> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const form = new FormData();
    form.append('file_type', 'stream');
    form.append('file_name', name);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: mime || 'application/octet-stream' }), name);
    const data = (await this.request('POST', '/open-apis/im/v1/files', { form })) as { file_key?: string } | undefined;
    if (!data?.file_key) throw new LarkApiError('file upload answered without file_key', 200, 0);
    return data.file_key;
  }

  /** GET bot/v3/info: the bot's own open_id (to recognise @-mentions of it in groups). */
  async botInfo(): Promise<{ open_id?: string; app_name?: string }> {
    const body = await this.call('GET', '/open-apis/bot/v3/info', { auth: true, unlimited: true });
    return (body as { bot?: { open_id?: string; app_name?: string } }).bot ?? {};
  }

  /** Fetches (or reuses) the tenant access token. */
  async tenantToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  invalidateToken() {
    this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const body = await this.call('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      json: { app_id: this.opts.appId, app_secret: this.opts.appSecret },
      unlimited: true,
      auth: false,
    });
    const value = body['tenant_access_token'];
    const expire = Number(body['expire'] ?? 7200);
    if (typeof value !== 'string' || !value) throw new LarkApiError('tenant token response without a token', 200, body.code);
    // Refresh five minutes early (Lark hands out a new one in the last 30 minutes).
    this.token = { value, expiresAt: Date.now() + Math.max(60, expire - 300) * 1000 };
    return value;
  }

  async request(method: string, path: string, options: RequestOptions): Promise<unknown> {
    const body = await this.call(method, path, { ...options, auth: true });
    return body.data;
  }

  private async call(method: string, path: string, options: RequestOptions): Promise<LarkBody> {
    const o = this.opts;
    const maxAttempts = o.maxAttempts ?? 5;
    const maxRate = o.maxRateLimitAttempts ?? 6;
    let failures = 0;
    let rateLimited = 0;
    let tokenRefreshed = false;
    const url = new URL(`${o.domain}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);

    for (;;) {
      const answered = options.unlimited ? undefined : await this.limiter.acquire(options.chat);
      const headers: Record<string, string> = {};
      if (options.auth !== false) headers['authorization'] = `Bearer ${await this.tenantToken()}`;
      let body: string | FormData | undefined;
      if (options.form) body = options.form;
      else if (options.json !== undefined) {
        headers['content-type'] = 'application/json; charset=utf-8';
        body = JSON.stringify(options.json);
      }

      let status: number;
      let parsed: LarkBody | undefined;
      let resetHeader: string | null = null;
      try {
        const res = await this.fetchFn(url, { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
        answered?.();
        status = res.status;
        resetHeader = res.headers.get('x-ogw-ratelimit-reset');
        const text = await res.text();
        try {
          const json: unknown = JSON.parse(text);
          parsed = json && typeof json === 'object' ? (json as LarkBody) : undefined;
        } catch {
          parsed = undefined;
        }
      } catch (error) {
        answered?.();
        // Network error or timeout: the request may or may not have landed; the uuid makes a retry safe.
        failures++;
        const err = error as Error & { cause?: { code?: string } };
        const reason = err?.name === 'TimeoutError' ? 'timeout' : [err?.message ?? String(error), err?.cause?.code].filter(Boolean).join(': ');
        if (failures >= maxAttempts) throw new LarkApiError(`${method} ${path}: ${reason} (gave up after ${failures} attempts)`, 0, undefined);
        const wait = this.backoff(failures);
        o.logger.warn({ lark: { method, path, attempt: failures, waitMs: wait, reason } }, 'lark api network error, retrying');
        await this.sleep(wait);
        continue;
      }

      const code = parsed?.code;
      if (status === 429 || code === RATE_LIMIT_CODE) {
        rateLimited++;
        rateLimitedCount.inc({ channel: 'lark' });
        if (rateLimited >= maxRate) throw new LarkApiError(`${method} ${path}: still rate limited after ${rateLimited} attempts`, status, code);
        const seconds = Number(resetHeader);
        const wait = Math.min(o.maxRateWaitMs ?? 60_000, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000) + 50;
        o.logger.warn({ lark: { method, path, status, code, waitMs: wait } }, 'lark api rate limited (429), waiting as told');
        await this.sleep(wait);
        continue;
      }
      if (status >= 500) {
        failures++;
        if (failures >= maxAttempts)
          throw new LarkApiError(
            `${method} ${path}: HTTP ${status} code ${code} ${parsed?.msg ?? ''} (gave up after ${failures} attempts)`.trim(),
            status,
            code,
          );
        const wait = this.backoff(failures);
        o.logger.warn({ lark: { method, path, status, code, attempt: failures, waitMs: wait } }, 'lark api server error, retrying');
        await this.sleep(wait);
        continue;
      }
      if (code !== undefined && TOKEN_INVALID_CODES.has(code) && options.auth !== false && !tokenRefreshed) {
        tokenRefreshed = true;
        this.invalidateToken();
        o.logger.info({ lark: { method, path, code } }, 'lark tenant token rejected, fetching a new one');
        continue;
      }
      if (!parsed || code !== 0 || status >= 400) {
        throw new LarkApiError(`${method} ${path}: HTTP ${status} code ${code ?? '-'} ${parsed?.msg ?? ''}`.trim(), status, code);
      }
      return parsed;
    }
  }

  private backoff(attempt: number): number {
    const base = this.opts.backoffBaseMs ?? 300;
    const cap = this.opts.maxBackoffMs ?? 8_000;
    const exp = Math.min(cap, base * 2 ** (attempt - 1));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }
}
