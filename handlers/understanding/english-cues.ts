/**
 * English words the Chinese readers understand, as a table (issue 20, "fix by class"). Each row rewrites an
 * English wording into the Chinese that says the same, applied in order: statements of fact first, while their
 * English words are intact; then plans and events. A misread English message is fixed by a row here, never by a
 * regex in a handler. `englishCues` (parse.ts) applies the table.
 */

/** A rewrite: what to find, and the Chinese it becomes (with $1…, or a function of the groups). */
import { JIANGSU_PLACES, OUTSIDE_PLACES, PLACES_IN_ENGLISH } from './places.js';

/** "move it to 无锡": a move to a place is the event's, never a plan of a project. */
const MOVED_TO_PLACE = new RegExp(
  `\\b(?:move[sd]?|moving|shift(?:ed)?|change[sd]?|switch(?:ed)?) (?:it |that |the (?:event|conference|meeting|forum|venue) )?to (?=(?:${[...JIANGSU_PLACES, ...OUTSIDE_PLACES].join('|')}))`,
  'gi',
);

/** "will be in Shanghai", "is held at Suzhou": where the event is, as the place rule reads it (在上海开). */
const HELD_IN_PLACE = new RegExp(
  `\\b(?:will be|is|are|to be|be|being|was) (?:held )?(?:in|at) (${[...JIANGSU_PLACES, ...OUTSIDE_PLACES].join('|')})(?![a-z])`,
  'gi',
);

export type EnglishCue = readonly [RegExp, string | ((...args: string[]) => string)];

/** English month names, by their first three letters. */
const MONTHS_EN = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const monthNumber = (name: string) => MONTHS_EN.split('|').indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** "Shanghai", "Suzhou": a place in pinyin, in its Chinese name. */
const PLACE_IN_ENGLISH = new RegExp(`\\b(${Object.keys(PLACES_IN_ENGLISH).join('|')})\\b`, 'gi');
const placeInChinese = (name: string) => Object.entries(PLACES_IN_ENGLISH).find(([en]) => en.toLowerCase() === name.toLowerCase())?.[1] ?? name;

export const ENGLISH_CUES: readonly EnglishCue[] = [
  [PLACE_IN_ENGLISH, (name: string) => placeInChinese(name)],
  [MOVED_TO_PLACE, '改到'],
  [HELD_IN_PLACE, '在$1开'],
  // "no awards in 2020 or 2021": none at all.
  [/\bno (?:awards?|projects?) (?:in|from|before|so far|yet|at all|ever)\b/gi, '都没拿过任何项目'],
  // "in 2020, no wait, 2019", "B, I mean C": a mistake owned at once (the splitter puts the value meant in
  // its place, as for "哦不对").
  [/\b(?:no,? wait|wait,? no|oh no|sorry,? I mean|I mean|I meant|scratch that|or rather|correction)\b(?=\s*[,，]?\s*\S)/gi, '不对'],
  // "sorry, grade 应该是 C", "oops, it was 2019": a leading apology owns a mistake (not "sorry to bother you").
  [/^\s*(?:sorry|oops|my bad|my mistake)\b(?!\s+(?:to|for)\b)[,，!.]?\s*/i, '不对，'],
  // "I can't remember whether we passed the inspection": nothing in that clause is stated.
  [
    /\b(?:i |we )?(?:can'?t|cannot|don'?t|do not|doesn'?t) (?:quite )?(?:remember|recall|know)\b[^,.;]*|\b(?:i'?m |we'?re )?(?:not sure|unsure)\b[^,.;]*|\bno idea\b[^,.;]*/gi,
    '不确定',
  ],
  [/\b(we )?(did not|didn'?t|never) (take part|participate)[^,.;]*evaluation[^,.;]*/gi, '没参加评价'],
  [/\b(never been|not been|were not|weren'?t|not) assessed\b/gi, '没评估'],
  [
    /\b(?:evaluation )?grade(?![a-z])\s*(?:(?:is|was|were|be|of|to|had been|has been|would be|would have been|became|becomes|went down to|dropped to|fell to|rose to|应该是|应该|其实是|是|改成|改为)\s*)?(?:(?:actually|really|in fact|only|just)\s+)?(?:an?\s+(?=[abcd]\b))?([abcd])\b|\bgraded\s*([abcd])\b|\bgot (?:an? )?([abcd])\b(?! ?grade)/gi,
    '评价$1$2$3等',
  ],
  // "what if we were not 4A", "if we weren't grade B": a value denied, read as "不是4A" (never the value).
  [/\b(?:not|isn'?t|aren'?t|weren'?t|wasn'?t)\s+even\s+(?:an?\s+)?([1-5])\s*a\b/gi, '连$1A都不是'],
  [/\b(?:not|isn'?t|aren'?t|weren'?t|wasn'?t)\s+even\s+(?:an?\s+)?(?:grade\s+)?([abcd])\b(?=\s*(?:grade\b|[,.;:?!，。？]|$))/gi, '连$1等都不是'],
  [/\b(?:not|isn'?t|aren'?t|weren'?t|wasn'?t)\s+(?:an?\s+)?([1-5])\s*a\b/gi, '不是$1A'],
  [/\b(?:not|isn'?t|aren'?t|weren'?t|wasn'?t)\s+(?:an?\s+)?(?:grade\s+)?([abcd])(?:\s*等)?(?=\s*(?:grade\b|[,.;:?!，。？]|$))/gi, '不是$1等'],
  [/(?<!不是|连)\b([1-5])\s*a\b/gi, '评估$1A'],
  [/\b(?:rated|graded|evaluated|scored|ranked)\s+(?:as\s+)?(?:an?\s+)?([abcd])\b(?!\s*(?:level|assessment))/gi, '评价$1等'],
  // "What if we were C grade?", "a B-grade society": the letter before "grade" (upper case: "a grade" is an article).
  [/\b([ABCD])[- ]grade\b/g, '$1等'],
  // "our grade last year: B", "evaluation result was C": a grade given after its label.
  [
    /\b(?:grade|evaluation(?: grade| result)?|rating)(?:\s+(?:last year|for 2021|in 2021))?\s*(?:is|was|:|=|-)\s*([abcd])\b(?!\s*(?:level|assessment))/gi,
    '评价$1等',
  ],
  [/\bfailed (the )?(annual )?inspection\b|\b(annual )?inspection (was )?failed\b/gi, '年检不合格'],
  [/\b(?:had ?n[o']t|did ?n[o']t|have ?n[o']t|has ?n[o']t|never|not) (?:pass|passed) (?:the |our )?(?:annual )?(?:inspection|年检)/gi, '年检不合格'],
  [/\b(passed|pass) (the |our |last year'?s |the last )?(annual |yearly )?(civil affairs )?inspection\b|\b(annual )?inspection (was )?passed\b/gi, '年检合格'],
  // "the annual inspection went fine", "we got through the inspection", "inspection: no problems".
  [
    /\b(?:the |our )?(?:annual )?inspection (?:went (?:fine|well|ok|okay|smoothly)|was (?:fine|ok|okay|good|clean)|(?:is|was) all good|had no (?:problems?|issues?)|[:：-]\s*(?:ok|fine|passed|no problems?|no issues?))\b|\b(?:got|came) through (?:the |our )?(?:annual )?inspection\b|\bcleared (?:the |our )?(?:annual )?inspection\b/gi,
    '年检合格',
  ],
  // "no bad record", "never had any violations or fraud", "never been found to misuse funds".
  [
    /\b(?:no|not any|without any|never (?:had|have had|been found to have)(?: any)?|haven'?t had any|hasn'?t had any)\s+(?:bad |adverse |negative |disciplinary )?(?:misconduct|violations?|fraud|falsification|irregularit(?:y|ies)|integrity (?:issues?|problems?|record)|(?:bad |adverse )?records?|misuse of funds)(?:\s+(?:or|and|,)\s+(?:misconduct|violations?|fraud|falsification|irregularit(?:y|ies)|misuse of funds))*\b|\bnever (?:been found to |ever )?(?:misuse[ds]?|falsif(?:y|ied))(?: (?:the |any )?funds?)?\b|\bclean record\b/gi,
    '没有违规',
  ],
  // "record 是 clean 的", "our record is clean": a clean record said the other way round.
  [/\b(?:integrity |our )?record\b\s*(?:is|是)?\s*(?:all |totally |completely )?clean\b/gi, '没有违规'],
  [/\b(had|have) (some )?misconduct\b|\bmisused (the )?funds?\b/gi, '有违规'],
  // ("our staff are part-time, not full-time", "staff are only part-time")
  [
    /\bno full[- ]time staff\b|\ball part[- ]time\b|\b(?:are|is) (?:all |only |just )?part[- ]timers?\b|\b(?:staff|secretariat|people|employees) (?:are|is|were) (?:all |only |just )?part[- ]time\b(?:,? not full[- ]time)?|\bnot full[- ]time\b/gi,
    '没有专职',
  ],
  [
    /\b(have|has) (a )?full[- ]time staff\b|\b(?:\d+|one|two|three|four|five|a few|several|some)\s+full[- ]time\s+(?:staff|employees|people|workers|secretaries)(?: members?)?\b/gi,
    '有专职',
  ],
  // "秘书处 full-time 有3个人": the English word inside a Chinese line, as the Chinese readers write it.
  [/\bfull[- ]time\b/gi, '专职'],
  [/\bno (cn )?journal\b/gi, '没有CN期刊'],
  // ("the journal is published by our partner university, not us": another body's journal.)
  [
    /\b(?:journal|it)\b[^,.;]*\b(?:published|run|owned|sponsored|hosted) by (?:our |the |a )?(?:partner|university|institute|college|hospital|publisher|supervising unit|another|other)[^.;]*/gi,
    '期刊是合作单位主办的，不是我们主办',
  ],
  [/\b(publish(?:es)?|sponsors?|runs?|owns?|hosts?)\b[^,.;]*journal[^,.;]*\bcn\b[^,.;]*/gi, '主办有CN刊号期刊'],
  [/\b(have|has|hosts?|publish(?:es)?|sponsors?|runs?|owns?)\s+(a |an |our )?cn[- ]?(numbered |registered )?journal\b/gi, '主办有CN刊号期刊'],
  [/\baward (is |was )?(filed|registered)\b[^,.;]*|\bfiled (our|the) award\b[^,.;]*/gi, '奖项已报备'],
  [/\b(\d+) (?:medical |health |medicine )?(?:experts|doctors|specialists)\b/gi, '$1名医学专家'],
  [
    /\b(an? )?(public |affiliated )?institution (directly )?(under|affiliated (to|with)|of) (the )?(jsast|provincial (science )?association|association for science)\b|\bdirectly under jsast\b/gi,
    '省科协直属事业单位',
  ],
  [/\bprovincial(?:[- ]level)?(?: science| scientific| academic)? (?:society|association)\b/gi, '省级学会'],
  // "We are a provincial society", "we're an institution under JSAST": what the unit is, said of us.
  [/\b(?:we are|we'?re|this is|our unit is)\s+(?:a |an |the )?(?=省级学会|省科协直属事业单位)/gi, '我们是'],
  [
    /\b(?:we |it |they )?(didn'?t|did not|were not|weren'?t|was not|wasn'?t) (get|got|funded|selected|approved)( it)?\b|\b(rejected|not approved|unsuccessful)\b/gi,
    '没批',
  ],
  // "we got nothing in 2020", "2020 was wrong": a year that had no award, said as the Chinese readers read it.
  [/\b(?:we |they )?(?:got|received|had|won) nothing\b/gi, '没拿过'],
  [/\b(?:was|is) (?:wrong|a mistake)\b/gi, '不对'],
  // "we didn't get it in 2020": the year after the verb goes before it ("2020年没批").
  [/(没批|没拿过)\s*(?:in|for)\s+(20\d{2})\b/g, '$2年$1'],
  [/\bin (20\d{2})\s*(没批|没拿过)/g, '$1年$2'],
  // "we have never received any funding from the programme": no award at all.
  [
    /\b(?:never|have never|haven'?t ever|have not ever) (?:got|gotten|received|won|had) any (?:funding|funds|projects?|awards?|grants?|support)\b(?: (?:from|under|in) (?:the |this )?(?:programme|program|plan|scheme)(?: before)?)?/gi,
    '以前没拿过任何项目',
  ],
  // "we have never been funded by the programme": no award at all (a year or project would be named otherwise).
  [
    /\b(?:have |has )?(?:never|not ever) been (?:funded|awarded|supported|selected)(?: (?:by|under|in|from) (?:the |this )?(?:programme|program|plan|scheme))\b/gi,
    '以前没拿过任何项目',
  ],
  [/\b(never|have never|haven'?t ever|have not ever) (got|gotten|received|won|had|been (funded|awarded|recognised|recognized))\b/gi, '没拿过'],
  // "it was only the one year, 2021": the award year kept, said as "只有2021年的" (the others go).
  [/\b(?:it was |it's |that was )?only (?:the )?(?:one year|once)?[,\s]*(?:in )?(20\d{2})\b/gi, '只有$1年的'],
  // "the 2021 one was our sister society, not us": that year's award was another society's.
  [/\b(?:the )?(20\d{2}) one\b/gi, '$1年那个'],
  [
    /\b(?:was|were|belonged to|went to|is) (?:(?:our |a |the |another )?(?:sister|brother|partner|other|neighbou?ring)|another) societ(?:y|ies)(?:'s)?\b/gi,
    '是兄弟学会拿的',
  ],
  [/,?\s*\bnot us\b|\bnot ours\b/gi, '，不是我们'],
  [/\bonly (?:had|got|received|won) (?:it |that |them |one )?(?:in )?(20\d{2})\b/gi, '只有$1年拿过'],
  [/\blast year\b/gi, '去年'],
  [/\b(?:we |our society |the society )?(got|were funded for|was funded for|received|won|had)\b/gi, '拿过'],
  [/\bin (20\d{2})( and (20\d{2}))?/gi, ' $1、$3年'],
  // "put tech assessment back in", "add X back", "bring back X", "restore X": X planned again.
  [/\b(?:put|add|bring)\s+(\S[^,.;]*?)\s+back(?:\s+in(?:to (?:the |our )?(?:plan|list))?)?\b/gi, '加回$1'],
  [/\b(?:bring back|restore|reinstate|re-?add)\b/gi, '加回'],
  // "keep brand, drop the other one": keeping one of a pair, and the other one of it.
  [/\b(?:keep|retain|stick with)\b(?!\s+(?:in mind|it in mind))/gi, '留'],
  [/\b(?:the )?other one\b|\bthe other\b(?!\s+\w+\s+(?:society|societies))/gi, '另一个'],
  [
    /\b(drop|remove|cancel|forget(?: about)?|scrap|skip|leave out|give up(?: on)?|cross out|take out|clear|delete|ditch|dump|abandon)( the)?\b(?!\s+(?:it|that)\s*\?)/gi,
    '去掉',
  ],
  // ("品牌学术交流 cancel 掉": the English verb with its Chinese 掉, one drop.)
  [/去掉\s*掉/g, '去掉'],
  // "replace with 沙龙", "do 标准制定 instead", "go with 特色 instead": what comes in.
  [/\breplace (?:it |that |them )?with\b/gi, '换成'],
  [/\b(?:do|use|go with|take|pick|choose)\b(?=\s+(?:the )?[\u4e00-\u9fa5][^,.;]{0,24}\binstead\b)/gi, '想报'],
  // "we will not do the salon", "we won't apply for X": a drop; "we'll do X instead": a plan.
  [
    /\b(?:we )?(?:will not|won'?t|don'?t want to|do not want to|no longer want to|are not going to|aren'?t going to|not going to) (?:do|apply for|go for|run|take)\b/gi,
    '不报',
  ],
  [/\b(?:we'?ll|we will|we'?re going to|we are going to|we'?d rather) (?:do|apply for|go for|run|take)\b/gi, '想报'],
  // "we do 特色学术交流 instead", "We plan 一流学会 + …": a verb of doing or planning right before a name.
  [/\bwe(?:'re| are)? (?:do|plan(?:ning)?(?: on| for)?)\b(?= (?:the )?[\u4e00-\u9fa5])/gi, '想报'],
  [/\b(?:sorry,? )?(?:my bad|my mistake|i was wrong|i made a mistake|correction|typo|wrong number|i mis-?typed|i miscounted|oops|whoops)\b/gi, '说错了'],
  // "8 experts, not 5": the value meant, then the value denied.
  [/[,，]?\s*\bnot (\d{1,3})\b(?!\s*(?:a|years?|年))/gi, '，不是$1个'],
  // "that was 2018 not 2019", "not 2019 but 2018": a year meant, then the year denied (or the other way).
  [/\b(?:it|that|this|the award) (?:was|is|should be|should have been) (?:in )?(20\d{2}),? not (?:in )?(20\d{2})\b/gi, '说错了，是$1年不是$2年'],
  [/\bnot (?:in )?(20\d{2}),? (?:but |it was |it's |that was )?(?:in )?(20\d{2})\b/gi, '说错了，不是$1年，是$2年'],
  [/\bonly\b(?!\s+(?:had|got|received|won|once|one|the one|in\b|\d))/gi, '只报'],
  // "ok just 品牌 then": only that project.
  [/\bjust\s+(?=[\u4e00-\u9fa5])/gi, '只报'],
  // "swap 科技评估 for 决策咨询", "replace X with Y": X, then what it becomes.
  [/\b(?:swap|replace|switch)\s+(\S[^,.;]*?)\s+(?:for|with|to)\b/gi, '$1换成'],
  [/\bswap (it )?(for|to)\b|\bchange (it )?to\b/gi, '换成'],
  [/\btwo\b/gi, '两个'],
  [/\b(we )?applied for\b/gi, '报了'],
  // "We want the health project": a want of a project named (the names are in Chinese by now).
  [
    /\bwe(?:'d| would)? (?:want|like|wish)(?: to (?:have|do|get|try))?(?= (?:the |a |an )?(?!to\b|know|ask|check|confirm|see|more|some|information|details|help)[\w\u4e00-\u9fa5])/gi,
    '想报',
  ],
  [/\b(take|pick|choose|go for|go with)\b(?= (the )?[\u4e00-\u9fa5])|\b(?:we'?ll|we will|let'?s) (?:take|pick|choose|go for|go with)\b/gi, '想报'],
  // "the alliance, we'd lead it": leading a project is applying for it.
  [/\bwe'?d lead it\b|\bwe (?:would|will|'ll) lead (?:it|the (?:alliance|consortium))\b|\bwith us (?:as|leading)\b/gi, '我们牵头报'],
  // "could we still apply for X": asks leave, not a plan.
  [/\b(?:can|could|may|might) (?:we|i|our society|the society) (?:still |also |even )?apply for\b/gi, '能报'],
  [
    /\b((we )?(want|plan|intend|would like|are going|hope) to |let'?s )?apply for\b|\badd\b|\b(?:we )?(?:want|plan|intend|would like|are going|hope) to (?:do|go for|try|run|take on|hold|organi[sz]e|host|launch)\b/gi,
    '想报',
  ],
  // "will be published on 25 November", "we will finish in October": a day of finishing.
  [/\b(?:will be |be |been |is |was |gets? )?(?:published|released|issued)\b|\bpublication\b/gi, '发布'],
  [
    /\b(?:will |we'?ll |to )?(?:finish(?:ed)?|complete(?:d)?|wrap(?:ped)? up|be done|get it done)\b(?!\s+(?:the )?(?:inspection|evaluation|assessment))/gi,
    '完成',
  ],
  // "We're keen on the salon", "we intend to put in for X", "our plan is to go for X", "put down 标准制定
  // instead", "switch to 品牌": a plan, in other words.
  [
    /\b(?:we'?re|we are) (?:keen on|interested in|going for|aiming (?:at|for))\b|\b(?:we )?(?:intend to |plan to |want to )?(?:put in for|bid for)\b|\b(?:put|write|sign) (?:us )?(?:down|up) for\b|\b(?:put|write|sign) (?:us )?down\b(?= (?:the )?[\u4e00-\u9fa5])|\b(?:switch|change|move) (?:it |that )?to\b(?= (?:the )?[\u4e00-\u9fa5])|\bour (?:plan|aim|goal) is(?: to)?(?: (?:go for|apply for|do|try))?\b/gi,
    '想报',
  ],
  // "Add it.", "drop that one": the project talked about.
  [/(想报|去掉|只报|加回|留)\s*\b(?:it|this one|that one|this|that|them)\b/gi, '$1它'],
  [/\b(event|meeting|conference|forum)\b/gi, '活动'],
  [/\b(?:to be )?(?:held|hold|holding|hosted|hosting)\b/gi, '举办'],
  // "and if it's on Oct 8": the event talked about, dated (the day read as the event's).
  [/\bit(?:'s| is| will be|'ll be| was| were) (?:on|scheduled for)\b/gi, 'it 举办 on'],
  // "on 15 October", "October 15th", "the 20th of September", "Oct 15": the day as the Chinese readers read it.
  [
    new RegExp(String.raw`\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(${MONTHS_EN})[a-z]*\.?(?:,?\s+(20\d{2}))?\b`, 'gi'),
    (_: string, d: string, m: string, y?: string) => `${y ? `${y}年` : ''}${monthNumber(m)}月${d}日`,
  ],
  [
    new RegExp(String.raw`\b(${MONTHS_EN})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(20\d{2}))?`, 'gi'),
    (_: string, m: string, d: string, y?: string) => `${y ? `${y}年` : ''}${monthNumber(m)}月${d}日`,
  ],
  // "一流学会有没有 funding": money words of the programme.
  [/\b(?:funding|funds?|money|grants?|subsid(?:y|ies))\b/gi, '经费'],
  // "2020 we received development aid": a year said bare, as the Chinese readers write it (not a date's year).
  [/(?<![-/.\d年月])\b(20[0-3]\d)\b(?![-/.\d、]|\s*年)/g, '$1年'],
];
