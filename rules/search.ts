/**
 * BM25 retrieval over guide passages. Chinese has no word boundaries, so
 * CJK text is indexed as character bigrams plus (down-weighted) unigrams;
 * ASCII words/numbers ("CN", "4A", "11") are tokens of their own, and a
 * number followed by a unit character also yields e.g. "11月".
 */
import type { Passage } from './passages.js';

export interface SearchIndex {
  passages: Passage[];
  /** token → flat [passageIndex, termFrequency, …] */
  postings: Map<string, number[]>;
  /** token count per passage */
  lengths: number[];
  avgLength: number;
}

export interface SearchHit {
  passage: Passage;
  score: number;
}

const K1 = 1.2;
const B = 0.75;
/** Single characters are weak evidence; bigrams carry most of the meaning. */
const UNIGRAM_WEIGHT = 0.3;
/** Below this, a hit is incidental overlap (tuned on off-topic questions). */
const MIN_SCORE = 2.5;

/** Characters that break CJK runs (function words) in both queries and passages. */
const STOP_CHARS = new Set('的了吗呢吧啊呀么嘛哦是'.split(''));

/** Question filler removed from queries only (longest first). */
const FILLERS = [
  '有没有',
  '有什么',
  '有哪些',
  '能不能',
  '怎么样',
  '请问',
  '我们',
  '你们',
  '怎么',
  '怎样',
  '什么',
  '可以',
  '哪些',
  '哪里',
  '哪儿',
  '如何',
  '是否',
  '能否',
  '一下',
  '想问',
  '我',
  '你',
].sort((a, b) => b.length - a.length);

/** Everyday query words mapped to the guide's vocabulary. */
const SYNONYMS: ReadonlyArray<[RegExp, string]> = [
  [/寄|快递|送到/, '报送 地址'],
  [/哪里|哪儿/, '地址 地点'],
  [/截止|截至|什么时候|几号|几点|deadline/i, '时间 前'],
  [/条件|资格|门槛/, '要求'],
  [/几场|多少场/, '不少于 场'],
  [/几个人|几人|多少人/, '人数 不少于'],
  [/报几个|报几项|报多少/, '最多 申报 项'],
  [/钱|拨款|资助/, '经费 资金 资助'],
  [/电话|联系谁|找谁/, '联系人 联系方式'],
  [/网址|网站|系统|在哪报/, '项目管理系统 登录网址'],
  [/同时报|一起报|都报/, '兼报'],
];

const UNIT_CHARS = new Set('月日年号时项人场级类等个'.split(''));
/** ASCII words/numbers, or runs of CJK ideographs (BMP is enough for this guide). */
const TOKEN_RUN = /[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff]+/g;
const isHan = (c: string) => /^[\u3400-\u4dbf\u4e00-\u9fff]$/.test(c);

export function tokenize(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  const pushRun = (run: string, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      out.push(run[i]!);
      if (i + 1 < to) out.push(run.slice(i, i + 2));
    }
  };
  for (const m of s.matchAll(TOKEN_RUN)) {
    const run = m[0];
    const c0 = run.charCodeAt(0);
    if (c0 < 128) {
      out.push(run);
      const next = s[m.index + run.length];
      if (c0 <= 57 && /^\d+$/.test(run) && next && UNIT_CHARS.has(next)) out.push(run + next);
      continue;
    }
    let from = 0;
    for (let i = 0; i < run.length; i++) {
      if (STOP_CHARS.has(run[i]!)) {
        pushRun(run, from, i);
        from = i + 1;
      }
    }
    pushRun(run, from, run.length);
  }
  return out;
}

function queryTokens(query: string): string[] {
  let q = query;
  for (const [re, extra] of SYNONYMS) if (re.test(q)) q += ` ${extra}`;
  for (const f of FILLERS) q = q.split(f).join(' ');
  return [...new Set(tokenize(q))];
}

const isWeak = (token: string) => token.length === 1 && isHan(token);

export function buildSearchIndex(passages: Passage[]): SearchIndex {
  const postings = new Map<string, number[]>();
  const lengths = passages.map((p, doc) => {
    const tokens = tokenize(`${p.heading}\n${p.text}`);
    for (const t of tokens) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      // Flat [doc, tf, doc, tf, …]; docs arrive in order, so only the last pair can match.
      if (list[list.length - 2] === doc) list[list.length - 1]!++;
      else list.push(doc, 1);
    }
    return tokens.length;
  });
  const avgLength = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
  return { passages, postings, lengths, avgLength };
}

export function searchPassages(index: SearchIndex, query: string, limit = 3): SearchHit[] {
  const tokens = queryTokens(query).filter((t) => index.postings.has(t));
  if (tokens.length === 0) return [];
  const n = index.passages.length;
  const scores = new Float64Array(n);
  const strong = new Uint8Array(n);
  // A hit made only of single characters is noise unless the query has nothing stronger.
  const needStrong = tokens.some((t) => !isWeak(t));

  for (const t of tokens) {
    const list = index.postings.get(t)!;
    const df = list.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const weight = isWeak(t) ? UNIGRAM_WEIGHT : 1;
    for (let k = 0; k < list.length; k += 2) {
      const doc = list[k]!;
      const f = list[k + 1]!;
      const norm = K1 * (1 - B + (B * index.lengths[doc]!) / index.avgLength);
      scores[doc]! += weight * idf * ((f * (K1 + 1)) / (f + norm));
      if (weight === 1) strong[doc] = 1;
    }
  }

  const hits: SearchHit[] = [];
  scores.forEach((score, doc) => {
    if (score >= MIN_SCORE && (strong[doc] || !needStrong)) hits.push({ passage: index.passages[doc]!, score });
  });
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}
