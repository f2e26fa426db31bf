import type { County } from './counties.js';
import type { Random } from './random.js';

/**
 * Names of schools as they are registered: `杭州市上城区胜利小学`, `宁波市第十四中学`,
 * `温州市鹿城区实验幼儿园`, `嘉兴市秀洲区职业技术学校`. A district (区) is named with its city; a county
 * (县) or county-level city (县级市) stands alone (`桐庐县城关小学`, `义乌市稠城中学`).
 */
export type SchoolCategory = '11' | '21' | '31' | '34' | '36' | '51';

const WORDS = [
  '胜利', '崇文', '求是', '天长', '文澜', '育才', '新华', '人民路', '解放路', '城南', '城北', '城东', '城西',
  '江南', '春晖', '明珠', '阳光', '紫金港', '翠苑', '古荡', '学军', '保俶塔', '行知', '启明', '晨光', '朝晖',
  '文晖', '长青', '东方', '钱江', '之江', '北山', '南山', '西湖', '湖滨', '青蓝', '凤凰', '白云', '星海',
  '金桥', '泰山', '龙山', '凤鸣', '新城', '滨江', '文溪', '清泉', '桃源', '红星', '光明', '东湖', '梅林',
  '竹园', '柳浪', '丰潭', '三墩', '九莲', '德胜', '大关', '卖鱼桥', '采荷', '景华', '笕桥', '南苑', '北苑',
  '鼓楼', '中山', '海滨', '瓯江', '南湖', '秀水', '府山', '稽山', '婺江', '衢江', '东海', '灵江', '括苍',
];

const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 14 → 十四, 21 → 二十一 (ordinal numbers in school names). */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (CHINESE_DIGITS[tens] ?? '')}十${CHINESE_DIGITS[ones] ?? ''}`;
}

function localPrefix(county: County): string {
  return county.name.endsWith('区') ? county.city + county.name : county.name;
}

type Template = (prefix: string, county: County, word: string, n: string) => string;

const TEMPLATES: Record<SchoolCategory, readonly Template[]> = {
  '11': [
    (p, _c, w) => `${p}${w}幼儿园`, (p, _c, w) => `${p}${w}幼儿园`, (p) => `${p}实验幼儿园`,
    (p) => `${p}机关幼儿园`, (p, _c, _w, n) => `${p}第${n}幼儿园`, (p, _c, w) => `${p}${w}镇中心幼儿园`,
  ],
  '21': [
    (p, _c, w) => `${p}${w}小学`, (p, _c, w) => `${p}${w}小学`, (p) => `${p}实验小学`,
    (p, _c, _w, n) => `${p}第${n}小学`, (p, _c, w) => `${p}${w}镇中心小学`, (p, _c, w) => `${p}${w}实验小学`,
  ],
  '31': [
    (p, _c, w) => `${p}${w}中学`, (p, _c, w) => `${p}${w}初级中学`, (p) => `${p}实验中学`,
    (p, _c, _w, n) => `${p}第${n}中学`, (p, _c, w) => `${p}${w}镇中学`,
  ],
  '34': [
    (_p, c, _w, n) => `${c.city}第${n}中学`, (_p, c, _w, n) => `${c.city}第${n}中学`,
    (p, _c, w) => `${p}${w}高级中学`, (p) => `${p}中学`, (_p, c, w) => `${c.city}${w}中学`,
  ],
  '36': [
    (p) => `${p}职业技术学校`, (p) => `${p}职业高级中学`, (p, _c, w) => `${p}${w}职业技术学校`,
    (p) => `${p}中等职业学校`, (p, _c, _w, n) => `${p}第${n}职业高级中学`,
  ],
  '51': [(p) => `${p}特殊教育学校`, (p) => `${p}培智学校`, (p, _c, w) => `${p}${w}特殊教育学校`],
};

const SUFFIX: Record<SchoolCategory, string> = {
  '11': '幼儿园', '21': '小学', '31': '中学', '34': '高级中学', '36': '职业技术学校', '51': '特殊教育学校',
};

/** Gives each institution a name no other institution has. */
export class SchoolNamer {
  private readonly taken = new Set<string>();

  constructor(private readonly random: Random) {}

  name(category: SchoolCategory, county: County): string {
    const prefix = localPrefix(county);
    for (let attempt = 0; attempt < 12; attempt++) {
      const template = this.random.pick(TEMPLATES[category]);
      const name = template(prefix, county, this.random.pick(WORDS), chineseNumber(this.random.int(1, 20)));
      if (!this.taken.has(name)) return this.take(name);
    }
    for (let n = 1; ; n++) {
      const name = `${prefix}第${n < 100 ? chineseNumber(n) : String(n)}${SUFFIX[category]}`;
      if (!this.taken.has(name)) return this.take(name);
    }
  }

  private take(name: string): string {
    this.taken.add(name);
    return name;
  }
}
