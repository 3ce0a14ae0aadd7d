import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { translator, type Lang } from '../../handlers/i18n.js';
import type { Question } from '../../handlers/types.js';

/**
 * Pure rendering of neutral replies into Telegram message parts: HTML escaping, splitting at the
 * 4,096-character limit, and inline keyboards. No I/O here.
 */

/** Telegram's limit on a message's visible text (UTF-16 code units, after entity parsing). */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Captions are limited to 1,024 visible characters. */
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** The last button of a multiple choice, in the chat's language. */
export const doneLabel = (lang: Lang = 'zh-CN') => `✔️ ${translator(lang)('channel.doneButton')}`;
export const DONE_LABEL = doneLabel();
export const SELECTED_MARK = '✅ ';
/** Used when a question comes with no text of its own (Telegram refuses empty messages). */
export const emptyQuestionText = (lang: Lang = 'zh-CN') => translator(lang)('channel.pleaseChoose');

/** Escapes plain text for parse_mode HTML. Our reply text is plain, so every piece goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A section heading the conversation writes as 【…】 on its own line is shown in bold. */
const HEADING = /^【[^】\n]{1,60}】$/;

/** Plain text → HTML: every character escaped, headings bolded (tags only around whole lines). */
export function toHtml(plain: string): string {
  return plain
    .split('\n')
    .map((line) => (HEADING.test(line) ? `<b>${escapeHtml(line)}</b>` : escapeHtml(line)))
    .join('\n');
}

/** Telegram treats text made only of whitespace as empty ("message text is empty"). */
export function isBlank(text: string): boolean {
  return /^[\s\u200b-\u200f\u2060\ufeff]*$/.test(text);
}

/** Never cut between the halves of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Where to cut a line longer than the limit: after a sentence end, else a comma or space, else hard. */
function cutPoint(line: string, limit: number): number {
  const window = line.slice(0, limit);
  for (const marks of [/[。！？!?；;]/g, /[，,、\s]/g]) {
    let best = -1;
    for (const m of window.matchAll(marks)) best = m.index + m[0].length;
    if (best > limit / 2) return best;
  }
  return safeCut(line, limit);
}

/**
 * Splits plain text into chunks of at most `limit` UTF-16 units, at line boundaries where it can
 * (a paragraph break first), and inside a line only when the line alone is too long. Chunks that
 * would be blank are dropped; each chunk is trimmed of the newlines at its edges.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (limit < 2) throw new RangeError('limit too small');
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    const chunk = current.replace(/^\n+|\n+$/g, '');
    if (!isBlank(chunk)) chunks.push(chunk);
    current = '';
  };
  for (let line of text.split('\n')) {
    while (line.length > limit) {
      flush();
      const at = cutPoint(line, limit);
      current = line.slice(0, at);
      flush();
      line = line.slice(at);
    }
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    // Too long: end the chunk at its last paragraph break if that is not too early, else here.
    const para = current.lastIndexOf('\n\n');
    let rest = '';
    if (para > limit / 2) {
      rest = current.slice(para + 2);
      current = current.slice(0, para);
    }
    flush();
    if (rest && rest.length + 1 + line.length <= limit) current = `${rest}\n${line}`;
    else {
      current = rest;
      flush();
      current = line;
    }
  }
  flush();
  return chunks;
}

/** How many buttons share a row: short labels (是/否, A等…) side by side, long ones alone. */
function perRow(labels: string[]): number {
  const longest = Math.max(0, ...labels.map((l) => [...l].length));
  if (longest <= 4) return Math.min(4, labels.length) || 1;
  if (longest <= 8) return 2;
  return 1;
}

export type ButtonAction = 'p' | 't' | 'd';

/**
 * The inline keyboard for a question. `data(action, index)` gives each button's callback data.
 * single: one button per option (pick); multi: options (toggle) with ✅ on the selected ones,
 * and a last row "✔️ 选好了" (done).
 */
export function questionKeyboard(question: Question, data: (action: ButtonAction, index: number) => string, lang: Lang = 'zh-CN'): InlineKeyboardMarkup {
  const multi = question.mode === 'multi';
  const buttons: InlineKeyboardButton[] = question.options.map((o, i) => ({
    text: `${multi && question.selected.includes(o.value) ? SELECTED_MARK : ''}${o.label}`,
    callback_data: data(multi ? 't' : 'p', i),
  }));
  const n = perRow(question.options.map((o) => o.label + (multi ? SELECTED_MARK : '')));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += n) rows.push(buttons.slice(i, i + n));
  if (multi) rows.push([{ text: doneLabel(lang), callback_data: data('d', 0) }]);
  return { inline_keyboard: rows };
}
