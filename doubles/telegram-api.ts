// A local fake of the Telegram Bot API (node:http on 127.0.0.1, random port).
//
//   const tg = await startTelegramDouble();
//   const bot = new Bot(tg.token, { client: { apiRoot: tg.url } });
//
// Requests arrive as POST/GET /bot<TOKEN>/<method> with a JSON, multipart or
// urlencoded body. Every call is recorded in `tg.calls`.
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Update } from 'grammy/types';
import { type UploadedFile, Waiters, httpRequest, parseBody, readBody, sendJson, startServer } from './http-util.js';
import { parseTelegramHtml } from './telegram-html.js';

export type { UploadedFile } from './http-util.js';
export { parseTelegramHtml } from './telegram-html.js';

export type Json = Record<string, any>;

export interface TelegramDoubleOptions {
  /** Bot token accepted in /bot<TOKEN>/…; default "123456789:TEST-double-token". */
  token?: string;
  /** Overrides for the getMe result. */
  botInfo?: Json;
  /** Upper bound (seconds) for how long getUpdates holds a request; default 1. */
  maxPollSeconds?: number;
  /** First update_id handed out; default 1000. */
  firstUpdateId?: number;
  /** Flood control like Telegram's: sends per second in all / per chat, answered with 429 past it. Off by default. */
  floodLimit?: { perSecond: number; perChatPerSecond: number };
  /** Random and per-chat faults on the send methods (see TelegramChaos); also settable later by setChaos(). */
  chaos?: TelegramChaos;
}

/**
 * Faults at random, as a busy Bot API answers: a share of the calls to `methods` is answered 429
 * or 5xx instead (never delivered: Telegram does not deliver a message it answered with an
 * error), and chats in `chatFaults` get their fault on every such call (e.g. 403 blocked).
 * Drawn from a seeded PRNG, so a run's fault rate is reproducible.
 */
export interface TelegramChaos {
  /** share of calls answered 429 (retry_after = retryAfter); default 0 */
  rate429?: number;
  /** share of calls answered 500 or 502; default 0 */
  rate5xx?: number;
  /** retry_after in seconds for the random 429s; default 1 */
  retryAfter?: number;
  /** PRNG seed; default 1 */
  seed?: number;
  /** methods hit; default ['sendMessage'] */
  methods?: string[];
  /** chat id → the fault every call to that chat gets, e.g. {status: 403} (bot was blocked by the user) */
  chatFaults?: Record<string, TelegramFault>;
}

export interface TelegramFault {
  /** 429 (flood wait), 500/502 (server), 403 (blocked), 400 (any bad request)… */
  status: number;
  /** seconds for 429; default 1 */
  retryAfter?: number;
  /** overrides the default description */
  description?: string;
  /** only calls whose chat_id equals this are hit */
  chatId?: number | string;
}

export interface TelegramCall {
  method: string;
  /** parameters after parsing (JSON-ish form fields such as reply_markup are parsed) */
  params: Json;
  /** arrival time, ms since epoch */
  time: number;
  httpMethod: string;
  /** HTTP status answered (0 if the client went away first) */
  status: number;
  ok: boolean;
  result?: any;
  error?: { error_code: number; description: string; parameters?: Json };
  /** files uploaded in a multipart body */
  files: UploadedFile[];
  /** answered from an .inject() fault */
  injected?: boolean;
  /** answered from the chaos option: a random 429 or 5xx, or the chat's fault */
  chaos?: '429' | '5xx' | 'chat';
  /** the client disconnected before the answer (e.g. an aborted long poll) */
  aborted?: boolean;
}

export interface SentRecord {
  chatId: string;
  messageId: number;
  kind: 'send' | 'edit';
  /** text exactly as the bot sent it (HTML/Markdown markup included) */
  text: string;
  /** visible text after parsing markup */
  plain: string;
  parseMode?: string;
  replyMarkup?: Json;
}

export interface DocumentRecord {
  chatId: string;
  messageId: number;
  filename: string;
  size: number;
  content: Buffer;
  /** content as UTF-8 */
  text: string;
  caption?: string;
  /** set when the document was sent by file_id/URL instead of an upload */
  reference?: string;
}

interface StoredMessage {
  message: Json;
  byBot: boolean;
  rawText?: string;
  parseMode?: string;
  markupJson?: string;
}

interface ChatState {
  nextId: number;
  messages: Map<number, StoredMessage>;
}

interface PendingPoll {
  limit: number;
  done: boolean;
  finish(err?: TgError): void;
}

/** Throw this from a custom handler (see .on()) to answer with a Bot API error. */
export class TgError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Json,
  ) {
    super(description);
  }
}

export type MethodHandler = (params: Json, call: TelegramCall) => unknown;

export interface TelegramDouble {
  /** apiRoot for grammY, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly botInfo: Json;
  /** every call, in order of completion */
  readonly calls: TelegramCall[];
  /** updates queued and not yet confirmed */
  readonly pendingUpdates: readonly Update[];
  /** the webhook set by setWebhook, if any */
  readonly webhook: Json | undefined;
  /** commands set by setMyCommands (key: `${scope.type}|${language_code}`; a chat scope is `chat:${chat_id}|…`) */
  readonly commands: Map<string, Json[]>;
  inject(method: string, fault: TelegramFault, times?: number): void;
  clearInjections(): void;
  /** Replaces the chaos option (undefined: off); the PRNG restarts from its seed. */
  setChaos(chaos: TelegramChaos | undefined): void;
  /** Replace or add a method implementation. */
  on(method: string, handler: MethodHandler): void;
  pushUpdate(update: Json): Update;
  userMessage(chatId: number, text: string, from?: Json): Update;
  callback(chatId: number, messageId: number, data: string, from?: Json): Update;
  /** POSTs an update to a bot webhook; returns the HTTP status. */
  postWebhook(url: string, update: Json, secret?: string): Promise<number>;
  /** Resolves with the first call (already recorded or arriving later) matching pred. */
  waitFor(pred: (c: TelegramCall) => boolean, timeoutMs?: number): Promise<TelegramCall>;
  /** Texts sent (sendMessage) or edited (editMessageText) to the chat, in order, as sent. */
  sent(chatId: number | string): string[];
  /** Same as sent() but visible text (markup removed, entities decoded). */
  sentPlain(chatId: number | string): string[];
  /** Full send/edit log, optionally for one chat. */
  sentLog(chatId?: number | string): SentRecord[];
  /** Current state of the messages the bot sent in a chat (after edits). */
  botMessages(chatId: number | string): Json[];
  documents(chatId?: number | string): DocumentRecord[];
  close(): Promise<void>;
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const DEFAULT_FAULT_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function normalizeParams(fields: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep string */
      }
    }
    out[k] = v;
  }
  return out;
}

function chatObject(chatId: string): Json {
  const n = Number(chatId);
  if (!Number.isFinite(n)) return { id: -1001000000000, type: 'channel', title: chatId, username: chatId.replace(/^@/, '') };
  if (n > 0) return { id: n, type: 'private', first_name: 'Test', last_name: 'User', username: `user${n}` };
  if (n <= -1_000_000_000_000) return { id: n, type: 'supergroup', title: `Test Group ${-n}` };
  return { id: n, type: 'group', title: `Test Group ${-n}`, all_members_are_administrators: true };
}

function defaultUser(chatId: number, from?: Json): Json {
  const id = chatId > 0 ? chatId : 424242;
  return {
    id,
    is_bot: false,
    first_name: 'Test',
    last_name: 'User',
    username: `user${id}`,
    language_code: 'zh-hans',
    ...(from ?? {}),
  };
}

function commandEntities(text: string): Json[] {
  const out: Json[] = [];
  const re = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const cmd = m[2] ?? '';
    out.push({ type: 'bot_command', offset: m.index + (m[1] ?? '').length, length: cmd.length });
  }
  return out;
}

function parseText(text: string, parseMode: unknown): string {
  if (typeof parseMode === 'string' && parseMode.toUpperCase() === 'HTML') {
    const r = parseTelegramHtml(text);
    if (!r.ok) throw new TgError(400, `Bad Request: can't parse entities: ${r.error}`);
    return r.text;
  }
  return text;
}

function validateMarkup(markup: unknown): void {
  if (markup === undefined || markup === null) return;
  if (typeof markup !== 'object') throw new TgError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  const kb = (markup as Json)['inline_keyboard'];
  if (kb === undefined) return;
  if (!Array.isArray(kb)) throw new TgError(400, 'Bad Request: field "inline_keyboard" must be an Array');
  for (const row of kb) {
    if (!Array.isArray(row)) throw new TgError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays');
    for (const b of row as Json[]) {
      if (!b || typeof b.text !== 'string') throw new TgError(400, 'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String');
      if (b.callback_data !== undefined) {
        const len = Buffer.byteLength(String(b.callback_data), 'utf8');
        if (len < 1 || len > 64) throw new TgError(400, 'Bad Request: BUTTON_DATA_INVALID');
      } else if (b.url !== undefined) {
        let ok = false;
        try {
          ok = /^(https?|tg):$/.test(new URL(String(b.url)).protocol);
        } catch {
          ok = false;
        }
        if (!ok) throw new TgError(400, 'Bad Request: BUTTON_URL_INVALID');
      } else if (
        ![
          'login_url',
          'switch_inline_query',
          'switch_inline_query_current_chat',
          'switch_inline_query_chosen_chat',
          'callback_game',
          'pay',
          'web_app',
          'copy_text',
        ].some((k) => b[k] !== undefined)
      ) {
        throw new TgError(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
    }
  }
}

function inlineMarkup(markup: unknown): Json | undefined {
  if (markup && typeof markup === 'object' && Array.isArray((markup as Json)['inline_keyboard'])) {
    return markup as Json;
  }
  return undefined;
}

export async function startTelegramDouble(opts: TelegramDoubleOptions = {}): Promise<TelegramDouble> {
  const token = opts.token ?? '123456789:TEST-double-token';
  const maxPoll = opts.maxPollSeconds ?? 1;
  const botIdFromToken = Number(/^(\d+):/.exec(token)?.[1] ?? 123456789);
  const botInfo: Json = {
    id: botIdFromToken,
    is_bot: true,
    first_name: 'Shenbao Test Bot',
    username: 'shenbao_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    ...(opts.botInfo ?? {}),
  };
  const botUser: Json = {
    id: botInfo['id'],
    is_bot: true,
    first_name: botInfo['first_name'],
    username: botInfo['username'],
  };

  const calls: TelegramCall[] = [];
  const waiters = new Waiters<TelegramCall>();
  const chats = new Map<string, ChatState>();
  const log: SentRecord[] = [];
  const docs: DocumentRecord[] = [];
  const injections: { method: string; fault: TelegramFault; remaining: number }[] = [];
  const custom = new Map<string, MethodHandler>();
  const answeredQueries = new Set<string>();
  const commands = new Map<string, Json[]>();
  let queue: Update[] = [];
  let nextUpdateId = opts.firstUpdateId ?? 1000;
  let pendingPoll: PendingPoll | undefined;
  let webhook: Json | undefined;
  let closed = false;

  const chatState = (chatId: string): ChatState => {
    let s = chats.get(chatId);
    if (!s) {
      s = { nextId: 1, messages: new Map() };
      chats.set(chatId, s);
    }
    return s;
  };
  const requireChat = (p: Json): string => {
    const c = p['chat_id'];
    if (c === undefined || c === null || c === '') throw new TgError(400, 'Bad Request: chat_id is empty');
    return String(c);
  };
  const storeMessage = (chatId: string, msg: Json, byBot: boolean, extra: Partial<StoredMessage> = {}): void => {
    const s = chatState(chatId);
    const id = Number(msg['message_id']);
    if (!s.messages.has(id)) s.messages.set(id, { message: msg, byBot, ...extra });
    if (id >= s.nextId) s.nextId = id + 1;
  };
  const registerUpdate = (u: Json): void => {
    for (const k of ['message', 'edited_message', 'channel_post', 'edited_channel_post']) {
      const m = u[k];
      if (m?.chat && m.message_id !== undefined) storeMessage(String(m.chat.id), m, false);
    }
    const cq = u['callback_query'];
    if (cq?.message?.chat && cq.message.message_id !== undefined) {
      storeMessage(String(cq.message.chat.id), cq.message, Boolean(cq.message.from?.is_bot));
    }
  };
  const assignUpdateId = (u: Json): Update => {
    if (typeof u['update_id'] !== 'number') u['update_id'] = nextUpdateId++;
    else if (u['update_id'] >= nextUpdateId) nextUpdateId = u['update_id'] + 1;
    registerUpdate(u);
    return u as Update;
  };

  const replyTarget = (chatId: string, p: Json): Json | undefined => {
    const rp = p['reply_parameters'];
    const id = num(rp?.message_id ?? p['reply_to_message_id']);
    if (id === undefined) return undefined;
    const found = chats.get(chatId)?.messages.get(id);
    const allow = rp?.allow_sending_without_reply ?? p['allow_sending_without_reply'];
    if (!found) {
      if (allow) return undefined;
      throw new TgError(400, 'Bad Request: message to be replied not found');
    }
    return found.message;
  };

  const getBotMessage = (p: Json): { chatId: string; stored: StoredMessage } => {
    const chatId = requireChat(p);
    const id = num(p['message_id']);
    if (id === undefined) throw new TgError(400, 'Bad Request: message identifier is not specified');
    const stored = chats.get(chatId)?.messages.get(id);
    if (!stored) throw new TgError(400, 'Bad Request: message to edit not found');
    if (!stored.byBot) throw new TgError(400, "Bad Request: message can't be edited");
    return { chatId, stored };
  };

  const handlers: Record<string, (p: Json, call: TelegramCall, res: http.ServerResponse) => unknown> = {
    getMe: () => botInfo,
    logOut: () => true,
    close: () => true,
    getUpdates: (p, _call, res) => {
      if (webhook) {
        throw new TgError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      const offset = num(p['offset']);
      if (offset !== undefined && offset > 0) queue = queue.filter((u) => u.update_id >= offset);
      const limit = Math.min(Math.max(num(p['limit']) ?? 100, 1), 100);
      const take = (): Update[] => (offset !== undefined && offset < 0 ? queue.slice(offset).slice(0, limit) : queue.slice(0, limit));
      const timeout = Math.min(Math.max(num(p['timeout']) ?? 0, 0), maxPoll);
      const now = take();
      if (now.length > 0 || timeout <= 0 || closed) return now;
      if (pendingPoll && !pendingPoll.done) {
        pendingPoll.finish(new TgError(409, DEFAULT_FAULT_TEXT[409] ?? 'Conflict'));
      }
      return new Promise<Update[]>((resolve, reject) => {
        const poll: PendingPoll = {
          limit,
          done: false,
          finish(err?: TgError) {
            if (poll.done) return;
            poll.done = true;
            clearTimeout(timer);
            if (pendingPoll === poll) pendingPoll = undefined;
            if (err) reject(err);
            else resolve(take());
          },
        };
        const timer = setTimeout(() => poll.finish(), timeout * 1000);
        res.once('close', () => poll.finish());
        pendingPoll = poll;
      });
    },
    setWebhook: (p) => {
      if (!p['url']) {
        webhook = undefined;
        return true;
      }
      webhook = { ...p };
      if (p['drop_pending_updates'] === true || p['drop_pending_updates'] === 'true') queue = [];
      pendingPoll?.finish(new TgError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
      return true;
    },
    deleteWebhook: (p) => {
      webhook = undefined;
      if (p['drop_pending_updates'] === true || p['drop_pending_updates'] === 'true') queue = [];
      return true;
    },
    getWebhookInfo: () => ({
      url: webhook?.['url'] ?? '',
      has_custom_certificate: false,
      pending_update_count: queue.length,
      ...(webhook?.['allowed_updates'] ? { allowed_updates: webhook['allowed_updates'] } : {}),
    }),
    setMyCommands: (p) => {
      const list = p['commands'];
      if (!Array.isArray(list)) throw new TgError(400, 'Bad Request: parameter "commands" is required');
      if (list.length > 100) throw new TgError(400, 'Bad Request: too many commands');
      for (const c of list as Json[]) {
        if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
          throw new TgError(400, 'Bad Request: BOT_COMMAND_INVALID');
        }
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
          throw new TgError(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      commands.set(commandScopeKey(p), list as Json[]);
      return true;
    },
    getMyCommands: (p) => commands.get(commandScopeKey(p)) ?? [],
    deleteMyCommands: (p) => {
      commands.delete(commandScopeKey(p));
      return true;
    },
    sendChatAction: (p) => {
      requireChat(p);
      return true;
    },
    getChat: (p) => chatObject(requireChat(p)),
    sendMessage: (p) => {
      const chatId = requireChat(p);
      const text = p['text'];
      if (typeof text !== 'string' || text.length === 0) throw new TgError(400, 'Bad Request: message text is empty');
      const plain = parseText(text, p['parse_mode']);
      if (plain.trim().length === 0) throw new TgError(400, 'Bad Request: message text is empty');
      if (plain.length > 4096) throw new TgError(400, 'Bad Request: message is too long');
      validateMarkup(p['reply_markup']);
      const replyTo = replyTarget(chatId, p);
      const s = chatState(chatId);
      const markup = inlineMarkup(p['reply_markup']);
      const msg: Json = {
        message_id: s.nextId++,
        from: botUser,
        chat: chatObject(chatId),
        date: Math.floor(Date.now() / 1000),
        text: plain,
        ...(replyTo ? { reply_to_message: replyTo } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      };
      s.messages.set(msg['message_id'], {
        message: msg,
        byBot: true,
        rawText: text,
        parseMode: p['parse_mode'],
        markupJson: JSON.stringify(markup ?? null),
      });
      log.push({
        chatId,
        messageId: msg['message_id'],
        kind: 'send',
        text,
        plain,
        ...(p['parse_mode'] ? { parseMode: String(p['parse_mode']) } : {}),
        ...(markup ? { replyMarkup: markup } : {}),
      });
      return msg;
    },
    editMessageText: (p) => {
      const text = p['text'];
      if (typeof text !== 'string' || text.length === 0) throw new TgError(400, 'Bad Request: message text is empty');
      const plain = parseText(text, p['parse_mode']);
      if (plain.trim().length === 0) throw new TgError(400, 'Bad Request: message text is empty');
      if (plain.length > 4096) throw new TgError(400, 'Bad Request: message is too long');
      validateMarkup(p['reply_markup']);
      if (p['inline_message_id'] !== undefined) return true;
      const { chatId, stored } = getBotMessage(p);
      if (stored.message['text'] === undefined) throw new TgError(400, 'Bad Request: there is no text in the message to edit');
      const markup = inlineMarkup(p['reply_markup']);
      const markupJson = JSON.stringify(markup ?? null);
      if (stored.rawText === text && (stored.parseMode ?? '') === (p['parse_mode'] ?? '') && stored.markupJson === markupJson) {
        throw new TgError(400, NOT_MODIFIED);
      }
      const msg: Json = { ...stored.message, text: plain, edit_date: Math.floor(Date.now() / 1000) };
      if (markup) msg['reply_markup'] = markup;
      else delete msg['reply_markup'];
      stored.message = msg;
      stored.rawText = text;
      stored.parseMode = p['parse_mode'];
      stored.markupJson = markupJson;
      log.push({
        chatId,
        messageId: msg['message_id'],
        kind: 'edit',
        text,
        plain,
        ...(p['parse_mode'] ? { parseMode: String(p['parse_mode']) } : {}),
        ...(markup ? { replyMarkup: markup } : {}),
      });
      return msg;
    },
    editMessageReplyMarkup: (p) => {
      validateMarkup(p['reply_markup']);
      if (p['inline_message_id'] !== undefined) return true;
      const { stored } = getBotMessage(p);
      const markup = inlineMarkup(p['reply_markup']);
      const markupJson = JSON.stringify(markup ?? null);
      if (stored.markupJson === markupJson) throw new TgError(400, NOT_MODIFIED);
      const msg: Json = { ...stored.message, edit_date: Math.floor(Date.now() / 1000) };
      if (markup) msg['reply_markup'] = markup;
      else delete msg['reply_markup'];
      stored.message = msg;
      stored.markupJson = markupJson;
      return msg;
    },
    deleteMessage: (p) => {
      const chatId = requireChat(p);
      const id = num(p['message_id']);
      const s = chats.get(chatId);
      if (id === undefined || !s?.messages.has(id)) throw new TgError(400, 'Bad Request: message to delete not found');
      s.messages.delete(id);
      return true;
    },
    answerCallbackQuery: (p) => {
      const id = p['callback_query_id'];
      if (id === undefined || id === '') throw new TgError(400, 'Bad Request: QUERY_ID_INVALID');
      if (typeof p['text'] === 'string' && p['text'].length > 200) throw new TgError(400, 'Bad Request: MESSAGE_TOO_LONG');
      if (answeredQueries.has(String(id))) {
        throw new TgError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      }
      answeredQueries.add(String(id));
      return true;
    },
    sendDocument: (p, call) => {
      const chatId = requireChat(p);
      const doc = p['document'];
      let file: UploadedFile | undefined;
      let reference: string | undefined;
      if (typeof doc === 'string' && doc.startsWith('attach://')) {
        const field = doc.slice('attach://'.length);
        file = call.files.find((f) => f.field === field);
        if (!file) throw new TgError(400, 'Bad Request: there is no document in the request');
      } else if (typeof doc === 'string' && doc.length > 0) {
        reference = doc;
      } else {
        file = call.files.find((f) => f.field === 'document');
        if (!file) throw new TgError(400, 'Bad Request: there is no document in the request');
      }
      if (file && file.size === 0) throw new TgError(400, 'Bad Request: file must be non-empty');
      if (file && file.size > 50 * 1024 * 1024) throw new TgError(413, 'Request Entity Too Large');
      let caption: string | undefined;
      if (typeof p['caption'] === 'string' && p['caption'].length > 0) {
        caption = parseText(p['caption'], p['parse_mode']);
        if (caption.length > 1024) throw new TgError(400, 'Bad Request: message caption is too long');
      }
      validateMarkup(p['reply_markup']);
      const replyTo = replyTarget(chatId, p);
      const s = chatState(chatId);
      const markup = inlineMarkup(p['reply_markup']);
      const fileId = `BQACAgIAAx${randomBytes(12).toString('hex')}`;
      const filename = file?.filename ?? reference?.split('/').pop() ?? 'document';
      const msg: Json = {
        message_id: s.nextId++,
        from: botUser,
        chat: chatObject(chatId),
        date: Math.floor(Date.now() / 1000),
        document: {
          file_name: filename,
          mime_type: file?.contentType ?? 'application/octet-stream',
          file_id: fileId,
          file_unique_id: fileId.slice(-16),
          file_size: file?.size ?? 0,
        },
        ...(caption !== undefined ? { caption } : {}),
        ...(replyTo ? { reply_to_message: replyTo } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      };
      s.messages.set(msg['message_id'], { message: msg, byBot: true, markupJson: JSON.stringify(markup ?? null) });
      docs.push({
        chatId,
        messageId: msg['message_id'],
        filename,
        size: file?.size ?? 0,
        content: file?.content ?? Buffer.alloc(0),
        text: file?.text ?? '',
        ...(caption !== undefined ? { caption } : {}),
        ...(reference !== undefined ? { reference } : {}),
      });
      return msg;
    },
  };
  const canonical = new Map<string, string>();
  for (const k of Object.keys(handlers)) canonical.set(k.toLowerCase(), k);

  const record = (call: TelegramCall): void => {
    calls.push(call);
    waiters.notify(call);
  };

  const takeInjection = (method: string, p: Json): TelegramFault | undefined => {
    for (const inj of injections) {
      if (inj.remaining <= 0) continue;
      if (inj.method !== '*' && inj.method.toLowerCase() !== method.toLowerCase()) continue;
      if (inj.fault.chatId !== undefined && String(inj.fault.chatId) !== String(p['chat_id'])) continue;
      inj.remaining--;
      return inj.fault;
    }
    return undefined;
  };

  let chaos = opts.chaos;
  let random = mulberry32(chaos?.seed ?? 1);
  const chaosFault = (method: string, p: Json): { fault: TelegramFault; kind: '429' | '5xx' | 'chat' } | undefined => {
    if (!chaos || !(chaos.methods ?? ['sendMessage']).some((m) => m.toLowerCase() === method.toLowerCase())) return undefined;
    const chatFault = chaos.chatFaults?.[String(p['chat_id'])];
    if (chatFault) return { fault: chatFault, kind: 'chat' };
    const r = random();
    const r429 = chaos.rate429 ?? 0;
    if (r < r429) return { fault: { status: 429, retryAfter: chaos.retryAfter ?? 1 }, kind: '429' };
    if (r < r429 + (chaos.rate5xx ?? 0)) return { fault: { status: random() < 0.5 ? 500 : 502 }, kind: '5xx' };
    return undefined;
  };

  // Sliding one-second windows of accepted sends, in all and per chat.
  const floodAll: number[] = [];
  const floodChats = new Map<string, number[]>();
  const flooded = (chatId: string, now: number): boolean => {
    const limit = opts.floodLimit!;
    const chat = floodChats.get(chatId) ?? [];
    floodChats.set(chatId, chat);
    for (const list of [floodAll, chat]) while (list.length && list[0]! <= now - 1000) list.shift();
    if (floodAll.length >= limit.perSecond || chat.length >= limit.perChatPerSecond) return true;
    floodAll.push(now);
    chat.push(now);
    return false;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const time = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: TelegramCall = {
      method: '',
      params: {},
      time,
      httpMethod: req.method ?? 'GET',
      status: 0,
      ok: false,
      files: [],
    };
    const answer = (status: number, body: Json): void => {
      call.status = res.destroyed || res.writableEnded ? 0 : status;
      if (call.status === 0) call.aborted = true;
      call.ok = body['ok'] === true;
      if (call.ok) call.result = body['result'];
      else {
        call.error = {
          error_code: body['error_code'],
          description: body['description'],
          ...(body['parameters'] ? { parameters: body['parameters'] } : {}),
        };
      }
      sendJson(res, status, body);
      record(call);
    };
    const fail = (e: TgError): void =>
      answer(e.code, {
        ok: false,
        error_code: e.code,
        description: e.description,
        ...(e.parameters ? { parameters: e.parameters } : {}),
      });

    const m = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    call.method = m?.[2] ?? url.pathname;
    try {
      const raw = await readBody(req);
      const body = parseBody(raw, req.headers['content-type']);
      const fields: Record<string, unknown> = {};
      for (const [k, v] of url.searchParams) fields[k] = v;
      Object.assign(fields, body.kind === 'json' ? {} : body.fields);
      call.params = body.kind === 'json' ? { ...normalizeParams(fields), ...body.fields } : normalizeParams(fields);
      call.files = body.files;
    } catch {
      fail(new TgError(400, "Bad Request: can't parse request body"));
      return;
    }
    if (!m) return fail(new TgError(404, 'Not Found'));
    if (decodeURIComponent(m[1] ?? '') !== token) return fail(new TgError(401, 'Unauthorized'));
    const name = canonical.get((m[2] ?? '').toLowerCase()) ?? m[2] ?? '';
    call.method = name;
    const injected = takeInjection(name, call.params);
    const chaotic = injected ? undefined : chaosFault(name, call.params);
    const fault = injected ?? chaotic?.fault;
    if (chaotic) call.chaos = chaotic.kind;
    if (fault) {
      call.injected = true;
      if (fault.status === 429) {
        const ra = fault.retryAfter ?? 1;
        return fail(new TgError(429, fault.description ?? `Too Many Requests: retry after ${ra}`, { retry_after: ra }));
      }
      return fail(new TgError(fault.status, fault.description ?? DEFAULT_FAULT_TEXT[fault.status] ?? `Error ${fault.status}`));
    }
    if (opts.floodLimit && /^send/.test(name) && flooded(String(call.params['chat_id'] ?? ''), time)) {
      return fail(new TgError(429, 'Too Many Requests: retry after 1', { retry_after: 1 }));
    }
    const h = custom.get(name.toLowerCase()) ?? handlers[name];
    if (!h) return fail(new TgError(404, 'Not Found'));
    try {
      const result = await h(call.params, call, res);
      answer(200, { ok: true, result });
    } catch (e) {
      if (e instanceof TgError) fail(e);
      else fail(new TgError(500, `Internal Server Error: ${(e as Error)?.message ?? String(e)}`));
    }
  };

  const srv = await startServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      sendJson(res, 500, { ok: false, error_code: 500, description: `double crashed: ${String(e)}` });
    });
  });

  const key = (c: number | string): string => String(c);

  const double: TelegramDouble = {
    url: srv.url,
    port: srv.port,
    token,
    botInfo,
    calls,
    get pendingUpdates() {
      return queue;
    },
    get webhook() {
      return webhook;
    },
    commands,
    inject(method, fault, times = 1) {
      injections.push({ method, fault, remaining: times });
    },
    clearInjections() {
      injections.length = 0;
    },
    setChaos(next) {
      chaos = next;
      random = mulberry32(next?.seed ?? 1);
    },
    on(method, handler) {
      custom.set(method.toLowerCase(), handler);
    },
    pushUpdate(update) {
      const u = assignUpdateId(update as Json);
      queue.push(u);
      queue.sort((a, b) => a.update_id - b.update_id);
      pendingPoll?.finish();
      return u;
    },
    userMessage(chatId, text, from) {
      const s = chatState(key(chatId));
      const entities = commandEntities(text);
      const message: Json = {
        message_id: s.nextId++,
        from: defaultUser(chatId, from),
        chat: chatObject(key(chatId)),
        date: Math.floor(Date.now() / 1000),
        text,
        ...(entities.length ? { entities } : {}),
      };
      return double.pushUpdate({ message } as Json);
    },
    callback(chatId, messageId, data, from) {
      const stored = chats.get(key(chatId))?.messages.get(messageId);
      const message: Json = stored?.message ?? {
        message_id: messageId,
        from: botUser,
        chat: chatObject(key(chatId)),
        date: Math.floor(Date.now() / 1000),
        text: '',
      };
      const user = defaultUser(chatId, from);
      const callback_query: Json = {
        id: `${Date.now()}${randomBytes(4).readUInt32BE(0)}`,
        from: user,
        message,
        chat_instance: String(-Math.abs(chatId) * 7919),
        data,
      };
      return double.pushUpdate({ callback_query } as Json);
    },
    async postWebhook(url, update, secret) {
      const u = assignUpdateId(update as Json);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
      const r = await httpRequest(url, { method: 'POST', headers, body: JSON.stringify(u), timeoutMs: 60_000 });
      return r.status;
    },
    waitFor(pred, timeoutMs = 5_000) {
      return waiters.wait(
        calls,
        pred,
        timeoutMs,
        () =>
          `last calls: ${
            calls
              .slice(-8)
              .map((c) => `${c.method}→${c.status}`)
              .join(', ') || '(none)'
          }`,
      );
    },
    sent(chatId) {
      return log.filter((r) => r.chatId === key(chatId)).map((r) => r.text);
    },
    sentPlain(chatId) {
      return log.filter((r) => r.chatId === key(chatId)).map((r) => r.plain);
    },
    sentLog(chatId) {
      return chatId === undefined ? [...log] : log.filter((r) => r.chatId === key(chatId));
    },
    botMessages(chatId) {
      const s = chats.get(key(chatId));
      if (!s) return [];
      return [...s.messages.values()].filter((m) => m.byBot).map((m) => m.message);
    },
    documents(chatId) {
      return chatId === undefined ? [...docs] : docs.filter((d) => d.chatId === key(chatId));
    },
    async close() {
      if (closed) return srv.close();
      closed = true;
      pendingPoll?.finish();
      waiters.rejectAll('telegram double closed');
      await srv.close();
    },
  };
  return double;
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
/** The key of a command list: its scope (a chat scope names its chat) and language. */
function commandScopeKey(p: Json): string {
  const scope = p['scope'] as Json | undefined;
  const type = scope?.type ?? 'default';
  const chatScoped = type === 'chat' || type === 'chat_administrators' || type === 'chat_member';
  if (chatScoped && scope?.chat_id === undefined) throw new TgError(400, 'Bad Request: chat_id is required in the scope');
  const lang = p['language_code'] ?? '';
  if (lang && !/^[a-z]{2}$/.test(String(lang))) throw new TgError(400, 'Bad Request: invalid language code');
  return `${type}${chatScoped ? `:${scope!.chat_id}` : ''}|${lang}`;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
