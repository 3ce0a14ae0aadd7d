import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DONE_LABEL, escapeHtml, isBlank, questionKeyboard, splitText, TELEGRAM_TEXT_LIMIT, toHtml } from '../../src/channels/telegram-render.js';
import { parseTelegramHtml } from '../../doubles/telegram-api.js';

export const HOSTILE = [
  '<b>bold</b> & <i>it</i>',
  '1 < 2 && 3 > 2',
  '<a href="https://evil.example/?a=1&b=2">click</a>',
  "<a href='javascript:alert(1)'>x</a>",
  '&amp; &lt; &#65; &#x42; &nbsp; &',
  '*bold* _it_ __u__ ~s~ `code` ```pre``` [link](http://x) ||spoiler|| \\ # + - = | { } . !',
  'zero\u200bwidth\u200c\u200d\ufeff\u2060joiners\u200e\u200f',
  '</b></i></pre>',
  '<script>alert("x")</script>',
  '<tg-spoiler>s</tg-spoiler><blockquote>q</blockquote>',
  '\u202eRTL override',
  '😀👍🏽 emoji 𠀀 astral',
];

describe('escapeHtml / toHtml', () => {
  it('escapes &, < and >', () => {
    expect(escapeHtml('<a href="x">&amp;</a>')).toBe('&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;');
  });

  it('every hostile string parses as Telegram HTML and shows literally', () => {
    for (const s of HOSTILE) {
      const parsed = parseTelegramHtml(toHtml(s));
      expect(parsed, s).toEqual({ ok: true, text: s });
    }
  });

  it('any text whatsoever round-trips through Telegram HTML (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        for (const s of [a, b, `${a}\n【${b.replace(/[】\n]/g, '')}x】\n${a}`]) {
          expect(parseTelegramHtml(toHtml(s))).toEqual({ ok: true, text: s });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('bolds 【…】 headings on their own line only', () => {
    expect(toHtml('【标准制定】\n正文 <x>')).toBe('<b>【标准制定】</b>\n正文 &lt;x&gt;');
    expect(toHtml('前【标准制定】')).toBe('前【标准制定】');
  });
});

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('a\nb')).toEqual(['a\nb']);
    expect(splitText('')).toEqual([]);
    expect(splitText('\n\n \n')).toEqual([]);
  });

  it('splits at line boundaries under the limit', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `第${i}行：${'字'.repeat(20)}`);
    const chunks = splitText(lines.join('\n'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    // No line is cut: every chunk is made of whole lines, in order.
    expect(chunks.join('\n')).toBe(lines.join('\n'));
  });

  it('prefers a paragraph break', () => {
    const para1 = Array.from({ length: 60 }, () => 'x'.repeat(50)).join('\n');
    const para2 = Array.from({ length: 60 }, () => 'y'.repeat(50)).join('\n');
    const chunks = splitText(`${para1}\n\n${para2}`);
    expect(chunks).toEqual([para1, para2]);
  });

  it('cuts an over-long line at a sentence end, never inside a surrogate pair', () => {
    const long = `${'句子。'.repeat(1000)}${'😀'.repeat(3000)}`;
    const chunks = splitText(long);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(c)).toBe(false);
    }
    expect(chunks.join('')).toBe(long);
    expect(chunks[0]!.endsWith('。')).toBe(true);
  });

  it('property: chunks fit, are never blank, and keep every non-newline character in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constant('\n'), fc.constant('\n\n'), fc.string({ minLength: 90, maxLength: 250 })), {
          maxLength: 40,
        }),
        fc.integer({ min: 8, max: 120 }),
        (parts, limit) => {
          const text = parts.join('');
          const chunks = splitText(text, limit);
          for (const c of chunks) {
            expect(c.length).toBeLessThanOrEqual(limit);
            expect(isBlank(c)).toBe(false);
          }
          const squash = (s: string) => s.replace(/\n/g, '');
          // Blank lines at chunk edges may go; whitespace-only chunks may go. Everything else stays.
          expect(squash(chunks.join('')).replace(/[\s\u200b-\u200f\u2060\ufeff]/g, '')).toBe(squash(text).replace(/[\s\u200b-\u200f\u2060\ufeff]/g, ''));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('questionKeyboard', () => {
  const data = (a: string, i: number) => `${a}${i}`;
  it('single choice: one button per option, short labels share a row', () => {
    const kb = questionKeyboard(
      {
        id: 'q#1',
        mode: 'single',
        options: [
          { value: 'yes', label: '是' },
          { value: 'no', label: '否' },
        ],
        selected: [],
      },
      data,
    );
    expect(kb.inline_keyboard).toEqual([
      [
        { text: '是', callback_data: 'p0' },
        { text: '否', callback_data: 'p1' },
      ],
    ]);
    const long = questionKeyboard(
      {
        id: 'q#2',
        mode: 'single',
        options: [
          { value: 'a', label: '省科协直属事业单位' },
          { value: 'b', label: '其他单位' },
        ],
        selected: [],
      },
      data,
    );
    expect(long.inline_keyboard).toHaveLength(2);
  });

  it('multiple choice: ✅ on selected options and a done button', () => {
    const kb = questionKeyboard(
      {
        id: 'categories#1',
        mode: 'multi',
        options: [
          { value: 'a', label: '学会建设' },
          { value: 'b', label: '学术建设' },
          { value: 'c', label: '还没想好，全部看看' },
        ],
        selected: ['b'],
      },
      data,
    );
    const flat = kb.inline_keyboard.flat();
    expect(flat.map((b) => b.text)).toEqual(['学会建设', '✅ 学术建设', '还没想好，全部看看', DONE_LABEL]);
    expect(flat.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(['t0', 't1', 't2', 'd0']);
    expect(kb.inline_keyboard.at(-1)).toEqual([{ text: DONE_LABEL, callback_data: 'd0' }]);
  });
});
