// The default rubric: 附表一 (规范化达标中队) and 附表二 (示范中队) of 沪城管执〔2018〕100号, with the weights of
// ../shared/spec/standard-to-platform.md. The annexes name items and key indicators but no points below the item;
// the split of an item's points over its criteria, the targets and the evidence sources are our reading, kept editable.
import type { EvidenceSource, RubricContent, RubricCriterion, ScoringRule } from './evaluation-rubric.ts';

function c(
  code: string, text: string, weight: number, source: EvidenceSource, indicatorId?: string,
  extra: { target?: number; floor?: number; scoring?: ScoringRule; onsiteGuide?: string } = {},
): RubricCriterion {
  return { code, text, weight, source, ...(indicatorId ? { indicatorId } : {}), scoring: extra.scoring ?? 'linear', ...extra };
}

export const DEFAULT_RUBRIC_NAME = '基层中队信息化建设专项考核验收评分标准（默认，依据沪城管执〔2018〕100号附表一、附表二）';

export const DEFAULT_RUBRIC: RubricContent = {
  tiers: [
    {
      tier: 'standard', name: '规范化达标中队', passLine: 80,
      categories: [
        {
          code: 'S.INF', name: '基础设施', weight: 15, items: [
            {
              code: 'S.INF.NET', name: '网络基础', weight: 8, criteria: [
                c('S.INF.NET.1', '开通政务外网和互联网', 3, 'both', 'infra.network_links', { onsiteGuide: '查看两条链路的开通凭证与设备' }),
                c('S.INF.NET.2', '网络带宽满足业务系统数据传输要求', 2, 'both', 'infra.bandwidth_business', { onsiteGuide: '现场测速' }),
                c('S.INF.NET.3', '网络带宽满足上传2路实时视频图像至区局、市局指挥中心的要求', 3, 'both', 'infra.bandwidth_video',
                  { onsiteGuide: '同时向区局、市局推送2路实时视频，查看是否流畅' }),
              ],
            },
            {
              code: 'S.INF.CMD', name: '勤务指挥室', weight: 7, criteria: [
                c('S.INF.CMD.1', '有固定的场所', 3, 'both', 'infra.command_room', { scoring: 'threshold', onsiteGuide: '查看勤务指挥室（自建或共享）' }),
                c('S.INF.CMD.2', '配置有显示设备', 2, 'both', 'infra.command_room_display', { scoring: 'threshold' }),
                c('S.INF.CMD.3', '配置有指挥调度设备', 2, 'both', 'infra.command_room_dispatch', { scoring: 'threshold' }),
              ],
            },
          ],
        },
        {
          code: 'S.VID', name: '视频监控', weight: 20, items: [
            {
              code: 'S.VID.INT', name: '内部监控', weight: 10, criteria: [
                c('S.VID.INT.1', '出入口、内部通道、暂扣物品存放室和勤务指挥室等重点部位配置监控设备', 6, 'both', 'infra.internal_camera_coverage'),
                c('S.VID.INT.2', '监控设备图像保存时间不少于15天', 4, 'both', 'infra.internal_camera_retention', { onsiteGuide: '在录像机上调阅15天前的录像' }),
              ],
            },
            {
              code: 'S.VID.BIZ', name: '重要业务用房', weight: 10, criteria: [
                c('S.VID.BIZ.1', '受理接待大厅、案件审理室和信访接待室配置高清录音录像设备和联网门禁系统', 5, 'both', 'infra.business_room_av'),
                c('S.VID.BIZ.2', '录音录像资料保存时间不少于30天', 3, 'both', 'infra.business_room_retention', { onsiteGuide: '调阅30天前的录音录像' }),
                c('S.VID.BIZ.3', '涉及群体性事件或突发事件的录音录像资料刻录光盘长期保存', 2, 'both', 'video.incident_archive',
                  { onsiteGuide: '查看光盘归档登记与光盘' }),
              ],
            },
          ],
        },
        {
          code: 'S.EQP', name: '装备管理', weight: 20, items: [
            {
              code: 'S.EQP.VEH', name: '执法车辆', weight: 8, criteria: [
                c('S.EQP.VEH.1', '车辆行车记录仪配置数量', 2, 'data', 'vehicles.dashcam'),
                c('S.EQP.VEH.2', '车辆北斗定位终端配置数量', 2, 'data', 'vehicles.beidou'),
                c('S.EQP.VEH.3', '车辆北斗定位数据接入市局平台情况', 4, 'data', 'tracking.access_rate', { target: 0.95 }),
              ],
            },
            {
              code: 'S.EQP.KIT', name: '执法人员', weight: 8, criteria: [
                c('S.EQP.KIT.1', '队员手持执法终端配置数量', 2.5, 'data', 'kit.handheld_terminal'),
                c('S.EQP.KIT.2', '队员对讲机配置数量', 2.5, 'data', 'kit.radio'),
                c('S.EQP.KIT.3', '队员执法记录仪配置数量', 3, 'data', 'kit.body_camera'),
              ],
            },
            {
              code: 'S.EQP.SQD', name: '中队装备', weight: 4, criteria: [
                c('S.EQP.SQD.1', '配置有数据管理终端、身份证读卡器、高清扫描仪、便携式打印机、照相摄像等装备', 4, 'data', 'squadron_kit.all'),
              ],
            },
          ],
        },
        {
          code: 'S.APP', name: '业务应用', weight: 30, items: [
            {
              code: 'S.APP.CASE', name: '办案系统', weight: 5, criteria: [
                c('S.APP.CASE.1', '熟练使用办案系统，案件数据的准确性、及时性、完整性', 5, 'both', 'cases.quality', { onsiteGuide: '抽查案件在办案系统中的记录' }),
              ],
            },
            {
              code: 'S.APP.DUTY', name: '勤务系统', weight: 5, criteria: [
                c('S.APP.DUTY.1', '勤务计划按时发布（及时性）', 2, 'data', 'duty.plans_on_time', { target: 0.9 }),
                c('S.APP.DUTY.2', '勤务班次APP签到（准确性）', 1.5, 'data', 'duty.shift_checkin', { target: 0.9 }),
                c('S.APP.DUTY.3', '队员勤务记录齐全（完整性）', 1.5, 'data', 'duty.active_officers', { target: 0.9 }),
              ],
            },
            {
              code: 'S.APP.INSP', name: '督察系统', weight: 5, criteria: [
                c('S.APP.INSP.1', '熟练使用督察系统，督察数据的准确性、及时性、完整性', 5, 'both', 'inspection.quality', { onsiteGuide: '抽查督察记录' }),
              ],
            },
            {
              code: 'S.APP.ASSE', name: '考核系统', weight: 5, criteria: [
                c('S.APP.ASSE.1', '熟练使用考核系统，考核数据的准确性、及时性、完整性', 5, 'both', 'assessment.quality', { onsiteGuide: '抽查考核记录' }),
              ],
            },
            {
              code: 'S.APP.COMP', name: '诉件处置', weight: 5, criteria: [
                c('S.APP.COMP.1', '交办诉件按时处置（及时性）', 3, 'data', 'complaints.on_time', { target: 0.95, floor: 0.5 }),
                c('S.APP.COMP.2', '交办诉件处置准确，少重办、退回（准确性）', 2, 'data', 'complaints.reopen_return'),
              ],
            },
            {
              code: 'S.APP.LINK', name: '管执联动', weight: 5, criteria: [
                c('S.APP.LINK.1', '熟练使用管执联动系统，移送案件处理的准确性、及时性', 5, 'both', 'linkage.quality', { onsiteGuide: '抽查移送案件记录' }),
              ],
            },
          ],
        },
        {
          code: 'S.DQ', name: '数据质量', weight: 15, items: [
            {
              code: 'S.DQ.PER', name: '执法人员库', weight: 7.5, criteria: [
                c('S.DQ.PER.1', '执法人员信息维护的及时性', 2.5, 'data', 'personnel.timeliness'),
                c('S.DQ.PER.2', '执法人员信息维护的准确性', 2.5, 'data', 'personnel.accuracy'),
                c('S.DQ.PER.3', '执法人员信息维护的完整性', 2.5, 'data', 'personnel.completeness'),
              ],
            },
            {
              code: 'S.DQ.EQP', name: '执法装备库', weight: 7.5, criteria: [
                c('S.DQ.EQP.1', '执法装备信息维护的及时性（每季度全面清点并更新装备库）', 2.5, 'data', 'inventory.quarters'),
                c('S.DQ.EQP.2', '执法装备信息维护的准确性（清点账实相符）', 2.5, 'data', 'equipment.accuracy'),
                c('S.DQ.EQP.3', '执法装备信息维护的完整性', 2.5, 'data', 'equipment.completeness'),
              ],
            },
          ],
        },
      ],
    },
    {
      tier: 'demonstration', name: '示范中队', passLine: 85, requires: 'standard',
      categories: [
        {
          code: 'D.INF', name: '基础设施', weight: 20, items: [
            {
              code: 'D.INF.CMD', name: '勤务指挥室', weight: 12, criteria: [
                c('D.INF.CMD.1', '有辖区内的各类视频资源', 6, 'both', 'video.sources', { onsiteGuide: '在指挥室调阅车载、固定、共享视频' }),
                c('D.INF.CMD.2', '能够对辖区范围内执法车辆和人员指挥调度', 3, 'both', 'dispatch.in_use', { scoring: 'threshold', onsiteGuide: '现场演示派遣任务' }),
                c('D.INF.CMD.3', '执法车辆位置实时接入', 3, 'data', 'tracking.access_rate', { target: 0.95 }),
              ],
            },
            {
              code: 'D.INF.VC', name: '视频会议', weight: 8, criteria: [
                c('D.INF.VC.1', '配置有视频通讯终端', 4, 'both', 'infra.video_conference', { scoring: 'threshold' }),
                c('D.INF.VC.2', '可与区局指挥中心联通', 4, 'both', 'infra.video_conference_test', { scoring: 'threshold', onsiteGuide: '现场与区局指挥中心视频通话' }),
              ],
            },
          ],
        },
        {
          code: 'D.EQP', name: '装备管理', weight: 35, items: [
            {
              code: 'D.EQP.PERF', name: '装备配置', weight: 20, criteria: [
                c('D.EQP.PERF.1', '单兵4G执法记录仪配置数量和性能指标', 8, 'data', 'performance.body_camera_4g'),
                c('D.EQP.PERF.2', '执法车辆4G车载视频配置数量和性能指标', 6, 'data', 'performance.vehicle'),
                c('D.EQP.PERF.3', '数据管理终端配置数量和性能指标', 6, 'data', 'performance.data_terminal'),
              ],
            },
            {
              code: 'D.EQP.LIVE', name: '视频图像', weight: 15, criteria: [
                c('D.EQP.LIVE.1', '执法车辆、无人机、执法记录仪等可视化设备实时视频图像接入市局指挥中心的数量和质量', 15, 'both', 'video.live_shared',
                  { onsiteGuide: '在市局平台调阅该中队的实时视频' }),
              ],
            },
          ],
        },
        {
          code: 'D.APP', name: '系统应用', weight: 35, items: [
            {
              code: 'D.APP.DUTY', name: '网上勤务', weight: 17.5, criteria: [
                c('D.APP.DUTY.1', '市局综合指挥监管平台后台历史数据（勤务计划按时发布）', 6, 'data', 'duty.plans_on_time', { target: 0.95 }),
                c('D.APP.DUTY.2', '队员执法终端APP一人一档数据', 6, 'data', 'duty.active_officers', { target: 0.95 }),
                c('D.APP.DUTY.3', '队员APP端操作熟练程度', 5.5, 'both', 'duty.shift_checkin', { target: 0.95, onsiteGuide: '抽查队员现场演示签到、勤务日志' }),
              ],
            },
            {
              code: 'D.APP.COMP', name: '诉件处置', weight: 17.5, criteria: [
                c('D.APP.COMP.1', '市局综合指挥监管平台后台历史数据（诉件按时处置）', 6, 'data', 'complaints.on_time', { target: 0.95, floor: 0.5 }),
                c('D.APP.COMP.2', '队员执法终端APP一事一档数据', 6, 'data', 'complaints.archive_complete', { target: 0.95 }),
                c('D.APP.COMP.3', '队员APP端操作熟练程度', 5.5, 'onsite', undefined, { onsiteGuide: '抽查队员现场演示签收、拍照、处置完毕' }),
              ],
            },
          ],
        },
        {
          code: 'D.SYS', name: '制度建设', weight: 10, items: [
            {
              code: 'D.SYS.ROOM', name: '机房管理', weight: 5, criteria: [
                c('D.SYS.ROOM.1', '机房管理制度完善', 3, 'both', 'documents.machine_room_rules', { scoring: 'threshold' }),
                c('D.SYS.ROOM.2', '机房运行记录按月填写', 2, 'both', 'infra.machine_room_log'),
              ],
            },
            {
              code: 'D.SYS.EQP', name: '装备管理', weight: 5, criteria: [
                c('D.SYS.EQP.1', '装备使用、维护、管理制度完善', 2, 'both', 'documents.equipment_rules', { scoring: 'threshold' }),
                c('D.SYS.EQP.2', '装备台账落实责任人', 1.5, 'data', 'ledger.responsible'),
                c('D.SYS.EQP.3', '装备及时归还（逾期未归还件数）', 1.5, 'data', 'ledger.overdue'),
              ],
            },
          ],
        },
      ],
    },
  ],
};
