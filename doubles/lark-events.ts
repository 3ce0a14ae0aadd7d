// Builders for inbound Lark/Feishu webhook requests, shaped as Lark sends them.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { httpRequest } from './http-util.js';

export type Json = Record<string, any>;

/** `{encrypt: base64(iv ‖ AES-256-CBC(key = sha256(encryptKey), PKCS#7))}`; obj may be a string. */
export function encryptEvent(encryptKey: string, obj: unknown, iv: Buffer = randomBytes(16)): { encrypt: string } {
  const key = createHash('sha256').update(encryptKey).digest();
  const plain = typeof obj === 'string' ? obj : JSON.stringify(obj);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { encrypt: Buffer.concat([iv, ct]).toString('base64') };
}

export interface LarkSignedHeaders {
  'X-Lark-Request-Timestamp': string;
  'X-Lark-Request-Nonce': string;
  'X-Lark-Signature': string;
  [k: string]: string;
}

/** X-Lark-Signature = sha256hex(timestamp + nonce + encryptKey + rawBody). */
export function signHeaders(encryptKey: string, rawBody: string, o: { timestamp?: string | number; nonce?: string } = {}): LarkSignedHeaders {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomBytes(8).toString('hex');
  const signature = createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody)
    .digest('hex');
  return {
    'X-Lark-Request-Timestamp': timestamp,
    'X-Lark-Request-Nonce': nonce,
    'X-Lark-Signature': signature,
  };
}

export interface MentionSpec {
  openId: string;
  name: string;
  userId?: string;
  unionId?: string;
  /** placeholder in the text; default @_user_N (1-based) */
  key?: string;
}

export interface MessageEventSpec {
  eventId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  openId: string;
  text: string;
  /** verification token (header.token) */
  token: string;
  /**
   * Mentions. Each gets a key @_user_N; keys not already present in `text` are
   * prepended ("@_user_1 hello"), as Lark renders a leading @bot.
   */
  mentions?: MentionSpec[];
  messageId?: string;
  userId?: string;
  unionId?: string;
  appId?: string;
  tenantKey?: string;
  /** ms since epoch; default now */
  createTime?: number;
  rootId?: string;
  parentId?: string;
  threadId?: string;
}

function rid(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

/** im.message.receive_v1, schema 2.0, a text message. */
export function messageEvent(s: MessageEventSpec): Json {
  const created = String(s.createTime ?? Date.now());
  const tenantKey = s.tenantKey ?? 'tenant_test';
  const mentions = (s.mentions ?? []).map((m, i) => ({
    key: m.key ?? `@_user_${i + 1}`,
    id: { union_id: m.unionId ?? `on_${m.openId}`, user_id: m.userId ?? `u_${m.openId}`, open_id: m.openId },
    name: m.name,
    tenant_key: tenantKey,
  }));
  let text = s.text;
  const missing = mentions.filter((m) => !text.includes(m.key)).map((m) => m.key);
  if (missing.length) text = `${missing.join(' ')} ${text}`;
  const message: Json = {
    message_id: s.messageId ?? rid('om_'),
    ...(s.rootId ? { root_id: s.rootId } : {}),
    ...(s.parentId ? { parent_id: s.parentId } : {}),
    create_time: created,
    update_time: created,
    chat_id: s.chatId,
    ...(s.threadId ? { thread_id: s.threadId } : {}),
    chat_type: s.chatType,
    message_type: 'text',
    content: JSON.stringify({ text }),
    ...(mentions.length ? { mentions } : {}),
    user_agent: 'Mozilla/5.0 Lark/7.30.0',
  };
  return {
    schema: '2.0',
    header: {
      event_id: s.eventId,
      event_type: 'im.message.receive_v1',
      create_time: created,
      token: s.token,
      app_id: s.appId ?? 'cli_test_app',
      tenant_key: tenantKey,
    },
    event: {
      sender: {
        sender_id: {
          union_id: s.unionId ?? `on_${s.openId}`,
          user_id: s.userId ?? `u_${s.openId}`,
          open_id: s.openId,
        },
        sender_type: 'user',
        tenant_key: tenantKey,
      },
      message,
    },
  };
}

export interface CardActionEventSpec {
  eventId: string;
  openId: string;
  chatId: string;
  messageId: string;
  value: unknown;
  token: string;
  /** action.tag; default "button" */
  tag?: string;
  /** action.form_value for form submissions */
  formValue?: Json;
  /** action.name */
  name?: string;
  userId?: string;
  unionId?: string;
  appId?: string;
  tenantKey?: string;
  createTime?: number;
}

/** card.action.trigger, schema 2.0. */
export function cardActionEvent(s: CardActionEventSpec): Json {
  const tenantKey = s.tenantKey ?? 'tenant_test';
  return {
    schema: '2.0',
    header: {
      event_id: s.eventId,
      token: s.token,
      create_time: String((s.createTime ?? Date.now()) * 1000),
      event_type: 'card.action.trigger',
      tenant_key: tenantKey,
      app_id: s.appId ?? 'cli_test_app',
    },
    event: {
      operator: {
        tenant_key: tenantKey,
        user_id: s.userId ?? `u_${s.openId}`,
        open_id: s.openId,
        union_id: s.unionId ?? `on_${s.openId}`,
      },
      token: rid('c-'),
      action: {
        value: s.value,
        tag: s.tag ?? 'button',
        ...(s.name ? { name: s.name } : {}),
        ...(s.formValue ? { form_value: s.formValue } : {}),
      },
      host: 'im_message',
      context: {
        open_message_id: s.messageId,
        open_chat_id: s.chatId,
      },
    },
  };
}

/** The URL verification challenge Lark sends when a callback URL is configured. */
export function urlVerification(s: { token: string; challenge: string }): Json {
  return { challenge: s.challenge, token: s.token, type: 'url_verification' };
}

/**
 * Builds a complete request: with encryptKey the body is `{encrypt}` and the
 * signature headers are set (as Lark does when an Encrypt Key is configured);
 * without it, the plain JSON body.
 */
export function larkRequest(
  obj: unknown,
  o: { encryptKey?: string; timestamp?: string | number; nonce?: string } = {},
): { body: string; headers: Record<string, string> } {
  if (o.encryptKey === undefined) {
    return { body: JSON.stringify(obj), headers: { 'Content-Type': 'application/json; charset=utf-8' } };
  }
  const body = JSON.stringify(encryptEvent(o.encryptKey, obj));
  const headers = signHeaders(o.encryptKey, body, {
    ...(o.timestamp !== undefined ? { timestamp: o.timestamp } : {}),
    ...(o.nonce !== undefined ? { nonce: o.nonce } : {}),
  });
  return { body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
}

/** POSTs a raw body to a bot's Lark webhook. body is JSON-parsed when possible. */
export async function postLarkWebhook(
  url: string,
  bodyString: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; text: string; headers: Record<string, string | string[] | undefined> }> {
  const hasCt = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  const r = await httpRequest(url, {
    method: 'POST',
    headers: { ...(hasCt ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...headers },
    body: bodyString,
    timeoutMs: 30_000,
  });
  return { status: r.status, body: r.body, text: r.text, headers: r.headers };
}
