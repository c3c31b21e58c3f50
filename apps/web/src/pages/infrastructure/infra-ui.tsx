// Shared pieces of the 基础设施登记 page: the summary card of a section's indicators (value, target, 差距清单) and the
// modal form every record kind uses (server field errors under the fields, version sent on edit).
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Form, Modal, Popconfirm, Progress, Row, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, WarningOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import type { InfraIndicator } from '../../api/infrastructure';
import { applyServerErrors, validated } from '../../lib/form-errors';
import { errorMessage } from '../../lib/errors';

/** How an indicator reads: flags as 达标/未达标 (a half flag as a percentage), ratios as percentages. */
export function indicatorText(i: InfraIndicator): { text: string; ok: boolean | null; percent: number | null } {
  if (!i.outcome.available) return { text: '暂无数据', ok: null, percent: null };
  const v = i.outcome.value;
  if (v === null) return { text: '无可计量', ok: null, percent: null };
  const ok = v >= i.target - 1e-9;
  if (i.kind === 'flag' && (v === 0 || v === 1)) return { text: v === 1 ? '已达标' : '未达标', ok, percent: v * 100 };
  return { text: `${Math.round(v * 1000) / 10}%`, ok, percent: Math.round(v * 1000) / 10 };
}

/** The indicators of one section, each with its value and what is missing. */
export function IndicatorSummary({ indicators, ids, loading }: { indicators: InfraIndicator[] | undefined; ids: string[]; loading: boolean }) {
  const list = ids.map((id) => indicators?.find((i) => i.id === id)).filter((i): i is InfraIndicator => !!i);
  return (
    <Card size="small" title="考核指标" loading={loading && !indicators} style={{ marginBottom: 16 }} data-testid="infra-summary">
      <Row gutter={[16, 12]}>
        {list.map((i) => {
          const shown = indicatorText(i);
          const reason = i.outcome.available && i.outcome.value === null ? i.outcome.reason : null;
          return (
            <Col key={i.id} xs={24} md={12} xl={8} data-testid={`infra-indicator-${i.id}`}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text strong>{i.label}</Typography.Text>
                <Space>
                  {shown.ok === null ? <Tag>{shown.text}</Tag> : shown.ok
                    ? <Tag color="success" icon={<CheckCircleOutlined />} data-testid="infra-indicator-value">{shown.text}</Tag>
                    : <Tag color="warning" icon={<WarningOutlined />} data-testid="infra-indicator-value">{shown.text}</Tag>}
                  {i.outcome.available && 'numerator' in i.outcome && i.outcome.denominator !== undefined ? (
                    <Typography.Text type="secondary">{i.outcome.numerator} / {i.outcome.denominator}</Typography.Text>
                  ) : null}
                </Space>
                {shown.percent !== null && i.kind === 'ratio' ? (
                  <Progress percent={shown.percent} size="small" status={shown.ok ? 'success' : 'normal'} showInfo={false} />
                ) : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.description}</Typography.Text>
                {reason ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{reason}</Typography.Text> : null}
                {i.gaps.length ? (
                  <ul style={{ margin: 0, paddingLeft: 18 }} data-testid={`infra-gaps-${i.id}`}>
                    {i.gaps.slice(0, 8).map((g) => (
                      <li key={g.id}>
                        <Typography.Text type="warning">{g.label}</Typography.Text>
                        {g.detail ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>（{g.detail}）</Typography.Text> : null}
                        {g.link?.startsWith('/equipment/documents') ? <> <Link to={g.link}>去上传</Link></> : null}
                      </li>
                    ))}
                    {i.gaps.length > 8 ? <li><Typography.Text type="secondary">另有{i.gaps.length - 8}项</Typography.Text></li> : null}
                  </ul>
                ) : null}
              </Space>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}

/** Edit / delete buttons of a table row; delete asks first. */
export function RowActions({ name, onEdit, onDelete, testid }: { name: string; onEdit: () => void; onDelete: () => Promise<void>; testid: string }) {
  return (
    <Space size={0}>
      <Button type="link" size="small" icon={<EditOutlined />} onClick={onEdit} data-testid={`${testid}-edit`}>编辑</Button>
      <Popconfirm title={`删除“${name}”？`} description="删除后不可恢复，操作记入审计日志" okText="删除" okButtonProps={{ danger: true }} cancelText="取消"
        onConfirm={onDelete}>
        <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`${testid}-delete`}>删除</Button>
      </Popconfirm>
    </Space>
  );
}

/** Form values as the API wants them: empty optional fields as null (so an edit can clear them). */
export function nullify<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined || v === '' ? null : v])) as T;
}

/**
 * A modal with an antd form: `initial` fills it (edit) or not (create); `submit` gets the validated values and
 * throws the server's error, which lands under the matching fields.
 */
export function RecordFormModal<V extends object>({ title, initial, submit, onClose, onDone, children, testid, width }: {
  title: string;
  initial?: Partial<V>;
  submit: (values: V) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
  children: ReactNode | ((form: ReturnType<typeof Form.useForm<V>>[0]) => ReactNode);
  testid: string;
  width?: number;
}) {
  const [form] = Form.useForm<V>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ok = async () => {
    const values = await validated(form);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await submit(values);
      message.success('已保存');
      onDone();
    } catch (e) {
      const { message: top, unmatched } = applyServerErrors(form, e);
      setError(unmatched.length ? `${top}（${unmatched.join('；')}）` : top || errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open title={title} onCancel={onClose} destroyOnHidden maskClosable={false} width={width ?? 560}
      footer={[
        <Button key="cancel" onClick={onClose}>取消</Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => void ok()} data-testid={`${testid}-save`}>保存</Button>,
      ]}
    >
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} data-testid={`${testid}-error`} /> : null}
      <Form form={form} layout="vertical" initialValues={initial} data-testid={`${testid}-form`}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}
