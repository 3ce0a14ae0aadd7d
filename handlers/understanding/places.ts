/**
 * Places, for "活动举办地须在江苏省内" (topic out_of_province): whether a place named in a message is
 * in Jiangsu or outside it. Data, not a regex of a few names: every other province-level region of
 * China with its capital and major cities, and Jiangsu's 13 cities with their county-level cities,
 * which are inside. A message naming only Jiangsu places is never read as out of the province.
 */

/** Jiangsu itself and its 13 cities (and common county-level cities): inside. */
export const JIANGSU_PLACES: readonly string[] = [
  '江苏',
  '南京',
  '无锡',
  '徐州',
  '常州',
  '苏州',
  '南通',
  '连云港',
  '淮安',
  '盐城',
  '扬州',
  '镇江',
  '泰州',
  '宿迁',
  '昆山',
  '江阴',
  '张家港',
  '常熟',
  '太仓',
  '宜兴',
  '溧阳',
  '丹阳',
  '句容',
  '扬中',
  '靖江',
  '泰兴',
  '兴化',
  '如皋',
  '海门',
  '启东',
  '东台',
  '仪征',
  '高邮',
  '邳州',
  '新沂',
  '金坛',
  '江宁',
  '浦口',
  '六合',
];

/** Other provinces, autonomous regions, municipalities and SARs, with their capitals and major cities: outside. */
export const OUTSIDE_PLACES: readonly string[] = [
  // municipalities
  '北京',
  '上海',
  '天津',
  '重庆',
  // provinces and their capitals / major cities
  '浙江',
  '杭州',
  '宁波',
  '温州',
  '绍兴',
  '嘉兴',
  '湖州',
  '金华',
  '义乌',
  '舟山',
  '台州',
  '安徽',
  '合肥',
  '芜湖',
  '黄山',
  '马鞍山',
  '蚌埠',
  '山东',
  '济南',
  '青岛',
  '烟台',
  '威海',
  '潍坊',
  '临沂',
  '日照',
  '广东',
  '广州',
  '深圳',
  '珠海',
  '东莞',
  '佛山',
  '汕头',
  '福建',
  '福州',
  '厦门',
  '泉州',
  '江西',
  '南昌',
  '九江',
  '景德镇',
  '河南',
  '郑州',
  '洛阳',
  '开封',
  '河北',
  '石家庄',
  '保定',
  '唐山',
  '秦皇岛',
  '雄安',
  '山西',
  '太原',
  '大同',
  '湖北',
  '武汉',
  '宜昌',
  '襄阳',
  '湖南',
  '长沙',
  '张家界',
  '岳阳',
  '四川',
  '成都',
  '绵阳',
  '贵州',
  '贵阳',
  '遵义',
  '云南',
  '昆明',
  '大理',
  '丽江',
  '西双版纳',
  '陕西',
  '西安',
  '延安',
  '甘肃',
  '兰州',
  '敦煌',
  '青海',
  '西宁',
  '海南',
  '海口',
  '三亚',
  '辽宁',
  '沈阳',
  '大连',
  '吉林',
  '长春',
  '黑龙江',
  '哈尔滨',
  // autonomous regions and their capitals
  '内蒙古',
  '呼和浩特',
  '包头',
  '广西',
  '南宁',
  '桂林',
  '西藏',
  '拉萨',
  '宁夏',
  '银川',
  '新疆',
  '乌鲁木齐',
  // SARs and Taiwan
  '香港',
  '澳门',
  '台湾',
  '台北',
  // words for elsewhere
  '省外',
  '外省',
  // (Not 外地: "out of town" may be another city of Jiangsu.)
  '江苏以外',
  '江苏省外',
  '国外',
  '境外',
  '海外',
  '出国',
  '全国各地',
];

/** English words for a place outside Jiangsu. */
const OUTSIDE_EN =
  /outside jiangsu|another province|other provinces?|abroad|overseas|\b(beijing|shanghai|tianjin|chongqing|hangzhou|zhejiang|anhui|hefei|shandong|jinan|qingdao|guangdong|guangzhou|shenzhen|fujian|xiamen|wuhan|chengdu|xi'?an|hong kong|macau|taiwan)\b/i;

/**
 * The first place outside Jiangsu that a message names, or undefined. A Jiangsu place that contains
 * an outside name is read as Jiangsu's ("苏州" is not "州"; no row overlaps today, kept by the test).
 */
/**
 * "南京大学", "上海的学会", "浙江省医学会": a place in an organisation's name is no venue. Blanked before
 * places are looked for.
 */
const ORGANISATION_AFTER = /^(省|市)?(的)?[\u4e00-\u9fa5]{0,8}?(大学|学院|医院|研究院|研究所|学会|协会|研究会|促进会|公司|企业|单位|中心)/;

function withoutOrganisations(text: string): string {
  let out = text;
  for (const p of [...JIANGSU_PLACES, ...OUTSIDE_PLACES]) {
    let at = out.indexOf(p);
    while (at >= 0) {
      const after = out.slice(at + p.length);
      const org = ORGANISATION_AFTER.exec(after);
      // (Not "在南京办个学会活动": a verb of holding between the place and the noun keeps it a venue.)
      if (org && !/办|开|举办|召开|举行/.test(org[0])) out = `${out.slice(0, at)}${'□'.repeat(p.length + org[0].length)}${after.slice(org[0].length)}`;
      at = out.indexOf(p, at + 1);
    }
  }
  return out;
}

export function placeOutsideJiangsu(raw: string): string | undefined {
  const text = withoutOrganisations(raw);
  // Jiangsu's places blanked first, so an outside name never matches inside one of them.
  let rest = text;
  for (const p of JIANGSU_PLACES) rest = rest.split(p).join('□');
  const zh = OUTSIDE_PLACES.find((p) => rest.includes(p));
  if (zh) return zh;
  return OUTSIDE_EN.exec(rest)?.[0];
}

/** The first Jiangsu place a message names ("会在苏州开行不行"), or undefined. */
export function placeInJiangsu(text: string): string | undefined {
  const rest = withoutOrganisations(text);
  return JIANGSU_PLACES.find((p) => rest.includes(p));
}

/**
 * Places written in English (pinyin), read as their Chinese names so the place rule can tell them (not
 * "Jiangsu", which begins every society's English name):
 * Jiangsu's cities, and the province-level regions and cities secretaries name most.
 */
export const PLACES_IN_ENGLISH: Readonly<Record<string, string>> = {
  Nanjing: '南京',
  Wuxi: '无锡',
  Xuzhou: '徐州',
  Changzhou: '常州',
  Suzhou: '苏州',
  Nantong: '南通',
  Lianyungang: '连云港',
  "Huai'an": '淮安',
  Huaian: '淮安',
  Yancheng: '盐城',
  Yangzhou: '扬州',
  Zhenjiang: '镇江',
  Taizhou: '泰州',
  Suqian: '宿迁',
  Kunshan: '昆山',
  Jiangyin: '江阴',
  Shanghai: '上海',
  Beijing: '北京',
  Tianjin: '天津',
  Chongqing: '重庆',
  Hangzhou: '杭州',
  Zhejiang: '浙江',
  Hefei: '合肥',
  Anhui: '安徽',
  Jinan: '济南',
  Qingdao: '青岛',
  Shandong: '山东',
  Guangzhou: '广州',
  Shenzhen: '深圳',
  Guangdong: '广东',
  Wuhan: '武汉',
  Hubei: '湖北',
  Changsha: '长沙',
  Chengdu: '成都',
  "Xi'an": '西安',
  Xian: '西安',
  Zhengzhou: '郑州',
  Fuzhou: '福州',
  Xiamen: '厦门',
  Nanchang: '南昌',
  Shenyang: '沈阳',
  Harbin: '哈尔滨',
  Kunming: '昆明',
  'Hong Kong': '香港',
  Macau: '澳门',
  Taipei: '台北',
};
