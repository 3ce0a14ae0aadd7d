import type { Incoming } from '../../handlers/types.js';

/**
 * Turns an im.message.receive_v1 event (as the SDK's EventDispatcher hands it to a handler:
 * header and event fields flattened into one object) into a neutral Incoming message.
 * Returns a reason string instead when the message is not for the bot.
 */

export interface MessageEventData {
  event_id?: unknown;
  sender?: { sender_id?: { open_id?: unknown }; sender_type?: unknown };
  message?: {
    message_id?: unknown;
    chat_id?: unknown;
    chat_type?: unknown;
    message_type?: unknown;
    content?: unknown;
    mentions?: unknown;
  };
}

export interface ParsedMessage {
  eventId: string;
  messageId: string;
  incoming: Incoming;
}

interface Mention {
  key: string;
  openId?: string;
  name?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : undefined);
const MAX_TEXT = 4000;

export function parseMessageEvent(data: MessageEventData, opts: { staffOpenIds: readonly string[]; botOpenId?: string }): ParsedMessage | { ignore: string } {
  const eventId = str(data?.event_id);
  const msg = data?.message;
  const chatId = str(msg?.chat_id);
  const messageId = str(msg?.message_id);
  const openId = str(data?.sender?.sender_id?.open_id);
  if (!eventId || !msg || !chatId || !messageId) return { ignore: 'malformed message event' };
  if (data.sender?.sender_type !== undefined && data.sender.sender_type !== 'user') return { ignore: 'not from a user' };
  if (!openId) return { ignore: 'no sender open_id' };
  const isGroup = msg.chat_type !== 'p2p';
  const mentions = parseMentions(msg.mentions);

  let text = extractText(msg.message_type, msg.content);
  if (isGroup) {
    // Lark delivers group messages that @-mention the bot (or all messages, with extra
    // permission): take only those addressed to the bot, and drop the mention itself.
    const toBot = opts.botOpenId ? mentions.filter((m) => m.openId === opts.botOpenId) : mentions.slice(0, 1);
    if (!toBot.length) return { ignore: 'group message not addressed to the bot' };
    for (const m of byKeyLength(toBot)) text = text.split(m.key).join(' ');
  }
  // Other mentions read as the person's name.
  for (const m of byKeyLength(mentions)) text = text.split(m.key).join(m.name ? `@${m.name}` : '');
  text = text
    .replace(/@_all\b/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);

  return {
    eventId,
    messageId,
    incoming: {
      channel: 'lark',
      chatId,
      userId: openId,
      text,
      isStaff: opts.staffOpenIds.includes(openId),
      isGroup,
    },
  };
}

/** Longest key first, so @_user_1 does not eat the front of @_user_10. */
const byKeyLength = (list: Mention[]) => [...list].sort((a, b) => b.key.length - a.key.length);

function parseMentions(raw: unknown): Mention[] {
  if (!Array.isArray(raw)) return [];
  const out: Mention[] = [];
  for (const m of raw.slice(0, 50)) {
    if (!m || typeof m !== 'object') continue;
    const r = m as { key?: unknown; id?: { open_id?: unknown }; name?: unknown };
    const key = str(r.key);
    if (!key) continue;
    const mention: Mention = { key };
    const openId = str(r.id?.open_id);
    const name = str(r.name);
    if (openId) mention.openId = openId;
    if (name) mention.name = name;
    out.push(mention);
  }
  return out;
}

/** Text of a text or post (rich text) message; '' for anything else (images, files…). */
export function extractText(type: unknown, content: unknown): string {
  if (typeof content !== 'string' || content.length > 200_000) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return '';
  }
  if (!parsed || typeof parsed !== 'object') return '';
  if (type === 'text') {
    const text = (parsed as { text?: unknown }).text;
    return typeof text === 'string' ? text : '';
  }
  if (type === 'post') {
    // {title, content: [[{tag, text}]]}, possibly wrapped in a locale key.
    const post = parsed as Record<string, unknown>;
    const body = Array.isArray(post['content'])
      ? post
      : (Object.values(post).find((v) => v && typeof v === 'object' && Array.isArray((v as Record<string, unknown>)['content'])) as
          | Record<string, unknown>
          | undefined);
    if (!body) return '';
    const parts: string[] = [];
    if (typeof body['title'] === 'string' && body['title']) parts.push(body['title']);
    for (const line of body['content'] as unknown[]) {
      if (!Array.isArray(line)) continue;
      parts.push(
        line
          .map((el: unknown) => {
            const e = el as { tag?: unknown; text?: unknown; user_id?: unknown };
            if ((e?.tag === 'text' || e?.tag === 'a' || e?.tag === 'md') && typeof e.text === 'string') return e.text;
            if (e?.tag === 'at' && typeof e.user_id === 'string') return e.user_id;
            return '';
          })
          .join(''),
      );
    }
    return parts.join('\n');
  }
  return '';
}
