/**
 * The words of a change of plan, one row per wording (issue 20: a missed wording is a new row here, not a
 * change to a handler). Each row is a regular expression's source; the rows are alternatives, tried
 * together as one expression by understand.ts (PLAN_ADD, PLAN_REMOVE).
 */

/** Verbs of a plan for this year: 想报, 打算, 准备, 要报, 加, 再报, 加回… */
export const PLAN_ADD_WORDS: readonly string[] = [
  // "+特色", "换品牌": a piece that starts by adding or switching to a name.
  String.raw`^\s*[+＋]\s*(?=\S)`,
  String.raw`^换(?=[\u4e00-\u9fa5]{2})(?!个时|时间|地方|个地)`,
  // "不报了改沙龙", "不做了，做标准": a piece that starts with a verb of doing, after a drop (not 改天, 做完, 搞定).
  String.raw`^(改|做|搞|弄|整)(?![定完好了到成为过天时期错清懂明])(?=[\u4e00-\u9fa5]{2})`,
  String.raw`搞一下`,
  String.raw`弄一下`,
  String.raw`做一下`,
  String.raw`整一个`,
  String.raw`整一下`,
  String.raw`(再|就|也)来(一)?个(?!人|专家|月|学会)`,
  String.raw`上一个`,
  String.raw`安排上`,
  String.raw`安排一个`,
  String.raw`走起`,
  String.raw`冲一个`,
  String.raw`算上`,
  String.raw`带上`,
  String.raw`加进去`,
  String.raw`(也|再)(搞|弄|做|来|整|上)(一?个|一下)?`,
  String.raw`^(报|申报|申请)(?!备|送|告|到|哪|什么|啥|书|表|人|材料|流程|时间|方式|条件|要求)`,
  // (Not "标准制定就那样吧": a shrug, no choice.)
  String.raw`就(?!那样|这样|这么|那么|算|拉倒|随便|不|别|没|甭|免)\S{2,14}(了|吧)$`,
  String.raw`报一个`,
  // "先报上科技评估", "决策咨询我们先报着", "先把评估报上去，协议回头补", "评估照样报", "X我们是要报的".
  String.raw`先(报|申报)(上|着|个)?(?!备|送|告|到|哪|什么|啥|书|表|材料|流程|时间|方式|条件|要求|了没|过)`,
  String.raw`先把\S{2,14}报上去`,
  String.raw`(照样|照常|照旧)(报|申报)`,
  String.raw`是要(报|申报)的`,
  String.raw`牵头报`,
  String.raw`一起报`,
  String.raw`就(它|这个|那个)(了|吧)`,
  String.raw`冲一下`,
  String.raw`冲一冲`,
  String.raw`想冲`,
  String.raw`想试试`,
  String.raw`试试`,
  // "那沙龙也试一下", "科技评估也可以报报看", "科技奖励也凑个数": trying one more, said casually.
  String.raw`试一(下|试)`,
  String.raw`报报(看)?(?!名)`,
  String.raw`凑个数`,
  String.raw`凑一个`,
  String.raw`掺一脚`,
  String.raw`再试`,
  String.raw`想报`,
  // "我们还想加一流学术学会": a want to add (not 加班, 加油, 加入 a body).
  String.raw`想(再|也)?加(?!班|油|入|强)`,
  String.raw`想申报`,
  String.raw`想申请`,
  String.raw`想做`,
  String.raw`想搞`,
  String.raw`想办(?!法)`,
  // Northern 整 for 搞/做: "今年想整标准制定", "整个评估".
  String.raw`想整`,
  String.raw`整个(?=\S{2})`,
  String.raw`要搞`,
  String.raw`搞个`,
  String.raw`弄个(?!人|专家)`,
  String.raw`做个(?!人|专家|统计|调查)`,
  String.raw`准备搞`,
  String.raw`打算搞`,
  String.raw`想弄`,
  String.raw`我们牵头`,
  String.raw`牵头搞`,
  String.raw`牵头做`,
  String.raw`牵头申报`,
  String.raw`打算`,
  String.raw`准备报`,
  String.raw`准备申报`,
  String.raw`准备申请`,
  String.raw`准备`,
  String.raw`计划报`,
  String.raw`计划申报`,
  // (Not "没必要报", "不需要报".)
  String.raw`(?<!没必|不必|不需|没|不)要报(?![备送告])`,
  String.raw`要申报`,
  String.raw`要申请`,
  String.raw`报一下`,
  String.raw`报个`,
  String.raw`再报`,
  String.raw`也报`,
  String.raw`还报`,
  String.raw`还要报`,
  String.raw`加报`,
  String.raw`加上`,
  String.raw`再加`,
  String.raw`加一个`,
  String.raw`(?<!能|可以|可)加个(?!人|专家|月)`,
  String.raw`也加(?!班|油|分)`,
  String.raw`添一个`,
  String.raw`再添`,
  String.raw`添上`,
  String.raw`增加`,
  String.raw`增报`,
  String.raw`拟报`,
  String.raw`拟申报`,
  String.raw`申请一下`,
  String.raw`我们报`,
  String.raw`就报`,
  String.raw`今年(就|也|还|再|要|准备|打算)?(报|申报|申请)(?![备送告到哪什啥吗不了过])`,
  String.raw`还是(报|申报|申请)(?![备送告到哪什啥吗不])`,
  String.raw`还是[^，,。？?]{2,14}(吧|好了)$`,
  String.raw`(^|[，,\s]|吧|好)那(报|申报)(?![备送告到哪什啥吗不])`,
  String.raw`也要(?=[，,。.!！\s]|$|了|吧|啊)`,
  String.raw`^(好的?|行|嗯)?[，,\s]*(那|那么)就(?![是算不没这那两俩几都全\d])`,
  String.raw`^(那|那么|好)?就[^，,。？?\s]{2,12}(那个|这个|那项|这项)[。.!！]*$`,
  String.raw`改报`,
  String.raw`那就报`,
  String.raw`加回`,
  String.raw`报回`,
  String.raw`恢复(报|申报)?`,
  String.raw`重新(加|报|申报)`,
  String.raw`^[\u4e00-\u9fa5]{2,4}(的话|这块|方面|那边|这边|类)?[，,\s]*(就|还是)?(报|申报)(?=[\u4e00-\u9fa5])(?![备送告到哪什啥吗不了过书表伐哦呢否么])(?!.*(吗|伐|么|呢|[?？])$)`,
];

/** Not after a negation: "不删了", "别删", "不去掉" keep what they speak of. */
// ("品牌不用去掉", "没必要删掉": a modal of no need before the verb negates it too.)
const NOT_NEGATED = '(?<![不别没甭勿莫]|不用|不要|不需要|没必要|不必|无需|用不着|不能|别给|不用给|不要给)';

/**
 * Changes of plan other than adding: 不 (先不, 暂不, 就不) before any verb of doing a project, or a word of
 * taking it off ("先不弄了", "不搞了", "暂时不考虑", "不参加了", "去掉", "算了").
 */
export const PLAN_REMOVE_WORDS: readonly string[] = [
  // "那不要品牌 换特色": 不要 before a name (not 不要紧, 不要求).
  // ("领导说不要品牌": after a reported 说 too.)
  String.raw`(?:^|[，,\s那就说])不要(?![紧求钱怕急忘])(?=[\u4e00-\u9fa5]{2})`,
  String.raw`不要了`,
  // "标准制定没必要报", "懒得报了", "犯不着报": no need or no will to apply.
  String.raw`(没必要|不必|不用|用不着|犯不着|懒得|不值得|没必要再)(报|申报|弄|搞|整|折腾)`,
  // "科普的不要", "那个不要吧": a bare 不要 ending its piece (not 要不要).
  String.raw`(?<![能可要需])不要(?=[吧啦哈咯。.!！~]*(?:$|[，,；;\s]))`,
  String.raw`(?<![能可要需])不要(?=[^，,。？?吗]{1,12}(了|啦|咯)$)`,
  String.raw`不(想|打算|准备)要(了|啦|咯)`,
  String.raw`(?<!能|可|行|该|报|做|弄|搞)(先|暂时?|就|还是|也|都)?不(想|打算|准备)?(报|申报|申请|做|弄|搞|整|参加|考虑|冲|试|加|添|折腾|凑热闹|掺和|掺合|蹚|趟|碰)(?!不|吗|么|呢|行|了吗|啥|什么|哪)`,
  // "标准制定就别报了", "甭折腾了": 别 or 甭 before a verb of doing it.
  String.raw`(?<![能可要需])(先|就|还是|也|都)?(别|甭)(报|申报|申请|做|弄|搞|整|折腾|凑热闹|掺和|参加|考虑)(了|啦|吧|咯)?(?=[，,。.!！~\s]|$)`,
  // "标准制定pass", "这个pass掉": pass after a name, ending its piece.
  String.raw`(?<=[\u4e00-\u9fa5])\s*pass(掉|了|吧)*(?=[，,。.!！~\s]|$)`,
  // A verb of taking away with its result 掉/了/除 ("去掉", "砍掉", "剔了", "删除"), one row for the class.
  String.raw`${NOT_NEGATED}(去|删|拿|撤|划|砍|剔|踢|甩|抹)掉`,
  String.raw`${NOT_NEGATED}(删|撤|砍|剔|踢|划)了`,
  String.raw`${NOT_NEGATED}(删|剔|去|撤)除`,
  String.raw`拿下(?!来)`,
  String.raw`${NOT_NEGATED}撤下`,
  String.raw`${NOT_NEGATED}取消`,
  String.raw`${NOT_NEGATED}放弃`,
  String.raw`先放(一)?放`,
  String.raw`放一放`,
  String.raw`缓(一)?缓`,
  String.raw`先不(了|管)`,
  String.raw`(?<!^)算了`,
  String.raw`拉倒`,
  String.raw`免了`,
  String.raw`歇菜`,
  String.raw`算球`,
  String.raw`不干了`,
];
