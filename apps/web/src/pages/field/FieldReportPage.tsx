// 上报诉件（巡查发现）on the phone (/field/complaints/new): what (小类), where (the phone's position, an address in
// words), a description and photos. Saved to the queue like every other step, so it works in a dead zone; the server
// routes it by jurisdiction and the reporter signs it at once; the photos follow once it has its number.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { AimOutlined, LeftOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { useFieldStore } from './field-store';
import { PhotoPicker, usePickedPhotos } from './PhotoPicker';
import { SyncBanner } from './SyncBanner';
import { useGeoFix } from './use-geo-fix';

interface ReportForm {
  categoryCode: string;
  description: string;
  address?: string;
}

const MAX_PHOTOS = 6;

export default function FieldReportPage() {
  const store = useFieldStore();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const geo = useGeoFix();
  const [form] = Form.useForm<ReportForm>();
  const picked = usePickedPhotos(MAX_PHOTOS);
  const { photos, preparing } = picked;
  const [busy, setBusy] = useState(false);

  // 小类 only, grouped under their 大类 (a complaint is filed under a 小类).
  const options = useMemo(() => (store.categories ?? []).filter((c) => c.active !== false).map((top) => ({
    label: top.name,
    title: top.name,
    options: (top.children ?? []).filter((c) => c.active !== false).map((c) => ({ value: c.code, label: c.name, full: `${top.name}／${c.name}` })),
  })).filter((g) => g.options.length > 0), [store.categories]);
  const fullName = (code: string) => options.flatMap((g) => g.options).find((o) => o.value === code)?.full ?? code;

  const submit = async () => {
    let values: ReportForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!geo.fix) {
      message.warning('尚未获取到当前位置，请稍候或点“重新定位”');
      return;
    }
    setBusy(true);
    try {
      const localId = await store.report(
        { categoryCode: values.categoryCode, description: values.description, address: values.address, lat: geo.fix.lat, lon: geo.fix.lon },
        fullName(values.categoryCode), photos.map((p) => ({ blob: p.blob, name: p.name })),
      );
      message.success(store.queueState.online ? '已提交上报' : '已保存，恢复网络后自动上报');
      navigate(`/field/complaints/${store.resolvedId(localId) ?? localId}`, { replace: true });
    } catch (e) {
      message.error(errorMessage(e, '保存失败，请重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-page">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center">
          <Link to="/field?tab=complaints"><Button icon={<LeftOutlined />} type="text">我的诉件</Button></Link>
          <Typography.Title level={5} style={{ margin: 0 }}>上报诉件（巡查发现）</Typography.Title>
        </Flex>
        <SyncBanner store={store} />
        <Card size="small">
          <Form form={form} layout="vertical" requiredMark={false} data-testid="report-form">
            <Form.Item name="categoryCode" label="诉件类别" rules={[{ required: true, message: '请选择诉件类别（小类）' }]}
              extra={!store.categories ? (store.queueState.online ? '正在加载类别…' : '类别尚未保存到手机，请联网后打开一次本页') : undefined}>
              <Select showSearch={{ optionFilterProp: 'full' }} options={options} placeholder="选择小类，可输入搜索" data-testid="report-category"
                loading={!store.categories && store.queueState.online} />
            </Form.Item>
            <Form.Item name="description" label="问题描述"
              rules={[{ required: true, whitespace: true, message: '请填写问题描述' }, { min: 2, message: '问题描述至少2个字' }]}>
              <Input.TextArea rows={4} maxLength={2000} placeholder="如：步行街东口流动摊贩占道经营，约5个摊位" data-testid="report-description" />
            </Form.Item>
            <Form.Item name="address" label="地址" extra="选填，便于他人找到现场，如：南京东路步行街世纪广场东侧">
              <Input maxLength={200} data-testid="report-address" />
            </Form.Item>
            <Form.Item label="位置">
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text data-testid="report-position" type={geo.fix ? undefined : 'secondary'}>
                  {geo.fix ? `${geo.fix.lon.toFixed(6)}, ${geo.fix.lat.toFixed(6)}（精度约${geo.fix.accuracyM}米）`
                    : geo.locating ? '正在定位…' : geo.error ?? '尚未定位'}
                </Typography.Text>
                <Button icon={<AimOutlined />} loading={geo.locating} onClick={geo.relocate}>重新定位</Button>
              </Flex>
              {geo.error && !geo.fix ? <Alert type="warning" showIcon title={geo.error} style={{ marginTop: 8 }} /> : null}
            </Form.Item>
            <Form.Item label={`现场照片（${photos.length}/${MAX_PHOTOS}，可选）`}>
              <PhotoPicker picked={picked} alt="现场照片" inputLabel="拍摄现场照片" itemTestId="report-photo" inputTestId="report-photo-input" />
            </Form.Item>
            <Flex vertical gap={8}>
              <Button type="primary" size="large" block loading={busy} disabled={preparing} onClick={() => void submit()} data-testid="report-submit">
                上报
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>上报后按所在辖区派往中队，并由您现场签收。</Typography.Text>
            </Flex>
          </Form>
        </Card>
      </Flex>
    </div>
  );
}
