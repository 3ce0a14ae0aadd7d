/**
 * English words for the guide's own terms, so an English question finds the clause the guide words in
 * Chinese ("Can activities during Science Popularization Week count?" → 科普宣传周, 列入). A lexicon: one
 * row per term, longest phrases first; used only to look passages up, never to read facts.
 */
const TERMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bscience popul[a-z]+ (?:publicity )?week\b|\bscience week\b/gi, '科普宣传周'],
  [/\b(?:national )?science popul[a-z]+ day\b|\bnational science day\b/gi, '全国科普日'],
  [/\b(?:be )?(?:count(?:ed)?|included|qualif(?:y|ies)|eligible activit(?:y|ies))\b/gi, '列入'],
  [/\b(?:alliance|consortium|joint (?:project|application)s?)\b/gi, '联合体'],
  [/\b(?:lead(?:ing)? society|take the lead|lead)\b/gi, '牵头'],
  [/\b(?:participating|partner) (?:societ(?:y|ies)|units?|organi[sz]ations?)\b/gi, '参与单位'],
  [/\b(?:first|main|chief) (?:host|organi[sz]er)\b/gi, '第一主办方'],
  [/\b(?:host(?:ed)? (?:it )?(?:independently|alone|on our own)|sole host|independently host(?:ed)?)\b/gi, '独立主办'],
  [/\b(?:venue|location|held (?:outside|in)|where (?:to )?hold)\b/gi, '举办地'],
  [/\bscreenshots?\b/gi, '截图'],
  [/\b(?:entrust(?:ment|ing)?|commission(?:ing)?) (?:letter|agreement|contract|documents?)\b/gi, '委托协议'],
  [/\b(?:cooperation|partnership) agreements?\b/gi, '合作协议'],
  [/\b(?:agreements?|contracts?)\b/gi, '协议'],
  [/\b(?:acceptance|final (?:review|check|inspection)|closing (?:review|check))\b/gi, '验收'],
  [/\b(?:year-end )?(?:assessment|evaluation) (?:fails?|failed|not passed)\b|\bfail(?:s|ed)? the (?:year-end )?(?:assessment|review)\b/gi, '考核不合格'],
  [/\breview reports?\b|\bsummary reports?\b/gi, '评述报告'],
  // ("那paper copy呢": the paper copy of the application, before "paper" as an article.)
  [/\b(?:paper|hard|printed) (?:cop(?:y|ies)|versions?|forms?)\b/gi, '纸质版'],
  [/\b(?:electronic|online|digital) (?:cop(?:y|ies)|versions?|submissions?)\b/gi, '电子版'],
  [/\bpapers?\b|\barticles?\b/gi, '论文'],
  [/\bjournals?\b/gi, '期刊'],
  [/\bvolunteers?\b/gi, '志愿者'],
  [/\bfree (?:clinics?|consultations?)\b/gi, '义诊'],
  [/\baudiences?\b|\battendees\b|\bparticipants\b/gi, '受众'],
  [/\bonline and offline\b|\bhybrid\b/gi, '线上线下'],
  [/\bschools?\b/gi, '学校'],
  [/\byouth\b|\bteenagers?\b|\bstudents?\b/gi, '青少年'],
  [/\b(?:stamp(?:ed)?|seal(?:ed)?)\b/gi, '盖章'],
  [/\bsign(?:ed|ature)?\b/gi, '签字'],
  [/\b(?:electronic|online) (?:version|copy|form)\b/gi, '电子版'],
  [/\b(?:paper|hard|printed) (?:version|copy|copies|form)\b/gi, '纸质版'],
  [/\bapplication forms?\b/gi, '申报书'],
  [/\bpublish(?:ed)?\b|\brelease(?:d)?\b/gi, '发布'],
  [/\bfund(?:s|ing)? (?:management|rules|use)\b|\bhow (?:can|may) (?:we|the) (?:funds?|money) be (?:used|spent)\b/gi, '经费管理'],
  [/\bseparate (?:accounting|accounts?)\b/gi, '单独核算'],
  [/\bexperts?\b/gi, '专家'],
  [/\bsalons?\b/gi, '沙龙'],
];

/** The question with the guide's Chinese words put in for the English ones it knows. */
export function inGuideWords(text: string): string {
  return TERMS.reduce((t, [re, to]) => t.replace(re, to), text);
}
