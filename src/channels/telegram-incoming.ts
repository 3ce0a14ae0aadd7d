import type { Chat, Message, MessageEntity, UserFromGetMe } from 'grammy/types';

/**
 * Telegram message → the text the conversation should see, or undefined when the message is not
 * for the bot. Private chats: every message. Groups: only a /command (bare or @this_bot), a
 * message mentioning @this_bot (the mention is removed), or a reply to one of the bot's messages.
 */

export const isGroupChat = (chat: Pick<Chat, 'type'>) => chat.type === 'group' || chat.type === 'supergroup';

export function addressedText(message: Message, me: Pick<UserFromGetMe, 'id' | 'username'>): string | undefined {
  if (message.from?.is_bot || message.via_bot) return undefined;
  const text = message.text ?? message.caption;
  const entities: MessageEntity[] = message.entities ?? message.caption_entities ?? [];
  if (message.chat.type === 'private') return text ?? '';
  if (!isGroupChat(message.chat) || text === undefined) return undefined;

  const username = me.username.toLowerCase();
  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  const commandText = command ? text.slice(0, command.length) : /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text)?.[0];
  if (commandText) {
    const at = commandText.indexOf('@');
    if (at >= 0 && commandText.slice(at + 1).toLowerCase() !== username) return undefined; // another bot's command
    return (at >= 0 ? commandText.slice(0, at) : commandText) + text.slice(commandText.length);
  }

  const mentions = entities.filter(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username}`) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
  let stripped: string | undefined;
  if (mentions.length) {
    stripped = text;
    for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
      stripped = stripped.slice(0, e.offset) + stripped.slice(e.offset + e.length);
    }
  } else if (!entities.some((e) => e.type === 'mention')) {
    // No entities at all (a client or test that sends none): find the mention in the text.
    const pattern = new RegExp(`(^|[^A-Za-z0-9_])@${me.username.replace(/[^A-Za-z0-9_]/g, '')}(?![A-Za-z0-9_])`, 'gi');
    if (pattern.test(text)) stripped = text.replace(pattern, '$1');
  }
  if (stripped !== undefined)
    return stripped
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/^[\s,，:：]+/, '')
      .trim();
  if (message.reply_to_message?.from?.id === me.id) return text;
  return undefined;
}
