// 工作日历: a year at a glance (holidays red, 调休上班 blue, weekends grey) and the list of set days; holders of
// complaint.config add, change and delete days. Deadlines of complaints received afterwards follow the new calendar.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Radio, Row, Space, Table, Tag, Typography,
} from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { complaintApi, type CalendarEntry } from '../../api/complaints';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { applyServerErrors } from '../../lib/form-errors';
import { useRequest } from '../../lib/use-request';
import './complaints.css';

type Kind = 'holiday' | 'workday';
const KIND_LABELS: Record<Kind, string> = { holiday: '放假', workday: '调休上班' };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

interface Values { date?: Dayjs | null; kind?: Kind; name?: string }

function Month({ year, month, days, today, onPick }: {
  year: number; month: number; days: Map<string, CalendarEntry>; today: string; onPick?: (date: string) => void;
}) {
  const first = dayjs(new Date(year, month, 1));
  const lead = (first.day() + 6) % 7; // weeks start on Monday
  const cells: (string | null)[] = [...Array<null>(lead).fill(null)];
  for (let d = 1; d <= first.daysInMonth(); d++) cells.push(first.date(d).format('YYYY-MM-DD'));
  return (
    <Card size="small" title={`${month + 1}月`} styles={{ body: { padding: 8 } }}>
      <div className="work-calendar-month">
        {['一', '二', '三', '四', '五', '六', '日'].map((w) => <div key={w} className="wc-head">{w}</div>)}
        {cells.map((date, i) => {
          if (!date) return <div key={`x${i}`} />;
          const entry = days.get(date);
          const dow = dayjs(date).day();
          const cls = ['wc-day', entry ? `wc-${entry.kind}` : dow === 0 || dow === 6 ? 'wc-weekend' : '', onPick ? 'wc-editable' : '', date === today ? 'wc-today' : '']
            .filter(Boolean).join(' ');
          return (
            <div
              key={date} className={cls} title={entry ? `${date} ${entry.name}（${KIND_LABELS[entry.kind]}）` : date}
              data-date={date} onClick={onPick ? () => onPick(date) : undefined}
            >
              {Number(date.slice(8))}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

export default function WorkCalendarPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const canEdit = can('complaint.config');
  const [year, setYear] = useState(() => dayjs().year());
  const cal = useRequest((signal) => complaintApi.calendar(year, signal), [year]);
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<{ date?: string; existing?: CalendarEntry } | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const days = useMemo(() => new Map((cal.data?.days ?? []).map((d) => [d.date, d])), [cal.data]);
  const today = dayjs().format('YYYY-MM-DD');
  const kind = Form.useWatch('kind', form);
  const picked = Form.useWatch('date', form);

  useEffect(() => {
    if (!editing) return;
    setError(null);
    form.resetFields();
    const e = editing.existing;
    form.setFieldsValue({
      date: editing.date ? dayjs(editing.date) : null,
      kind: e?.kind ?? (editing.date && [0, 6].includes(dayjs(editing.date).day()) ? 'workday' : 'holiday'),
      name: e?.name ?? '',
    });
  }, [editing, form]);

  const open = (date?: string) => setEditing({ date, existing: date ? days.get(date) : undefined });

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const date = v.date!.format('YYYY-MM-DD');
    setSaving(true);
    setError(null);
    try {
      await complaintApi.setCalendarDay(date, { kind: v.kind!, name: v.name!.trim() });
      message.success(`已设置 ${date} 为${KIND_LABELS[v.kind!]}`);
      setEditing(null);
      if (v.date!.year() !== year) setYear(v.date!.year());
      else cal.reload();
    } catch (e) {
      const { message: top, unmatched } = applyServerErrors(form, e);
      setError([top, ...unmatched].join('；'));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (date: string) => {
    try {
      await complaintApi.removeCalendarDay(date);
      message.success(`已删除 ${date} 的设置`);
      cal.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const weekend = picked ? [0, 6].includes(picked.day()) : false;
  const holidays = cal.data?.days.filter((d) => d.kind === 'holiday').length ?? 0;
  const workdays = cal.data?.days.filter((d) => d.kind === 'workday').length ?? 0;

  return (
    <>
      <PageHeader
        title="工作日历"
        subTitle="诉件时限按工作日计算：周一至周五上班，法定节假日放假，调休的周末上班"
        extra={
          <>
            <Space.Compact>
              <Button icon={<LeftOutlined />} aria-label="上一年" onClick={() => setYear((y) => y - 1)} />
              <DatePicker
                picker="year" allowClear={false} value={dayjs(new Date(year, 0, 1))} onChange={(d) => d && setYear(d.year())}
                format="YYYY年" style={{ width: 110 }} data-testid="calendar-year"
              />
              <Button icon={<RightOutlined />} aria-label="下一年" onClick={() => setYear((y) => y + 1)} />
            </Space.Compact>
            {canEdit ? <Button type="primary" icon={<PlusOutlined />} onClick={() => open()} data-testid="calendar-add">添加日期</Button> : null}
          </>
        }
      />
      {cal.error ? <LoadError error={cal.error} onRetry={cal.reload} /> : null}
      {cal.data && cal.data.days.length === 0 ? (
        <Alert
          type="warning" showIcon style={{ marginBottom: 12 }}
          title={`${year}年尚未设置节假日与调休`}
          description={canEdit ? '请按国务院办公厅当年的节假日安排通知添加，否则该年只按周一至周五计算工作日。' : '请联系有维护权限的管理员添加。'}
        />
      ) : null}
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Tag color="red">放假 {holidays} 天</Tag>
        <Tag color="blue">调休上班 {workdays} 天</Tag>
        <Typography.Text type="secondary">{canEdit ? '点击日期可设置或修改' : ''}</Typography.Text>
      </Flex>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="calendar-year-grid">
        {Array.from({ length: 12 }, (_, m) => (
          <Col key={m} xs={24} sm={12} md={8} xl={6} xxl={4}>
            <Month year={year} month={m} days={days} today={today} onPick={canEdit ? open : undefined} />
          </Col>
        ))}
      </Row>
      <Card size="small" title={`${year}年节假日与调休上班日`}>
        <Table<CalendarEntry>
          rowKey="date"
          size="small"
          loading={cal.loading}
          dataSource={cal.data?.days ?? []}
          pagination={false}
          data-testid="calendar-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该年没有设置" /> }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 120 },
            { title: '星期', key: 'dow', width: 70, render: (_: unknown, d) => `周${WEEKDAYS[dayjs(d.date).day()]}` },
            { title: '类型', dataIndex: 'kind', width: 100, render: (k: Kind) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{KIND_LABELS[k]}</Tag> },
            { title: '名称', dataIndex: 'name' },
            { title: '设置人', dataIndex: 'updatedByName', width: 120, render: (v: string | null) => v ?? '—' },
            ...(canEdit ? [{
              title: '操作', key: 'op', width: 120,
              render: (_: unknown, d: CalendarEntry) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => open(d.date)} data-testid={`calendar-edit-${d.date}`}>编辑</Button>
                  <Popconfirm
                    title={`删除 ${d.date}（${d.name}）的设置？`}
                    description="删除后该日按周一至周五的规则计算；之后受理的诉件按新日历计算时限。"
                    okText="删除" okButtonProps={{ danger: true }} onConfirm={() => remove(d.date)}
                  >
                    <Button type="link" size="small" danger data-testid={`calendar-delete-${d.date}`}>删除</Button>
                  </Popconfirm>
                </Space>
              ),
            }] : []),
          ]}
        />
      </Card>

      <Modal
        open={editing !== null}
        title={editing?.existing ? `修改 ${editing.existing.date}` : '设置日期'}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        footer={<Space><Button onClick={() => setEditing(null)}>取消</Button><Button type="primary" loading={saving} onClick={save} data-testid="calendar-save">保存</Button></Space>}
      >
        {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" name="work-calendar-day">
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabled={Boolean(editing?.existing)} style={{ width: '100%' }} data-testid="calendar-date" />
          </Form.Item>
          <Form.Item
            name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}
            extra={picked && !weekend && kind === 'workday' ? '调休上班只能设在周六或周日' : undefined}
          >
            <Radio.Group
              optionType="button"
              options={[{ value: 'holiday', label: '放假' }, { value: 'workday', label: '调休上班', disabled: Boolean(picked) && !weekend }]}
              data-testid="calendar-kind"
            />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称，如“国庆节”' }, { max: 20, message: '名称不能超过20个字符' }]}>
            <Input maxLength={20} placeholder="如：国庆节、春节调休上班" data-testid="calendar-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
