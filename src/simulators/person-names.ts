import { WeightedPicker, type Random } from './random.js';

/**
 * Surnames weighted roughly as they occur in Zhejiang (陈, 王, 张, 李, 徐, 吴 … are common; 诸葛 is a
 * real Lanxi surname), and given-name characters as they occur in names of people born 1960–2003.
 */
const SURNAMES: readonly [string, number][] = [
  ['陈', 80], ['王', 70], ['张', 50], ['李', 45], ['徐', 40], ['吴', 38], ['周', 32], ['金', 28],
  ['林', 28], ['胡', 26], ['杨', 25], ['黄', 25], ['朱', 24], ['郑', 22], ['沈', 20], ['叶', 20],
  ['何', 18], ['蒋', 16], ['俞', 15], ['潘', 15], ['赵', 15], ['刘', 15], ['方', 14], ['钱', 12],
  ['章', 12], ['孙', 12], ['吕', 11], ['楼', 10], ['应', 10], ['屠', 6], ['汪', 10], ['邵', 9],
  ['傅', 9], ['姚', 9], ['丁', 8], ['许', 8], ['卢', 8], ['施', 8], ['毛', 8], ['范', 7],
  ['洪', 7], ['戴', 7], ['马', 7], ['程', 6], ['郭', 6], ['蔡', 6], ['袁', 6], ['宋', 6],
  ['韩', 5], ['鲍', 5], ['谢', 5], ['夏', 5], ['邱', 5], ['严', 5], ['柳', 4], ['童', 4],
  ['滕', 3], ['葛', 4], ['虞', 4], ['缪', 3], ['翁', 5], ['詹', 3], ['竺', 2], ['裘', 3],
  ['诸葛', 1], ['欧阳', 1], ['司马', 0.5], ['上官', 0.5],
];

const FEMALE = '丽芳娟敏静燕红霞艳萍玲婷琳佳颖洁雪梅倩莉慧琴晶蕾云瑶怡欣璐悦蓉菁岚露婉娅妍彤雯';
const MALE = '伟强军勇杰涛斌磊超鹏辉刚峰宇浩俊华明波凯晨阳亮东平建国志林海飞龙鑫锋彬';
const NEUTRAL = '文晓一子雨思佳嘉可春秋立正新永天荣家俊晨星雅宁安清若';

/** Foreign permanent residents and some Hong Kong, Macao and Taiwan residents: transliterated names. */
const FOREIGN_NAMES = ['约翰·史密斯', '玛丽亚·加西亚', '大卫·米勒', '安娜·施密特', '金敏俊', '佐藤花子', '彼得·布朗', '艾米丽·怀特'];

const FEMALE_POOL = FEMALE + NEUTRAL;
const MALE_POOL = MALE + NEUTRAL;
const surnames = new WeightedPicker(SURNAMES, ([, w]) => w);

export function personName(random: Random, gender: 'M' | 'F'): string {
  const [surname] = surnames.pick(random);
  const pool = gender === 'F' ? FEMALE_POOL : MALE_POOL;
  const first = pool.charAt(Math.floor(random.next() * pool.length));
  if (surname.length === 1 && random.chance(0.25)) return surname + first;
  return surname + first + pool.charAt(Math.floor(random.next() * pool.length));
}

export function foreignName(random: Random): string {
  return random.pick(FOREIGN_NAMES);
}
