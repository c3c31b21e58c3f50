// 勤务日志 on the phone: today's entries (the server's, and those still on the phone as 待同步) and the form to write one
// with photos and the phone's position. Written entries go through the offline queue like the 诉件 steps, so the form
// works in a dead zone; the photos follow once the entry has its id on the server.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Image, Input, Select, Tag, Typography } from 'antd';
import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { MAX_PHOTOS_PER_LOG_ENTRY } from '@cg/domain';
import { LoadError } from '../../components/LoadError';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { currentShiftId, type FieldLogEntry, type FieldLogPhoto } from './field-model';
import type { FieldStore } from './field-store';
import { PhotoPicker, usePickedPhotos } from './PhotoPicker';
import { useGeoFix } from './use-geo-fix';

interface LogForm {
  text: string;
  shiftId?: string | null;
}

function LogPhoto({ p, store }: { p: FieldLogPhoto; store: FieldStore }) {
  const src = p.url ?? (p.entryId ? store.photoUrl(p.entryId) : null);
  return (
    <div data-testid="duty-log-thumb" data-pending={p.entryId ? 'true' : 'false'} style={{ position: 'relative', width: 72 }}>
      {src ? <Image src={src} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} alt="日志照片" />
        : <div style={{ width: 72, height: 72, background: '#f0f0f0', borderRadius: 6 }} />}
      {p.entryId ? <Tag color="gold" style={{ position: 'absolute', left: 2, top: 2, margin: 0, fontSize: 11 }}>待上传</Tag> : null}
    </div>
  );
}

function LogEntryCard({ e, store }: { e: FieldLogEntry; store: FieldStore }) {
  return (
    <Card size="small" data-testid={e.local ? 'duty-log-entry-local' : `duty-log-entry-${e.id}`} data-pending={e.pending > 0 ? 'true' : 'false'}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmtDateTime(e.at)}{e.shiftName ? ` · ${e.shiftName}` : ''}
          </Typography.Text>
          {e.local ? <Tag color="gold" data-testid="duty-log-pending">待同步</Tag>
            : e.pending > 0 ? <Tag color="gold" data-testid="duty-log-pending">照片待同步</Tag> : <Tag color="green">已同步</Tag>}
        </Flex>
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="duty-log-entry-text">{e.text}</Typography.Paragraph>
        {e.lat !== null && e.lon !== null ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}><EnvironmentOutlined /> {e.lon.toFixed(5)}, {e.lat.toFixed(5)}</Typography.Text>
        ) : null}
        {e.photos.length > 0 ? (
          <Image.PreviewGroup>
            <Flex wrap gap={6}>{e.photos.map((p) => <LogPhoto key={p.key} p={p} store={store} />)}</Flex>
          </Image.PreviewGroup>
        ) : null}
      </Flex>
    </Card>
  );
}

export function FieldDutyLog({ store }: { store: FieldStore }) {
  const { message } = App.useApp();
  const geo = useGeoFix();
  const [form] = Form.useForm<LogForm>();
  const picked = usePickedPhotos(MAX_PHOTOS_PER_LOG_ENTRY);
  const { photos, preparing } = picked;
  const [busy, setBusy] = useState(false);

  const shifts = store.today?.shifts;
  const options = useMemo(() => (shifts ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.timeLabel}）` })), [shifts]);
  // Default to the shift running now, once the shifts are known (and only if the officer has not chosen).
  const defaultShift = useMemo(() => currentShiftId(shifts ?? []), [shifts]);
  const touchedShift = useRef(false);
  useEffect(() => {
    if (!touchedShift.current) form.setFieldValue('shiftId', defaultShift ?? undefined);
  }, [defaultShift, form]);

  const entries = store.logEntries();

  const submit = async () => {
    let values: LogForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await store.writeLog({ text: values.text, shiftId: values.shiftId ?? null }, photos.map((p) => ({ blob: p.blob, name: p.name })));
      message.success(store.queueState.online ? '勤务日志已提交' : '已保存在手机上，恢复网络后自动提交');
      picked.clear();
      form.setFieldValue('text', '');
    } catch (e) {
      message.error(errorMessage(e, '保存失败，请重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="duty-log">
      <Card size="small" title="写勤务日志">
        <Form form={form} layout="vertical" requiredMark={false} data-testid="duty-log-form"
          onValuesChange={(changed: Partial<LogForm>) => { if ('shiftId' in changed) touchedShift.current = true; }}>
          <Form.Item name="text" label="日志内容"
            rules={[{ required: true, whitespace: true, message: '请填写日志内容' }, { min: 2, message: '日志内容至少2个字' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：10:20 步行街东口劝离流动摊贩3处，现场已恢复" data-testid="duty-log-text" />
          </Form.Item>
          <Form.Item name="shiftId" label="关联班次"
            extra={!shifts ? (store.queueState.online ? '正在加载今日班次…' : '今日班次尚未保存到手机，可不关联') : shifts.length === 0 ? '今天没有排班，日志不关联班次' : undefined}>
            <Select allowClear options={options} placeholder="不关联班次" data-testid="duty-log-shift" disabled={options.length === 0} />
          </Form.Item>
          <Form.Item label="位置">
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text data-testid="duty-log-position" type={geo.fix ? undefined : 'secondary'}>
                {geo.fix ? `${geo.fix.lon.toFixed(6)}, ${geo.fix.lat.toFixed(6)}（精度约${geo.fix.accuracyM}米）`
                  : geo.locating ? '正在定位…' : geo.error ?? '尚未定位（不带位置也可提交）'}
              </Typography.Text>
              <Button icon={<AimOutlined />} loading={geo.locating} onClick={geo.relocate}>重新定位</Button>
            </Flex>
          </Form.Item>
          <Form.Item label={`照片（${photos.length}/${MAX_PHOTOS_PER_LOG_ENTRY}，可选）`}>
            <PhotoPicker picked={picked} size={80} alt="日志照片" inputLabel="拍摄日志照片" itemTestId="duty-log-picked" inputTestId="duty-log-photo" />
          </Form.Item>
          <Button type="primary" size="large" block loading={busy} disabled={preparing} onClick={() => void submit()} data-testid="duty-log-submit">
            提交日志
          </Button>
        </Form>
      </Card>

      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>今日日志{entries.length ? `（${entries.length}）` : ''}</Typography.Title>
        {store.today ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{store.today.date}</Typography.Text> : null}
      </Flex>
      {store.todayError && !store.today ? (
        store.queueState.online ? <LoadError error={store.todayError} onRetry={() => void store.refreshToday()} />
          : <Alert type="info" showIcon title="离线：今日日志尚未保存到手机，恢复网络后显示" />
      ) : null}
      {store.today && entries.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="今天还没有勤务日志" /> : null}
      <Flex vertical gap={8} data-testid="duty-log-list">
        {entries.map((e) => <LogEntryCard key={e.id} e={e} store={store} />)}
      </Flex>
    </Flex>
  );
}
