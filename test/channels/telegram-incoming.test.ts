import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { addressedText } from '../../src/channels/telegram-incoming.js';

const me = { id: 123456, username: 'shenbao_test_bot' };
const user = { id: 42, is_bot: false, first_name: 'T' };

function msg(chat: 'private' | 'group' | 'supergroup' | 'channel', text: string | undefined, extra: Partial<Message> = {}): Message {
  const entities = text
    ? [...text.matchAll(/(^|\s)(\/\w+(?:@\w+)?)|(@\w+)/g)].map((m) =>
        m[2] !== undefined
          ? { type: 'bot_command' as const, offset: m.index + m[1]!.length, length: m[2].length }
          : { type: 'mention' as const, offset: m.index, length: m[3]!.length },
      )
    : [];
  return {
    message_id: 7,
    date: 1,
    chat: chat === 'private' ? { id: 42, type: 'private', first_name: 'T' } : { id: -100123, type: chat, title: 'G' },
    from: user,
    ...(text !== undefined && { text, entities }),
    ...extra,
  } as Message;
}

describe('addressedText', () => {
  it('private chats: everything, media as empty text', () => {
    expect(addressedText(msg('private', '你好'), me)).toBe('你好');
    expect(addressedText(msg('private', '/start@other_bot'), me)).toBe('/start@other_bot');
    expect(addressedText(msg('private', undefined, { photo: [] } as Partial<Message>), me)).toBe('');
  });

  it('groups: commands for this bot, bare or @this_bot', () => {
    expect(addressedText(msg('group', '/check'), me)).toBe('/check');
    expect(addressedText(msg('supergroup', '/deadlines@Shenbao_Test_Bot 标准制定'), me)).toBe('/deadlines 标准制定');
    expect(addressedText(msg('group', '/start@other_bot'), me)).toBeUndefined();
  });

  it('groups: a mention of the bot is removed; other mentions are not for us', () => {
    expect(addressedText(msg('group', '@shenbao_test_bot 一流学会什么时候截止？'), me)).toBe('一流学会什么时候截止？');
    expect(addressedText(msg('group', '请问 @shenbao_test_bot ，标准制定要交什么'), me)).toBe('请问 ，标准制定要交什么');
    expect(addressedText(msg('group', '@someone_else 你好'), me)).toBeUndefined();
    expect(addressedText(msg('group', '大家好'), me)).toBeUndefined();
  });

  it('groups: a reply to the bot passes; bots and channels never do', () => {
    const reply = {
      reply_to_message: { message_id: 3, date: 1, chat: { id: -100123, type: 'group', title: 'G' }, from: { id: me.id, is_bot: true, first_name: 'B' } },
    };
    expect(addressedText(msg('group', '是', reply as Partial<Message>), me)).toBe('是');
    expect(addressedText(msg('group', '/check', { from: { id: 9, is_bot: true, first_name: 'X' } }), me)).toBeUndefined();
    expect(addressedText(msg('channel', '/check'), me)).toBeUndefined();
  });
});

describe('addressedText without entities', () => {
  it('finds a mention of the bot in the text itself', () => {
    const bare = (text: string) => ({ ...msg('group', text), entities: undefined }) as Message;
    expect(addressedText(bare('@shenbao_test_bot 截止时间'), me)).toBe('截止时间');
    expect(addressedText(bare('hi @shenbao_test_bot_x'), me)).toBeUndefined();
    expect(addressedText(bare('mail@shenbao_test_bot'), me)).toBeUndefined();
  });
});
