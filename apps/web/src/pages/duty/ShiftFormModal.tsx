// 班次表单: name (with the usual 早班/中班/晚班/夜班), time on the plan's date (the end may pass midnight, at most 24 h),
// patrol area (the squadron's jurisdiction, or a polygon drawn on the map), officers on duty with one 带班, vehicles of
// the squadron and a note. The server judges double booking and leave (409); its message is shown in the modal.
import { useMemo, useState } from 'react';
import { Alert, Button, Col, Flex, Form, Input, Modal, Radio, Row, Select, Space, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { MAX_SHIFT_HOURS, plusDays, shanghaiClock } from '@cg/domain';
import { dutyApi, type PlanDetail, type ShiftInput, type ShiftView } from '../../api/duty';
import { equipmentApi, officersApi } from '../../api/endpoints';
import { errorMessage } from '../../lib/errors';
import { useRequest } from '../../lib/use-request';
import AreaDrawMap from './AreaDrawMap';

type Point = [number, number];

/** Usual shifts: the name and the times it is usually worked. */
const QUICK_SHIFTS: { name: string; start: string; end: string }[] = [
  { name: '早班', start: '08:00', end: '16:00' },
  { name: '中班', start: '16:00', end: '24:00' },
  { name: '晚班', start: '18:00', end: '22:00' },
  { name: '夜班', start: '22:00', end: '06:00' },
];
/** Vehicles in these states are not sent out (the server refuses them too). */
const UNAVAILABLE_VEHICLE = ['维修', '报废', '遗失'];

const clock = (hhmm: string) => dayjs(`2000-01-01T${hhmm === '24:00' ? '00:00' : hhmm}:00`);
const minutesOf = (d: Dayjs) => d.hour() * 60 + d.minute();

/** Start and end on the plan's date in Shanghai time; an end at or before the start is on the next day. */
function spanOf(planDate: string, start: Dayjs, end: Dayjs): { startsAt: string; endsAt: string; nextDay: boolean } {
  const nextDay = minutesOf(end) <= minutesOf(start);
  return {
    startsAt: `${planDate}T${start.format('HH:mm')}:00+08:00`,
    endsAt: `${nextDay ? plusDays(planDate, 1) : planDate}T${end.format('HH:mm')}:00+08:00`,
    nextDay,
  };
}

/** A stored ring is closed (last = first); the drawing keeps the vertices open. */
function openRing(ring: Point[] | null): Point[] {
  if (!ring || ring.length === 0) return [];
  const [first, last] = [ring[0], ring[ring.length - 1]];
  return first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
}

interface FormValues {
  name: string;
  start: Dayjs;
  end: Dayjs;
  areaMode: 'jurisdiction' | 'custom';
  areaName?: string;
  memberIds: string[];
  leaderId?: string;
  vehicleIds: string[];
  note?: string;
}

export interface ShiftFormModalProps {
  open: boolean;
  /** The plan's squadron and date. */
  planId: string;
  unitId: string;
  planDate: string;
  /** null: a new shift. */
  shift: ShiftView | null;
  onClose: () => void;
  onSaved: (plan: PlanDetail) => void;
}

export default function ShiftFormModal({ open, shift, planDate, onClose, ...rest }: ShiftFormModalProps) {
  // The body mounts afresh on each opening (destroyOnHidden), so it starts from the shift's values.
  return (
    <Modal open={open} title={shift ? `编辑班次“${shift.name}”` : `新增班次（${planDate}）`} width={760} footer={null} destroyOnHidden
      maskClosable={false} onCancel={onClose}>
      <ShiftForm shift={shift} planDate={planDate} onClose={onClose} {...rest} />
    </Modal>
  );
}

function initialValues(shift: ShiftView | null): FormValues {
  return shift ? {
    name: shift.name, start: clock(shanghaiClock(shift.startsAt)), end: clock(shanghaiClock(shift.endsAt)),
    areaMode: shift.area ? 'custom' : 'jurisdiction', areaName: shift.areaName ?? undefined,
    memberIds: shift.members.map((m) => m.officerId), leaderId: shift.members.find((m) => m.role === 'leader')?.officerId,
    vehicleIds: shift.vehicles.map((v) => v.vehicleId), note: shift.note ?? undefined,
  } : { name: '', start: clock('08:00'), end: clock('16:00'), areaMode: 'jurisdiction', memberIds: [], vehicleIds: [] };
}

function ShiftForm({ planId, unitId, planDate, shift, onClose, onSaved }: Omit<ShiftFormModalProps, 'open'>) {
  const [form] = Form.useForm<FormValues>();
  const [initial] = useState(() => initialValues(shift));
  const [points, setPoints] = useState<Point[]>(() => openRing(shift?.area ?? null));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const officers = useRequest((signal) => officersApi.list({ unitId, status: '在岗', pageSize: 200 }, signal), [unitId]);
  const vehicles = useRequest(async (signal) => {
    const categories = await equipmentApi.categories(signal);
    const vehicle = categories.find((c) => c.code === 'vehicle');
    if (!vehicle) return [];
    return (await equipmentApi.list({ unitId, categoryId: vehicle.id, pageSize: 200 }, signal)).items;
  }, [unitId]);

  // Officers now on the shift stay choosable even when no longer 在岗 (e.g. 借调).
  const memberOptions = useMemo(() => {
    const opts = (officers.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}${o.badgeNo ? `（${o.badgeNo}）` : ''}`, name: o.name }));
    for (const m of shift?.members ?? []) {
      if (!opts.some((o) => o.value === m.officerId)) opts.push({ value: m.officerId, label: `${m.name}${m.badgeNo ? `（${m.badgeNo}）` : ''}`, name: m.name });
    }
    return opts;
  }, [officers.data, shift]);
  const vehicleOptions = useMemo(() => {
    const opts = (vehicles.data ?? []).map((v) => {
      const plate = typeof v.attributes?.plate === 'string' && v.attributes.plate ? v.attributes.plate : null;
      const out = UNAVAILABLE_VEHICLE.includes(v.status);
      return { value: v.id, label: `${plate ?? v.assetTag}${plate ? `（${v.assetTag}）` : ''}${out ? `·${v.status}` : ''}`, disabled: out };
    });
    for (const v of shift?.vehicles ?? []) {
      if (!opts.some((o) => o.value === v.vehicleId)) opts.push({ value: v.vehicleId, label: v.plate ?? v.assetTag, disabled: false });
    }
    return opts;
  }, [vehicles.data, shift]);

  const memberIds = Form.useWatch('memberIds', form) ?? [];
  const areaMode = Form.useWatch('areaMode', form);
  const start = Form.useWatch('start', form);
  const end = Form.useWatch('end', form);
  const span = start && end ? spanOf(planDate, start, end) : null;
  const leaderOptions = memberOptions.filter((o) => memberIds.includes(o.value));

  const submit = async (v: FormValues) => {
    setError(null);
    if (v.areaMode === 'custom' && points.length < 3) {
      setError('自定巡查区域至少需要在地图上点3个顶点；或改选“中队辖区”');
      return;
    }
    const s = spanOf(planDate, v.start, v.end);
    const body: ShiftInput = {
      name: v.name.trim(), startsAt: s.startsAt, endsAt: s.endsAt,
      area: v.areaMode === 'custom' ? [...points, points[0]] : null,
      areaName: v.areaName?.trim() || null,
      // Not edited here: kept as it is.
      patrolRoute: shift?.patrolRoute ?? null,
      note: v.note?.trim() || null,
      members: v.memberIds.map((id) => ({ officerId: id, role: id === v.leaderId ? 'leader' : 'member' })),
      vehicleIds: v.vehicleIds,
    };
    setSaving(true);
    try {
      const plan = shift ? await dutyApi.updateShift(shift.id, body) : await dutyApi.addShift(planId, body);
      onSaved(plan);
    } catch (e) {
      setError(errorMessage(e, '保存失败'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="duty-shift-form">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="shift-form-error" closable onClose={() => setError(null)} /> : null}
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional"
        onValuesChange={(changed: Partial<FormValues>) => {
          // The 带班 must be one of the officers on the shift.
          if (changed.memberIds && !changed.memberIds.includes(form.getFieldValue('leaderId'))) form.setFieldValue('leaderId', undefined);
        }}>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item label="班次名称" required>
              <Form.Item name="name" noStyle rules={[{ required: true, whitespace: true, message: '请填写班次名称' }, { max: 20, message: '班次名称不能超过20个字符' }]}>
                <Input placeholder="如 早班" maxLength={20} data-testid="shift-name" />
              </Form.Item>
              <Space size={4} style={{ marginTop: 6 }} wrap>
                {QUICK_SHIFTS.map((q) => (
                  <Tag key={q.name} style={{ cursor: 'pointer' }} data-testid={`shift-quick-${q.name}`}
                    onClick={() => form.setFieldsValue({ name: q.name, start: clock(q.start), end: clock(q.end) })}>
                    {q.name} {q.start}–{q.end}
                  </Tag>
                ))}
              </Space>
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item label={`时间（${planDate}开始，最长${MAX_SHIFT_HOURS}小时）`} required
              extra={span?.nextDay ? `结束于次日 ${plusDays(planDate, 1)} ${end?.format('HH:mm') === '00:00' ? '00:00（即当日24:00）' : end?.format('HH:mm')}` : undefined}>
              <Space>
                <Form.Item name="start" noStyle rules={[{ required: true, message: '请选择开始时间' }]}>
                  <TimePicker format="HH:mm" minuteStep={5} allowClear={false} needConfirm={false} placeholder="开始" data-testid="shift-start" />
                </Form.Item>
                <span>至</span>
                <Form.Item name="end" noStyle rules={[{ required: true, message: '请选择结束时间' }]}>
                  <TimePicker format="HH:mm" minuteStep={5} allowClear={false} needConfirm={false} placeholder="结束" data-testid="shift-end" />
                </Form.Item>
                {span?.nextDay ? <Tag color="purple">次日</Tag> : null}
              </Space>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="areaMode" label="巡查区域" style={{ marginBottom: 8 }}>
          <Radio.Group optionType="button" data-testid="shift-area-mode" options={[
            { value: 'jurisdiction', label: '中队辖区' },
            { value: 'custom', label: '自定区域（在地图上画）' },
          ]} />
        </Form.Item>
        {areaMode === 'custom' ? (
          <div style={{ marginBottom: 12 }}>
            <AreaDrawMap unitId={unitId} value={points} onChange={setPoints} />
          </div>
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>签到位置按中队辖区判断。</Typography.Paragraph>
        )}
        <Form.Item name="areaName" label="区域名称">
          <Input placeholder="如 南京路步行街（选填）" maxLength={40} data-testid="shift-area-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="memberIds" label="人员（本中队在岗）">
              <Select mode="multiple" options={memberOptions} loading={officers.loading} placeholder="选择执法人员" optionFilterProp="label"
                notFoundContent={officers.error ? `人员加载失败：${errorMessage(officers.error)}` : '没有在岗人员'} data-testid="shift-members" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="leaderId" label="带班">
              <Select allowClear options={leaderOptions} placeholder={memberIds.length ? '选择带班人' : '先选人员'} disabled={!memberIds.length}
                data-testid="shift-leader" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="vehicleIds" label="车辆">
          <Select mode="multiple" options={vehicleOptions} loading={vehicles.loading} placeholder="选择执法车辆（选填）" optionFilterProp="label"
            notFoundContent={vehicles.error ? `车辆加载失败：${errorMessage(vehicles.error)}` : '本中队没有登记执法车辆'} data-testid="shift-vehicles" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="shift-note" />
        </Form.Item>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="shift-submit">保存</Button>
        </Flex>
      </Form>
    </div>
  );
}
