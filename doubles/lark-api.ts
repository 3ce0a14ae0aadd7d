// A local fake of the Lark/Feishu open API (node:http on 127.0.0.1, random port).
//
//   const lk = await startLarkDouble();
//   const client = new lark.Client({ appId, appSecret, domain: lk.url });
//
// Implements the token endpoints, message create/reply/patch/update/get and file
// upload, with Lark's auth check, uuid dedupe and per-chat rate limit.
import type * as http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { type UploadedFile, Waiters, parseBody, readBody, sendJson, startServer } from './http-util.js';
import { mulberry32 } from './telegram-api.js';

export type { UploadedFile } from './http-util.js';

export type Json = Record<string, any>;

export interface LarkDoubleOptions {
  /** If set, token requests must carry this app_id (else code 10003). */
  appId?: string;
  /** If set, token requests must carry this app_secret (else code 10014). */
  appSecret?: string;
  /** Messages per chat per second before HTTP 429 / 99991400; default 5. */
  ratePerChatPerSecond?: number;
  /** Messages per app per second (all chats); default: unlimited. */
  ratePerAppPerSecond?: number;
  /** uuid dedupe window; default 1 h. */
  dedupeWindowMs?: number;
  /** `expire` returned by the token endpoints, seconds; default 7200. */
  tokenExpireSeconds?: number;
  /** Random and per-chat faults on message create (see LarkChaos); also settable later by setChaos(). */
  chaos?: LarkChaos;
}

/**
 * Faults at random on POST /open-apis/im/v1/messages (message create), as a busy open API
 * answers: a share is answered 429 (99991400) or 5xx (2200). Some 5xx come after the message
 * was delivered, as when the gateway fails on the way back: the client cannot tell, and only
 * the uuid keeps its retry from showing twice. Chats in `chatFaults` get their fault on every
 * create (e.g. {status: 400, code: 230002}: the bot is not in the chat). Seeded PRNG.
 */
export interface LarkChaos {
  /** share of creates answered 429; default 0 */
  rate429?: number;
  /** share of creates answered 500; default 0 */
  rate5xx?: number;
  /** of those 5xx, the share answered after the message was delivered; default 0.5 */
  after5xxShare?: number;
  /** x-ogw-ratelimit-reset of the random 429s, seconds; default 1 */
  resetSeconds?: number;
  /** PRNG seed; default 1 */
  seed?: number;
  /** receive_id → the fault every create to it gets */
  chatFaults?: Record<string, LarkFault>;
}

export interface LarkFault {
  /** HTTP status: 500, 429, 400, 200 (a business error in a 200) … */
  status: number;
  /** Lark code in the body; defaults: 429 → 99991400, 5xx → 2200, else 1 */
  code?: number;
  msg?: string;
  /** for 429: value of x-ogw-ratelimit-reset; default 1 */
  resetSeconds?: number;
}

export interface LarkCall {
  /** HTTP method */
  method: string;
  /** path without the query string */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** JSON body, or the non-file fields of a multipart body */
  body: Json;
  files: UploadedFile[];
  /** arrival time, ms since epoch */
  time: number;
  status: number;
  response: unknown;
  injected?: boolean;
  /** answered from the chaos option; '5xx-after' = delivered, then answered 500 */
  chaos?: '429' | '5xx' | '5xx-after' | 'chat';
  /** a create/reply whose uuid was already used (answered with the first message) */
  duplicate?: boolean;
  rateLimited?: boolean;
}

export interface LarkMessage {
  messageId: string;
  /** chat the message landed in (for receive_id_type=chat_id the receive_id) */
  chatId: string | undefined;
  receiveId?: string;
  receiveIdType?: string;
  msgType: string;
  /** current content, parsed (after PATCH/PUT updates) */
  content: any;
  /** current content string as sent */
  rawContent: string;
  /** every version of the content, parsed, oldest first */
  versions: any[];
  uuid?: string;
  /** for replies: the message replied to */
  parentId?: string;
  rootId?: string;
  replyInThread?: boolean;
  via: 'create' | 'reply';
  createTime: number;
  updated: boolean;
}

export interface LarkUpload {
  fileKey: string;
  fileType: string;
  fileName: string;
  size: number;
  content: Buffer;
  text: string;
}

export interface InboundNote {
  messageId: string;
  chatId: string;
  chatType?: 'p2p' | 'group';
  openId?: string;
}

export interface LarkDouble {
  /** Base URL, usable as the SDK `domain`. */
  readonly url: string;
  readonly port: number;
  readonly calls: LarkCall[];
  readonly uploads: LarkUpload[];
  /** create/reply calls answered from the uuid dedupe cache */
  readonly duplicates: LarkCall[];
  /** next N requests whose path (or "METHOD path") contains / matches the pattern fail */
  inject(pathPattern: string | RegExp, fault: LarkFault, times?: number): void;
  clearInjections(): void;
  /** Replaces the chaos option (undefined: off); the PRNG restarts from its seed. */
  setChaos(chaos: LarkChaos | undefined): void;
  /** Delivered messages in order; with chatId only those of that chat (or receive_id). */
  messages(chatId?: string): LarkMessage[];
  message(messageId: string): LarkMessage | undefined;
  /**
   * Tell the double about an inbound user message (e.g. the event you post to the
   * bot), so replies to it land in the right chat and p2p open_id sends map to it.
   * Accepts an InboundNote or a schema-2.0 im.message.receive_v1 event body.
   */
  noteInbound(note: InboundNote | Json): void;
  /** Invalidate every tenant token issued so far (next im call → 99991663). */
  expireTokens(): void;
  waitFor(pred: (c: LarkCall) => boolean, timeoutMs?: number): Promise<LarkCall>;
  waitForMessage(pred: (m: LarkMessage) => boolean, timeoutMs?: number): Promise<LarkMessage>;
  close(): Promise<void>;
}

/**
 * Tokens issued by any double in this process. The SDK caches tenant tokens in a
 * process-wide cache keyed by appId, so a later double must accept a token an
 * earlier one issued for the same app.
 */
const ISSUED_TOKENS = new Set<string>();

const MSG_TYPES = new Set(['text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user', 'system']);

class LarkError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Json = {},
  ) {
    super(msg);
  }
}

const invalidParam = (ext: string): LarkError => new LarkError(400, 230001, `Your request contains an invalid request parameter, ext=${ext}`);
const fieldViolation = (field: string): LarkError =>
  new LarkError(
    400,
    99992402,
    'field validation failed',
    {},
    {
      error: { field_violations: [{ field, description: `${field} is required` }] },
    },
  );

function hex(n: number): string {
  return randomBytes(n).toString('hex');
}

export async function startLarkDouble(opts: LarkDoubleOptions = {}): Promise<LarkDouble> {
  const perChat = opts.ratePerChatPerSecond ?? 5;
  const perApp = opts.ratePerAppPerSecond ?? Number.POSITIVE_INFINITY;
  const dedupeWindow = opts.dedupeWindowMs ?? 3_600_000;
  const expire = opts.tokenExpireSeconds ?? 7200;

  const calls: LarkCall[] = [];
  const duplicates: LarkCall[] = [];
  const delivered: LarkMessage[] = [];
  const byId = new Map<string, LarkMessage>();
  const uploads: LarkUpload[] = [];
  const uploadKeys = new Set<string>();
  const uuidCache = new Map<string, { msg: LarkMessage; at: number }>();
  const inbound = new Map<string, string>(); // message_id → chat_id
  const p2pChats = new Map<string, string>(); // open_id → chat_id
  const sendTimes = new Map<string, number[]>();
  const appTimes: number[] = [];
  const revoked = new Set<string>();
  const injections: { pattern: string | RegExp; fault: LarkFault; remaining: number }[] = [];
  const callWaiters = new Waiters<LarkCall>();
  const msgWaiters = new Waiters<LarkMessage>();
  let generation = 1;

  const tokenFor = (appId: string): string => `t-${createHash('sha256').update(`${appId}\u0000${generation}`).digest('hex').slice(0, 40)}`;

  const checkAuth = (headers: http.IncomingHttpHeaders): void => {
    const m = /^Bearer\s+(\S+)$/i.exec(String(headers['authorization'] ?? ''));
    const tok = m?.[1];
    if (!tok || !ISSUED_TOKENS.has(tok) || revoked.has(tok)) {
      throw new LarkError(400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }
  };

  const rateCheck = (chatKey: string): void => {
    const now = Date.now();
    const win = (arr: number[]): number[] => {
      while (arr.length && (arr[0] ?? 0) <= now - 1000) arr.shift();
      return arr;
    };
    let times = sendTimes.get(chatKey);
    if (!times) {
      times = [];
      sendTimes.set(chatKey, times);
    }
    win(times);
    win(appTimes);
    const over = (arr: number[], limit: number): LarkError | undefined => {
      if (arr.length < limit) return undefined;
      const reset = Math.max(1, Math.ceil(((arr[0] ?? now) + 1000 - now) / 1000));
      return new LarkError(429, 99991400, 'request trigger frequency limit', {
        'x-ogw-ratelimit-limit': String(limit),
        'x-ogw-ratelimit-reset': String(reset),
      });
    };
    const err = over(times, perChat) ?? over(appTimes, perApp);
    if (err) throw err;
    times.push(now);
    appTimes.push(now);
  };

  const parseContent = (msgType: unknown, content: unknown): any => {
    if (typeof msgType !== 'string' || !msgType) throw fieldViolation('msg_type');
    if (!MSG_TYPES.has(msgType)) throw invalidParam(`invalid msg_type ${msgType}`);
    if (typeof content !== 'string' || !content) throw fieldViolation('content');
    let parsed: any;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw invalidParam('content is not a string in json format.');
    }
    if (parsed === null || typeof parsed !== 'object') throw invalidParam('content is not a string in json format.');
    const bytes = Buffer.byteLength(content, 'utf8');
    if (msgType === 'text' && typeof parsed.text !== 'string') throw invalidParam('text content needs a "text" string');
    if ((msgType === 'text' || msgType === 'post') && bytes > 150 * 1024) {
      throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
    }
    if (msgType === 'interactive' && bytes > 30 * 1024) {
      throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
    }
    if (msgType === 'file' && !uploadKeys.has(String(parsed.file_key))) throw invalidParam('invalid file_key');
    return parsed;
  };

  const deliver = (m: LarkMessage): void => {
    delivered.push(m);
    byId.set(m.messageId, m);
    msgWaiters.notify(m);
  };

  const messageData = (m: LarkMessage): Json => ({
    message_id: m.messageId,
    ...(m.rootId ? { root_id: m.rootId } : {}),
    ...(m.parentId ? { parent_id: m.parentId } : {}),
    msg_type: m.msgType,
    create_time: String(m.createTime),
    update_time: String(Date.now()),
    deleted: false,
    updated: m.updated,
    chat_id: m.chatId ?? '',
    sender: { id: opts.appId ?? 'cli_test_app', id_type: 'app_id', sender_type: 'app', tenant_key: 'tenant_test' },
    body: { content: m.rawContent },
  });

  const dedupe = (uuid: unknown, call: LarkCall): Json | undefined => {
    if (typeof uuid !== 'string' || !uuid) return undefined;
    const hit = uuidCache.get(uuid);
    if (!hit || Date.now() - hit.at > dedupeWindow) return undefined;
    call.duplicate = true;
    duplicates.push(call);
    return messageData(hit.msg);
  };

  const createMessage = (call: LarkCall): Json => {
    const ridType = call.query['receive_id_type'];
    if (!ridType) throw fieldViolation('receive_id_type');
    if (!['open_id', 'user_id', 'union_id', 'email', 'chat_id'].includes(ridType)) {
      throw invalidParam(`invalid receive_id_type ${ridType}`);
    }
    const b = call.body;
    if (typeof b['receive_id'] !== 'string' || !b['receive_id']) throw fieldViolation('receive_id');
    const receiveId: string = b['receive_id'];
    const content = parseContent(b['msg_type'], b['content']);
    const dup = dedupe(b['uuid'], call);
    if (dup) return dup;
    const chatId = ridType === 'chat_id' ? receiveId : (p2pChats.get(receiveId) ?? `oc_p2p_${receiveId}`);
    rateCheck(chatId);
    const m: LarkMessage = {
      messageId: `om_${hex(16)}`,
      chatId,
      receiveId,
      receiveIdType: ridType,
      msgType: b['msg_type'],
      content,
      rawContent: b['content'],
      versions: [content],
      via: 'create',
      createTime: Date.now(),
      updated: false,
      ...(b['uuid'] ? { uuid: String(b['uuid']) } : {}),
    };
    if (m.uuid) uuidCache.set(m.uuid, { msg: m, at: Date.now() });
    deliver(m);
    return messageData(m);
  };

  const replyMessage = (call: LarkCall, parentId: string): Json => {
    const b = call.body;
    const content = parseContent(b['msg_type'], b['content']);
    const dup = dedupe(b['uuid'], call);
    if (dup) return dup;
    const parent = byId.get(parentId);
    const chatId = parent?.chatId ?? inbound.get(parentId);
    rateCheck(chatId ?? `unknown:${parentId}`);
    const m: LarkMessage = {
      messageId: `om_${hex(16)}`,
      chatId,
      msgType: b['msg_type'],
      content,
      rawContent: b['content'],
      versions: [content],
      parentId,
      rootId: parent?.rootId ?? parentId,
      via: 'reply',
      createTime: Date.now(),
      updated: false,
      ...(b['reply_in_thread'] ? { replyInThread: true } : {}),
      ...(b['uuid'] ? { uuid: String(b['uuid']) } : {}),
    };
    if (m.uuid) uuidCache.set(m.uuid, { msg: m, at: Date.now() });
    deliver(m);
    return messageData(m);
  };

  const updateMessage = (call: LarkCall, id: string, kind: 'patch' | 'put'): Json => {
    const m = byId.get(id);
    if (!m) throw invalidParam(`invalid message_id ${id}`);
    const b = call.body;
    if (kind === 'patch') {
      if (m.msgType !== 'interactive')
        throw new LarkError(400, 230001, 'Your request contains an invalid request parameter, ext=only interactive messages can be patched');
      const content = parseContent('interactive', b['content']);
      m.content = content;
      m.rawContent = b['content'];
      m.versions.push(content);
      m.updated = true;
      return {};
    }
    const msgType = b['msg_type'];
    if (msgType !== 'text' && msgType !== 'post') throw invalidParam('only text and post messages can be edited');
    if (m.msgType !== 'text' && m.msgType !== 'post')
      throw new LarkError(400, 230001, 'Your request contains an invalid request parameter, ext=message type can not be edited');
    const content = parseContent(msgType, b['content']);
    m.msgType = msgType;
    m.content = content;
    m.rawContent = b['content'];
    m.versions.push(content);
    m.updated = true;
    return messageData(m);
  };

  const uploadFile = (call: LarkCall): Json => {
    const fileType = call.body['file_type'];
    const fileName = call.body['file_name'];
    if (!fileType) throw fieldViolation('file_type');
    if (!fileName) throw fieldViolation('file_name');
    const f = call.files.find((x) => x.field === 'file');
    if (!f) throw fieldViolation('file');
    if (f.size === 0) throw new LarkError(400, 234010, 'File size can not be 0.');
    if (f.size > 30 * 1024 * 1024) throw new LarkError(400, 234006, 'The file size exceeds the limit.');
    const fileKey = `file_v3_00${hex(12)}`;
    uploadKeys.add(fileKey);
    uploads.push({ fileKey, fileType: String(fileType), fileName: String(fileName), size: f.size, content: f.content, text: f.text });
    return { file_key: fileKey };
  };

  const takeInjection = (method: string, path: string): LarkFault | undefined => {
    const full = `${method} ${path}`;
    for (const inj of injections) {
      if (inj.remaining <= 0) continue;
      const hit = typeof inj.pattern === 'string' ? path.includes(inj.pattern) || full.includes(inj.pattern) : inj.pattern.test(path) || inj.pattern.test(full);
      if (!hit) continue;
      inj.remaining--;
      return inj.fault;
    }
    return undefined;
  };

  const route = (call: LarkCall): Json => {
    const { method, path } = call;
    if (method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') return tokenResponse(call, false);
    if (method === 'POST' && path === '/open-apis/auth/v3/app_access_token/internal') return tokenResponse(call, true);
    if (!path.startsWith('/open-apis/im/')) throw new LarkError(404, 404, '404 page not found');
    checkAuth(call.headers);
    if (method === 'POST' && path === '/open-apis/im/v1/messages') return ok(createMessage(call));
    if (method === 'POST' && path === '/open-apis/im/v1/files') return ok(uploadFile(call));
    const rm = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (method === 'POST' && rm) return ok(replyMessage(call, decodeURIComponent(rm[1] ?? '')));
    const mm = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
    if (mm) {
      const id = decodeURIComponent(mm[1] ?? '');
      if (method === 'PATCH') return ok(updateMessage(call, id, 'patch'));
      if (method === 'PUT') return ok(updateMessage(call, id, 'put'));
      if (method === 'GET') {
        const m = byId.get(id);
        if (!m) throw invalidParam(`invalid message_id ${id}`);
        return ok({ items: [messageData(m)] });
      }
    }
    throw new LarkError(404, 404, '404 page not found');
  };

  const ok = (data: Json): Json => ({ code: 0, msg: 'success', data });

  const tokenResponse = (call: LarkCall, app: boolean): Json => {
    const b = call.body;
    const appId = b['app_id'];
    if (typeof appId !== 'string' || !appId || (opts.appId !== undefined && appId !== opts.appId)) {
      throw new LarkError(400, 10003, 'invalid param');
    }
    if (typeof b['app_secret'] !== 'string' || (opts.appSecret !== undefined && b['app_secret'] !== opts.appSecret)) {
      throw new LarkError(400, 10014, 'app secret invalid');
    }
    const tok = tokenFor(appId);
    ISSUED_TOKENS.add(tok);
    revoked.delete(tok);
    if (app) return { code: 0, msg: 'ok', app_access_token: `a-${tok.slice(2)}`, tenant_access_token: tok, expire };
    return { code: 0, msg: 'ok', tenant_access_token: tok, expire };
  };

  const record = (call: LarkCall): void => {
    calls.push(call);
    callWaiters.notify(call);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const time = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const call: LarkCall = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query,
      headers: req.headers,
      body: {},
      files: [],
      time,
      status: 0,
      response: undefined,
    };
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      call.response = body;
      if (typeof body === 'string') {
        if (!res.writableEnded && !res.destroyed) {
          res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
          res.end(body);
        }
      } else sendJson(res, status, body, headers);
      record(call);
    };
    const fail = (e: LarkError): void => {
      if (e.code === 404 && e.status === 404) return reply(404, e.msg);
      reply(e.status, { code: e.code, msg: e.msg, ...e.extra }, e.headers);
    };
    try {
      const raw = await readBody(req);
      const parsed = parseBody(raw, req.headers['content-type']);
      call.body = parsed.fields;
      call.files = parsed.files;
    } catch {
      return fail(new LarkError(400, 9499, 'Bad Request'));
    }
    let fault = takeInjection(call.method, call.path);
    if (!fault && chaos && call.method === 'POST' && call.path === '/open-apis/im/v1/messages') {
      const chatFault = chaos.chatFaults?.[String(call.body['receive_id'])];
      const r = random();
      const r429 = chaos.rate429 ?? 0;
      if (chatFault) {
        call.chaos = 'chat';
        fault = chatFault;
      } else if (r < r429) {
        call.chaos = '429';
        fault = { status: 429, resetSeconds: chaos.resetSeconds ?? 1 };
      } else if (r < r429 + (chaos.rate5xx ?? 0)) {
        fault = { status: 500 };
        if (random() < (chaos.after5xxShare ?? 0.5)) {
          call.chaos = '5xx-after';
          try {
            route(call); // delivered (unless the request was refused anyway), then the answer is lost
          } catch (e) {
            if (e instanceof LarkError) {
              if (e.code === 99991400) call.rateLimited = true;
              return fail(e);
            }
            throw e;
          }
        } else call.chaos = '5xx';
      }
    }
    if (fault) {
      call.injected = true;
      if (fault.status === 429) {
        call.rateLimited = true;
        const reset = fault.resetSeconds ?? 1;
        return fail(
          new LarkError(429, fault.code ?? 99991400, fault.msg ?? 'request trigger frequency limit', {
            'x-ogw-ratelimit-limit': String(perChat),
            'x-ogw-ratelimit-reset': String(reset),
          }),
        );
      }
      return fail(
        new LarkError(fault.status, fault.code ?? (fault.status >= 500 ? 2200 : 1), fault.msg ?? (fault.status >= 500 ? 'Internal Error' : 'injected error')),
      );
    }
    try {
      reply(200, route(call));
    } catch (e) {
      if (e instanceof LarkError) {
        if (e.code === 99991400) call.rateLimited = true;
        fail(e);
      } else fail(new LarkError(500, 2200, `Internal Error: ${(e as Error)?.message ?? String(e)}`));
    }
  };

  let chaos = opts.chaos;
  let random = mulberry32(chaos?.seed ?? 1);

  const srv = await startServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendJson(res, 500, { code: 2200, msg: `double crashed: ${String(e)}` }));
  });

  let closed = false;
  return {
    url: srv.url,
    port: srv.port,
    calls,
    uploads,
    duplicates,
    inject(pathPattern, fault, times = 1) {
      injections.push({ pattern: pathPattern, fault, remaining: times });
    },
    clearInjections() {
      injections.length = 0;
    },
    setChaos(next) {
      chaos = next;
      random = mulberry32(next?.seed ?? 1);
    },
    messages(chatId) {
      return chatId === undefined ? [...delivered] : delivered.filter((m) => m.chatId === chatId || m.receiveId === chatId);
    },
    message(messageId) {
      return byId.get(messageId);
    },
    noteInbound(note) {
      const n = note as Json;
      const msg = n['event']?.['message'];
      if (msg) {
        inbound.set(String(msg.message_id), String(msg.chat_id));
        const openId = n['event']?.['sender']?.['sender_id']?.['open_id'];
        if (msg.chat_type === 'p2p' && openId) p2pChats.set(String(openId), String(msg.chat_id));
        return;
      }
      inbound.set(String(n['messageId']), String(n['chatId']));
      if (n['chatType'] === 'p2p' && n['openId']) p2pChats.set(String(n['openId']), String(n['chatId']));
    },
    expireTokens() {
      for (const t of ISSUED_TOKENS) revoked.add(t);
      generation++;
    },
    waitFor(pred, timeoutMs = 5_000) {
      return callWaiters.wait(
        calls,
        pred,
        timeoutMs,
        () =>
          `last calls: ${
            calls
              .slice(-8)
              .map((c) => `${c.method} ${c.path}→${c.status}`)
              .join(', ') || '(none)'
          }`,
      );
    },
    waitForMessage(pred, timeoutMs = 5_000) {
      return msgWaiters.wait(delivered, pred, timeoutMs, () => `${delivered.length} messages delivered`);
    },
    async close() {
      if (!closed) {
        closed = true;
        callWaiters.rejectAll('lark double closed');
        msgWaiters.rejectAll('lark double closed');
      }
      await srv.close();
    },
  };
}
