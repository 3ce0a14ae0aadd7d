/**
 * Splits the guide text into retrievable passages, each tagged with the
 * compact clause reference of where it sits, e.g. `三（一）1（2）1）`.
 */

export interface Passage {
  /** Compact clause reference, e.g. `二（三）4`; "通知" for the notice before 一、. */
  clause: string;
  /** Nearest headings, e.g. "一流学会建设 · 相关要求". */
  heading: string;
  /** The guide's wording (numbering marker stripped; the clause carries it). */
  text: string;
}

/** Numbering levels, outermost first. */
const LEVELS: ReadonlyArray<{ re: RegExp; token: (n: string) => string }> = [
  { re: /^([一二三四五六七八九十]+)、/, token: (n) => n },
  { re: /^（([一二三四五六七八九十]+)）/, token: (n) => `（${n}）` },
  { re: /^(\d{1,2})[、．.](?!\d)/, token: (n) => n },
  { re: /^（(\d{1,2})）/, token: (n) => `（${n}）` },
  { re: /^(\d{1,2})）/, token: (n) => `${n}）` },
  { re: /^([①-⑳])/, token: (n) => n },
];

const NOTICE = '通知';
const GENERIC_TITLE = '项目内容';

function matchMarker(line: string): { level: number; token: string; rest: string } | undefined {
  for (let level = 0; level < LEVELS.length; level++) {
    const { re, token } = LEVELS[level]!;
    const m = re.exec(line);
    if (m) return { level, token: token(m[1]!), rest: line.slice(m[0].length).trim() };
  }
  return undefined;
}

/** A numbered line is a title (not content) when it is short and has no sentence punctuation. */
function asTitle(rest: string): string | undefined {
  const t = rest.replace(/[：:]$/, '');
  return t.length > 0 && t.length <= 20 && !/[。；;，,：:]/.test(t) ? t : undefined;
}

/** Content items like "①坚持党建强会。贯彻…" lead with a short title sentence. */
function leadTitle(rest: string): string | undefined {
  const m = /^([^。；]{2,12})。/.exec(rest);
  return m ? m[1] : undefined;
}

function isCaption(line: string): boolean {
  return line.length <= 30 && !/[。；，]/.test(line);
}

/** Table cells are grouped by 序号 rows; each group becomes one passage. */
function tableGroups(rows: string[][]): string[] {
  const groups: string[][] = [];
  for (const [i, row] of rows.entries()) {
    if (i === 0 && row[0] === '序号') continue;
    const cells = row.slice();
    const startsGroup = (cells[0] ?? '') !== '' || groups.length === 0;
    if (startsGroup && /^\d+$/.test(cells[0] ?? '')) cells.shift();
    const line = cells.filter((c) => c !== '').join(' ');
    if (line === '') continue;
    if (startsGroup) groups.push([line]);
    else groups[groups.length - 1]!.push(line);
  }
  return groups.map((g) => g.join('\n'));
}

export function splitPassages(text: string): Passage[] {
  const passages: Passage[] = [];
  const tokens: Array<string | undefined> = [];
  const titles: Array<string | undefined> = [];
  let current: { clause: string; heading: string; lines: string[] } | undefined;
  let table: { rows: string[][]; newRow: boolean; caption?: string } | undefined;

  const clause = () => (tokens[0] === undefined ? NOTICE : tokens.filter((t) => t).join(''));
  const heading = (extra?: string) => {
    // "项目内容" says little once a deeper title (e.g. "一流学术平台") exists.
    const chain = [...titles, extra].filter((t): t is string => !!t).filter((t, i, all) => t !== GENERIC_TITLE || i === all.length - 1);
    return chain.length === 0 ? NOTICE : chain.slice(-2).join(' · ');
  };
  const flush = () => {
    if (current && current.lines.length > 0) {
      passages.push({ clause: current.clause, heading: current.heading, text: current.lines.join('\n') });
    }
    current = undefined;
  };
  const endTable = () => {
    if (!table) return;
    for (const g of tableGroups(table.rows)) {
      passages.push({ clause: clause(), heading: heading(table.caption), text: g });
    }
    table = undefined;
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();

    if (table) {
      if (raw.startsWith('\t')) {
        if (table.newRow) table.rows.push([]);
        table.newRow = false;
        table.rows[table.rows.length - 1]!.push(line);
        continue;
      }
      if (line === '') {
        table.newRow = true;
        continue;
      }
      if (!matchMarker(line) && isCaption(line) && line.length <= 10) {
        // A cell wrapped onto its own line, e.g. "服务平台" + "建设".
        const row = table.rows[table.rows.length - 1]!;
        row[row.length - 1] = (row[row.length - 1] ?? '') + line;
        table.newRow = false;
        continue;
      }
      endTable();
    }

    if (line === '') continue;

    if (raw.startsWith('\t')) {
      let caption: string | undefined;
      if (current && isCaption(current.lines[current.lines.length - 1] ?? '')) caption = current.lines.pop();
      flush();
      table = { rows: [[line]], newRow: false, caption };
      continue;
    }

    if (/印发$/.test(line)) {
      flush();
      passages.push({ clause: NOTICE, heading: '印发', text: line });
      continue;
    }

    const marker = matchMarker(line);
    if (marker) {
      flush();
      tokens.length = marker.level;
      titles.length = marker.level;
      tokens[marker.level] = marker.token;
      const title = asTitle(marker.rest);
      titles[marker.level] = title ?? leadTitle(marker.rest);
      if (!title) current = { clause: clause(), heading: heading(), lines: [marker.rest] };
      continue;
    }

    current ??= { clause: clause(), heading: heading(), lines: [] };
    current.lines.push(line);
  }
  endTable();
  flush();
  return passages;
}
