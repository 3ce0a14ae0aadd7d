import type { ProjectMatcher } from '../parse.js';

/**
 * Words that name a project the guide does not have: "科技志愿服务专项还有吗", "想报科技志愿服务和
 * 学术交流". Only where the wording says a project is meant: a name ending in 专项 / 子项目, or the
 * object of a verb of applying. A wrong premise is named, never passed over.
 */
const NAMED_SPECIAL = /([\u4e00-\u9fa5]{2,12}?)(专项|子项目|建设项目)(?![\u4e00-\u9fa5]{0,1}(资金|经费|材料|的|中))/g;
const APPLY_OBJECT = /(?:想报|想申报|打算报|准备报|准备申报|要报|报个|今年报|还是报|改报)([^，,。；;？?！!\s]{2,24})/g;
/** The object of a verb of having won one: "21年拿过青年人才托举" (a name of four characters or more). */
const AWARD_OBJECT = /(?:拿过|拿到过|获得过|得过|立项过|获批过|承担过)([^，,。；;？?！!\s]{4,24})/g;
/** A name said to be a project's: "有没有一个叫科技创新券的子项目", "a sub-project called 科技创新券". */
const CALLED = [
  /(?:叫做?|名为|名叫|称为)[“"'‘]?([\u4e00-\u9fa5]{2,12}?)[”"'’]?的?(?:子项目|项目|专项)/g,
  /\b(?:sub-?projects?|projects?|programmes?|programs?|items?)\s+(?:called|named)\s+[“"'‘]?([\u4e00-\u9fa5]{2,12})/gi,
  // ("有没有“一流期刊学会”这个子项目": a name in quotes, said to be a project.)
  /[“"‘]([\u4e00-\u9fa5]{2,12})[”"’]\s*(?:这个|这一个|这项|这一项)?(?:子项目|项目|专项)/g,
];

/** What stands before or after a name without being part of it. */
const LEAD = /^(今年|我们|我会|本会|还|也|再|就|那个|这个|一个|个|的|想|要|打算|准备|计划|拟|报|申报|申请|加报|加上|加个|加一个|加|添个|添|来个|整个)+/;
const TAIL = /(还有吗|还有没有|有吗|还在吗|还报吗|能报吗|能报不|可以报吗|怎么报|吧|了|呢|吗|的)+$/;
/** Not a name: "这个专项", "哪个子项目", "实事专项" alone. */
const GENERIC = /^(这|那|哪|什么|啥|几|各|每|其他|其它|别的|所有|全部|该|同类|实事|科技为民服务实事)?(个|些|项|类)?$/;
/** The programme itself, not one of its projects: "想报今年的提升计划". */
const PROGRAMME = /^(提升计划|提升学会服务科技创新能力计划|项目|子项目)(项目)?$/;
/** Words before 项目 that say whose or which, not what: "往年的项目", "提升计划项目", "合作项目". */
const DESCRIBES =
  /的$|^(往年|去年|今年|前年|以前|之前|提升计划|计划|申报|立项|合作|资助|我们|你们|他们|学会|科协|省级|国家级?|相关|重点|同类|这些|那些|哪些|其他|其它|别的|所有|全部|新|老|旧|大|小|好|单个|多个|整个|一些|几个|每个|两个|一个)+$/;

/** "报几个项目", "报两个", "报哪些": a count or a question word, not a name. */
const COUNTED = /^(几|哪|什么|啥|多少)|^[一两二三四五六七八九十\d]+(个|项|类|场)|(项目|个|项|类)$/;

/** Words that ask which or how many: never part of a name. */
const ASKS_WHICH = /几|多少|哪|什么|啥/;

/** A project's name with name-like words stuck on before it (□ marks the name): "一流□学会". */
const WRAPPED = /^[\u4e00-\u9fa5]{2}□[\u4e00-\u9fa5]{0,2}(学会|专项)$/;

/** Items of a list: 和, 、, '+', brackets ("这两个（团标、评估）"). */
const LIST_SEP = /和|跟|与|及|、|还有|以及|\+|[()（）]/;

export function unknownProjectNames(text: string, matcher: ProjectMatcher): string[] {
  const found = new Set<string>();
  const consider = (raw: string) => {
    const words = raw.replace(LEAD, '').replace(TAIL, '');
    if (words.length < 3 || PROGRAMME.test(words)) return;
    // "一流期刊学会": a real name inside a longer one is a name the guide does not have.
    if (matcher.find(words).length) {
      if (WRAPPED.test(matcher.mask(words))) found.add(words);
      return;
    }
    if (matcher.fuzzy(words) || matcher.best(words)) return;
    found.add(words);
  };
  for (const m of text.matchAll(NAMED_SPECIAL)) {
    const head = m[1]!.replace(LEAD, '');
    // "能报几个平台子项目", "哪些专项": a question word asks which or how many; it names nothing.
    if (ASKS_WHICH.test(head)) continue;
    if (!GENERIC.test(head) && !(m[2]!.endsWith('项目') && (head.length < 3 || DESCRIBES.test(head)))) consider(`${m[1]}${m[2]}`);
  }
  for (const called of CALLED) for (const m of text.matchAll(called)) consider(m[1]!);
  for (const m of text.matchAll(APPLY_OBJECT)) for (const piece of m[1]!.split(LIST_SEP)) if (!COUNTED.test(piece.replace(LEAD, ''))) consider(piece);
  for (const m of text.matchAll(AWARD_OBJECT)) for (const piece of m[1]!.split(LIST_SEP)) if (!COUNTED.test(piece.replace(LEAD, ''))) consider(piece);
  // A longer name already holds a shorter one ("科技志愿服务专项" and "科技志愿服务").
  return [...found].filter((w) => ![...found].some((o) => o !== w && o.includes(w)));
}
