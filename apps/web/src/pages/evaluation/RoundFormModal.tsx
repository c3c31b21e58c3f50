// 开启考核轮次: year, name, the published rubric version the round is pinned to, the period measured, the district's
// apply deadline and the data cut-off (snapshot) time. Defaults follow the server's defaultRoundDates: the calendar
// year, applications until 30 Nov, cut-off 1 Dec 00:00 (Shanghai time).
import { useEffect, useMemo, useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { evaluationApi, type RoundView } from '../../api/evaluation';
import { applyServerErrors, validated } from '../../lib/form-errors';
import { fmtDate } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

interface Values {
  year: number;
  name: string;
  rubricId: string;
  period: [Dayjs, Dayjs];
  applyDeadline: Dayjs;
  /** Wall-clock time in Shanghai (the picker shows it as typed, whatever the browser's time zone). */
  cutoffAt: Dayjs;
}

const defaultName = (year: number) => `${year}年度信息化建设专项考核`;

function defaultsFor(year: number): Omit<Values, 'rubricId'> {
  return {
    year,
    name: defaultName(year),
    period: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)],
    applyDeadline: dayjs(`${year}-11-30`),
    cutoffAt: dayjs(`${year}-12-01T00:00:00`),
  };
}

/** The picked wall-clock time read as Shanghai time (UTC+8, no daylight saving). */
const shanghaiIso = (d: Dayjs) => `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`;

export function RoundFormModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (round: RoundView) => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const rubrics = useRequest((signal) => evaluationApi.rubrics(signal), [], open);
  const published = useMemo(
    () => (rubrics.data?.items ?? []).filter((r) => r.status === 'published').sort((a, b) => b.version - a.version),
    [rubrics.data],
  );
  const deadline = Form.useWatch('applyDeadline', form);
  const deadlinePast = deadline ? deadline.isBefore(dayjs(), 'day') : false;

  // The newest published version once the list arrives (the form is already open by then).
  const newest = published[0]?.id;
  useEffect(() => {
    if (open && newest && !form.getFieldValue('rubricId')) form.setFieldValue('rubricId', newest);
  }, [open, newest, form]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setServerError(null);
    try {
      const round = await evaluationApi.createRound({
        year: v.year, name: v.name.trim(), rubricId: v.rubricId,
        periodFrom: v.period[0].format('YYYY-MM-DD'), periodTo: v.period[1].format('YYYY-MM-DD'),
        applyDeadline: v.applyDeadline.format('YYYY-MM-DD'), cutoffAt: shanghaiIso(v.cutoffAt),
      });
      onCreated(round);
    } catch (e) {
      const { message, unmatched } = applyServerErrors(form, e, { periodFrom: 'period', periodTo: 'period' });
      setServerError([message, ...unmatched].join('；'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="开启考核轮次"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="开启"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'round-submit' }}
      destroyOnHidden
      width={560}
      afterOpenChange={(visible) => { if (!visible) setServerError(null); }}
    >
      <div data-testid="round-form">
        <Typography.Paragraph type="secondary">
          轮次固定使用所选的评分标准版本；区局在申报截止日期前申报中队；到数据截止时间由考核组“截止并快照”，此后得分只依据快照和现场检查。
        </Typography.Paragraph>
        {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 12 }} data-testid="round-form-error" /> : null}
        {rubrics.error ? <Alert type="error" showIcon title="评分标准加载失败" style={{ marginBottom: 12 }} /> : null}
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ ...defaultsFor(dayjs().year()), rubricId: newest }}
          onValuesChange={(changed: Partial<Values>, all: Values) => {
            // A new year moves the default dates; the name follows unless it was edited.
            if (changed.year && changed.year >= 2018 && changed.year <= 2100) {
              const d = defaultsFor(changed.year);
              const nameEdited = !/^\d{4}年度信息化建设专项考核$/.test(all.name ?? '');
              form.setFieldsValue({ ...d, name: nameEdited ? all.name : d.name });
            }
          }}
        >
          <Space align="start" wrap>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber min={2018} max={2100} precision={0} style={{ width: 110 }} data-testid="round-year" />
            </Form.Item>
            <Form.Item
              name="name"
              label="名称"
              rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 60, message: '不超过60个字' }]}
              style={{ minWidth: 330 }}
            >
              <Input maxLength={60} data-testid="round-name" />
            </Form.Item>
          </Space>
          <Form.Item
            name="rubricId"
            label="评分标准版本"
            rules={[{ required: true, message: '请选择已发布的评分标准' }]}
            extra={!rubrics.loading && !published.length ? '还没有已发布的评分标准，请先在“评分标准”中发布一个版本' : undefined}
          >
            <Select
              loading={rubrics.loading}
              placeholder="选择已发布的评分标准"
              data-testid="round-rubric"
              options={published.map((r) => ({
                value: r.id,
                label: `${r.name}（第${r.version}版，${fmtDate(r.publishedAt)}发布）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="period" label="考核期间" rules={[{ required: true, message: '请选择考核期间' }]}>
            <DatePicker.RangePicker allowClear={false} data-testid="round-period" />
          </Form.Item>
          <Space align="start" wrap>
            <Form.Item
              name="applyDeadline"
              label="申报截止日期"
              rules={[{ required: true, message: '请选择申报截止日期' }]}
              extra={deadlinePast ? <Typography.Text type="warning">该日期已过，区局将无法申报</Typography.Text> : undefined}
            >
              <DatePicker allowClear={false} data-testid="round-deadline" />
            </Form.Item>
            <Form.Item
              name="cutoffAt"
              label="数据截止时间（北京时间）"
              dependencies={['applyDeadline']}
              rules={[
                { required: true, message: '请选择数据截止时间' },
                ({ getFieldValue }) => ({
                  validator: (_, value: Dayjs | undefined) => {
                    const d = getFieldValue('applyDeadline') as Dayjs | undefined;
                    return value && d && value.isBefore(d, 'day')
                      ? Promise.reject(new Error('数据截止时间不能早于申报截止日期'))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} data-testid="round-cutoff" />
            </Form.Item>
          </Space>
        </Form>
      </div>
    </Modal>
  );
}
