// One 季度清点 round: count by camera, scanner gun or ticking the list (phone and desktop), take back a wrong count,
// and — for the squadron leader — close it, which applies the outcome to the 执法装备库 in one go.
import { useMemo, useState } from 'react';
import {
  Alert, App, Breadcrumb, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Result, Segmented, Space, Statistic, Table, Tag,
  Typography,
} from 'antd';
import { CheckOutlined, EditOutlined, LockOutlined, UndoOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { inventoryApi } from '../api/endpoints';
import type { InventoryCountInput, InventoryLine, InventoryLineResult } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { OfficerPicker } from '../components/OfficerPicker';
import { PageLoading } from '../components/PageLoading';
import { errorMessage } from '../lib/errors';
import { fmtDateTime } from '../lib/format';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { ResultTag, RoundProgress } from './inventory/inventory-ui';
import { ScanPanel } from './inventory/ScanPanel';

type Filter = 'all' | InventoryLineResult;

interface LastCount {
  assetTag: string;
  result: InventoryLineResult;
  label: string;
}

function describeLine(l: InventoryLine | undefined): string {
  if (!l) return '';
  return [l.categoryName, l.model].filter(Boolean).join(' · ');
}

function DetailsModal({
  line, unitId, onClose, onSubmit,
}: {
  line: InventoryLine | null;
  unitId: string;
  onClose: () => void;
  onSubmit: (input: InventoryCountInput) => Promise<void>;
}) {
  const [form] = Form.useForm<{ holderOfficerId?: string; location?: string; note?: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      title={line ? `清点登记：${line.assetTag}` : ''}
      open={line !== null}
      onCancel={onClose}
      okText="登记为已清点"
      confirmLoading={saving}
      destroyOnHidden
      onOk={async () => {
        if (!line) return;
        const v = form.getFieldsValue();
        setSaving(true);
        try {
          await onSubmit({
            assetTag: line.assetTag, method: 'tick', holderOfficerId: v.holderOfficerId || undefined,
            location: v.location?.trim() || undefined, note: v.note?.trim() || undefined,
          });
          onClose();
        } finally {
          setSaving(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">
        {describeLine(line ?? undefined)}
        {line?.expectedHolderName ? `，台账持有人：${line.expectedHolderName}` : '，台账无持有人'}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="holderOfficerId" label="实际持有人" extra="与台账不一致时填写；个人装备关闭清点时将改配给此人">
          <OfficerPicker unitId={unitId} />
        </Form.Item>
        <Form.Item name="location" label="实际存放位置" rules={[{ max: 100, message: '不超过100个字' }]}>
          <Input placeholder="如：二楼装备柜" maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ max: 200, message: '不超过200个字' }]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function InventoryRoundPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const isMobile = useIsMobile();
  const { data: round, loading, error, reload, setData } = useRequest((signal) => inventoryApi.get(id, signal), [id]);
  const [filter, setFilter] = useState<Filter>('pending');
  const [q, setQ] = useState('');
  const [last, setLast] = useState<LastCount | null>(null);
  const [details, setDetails] = useState<InventoryLine | null>(null);
  const [busyTag, setBusyTag] = useState<string | null>(null);

  const lines = useMemo(() => {
    const all = round?.lines ?? [];
    const needle = q.trim().toUpperCase();
    return all.filter((l) => (filter === 'all' || l.result === filter)
      && (!needle || l.assetTag.includes(needle) || (l.model ?? '').toUpperCase().includes(needle) || (l.categoryName ?? '').includes(q.trim())));
  }, [round, filter, q]);

  if (loading && !round) return <PageLoading />;
  if (error && isApiError(error) && error.status === 404) {
    return (
      <Result
        status="404"
        title="清点任务不存在"
        subTitle="该清点任务不存在，或不在您的管辖范围内。"
        extra={<Link to="/inventory"><Button type="primary">返回季度清点</Button></Link>}
      />
    );
  }
  if (error || !round) return <LoadError error={error} onRetry={reload} />;

  const counting = round.status === 'counting';
  const canCount = counting && can('equipment.count');
  const canClose = counting && can('equipment.approve');
  const c = round.counts;

  const refresh = async () => {
    const fresh = await inventoryApi.get(id);
    setData(fresh);
    return fresh;
  };

  const count = async (input: InventoryCountInput) => {
    setBusyTag(input.assetTag);
    try {
      const res = await inventoryApi.count(id, input);
      setLast({ assetTag: res.assetTag, result: res.result, label: res.resultLabel });
      if (res.result === 'found') message.success(`${res.assetTag} 已清点`);
      else message.warning(`${res.assetTag}：${res.resultLabel}`);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
      throw e;
    } finally {
      setBusyTag(null);
    }
  };

  const uncount = (line: InventoryLine) => {
    modal.confirm({
      title: `撤销 ${line.assetTag} 的清点登记？`,
      content: line.expected ? '该装备将回到“待清点”。' : '该账外记录将被删除。',
      okText: '撤销',
      onOk: async () => {
        try {
          await inventoryApi.uncount(id, line.assetTag);
          setLast(null);
          await refresh();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  };

  const close = () => {
    modal.confirm({
      title: '关闭清点并更新执法装备库？',
      width: 480,
      content: (
        <div>
          <p>关闭后不能再登记，以下结果将在同一事务中写入执法装备库（并记入台账和审计日志）：</p>
          <ul style={{ paddingLeft: 20 }}>
            <li>
              {c.pending} 件待清点装备记为<b>缺失</b>，在库/在用/借出的登记为<b>遗失</b>
            </li>
            <li>{c.wrong_holder} 件持有人不符：个人装备改配给实际持有人</li>
            <li>{c.unexpected} 件账外：已登记遗失的登记找回，其他单位的在库装备调入本单位</li>
            <li>登记了实际存放位置的装备，更新存放位置</li>
          </ul>
        </div>
      ),
      okText: '确认关闭',
      okButtonProps: { danger: c.pending > 0 },
      onOk: async () => {
        try {
          const closed = await inventoryApi.close(id);
          setData(closed);
          setFilter('all');
          message.success('清点已关闭，结果已写入执法装备库');
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  };

  const actions = (l: InventoryLine) => {
    if (!canCount) return null;
    if (l.result === 'pending') {
      return (
        <Space size={4}>
          <Button
            size={isMobile ? 'middle' : 'small'}
            type="primary"
            icon={<CheckOutlined />}
            loading={busyTag === l.assetTag}
            onClick={() => count({ assetTag: l.assetTag, method: 'tick' }).catch(() => undefined)}
            aria-label={`清点到 ${l.assetTag}`}
          >
            清点到
          </Button>
          <Button size={isMobile ? 'middle' : 'small'} icon={<EditOutlined />} onClick={() => setDetails(l)} aria-label={`登记详情 ${l.assetTag}`}>
            {isMobile ? null : '持有人/位置'}
          </Button>
        </Space>
      );
    }
    if (l.result !== 'missing') {
      return (
        <Button size="small" type="link" icon={<UndoOutlined />} onClick={() => uncount(l)} aria-label={`撤销 ${l.assetTag}`}>
          撤销
        </Button>
      );
    }
    return null;
  };

  const stats = (
    <Flex wrap gap={isMobile ? 12 : 32}>
      <Statistic title="应有" value={c.expected} />
      <Statistic title="待清点" value={c.pending} />
      <Statistic title="已清点" value={c.found} styles={{ content: { color: '#389e0d' } }} />
      <Statistic title="持有人不符" value={c.wrong_holder} styles={{ content: c.wrong_holder ? { color: '#d46b08' } : undefined }} />
      <Statistic title="账外" value={c.unexpected} styles={{ content: c.unexpected ? { color: '#531dab' } : undefined }} />
      {round.status === 'closed' ? <Statistic title="缺失" value={c.missing} styles={{ content: c.missing ? { color: '#cf1322' } : undefined }} /> : null}
    </Flex>
  );

  const filterOptions: { value: Filter; label: string }[] = [
    { value: 'pending', label: `待清点 ${c.pending}` },
    { value: 'found', label: `已清点 ${c.found}` },
    { value: 'wrong_holder', label: `不符 ${c.wrong_holder}` },
    { value: 'unexpected', label: `账外 ${c.unexpected}` },
    ...(round.status === 'closed' ? [{ value: 'missing' as Filter, label: `缺失 ${c.missing}` }] : []),
    { value: 'all', label: '全部' },
  ];

  const list = isMobile ? (
    <div data-testid="inventory-lines">
      {lines.length === 0 ? <Empty description={filter === 'pending' ? '没有待清点的装备' : '没有符合条件的记录'} /> : null}
      {lines.map((l) => (
        <div key={l.id} className="inventory-line-card" data-testid={`line-${l.assetTag}`}>
          <Flex justify="space-between" align="center" gap={8}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong style={{ fontFamily: 'monospace' }}>{l.assetTag}</Typography.Text> <ResultTag result={l.result} />
              <div>
                <Typography.Text type="secondary" ellipsis>
                  {describeLine(l) || (l.expected ? '' : '未在本单位台账中')}
                  {l.expectedHolderName ? ` · ${l.expectedHolderName}` : ''}
                </Typography.Text>
              </div>
            </div>
            {actions(l)}
          </Flex>
        </div>
      ))}
    </div>
  ) : (
    <Table<InventoryLine>
      data-testid="inventory-lines"
      rowKey="id"
      size="small"
      dataSource={lines}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={filter === 'pending' ? '没有待清点的装备' : '没有符合条件的记录'} /> }}
      columns={[
        {
          title: '资产编号', dataIndex: 'assetTag', width: 160,
          render: (v: string, l) => (l.itemId ? <Link to={`/equipment/${l.itemId}`} style={{ fontFamily: 'monospace' }}>{v}</Link> : <span style={{ fontFamily: 'monospace' }}>{v}</span>),
        },
        { title: '类别', dataIndex: 'categoryName', render: (v: string | null, l) => v ?? (l.expected ? '—' : <Typography.Text type="secondary">未登记装备</Typography.Text>) },
        { title: '型号', dataIndex: 'model', render: (v: string | null) => v ?? '—' },
        { title: '台账持有人', dataIndex: 'expectedHolderName', render: (v: string | null) => v ?? '—' },
        { title: '结果', dataIndex: 'result', width: 110, render: (r: InventoryLineResult) => <ResultTag result={r} /> },
        { title: '实际持有人', dataIndex: 'foundHolderName', render: (v: string | null) => v ?? '—' },
        { title: '实际位置', dataIndex: 'foundLocation', render: (v: string | null) => v ?? '—' },
        {
          title: '清点', key: 'by', render: (_, l) => (l.countedAt ? (
            <span>{l.countedByName} · {fmtDateTime(l.countedAt)} {l.method === 'scan' ? <Tag>扫码</Tag> : <Tag>勾选</Tag>}</span>
          ) : '—'),
        },
        ...(canCount ? [{ title: '操作', key: 'op', width: 200, render: (_: unknown, l: InventoryLine) => actions(l) }] : []),
      ]}
    />
  );

  const summary = round.summary;

  return (
    <>
      {!isMobile ? (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[{ title: <Link to="/inventory">季度清点</Link> }, { title: `${round.unitName} ${round.year}年第${round.quarter}季度` }]}
        />
      ) : null}
      <Card
        title={
          <Space wrap>
            <span>{round.unitName}</span>
            <Typography.Text type="secondary">{round.year}年第{round.quarter}季度清点</Typography.Text>
            <Tag color={counting ? 'processing' : 'success'}>{counting ? '清点中' : '已关闭'}</Tag>
          </Space>
        }
        extra={canClose ? (
          <Button type="primary" danger={c.pending > 0} icon={<LockOutlined />} onClick={close}>
            关闭清点
          </Button>
        ) : null}
        style={{ marginBottom: 16 }}
      >
        <RoundProgress round={round} />
        <div style={{ marginTop: 12 }}>{stats}</div>
        {!isMobile ? (
          <Descriptions size="small" style={{ marginTop: 12 }} column={3}>
            <Descriptions.Item label="开始">{round.startedByName} · {fmtDateTime(round.startedAt)}</Descriptions.Item>
            {round.closedAt ? <Descriptions.Item label="关闭">{round.closedByName} · {fmtDateTime(round.closedAt)}</Descriptions.Item> : null}
          </Descriptions>
        ) : null}
        {summary ? (
          <Alert
            type={summary.missing ? 'warning' : 'success'}
            showIcon
            style={{ marginTop: 12 }}
            data-testid="round-summary"
            title="已写入执法装备库"
            description={`登记遗失 ${summary.lost} 件，改配持有人 ${summary.reassigned} 件，更新存放位置 ${summary.relocated} 件，调入本单位 ${summary.transferred} 件，找回 ${summary.recovered} 件。`}
          />
        ) : null}
        {counting && !canClose && can('equipment.count') ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            清点完成后由中队长确认关闭，未清点到的装备将记为缺失。
          </Typography.Paragraph>
        ) : null}
      </Card>

      {canCount ? (
        <Card title="清点登记" size={isMobile ? 'small' : undefined} style={{ marginBottom: 16 }}>
          <ScanPanel
            onTag={async (assetTag, method) => {
              // A second look at a counted item (the camera still on it) is not a second count.
              const seen = round.lines.find((l) => l.assetTag === assetTag && l.result !== 'pending');
              if (seen) {
                message.info(`${assetTag} 已登记：${seen.resultLabel}`);
                return;
              }
              await count({ assetTag, method }).catch(() => undefined);
            }}
          />
          {last ? (
            <Alert
              style={{ marginTop: 12 }}
              type={last.result === 'found' ? 'success' : 'warning'}
              showIcon
              data-testid="last-count"
              title={`${last.assetTag}：${last.label}`}
              description={last.result === 'unexpected' ? '该装备不在本次应有清单中（其他单位的装备、已登记遗失，或未登记），关闭清点时按规则处理。' : describeLine(round.lines.find((l) => l.assetTag === last.assetTag))}
            />
          ) : null}
        </Card>
      ) : null}

      <Card size={isMobile ? 'small' : undefined}>
        <Flex wrap gap={8} justify="space-between" style={{ marginBottom: 12 }}>
          <Segmented<Filter> value={filter} onChange={setFilter} options={filterOptions} aria-label="清点结果筛选" />
          <Input.Search allowClear placeholder="资产编号、型号、类别" value={q} onChange={(e) => setQ(e.target.value)} style={{ width: isMobile ? '100%' : 240 }} aria-label="筛选清单" />
        </Flex>
        {list}
      </Card>

      <DetailsModal line={details} unitId={round.unitId} onClose={() => setDetails(null)} onSubmit={(input) => count(input)} />
    </>
  );
}

