import { listSep, translator, type Lang, type Translate } from '../../handlers/i18n.js';
import type { Question, ResultView } from '../../handlers/types.js';
import type { ButtonCodec } from './lark-buttons.js';

/**
 * Card JSON (Feishu message card, JSON 1.0 with `config.update_multi` so a sent card can be
 * patched) and text content for the Lark channel. Every piece of text that is not our own
 * constant markup goes through `escapeLarkMd` (cards) or `neutraliseText` (text messages), so
 * a user's words can never turn into an @-mention, a link or formatting.
 */

/** Lark refuses interactive content over 30 KB; stay under it with room to spare. */
export const CARD_MAX_BYTES = 28 * 1024;

const FULL_WIDTH: Record<string, string> = {
  '*': '＊',
  _: '＿',
  '~': '～',
  '`': '｀',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '#': '＃',
  '|': '｜',
  '\\': '＼',
  '!': '！',
  $: '＄',
};

/**
 * Makes any string safe inside lark_md: &, < and > become entities (so `<at id=all>`,
 * `<font>`, `<a href>` stay text) and the markdown punctuation becomes its full-width twin
 * (no emphasis, links, code or headings). Leading list/quote markers are neutralised too.
 */
export function escapeLarkMd(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`[\]()#|\\!$]/g, (c) => FULL_WIDTH[c] ?? c)
    .replace(/^(\s*)([-+])(?=\s)/gm, (_m, space: string, mark: string) => `${space}${mark === '-' ? '－' : '＋'}`)
    .replace(/^(\s*)(\d+)\.(?=\s)/gm, '$1$2．');
}

/**
 * Text messages render `<at user_id="…">` (and a few other tags) from the content: a `<`
 * that starts a tag becomes a full-width ＜, so user text cannot mention @all or anyone. They
 * also render `[words](url)` as a link showing only the words: square brackets become their
 * full-width twins, as in cards, so a roster name like `[点我](https://evil.example)` stays text.
 */
export function neutraliseText(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, '＜').replace(/[[\]]/g, (c) => FULL_WIDTH[c] ?? c);
}

export function textContent(text: string): { text: string } {
  return { text: neutraliseText(text) };
}

export interface Card {
  config: { wide_screen_mode: boolean; update_multi: boolean };
  header?: { title: { tag: 'plain_text'; content: string }; template: string };
  elements: unknown[];
}

const md = (content: string) => ({ tag: 'div', text: { tag: 'lark_md', content } });
const note = (content: string) => ({ tag: 'note', elements: [{ tag: 'plain_text', content }] });
const plain = (content: string) => ({ tag: 'plain_text', content });

export const cardBytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

export interface QuestionCardState {
  /** The question message's ref in the question protocol: what its buttons carry. */
  ref: string;
  /** The question's text as the conversation said it. */
  text: string;
  question: Pick<Question, 'mode' | 'options' | 'selected'>;
  /** Set once the question is answered or stale: a line shown instead of the buttons. */
  closed?: string;
}

/** A question with a button per option; a multiple choice marks the ticked ones and adds “选好了”. */
export function questionCard(codec: ButtonCodec, chatId: string, state: QuestionCardState, lang: Lang = 'zh-CN'): Card {
  const { question: q, text, ref } = state;
  const t = translator(lang);
  const elements: unknown[] = [md(escapeLarkMd(text))];
  if (state.closed !== undefined) {
    elements.push(note(state.closed));
    return { config: { wide_screen_mode: true, update_multi: true }, elements };
  }
  const multi = q.mode === 'multi';
  const buttons = q.options.map((o, index) => {
    const ticked = multi && q.selected.includes(o.value);
    return {
      tag: 'button',
      text: plain(multi ? `${ticked ? '☑' : '☐'} ${o.label}` : o.label),
      type: ticked ? 'primary' : 'default',
      value: codec.encode(chatId, { ref, action: multi ? 'toggle' : 'pick', index }),
    };
  });
  if (multi) {
    buttons.push({
      tag: 'button',
      text: plain(`✅ ${t('channel.doneButton')}`),
      type: 'primary',
      value: codec.encode(chatId, { ref, action: 'done', index: -1 }),
    });
  }
  elements.push({ tag: 'action', layout: 'flow', actions: buttons });
  elements.push(note(t(multi ? 'card.hint.multi' : 'card.hint.single')));
  return { config: { wide_screen_mode: true, update_multi: true }, elements };
}

export interface ResultCardOptions {
  /** Project ids in the guide's order. */
  order: readonly string[];
  projectName: (id: string) => string;
  /** The guide's title, for the footnote. */
  guideTitle?: string;
  /** The chat's language (the guide's own words stay as they are). */
  lang?: Lang;
}

const SECTION = { eligible: 'card.result.eligible', ineligible: 'card.result.ineligible', unknown: 'card.result.unknown' } as const;

/**
 * The eligibility result: sections 可以申报 / 不符合条件 / 还需确认, each project with its
 * reasons and the clause each rests on; the intended projects first, and the combination
 * conflicts. Returns undefined if even the most compact form would not fit in a card (the
 * caller then sends the text).
 */
export function resultCard(view: ResultView, opts: ResultCardOptions): Card | undefined {
  for (let detail = 0; detail <= 2; detail++) {
    const card = buildResult(view, opts, detail);
    if (cardBytes(card) <= CARD_MAX_BYTES) return card;
  }
  return undefined;
}

function buildResult(view: ResultView, opts: ResultCardOptions, detail: number): Card {
  const { check, profile } = view;
  const e = escapeLarkMd;
  const t: Translate = translator(opts.lang);
  const sep = listSep(opts.lang ?? 'zh-CN');
  const name = (id: string) => e(opts.projectName(id));
  const intended = new Set<string>((profile.intended ?? []).map((i) => (typeof i === 'string' ? i : i.project)));
  const reasonLines = (id: string, max: number) => {
    const reasons = check.projects[id as keyof typeof check.projects]?.reasons ?? [];
    const shown = reasons.slice(0, max).map((r) => t('card.result.reason', { text: e(r.text), clause: e(r.clause) }));
    if (reasons.length > max) shown.push(t('card.result.moreReasons', { n: reasons.length - max }));
    return shown;
  };
  const clauses = (id: string) => [...new Set((check.projects[id as keyof typeof check.projects]?.reasons ?? []).map((r) => r.clause))];

  const elements: unknown[] = [];
  const ids = opts.order.filter((id) => check.projects[id as keyof typeof check.projects]);
  for (const verdict of ['eligible', 'ineligible', 'unknown'] as const) {
    const inSection = ids.filter((id) => check.projects[id as keyof typeof check.projects]!.verdict === verdict);
    const lines: string[] = [`**${t('card.result.count', { section: t(SECTION[verdict]), n: inSection.length })}**`];
    if (!inSection.length) lines.push(t('card.result.none'));
    const mine = inSection.filter((id) => intended.has(id));
    const rest = inSection.filter((id) => !intended.has(id));
    for (const id of mine) {
      lines.push(`**${name(id)}**　${t('card.result.intended')}`);
      lines.push(...reasonLines(id, detail >= 2 ? 3 : 50));
    }
    if (verdict === 'eligible') {
      if (detail === 0) {
        for (const id of rest) lines.push(t('card.result.allMet', { project: `**${name(id)}**`, clauses: e(clauses(id).join(sep)) }));
      } else if (rest.length) {
        lines.push(t('card.result.allMetGeneral', { projects: rest.map(name).join(sep) }));
      }
    } else {
      for (const id of rest) {
        lines.push(`**${name(id)}**`);
        lines.push(...reasonLines(id, detail >= 1 ? 1 : 50));
      }
    }
    if (elements.length) elements.push({ tag: 'hr' });
    elements.push(md(lines.join('\n')));
  }
  if (check.conflicts.length) {
    elements.push({ tag: 'hr' });
    const lines = [`**${t('card.result.conflicts')}**`];
    for (const c of check.conflicts) lines.push(t('card.result.conflict', { text: e(c.text), projects: c.projects.map(name).join(sep), clause: e(c.clause) }));
    for (const alt of check.alternatives.slice(0, 3)) {
      const keep = alt.intended.map((i) => name(i.project)).join(sep);
      // Each dropped project with why: ineligible (its reason) or in the conflict.
      const removed = alt.because.map((b) => t('check.alt.removedWhy', { project: name(b.project), text: e(b.text), clause: e(b.clause) })).join(sep);
      lines.push(removed ? t('card.result.alternativeWhy', { projects: keep || '—', removed }) : t('card.result.alternative', { projects: keep }));
    }
    elements.push(md(lines.join('\n')));
  }
  const source = opts.guideTitle ? t('card.result.source', { title: opts.guideTitle }) : '';
  elements.push(note(`${source}${source && opts.lang === 'en' ? ' ' : ''}${t('card.result.footer')}`));
  return {
    config: { wide_screen_mode: true, update_multi: true },
    header: { title: { tag: 'plain_text', content: t('card.result.title') }, template: 'blue' },
    elements,
  };
}
