/**
 * The words by which a question asks for one thing: a count, a place, a must, a pair, a channel, a
 * consequence. Message cues (greeting, correcting, hedging…) are in cues.ts; these are the words of
 * asking, looked up by the answers in handlers/ask*.ts. One table, so a new way of asking is one row.
 */

export const HELD = /办|举办|开|举行|搞|召开|hold|held|\b(?:will be|is|are|to be|be) (?:held )?(?:in|at)\b|\btakes? place\b|\bvenue\b/i;

/** "全国学会当第一主办方 我们协办": the society is not the first (or only) host. */
/** "能和全国学会一起办吗": hosting with another body. */
export const CO_HOST =
  /(和|跟|与|同)[^，,。？?]{0,12}((一起|联合|合作|共同)(办|举办|主办)|合办|联办)|(一起|联合|合作|共同)(办|举办)|合办|联办|\bco-?host\w*|\bco-?organi[sz]\w*|\bjointly (?:host|organi[sz]e|run)\b/i;

export const NOT_FIRST_HOST =
  /协办|承办|联合主办|合办|共同主办|一起主办|第二主办|第[二三]主办方|不是(我们|学会)?(第一)?主办|(全国学会|国家级学会|高校|大学|学院|医院|企业|公司|研究院|研究所|其他单位|别的单位|别人|他们|对方).{0,6}(当|做|作为|是)?(第一)?主办|(?<!我们|我会|本会|咱们|学会)(当|做|作为|担任|是)第一主办|(?<!我们|我会|本会|咱们|学会|我们学会)(当|作为|担任|是)(牵头单位|牵头方|主办单位|主办方)|(我们|我会|本会|咱们)(是|当|做|排|算)?第[二三](主办(方|单位)?)?(?=$|[，,。.!！])|\b(?:university|college|hospital|company|national society|another (?:body|society|organi[sz]ation)|they|partner|the city)\b[^.?]{0,30}\b(?:is|are|will be|acts as)\s+(?:the\s+)?(?:lead|first|main|principal)\s+(?:organi[sz]er|host)|\bwe(?:'re| are)?\s+(?:only\s+)?(?:the\s+)?(?:second|co-?)\s*(?:organi[sz]er|host)\b/i;

/** "我们第一主办，全国学会协办": the society is the first host; another's 协办 does not make it less. */
// (Not asked: "这个算我们第一主办方不", "能不能算我们主办" ask whether, they do not tell.)
export const WE_FIRST_HOST =
  /(?<!算|算不算|是不是|能不能|能否|可不可以|可以)(我们|我会|本会|我们学会)(是|当|做|作为|来)?(第一主办|独立主办|主办方|主办单位|牵头主办|牵头单位|牵头方)|(?<!算|算不算|是不是|能不能|能否|可不可以|可以)(我们|我会|本会)主办/;

/** Whether a question asks if the place is allowed: "在杭州开行不", "放苏州办可以吗". */
export const PLACE_QUESTION = /行不|行吗|行不行|可以吗|可以不|可不可以|能不能|能否|能吗|算不算|允许|ok|okay|allowed|can we/i;

export const ON_THE_DAY = /当天|当日|那天|那一天|on the day|same day/i;

export const COUNTS = /算不算|算吗|还算|来得及|赶得上|行不行|行吗|可以吗|能不能|还能|ok|count|in time/i;

/** The measure words of a number asked about, by what they count; English too ("10 events enough?"). */
/** How many the guide asks for: "要办几场", "几个专家", "至少多少人". Not a count of projects applied for. */
export const HOW_MANY_NEEDED =
  /(几|多少)\s*(场|次|个|位|名|人|家)(?!项目|子项)|\bhow many (?:events|sessions|salons|meetings|activities|experts|doctors|people|members)\b/i;

export const APPLICATIONS_COUNTED = /(报|申报|申请|立项|立|资助|名额|指标|批|评|选|给|支持)\s*(几|多少)|(几|多少)\s*个?(项目|子项|名额|指标)|全省/;

/** Where an event is to be held: "要在哪里办", "举办地有要求吗". */
export const WHERE_HELD = /在哪(里|儿)?(办|开|举办|举行|搞|做)|哪里(办|开|举办|举行)|(举办|活动|开会)地(点)?|地点.{0,3}(要求|限制|规定)/;

/** Words that make a bare 个 a count of projects ("那两个能一起报吗", "报几个项目"). */
export const COUNTS_PROJECTS = /(这|那)[两俩几三\d]个|一起|同时|都报|兼报|各(报|申报|申请)|再(报|申报|申请)|项目|子项/;

// (Not an ordinal: "最后一场", "第一场", "每场" count nothing.)
export const ASKED_COUNT =
  /(?<![最后第头首每前后])(\d+|[一二两三四五六七八九十]+)(?:\s*[~\-到至]\s*\d+)?\s*(?:来|多|余)?\s*(?:[a-z-]+\s+)?(场|人|名|位|个|次|events?|sessions?|salons?|meetings?|people|persons?|experts?|members?)(?![a-z])/i;

/** The assessment (not the 年检) failed, and the question asks what follows. */
export const FAILED =
  /(考核|验收|结题|结项)[^，,。？?]{0,8}(不合格|没有?通过|不通过|没有?过关?|不过关?|未通过|失败|没得过关?|挂了)|(不合格|没通过|没过|没过关)的?(项目|是)|没(有)?通过(年底|年终|年末)?(的)?(考核|验收)/;
/** "二〇二一年那个是合格的", "决策咨询考核是过了的": a year-end assessment passed (read only after FAILED is not). */
export const ASSESSMENT_PASSED = /(考核|验收|结题|结项)[^，,。？?]{0,6}(合格|通过|过了|过关|没问题)|(那个|这个|那项)(是|也)?(合格|通过|过了)/;

export const WHAT_FOLLOWS = /会(怎么样|怎样|如何|咋样|怎么|有什么|有啥)|什么后果|啥后果|后果|影响|处罚|怎么办|还能(报|申报)|what happens|consequence/i;

/** Asks which document or policy a project rests on. */
export const BASIS = /依据|根据(哪|什么|啥)|哪个文件|什么文件|啥文件|哪份文件|政策依据|文件依据|legal basis|which (document|regulation)/i;

/** A yes/no question about being allowed to do something. */
export const MAY_WE = /行不行|行吗|可以吗|可不可以|能不能|能行吗|好不好|允许吗|可以不|行不$|can we|may we/i;

/** What a project is, or is for: "是干啥的", "给啥样的学会的", "主要做什么" (not "要求是啥": that asks its requirements). */
export const WHAT_IS =
  /(?<!要求|条件|材料|门槛|时间|期限|流程|依据|标准|地址|邮箱|网址|电话|名额|经费)是(干|做)?(啥|什么)(的|样的)?[?？吗呢]*$|给(啥|什么)样的|针对(啥|什么)|适合(啥|什么)样|主要(是)?(做|干|支持|资助)(啥|什么)|是(个)?什么项目|干(啥|什么)(的|用)|(做|干)什么用|是指什么|什么意思/;

/** "能跟X一起报吗": asked together with what was talked about. */
export const TOGETHER = /(和|跟|与|同|\+)[^，,。]{0,12}(一起|一块|一并|同时|兼报|各(报|申报|申请))|(一起|一块儿?|一并|同时)(报|申报)|together with/i;

/** "是不是必须", "一定要…吗": a must, not a may. */
export const MUST =
  /是不是(必须|必需|一定要|非得)|(必须|必需|一定要|非得|硬性)[^，,。]{0,12}(吗|的|么|不)[?？]?$|(要|得|需要|须)(同时|一起|一并)(报|申报)[^，,。]{0,12}(吧|吗|么|的|不)[?？]?$/;

/** Asks how many may be applied for: "最多报几个", "能报多少项". */
export const HOW_MANY_TOGETHER = /最多|几个|几项|多少个|多少项|\bat most\b|\bhow many\b|\bmaximum\b/i;

/** "这两个能一起报吗": asks about a pair, not a number. */
export const TOGETHER_PAIR = /一起|同时|兼报|冲突|都报|各(报|申报|申请)/;

/** "我们今年打算报几个项目了": the plan as stored, counted. */
export const OWN_PLAN =
  /(我们|咱们|我会|本会).{0,6}(打算|准备|计划|要|想|已经)(报|申报)了?(几个|几项|哪些|什么|啥)|(我们|咱们).{0,4}报了(几个|几项|哪些|什么|啥)/;

/** The online system or the paper copy, named in a question about time. */
export const ONLINE = /系统|网上|线上|电子版|网报|online|system/i;

export const PAPER = /纸质|纸版|纸本|寄|送达|盖章|paper/i;

/** "纸质材料送哪里 几号前": the date, and the address the paper copy goes to. */
export const WHERE_TO =
  /寄哪|送哪|地址|寄到|送到|交到哪|哪里交|寄给谁|送给谁|\bwhere (?:do|should|shall|can|must) (?:we|i) (?:send|post|mail|submit|deliver|hand|take)\b|\baddress\b|\bwhere to (?:send|post|mail|deliver)\b/i;

/** Asks whether a kind of unit may apply: "可以申报吗", "能报吗", "能报啥". */
export const MAY_APPLY =
  /(能|可以|可|能不能|可不可以)(自己|单独|独立)?(报|申报|申请)|报得(了|成)|有(资格|没有资格)|资格上?(行|够|没问题|可以|ok|符合)|\b(can|could|may)\b[^?]{0,40}\b(apply|take part|submit)\b|\b(eligible|allowed to apply)\b/i;
/** "我们市里的水利学会": our city's society, another unit (not the society speaking). */
export const OUR_CITYS = /(我们|咱们)(市|县|区|地级市)(里|里面)?的/;
/** "俺们下面有个徐州市农机学会…它能单独报不", "我们下属的分会能报吗": a unit of the society's, asked about as another. */
export const ANOTHER_UNIT_ASKED =
  /(下面|下属|底下|旗下|手下)(还)?(有)?(个|一个|家|的)|(它|他们|人家|对方|分会|专委会)(自己)?(能|可以|可不可以|能不能|有没有资格)/;

/** Next year's round: this guide says nothing of it. */
export const BEYOND_GUIDE = /(明年|下一年|下年度?|来年|后年|20(2[3-9]|3\d)年?)(的)?(指南|申报|项目|计划|什么时候|啥时候|几月)/;

/** Asks about what the guide does not set: when the results come out ("什么时候公布立项结果"). */
export const NOT_IN_GUIDE =
  /(公布|公示|出|发布|通知)(立项|评审|评选|申报)?(结果|名单)|(立项|评审|评选)(结果|名单)|结果(什么时候|啥时候|何时|几时)?(出来|出|公布|公示|下来)|\bresults? (?:be )?(?:announced|published|out|released)\b|\bwhen (?:will|do) (?:we|they) (?:know|hear|get the results?)\b|(申报书|申请书|表格)?(模板|模版|范本|样表)|\b(?:template|sample form|form to download)\b/i;

/** Asks today's date: "今天几号", "今天星期几", "what's the date today". */
export const TODAY =
  /今天(是)?(几号|几月几号|几月几日|多少号|什么日子|星期几|周几|礼拜几)|今儿(个)?(几号|星期几)|现在(是)?几月几号|\bwhat(?:'s| is) (?:the )?(?:date|day) today\b|\btoday'?s date\b|\bwhat day is (?:it|today)\b/i;

/** Asks what to get ready, not only what to hand in. */
export const PREPARE = /准备|要求|prepare/i;

/** "一共多少个名额": the whole table, whatever was talked about before. */
export const TOTAL =
  /一共|总共|合计|全部|所有|全省一共|加一块|加起来|加在一起|总数|总名额|in total|altogether|\btotal\b|\boverall\b|whole (?:programme|program|scheme)/i;

/** "还能报X吗", "也能报X吗": asked beside what the society already plans. */
export const ALSO = /还能|还可以|也能|也可以|再报|同时报|also/i;

/** Asks which is easier, better or different. */
export const COMPARES =
  /哪个(比较|更)?(好|容易|简单|难|要求|门槛|条件|合适|划算|适合)|哪一个(更|比较)?(好|容易)|区别|不同|不一样|差在哪|差别在哪|有啥差|有什么差|两样|一样吗|一样不|相同吗|一样的吗|差别|差异|比较一下|相比|对比|选哪个|报哪个|哪个好|which is (easier|better)|difference|compare/i;

/** Asks what agreement or contract to sign: "要签啥协议". */
export const AGREEMENT = /签(啥|什么|哪些|哪个)?(协议|合同)|(什么|啥|哪些|哪个)(协议|合同)/;

/**
 * "这几个", "这些", "这两个", "它们", "两个都…": the projects just shown, planned or talked about, not a count asked.
 * One row for every reader (combination, what-if, reference), so they agree on what points back.
 */
export const THESE =
  /(这|那)(几|两|三|四|俩)(个|项)|这俩|那俩|它们|这些|那些|(?<=^|我们|咱们|我会|本会)(两|俩|二|2)个?(?=都)|\b(both|these two|those two|the two|both of them|them both|the pair)\b/i;

/** Asks whether what was just said may be: "可以吗", "行不行", "这样就可以了吧" (no plan told yet). */
export const MAY_IT_BE =
  /可以吗|可以不|行吗|行不|可不可以|能不能|能行|好不好|成不|对不对|可以了吧|行了吧|没问题吧|ok吗|哪(个|种|一个|样)(方案|组合|更|比较)?(好|合适|划算|稳|容易|靠谱)|还是.{0,12}(好|合适)/i;

/** A piece that asks how much, which or whether ("一流学会拿下来有多少钱"): it takes nothing off a plan. */
export const ASKS_SOMETHING = /多少|几|吗|[?？]|什么|啥/;

/** "哪个方案好", "还是只报发展助力好", "选哪个": which of two plans. */
export const WHICH_PLAN =
  /哪(个|种|一个|样)(方案|组合|更|比较)?(好|合适|划算|稳|容易|靠谱)|还是.{0,14}(好|合适|划算)[吗呢?？]*$|选哪(个|种)|which (plan|option|one) is better/i;

/** "可以吧", "行吗", "没问题吧": asks whether what was just said is all right, and nothing else. */
export const ONLY_MAY_IT_BE =
  /^(这样|那样|这么报)?(可以|行|ok|好|对|没问题|能行|成)(的)?((吧|吗|不|么|嘛|伐)[?？。.!！]*|[?？]+)$|^(这样|那样)?(要得|得唔得|得不得|中不中|成不成|行不)(不|吗|嘛|伐|哇)?[?？。.!！]*$|^(有)?(冲突|冲突吗|冲突不|冲不冲突|有没有冲突|会冲突吗|打架吗|冲突没)[?？。.!！]*$|^(is that|would that be|that'?s) (ok|okay|fine|alright|all right)\??$|^any (conflicts?|clash)\??$|^(能|可以|可)?(一起|同时|一块儿?)(报|申报)(吗|不|么|嘛|没问题吧)?[?？。]*$|^(is that|is it|are they|are both) (allowed|ok|okay|fine|possible)( together| at the same time)?\??$|^can (we|they) go together\??$/i;

/** "X要啥条件", "有啥要求", "门槛", "给我列全", "What are its requirements?": the conditions of a project are asked. */
export const ASKS_CONDITIONS = /条件|要求|门槛|资格|列全|requirements?|criteria|conditions|eligibility rules/i;
/** "给我列全", "全部条件", "all the conditions": the general conditions too. */
export const LIST_ALL = /列全|全部|所有|完整|全的|都列|\ball\b|\bfull\b|\bevery\b/i;

/** "咋整，…", "怎么办，…": a leading "what now", then only what is done about it (a statement, not a question). */
export const ONLY_HOW_NOW = /^(那)?(咋整|咋办|怎么办|怎么整|点算|点搞)[，,\s]+[^？?吗呢]+$/;

/** "申报系统网址是多少", "在哪个网站报", "what's the website": the online system's address asked for. */
export const SYSTEM_ADDRESS_ASKED = /网址|网站|网页|链接|登录地址|系统地址|哪个系统|\b(website|web ?site|url|link|web address|online system)\b/i;
/** "申报书要交几份", "纸质版几份", "how many copies": the number of paper copies asked for. */
export const COPIES_ASKED = /几份|多少份|份数|\bhow many (paper |hard )?cop(y|ies)\b/i;

/** "有没有最少要求", "要几场", "最少多少": a question of what is required (never a checklist tick). */
export const ASKS_REQUIREMENT = /要求|条件|最少|至少|起码|下限|几场|几个|多少|门槛|规定/;

/** "这样一共几个项目", "现在一共报几个", "我们报了几个": the count of the society's own plan. */
export const PLAN_COUNT_ASKED =
  /(这样|现在|那|我们)[^，,。？?]{0,4}(一共|总共|加起来)[^，,。？?]{0,4}(报|申报)?了?几个(项目)?|(我们|现在)[^，,。？?]{0,4}(报|申报)了几个|一共(要)?报几个/;

/** "超没超", "冲突不", "有没有冲突": whether the plan breaks a limit. */
export const EXCEEDS_OR_CLASHES = /超|冲突|限项|撞|兼报|一起报|同时报/;

/** "申报书要盖什么章", "电子版和纸质版不一样行不行": the seal, or the two copies being the same, asked about. */
export const SEAL_OR_SAME_ASKED = /盖(什么|啥|哪个|几个|谁的)?章|公章|一样|一致|相同|不同/;

/**
 * "系统还没开能不能先把材料交上去", "能提前交吗": handing in before the window opens, asked (not "先报上X", a plan).
 */
export const HAND_IN_EARLY_ASKED =
  /(现在|这会儿|今天|目前|眼下)(还|就|也)?(可以|能|能不能|可不可以|来得及)[^，,。]{0,8}(交|提交|报|申报|申请)[^，,。？?]{0,8}(吗|嘛|没|不|了吧)|\b(?:can|could|may) we still (?:apply|submit|hand)|(赶不赶得及|赶得及|来不来得及|来得及)[^，,。]{0,6}(交|提交|报|申报)|(交|提交|报|申报)[^，,。]{0,6}(赶不赶得及|赶得及|来不来得及|来得及)|不(用|得|必)等到|\b(?:still|now)\b[^?.]{0,20}\b(?:possible|able|open|time)\b[^?.]{0,12}\b(?:submit|apply|hand)|\btoo late\b|(还没开|没开放|没开通|开放前|开之前|开始前|提前)[^，,。]{0,10}(交|提交|传|上传|递)|(先|提前|早点)(把[^，,。]{0,10})?(交|提交|传|上传)(上去|过去)?[^，,。]{0,4}(吗|行|可以|能|不)|\b(?:submit|hand (?:it )?in|upload)\b[^?.]{0,20}\b(?:early|before (?:it|the system|the window) opens)\b/i;

/**
 * "截止那天下午五点过了一点点还能交吗", "能补交吗", "可以延期几天吗": handing in after the closing asked.
 */
export const HAND_IN_LATE_ASKED =
  /(过了|超过|晚了|迟了|过点|截止(以后|之后|后)|关了(以后|之后)?|关闭(以后|之后|后))[^，,。]{0,12}(还能|能|可以|行|让)[^，,。]{0,4}(交|提交|报|传|收)|(还能|能不能|可以|可不可以|能否|允许)[^，,。]{0,8}(补交|补报|晚交|迟交|晚点交|延期|延长|宽限|通融)|(补交|补报|延期|宽限|通融)[^，,。]{0,6}(吗|不|行|可以)|(晚|迟)(一|两|几|1|2)?(天|点|会儿|一点|一会)[^，,。]{0,6}(交|送|到|提交|寄|传)[^，,。]{0,4}(行|可以|能|吗|不)|\b(?:late|after the deadline|extension|extend the deadline)\b/i;

/** "5月16号晚上才交电子版，来得及吗", "纸质版18号送到赶得上不": handing in on a day said, asked whether in time. */
export const HAND_IN_ON_DAY_ASKED =
  /((\d{1,2}\s*月\s*)?\d{1,2}\s*(日|号)|今天|明天|后天)[^？?]{0,16}(交|提交|送|寄|传|递)[^？?]{0,12}(来得及|来不来得及|赶得上|赶不赶得上|赶趟|行不行|行吗|行不|可以吗|可以不|要得不|要得吗|得不得|得唔得|中不中|成不成|晚不晚|算不算晚|算晚吗|能行吗|ok吗|没问题吧|呢)|\b(?:submit|hand (?:it )?in|send|deliver|upload)\b[^?]{0,40}\b(?:on|by|at)\b[^?]{0,30}(?:\d|today|tomorrow)/i;

/** "会后要交什么", "结题交啥", "What do we hand in after the event?": the closing stage's papers asked. */
export const CLOSING_ASKED =
  /会后|活动(结束|办完|开完|搞完)(以后|之后|后)|(办|开|搞|做)完(以后|之后|后)|结题|结项|验收|年底|年末|\bafter (?:the|our) (?:event|activity|conference)\b|\bafterwards\b|\bat the end\b|\bclosing\b|\bacceptance\b|\byear-end\b/i;
/** "申报时要交什么", "What do we need when applying?": the application stage's papers asked. */
export const APPLYING_ASKED = /申报(时|的时候)|报的时候|申请(时|的时候)|\bwhen (?:we )?apply(?:ing)?\b|\bto apply\b/i;

/** "考核到几类", "年底要考到几类", "要达到哪一类", "what class": the year-end level asked for. */
export const WHICH_CLASS =
  /(考核|考|达到|年底|年末)[^，,。？?]{0,6}(几|哪一?|什么)类|(认定|立项|获批)(后|以后|之后)[^，,。？?]{0,6}(考核|要求|任务|指标)|考核(要求|指标)|\b(?:which|what) (?:class|category|level|tier|grade|rank|rating)\b[^?]*\b(?:year[- ]end|assessment|reach)/i;

/** 科普宣传周, 全国科普日: activities the guide says do not count (its excluded_activity items). */
export const EXCLUDED_ACTIVITY = /科普宣传周|科普日|科普周|science week|science day|science popul[a-z]+ (?:publicity )?(?:week|day)/i;

/** A bare tag asking assent: "行吗", "好不好", "可以吧？", "OK吗" (it asks of the piece before it, never alone). */
export const TAG_ASKING =
  /^(这样|那样)?(行吗|行不行|行不|好吗|好不好|可以吗|可以不|可以不可以|可不可以|成吗|成不|成不成|中不中|ok吗?|okay|对吧|可以吧|没问题吧)[?？。.!！~]*$/i;

/** "那一流学会现在呢", "这下呢": asked again after something changed (the verdict now). */
export const AFTER_CHANGE = /现在|这下|这样的话|那样的话/;

/** "俩", "两个", "2个", "两项": two, of what was talked about or what a shared word names. */
export const PAIR_SAID = /俩|两个|(?<!\d)2个|两项/;
