// Chinese personal names: common surnames weighted roughly by frequency (nudged towards the Shanghai / Jiangnan mix),
// given names of one or two characters from gender-leaning lists.
import type { Rng, WeightedTable } from './random.ts';
import { weightedTable } from './random.ts';

const SURNAMES: [string, number][] = [
  ['张', 60], ['王', 62], ['陈', 58], ['李', 50], ['徐', 40], ['周', 36], ['朱', 36], ['沈', 32], ['吴', 34],
  ['陆', 30], ['顾', 28], ['刘', 36], ['杨', 26], ['黄', 26], ['钱', 16], ['孙', 18], ['胡', 18], ['金', 16],
  ['姚', 14], ['施', 14], ['蒋', 14], ['曹', 13], ['戴', 11], ['许', 13], ['赵', 14], ['马', 11], ['高', 11],
  ['郭', 10], ['何', 10], ['林', 10], ['范', 9], ['唐', 10], ['俞', 9], ['倪', 8], ['汤', 8], ['邱', 7],
  ['潘', 9], ['秦', 7], ['孔', 6], ['严', 8], ['龚', 7], ['薛', 6], ['宋', 8], ['叶', 9], ['袁', 7], ['邵', 7],
  ['丁', 8], ['魏', 6], ['程', 7], ['蔡', 8], ['毛', 7], ['杜', 6], ['夏', 7], ['谢', 8], ['冯', 7], ['韩', 6],
  ['卢', 6], ['汪', 7], ['方', 7], ['石', 5], ['姜', 5], ['任', 5], ['郑', 9], ['梁', 6], ['罗', 6], ['董', 6],
  ['吕', 5], ['苏', 5], ['田', 4], ['彭', 5], ['曾', 4], ['肖', 5], ['贾', 4], ['余', 5], ['江', 5],
  ['傅', 5], ['邹', 4], ['熊', 3], ['尹', 3], ['殷', 4], ['葛', 4], ['闵', 3], ['瞿', 3], ['奚', 2], ['浦', 2],
  ['凌', 3], ['庄', 4], ['翁', 3], ['盛', 3], ['卫', 2], ['储', 2], ['诸', 2], ['乔', 3], ['费', 3], ['季', 3],
  ['欧阳', 1], ['诸葛', 0.3], ['司马', 0.3], ['上官', 0.3],
];

const MALE_CHARS = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '华', '建', '国', '平', '刚', '辉', '俊', '峰', '浩',
  '鹏', '飞', '波', '宇', '翔', '亮', '健', '龙', '晨', '昊', '彬', '志', '文', '海', '东', '林', '峻', '骏', '毅',
  '维', '凯', '锋', '晖', '昕', '庆', '荣', '春', '德', '忠', '立', '新', '卫', '兵', '宏', '炜', '晓', '鑫', '诚',
  '弘', '嘉', '睿', '哲', '轩', '韬', '彦', '铭', '璟', '奕', '旻', '晟', '皓', '琦', '骁', '烨', '栋', '斐',
];
const FEMALE_CHARS = [
  '丽', '敏', '静', '燕', '艳', '娟', '霞', '芳', '婷', '玲', '红', '萍', '雯', '琳', '颖', '洁', '倩', '慧', '莉',
  '佳', '怡', '晶', '瑾', '蓉', '菁', '雪', '梅', '琴', '秀', '英', '华', '虹', '薇', '嘉', '悦', '欣', '思', '雅',
  '婕', '璐', '蕾', '岚', '韵', '晓', '文', '丹', '露', '琪', '妍', '珺', '旖', '滢', '莺', '茜', '瑶', '晴', '君',
];
const NEUTRAL_CHARS = ['文', '晓', '嘉', '子', '一', '佳', '俊', '雨', '天', '新', '春', '秋', '云', '亦', '宁', '安'];

const SURNAME_TABLE: WeightedTable<string> = weightedTable(SURNAMES);

export function randomName(rng: Rng, gender: '男' | '女'): string {
  const surname = rng.weighted(SURNAME_TABLE);
  const pool = gender === '男' ? MALE_CHARS : FEMALE_CHARS;
  const ownChar = (): string => (rng.chance(0.12) ? rng.pick(NEUTRAL_CHARS) : rng.pick(pool));
  // Single-character given names are common among people born before the mid-1980s; a compound surname keeps it short.
  const single = surname.length > 1 ? rng.chance(0.6) : rng.chance(0.32);
  if (single) return surname + rng.pick(pool);
  let a = ownChar();
  let b = rng.pick(pool);
  if (a === b) b = rng.pick(pool);
  if (a === b) a = rng.pick(NEUTRAL_CHARS);
  return surname + a + b;
}
