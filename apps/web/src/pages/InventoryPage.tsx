// 季度清点: the rounds of the user's scope, the squadrons still due this quarter, and starting a round.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, InputNumber, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { quarterOf, SQUADRON_KINDS } from '@cg/domain';
import { inventoryApi } from '../api/endpoints';
import type { InventoryRound } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { applyServerErrors, validated } from '../lib/form-errors';
import { fmtDateTime } from '../lib/format';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { RoundProgress } from './inventory/inventory-ui';

const STATUS_TAG: Record<InventoryRound['status'], { color: string; label: string }> = {
  counting: { color: 'processing', label: '清点中' },
  closed: { color: 'success', label: '已关闭' },
};

function StartRoundModal({ open, onClose, unitId }: { open: boolean; onClose: () => void; unitId?: string }) {
  const [form] = Form.useForm<{ unitId: string; year: number; quarter: number }>();
  const [saving, setSaving] = useState(false);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const now = quarterOf(new Date());
  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    setSaving(true);
    try {
      const round = await inventoryApi.start(values);
      onClose();
      navigate(`/inventory/${round.id}`);
    } catch (e) {
      const { message: text, unmatched } = applyServerErrors(form, e);
      message.error(unmatched.length ? unmatched.join('；') : text);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title="开始季度清点"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="开始清点"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        以开始时的装备台账为“应有清单”（在库、在用、借出、维修的装备）。清点期间新登记的装备不在清单中，扫到时记为账外。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ unitId, year: now.year, quarter: now.quarter }} preserve={false}>
        <Form.Item name="unitId" label="中队" rules={[{ required: true, message: '请选择中队' }]}>
          <UnitTreeSelect selectableKinds={[...SQUADRON_KINDS]} placeholder="选择要清点的中队" />
        </Form.Item>
        <Space>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2018} max={2100} />
          </Form.Item>
          <Form.Item name="quarter" label="季度" rules={[{ required: true, message: '请选择季度' }]}>
            <Select style={{ width: 120 }} options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第${q}季度` }))} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export default function InventoryPage() {
  const { can } = useAuth();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const now = quarterOf(new Date());
  const [unitId, setUnitId] = useState<string | undefined>();
  const [year, setYear] = useState<number | undefined>(now.year);
  const [quarter, setQuarter] = useState<number | undefined>();
  const [status, setStatus] = useState<InventoryRound['status'] | undefined>();
  const [startFor, setStartFor] = useState<{ unitId?: string } | null>(null);

  const rounds = useRequest((signal) => inventoryApi.rounds({ unitId, year, quarter, status }, signal), [unitId, year, quarter, status]);
  const due = useRequest((signal) => inventoryApi.due({ year: now.year, quarter: now.quarter }, signal), [now.year, now.quarter]);
  const canStart = can('equipment.write');
  const open = useMemo(() => (rounds.data ?? []).filter((r) => r.status === 'counting'), [rounds.data]);

  const dueBanner = due.data && due.data.length > 0 ? (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${now.year}年第${now.quarter}季度尚有 ${due.data.length} 个中队未完成清点`}
      description={
        <Flex wrap gap={6} style={{ marginTop: 4 }}>
          {due.data.slice(0, 30).map((d) => {
            const counting = open.find((r) => r.unitId === d.unitId);
            return (
              <Tag
                key={d.unitId}
                color={counting ? 'processing' : 'warning'}
                style={{ cursor: counting || canStart ? 'pointer' : undefined }}
                onClick={() => (counting ? navigate(`/inventory/${counting.id}`) : canStart ? setStartFor({ unitId: d.unitId }) : undefined)}
              >
                {d.unitName}
                {counting ? '（清点中）' : ''}
              </Tag>
            );
          })}
          {due.data.length > 30 ? <Typography.Text type="secondary">等 {due.data.length} 个</Typography.Text> : null}
        </Flex>
      }
    />
  ) : due.data ? (
    <Alert type="success" showIcon style={{ marginBottom: 16 }} title={`${now.year}年第${now.quarter}季度清点已全部完成`} />
  ) : null;

  const filters = (
    <Flex wrap gap={8} style={{ marginBottom: 12 }}>
      <UnitTreeSelect value={unitId} onChange={setUnitId} style={{ minWidth: 220 }} placeholder="全部单位" aria-label="单位" />
      <InputNumber value={year} onChange={(v) => setYear(v ?? undefined)} min={2018} max={2100} placeholder="年度" aria-label="年度" />
      <Select
        allowClear
        value={quarter}
        onChange={setQuarter}
        placeholder="季度"
        aria-label="季度"
        style={{ width: 110 }}
        options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第${q}季度` }))}
      />
      <Select
        allowClear
        value={status}
        onChange={setStatus}
        placeholder="状态"
        aria-label="状态"
        style={{ width: 110 }}
        options={[{ value: 'counting', label: '清点中' }, { value: 'closed', label: '已关闭' }]}
      />
    </Flex>
  );

  const empty = <Empty description={canStart ? '暂无清点任务，点击“开始清点”按季度清点中队装备' : '暂无清点任务'} />;

  return (
    <>
      <PageHeader
        title="季度清点"
        subTitle="每季度对中队装备全面清点：扫码或勾选，中队长确认关闭后结果写入执法装备库"
        extra={canStart ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setStartFor({})}>开始清点</Button> : null}
      />
      {dueBanner}
      <Card>
        {filters}
        {rounds.error ? <LoadError error={rounds.error} onRetry={rounds.reload} /> : isMobile ? (
          <List
            loading={rounds.loading}
            dataSource={rounds.data ?? []}
            locale={{ emptyText: empty }}
            renderItem={(r) => (
              <List.Item onClick={() => navigate(`/inventory/${r.id}`)} style={{ cursor: 'pointer' }}>
                <div style={{ width: '100%' }}>
                  <Flex justify="space-between" align="center">
                    <Typography.Text strong>{r.unitName}</Typography.Text>
                    <Tag color={STATUS_TAG[r.status].color}>{STATUS_TAG[r.status].label}</Tag>
                  </Flex>
                  <Typography.Text type="secondary">{r.year}年第{r.quarter}季度</Typography.Text>
                  <RoundProgress round={r} size="small" />
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<InventoryRound>
            rowKey="id"
            loading={rounds.loading}
            dataSource={rounds.data ?? []}
            locale={{ emptyText: empty }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            onRow={(r) => ({ onClick: () => navigate(`/inventory/${r.id}`), style: { cursor: 'pointer' } })}
            columns={[
              { title: '单位', dataIndex: 'unitName', render: (v: string, r) => <Link to={`/inventory/${r.id}`}>{v}</Link> },
              { title: '季度', key: 'q', render: (_, r) => `${r.year}年第${r.quarter}季度`, width: 140 },
              { title: '状态', dataIndex: 'status', width: 90, render: (s: InventoryRound['status']) => <Tag color={STATUS_TAG[s].color}>{STATUS_TAG[s].label}</Tag> },
              { title: '进度（已清点/应有）', key: 'progress', width: 220, render: (_, r) => <RoundProgress round={r} size="small" /> },
              { title: '缺失', key: 'missing', width: 70, render: (_, r) => (r.counts.missing ? <Typography.Text type="danger">{r.counts.missing}</Typography.Text> : 0) },
              { title: '账外', key: 'unexpected', width: 70, render: (_, r) => r.counts.unexpected },
              { title: '持有人不符', key: 'wrong', width: 100, render: (_, r) => r.counts.wrong_holder },
              { title: '开始', key: 'started', render: (_, r) => `${r.startedByName} · ${fmtDateTime(r.startedAt)}` },
              { title: '关闭', key: 'closed', render: (_, r) => (r.closedAt ? `${r.closedByName ?? ''} · ${fmtDateTime(r.closedAt)}` : '—') },
            ]}
          />
        )}
      </Card>
      <StartRoundModal
        open={startFor !== null}
        unitId={startFor?.unitId}
        onClose={() => {
          setStartFor(null);
          rounds.reload();
          due.reload();
        }}
      />
    </>
  );
}
