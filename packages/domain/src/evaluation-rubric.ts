// 信息化考核验收 rubric as data: tiers (规范化达标中队 / 示范中队) → categories → items → criteria, each criterion worth points,
// with its evidence source and, for data, the named indicator that measures it. The city edits copies of it; a round is
// pinned to the version it started with. Weights are points: categories sum to 100 per tier, items to their category,
// criteria to their item.

export const EVALUATION_TIERS = ['standard', 'demonstration'] as const;
export type EvaluationTier = (typeof EVALUATION_TIERS)[number];
export const EVALUATION_TIER_LABELS: Record<EvaluationTier, string> = { standard: '规范化达标中队', demonstration: '示范中队' };

export const EVIDENCE_SOURCES = ['data', 'onsite', 'both'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];
export const EVIDENCE_SOURCE_LABELS: Record<EvidenceSource, string> = {
  data: '平台数据', onsite: '现场检查', both: '平台数据＋现场核实',
};

/** linear: partial credit between floor (0) and target (full); threshold: full credit when the target is met, else none. */
export const SCORING_RULES = ['linear', 'threshold'] as const;
export type ScoringRule = (typeof SCORING_RULES)[number];

export interface RubricCriterion {
  code: string;
  text: string;
  /** Points. */
  weight: number;
  source: EvidenceSource;
  /** Required when source is data or both. */
  indicatorId?: string;
  /** Value that earns full credit; defaults to the indicator's own default target. */
  target?: number;
  /** Value that earns nothing (linear rule); defaults to 0 for higher-is-better indicators. */
  floor?: number;
  scoring: ScoringRule;
  /** What the inspector checks on site (shown on the phone). */
  onsiteGuide?: string;
}

export interface RubricItem { code: string; name: string; weight: number; criteria: RubricCriterion[] }
export interface RubricCategory { code: string; name: string; weight: number; items: RubricItem[] }
export interface RubricTier {
  tier: EvaluationTier;
  name: string;
  passLine: number;
  /** A squadron passes this tier only if it passes that one in the same round (示范 needs 规范化达标). */
  requires?: EvaluationTier;
  categories: RubricCategory[];
}
export interface RubricContent { tiers: RubricTier[] }

export type IndicatorKind = 'ratio' | 'count' | 'flag';
export type IndicatorDirection = 'higher' | 'lower';

/** Modules that compute indicators. `planned` ones do not exist in the platform yet: their criteria fall back to on-site evidence. */
export const INDICATOR_MODULES = {
  infrastructure: { label: '基础设施登记', planned: false },
  documents: { label: '制度文件', planned: false },
  personnel: { label: '执法人员库', planned: false },
  equipment: { label: '执法装备库', planned: false },
  inventory: { label: '季度清点', planned: false },
  tracking: { label: '北斗定位', planned: false },
  dispatch: { label: '勤务指挥调度', planned: false },
  complaints: { label: '诉件处置系统', planned: false },
  duty: { label: '勤务系统', planned: false },
  cases: { label: '办案系统', planned: true },
  inspection: { label: '督察系统', planned: true },
  assessment: { label: '考核系统', planned: true },
  linkage: { label: '管执联动系统', planned: true },
  video: { label: '视频资源与录像归档', planned: true },
} as const;
export type IndicatorModule = keyof typeof INDICATOR_MODULES;

export interface IndicatorDefinition {
  id: string;
  label: string;
  module: IndicatorModule;
  kind: IndicatorKind;
  direction: IndicatorDirection;
  /** Full-credit value when a criterion names none. */
  defaultTarget: number;
  /** Zero-credit value for lower-is-better indicators (e.g. 5 overdue items). */
  defaultFloor?: number;
  description: string;
}

const ratio = (id: string, module: IndicatorModule, label: string, description: string, defaultTarget = 1): IndicatorDefinition =>
  ({ id, module, label, kind: 'ratio', direction: 'higher', defaultTarget, description });
const flag = (id: string, module: IndicatorModule, label: string, description: string): IndicatorDefinition =>
  ({ id, module, label, kind: 'flag', direction: 'higher', defaultTarget: 1, description });

/** Every indicator a rubric may name. Ratios are 0..1; flags are 0 or 1. */
export const INDICATOR_CATALOGUE: readonly IndicatorDefinition[] = [
  flag('infra.network_links', 'infrastructure', '开通政务外网和互联网', '两类链路都已登记（各算一半）'),
  ratio('infra.bandwidth_business', 'infrastructure', '带宽满足业务系统数据传输', '已登记链路中上行、下行带宽均不低于业务要求（默认 10 Mbit/s）的比例'),
  ratio('infra.bandwidth_video', 'infrastructure', '上行带宽满足2路实时视频', '最大上行带宽相对2路实时视频所需（默认每路 4 Mbit/s，共 8 Mbit/s）的比例，封顶为1'),
  flag('infra.command_room', 'infrastructure', '勤务指挥室有固定场所', '已登记勤务指挥室（自建或共享）'),
  flag('infra.command_room_display', 'infrastructure', '勤务指挥室配置显示设备', '勤务指挥室登记了至少一台在用显示设备'),
  flag('infra.command_room_dispatch', 'infrastructure', '勤务指挥室配置指挥调度设备', '勤务指挥室登记了至少一台在用指挥调度设备'),
  flag('infra.video_conference', 'infrastructure', '配置视频会议终端', '登记了在用的视频会议终端'),
  flag('infra.video_conference_test', 'infrastructure', '与区局指挥中心视频通话测试', '考核期间内有一次成功的与区局测试通话'),
  ratio('infra.machine_room_log', 'infrastructure', '机房记录按月填写', '考核期间内每月至少一条机房值守/维护记录的月份比例'),
  ratio('infra.internal_camera_coverage', 'infrastructure', '重点部位配置内部监控', '出入口、内部通道、暂扣物品存放室、勤务指挥室四类部位中已配置在用摄像机的比例'),
  ratio('infra.internal_camera_retention', 'infrastructure', '监控录像保存不少于15天', '内部监控摄像机中核实的录像保存天数不少于15天的比例'),
  ratio('infra.business_room_av', 'infrastructure', '重要业务用房高清录音录像与联网门禁', '受理接待大厅、案件审理室、信访接待室中同时具备高清录音录像和联网门禁的比例'),
  ratio('infra.business_room_retention', 'infrastructure', '业务用房录音录像保存不少于30天', '重要业务用房录音录像设备中核实的保存天数不少于30天的比例'),
  flag('documents.machine_room_rules', 'documents', '机房管理制度', '已上传现行有效的机房管理制度'),
  flag('documents.equipment_rules', 'documents', '装备使用、维护、管理制度', '已上传现行有效的装备管理制度'),
  ratio('personnel.timeliness', 'personnel', '执法人员信息维护及时性', '本季度内更新或确认过的人员比例'),
  ratio('personnel.accuracy', 'personnel', '执法人员信息准确性', '身份证号校验、执法证号格式、证件有效期等校验全部通过的人员比例'),
  ratio('personnel.completeness', 'personnel', '执法人员信息完整性', '必填信息齐全的人员比例'),
  ratio('equipment.accuracy', 'equipment', '执法装备信息准确性', '最近一次季度清点中账实相符的比例'),
  ratio('equipment.completeness', 'equipment', '执法装备信息完整性', '在用装备中必填属性齐全的比例'),
  ratio('kit.handheld_terminal', 'equipment', '队员手持执法终端配置', '在用手持执法终端数与在岗队员数之比（封顶为1）'),
  ratio('kit.radio', 'equipment', '队员对讲机配置', '在用对讲机数与在岗队员数之比（封顶为1）'),
  ratio('kit.body_camera', 'equipment', '队员执法记录仪配置', '在用执法记录仪（含4G）数与在岗队员数之比（封顶为1）'),
  ratio('vehicles.dashcam', 'equipment', '车辆行车记录仪配置', '在用执法车辆中装有行车记录仪的比例'),
  ratio('vehicles.beidou', 'equipment', '车辆北斗定位终端配置', '在用执法车辆中安装了已登记北斗终端的比例'),
  ratio('squadron_kit.all', 'equipment', '中队装备配置', '数据管理终端、身份证读卡器、高清扫描仪、便携式打印机、照相摄像五类中已有在用装备的比例'),
  ratio('performance.body_camera_4g', 'equipment', '单兵4G执法记录仪数量和性能', '在岗队员中持有性能达标的4G执法记录仪的比例'),
  ratio('performance.vehicle', 'equipment', '执法车辆4G车载视频数量和性能', '在用执法车辆中4G车载视频性能达标的比例'),
  ratio('performance.data_terminal', 'equipment', '数据管理终端数量和性能', '在用数据管理终端中性能达标的比例（没有则为0）'),
  ratio('ledger.responsible', 'equipment', '装备责任人落实率', '在用装备中落实了责任人的比例'),
  { id: 'ledger.overdue', module: 'equipment', label: '逾期未归还装备', kind: 'count', direction: 'lower', defaultTarget: 0, defaultFloor: 5, description: '评估日逾期未归还的装备件数' },
  ratio('inventory.quarters', 'inventory', '每季度全面清点', '考核期间已结束的季度中完成清点并更新装备库的比例'),
  ratio('tracking.access_rate', 'tracking', '北斗定位数据接入市局平台', '已安装北斗终端的车辆中考核期间有定位上报的比例'),
  flag('dispatch.in_use', 'dispatch', '对辖区车辆和人员指挥调度', '考核期间内通过平台派遣过任务'),
  ratio('complaints.on_time', 'complaints', '诉件按时处置率', '期间内应处置完毕的诉件中按时处置的比例'),
  { id: 'complaints.reopen_return', module: 'complaints', label: '诉件重办退回率', kind: 'ratio', direction: 'lower', defaultTarget: 0.05, defaultFloor: 0.3, description: '期间内办结的诉件中发生过重办或退回的比例（越低越好）' },
  ratio('complaints.archive_complete', 'complaints', '诉件一事一档完整率', '期间内办结的诉件中一事一档完整的比例'),
  ratio('duty.plans_on_time', 'duty', '勤务计划按时发布率', '已到发布时限的中队日中勤务计划按时发布的比例'),
  ratio('duty.shift_checkin', 'duty', 'APP签到勤务班次占比', '已开始的勤务班次中有队员用APP签到的比例'),
  ratio('duty.active_officers', 'duty', '勤务一人一档有记录的人员占比', '在岗队员中期间内一人一档有记录的比例'),
  ratio('cases.quality', 'cases', '案件数据准确性、及时性、完整性', '办案系统尚未接入本平台'),
  ratio('inspection.quality', 'inspection', '督察数据准确性、及时性、完整性', '督察系统尚未接入本平台'),
  ratio('assessment.quality', 'assessment', '考核数据准确性、及时性、完整性', '考核系统尚未接入本平台'),
  ratio('linkage.quality', 'linkage', '管执联动移送案件处理准确性、及时性', '管执联动系统尚未接入本平台'),
  ratio('video.sources', 'video', '辖区视频资源接入', '视频资源登记尚未接入本平台'),
  ratio('video.live_shared', 'video', '可视化设备实时视频接入市局', '视频资源登记尚未接入本平台'),
  ratio('video.incident_archive', 'video', '群体性、突发事件录音录像长期保存', '事件录像归档尚未接入本平台'),
];

export const INDICATORS_BY_ID: ReadonlyMap<string, IndicatorDefinition> = new Map(INDICATOR_CATALOGUE.map((d) => [d.id, d]));

export interface RubricProblem { path: string; message: string }

const EPS = 1e-6;
const near = (a: number, b: number) => Math.abs(a - b) < EPS;
const fmt = (n: number) => String(Math.round(n * 1000) / 1000);
const CODE_RE = /^[A-Za-z0-9_.-]{1,40}$/;

/** Every problem of a rubric, with a path a form can point at; empty when it can be used. */
export function rubricProblems(content: RubricContent): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const codes = new Set<string>();
  const code = (path: string, c: string) => {
    if (!CODE_RE.test(c)) add(path, `编号“${c}”只能由字母、数字、点、下划线和连字符组成（1～40个字符）`);
    else if (codes.has(c)) add(path, `编号“${c}”重复`);
    codes.add(c);
  };
  const positive = (path: string, w: number, what: string) => {
    if (!Number.isFinite(w) || w <= 0) add(path, `${what}分值须大于0`);
  };
  if (!content.tiers.length) add('tiers', '至少需要一个等级');
  const tiers = new Set<EvaluationTier>();
  content.tiers.forEach((tier, ti) => {
    const tp = `tiers.${ti}`;
    if (tiers.has(tier.tier)) add(`${tp}.tier`, `等级“${EVALUATION_TIER_LABELS[tier.tier]}”重复`);
    tiers.add(tier.tier);
    if (!(tier.passLine > 0 && tier.passLine <= 100)) add(`${tp}.passLine`, '合格线须在0～100分之间');
    if (tier.requires === tier.tier) add(`${tp}.requires`, '等级不能以自身为前提');
    const sum = tier.categories.reduce((s, c) => s + c.weight, 0);
    if (!near(sum, 100)) add(`${tp}.categories`, `${tier.name}各类别分值合计${fmt(sum)}分，应为100分`);
    tier.categories.forEach((cat, ci) => {
      const cp = `${tp}.categories.${ci}`;
      code(`${cp}.code`, cat.code);
      positive(`${cp}.weight`, cat.weight, `类别“${cat.name}”`);
      const itemSum = cat.items.reduce((s, i) => s + i.weight, 0);
      if (!near(itemSum, cat.weight)) add(`${cp}.items`, `类别“${cat.name}”${fmt(cat.weight)}分，其评估项目合计${fmt(itemSum)}分`);
      cat.items.forEach((item, ii) => {
        const ip = `${cp}.items.${ii}`;
        code(`${ip}.code`, item.code);
        positive(`${ip}.weight`, item.weight, `项目“${item.name}”`);
        const critSum = item.criteria.reduce((s, c) => s + c.weight, 0);
        if (!near(critSum, item.weight)) add(`${ip}.criteria`, `项目“${item.name}”${fmt(item.weight)}分，其评估指标合计${fmt(critSum)}分`);
        item.criteria.forEach((crit, ki) => {
          const kp = `${ip}.criteria.${ki}`;
          code(`${kp}.code`, crit.code);
          positive(`${kp}.weight`, crit.weight, `指标“${crit.text}”`);
          if (crit.source === 'onsite') return;
          const def = crit.indicatorId ? INDICATORS_BY_ID.get(crit.indicatorId) : undefined;
          if (!crit.indicatorId) add(`${kp}.indicatorId`, `指标“${crit.text}”以平台数据计分，须指定数据指标`);
          else if (!def) add(`${kp}.indicatorId`, `数据指标“${crit.indicatorId}”不存在`);
          if (!def) return;
          const { target, floor } = criterionBounds(crit, def);
          if (def.kind !== 'count' && (target < 0 || target > 1 || floor < 0 || floor > 1)) add(`${kp}.target`, '比例类指标的目标值和起评值须在0～1之间');
          if (crit.scoring === 'linear' && (def.direction === 'higher' ? target <= floor : target >= floor)) {
            add(`${kp}.floor`, def.direction === 'higher' ? '起评值须低于目标值' : '该指标越低越好，起评值须高于目标值');
          }
        });
      });
    });
  });
  for (const tier of content.tiers) {
    if (tier.requires && !tiers.has(tier.requires)) add('tiers', `${tier.name}要求的前提等级“${EVALUATION_TIER_LABELS[tier.requires]}”不在评分标准中`);
  }
  return problems;
}

/** The full-credit and zero-credit values of a criterion after defaults. */
export function criterionBounds(crit: Pick<RubricCriterion, 'target' | 'floor'>, def: IndicatorDefinition): { target: number; floor: number } {
  const target = crit.target ?? def.defaultTarget;
  const floor = crit.floor ?? def.defaultFloor ?? (def.direction === 'higher' ? 0 : target * 2 + 1);
  return { target, floor };
}

/** Every criterion of a tier with its place in the tree. */
export function criteriaOf(tier: RubricTier): { category: RubricCategory; item: RubricItem; criterion: RubricCriterion }[] {
  return tier.categories.flatMap((category) => category.items.flatMap((item) => item.criteria.map((criterion) => ({ category, item, criterion }))));
}
