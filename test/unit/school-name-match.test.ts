import { describe, expect, it } from 'vitest';
import { compareSchoolNames, nameSimilarity, placeIndex, schoolNameReadings } from '../../src/core/school-name-match.js';
import { toSimplifiedChinese } from '../../src/text/simplified-chinese.js';
import { provinceHistory } from '../support/province-history.js';

const places = placeIndex(provinceHistory('33'), { fold: toSimplifiedChinese });

type Variant =
  | 'width' | 'spaces' | 'brackets' | 'place' | 'campus' | 'short-form' | 'numerals' | 'combined' | 'typo' | 'traditional'
  | 'number' | 'type' | 'kind' | 'word' | 'county' | 'city' | 'empty';

/** [entered, registry name, same school?, what differs]. */
const PAIRS: readonly (readonly [string, string, boolean, Variant])[] = [
  // The same school written differently.
  ['杭州市第１４中学', '杭州市第十四中学', true, 'width'],
  ['杭州市ＡＢＣ双语学校', '杭州市ABC双语学校', true, 'width'],
  ['杭州市胜利小学（钱江校区）', '杭州市胜利小学(钱江校区)', true, 'width'],
  ['杭州市 胜利小学', '杭州市胜利小学', true, 'spaces'],
  ['杭州市胜利小学 ', '杭州市胜利小学', true, 'spaces'],
  ['杭 州 市 胜 利 小 学', '杭州市胜利小学', true, 'spaces'],
  ['杭州市\u3000胜利小学', '杭州市胜利小学', true, 'spaces'],
  ['杭州市胜\u200B利小学', '杭州市胜利小学', true, 'spaces'],
  ['杭州市胜利小学(钱江校区)', '杭州市胜利小学', true, 'brackets'],
  ['杭州市胜利小学【钱江校区】', '杭州市胜利小学', true, 'brackets'],
  ['杭州市胜利小学[本部]', '杭州市胜利小学', true, 'brackets'],
  ['杭州市胜利小学〔城东校区〕', '杭州市胜利小学（城西校区）', true, 'brackets'],
  ['杭州市胜利小学（钱江校区', '杭州市胜利小学', true, 'brackets'],
  ['胜利小学', '杭州市上城区胜利小学', true, 'place'],
  ['上城区胜利小学', '杭州市上城区胜利小学', true, 'place'],
  ['浙江省杭州市上城区胜利小学', '杭州市上城区胜利小学', true, 'place'],
  ['杭州上城胜利小学', '杭州市上城区胜利小学', true, 'place'],
  ['浙江杭州胜利小学', '杭州市上城区胜利小学', true, 'place'],
  ['义乌稠城中学', '义乌市稠城中学', true, 'place'],
  ['金华市义乌市稠城中学', '义乌市稠城中学', true, 'place'],
  ['桐庐城关小学', '桐庐县城关小学', true, 'place'],
  ['杭州市下城区胜利小学', '杭州市拱墅区胜利小学', true, 'place'],
  ['西湖小学', '杭州市上城区西湖小学', true, 'place'],
  ['景宁实验小学', '景宁畲族自治县实验小学', true, 'place'],
  ['杭州市胜利小学钱江校区', '杭州市胜利小学', true, 'campus'],
  ['杭州市胜利小学分校', '杭州市胜利小学', true, 'campus'],
  ['杭州市胜利小学滨江分校', '杭州市胜利小学', true, 'campus'],
  ['杭州市胜利小学本部', '杭州市胜利小学', true, 'campus'],
  ['杭州市胜利小学教育集团', '杭州市胜利小学', true, 'campus'],
  ['宁波市鄞州区实验小学东校区', '宁波市鄞州区实验小学', true, 'campus'],
  ['杭州市胜利实小', '杭州市胜利实验小学', true, 'short-form'],
  ['宁波市鄞州区五乡初中', '宁波市鄞州区五乡初级中学', true, 'short-form'],
  ['温州市瓯海区南山高中', '温州市瓯海区南山高级中学', true, 'short-form'],
  ['嘉兴市秀洲区职高', '嘉兴市秀洲区职业高级中学', true, 'short-form'],
  ['湖州市吴兴区职校', '湖州市吴兴区职业技术学校', true, 'short-form'],
  ['绍兴市越城区特校', '绍兴市越城区特殊教育学校', true, 'short-form'],
  ['宁波市江北区中职', '宁波市江北区中等职业学校', true, 'short-form'],
  ['台州市椒江区城关镇中心校', '台州市椒江区城关镇中心小学', true, 'short-form'],
  ['浙江师范大学附小', '浙江师范大学附属小学', true, 'short-form'],
  ['杭州市胜利幼稚园', '杭州市胜利幼儿园', true, 'short-form'],
  ['杭州十四中', '杭州市第十四中学', true, 'short-form'],
  ['杭州市第14中学', '杭州市第十四中学', true, 'numerals'],
  ['宁波市第2中学', '宁波市第二中学', true, 'numerals'],
  ['温州市第二十一中学', '温州市第21中学', true, 'numerals'],
  ['杭州市上城区第一幼儿园', '杭州市上城区第1幼儿园', true, 'numerals'],
  ['杭州二中', '浙江省杭州第二中学', true, 'numerals'],
  ['衢州市第一〇五中学', '衢州市第一百零五中学', true, 'numerals'],
  ['浙江省杭州市 第14中学（本部）', '杭州市第十四中学', true, 'combined'],
  ['上城 胜利实小(钱江校区)', '杭州市上城区胜利实验小学', true, 'combined'],
  ['丽水市莲都区城关中心小学', '丽水市莲都区城关镇中心小学', true, 'typo'],
  ['温州市鹿城区人明路实验小学', '温州市鹿城区人民路实验小学', true, 'typo'],
  ['杭州市上城區勝利實驗小學', '杭州市上城区胜利实验小学', true, 'traditional'],
  ['溫州市鹿城區實驗幼稚園', '温州市鹿城区实验幼儿园', true, 'traditional'],
  ['寧波市鄞州區第２中學（東校區）', '宁波市鄞州区第二中学', true, 'traditional'],

  // Different schools, however alike they look.
  ['杭州市第十四中学', '杭州市第十五中学', false, 'number'],
  ['杭州市第14中学', '杭州市第十五中学', false, 'number'],
  ['杭州十四中', '杭州市第四中学', false, 'number'],
  ['杭州市西湖区翠苑第一小学', '杭州市西湖区翠苑第二小学', false, 'number'],
  ['金华市第一中学', '金华市第十一中学', false, 'number'],
  ['温州市第二十一中学', '温州市第二十二中学', false, 'number'],
  ['杭州市胜利小学', '杭州市胜利中学', false, 'type'],
  ['杭州市胜利小学', '杭州市胜利幼儿园', false, 'type'],
  ['杭州市上城区实验小学', '杭州市上城区实验中学', false, 'type'],
  ['宁波市鄞州区五乡初级中学', '宁波市鄞州区五乡中学', false, 'type'],
  ['绍兴市越城区特殊教育学校', '绍兴市越城区培智学校', false, 'type'],
  ['杭州市胜利小学', '杭州市胜利小学附属幼儿园', false, 'type'],
  ['杭州市胜利小学', '杭州市胜利实验小学', false, 'kind'],
  ['嘉兴市秀洲区职业技术学校', '嘉兴市秀洲区中等职业学校', false, 'kind'],
  ['温州市鹿城区实验幼儿园', '温州市鹿城区机关幼儿园', false, 'kind'],
  ['丽水市莲都区城关镇中心小学', '丽水市莲都区城关镇小学', false, 'kind'],
  ['杭州市外国语学校', '杭州市外国语实验学校', false, 'kind'],
  ['杭州市崇文实验学校', '杭州市求是实验学校', false, 'word'],
  ['杭州市胜利小学', '杭州市崇文小学', false, 'word'],
  ['桐庐县城关小学', '桐庐县城南小学', false, 'word'],
  ['杭州市西湖区西湖小学', '杭州市西湖区北山小学', false, 'word'],
  ['杭州市上城区崇文小学', '杭州市上城区天长小学', false, 'word'],
  ['嘉兴市南湖区南湖小学', '嘉兴市南湖区南湖中学', false, 'type'],
  ['杭州高级中学', '杭州市第二中学', false, 'word'],
  ['杭州市上城区胜利小学', '杭州市西湖区胜利小学', false, 'county'],
  ['上城区胜利小学', '西湖区胜利小学', false, 'county'],
  ['湖州市吴兴区第一中学', '湖州市南浔区第一中学', false, 'county'],
  ['舟山市定海区东海中学', '舟山市普陀区东海中学', false, 'county'],
  ['衢州市柯城区新华小学', '衢州市衢江区新华小学', false, 'county'],
  ['义乌市稠城中学', '东阳市稠城中学', false, 'county'],
  ['宁波市第二中学', '杭州市第二中学', false, 'city'],
  ['台州市第一中学', '温州市第一中学', false, 'city'],
  ['杭州市胜利小学', '宁波市胜利小学', false, 'city'],
  ['杭州市稠城中学', '义乌市稠城中学', false, 'city'],
  ['', '杭州市胜利小学', false, 'empty'],
  ['杭州市西湖區勝利小學', '杭州市上城区胜利小学', false, 'traditional'],
  ['杭州市第十四中學', '杭州市第十五中学', false, 'traditional'],
];

function confusion() {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [entered, registry, same] of PAIRS) {
    const got = compareSchoolNames(entered, registry, { places }).same;
    if (got && same) tp++;
    else if (got && !same) fp++;
    else if (!got && same) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall };
}

const { precision, recall } = confusion();
const sameCount = PAIRS.filter((p) => p[2]).length;

describe('compareSchoolNames', () => {
  it(`decides ${PAIRS.length} labelled pairs (${sameCount} same, ${PAIRS.length - sameCount} different): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`, () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(91);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });

  it.each(PAIRS.map(([a, b, same, variant]) => [variant, a, b, same] as const))('%s: %s / %s → same %s', (_variant, a, b, same) => {
    expect(compareSchoolNames(a, b, { places }).same).toBe(same);
  });

  it('covers every kind of variant in both directions of the table', () => {
    const variants = new Set(PAIRS.map((p) => p[3]));
    for (const v of ['width', 'spaces', 'brackets', 'place', 'campus', 'short-form', 'numerals', 'traditional'] as const) expect(variants).toContain(v);
  });

  it('is symmetric on the table', () => {
    for (const [a, b] of PAIRS) {
      expect(compareSchoolNames(b, a, { places }).same, `${a} / ${b}`).toBe(compareSchoolNames(a, b, { places }).same);
    }
  });

  it('says what decided and how close the names were', () => {
    expect(compareSchoolNames('杭州市第14中学', '杭州市第十四中学', { places })).toEqual({ same: true, score: 1, method: 'normalised', placeDiffers: false });
    const typo = compareSchoolNames('丽水市莲都区城关中心小学', '丽水市莲都区城关镇中心小学', { places });
    expect(typo).toMatchObject({ same: true, method: 'similarity' });
    expect(typo.score).toBeGreaterThan(0.85);
    const near = compareSchoolNames('杭州市第十四中学', '杭州市第十五中学', { places });
    expect(near.same).toBe(false);
    expect(near.score).toBeGreaterThanOrEqual(0.75);
    expect(compareSchoolNames('上城区胜利小学', '西湖区胜利小学', { places })).toMatchObject({ same: false, method: 'normalised', placeDiffers: true });
    expect(near.placeDiffers).toBe(false);
  });

  it('lets the threshold be raised so that only normalisation decides', () => {
    expect(compareSchoolNames('丽水市莲都区城关中心小学', '丽水市莲都区城关镇中心小学', { places, threshold: 1 }).same).toBe(false);
  });

  it('reads the places a name starts with, and keeps a place name that is the school’s own', () => {
    expect(schoolNameReadings('杭州市上城区西湖小学', places).at(-1)).toEqual({ core: '西湖小学', city: ['330100'], county: ['330102'] });
    expect(schoolNameReadings('西湖小学', places)[0]).toEqual({ core: '西湖小学', city: null, county: null });
  });

  it('measures similarity by edit distance', () => {
    expect(nameSimilarity('abcd', 'abcd')).toBe(1);
    expect(nameSimilarity('abcd', 'abce')).toBe(0.75);
    expect(nameSimilarity('', '')).toBe(1);
  });
});
