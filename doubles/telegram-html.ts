// Validator for Telegram's parse_mode=HTML, close to what the Bot API accepts.
// Returns the visible text (tags removed, entities decoded) or the error text
// Telegram would put after "Bad Request: can't parse entities: ".

export type HtmlParseResult = { ok: true; text: string } | { ok: false; error: string };

const SUPPORTED = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji']);

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function byteOffset(s: string, i: number): number {
  return Buffer.byteLength(s.slice(0, i), 'utf8');
}

/** Decodes one entity at s[i] === '&'. Returns [decoded, length] or undefined. */
function decodeEntity(s: string, i: number): [string, number] | undefined {
  const m = /^&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/.exec(s.slice(i, i + 12));
  if (!m) return undefined;
  if (m[1] !== undefined) return [NAMED[m[1]] ?? '', m[0].length];
  const cp = m[2] !== undefined ? Number.parseInt(m[2], 10) : Number.parseInt(m[3] ?? '0', 16);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return [String.fromCodePoint(cp), m[0].length];
}

function decodeAttr(src: string, v: string, at: number): string | { error: string } {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '&') {
      const d = decodeEntity(v, i);
      if (!d) return { error: `Unsupported HTML entity at byte offset ${byteOffset(src, at)}` };
      out += d[0];
      i += d[1] - 1;
    } else out += v[i];
  }
  return out;
}

export function parseTelegramHtml(src: string): HtmlParseResult {
  const stack: { name: string; at: number }[] = [];
  let text = '';
  let i = 0;
  const fail = (error: string): HtmlParseResult => ({ ok: false, error });
  while (i < src.length) {
    const ch = src[i];
    if (ch === '&') {
      const d = decodeEntity(src, i);
      if (!d) return fail(`Unsupported HTML entity at byte offset ${byteOffset(src, i)}`);
      text += d[0];
      i += d[1];
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }
    const tagStart = i;
    if (src[i + 1] === '/') {
      const close = src.indexOf('>', i + 2);
      if (close === -1) return fail(`Unclosed end tag at byte offset ${byteOffset(src, tagStart)}`);
      const name = src
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const top = stack[stack.length - 1];
      if (!top) return fail(`Unexpected end tag at byte offset ${byteOffset(src, tagStart)}`);
      if (top.name !== name) {
        return fail(`Unmatched end tag at byte offset ${byteOffset(src, tagStart)}, expected "</${top.name}>", found "</${name}>"`);
      }
      stack.pop();
      i = close + 1;
      continue;
    }
    // start tag
    const nm = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(src.slice(i + 1, i + 64));
    const name = (nm?.[0] ?? '').toLowerCase();
    if (!name) {
      const rest = src.slice(i + 1, i + 11).split(/[\s>]/)[0] ?? '';
      return fail(`Unsupported start tag "${rest}" at byte offset ${byteOffset(src, tagStart)}`);
    }
    let j = i + 1 + name.length;
    const attrs: Record<string, string> = {};
    let closed = false;
    while (j < src.length) {
      while (j < src.length && /\s/.test(src[j] ?? '')) j++;
      const c = src[j];
      if (c === undefined) break;
      if (c === '>') {
        closed = true;
        j++;
        break;
      }
      if (c === '/' && src[j + 1] === '>') {
        // self-closing: none of the supported tags may be empty-closed
        return fail(`Unsupported start tag "${name}/" at byte offset ${byteOffset(src, tagStart)}`);
      }
      const am = /^[^\s=>"'/]+/.exec(src.slice(j, j + 128));
      if (!am) return fail(`Expected equal sign in declaration of an attribute of a start tag at byte offset ${byteOffset(src, j)}`);
      const aname = am[0].toLowerCase();
      j += am[0].length;
      while (j < src.length && /\s/.test(src[j] ?? '')) j++;
      if (src[j] !== '=') {
        attrs[aname] = '';
        continue;
      }
      j++;
      while (j < src.length && /\s/.test(src[j] ?? '')) j++;
      const q = src[j];
      let raw: string;
      if (q === '"' || q === "'") {
        const end = src.indexOf(q, j + 1);
        if (end === -1) return fail(`Unclosed start tag at byte offset ${byteOffset(src, tagStart)}`);
        raw = src.slice(j + 1, end);
        j = end + 1;
      } else {
        const um = /^[^\s>]*/.exec(src.slice(j)) ?? [''];
        raw = um[0];
        j += raw.length;
      }
      const dv = decodeAttr(src, raw, j);
      if (typeof dv !== 'string') return fail(dv.error);
      attrs[aname] = dv;
    }
    if (!closed) return fail(`Unclosed start tag at byte offset ${byteOffset(src, tagStart)}`);
    if (!SUPPORTED.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, tagStart)}`);
    if (name === 'span' && attrs['class'] !== 'tg-spoiler') {
      return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, tagStart)}`);
    }
    if (name === 'tg-emoji' && !attrs['emoji-id']) {
      return fail(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byteOffset(src, tagStart)}`);
    }
    stack.push({ name, at: tagStart });
    i = j;
  }
  const open = stack[stack.length - 1];
  if (open) return fail(`Can't find end tag corresponding to start tag "${open.name}"`);
  return { ok: true, text };
}
