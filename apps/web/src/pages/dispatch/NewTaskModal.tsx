// 新建调度任务: title, urgency and the kind of unit wanted; the place is picked on the map or found by address (offline
// 地址定位 gives a jurisdiction centre, refined by a click). The squadron is derived from the point by the server.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, List, Modal, Radio, Skeleton, Typography } from 'antd';
import { isApiError } from '../../api/client';
import { dispatchApi } from '../../api/endpoints';
import type { DispatchTaskDetail, DispatchTaskInput, GeocodeHit, JurisdictionCollection } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { applyServerErrors } from '../../lib/form-errors';

const JurisdictionMap = lazy(() => import('../../components/JurisdictionMap'));

interface FormValues {
  title: string;
  description?: string;
  priority: 'urgent' | 'normal';
  wantedType: 'any' | 'vehicle' | 'person';
  address?: string;
}

export function NewTaskModal({ open, onClose, onCreated, jurisdictions }: {
  open: boolean;
  onClose: () => void;
  onCreated: (task: DispatchTaskDetail) => void;
  jurisdictions: JurisdictionCollection | undefined;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const [hits, setHits] = useState<GeocodeHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [saving, setSaving] = useState(false);
  const [pointError, setPointError] = useState<string | null>(null);
  const marker = useMemo<[number, number] | null>(() => (point ? [point.lon, point.lat] : null), [point]);

  const search = async (q: string) => {
    if (q.trim().length < 2) { message.warning('地址至少2个字'); return; }
    setSearching(true);
    try {
      const res = await dispatchApi.geocode(q.trim());
      setHits(res.items);
      if (res.items.length === 1) setPoint({ lon: res.items[0].lon, lat: res.items[0].lat });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSearching(false);
    }
  };

  const submit = async () => {
    const values = await form.validateFields();
    if (!point) { setPointError('请在地图上点选任务位置，或按地址定位'); return; }
    setSaving(true);
    try {
      const input: DispatchTaskInput = { ...values, lat: point.lat, lon: point.lon };
      const task = await dispatchApi.create(input);
      message.success(`已新建调度任务 ${task.code}（${task.unitName}）`);
      form.resetFields();
      setPoint(null);
      setHits(null);
      onCreated(task);
    } catch (e) {
      // A point outside every jurisdiction (or outside the user's) comes back on lat/lon, which are not form fields.
      const pointProblem = isApiError(e) ? e.details.find((d) => d.field === 'lat' || d.field === 'lon') : undefined;
      if (pointProblem) setPointError(pointProblem.message);
      else {
        const { message: text, unmatched } = applyServerErrors(form, e);
        message.error(unmatched.length ? unmatched.join('；') : text);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="新建调度任务" open={open} onCancel={onClose} onOk={submit} okText="新建" confirmLoading={saving}
      width={900} destroyOnHidden
    >
      <Flex gap={16} wrap>
        <Form form={form} layout="vertical" style={{ flex: '1 1 300px', minWidth: 280 }}
          initialValues={{ priority: 'normal', wantedType: 'any' }}>
          <Form.Item name="title" label="任务名称" rules={[{ required: true, message: '请填写任务名称' }, { min: 2, max: 60, message: '任务名称2～60个字' }]}>
            <Input placeholder="如：占道经营、夜间施工噪声" maxLength={60} />
          </Form.Item>
          <Form.Item name="description" label="任务说明">
            <Input.TextArea rows={3} maxLength={500} placeholder="现场情况、联系人等" />
          </Form.Item>
          <Form.Item name="priority" label="紧急程度">
            <Radio.Group optionType="button" options={[{ value: 'normal', label: '一般' }, { value: 'urgent', label: '紧急' }]} />
          </Form.Item>
          <Form.Item name="wantedType" label="需要的力量">
            <Radio.Group optionType="button" options={[{ value: 'any', label: '不限' }, { value: 'vehicle', label: '车辆' }, { value: 'person', label: '人员' }]} />
          </Form.Item>
          <Form.Item name="address" label="地址" extra="输入地址后点“定位”，再在地图上点选准确位置">
            <Input.Search placeholder="如：南京东路步行街" enterButton="定位" loading={searching} maxLength={200} onSearch={search} />
          </Form.Item>
          {hits && hits.length === 0 ? <Alert type="info" showIcon title="未找到匹配的单位或地址，请直接在地图上点选" /> : null}
          {hits && hits.length > 1 ? (
            <List size="small" bordered dataSource={hits} style={{ maxHeight: 160, overflow: 'auto' }}
              renderItem={(h) => (
                <List.Item onClick={() => { setPoint({ lon: h.lon, lat: h.lat }); setPointError(null); }} style={{ cursor: 'pointer' }}>
                  <Typography.Text>{h.label}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.precision}</Typography.Text>
                </List.Item>
              )} />
          ) : null}
        </Form>
        <div style={{ flex: '1 1 420px', minWidth: 300 }}>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 360 }} />}>
            <JurisdictionMap
              collection={jurisdictions} mode="locate" marker={marker} zoomToMarker
              onPick={(lon, lat) => { setPoint({ lon, lat }); setPointError(null); }}
            />
          </Suspense>
          <Typography.Text type={pointError ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="task-point">
            {pointError ?? (point ? `任务位置：${point.lon.toFixed(5)}, ${point.lat.toFixed(5)}（点击地图可调整）` : '点击地图选择任务位置')}
          </Typography.Text>
          {point ? (
            <Button size="small" type="link" onClick={() => setPoint(null)}>清除位置</Button>
          ) : null}
        </div>
      </Flex>
    </Modal>
  );
}
