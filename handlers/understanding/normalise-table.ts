/**
 * The normalisation table: how secretaries spell things, and what the bot reads them as. Plain data
 * (a TS module so handlers/ stays free of I/O; esbuild bundles it). A misread spelling is fixed by
 * adding a row here, never by a regex in a handler (issue 20, "fix by class").
 *
 * A row `{ from, to }` rewrites `from` wherever it occurs, longest `from` first. Its optional context:
 * - `end`: only at the end of a clause (before punctuation, a space or the end of the text);
 * - `notBefore`: characters that must not follow `from` (keeps the rewrite idempotent: 够不 → 够不够);
 * - `notAfter`: characters that must not precede `from` (什么 keeps its 么).
 * Every `to` must be left alone by the table itself (test/handlers/understanding checks idempotence).
 */

export interface SpellingRow {
  from: string;
  to: string;
  /** Only at the end of a clause. */
  end?: boolean;
  /** Characters that must not follow. */
  notBefore?: string;
  /** Characters that must not precede. */
  notAfter?: string;
  /** Why, when it is not obvious. */
  note?: string;
}

/** What a clause ends before: the punctuation of a message (full-width already made half-width), a space, the end. */
export const CLAUSE_END = ',.;!?:，。；！？、\n\t ~…';

/** Characters a numeral is made of: a row whose output starts with A–D must not follow one (十grade A would read 十A). */
const NUMERAL_LIKE = '0123456789一二两三四五六七八九十百千〇零廿卅';

/** Dialect and chat spellings. */
export const DIALECT: readonly SpellingRow[] = [
  { from: '木有', to: '没有', note: 'chat spelling of 没有' },
  { from: '莫报', to: '不报', note: 'Sichuan 莫 = 别/不 (品牌莫报了)' },
  { from: '莫搞', to: '不搞' },
  { from: '莫整', to: '不整' },
  { from: '甭报', to: '不报', note: 'northern 甭 = 不用' },
  { from: '甭搞', to: '不搞' },
  { from: '勿有', to: '没有', notAfter: '够行能对是以格', note: 'Wu 勿有违规 = 没有违规 (勿 before 有 is 没, not 不)' },
  { from: '弗有', to: '没有', notAfter: '够行能对是以格' },
  {
    from: '勿',
    to: '不',
    notBefore: '忘',
    notAfter: '够行能对是以格',
    note: 'Wu 勿弄了 = 不弄了; 勿忘 keeps its 勿; never after a word whose 不-question has its own row (够勿)',
  },
  { from: '阿拉', to: '我们', note: 'Wu (Shanghai) 阿拉 = 我们' },
  { from: '今朝', to: '今天', note: 'Wu 今朝 = 今天' },
  { from: '还好交', to: '还能交', notBefore: '了过', note: 'Wu 好 + verb = 能 + verb (还好交伐 = 还能交吗); not 还好交了 (luckily handed in)' },
  { from: '还好报', to: '还能报', notBefore: '了过' },
  { from: '好交伐', to: '能交吗' },
  { from: '一道', to: '一起', note: 'Wu 一道报 = 一起报' },
  { from: '侪', to: '都', note: 'Wu 侪 = 都' },
  { from: '迭个', to: '这个', note: 'Wu 迭个 = 这个' },
  { from: '迭只', to: '这个' },
  { from: '迭', to: '这', notAfter: '更高', notBefore: '代起', note: 'Wu 迭 = 这; 更迭, 迭代, 迭起 keep theirs' },
  { from: '噶么', to: '那么', note: 'Wu 噶么 = 那么 (then)' },
  { from: '删脱', to: '删掉', note: 'Wu verb + 脱 = verb + 掉' },
  { from: '去脱', to: '去掉' },
  { from: '拿脱', to: '拿掉' },
  { from: '划脱', to: '划掉' },
  { from: '旧年', to: '去年', note: 'Wu 旧年 = 去年 (last year)' },
  { from: '格么', to: '那么', notAfter: '合资规价风表人性及严搭', note: 'Wu 格么 = 那么 (then); 合格么 asks whether it passed' },
  { from: '侬', to: '你', note: 'Wu 侬 = 你' },
  { from: '额', to: '的', end: true, notAfter: '金名余限度份配超定差', note: 'Wu 拿额 = 拿的 at the end; 金额, 名额, 余额, 限额 keep theirs' },
  { from: '伊拉', to: '他们', note: 'Wu 伊拉 = 他们' },
  { from: '呒没', to: '没有', note: 'Wu 呒没 = 没有' },
  { from: '几钿', to: '多少钱', note: 'Wu 几钿 = 多少钱 (补助几钿)' },
  { from: '好报', to: '能报', notAfter: '不很最真挺太只个些样', note: 'Wu 好 + verb = 能 + verb (平台好报几只 = 能报几个); 最好报, 只好报 keep theirs' },
  { from: '几只', to: '几个', note: 'Wu measure 只 = 个 (as 两只)' },
  { from: '假使', to: '假如', note: 'written/Wu 假使 = 假如' },
  { from: '倘使', to: '假如' },
  { from: '若果', to: '如果', note: 'Cantonese 若果 = 如果' },
  { from: '铜钿', to: '钱', note: 'Wu 铜钿 = 钱' },
  { from: '几化', to: '多少', note: 'Wu (苏锡) 几化 = 多少' },
  { from: '嘸没', to: '没有' },
  { from: '覅', to: '不要', note: 'Wu 覅 = 不要' },
  { from: '啥辰光', to: '什么时候', note: 'Wu 啥辰光 = 什么时候' },
  { from: '几辰光', to: '什么时候' },
  {
    from: '弗',
    to: '不',
    notAfter: '够行能对是以格',
    notBefore: '洛兰',
    note: 'Wu 弗报了 = 不报了, as 勿; 弗洛, 弗兰 (names) keep theirs',
  },
  { from: '两只', to: '2个', note: 'Wu measure word (两个 reads as 2个)' },
  { from: '搭', to: '和', notBefore: '建配档车乘载理把格', notAfter: '混', note: 'Wu 搭 = 和 between two names; 搭建, 混搭 keep theirs' },
  { from: '木得', to: '没有' },
  { from: '米有', to: '没有' },
  { from: '么有', to: '没有', notAfter: '什怎那这多要为甚', note: 'pinyin slip (meiyou); 什么有用 keeps its 么' },
  { from: '木问题', to: '没问题' },
  { from: '莫得', to: '没有', note: 'Sichuan' },
  { from: '勒个', to: '这个', note: 'Sichuan 勒个 = 这个 (就报勒个)' },
  { from: '勒些', to: '这些' },
  { from: '莫有', to: '没有', note: 'southwestern' },
  { from: '么得', to: '没有', notAfter: '什怎那这多要为甚', note: 'Sichuan; 什么得 keeps its 么' },
  { from: '冒得', to: '没有', note: 'Hunan, Hubei' },
  { from: '没得', to: '没有', notBefore: '到说了', note: 'southwestern 没得专职; not 没得到, 没得说' },
  { from: '批落嚟', to: '批下来', note: 'Cantonese 落嚟 = 下来 (冇批落嚟 = 没批下来)' },
  { from: '落嚟', to: '下来' },
  { from: '净係', to: '就只有', note: 'Cantonese 净係 = 只有 (净係2021年攞咗); 就只有, so no 两只 is made of 两净係' },
  { from: '净系', to: '就只有' },
  { from: '淨係', to: '就只有' },
  { from: '冇有', to: '没有', note: 'Cantonese' },
  { from: '冇得', to: '没有' },
  { from: '冇', to: '没有' },
  { from: '我哋', to: '我们', note: 'Cantonese 我哋 = 我们' },
  { from: '你哋', to: '你们' },
  { from: '佢哋', to: '他们' },
  { from: '嘅', to: '的', note: 'Cantonese possessive' },
  { from: '咁样', to: '这样', note: 'Cantonese 咁样 = 这样' },
  { from: '咁多', to: '这么多', notBefore: '谢', note: 'Cantonese 咁多 = 这么多; not 咁多谢 (then, thanks)' },
  { from: '咁', to: '那', note: 'Cantonese 咁报 = 那报 (then)' },
  { from: '报埋', to: '也报', note: 'Cantonese verb + 埋 = also (报埋乡村 = 也报乡村)' },
  { from: '加埋', to: '也加' },
  { from: '搞埋', to: '也搞' },
  { from: '咗嘞', to: '了', end: true, note: 'Cantonese 拿咗嘞 = 拿了 (了嘞 at the end reads as 了)' },
  { from: '咗', to: '了', note: 'Cantonese 拿咗 = 拿了' },
  { from: '唔使', to: '不用', note: 'Cantonese 唔使 = 不用 (before the 唔 row)' },
  { from: '唔驶', to: '不用' },
  { from: '喇', to: '了', end: true, note: 'Cantonese particle 喇 at the end = 了' },
  { from: '算啦', to: '算了', end: true, note: 'a drop said with a softer particle: 决策咨询算啦' },
  { from: '算咯', to: '算了', end: true },
  { from: '算喽', to: '算了', end: true },
  { from: '唔该晒', to: '谢谢' },
  { from: '唔该', to: '谢谢', note: 'Cantonese thanks' },
  { from: '多谢晒', to: '谢谢' },
  { from: '系唔系', to: '是不是' },
  { from: '系唔是', to: '是不是', notAfter: '是不', note: 'the same question half in Mandarin' },
  { from: '係唔是', to: '是不是', notAfter: '是不' },
  { from: '係唔係', to: '是不是' },
  { from: '系咪', to: '是不是' },
  { from: '係咪', to: '是不是' },
  { from: '得唔得', to: '行不行' },
  { from: '拎', to: '拿', note: 'Cantonese 拎过 = 拿过 (of an award)' },
  { from: '唔啱', to: '不对', notBefore: '不', note: 'Cantonese 唔啱 = 不对 (a correction, never a "no" to the open question)' },
  { from: '先啱', to: '才对', notBefore: '不', note: 'Cantonese 系2020年先啱 = 是2020年才对' },
  { from: '啱啱', to: '刚刚', note: 'Cantonese 啱啱 = 刚刚' },
  { from: '啱', to: '对', notBefore: '不', note: 'Cantonese 啱 = 对 (after the rows above; not before 不, whose 对不 row would then read it again)' },
  { from: '唔系', to: '不是', note: 'Cantonese 唔系 = 不是; 系 alone stays (系统, 联系)' },
  { from: '唔係', to: '不是' },
  { from: '就系', to: '就是', notBefore: '不', note: '就系不 is left alone: 就是不 at the end would read as 就是不是' },
  {
    from: '系',
    to: '是',
    notAfter: '联關关体體派院星谱直世书母父科院一二三四五六七八九十統统水',
    notBefore: '统統列数谱里内外不',
    note: 'Cantonese copula 系 (唔系5个，系8个); 系统, 联系, 关系, 体系, 派系, 水系 keep theirs',
  },
  { from: '係', to: '是', notBefore: '不', notAfter: '关關联聯体體派院', note: 'Cantonese copula (traditional 係); 关係, 联係 keep theirs' },
  { from: '够唔够', to: '够不够', notAfter: '够不', note: 'not inside a run of the same question (够唔够唔够)' },
  { from: '行唔行', to: '行不行', notAfter: '行不', note: 'not inside a run of the same question (行唔行唔行)' },
  { from: '能唔能', to: '能不能', notAfter: '能不', note: 'not inside a run of the same question (能唔能唔能)' },
  { from: '对唔对', to: '对不对', notAfter: '对不', note: 'not inside a run of the same question (对唔对唔对)' },
  { from: '是唔是', to: '是不是', notAfter: '是不', note: 'not inside a run of the same question (是唔是唔是)' },
  { from: '可唔可以', to: '可不可以' },
  { from: '合唔合格', to: '合不合格' },
  {
    from: '唔',
    to: '不',
    notBefore: ',.;!?:，。；！？、\n\t ~…嗯',
    notAfter: '够行能对是可合系係格',
    note: 'Cantonese 唔够 = 不够; 唔 alone (an interjection) stays; never after a word whose 不-question has its own row',
  },
  { from: '仲', to: '还', notBefore: '裁介秋夏春冬', note: 'Cantonese 仲可以 = 还可以; 仲裁, 仲介, 仲秋 keep theirs' },
  { from: '乜嘢', to: '什么' },
  { from: '咩嘢', to: '什么' },
  { from: '点解', to: '为什么' },
  { from: '点样', to: '怎么样' },
  { from: '几时', to: '什么时候', note: 'Cantonese, and written Mandarin' },
  { from: '几多', to: '多少', notAfter: '几', note: 'Cantonese 几多 = 多少; not after another 几 (几几多 would become 几多少, then 多少少)' },
  { from: '边个', to: '哪个' },
  { from: '边度', to: '哪里' },
  { from: '啱啱', to: '刚刚' },
  { from: '揾', to: '找' },
  { from: '嗰个', to: '那个' },
  { from: '嗰', to: '那' },
  { from: '攞', to: '拿' },
  { from: '一齐', to: '一起', note: 'Cantonese 一齐 = 一起' },
  { from: '拎', to: '拿', note: 'Cantonese 拎 = 拿 (拎咗科技奖励)' },
  { from: '喺', to: '在' },
  { from: '嚟', to: '来', notAfter: NUMERAL_LIKE, note: '嚟 after a numeral is no 来 of approximation (十来个 has its own reading)' },
  { from: '得切', to: '得及' },
  { from: '使唔使', to: '需不需要', note: 'Cantonese: need or not' },
  { from: '使不使', to: '需不需要' },
  { from: '㗎', to: '吗', end: true, note: 'Cantonese sentence particle asking for confirmation' },
  { from: '隔离学会', to: '隔壁学会', note: 'Cantonese 隔离 = 隔壁 (next door), only before 学会/协会' },
  { from: '隔离协会', to: '隔壁协会' },
  { from: '咩', to: '吗', end: true, note: 'Cantonese question particle at the end: 要报备咩' },
  { from: '啲咩', to: '什么', note: 'Cantonese 要啲咩 = 要什么' },
  { from: '咩', to: '什么', notBefore: '嘢', note: 'Cantonese 咩 inside a clause = 什么 (有咩要求); at the end it is the particle above' },
  { from: '边啲', to: '哪些', note: 'Cantonese 边啲 = 哪些' },
  { from: '睇', to: '看' },
  { from: '俺们', to: '我们', note: 'northern' },
  {
    from: '报俩',
    to: '报2个',
    notBefore: '个都里中',
    note: 'northern 能报俩项目 = 能报两个项目 (a count after the verb, read as 两个 is); 俩 elsewhere is the pair',
  },
  { from: '偶们', to: '我们', note: 'chat' },
  { from: '俺', to: '我' },
  { from: '咱们', to: '我们' },
  { from: '咱', to: '我们' },
  { from: '神马', to: '什么' },
  { from: '虾米', to: '什么', note: 'Minnan chat' },
  { from: '啥子', to: '什么', note: 'Sichuan' },
  { from: '啥', to: '什么' },
  { from: '肿么', to: '怎么' },
  { from: '咋', to: '怎么' },
  { from: '酱紫', to: '这样' },
  { from: '灰常', to: '非常' },
  { from: '粗来', to: '出来', note: 'chat: 结果还没粗来' },
  { from: '晓得', to: '知道', note: 'Jiangsu, Shanghai' },
  { from: '蛮', to: '很', notAfter: '野', note: 'Jiangsu: 蛮好 is 很好' },
  { from: '伐', to: '吗', end: true, notAfter: '征讨采砍步杀', note: 'Shanghai/Jiangsu question particle: 能报伐' },
  { from: '么', to: '吗', end: true, notAfter: '什怎那这多要为甚么', note: '能报么; not 什么, 怎么, 这么' },
  { from: '滴', to: '的', notAfter: '点水滴', notBefore: '滴水', note: '好滴, 我滴; not 点滴, 滴滴' },
  { from: '得嘞', to: '好的', note: 'Beijing 得嘞 = 好的 (an OK, never 得了 "forget it")' },
  { from: '得勒', to: '好的' },
  { from: '了嘞', to: '了', end: true },
  { from: '嘞', to: '了', end: true, notAfter: '好了', note: '报过嘞; 好嘞 is an acknowledgement of its own' },
  // "A不" at the end is the clipped "A不A" question.
  { from: '够不', to: '够不够', end: true, notBefore: '够', notAfter: '不' },
  { from: '行不', to: '行不行', end: true, notBefore: '行', notAfter: '不' },
  { from: '能不', to: '能不能', end: true, notBefore: '能', notAfter: '不' },
  { from: '对不', to: '对不对', end: true, notBefore: '对', notAfter: '不' },
  { from: '是不', to: '是不是', end: true, notBefore: '是', notAfter: '不' },
  { from: '可以不', to: '可以不可以', end: true, notBefore: '可', notAfter: '不' },
  { from: '合格不', to: '合格不合格', end: true, notBefore: '合', notAfter: '不' },
];

/** Typos of the programme's own words (one wrong character from a pinyin or shape slip). */
export const TYPOS: readonly SpellingRow[] = [
  { from: '二个A', to: '2A', notBefore: '等级类' },
  { from: '两个A', to: '2A', notBefore: '等级类' },
  { from: '三个A', to: '3A', notBefore: '等级类', note: '评估三个A = 3A (a level said as a count of A; not 一个A等, a grade)' },
  { from: '四个A', to: '4A', notBefore: '等级类' },
  { from: '五个A', to: '5A', notBefore: '等级类' },
  { from: '申保', to: '申报' },
  { from: '申抱', to: '申报' },
  { from: '甲报', to: '申报', notAfter: '第', note: 'shape slip 甲/申; 第甲 is nothing anyway' },
  { from: '材枓', to: '材料' },
  { from: '材科', to: '材料' },
  { from: '年捡', to: '年检' },
  { from: '年简', to: '年检' },
  { from: '评古', to: '评估' },
  { from: '诚心记录', to: '诚信记录' },
  { from: '联和体', to: '联合体' },
  { from: '连合体', to: '联合体', note: 'pinyin slip lian (连/联)' },
  { from: '年减', to: '年检', note: 'pinyin slip jian' },
  { from: '年审', to: '年检', note: 'the everyday name of 民政厅 年检 (社会团体年审)' },
  // Homophone slips in the programme's words (pinyin input picks the wrong character of the same sound).
  { from: '平太', to: '平台', note: 'pinyin slip tai' },
  { from: '特涩', to: '特色', note: 'pinyin slip se' },
  { from: '评谷', to: '评估', note: 'pinyin slip gu' },
  { from: '沙笼', to: '沙龙', note: 'pinyin slip long' },
  { from: '梯对', to: '梯队', note: 'pinyin slip dui' },
  { from: '一留', to: '一流', note: 'pinyin slip liu' },
  { from: '不良记路', to: '不良记录', note: 'pinyin slip lu' },
  { from: '结提', to: '结题' },
  { from: '验受', to: '验收' },
  { from: '不良纪录', to: '不良记录' },
  { from: 'grade A', to: 'A等', notAfter: NUMERAL_LIKE, note: 'English inside a Chinese message' },
  { from: 'Grade A', to: 'A等', notAfter: NUMERAL_LIKE },
  { from: 'grade B', to: 'B等', notAfter: NUMERAL_LIKE, note: 'English inside a Chinese message' },
  { from: 'Grade B', to: 'B等', notAfter: NUMERAL_LIKE },
  { from: 'grade C', to: 'C等', notAfter: NUMERAL_LIKE, note: 'English inside a Chinese message' },
  { from: 'Grade C', to: 'C等', notAfter: NUMERAL_LIKE },
  { from: 'grade D', to: 'D等', notAfter: NUMERAL_LIKE, note: 'English inside a Chinese message' },
  { from: 'Grade D', to: 'D等', notAfter: NUMERAL_LIKE },
  { from: '年检passed', to: '年检合格', notBefore: '不勿没弗' },
  { from: '年检pass', to: '年检合格', notBefore: 'e不勿没弗' },
  { from: '年检ok', to: '年检合格', notBefore: 'a不勿没弗' },
  { from: '和格', to: '合格', notAfter: '总', notBefore: '不勿', note: 'pinyin slip hege; 总和格 is nothing here; not before 不 (合格不 is its own row)' },
  { from: '何格', to: '合格', notBefore: '不勿' },
  // 包 for 报 (bao) after a word of planning or asking; 包括, 包含, 打包 keep theirs.
  { from: '都包', to: '都报', notBefore: '括含装裹' },
  { from: '也包', to: '也报', notBefore: '括含装裹' },
  { from: '想包', to: '想报', notBefore: '括含装裹' },
  { from: '能包', to: '能报', notBefore: '括含装裹' },
  { from: '可以包', to: '可以报', notBefore: '括含装裹' },
  { from: '包上', to: '报上', notAfter: '打书红钱面' },
  { from: '包不包', to: '报不报' },
  // 截至 (up to a day) and 截止 (closing) are both right and both mean the deadline here: no row.
  // 学金 → 学会 would break 奖学金: no row.
];

/**
 * Words that contain a numeral or a table spelling but are words of their own: never rewritten.
 * Matched before any row, longest first.
 */
export const PROTECTED: readonly string[] = [
  // 一 as a word, not a count
  '一流',
  '一下',
  '一起',
  '一定',
  '一般',
  '一些',
  '一直',
  '一样',
  '一旦',
  '一点',
  '一共',
  '一律',
  '一致',
  '一切',
  '一同',
  '一并',
  '一再',
  '一向',
  '一边',
  '一体',
  '一线',
  '一把手',
  '一揽子',
  '一次性',
  '一会儿',
  '一带一路',
  '一五一十',
  '统一',
  '唯一',
  '之一',
  '万一',
  '双一流',
  // classes, grades and ranks
  '一类',
  '二类',
  '三类',
  '四类',
  '一级',
  '二级',
  '三级',
  '一等奖',
  '二等奖',
  '三等奖',
  '一等',
  '二等',
  '三等',
  '三甲',
  '二甲',
  '十佳',
  '百强',
  '百佳',
  '百家',
  '千人计划',
  '万人计划',
  // names of plans, bodies and days
  '十四五',
  '十三五',
  '十二五',
  '三下乡',
  '三农',
  '三会一课',
  '两会',
  '两委',
  '两院',
  '两新',
  '两者',
  '两边',
  '五一',
  '六一',
  '三八',
  '五四',
  '十一假',
  '十一长假',
  '十一黄金周',
  '十分',
  '十足',
  '百分之',
  '乱七八糟',
  '七上八下',
  '十之八九',
  '三番五次',
  '三天两头',
  // words the spelling rows would otherwise touch
  '好嘞',
  '点滴',
  '滴滴',
  '野蛮',
];

/** Chinese numeral characters and their values. 万 is a unit kept as written ("三十万" → "30万"). */
export const NUMERAL_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
export const NUMERAL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
/** One character for a number of tens, as dates are written: "九月卅号" (30), "廿五号" (25), "卅一日" (31). */
export const NUMERAL_TENS: Readonly<Record<string, string>> = { 廿: '二十', 卄: '二十', 卅: '三十', 卌: '四十' };

/**
 * Measure words: a lone numeral character is a count only before one of these ("两场" → "2场");
 * elsewhere it is part of a word ("周三", "三（一）"). Longest first when matched.
 */
export const MEASURES: readonly string[] = [
  '个',
  '场',
  '名',
  '位',
  '项',
  '人',
  '次',
  '家',
  '年',
  '月',
  '号',
  '日',
  '天',
  '周',
  '份',
  '本',
  '期',
  '篇',
  '元',
  '块',
  '小时',
  '分钟',
  '岁',
  '届',
  '批',
  '种',
  '条',
  '页',
  '张',
  '所',
  '万',
  'A',
  'a',
];

/** A numeral after one of these stays as written: ordinals (第三场), weekdays (周三), 这两个 (a reference), 几十, and a
 * numeral right after digits ("2020、2021两年": 两 would join the year's digits as 20212). */
export const KEEP_AFTER = '第周期拜初几这那哪0123456789';

/** Words after a number that make it approximate: 十来个, 三十多, 二十余, 十几. */
export const APPROX_AFTER = ['来', '多', '余', '几', '左右', '上下'];

/**
 * Two adjacent digits that name a range ("十五六" is 15 to 16, "七八个" 7 to 8, "三五个" 3 to 5).
 * Other pairs ("二一年", "一九年") are digits of a year.
 */
export function isRangePair(a: number, b: number): boolean {
  return b === a + 1 || (a === 3 && b === 5) || (a === 1 && b === 2);
}

/** The one lone numeral that is no count by itself: 一 is the article ("一个学会", "一场")… */
export const LONE_KEPT = '一';
/** …except in a date: "一月份", "十一月一号". */
export const LONE_KEPT_UNLESS_BEFORE: readonly string[] = ['月', '号', '日'];
