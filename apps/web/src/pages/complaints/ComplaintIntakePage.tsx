// 受理诉件 (窗口、电话): category (小类), content, place picked on the map (or typed), the citizen, when it was received.
// Before saving, the 50 m duplicate search runs and its hits are shown with the choice to continue; after saving the
// code, the squadron it was routed to and the deadlines are shown, with 立即派遣.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Result, Row, Space, Tag,
  TreeSelect, Typography,
} from 'antd';
import { AimOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { SQUADRON_KINDS } from '@cg/domain';
import { complaintApi, type ComplaintInput, type DuplicateCandidate, type IntakeResult } from '../../api/complaints';
import { dispatchApi, unitsApi } from '../../api/endpoints';
import type { GeocodeHit } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage } from '../../lib/errors';
import { applyServerErrors } from '../../lib/form-errors';
import { fmtDateTime } from '../../lib/format';
import { ComplaintMap } from './ComplaintMap';
import { categoryTreeData, findCategory, fmtDeadline, useComplaintCategories } from './complaint-ui';
import { DuplicateTable } from './DuplicateTable';
import './complaints.css';

interface Values {
  categoryId?: string;
  description: string;
  address?: string;
  lat?: number | null;
  lon?: number | null;
  reporterName?: string;
  reporterPhone?: string;
  receivedAt?: Dayjs | null;
  unitId?: string;
}

type Route = { state: 'idle' } | { state: 'checking' } | { state: 'in'; unitName: string } | { state: 'out'; message: string };

const text = (v: string | undefined) => (v ?? '').trim();
const inShanghai = (lat: number, lon: number) => lat >= 30.6 && lat <= 31.9 && lon >= 120.8 && lon <= 122.2;

function IntakeDone({ result, onAgain }: { result: IntakeResult; onAgain: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [dispatching, setDispatching] = useState(false);
  const canDispatch = result.availableActions.some((a) => a.action === 'dispatch');
  const dispatchNow = async () => {
    setDispatching(true);
    try {
      const next = await complaintApi.action(result.id, { action: 'dispatch', version: result.version });
      message.success(`已派遣至${next.unitName}`);
      navigate(`/complaints/${result.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDispatching(false);
    }
  };
  return (
    <Card data-testid="intake-result">
      <Result
        status="success"
        title={<>已受理诉件 <span data-testid="intake-result-code">{result.code}</span></>}
        subTitle={`按${result.events[0]?.note?.includes('指定派往') ? '指定' : '辖区'}派往 ${result.unitName}，派遣后由中队签收处置`}
        extra={[
          canDispatch ? (
            <Button key="dispatch" type="primary" loading={dispatching} onClick={dispatchNow} data-testid="intake-dispatch">
              立即派遣
            </Button>
          ) : null,
          <Button key="view" onClick={() => navigate(`/complaints/${result.id}`)} data-testid="intake-view">查看诉件</Button>,
          <Button key="again" onClick={onAgain} data-testid="intake-again">继续受理</Button>,
        ]}
      >
        <Descriptions
          bordered size="small" column={{ xs: 1, md: 2 }}
          items={[
            { key: 'code', label: '诉件编号', children: result.code },
            { key: 'unit', label: '承办中队', children: <span data-testid="intake-result-unit">{result.unitName}</span> },
            { key: 'cat', label: '诉件类别', children: result.categoryName },
            { key: 'received', label: '受理时间', children: fmtDateTime(result.receivedAt) },
            { key: 'contact', label: '首次联系时限', children: <span data-testid="intake-result-contact-due">{fmtDeadline(result.contactDueAt)}</span> },
            { key: 'due', label: '处置时限', children: <span data-testid="intake-result-due">{fmtDeadline(result.dueAt)}</span> },
          ]}
        />
        {result.possibleDuplicates.length ? (
          <Alert
            style={{ marginTop: 16 }} type="warning" showIcon
            title={`50米内有 ${result.possibleDuplicates.length} 件同类诉件，可在诉件详情中关联或合并`}
            description={<DuplicateTable items={result.possibleDuplicates} />}
          />
        ) : null}
      </Result>
    </Card>
  );
}

export default function ComplaintIntakePage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const categories = useComplaintCategories();
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<{ items: DuplicateCandidate[]; input: ComplaintInput } | null>(null);
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [route, setRoute] = useState<Route>({ state: 'idle' });
  const [hits, setHits] = useState<GeocodeHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const lat = Form.useWatch('lat', form);
  const lon = Form.useWatch('lon', form);
  const categoryId = Form.useWatch('categoryId', form);
  const category = findCategory(categories.data, categoryId);
  const point = useMemo(
    () => (typeof lat === 'number' && typeof lon === 'number' && inShanghai(lat, lon) ? { lat, lon } : null), [lat, lon],
  );

  // Where the point would go: the squadron whose jurisdiction holds it (outside every one, the clerk names it).
  useEffect(() => {
    if (!point) {
      setRoute({ state: 'idle' });
      return;
    }
    let live = true;
    setRoute({ state: 'checking' });
    const timer = setTimeout(() => {
      unitsApi.locate(point.lon, point.lat).then(
        (r) => { if (live) setRoute({ state: 'in', unitName: r.unit.name }); },
        (e: unknown) => { if (live) setRoute({ state: 'out', message: errorMessage(e) }); },
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [point]);

  const pick = (pLon: number, pLat: number) => {
    form.setFieldsValue({ lon: pLon, lat: pLat });
    form.setFields([{ name: 'lat', errors: [] }, { name: 'lon', errors: [] }]);
  };

  const geocode = async (q: string) => {
    if (q.trim().length < 2) {
      message.warning('地址至少2个字');
      return;
    }
    setSearching(true);
    try {
      const res = await dispatchApi.geocode(q.trim());
      setHits(res.items);
      if (res.items.length === 1) pick(res.items[0].lon, res.items[0].lat);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSearching(false);
    }
  };

  const buildInput = (v: Values): ComplaintInput => {
    const input: ComplaintInput = { categoryId: v.categoryId, description: text(v.description), lat: v.lat!, lon: v.lon! };
    if (text(v.address)) input.address = text(v.address);
    if (text(v.reporterName)) input.reporterName = text(v.reporterName);
    if (text(v.reporterPhone)) input.reporterPhone = text(v.reporterPhone);
    if (v.receivedAt) input.receivedAt = v.receivedAt.format();
    if (v.unitId && route.state !== 'in') input.unitId = v.unitId;
    return input;
  };

  const showError = (e: unknown) => {
    const { message: top, unmatched } = applyServerErrors(form, e, { categoryCode: 'categoryId' });
    setTopError([top, ...unmatched].join('；'));
  };

  const save = async (input: ComplaintInput) => {
    setSaving(true);
    try {
      const created = await complaintApi.create(input);
      setDuplicates(null);
      setResult(created);
      message.success(`已受理诉件 ${created.code}`);
      window.scrollTo({ top: 0 });
    } catch (e) {
      setDuplicates(null);
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      setTopError('请按提示修正标红的字段');
      return;
    }
    setTopError(null);
    const input = buildInput(values);
    setSaving(true);
    try {
      const found = await complaintApi.duplicates({ lat: input.lat, lon: input.lon, categoryId: input.categoryId });
      if (found.items.length) {
        setDuplicates({ items: found.items, input });
        setSaving(false);
        return;
      }
    } catch (e) {
      setSaving(false);
      showError(e);
      return;
    }
    await save(input);
  };

  const again = () => {
    setResult(null);
    setHits(null);
    setTopError(null);
    form.resetFields();
  };

  if (result) {
    return (
      <>
        <PageHeader title="受理诉件" />
        <IntakeDone result={result} onAgain={again} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="受理诉件"
        subTitle="窗口、电话受理：按位置派往所在辖区的中队，按类别计算首次联系与处置时限"
        extra={<Link to="/complaints"><Button>返回列表</Button></Link>}
      />
      <Row gutter={16}>
        <Col xs={24} lg={11}>
          <Card size="small">
            {topError ? <Alert type="error" showIcon role="alert" title={topError} style={{ marginBottom: 16 }} /> : null}
            <Form<Values> form={form} name="complaint-intake" layout="vertical" requiredMark onFinish={submit}>
              <Form.Item
                name="categoryId" label="诉件类别" rules={[{ required: true, message: '请选择诉件类别（小类）' }]}
                extra={category ? `首次联系时限 ${category.contactLimit.label}，处置时限 ${category.handleLimit.label}` : '选择大类下的小类'}
              >
                <TreeSelect<string>
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  placeholder="选择诉件类别"
                  data-testid="intake-category"
                  loading={categories.loading}
                  treeData={categoryTreeData(categories.data, true)}
                  treeNodeLabelProp="label"
                  treeExpandAction="click"
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
              <Form.Item
                name="description" label="诉件内容"
                rules={[{ required: true, whitespace: true, message: '请填写诉件内容' }, { min: 2, message: '诉件内容至少2个字' }]}
              >
                <Input.TextArea rows={4} maxLength={2000} showCount placeholder="市民反映的问题" data-testid="intake-description" />
              </Form.Item>
              <Form.Item name="address" label="地址" extra={can('dispatch.command') ? '输入地址后点“定位”，再在地图上点选准确位置' : '在右侧地图上点选位置'}>
                {can('dispatch.command') ? (
                  <Input.Search
                    maxLength={200} placeholder="如：南京东路步行街" enterButton={<><AimOutlined /> 定位</>} loading={searching}
                    onSearch={geocode} data-testid="intake-address"
                  />
                ) : (
                  <Input maxLength={200} placeholder="如：南京东路步行街" data-testid="intake-address" />
                )}
              </Form.Item>
              {hits && hits.length === 0 ? <Alert type="info" showIcon title="未找到匹配的地址，请直接在地图上点选" style={{ marginBottom: 12 }} /> : null}
              {hits && hits.length > 1 ? (
                <Space size={[4, 4]} wrap style={{ marginBottom: 12 }}>
                  {hits.map((h) => (
                    <Tag.CheckableTag key={`${h.label}-${h.lon}`} checked={point?.lon === h.lon && point?.lat === h.lat} onChange={() => pick(h.lon, h.lat)}>
                      {h.label}
                    </Tag.CheckableTag>
                  ))}
                </Space>
              ) : null}
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="lat" label="纬度" rules={[{ required: true, message: '请在地图上点选位置或填写纬度' }]}>
                    <InputNumber<number> min={30.6} max={31.9} step={0.0001} precision={6} style={{ width: '100%' }} placeholder="31.23" data-testid="intake-lat" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="lon" label="经度" rules={[{ required: true, message: '请在地图上点选位置或填写经度' }]}>
                    <InputNumber<number> min={120.8} max={122.2} step={0.0001} precision={6} style={{ width: '100%' }} placeholder="121.47" data-testid="intake-lon" />
                  </Form.Item>
                </Col>
              </Row>
              <div style={{ marginBottom: 16, minHeight: 22 }} data-testid="intake-route">
                {route.state === 'checking' ? <Typography.Text type="secondary">正在查询所属中队…</Typography.Text> : null}
                {route.state === 'in' ? <Typography.Text>将按辖区派往：<Typography.Text strong>{route.unitName}</Typography.Text></Typography.Text> : null}
                {route.state === 'out' ? <Typography.Text type="warning">{route.message}</Typography.Text> : null}
              </div>
              {route.state === 'out' ? (
                <Form.Item name="unitId" label="承办中队" extra="位置不在任何中队辖区内时，可指定承办中队">
                  <UnitTreeSelect selectableKinds={SQUADRON_KINDS} placeholder="选择承办中队" data-testid="intake-unit" />
                </Form.Item>
              ) : null}
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="reporterName" label="诉求人姓名" rules={[{ max: 30, message: '诉求人姓名不能超过30个字符' }]}>
                    <Input maxLength={30} autoComplete="off" data-testid="intake-reporter-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="reporterPhone" label="诉求人电话"
                    rules={[{ pattern: /^[0-9+\-() ]{5,20}$/, message: '电话格式不正确（5～20位数字，可含+、-、括号、空格）' }]}
                  >
                    <Input maxLength={20} autoComplete="off" data-testid="intake-reporter-phone" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="receivedAt" label="受理时间" extra="不填为当前时间；补录的不能早于30天前">
                <DatePicker
                  showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder="当前时间" style={{ width: '100%' }}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs().subtract(30, 'day'), 'day')}
                  data-testid="intake-received-at"
                />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={saving} data-testid="intake-submit">
                  受理
                </Button>
                <Button onClick={again}>清空</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card size="small" title="诉件位置" extra={<Typography.Text type="secondary">点击地图选择位置</Typography.Text>}>
            <ComplaintMap point={point} onPick={pick} className="complaint-intake-map" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="intake-point">
              {point ? `位置：${point.lon.toFixed(6)}, ${point.lat.toFixed(6)}` : '尚未选择位置'}
            </Typography.Text>
          </Card>
        </Col>
      </Row>

      <Modal
        open={duplicates !== null}
        title="发现疑似重复诉件"
        width={860}
        onCancel={() => setDuplicates(null)}
        footer={[
          <Button key="back" onClick={() => setDuplicates(null)} data-testid="intake-dup-cancel">返回修改</Button>,
          <Button key="go" type="primary" loading={saving} onClick={() => duplicates && void save(duplicates.input)} data-testid="intake-dup-continue">
            仍然受理
          </Button>,
        ]}
      >
        <div data-testid="intake-duplicates">
          <Typography.Paragraph>
            50米内有 {duplicates?.items.length ?? 0} 件同类诉件（未办结或30天内办结）。如为同一问题，可不再受理，或受理后在详情中关联、合并。
          </Typography.Paragraph>
          {duplicates ? <DuplicateTable items={duplicates.items} /> : null}
        </div>
      </Modal>
    </>
  );
}
