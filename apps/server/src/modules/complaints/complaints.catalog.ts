// The built-in 诉件类别 of 城管 (大类/小类) with their time limits, as 12345 practice sets them: contact the citizen within
// 1 working day, handle within 5 working days; matters that grow worse by the hour (night-time site noise, building
// going up, a loose shop sign) in natural hours; standing illegal structures in 15 working days. Codes double as
// Open311 service codes and never change once shipped.
import type { TimeLimit } from '@cg/domain';

export interface BuiltinCategory {
  code: string;
  name: string;
  contact: TimeLimit;
  handle: TimeLimit;
  children?: BuiltinCategory[];
}

const wd = (amount: number): TimeLimit => ({ unit: 'working_days', amount });
const wh = (amount: number): TimeLimit => ({ unit: 'working_hours', amount });
const nh = (amount: number): TimeLimit => ({ unit: 'natural_hours', amount });
const normal = { contact: wd(1), handle: wd(5) };
const urgent = { contact: nh(2), handle: nh(24) };

export const BUILTIN_COMPLAINT_CATEGORIES: readonly BuiltinCategory[] = [
  {
    code: 'SR', name: '市容环境', ...normal, children: [
      { code: 'SR01', name: '乱设摊', ...normal },
      { code: 'SR02', name: '跨门营业', ...normal },
      { code: 'SR03', name: '乱堆物', ...normal },
      { code: 'SR04', name: '乱晾晒', ...normal },
      { code: 'SR05', name: '乱张贴、乱涂写', ...normal },
    ],
  },
  {
    code: 'JM', name: '街面秩序', ...normal, children: [
      { code: 'JM01', name: '占道经营', ...normal },
      { code: 'JM02', name: '共享单车乱停放', contact: wh(4), handle: nh(24) },
      { code: 'JM03', name: '占道洗车、修车', ...normal },
    ],
  },
  {
    code: 'WJ', name: '违法建筑', ...normal, children: [
      { code: 'WJ01', name: '正在搭建的违法建筑', ...urgent },
      { code: 'WJ02', name: '既有违法建筑', contact: wd(1), handle: wd(15) },
      { code: 'WJ03', name: '擅自改变房屋结构、群租', ...normal },
    ],
  },
  {
    code: 'GD', name: '建设工地', ...normal, children: [
      { code: 'GD01', name: '夜间施工噪声', contact: nh(1), handle: nh(24) },
      { code: 'GD02', name: '渣土运输撒漏', ...urgent },
      { code: 'GD03', name: '工地扬尘', ...normal },
    ],
  },
  {
    code: 'GG', name: '户外广告与店招', ...normal, children: [
      { code: 'GG01', name: '违规设置户外广告', ...normal },
      { code: 'GG02', name: '店招店牌破损、松动', ...urgent },
    ],
  },
  {
    code: 'LH', name: '绿化与环卫', ...normal, children: [
      { code: 'LH01', name: '毁绿占绿', ...normal },
      { code: 'LH02', name: '生活垃圾分类违规', ...normal },
      { code: 'LH03', name: '乱倒垃圾、渣土', ...normal },
    ],
  },
  {
    code: 'QT', name: '其他', ...normal, children: [
      { code: 'QT01', name: '其他城管执法事项', ...normal },
    ],
  },
];
