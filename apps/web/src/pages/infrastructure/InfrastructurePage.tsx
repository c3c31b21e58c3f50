// 基础设施登记: a squadron's network links, 勤务指挥室 and its devices, video-conference terminal and test calls with the
// district, machine room (rules documents live on the 管理制度 page; the log is kept here) and, until the video module
// exists, internal cameras and business-room recorders with verified retention — entered as on-site facts. Each section
// opens with the evaluation indicators it feeds (value, target, 差距清单), recomputed after every change.
import { useMemo, useState } from 'react';
import {
  App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Switch, Table, Tabs, Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CloudServerOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import {
  BUSINESS_ROOM_KINDS, CAMERA_LOCATION_KINDS, COMMAND_ROOM_MODE_LABELS, INFRA_DEFAULTS, INFRA_DEVICE_KIND_LABELS, INFRA_LOCATION_LABELS,
  locationKindsFor, MACHINE_ROOM_LOG_KIND_LABELS, MACHINE_ROOM_LOG_KINDS, NETWORK_LINK_KIND_LABELS, NETWORK_LINK_KINDS,
  RECORDING_DEVICE_KINDS, SQUADRON_KINDS, type CommandRoomMode, type InfraDeviceKind, type InfraLocationKind, type MachineRoomLogKind,
  type NetworkLinkKind,
} from '@cg/domain';
import {
  infrastructureApi, type DeviceView, type InfraIndicator, type InfraRecordPath, type LinkView, type LogView, type Registry, type RoomView,
  type TestCallView,
} from '../../api/infrastructure';
import { useAuth, useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useUnitTree } from '../../components/unit-tree-context';
import { errorMessage } from '../../lib/errors';
import { dash, fmtDate, fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { IndicatorSummary, nullify, RecordFormModal, RowActions } from './infra-ui';

const TABS = ['network', 'command', 'video', 'machine-room', 'monitoring'] as const;
type TabKey = (typeof TABS)[number];

const SECTION_INDICATORS: Record<TabKey, string[]> = {
  network: ['infra.network_links', 'infra.bandwidth_business', 'infra.bandwidth_video'],
  command: ['infra.command_room', 'infra.command_room_display', 'infra.command_room_dispatch'],
  video: ['infra.video_conference', 'infra.video_conference_test'],
  'machine-room': ['documents.machine_room_rules', 'infra.machine_room_log', 'documents.equipment_rules'],
  monitoring: ['infra.internal_camera_coverage', 'infra.internal_camera_retention', 'infra.business_room_av', 'infra.business_room_retention'],
};

const LOG_PAGE_SIZE = 20;
const thisYear = dayjs().year();
const YEARS = [thisYear, thisYear - 1, thisYear - 2];

/** What a section needs to read and change the registry. */
interface SectionProps {
  unitId: string;
  registry: Registry;
  canWrite: boolean;
  /** After a write: reload registry and indicators. */
  changed: () => void;
  remove: (path: InfraRecordPath, id: string, version: number) => Promise<void>;
}

function AddButton({ label, onClick, testid, canWrite }: { label: string; onClick: () => void; testid: string; canWrite: boolean }) {
  return canWrite ? <Button type="primary" size="small" icon={<PlusOutlined />} onClick={onClick} data-testid={testid}>{label}</Button> : null;
}

// ---- 网络链路 ------------------------------------------------------------------------------------------------------

interface LinkForm { kind: NetworkLinkKind; provider?: string; upMbps: number; downMbps: number; note?: string }

function NetworkSection({ unitId, registry, canWrite, changed, remove }: SectionProps) {
  const [editing, setEditing] = useState<LinkView | 'new' | null>(null);
  const columns: TableColumnsType<LinkView> = [
    { title: '类型', dataIndex: 'kindLabel', width: 100 },
    { title: '运营商 / 接入单位', dataIndex: 'provider', render: dash },
    { title: '上行（Mbit/s）', dataIndex: 'upMbps', width: 120, align: 'right' },
    { title: '下行（Mbit/s）', dataIndex: 'downMbps', width: 120, align: 'right' },
    { title: '备注', dataIndex: 'note', render: dash },
    ...(canWrite ? [{
      title: '操作', key: 'ops', width: 150,
      render: (_: unknown, l: LinkView) => (
        <RowActions name={l.kindLabel} testid="infra-link" onEdit={() => setEditing(l)} onDelete={() => remove('links', l.id, l.version)} />
      ),
    }] : []),
  ];
  return (
    <Card size="small" title="网络链路" extra={<AddButton label="登记链路" testid="infra-link-add" canWrite={canWrite} onClick={() => setEditing('new')} />}>
      <Typography.Paragraph type="secondary">
        须开通政务外网和互联网；上下行带宽不低于 {INFRA_DEFAULTS.businessMbps} Mbit/s 满足业务系统，
        上行不低于 {INFRA_DEFAULTS.videoStreams * INFRA_DEFAULTS.videoStreamMbps} Mbit/s 可上传{INFRA_DEFAULTS.videoStreams}路实时视频。
      </Typography.Paragraph>
      <Table<LinkView> rowKey="id" size="small" columns={columns} dataSource={registry.links} pagination={false} data-testid="infra-links"
        locale={{ emptyText: <Empty description="尚未登记网络链路" /> }} />
      {editing ? (
        <RecordFormModal<LinkForm>
          title={editing === 'new' ? '登记网络链路' : '修改网络链路'} testid="infra-link"
          initial={editing === 'new' ? { kind: registry.links.some((l) => l.kind === 'gov_extranet') ? 'internet' : 'gov_extranet' }
            : { kind: editing.kind, provider: editing.provider ?? undefined, upMbps: editing.upMbps, downMbps: editing.downMbps, note: editing.note ?? undefined }}
          submit={(v) => editing === 'new' ? infrastructureApi.create(unitId, 'links', nullify(v))
            : infrastructureApi.update('links', editing.id, { ...nullify(v), version: editing.version })}
          onClose={() => setEditing(null)} onDone={() => { setEditing(null); changed(); }}
        >
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Radio.Group options={NETWORK_LINK_KINDS.map((k) => ({ value: k, label: NETWORK_LINK_KIND_LABELS[k] }))} optionType="button" />
          </Form.Item>
          <Form.Item name="provider" label="运营商 / 接入单位"><Input maxLength={40} placeholder="如：中国电信、电子政务外网" /></Form.Item>
          <Space>
            <Form.Item name="upMbps" label="上行带宽（Mbit/s）" rules={[{ required: true, message: '请填写上行带宽' }]}>
              <InputNumber min={0.1} max={100000} step={1} data-testid="infra-link-up" />
            </Form.Item>
            <Form.Item name="downMbps" label="下行带宽（Mbit/s）" rules={[{ required: true, message: '请填写下行带宽' }]}>
              <InputNumber min={0.1} max={100000} step={1} data-testid="infra-link-down" />
            </Form.Item>
          </Space>
          <Form.Item name="note" label="备注"><Input maxLength={200} /></Form.Item>
        </RecordFormModal>
      ) : null}
    </Card>
  );
}

// ---- devices (any section) -------------------------------------------------------------------------------------

interface DeviceForm {
  kind: InfraDeviceKind; name: string; model?: string; locationKind?: InfraLocationKind; room?: string;
  retentionDays?: number; retentionVerifiedOn?: Dayjs; inService: boolean; note?: string;
}

function DeviceTable({ unitId, devices, kinds, canWrite, changed, remove, title, testid, emptyText }: Omit<SectionProps, 'registry'> & {
  devices: DeviceView[]; kinds: InfraDeviceKind[]; title: string; testid: string; emptyText: string;
}) {
  const [editing, setEditing] = useState<DeviceView | 'new' | null>(null);
  const list = devices.filter((d) => kinds.includes(d.kind));
  const recording = kinds.some((k) => RECORDING_DEVICE_KINDS.includes(k));
  const located = kinds.some((k) => locationKindsFor(k).length > 0);
  const columns: TableColumnsType<DeviceView> = [
    ...(kinds.length > 1 ? [{ title: '类型', dataIndex: 'kindLabel', width: 140 }] : []),
    ...(located ? [{ title: '部位', dataIndex: 'locationLabel', width: 120, render: dash }] : []),
    { title: '名称', dataIndex: 'name' },
    { title: '型号', dataIndex: 'model', render: dash },
    { title: '具体位置', dataIndex: 'room', render: dash },
    ...(recording ? [{
      title: '核实的录像保存', key: 'retention', width: 170,
      render: (_: unknown, d: DeviceView) => (RECORDING_DEVICE_KINDS.includes(d.kind)
        ? d.retentionDays === null ? <Tag>未核实</Tag> : <span>{d.retentionDays}天（{d.retentionVerifiedOn}）</span> : '—'),
    }] : []),
    { title: '状态', dataIndex: 'inService', width: 80, render: (v: boolean) => (v ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>) },
    ...(canWrite ? [{
      title: '操作', key: 'ops', width: 150,
      render: (_: unknown, d: DeviceView) => (
        <RowActions name={d.name} testid={`${testid}-row`} onEdit={() => setEditing(d)} onDelete={() => remove('devices', d.id, d.version)} />
      ),
    }] : []),
  ];
  const initial: Partial<DeviceForm> = editing === 'new' || !editing ? { kind: kinds[0], inService: true } : {
    kind: editing.kind, name: editing.name, model: editing.model ?? undefined, locationKind: editing.locationKind ?? undefined,
    room: editing.room ?? undefined, retentionDays: editing.retentionDays ?? undefined,
    retentionVerifiedOn: editing.retentionVerifiedOn ? dayjs(editing.retentionVerifiedOn) : undefined, inService: editing.inService,
    note: editing.note ?? undefined,
  };
  const toBody = (v: DeviceForm) => {
    const body: Record<string, unknown> = nullify({ ...v, retentionVerifiedOn: v.retentionVerifiedOn ? v.retentionVerifiedOn.format('YYYY-MM-DD') : undefined });
    if (!locationKindsFor(v.kind).length) body.locationKind = null;
    if (!RECORDING_DEVICE_KINDS.includes(v.kind)) Object.assign(body, { retentionDays: null, retentionVerifiedOn: null });
    return body;
  };
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}
      extra={<AddButton label="登记设备" testid={`${testid}-add`} canWrite={canWrite} onClick={() => setEditing('new')} />}>
      <Table<DeviceView> rowKey="id" size="small" columns={columns} dataSource={list} pagination={false} data-testid={testid}
        locale={{ emptyText: <Empty description={emptyText} /> }} />
      {editing ? (
        <RecordFormModal<DeviceForm>
          title={editing === 'new' ? '登记设备' : `修改设备：${editing.name}`} testid={`${testid}-device`} initial={initial}
          submit={(v) => editing === 'new' ? infrastructureApi.create(unitId, 'devices', toBody(v))
            : infrastructureApi.update('devices', editing.id, { ...toBody(v), version: editing.version })}
          onClose={() => setEditing(null)} onDone={() => { setEditing(null); changed(); }}
        >
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]} hidden={kinds.length === 1}>
            <Select options={kinds.map((k) => ({ value: k, label: INFRA_DEVICE_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {({ getFieldValue }) => {
              const kind = getFieldValue('kind') as InfraDeviceKind;
              const places = locationKindsFor(kind);
              return (
                <>
                  {places.length ? (
                    <Form.Item name="locationKind" label="部位" rules={[{ required: true, message: '请选择部位' }]}>
                      <Select options={places.map((l) => ({ value: l, label: INFRA_LOCATION_LABELS[l] }))} data-testid={`${testid}-location`} />
                    </Form.Item>
                  ) : null}
                  {RECORDING_DEVICE_KINDS.includes(kind) ? (
                    <Space align="start">
                      <Form.Item name="retentionDays" label="核实的录像保存天数"
                        extra={kind === 'camera' ? `须不少于${INFRA_DEFAULTS.cameraRetentionDays}天` : `须不少于${INFRA_DEFAULTS.businessRoomRetentionDays}天`}>
                        <InputNumber min={0} max={3650} precision={0} data-testid={`${testid}-retention`} />
                      </Form.Item>
                      <Form.Item name="retentionVerifiedOn" label="核实日期" extra="调阅最早一段录像的日期">
                        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid={`${testid}-verified`} />
                      </Form.Item>
                    </Space>
                  ) : null}
                </>
              );
            }}
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写设备名称' }]}>
            <Input maxLength={40} placeholder="如：大门出入口枪机" data-testid={`${testid}-name`} />
          </Form.Item>
          <Form.Item name="model" label="型号"><Input maxLength={40} /></Form.Item>
          <Form.Item name="room" label="具体位置"><Input maxLength={60} placeholder="如：一楼东侧门厅" /></Form.Item>
          <Form.Item name="inService" label="在用" valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="note" label="备注"><Input maxLength={200} /></Form.Item>
        </RecordFormModal>
      ) : null}
    </Card>
  );
}

// ---- 勤务指挥室 --------------------------------------------------------------------------------------------------

interface RoomForm { mode: CommandRoomMode; sharedWith?: string; location: string; areaM2?: number; note?: string }

function CommandSection(props: SectionProps) {
  const { unitId, registry, canWrite, changed, remove } = props;
  const [editing, setEditing] = useState<RoomView | 'new' | null>(null);
  const room = registry.room;
  return (
    <>
      <Card size="small" title="勤务指挥室" style={{ marginBottom: 16 }} data-testid="infra-room"
        extra={canWrite ? (room ? (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(room)} data-testid="infra-room-edit">编辑</Button>
            <Popconfirm title="删除勤务指挥室登记？" description="设备登记保留" okText="删除" okButtonProps={{ danger: true }} cancelText="取消"
              onConfirm={() => remove('command-room', room.id, room.version)}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="infra-room-delete">删除</Button>
            </Popconfirm>
          </Space>
        ) : <AddButton label="登记勤务指挥室" testid="infra-room-add" canWrite onClick={() => setEditing('new')} />) : null}>
        {room ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="建设方式">{room.modeLabel}{room.sharedWith ? `（与${room.sharedWith}共享）` : ''}</Descriptions.Item>
            <Descriptions.Item label="位置">{room.location}</Descriptions.Item>
            <Descriptions.Item label="面积">{room.areaM2 ? `${room.areaM2} 平方米` : '—'}</Descriptions.Item>
            <Descriptions.Item label="备注">{dash(room.note)}</Descriptions.Item>
          </Descriptions>
        ) : <Empty description="尚未登记勤务指挥室（可自建，或与其他单位共享）" />}
      </Card>
      <DeviceTable {...props} devices={registry.devices} kinds={['display', 'dispatch']} title="显示设备与指挥调度设备" testid="infra-command-devices"
        emptyText="尚未登记显示设备或指挥调度设备" />
      {editing ? (
        <RecordFormModal<RoomForm>
          title={editing === 'new' ? '登记勤务指挥室' : '修改勤务指挥室'} testid="infra-room"
          initial={editing === 'new' ? { mode: 'own' } : {
            mode: editing.mode, sharedWith: editing.sharedWith ?? undefined, location: editing.location, areaM2: editing.areaM2 ?? undefined,
            note: editing.note ?? undefined,
          }}
          submit={(v) => {
            const body = nullify({ ...v, sharedWith: v.mode === 'shared' ? v.sharedWith : undefined });
            return editing === 'new' ? infrastructureApi.create(unitId, 'command-room', body)
              : infrastructureApi.update('command-room', editing.id, { ...body, version: editing.version });
          }}
          onClose={() => setEditing(null)} onDone={() => { setEditing(null); changed(); }}
        >
          <Form.Item name="mode" label="建设方式" rules={[{ required: true, message: '请选择建设方式' }]}>
            <Radio.Group optionType="button" options={(['own', 'shared'] as const).map((m) => ({ value: m, label: COMMAND_ROOM_MODE_LABELS[m] }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.mode !== b.mode}>
            {({ getFieldValue }) => (getFieldValue('mode') === 'shared' ? (
              <Form.Item name="sharedWith" label="共享单位" rules={[{ required: true, whitespace: true, message: '请填写共享单位' }]}>
                <Input maxLength={60} placeholder="如：街道城运中心" data-testid="infra-room-shared-with" />
              </Form.Item>
            ) : null)}
          </Form.Item>
          <Form.Item name="location" label="位置" rules={[{ required: true, whitespace: true, message: '请填写位置' }]}>
            <Input maxLength={100} placeholder="如：办公楼二楼203室" data-testid="infra-room-location" />
          </Form.Item>
          <Form.Item name="areaM2" label="面积（平方米）"><InputNumber min={1} max={100000} /></Form.Item>
          <Form.Item name="note" label="备注"><Input maxLength={200} /></Form.Item>
        </RecordFormModal>
      ) : null}
    </>
  );
}

// ---- 视频会议 -----------------------------------------------------------------------------------------------------

interface CallForm { at: Dayjs; success: boolean; counterpart?: string; note?: string }

function VideoSection(props: SectionProps) {
  const { unitId, registry, canWrite, changed, remove } = props;
  const [editing, setEditing] = useState<TestCallView | 'new' | null>(null);
  const columns: TableColumnsType<TestCallView> = [
    { title: '时间', dataIndex: 'at', width: 160, render: fmtDateTime },
    { title: '结果', dataIndex: 'success', width: 90, render: (v: boolean) => (v ? <Tag color="green">成功</Tag> : <Tag color="red">未成功</Tag>) },
    { title: '区局通话对方', dataIndex: 'counterpart', render: dash },
    { title: '备注', dataIndex: 'note', render: dash },
    { title: '登记人', dataIndex: 'createdByName', width: 160 },
    ...(canWrite ? [{
      title: '操作', key: 'ops', width: 150,
      render: (_: unknown, c: TestCallView) => (
        <RowActions name={`${fmtDateTime(c.at)}的测试通话`} testid="infra-call" onEdit={() => setEditing(c)} onDelete={() => remove('test-calls', c.id, c.version)} />
      ),
    }] : []),
  ];
  return (
    <>
      <DeviceTable {...props} devices={registry.devices} kinds={['video_conference']} title="视频会议终端" testid="infra-vc-devices"
        emptyText="尚未登记视频会议终端" />
      <Card size="small" title="与区局指挥中心的视频通话测试"
        extra={<AddButton label="登记测试通话" testid="infra-call-add" canWrite={canWrite} onClick={() => setEditing('new')} />}>
        <Table<TestCallView> rowKey="id" size="small" columns={columns} dataSource={registry.testCalls} pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="infra-calls" locale={{ emptyText: <Empty description="尚无测试通话记录" /> }} />
      </Card>
      {editing ? (
        <RecordFormModal<CallForm>
          title={editing === 'new' ? '登记测试通话' : '修改测试通话'} testid="infra-call"
          initial={editing === 'new' ? { at: dayjs().second(0), success: true }
            : { at: dayjs(editing.at), success: editing.success, counterpart: editing.counterpart ?? undefined, note: editing.note ?? undefined }}
          submit={(v) => {
            const body = nullify({ ...v, at: v.at.toISOString() });
            return editing === 'new' ? infrastructureApi.create(unitId, 'test-calls', body)
              : infrastructureApi.update('test-calls', editing.id, { ...body, version: editing.version });
          }}
          onClose={() => setEditing(null)} onDone={() => { setEditing(null); changed(); }}
        >
          <Form.Item name="at" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="infra-call-at" />
          </Form.Item>
          <Form.Item name="success" label="结果" rules={[{ required: true, message: '请选择结果' }]}>
            <Radio.Group optionType="button" options={[{ value: true, label: '通话成功' }, { value: false, label: '未成功' }]} />
          </Form.Item>
          <Form.Item name="counterpart" label="区局通话对方"><Input maxLength={40} placeholder="如：区局指挥中心值班员" /></Form.Item>
          <Form.Item name="note" label="备注"><Input maxLength={200} placeholder="如：音视频清晰" /></Form.Item>
        </RecordFormModal>
      ) : null}
    </>
  );
}

// ---- 机房 --------------------------------------------------------------------------------------------------------

interface LogForm { at: Dayjs; kind: MachineRoomLogKind; text: string }

function MachineRoomSection({ unitId, registry, canWrite, changed, remove }: SectionProps) {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<LogView | 'new' | null>(null);
  const logs = useRequest((signal) => infrastructureApi.logs(unitId, { page, pageSize: LOG_PAGE_SIZE }, signal), [unitId, page, registry]);
  const docs = [registry.documents.machineRoomRules, registry.documents.equipmentRules] as const;
  const columns: TableColumnsType<LogView> = [
    { title: '时间', dataIndex: 'at', width: 160, render: fmtDateTime },
    { title: '类型', dataIndex: 'kindLabel', width: 80, render: (v: string, l: LogView) => <Tag color={l.kind === 'fault' ? 'red' : l.kind === 'maintenance' ? 'blue' : 'default'}>{v}</Tag> },
    { title: '内容', dataIndex: 'text' },
    { title: '记录人', dataIndex: 'createdByName', width: 160 },
    ...(canWrite ? [{
      title: '操作', key: 'ops', width: 150,
      render: (_: unknown, l: LogView) => (
        <RowActions name={`${fmtDateTime(l.at)}的记录`} testid="infra-log" onEdit={() => setEditing(l)} onDelete={() => remove('machine-room-logs', l.id, l.version)} />
      ),
    }] : []),
  ];
  return (
    <>
      <Card size="small" title="制度文件" style={{ marginBottom: 16 }} data-testid="infra-documents"
        extra={<Link to={`/equipment/documents?unitId=${unitId}`} data-testid="infra-documents-link">查看或上传制度文件</Link>}>
        <Descriptions size="small" column={1}>
          {(['机房管理制度', '装备使用、维护、管理制度'] as const).map((label, i) => {
            const d = docs[i];
            return (
              <Descriptions.Item key={label} label={label}>
                {d ? <span>{d.title}（第{d.version}版，{fmtDate(d.uploadedAt)} {d.uploadedByName}上传）</span>
                  : <Typography.Text type="warning">未上传</Typography.Text>}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      </Card>
      <Card size="small" title="机房记录（值守、维护、故障）"
        extra={<AddButton label="添加记录" testid="infra-log-add" canWrite={canWrite} onClick={() => setEditing('new')} />}>
        {logs.error ? <LoadError error={logs.error} onRetry={logs.reload} /> : null}
        <Table<LogView> rowKey="id" size="small" columns={columns} dataSource={logs.data?.items ?? []} loading={logs.loading} data-testid="infra-logs"
          locale={{ emptyText: <Empty description="尚无机房记录，每月至少填写一条" /> }}
          pagination={{ current: page, pageSize: LOG_PAGE_SIZE, total: logs.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条`, hideOnSinglePage: true }} />
      </Card>
      {editing ? (
        <RecordFormModal<LogForm>
          title={editing === 'new' ? '添加机房记录' : '修改机房记录'} testid="infra-log"
          initial={editing === 'new' ? { at: dayjs().second(0), kind: 'watch' } : { at: dayjs(editing.at), kind: editing.kind, text: editing.text }}
          submit={(v) => {
            const body = { ...v, at: v.at.toISOString() };
            return editing === 'new' ? infrastructureApi.create(unitId, 'machine-room-logs', body)
              : infrastructureApi.update('machine-room-logs', editing.id, { ...body, version: editing.version });
          }}
          onClose={() => setEditing(null)} onDone={() => { setEditing(null); changed(); }}
        >
          <Form.Item name="at" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="infra-log-at" />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Radio.Group optionType="button" options={MACHINE_ROOM_LOG_KINDS.map((k) => ({ value: k, label: MACHINE_ROOM_LOG_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="text" label="内容" rules={[{ required: true, whitespace: true, message: '请填写记录内容' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：机房巡检，温湿度正常，UPS 市电供电" data-testid="infra-log-text" />
          </Form.Item>
        </RecordFormModal>
      ) : null}
    </>
  );
}

// ---- 内部监控与业务用房录像 -------------------------------------------------------------------------------------------

function MonitoringSection(props: SectionProps) {
  const { registry } = props;
  const cameraPlaces = CAMERA_LOCATION_KINDS.map((k) => INFRA_LOCATION_LABELS[k]).join('、');
  const rooms = BUSINESS_ROOM_KINDS.map((k) => INFRA_LOCATION_LABELS[k]).join('、');
  return (
    <>
      <Typography.Paragraph type="secondary">
        视频资源模块上线前，摄像机与录像保存天数按现场核实的情况在此登记。{cameraPlaces}须配置内部监控，录像保存不少于{INFRA_DEFAULTS.cameraRetentionDays}天；
        {rooms}须配置高清同步录音录像设备和联网门禁，录音录像保存不少于{INFRA_DEFAULTS.businessRoomRetentionDays}天。
      </Typography.Paragraph>
      <DeviceTable {...props} devices={registry.devices} kinds={['camera']} title="内部监控摄像机" testid="infra-cameras" emptyText="尚未登记内部监控摄像机" />
      <DeviceTable {...props} devices={registry.devices} kinds={['av_recorder', 'access_control']} title="重要业务用房：高清录音录像与联网门禁"
        testid="infra-room-devices" emptyText="尚未登记业务用房的录音录像设备或门禁" />
    </>
  );
}

// ---- page --------------------------------------------------------------------------------------------------------

export default function InfrastructurePage() {
  const me = useMe();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { index } = useUnitTree();
  const [params, setParams] = useSearchParams();
  const ownSquadron = SQUADRON_KINDS.includes(me.unit.kind) ? me.unit.id : undefined;
  const unitId = params.get('unitId') ?? ownSquadron;
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'network';
  const [year, setYear] = useState(thisYear);
  const canWrite = can('infra.write');

  const registry = useRequest((signal) => infrastructureApi.registry(unitId!, signal), [unitId], !!unitId);
  const period = useMemo(() => ({ from: `${year}-01-01`, to: year === thisYear ? dayjs().format('YYYY-MM-DD') : `${year}-12-31` }), [year]);
  const indicators = useRequest((signal) => infrastructureApi.indicators(unitId!, period, signal), [unitId, period], !!unitId);

  const setParam = (key: string, value: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    }, { replace: true });

  const changed = () => {
    registry.reload();
    indicators.reload();
  };
  const remove = async (path: InfraRecordPath, id: string, version: number) => {
    try {
      await infrastructureApi.remove(path, id, version);
      message.success('已删除');
      changed();
    } catch (e) {
      message.error(errorMessage(e, '删除失败'));
      changed();
    }
  };

  const unitName = unitId ? index.byId.get(unitId)?.name ?? registry.data?.unit.name ?? '所选中队' : null;
  const list: InfraIndicator[] | undefined = indicators.data?.indicators;
  const gapCount = list?.reduce((n, i) => n + i.gaps.length, 0);
  const data = registry.data;
  const section = (key: TabKey) => {
    if (!data || !unitId) return null;
    const props: SectionProps = { unitId, registry: data, canWrite, changed, remove };
    return (
      <>
        <IndicatorSummary indicators={list} ids={SECTION_INDICATORS[key]} loading={indicators.loading} />
        {key === 'network' ? <NetworkSection {...props} /> : null}
        {key === 'command' ? <CommandSection {...props} /> : null}
        {key === 'video' ? <VideoSection {...props} /> : null}
        {key === 'machine-room' ? <MachineRoomSection {...props} /> : null}
        {key === 'monitoring' ? <MonitoringSection {...props} /> : null}
      </>
    );
  };

  return (
    <>
      <PageHeader
        title={<><CloudServerOutlined /> 基础设施登记</>}
        subTitle={unitName ? `${unitName}的网络、勤务指挥室、视频会议、机房与内部监控${gapCount ? `，考核差距 ${gapCount} 项` : ''}` : '按中队登记'}
        extra={
          <>
            <UnitTreeSelect value={unitId} onChange={(id) => setParam('unitId', id)} selectableKinds={SQUADRON_KINDS} allowClear={false}
              placeholder="选择中队" style={{ minWidth: 260 }} aria-label="中队" data-testid="infra-unit" />
            <Select value={year} onChange={setYear} style={{ width: 130 }} aria-label="考核年度" data-testid="infra-year"
              options={YEARS.map((y) => ({ value: y, label: `${y}年度考核` }))} />
          </>
        }
      />
      {!unitId ? <Empty description="请选择一个中队查看其基础设施登记" data-testid="infra-pick-unit" /> : null}
      {registry.error ? <LoadError error={registry.error} onRetry={registry.reload} /> : null}
      {indicators.error ? <LoadError title="考核指标加载失败" error={indicators.error} onRetry={indicators.reload} /> : null}
      {unitId && !registry.error ? (
        <Card loading={registry.loading && !data} data-testid="infra-page">
          <Tabs
            activeKey={tab} onChange={(k) => setParam('tab', k === 'network' ? undefined : k)}
            items={[
              { key: 'network', label: '网络链路', children: section('network') },
              { key: 'command', label: '勤务指挥室与设备', children: section('command') },
              { key: 'video', label: '视频会议', children: section('video') },
              { key: 'machine-room', label: '机房', children: section('machine-room') },
              { key: 'monitoring', label: '内部监控与业务用房录像', children: section('monitoring') },
            ].map((t) => ({ ...t, label: <span data-testid={`infra-tab-${t.key}`}>{t.label}</span> }))}
          />
        </Card>
      ) : null}
    </>
  );
}
