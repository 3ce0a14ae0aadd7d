import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http-server.js';
import type { Logger } from '../log.js';

/**
 * The Lark webhook, in front of the SDK's EventDispatcher (whose own checks have gaps: see
 * STACK-NOTES). Every request must carry X-Lark-Signature = sha256(timestamp + nonce +
 * encryptKey + raw body) over the raw bytes, a timestamp at most 5 minutes off, an encrypted
 * body that decrypts with the encrypt key, and the right verification token. Anything else
 * is answered 401/400 and nothing of it is processed. Valid requests are acknowledged at once
 * (the event is handled afterwards), always within the 3 seconds Lark allows.
 */

export interface WebhookSecrets {
  encryptKey: string;
  verificationToken: string;
}

export type VerifyResult = { ok: true; event: Record<string, unknown> } | { ok: false; status: 400 | 401; reason: string };

export const MAX_SKEW_SECONDS = 300;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function larkSignature(timestamp: string, nonce: string, encryptKey: string, raw: Buffer): string {
  return createHash('sha256')
    .update(Buffer.from(timestamp + nonce + encryptKey, 'utf8'))
    .update(raw)
    .digest('hex');
}

/** AES-256-CBC, key sha256(encryptKey), base64(iv ‖ ciphertext), PKCS#7. Throws on anything wrong. */
export function decryptLark(encryptKey: string, encrypted: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new Error('not base64');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('bad length');
  const key = createHash('sha256').update(encryptKey).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The verification token an event carries: header.token (schema 2.0) or token (v1, url_verification). */
export function eventToken(event: Record<string, unknown>): unknown {
  if (event['type'] === 'url_verification') return event['token'];
  if (event['schema'] === '2.0') return isObject(event['header']) ? event['header']['token'] : undefined;
  return event['token'];
}

/** Checks a webhook request completely. Pure apart from the clock; never throws. */
export function verifyLarkRequest(headers: IncomingHttpHeaders, raw: Buffer, secrets: WebhookSecrets, nowMs: number): VerifyResult {
  try {
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    const signed = timestamp !== undefined || nonce !== undefined || signature !== undefined;
    if (signed) {
      if (timestamp === undefined || nonce === undefined || signature === undefined) return { ok: false, status: 401, reason: 'incomplete signature headers' };
      if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: 'bad timestamp' };
      if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, status: 401, reason: 'stale timestamp' };
      if (nonce.length > 256) return { ok: false, status: 401, reason: 'bad nonce' };
      const expected = larkSignature(timestamp, nonce, secrets.encryptKey, raw);
      if (!safeEqual(signature.toLowerCase(), expected)) return { ok: false, status: 401, reason: 'bad signature' };
    }

    // Unsigned, only Lark's URL challenge is accepted, and it is small: nothing bigger is parsed.
    if (!signed && raw.length > UNSIGNED_MAX_BYTES) return { ok: false, status: 401, reason: 'missing signature' };
    let outer: unknown;
    try {
      outer = JSON.parse(raw.toString('utf8'));
    } catch {
      return { ok: false, status: 400, reason: 'body is not JSON' };
    }
    if (!isObject(outer) || typeof outer['encrypt'] !== 'string') return { ok: false, status: 400, reason: 'body is not encrypted' };

    let event: unknown;
    try {
      event = JSON.parse(decryptLark(secrets.encryptKey, outer['encrypt']));
    } catch {
      return { ok: false, status: 400, reason: 'cannot decrypt body' };
    }
    if (!isObject(event)) return { ok: false, status: 400, reason: 'decrypted body is not an object' };

    const token = eventToken(event);
    if (typeof token !== 'string' || !safeEqual(token, secrets.verificationToken)) return { ok: false, status: 401, reason: 'wrong verification token' };
    // Lark may send the URL challenge unsigned; decrypting it and its token prove its origin,
    // and answering it has no effect. Everything else must be signed.
    if (!signed && event['type'] !== 'url_verification') return { ok: false, status: 401, reason: 'missing signature' };
    return { ok: true, event };
  } catch {
    return { ok: false, status: 400, reason: 'malformed request' };
  }
}

export interface WebhookRouteOptions {
  secrets: WebhookSecrets;
  logger: Logger;
  /** The SDK dispatcher (or anything like it); its result is the response body (card actions). */
  dispatch: (event: Record<string, unknown>) => Promise<unknown>;
  /** false while shutting down: answer 503 so Lark delivers again later. */
  accepting?: () => boolean;
  now?: () => number;
  /** Answer by then at the latest (Lark waits 3 s). */
  budgetMs?: number;
}

const TIMED_OUT = Symbol('timed out');
const FAILED = Symbol('failed');
/** An unsigned body (the URL challenge) is at most this big. */
export const UNSIGNED_MAX_BYTES = 4096;

/** Before the body is read: signature headers all present with a fresh timestamp, or none (then the body is capped small). */
export function larkPrecheck(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const timestamp = header(headers, 'x-lark-request-timestamp');
  const parts = [timestamp, header(headers, 'x-lark-request-nonce'), header(headers, 'x-lark-signature')].filter((v) => v !== undefined).length;
  if (parts === 0) return undefined;
  if (parts !== 3 || !/^\d{1,12}$/.test(timestamp ?? '') || Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 401;
  return undefined;
}

function json(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function larkWebhookRoute(opts: WebhookRouteOptions): Route {
  const now = opts.now ?? Date.now;
  const budget = opts.budgetMs ?? 2_000;
  return async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const result = verifyLarkRequest(req.headers, body, opts.secrets, now());
    if (!result.ok) {
      opts.logger.warn({ lark: { status: result.status, reason: result.reason, bytes: body.length } }, 'lark webhook request rejected');
      json(res, result.status, { code: result.status, msg: result.reason });
      return;
    }
    const { event } = result;
    if (event['type'] === 'url_verification') {
      json(res, 200, { challenge: typeof event['challenge'] === 'string' ? event['challenge'] : '' });
      return;
    }
    if (opts.accepting && !opts.accepting()) {
      json(res, 503, { code: 503, msg: 'shutting down' });
      return;
    }
    // Answered only once the event is stored (the handlers resolve then): a failure or a
    // timeout is not acknowledged, so Lark delivers the event again.
    const work = (async () => opts.dispatch(event))().catch((error: unknown) => {
      opts.logger.error({ err: error }, 'lark event dispatch failed');
      return FAILED;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), budget);
    });
    const answer = await Promise.race([work, late]);
    clearTimeout(timer);
    if (answer === TIMED_OUT) {
      opts.logger.warn('lark event not stored in time; not acknowledged (Lark will deliver it again)');
      json(res, 503, { code: 503, msg: 'busy' });
      return;
    }
    if (answer === FAILED) {
      json(res, 503, { code: 503, msg: 'not stored' });
      return;
    }
    json(res, 200, isObject(answer) ? answer : {});
  };
}
