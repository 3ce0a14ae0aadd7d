/**
 * Cue words that say what a whole message does (greets, asks why, switches language, corrects…).
 * A lexicon: one row per cue, in the words secretaries use. The routes in ../routes.ts read these
 * through named predicates; no route writes its own pattern.
 */

export const GREETING =
  /^((老师|领导|同志|小助手|助手)?(你好|您好|hi|hello|嗨|在吗|在不在|在|有人吗|开始|早|早上好|上午好|下午好|晚上好)|(老师|领导|同志|大家)好)(呀|啊|哈|呢|老师|领导)?[!！。.？?~]*$/i;

/** "为什么", "为啥不行", "不行吗": why the last answer was what it was. */
export const WHY = /^(那)?(为什么|为啥|为何|咋回事|怎么回事|凭什么|不行吗|为啥不行|为什么不行|why)(不行|不能报|呢)?[?？。.!！]*$/i;

/** "啊？", "什么意思": lost on the question asked. */
export const LOST = /^(啊|嗯|哦|额|呃|蛤|哈|什么|啥|嗯哼)?[?？]+$|^(这是)?(什么|啥)意思|^(不懂|没懂|看不懂|听不懂)/;
export const LOST_EN = /^(huh|what|sorry|pardon)?\s*[?？]+$|^what do you mean|^i don'?t understand/i;

/** A filler a secretary starts a self-correction with: "哦", "呃"… (a regex source, for building). */
export const OWNING_FILLER = '(?:哦|噢|啊|呃|额|嗯|哎|唉)';
/**
 * Words that own a mistake just made: "不对", "说错了", "口误"… One row for every reader that undoes
 * the word before it (the splitter's in-line value correction, the plan's name taken back).
 * A regex source, for building.
 */
export const MISTAKE_WORDS = '(?:不对|说错了?|错了|口误|记错了?|搞错了?|打错了?|写错了?|不不)';

/** "改成", "说错了", "其实是": the message corrects what was said before. */
/** A correction in words, or in form: "不是20年，是21年的" (not A, but B). */
export const CORRECTING =
  /^(啊|哦|噢|呃|额)?\s*不是[，,]|^(啊|哦|噢|呃|额)?\s*不是\s*(\d{1,4}|[一二两三四五六七八九十]{1,3}|[ABCD]|[1-5]\s*A)\s*(个|人|名|位|年|场|等|级)?[\s，,]+(应该|而)?是?\s*(\d{1,4}|[一二两三四五六七八九十]{1,3}|[ABCD]|[1-5]\s*A)\s*(个|人|名|位|年|场|等|级)?[。.!！]*$|多说了|少说了|多算了|少算了|多写了|少写了|多打了|少打了|漏了(\d+|[一两二三四五六七八九十])\s*(个|人|位|名)|漏算了|改成|改为|改一下|更正|修改|弄错|说错|搞错|填错|记错|记混|记岔|搞混|弄混|看错|不对|错了|其实是|撤回|收回|那句不算|(拿|获|得|立项)的是.{1,20}不是|(^|[^是])不是[^，,。]{1,12}[，,]\s*(而)?是|^\s*(sorry|oops|my bad|my mistake)\b(?!\s+(to|for)\b)|\bno,? wait\b|\bI meant?\b/i;

export const SPEAK_ENGLISH =
  /^(can|could|would) you (please )?(speak|reply|answer|write|talk)( to me)?( in)? english|^(please )?(speak|reply|answer|write)( in)? english|^english,? please|^in english,? please|^(请)?(用|说)英(文|语)(回复|回答|说)?(吧|可以吗|好吗)?[。.!！?？]*$/i;
export const SPEAK_CHINESE =
  /^(请)?(用|说)(中文|汉语|普通话)(回复|回答|说)?(吧|可以吗|好吗)?[。.!！?？]*$|^(can you |please )?(speak|reply|answer|write) in chinese/i;

/** "这个影响吗", "会怎样", "会不会卡": asks what a fact changes. */
export const AFFECTS = /影响|会怎样|会怎么样|怎么办|有关系|要紧|有问题吗|还能报吗|会不会卡|卡不卡|卡住|碍事|耽误|受不受影响|有没有关系/;

/** "导出清单", "帮我导出一份申报材料清单": the same as /export. The whole message, so a question about materials is not caught. */
export const EXPORT_PACK = /^(请|麻烦)?(帮我|帮忙)?(导出|打印|下载|生成)(一下|一份|下)?(我们的|我们|我会的|贵会的)?(申报)?(材料)?清单(吧|呗)?[。.!！~]*$/;

/** Words of the programme: a message with any of them is not off-topic. */
export const GUIDE_WORDS = /申报|截止|材料|项目|提交|评价|评估|年检|立项|经费|结题|验收|指南|条件|电子版|纸质|系统|网址|网站|邮箱|盖章|申报书/;

/** "这个要问财务", "领导开会去了，晚点答复你": the answer is put off (a message that states nothing else). */
// (Not "刚才是帮隔壁中心问的": a question asked for someone else is no answer put off.)
export const PUT_OFF_LATER =
  /(?<!帮[^，,。]{0,8}|替[^，,。]{0,8})(问|查|确认|核实|翻翻|请示|看看)(一?下|问|查)?(?!的)[^，,。]{0,8}$|晚点|稍后|等会|回头|回你|答复你|再说|开会去了|不在/;

/** "开启提醒", "不要提醒了": switches the deadline reminders. */
export const REMINDER_SWITCH = /(开启|打开|关闭|取消|不要|需要|要)(截止)?提醒/;
export const REMINDER_OFF = /关闭|取消|不要|不需要|不用|别/;

/** "详情 标准制定": everything about one project. */
export const DETAILS = /^(详情|详细|details?)\s*(.*)$/i;

/** "今年不报了", "不申报了": a plan dropped. */
export const PLAN_DROPPED = /今年.{0,4}不(报|申报|要)|不(报|申报)了/;

/** "现在还能补报吗", "来得及吗": whether it is too late to apply. */
export const TOO_LATE =
  /补报|补交|还算数|现在还能|还收吗|还收不收|来不来得及|赶不赶得上|还算不算|还有效|还认不认|还能(报|申报|申请|交|提交)|还可以(报|申报|申请|交|提交)|现在(报|申报|申请)|来得及|赶得上|逾期|延期|过期|晚了|迟了|still (apply|submit|send|hand in|register|get (it )?in|make it)|too late|deadline (has )?passed|(is it|are (applications|submissions)) still open|still (open|accepting)|还开着|还开放|开放了没|还在进行|还在报|进行中吗|结束了没|结束没|结束了吗|截止了没|截止没|截止了吗|(现在|已经)?过了没|过没过|(也|都|就)不行了|(也|都|是不是|是否)过了[吗么]?[?？]|关了没|关闭了没|关了吗|过期了没|\b(still )?(going on|ongoing|running)\b|\bis it over\b|\b(has|have) (it|they|applications?) (closed|ended)\b|\bclosed yet\b|\bover yet\b/i;

/** The society speaks of itself: "我们", "本会"… */
export const SELF = /我们|我会|本会|我学会|咱们|我单位|本单位|我方|我司/;

/** Asks leave to add a project: "也报…可以吗", "再加个…行不行". */
export const MAY_WE_ADD = /(也|还|再)(报|申报|加)|加个|加一个|加报/;

/** A plan said outright: 想报, 打算, 准备, 计划, 今年报 (not 也报 / 还报, which in a question ask whether one may). */
export const TOLD_PLAN = /想报|想申报|打算|准备报|准备申报|计划|拟报|今年(就|要)?(报|申报)(?![备送告到哪什啥吗不了过])/;

/** A number of events: no profile fact counts them, so "改成15场" can only be about the plan. */
export const EVENT_COUNT = /\d\s*(场|次)/;

/** Ends by asking ("再加个科技评估，行不行"): whatever the model reads, it asks whether one may. */
export const ENDS_ASKING =
  /([吗么呢]|行不行|行不|可以不|可不可以|能不能|好不好|对不对|成不)[。.!！~]*$|[?？][。.!！~]*$|哪(个|种|一个|样)[^，,。]{0,8}[。.!！~]*$/;

/** Declines with no project named: "那就不加了", "算了不报了". */
export const DECLINES = /不(打算|准备|想)?(加|添|报|要|弄|搞|申报)了|^(好的?|嗯|哦|那)?[，,\s]*(那)?(就)?算了/;

/** "那也加上", "算上它": adding what was talked about, in so many words (打算办几场 adds nothing). */
export const ADD_IT = /加上|加进去|添上|算上|带上|报上|也报|也加|加一个|那就报|就报它|报它/;

/** "我们今年不打算报了", "今年就不报了": no application this year at all. */
export const NOT_THIS_YEAR = /^(我们|咱们)?(今年)?(就|先|都)?不(打算|准备|想)?(报|申报|申请)了[。.!！]*$/;

/** Words that say something has changed since: "现在有专职了", "已经过了". */
export const NOW_WORDS = /现在|已经|目前|如今|刚刚?|新(招|来|设|聘)/;

// Plans that point back and what is told with them (handlers/plan.ts).
/** "第二个算了", "最后那个不要了", "前面那个也报上": a project by its place in a list just shown. */
export const ORDINAL = /第\s*([一二三四五六七八九十1-9])\s*(个|项)|(最后|末尾|后面|后边|后头|下面|后)(一|那|的那)个|(前面|前边|前头|上面|头|前)(一|那|的那)个/;
/** "就这么报", "就这样定了", "那就这几个": the plan is what was just talked about. */
export const THIS_WAY =
  /就这么(报|定|办|弄|搞)|就这样(报|定|吧|了)|就按这个|就按这样|那就这(些|几个|三个|两个|俩)|就(报|要)?这(些|几个|三个|两个|俩)(了|吧)?[。.!！]*$/;
/** The object of a verb of adding: "加个评估", "再来个团标". */
export const ADDED_OBJECT = /(加个|加一个|再加|也报|报个|想报|加上|添个|再来个|整个|还报)([\u4e00-\u9fa5]{2,4})(?=[，,。；;\s]|$|吧|了|呗)/;
/** "评估也报一个", "评估也整一个": the word said before a verb of adding too. */
export const OBJECT_THEN_ADD = /^([\u4e00-\u9fa5]{2,4}?)(?:也|再|还)(?:报|加|整|搞|来|弄|申报)(?:一个|个|上|一下|着)?/;
/** Says where an event is held: "在上海开", "放在合肥办". */
export const HELD_AT = /在[^，,。]{1,10}(开|办|举办|举行|召开|搞)/;

/** "不用了", "不必", "no need": declining what is offered, and nothing else. */
export const DECLINE_BARE = /^(不用|不必|免了|不需要|算了|no need|not now|maybe later|no thanks?)(了|啦|喇|哈|吧)?[。.!！~]*$/i;

/** "两个只能报一个的话就特色吧": a condition the guide makes true (one of a pair), so what follows is a pick, not a what-if. */
export const ONLY_ONE_IF = /(只能|只可以|最多)(报|选|申报|要)?(一|1)(个|项)的话|二选一的话|只能选一的话/;

/** "一流学会我们够不上", "那个报不了": a project said to be out of the society's reach (never a plan). */
export const OUT_OF_REACH =
  /够不上|够不着|达不到|不够格|没资格|没有资格|报不了|申请不了|轮不到|没戏|不符合|can'?t (?:reach|qualify)|don'?t qualify|not eligible/i;

/** "同类的只报一个吧", "这两个只留一个", "just one of them": one of a pair that cannot go together, not saying which. */
export const ONE_OF_KIND =
  /(同类|同一类|一类|同一个类别|这俩|这两个|两个)(的|里|里面|中)?(只|就)?(报|留|要|选)(一|1)个|\b(?:just|only) one of (?:them|the two|those)\b/i;

/** Keeping one of several: "留X", "X留着", "保留X", "只能…一个的话就X". */
/** "留前面那个", "保留后面那个", "要第二个": a verb of keeping before a place in a list (see ORDINAL). */
export const KEEPS_BY_PLACE = /(留|保留|留下|要|就报|只报|选)(?=\s*(第|最后|末尾|后面|后边|后头|前面|前边|前头|头(一|那)))/;
// ("要科普那个", "就选学术的那项吧": a pick of one pointed at by a word of its name, at the end of its piece.)
export const KEEPS = new RegExp(
  `(?:^|[，,\\s那就只])(?:留|保留|留下)\\s*(?=[\\u4e00-\\u9fa5a-z])|留着|保留(?=[，,。.!！吧]|$)|${ONLY_ONE_IF.source}|(?:要|选)[\\u4e00-\\u9fa5]{2}的?(?:那个|那项|这个|这项)(?:吧|了|就行|就好|就可以了?)?(?=[，,。.!！\\s]|$)`,
);

/**
 * One piece that drops one project and keeps another with no comma between ("把特色删了吧品牌保留",
 * "去掉特色保留品牌", "品牌保留特色去掉", "特色拿掉留品牌"): where it parts. Each row is a lookbehind/lookahead
 * pair that marks the seam: after a drop said after its project (object first), before a keep or add that
 * follows a drop said before its project, after a keep said after its project when a drop follows.
 */
const DROP_AFTER_OBJECT = '(?:(?:去|删|拿|撤|划|砍|剔|踢|甩|抹)(?:掉|了)|不要了|不(?:报|搞|弄|做|申报|申请)了|算了|放弃了)(?:吧|啦|了|哈)?';
const DROP_BEFORE_OBJECT = '(?:去掉|删掉|删了|拿掉|划掉|不要|不报)';
const KEEP_OR_ADD = '(?:保留|留下|留着|留|只报|就报|改报|还是报|报|要)';
/** A lead-in before the drop: "那去掉青少年留健康", "好，删掉特色保留品牌". */
const SEAM_LEAD = '(?:那么|那就|那|好的?|行|嗯|就|还是)?[，,\\s]*';
export const DROP_KEEP_SEAM = new RegExp(
  [
    // (Not after a verb of saying or asking: "领导说去掉品牌" drops what follows.)
    `(?<=[\u4e00-\u9fa5]{2}(?<![说让叫求定议])${DROP_AFTER_OBJECT})(?=[\u4e00-\u9fa5]{2})`,
    `(?<=^${SEAM_LEAD}${DROP_BEFORE_OBJECT}[\u4e00-\u9fa5]{2,12}?)(?=${KEEP_OR_ADD}[\u4e00-\u9fa5]{2})`,
    `(?<=^${SEAM_LEAD}[\u4e00-\u9fa5]{2,12}?(?:保留|留着|留下))(?=[\u4e00-\u9fa5]{2,12}${DROP_AFTER_OBJECT}$)`,
  ].join('|'),
);

/** The papers an application can be said to lack (a row per paper as secretaries name it). */
const PAPERS = '(委托协议|委托文件|合作协议|协议|合同|截图)';
/** "没签委托协议", "合作协议还没有": a paper named as not there yet (its noun in group 1 or 2). */
export const PAPER_MISSING = new RegExp(
  `(?:没有?|还没有?|未|尚未)(?:签|签订|签署|拿到|取得|办好|有)?(?:好|下来)?[^，,。？?]{0,4}?${PAPERS}|${PAPERS}[^，,。？?]{0,4}?(?:还)?(?:没|未)(?:签|有|拿到|下来|办)`,
);

/**
 * A value of another kind than yes/no: a grade or a level (not a date: "合格的 去年12月出的结果" answers). "不对不对 C", "不是B，是C" while the 年检
 * question waits correct the grade; their 不 answers nothing asked.
 */
export const OTHER_VALUE = /(?<![A-Za-z])[ABCD](?![A-Za-z])|(?<![A-Za-z])[abcd]\s*等|(?<!\d)[1-5]\s*[Aa](?![A-Za-z])/;

/** Words any statement of hosting has (a cheap look before reading hosting from a message's pieces). */
export const HOSTING_WORDS = /主办|协办|承办|合办|联办|一起办|一道办|独立|单独办|自己办|牵头|第二|organi[sz]|host|lead/i;

/** "那换成报特色的呢", "改成品牌的话呢": a switch asked about, a what-if (nothing is changed). */
export const SWITCH_ASKED = /^(那|那么)?(要是|如果)?(换成|改成|改报|换报)[^，,。]{1,16}(的)?(话)?(呢|怎么样|咋样|行吗|可以吗)[?？]?$/;

/** A word of supposing anywhere in a message (not only at its start, as the what-if's HYPOTHETICAL reads). */
export const SUPPOSING_ANYWHERE = /如果|假如|要是|万一|假设|若是|倘若|的话|\bif\b|\bsuppos|\bwhat if\b|\bassuming\b|\bimagine\b/i;

/** Asking what for: "报它干嘛", "图啥", "有什么用", "何必": a project named so is no plan. */
export const RHETORICAL = /干嘛|干啥|干什么|做什么用|图啥|图什么|有啥用|有什么用|何必|有啥好报|有什么好报/;

/** "没出啥问题", "没有被卡", "没挂", "都没说什么": a problem of the 年检 denied (a pass, never a fail). */
export const TROUBLE_DENIED =
  /(没|没有|无|未|不存在|不得|莫得|都没|也没)(出|出过|有|被|遇到|碰到|给)?(什么|啥|任何|过)?(问题|事|毛病|岔子|卡|挂|麻烦|意见|整改|通报|说什么|说啥|说)/;

/** Words too general to stand for a group of projects ("我们学会", "这个项目", "每个学会最多能报几个"). */
export const GENERIC_WORD = /^(学会|项目|建设|申报|子项|今年|个学会|每个学会)$/;

/** Words of a span of past years: "往年", "前两年", "过去两年", "从来". */
const PAST_SPAN = '(?:往年|以前|之前|从来|一直|历年|前两年|过去两年|这两年|近两年|前几年|过去|往届|成立以来|建会以来|至今)';
/** Verbs of getting an award: "拿", "立项", "中", "申请到", "批下来". */
const GOT_AWARD = '(?:拿|获|得|立项|立|中|申请到|拿到|评上|批)';
/**
 * "往年都没拿过", "前两年啥项目都没立过", "提升计划我们还没拿过", "颗粒无收": no award at all, of any year or project.
 * (A year or a project named is the reader's to weigh: this says only that the words deny every award.)
 */
export const NONE_RECEIVED = new RegExp(
  [
    `${PAST_SPAN}[^，,。]{0,6}(?:都|也)?(?:没|未)(?:有)?[^，,。]{0,2}${GOT_AWARD}`,
    `都没(?:有)?${GOT_AWARD}过`,
    '一个都没',
    `一个[^，,。]{0,10}都(?:没|未)(?:有)?${GOT_AWARD}`,
    `从没${GOT_AWARD}`,
    `(?:没|未)(?:有)?${GOT_AWARD}过?(?:什么|啥|任何)(?:项目|立项|认定)`,
    `(?:什么|啥|任何)(?:项目)?(?:也|都)(?:没|未)(?:有)?${GOT_AWARD}`,
    `(?:没|未)(?:有)?${GOT_AWARD}过?(?:任何)?(?:的)?提升计划(?:的)?(?:项目|经费|资助|立项)?`,
    `提升计划[^，,。]{0,6}(?:还|都|也)?(?:没|未)(?:有)?${GOT_AWARD}`,
    '颗粒无收|一无所获',
  ].join('|'),
);
