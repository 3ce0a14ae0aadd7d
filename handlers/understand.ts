/**
 * What kind of message this is, before any slot is filled: an acknowledgement never answers a
 * question, a past award is not a plan, a change of plan is not an answer. Pure text functions.
 */
import { PLAN_ADD_WORDS, PLAN_REMOVE_WORDS } from './understanding/plan-words.js';
import { CORRECTING } from './understanding/cues.js';

/** Pieces of a message that only acknowledge, thank, or put the question off. */
const ACK_PART =
  /^(好|好的|好滴|好嘞|好哒|好吧|好呀|好啊|行|行吧|行的|可以|可以的|ok|okay|okk|okok|k|嗯+|嗯呢|恩+|哦+|噢+|喔+|哈+|呵呵|收到|收到了|收到收到|明白|明白了|了解|了解了|知道了|懂了|清楚了|晓得了|谢谢|巴适|巴适得板|安逸|要得|中嘞|好嘞|谢谢你|谢谢啦|多谢|感谢|感谢感谢|谢了|辛苦|辛苦了|辛苦啦|麻烦了|麻烦你了|thanks|thank you|thanks a lot|thx|thxs|tks|tnx|ty|cheers|ta|many thanks|appreciated|got it|noted|sure|fine|great|cool|alright|all right|i see|understood|稍等|稍等下|稍等一下|等下|等一下|等等|马上|一会儿|回头|晚点|回头再说|再说|👍|🙏|👌|😊|🙂)(哈|啊|呀|哦|啦|嘛|了)?$/i;

/** "我先问问领导", "我去查一下", "等我确认下", "容我想想": no answer yet. */
const PUT_OFF =
  /^(等|容)?我?(先|再|去|得)?(问问|问一下|问下|查查|查一下|查下|确认一下|确认下|核实一下|核实下|看看|看一下|想想|商量一下|请示一下|请示下|了解一下|翻一下|找一下)(领导|秘书长|会长|理事长|同事|财务|办公室|他们|一下)?(再说|再回复你?|再告诉你|回头告诉你|再答复)?$|^(let me|i'?ll|i will|need to) (check|ask)\b.*$/i;

const ACK_BREAK = /[。.!！~～…,，、\s]+/;
/** Forms of address around an acknowledgement. */
const ADDRESS = /(老师|领导|同志|亲|您|你|侬|兄弟|哥们|大哥|姐|小哥|美女|师傅)+$|^(老师|领导)/u;

/**
 * "否，只是假设", "没有，就问问", "随便问问而已": the last question was a what-if; nothing to record.
 * Only the whole message: "只是问问，B等能报吗" asks something.
 */
const JUST_ASKING =
  /^(否|不是|不|没有|没|no|nope)?[，,。\s]*(只是|就是|就|仅仅是|纯粹|随便|单纯)?(假设|假如|问问|问一下|打个比方|好奇|举个例子)(一下|而已|的|哈|啦|嘛|呀)?[。.!！~]*$|^(no,?\s*)?(just|only) (asking|hypothetical(ly)?|curious|wondering)[.!]*$/i;

/** "好的", "收到，谢谢", "嗯嗯 我先问问领导", "否，只是假设": acknowledgements and put-offs only. */
/** "thanks a lot", "thank you so much". */
const THANKS_EN =
  /^(ok(ay)?|great|perfect|cool|got it|noted|understood|sure)?[\s]*(thanks?|thank you|many thanks|much appreciated)( (so|very) much| a lot| again)?$/;
/** "that's very helpful", "really useful": praise beside thanks says nothing more. */
const PRAISE_EN =
  /^(that'?s|that is|it'?s|it is|this is|you'?ve been|you are|you'?re)?\s*(very |really |so |super |most )?(helpful|useful|clear|great|perfect|good|nice|kind)[.!]*$/;

export function isAcknowledgement(text: string): boolean {
  if (JUST_ASKING.test(text.trim())) return true;
  // "Thanks a lot!", "got it, thank you": English phrases are spaced, so the whole message is tried first.
  const whole = text
    .trim()
    .toLowerCase()
    .replace(/[.!！。~]+$/u, '');
  if (
    ACK_PART.test(whole) ||
    // ("Thanks a lot, that's very helpful!", "very helpful, thanks")
    whole.split(/[,.!;]+\s*|\s+(?=that'?s|it'?s|this is)/).every((piece) => !piece.trim() || THANKS_EN.test(piece.trim()) || PRAISE_EN.test(piece.trim())) ||
    /^(ok(ay)?|great|perfect|cool|got it|noted|understood|sure)?[,\s]*(thanks?|thank you)( (so|very) much| a lot| again)?[,\s]*(ok(ay)?|great|perfect|got it|noted|understood)?$/.test(
      whole,
    )
  )
    return true;
  const parts = text
    .trim()
    .toLowerCase()
    .replace(/[啦呀哈哦呢吧啊]+$/u, '')
    .split(ACK_BREAK)
    // "谢谢老师", "好的领导", "收到您": a form of address says nothing more.
    .map((p) => p.replace(ADDRESS, ''))
    .filter(Boolean);
  return (
    parts.length > 0 &&
    parts.every((p) => ACK_PART.test(p) || PUT_OFF.test(p) || PUT_OFF_SELF.test(p) || ACK_PART.test(p.replace(/[啦呀哈哦呢吧啊]+$/u, '')) || ackWords(p))
  );
}

const ACK_WORDS = [
  '收到收到',
  '先这样吧',
  '先这样',
  '就这样',
  '谢谢侬',
  '谢了',
  '谢啦',
  '哈哈',
  '中',
  '谢谢你',
  '谢谢啦',
  '辛苦了',
  '麻烦了',
  '明白了',
  '知道了',
  '了解了',
  '好的',
  '好滴',
  '好嘞',
  '收到',
  '谢谢',
  '多谢',
  '感谢',
  '辛苦',
  '明白',
  '了解',
  '嗯嗯',
  '好',
  '嗯',
  '哦',
  '行',
  'ok',
];

/** "好的谢谢", "嗯嗯收到": acknowledgements typed without a break. */
function ackWords(part: string): boolean {
  let rest = part;
  while (rest) {
    const word = ACK_WORDS.find((w) => rest.startsWith(w));
    if (!word) return false;
    rest = rest.slice(word.length).replace(/^[啦呀哈哦呢吧啊]+/u, '');
  }
  return true;
}

/** An acknowledgement that also says yes to an offer ("好的", "可以", "ok"): only for offers, never for facts. */
export const AGREES = /^(好|好的|好滴|好嘞|好呀|好啊|行|可以|可以的|ok|okay|嗯+|要|要的|需要|开|开启|打开|yes|sure)[。.!！~]*$/i;

/** Wording that gives a fact without standing by it: "应该是C吧", "好像没有", "大概B等". */
const HEDGE =
  /来个|多个|左右|上下|应该|好像|大概|可能|估计|似乎|也许|或许|貌似|印象中|记得是|记不太清|不太确定|不确定|不清楚|差不多|maybe|probably|i think|not sure|perhaps/i;

/**
 * A count given as a range or an estimate ("15~16个", "10几位", "30多名": what stage 1 makes of
 * "十五六个", "十几位", "三十多名"); a range of years ("2020~2021年") is exact.
 */
const ROUGH_COUNT = /\d\s*[~-]\s*\d+\s*(个|名|位|人|场|项|次|家)|\d\s*(几|多|余)\s*(个|名|位|人|场|项|次|家)/;

/** "B等吧" hedges the fact; "…能报梯队期刊吧" only hedges the question. */
export function isHedged(text: string): boolean {
  // "说错了，应该是5位": after a word of correcting, 应该是 says what is right, not a guess.
  // So is "会员之家应该是21年": a year restated corrects the award's year (the denial and the new year go together).
  const said = (CORRECTING.test(text) ? text.replace(/应该(是)?/g, '是') : text).replace(/应该是(?=\s*((20)?\d{2}|去|前)\s*年)/g, '是');
  return HEDGE.test(said) || ROUGH_COUNT.test(said) || (/吧[。.!！~]*$/.test(said) && !/(能|可以|可)(报|申报|申请)/.test(said));
}

/** "明天几点下班", "吃了吗": about nothing the bot knows. Checked only when nothing else matched. */
/** "你们是省科协的吗", "你是机器人吗": who is answering. */
export const IDENTITY =
  /你们?是(谁|哪|什么|省科协|科协|官方|机器人|人工|真人|ai\b)|你们?是?(干嘛|干啥|干什么|做什么|做啥)的|你(能|会|可以)(干|做)(什么|啥|嘛)|你有(什么|啥)用|你(叫什么|是人)|是不是(机器人|人工|真人)|(人工|真人)客服|哪个部门的|who are you|are you (a |an )?(bot|robot|human|person|jsast)/i;

export const OFF_TOPIC =
  /下班|上班|吃饭|吃了吗|午饭|晚饭|天气|下雨|放假|周末|几点了|你是谁|你叫什么|你是机器人|讲个笑话|笑话|工资|奖金|打卡|请假|食堂|开饭|停车|电影|球赛|股票|彩票|游戏|外卖|weather|lunch|joke/i;

const CN_NUM: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5 };

/**
 * The years a clause speaks of, relative to the guide's year: "2021年", "19、20年" (two digits),
 * "20到21年", 去年 (year−1), 前年 (year−2), 大前年, 连续两年 (the two years before).
 */
/** A four-digit year with no 年 after it, and no unit, date or time part beside it. */
const BARE_FOUR_DIGIT_YEAR = /(?<![\d.:/\-])((?:19|20)\d{2})(?![\d年月日号.:/\-]|\s*(?:元|万|千|百|块|人|个|份|字|名|场|多|余|位|项|次|篇|期|本|届))/g;

export function yearsIn(clause: string, guideYear: number): number[] {
  const years: number[] = [];
  const century = Math.floor(guideYear / 100) * 100;
  const add = (y: number) => {
    if (!years.includes(y)) years.push(y);
  };
  for (const m of clause.matchAll(/(?<!\d)((?:20)?\d{2})((?:\s*[、,，/和及与跟到至\-~]\s*(?:20)?\d{2})*)\s*年(?!级|度考核)/g)) {
    const nums = [m[1]!, ...(m[2]!.match(/\d+/g) ?? [])].map((n) => (n.length === 2 ? century + Number(n) : Number(n)));
    const range = /[到至\-~]/.test(m[2]!) && nums.length === 2;
    if (range) for (let y = nums[0]!; y <= nums[1]!; y++) add(y);
    else nums.forEach(add);
  }
  // "是2019和2021，2020那年没拿": a four-digit year said bare is a year (not a count: "2000元", "2020人").
  for (const m of clause.matchAll(BARE_FOUR_DIGIT_YEAR)) {
    const y = Number(m[1]);
    if (y >= guideYear - 10 && y <= guideYear + 1) add(y);
  }
  // "20、21都拿了": two-digit years before a verb of award, without 年.
  if (!years.length) {
    // "2020和2021都拿过": four-digit years too.
    const bare = /(?<!\d)((?:20)?\d{2})((?:\s*[、,，和及与跟]\s*(?:20)?\d{2})*)\s*(?=(都|也|连续|连着)?(拿|获|得|立项|认定))/.exec(clause);
    // "20、21发展助力都拿了": a list of two years, then what was got, then the verb.
    const listed = bare
      ? null
      : /(?<!\d)((?:20)?\d{2})((?:\s*[、和及与跟]\s*(?:20)?\d{2})+)\s*(?=[\u4e00-\u9fa5]{2,14}?(都|也)(拿|获|得|立项|认定))/.exec(clause);
    const years = bare ?? listed;
    if (years) [years[1]!, ...(years[2]!.match(/\d+/g) ?? [])].forEach((n) => add(n.length === 2 ? century + Number(n) : Number(n)));
  }
  if (/大前年/.test(clause)) add(guideYear - 3);
  else if (/前年/.test(clause)) add(guideYear - 2);
  if (/去年|上一?年/.test(clause)) add(guideYear - 1);
  const run = /连续(两|二|三|2|3)年|连着(两|二|三|2|3)年|(两|二|三|2|3)年连续/.exec(clause);
  if (run && !years.length) {
    const n = Number(run[1] ?? run[2] ?? run[3]) || CN_NUM[(run[1] ?? run[2] ?? run[3])!] || 2;
    for (let i = n; i >= 1; i--) add(guideYear - i);
  }
  return years.filter((y) => y > 1990 && y <= guideYear + 1).sort((a, b) => a - b);
}

/** A put-off in other words: "我统计一下", "我数数", "等我算算". */
const PUT_OFF_SELF = /^(等|容)?我(先|再|去|得)?.{1,3}(一下|下|一下子)(再说|再回你)?$|^(等|容)?我(先|再|去)?(.)\7$/;

/** Verbs of a past award: 拿过, 获得, 立项了, 认定过, 得了… */
export const PAST_AWARD =
  /拿过|拿了|拿到|获得过|获得|获过|获批|得过|得了|立过项|立项了|立项过|被立项|做过|承担过|被认定|认定过|认定了|评上|入选过|往年|连续.{0,2}年|连着/;

/** Verbs of a plan for this year: 想报, 打算, 准备, 要报, 加, 再报… */
export const PLAN_ADD = new RegExp(PLAN_ADD_WORDS.join('|'));

/**
 * Changes of plan other than adding: 不 (先不, 暂不, 就不) before any verb of doing a project, or a
 * word of taking it off. The verbs are one class ("先不弄了", "不搞了", "暂时不考虑", "不参加了").
 */
export const PLAN_REMOVE = new RegExp(PLAN_REMOVE_WORDS.join('|'));
export const PLAN_ONLY =
  /^(那)?只(报|申报|申请|要|选|做)|只(报|申报|申请|要|选|做|留)|就留|(?:^|[，,\s那])(?:就|还是)要(?=[\u4e00-\u9fa5]{2})(?![报交提申做去有是弄搞整准写填什怎哪几多])|仅(报|申报)|就(报|申报|申请)[^，,。]{0,12}(就行|就够了|就好|就可以了?|就得了)|就(报|申报|申请)这?(一个|个)?$/;
// ("品牌换标准": a bare 换 between two names too, not 换届, 换人, 换证, 换新, 换个时间.)
export const PLAN_REPLACE = /换成|改成|改报|改为|换报|(?<=[\u4e00-\u9fa5])换(?![届人证新成个掉下])(?=[\u4e00-\u9fa5]{2})/;
/** "用标准替换品牌", "拿沙龙顶替特色": what comes first, what goes after. */
export const REPLACE_WITH =
  /^(?:.*?[，,\s])?(?:用|拿)(.+?)(?:替换|替代|代替|顶替|替掉|换掉|换下)(?![成为])(.+)$|^(?:.*?[，,\s])?(.+?)(?:替换|替代|代替|顶替|替掉)(?![成为])(.+)$/;
export const PLAN_ALL =
  /都报|都(想|打算|准备|计划)(报|申报|申请|要)|都要(?!交|提交|寄|送|盖|签|填|准备|附|提供|写|有|是|在)|全报|全都报|全部报|全部都报|都申报|都申请|全部申请|全要(?!交|提交|寄|送|盖|签)|各(报|申报|要|来|整|搞)?(一|1)(个|项)/;

/**
 * "没问题", "不存在这种情况", "没这回事": a problem denied, which says the fact is as it should be — never a
 * denial of the fact itself ("专职人员没有问题" is not 没有专职).
 */
export const NO_PROBLEM =
  /没(有)?(什么|啥)?(问题|毛病)|没出过(问题|事)|不是问题|不成问题|无(任何|什么)?问题|(一切|都)正常|不用担心|不必担心|别担心|放心|不用操心|妥妥的/;
/** "不存在这种情况", "没这回事": denies what was asked; only a question about misconduct reads it as none. */
export const NO_SUCH_THING = /不存在(这种|这个|这样的|任何|此类)?(情况|问题)|没(有)?(这种|这个|此类)(情况|事)|没这回事/;

/** "这个", "那个", "它", "这项": the project talked about last. */
export const REFERS_BACK = /这个|那个|这项|那项|它|该项目|这一项|上面那个|刚才那个|这俩|这两个|那俩|那两个|^那$/;

/** "那X呢", "X呢": the same question as before, about X. */
export const FOLLOW_UP = /^(那|那么|还有)?.{1,20}(呢|咧)[?？。.!！]*$/;

/**
 * "报两个标准", "标准能报两个", "这个我们报两个": a count next to the project (□ in the masked
 * text) or to a verb of applying; "专家就4个" is not a count of projects.
 */
export function countNear(masked: string): number | undefined {
  // One digit alone: "15场" is no count of 5 (a number of events, not of projects).
  const n = '(?<!\\d)(一|两|二|三|四|五|\\d)(?!\\d)';
  // (Not "一流学会加两个平台": a count followed by a word of its own counts that word.)
  const ownsNothingAfter = '(?=$|[^\\u4e00-\\u9fa5]|的|吧|了|啊|呢|就|都|也|哈|项目|子项目)';
  const m =
    new RegExp(`□[^□，,。]{0,6}?${n}\\s*(个|项|场)${ownsNothingAfter}`).exec(masked) ??
    new RegExp(`(报|申报|申请)\\s*${n}\\s*(个|项|场)${ownsNothingAfter}`).exec(masked) ??
    new RegExp(`${n}\\s*(个|项|场)\\s*□`).exec(masked);
  const digit = m?.slice(1).find((g) => g !== undefined && /^(一|两|二|三|四|五|\d)$/.test(g));
  if (!digit) return undefined;
  return /\d/.test(digit) ? Number(digit) : CN_NUM[digit];
}
