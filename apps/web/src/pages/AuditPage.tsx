import { useState } from 'react';
import { AutoComplete, Button, Card, DatePicker, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { auditApi } from '../api/endpoints';
import type { AuditEntry, AuditQuery, AuditVerifyResult } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { JsonDiff } from '../components/JsonDiff';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { fmtDateTime } from '../lib/format';
import { ACTION_LABELS, actionLabel, ENTITY_TYPE_LABELS, entityTypeLabel, OFFICER_FIELD_LABELS } from '../lib/labels';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { AuditVerifyButton, AuditVerifyResultAlert } from './audit/AuditVerify';

const ENTITY_OPTIONS = Object.entries(ENTITY_TYPE_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` }));
const ACTION_OPTIONS = Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` }));

interface Draft {
  entityType?: string;
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  unitId?: string;
}

export default function AuditPage() {
  const { can } = useAuth();
  const isMobile = useIsMobile();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20, sort: '-seq' });
  const [draft, setDraft] = useState<Draft>({});
  const [verify, setVerify] = useState<AuditVerifyResult | { error: string } | null>(null);
  const list = useRequest((signal) => auditApi.list(query, signal), [JSON.stringify(query)]);

  const apply = () => {
    const [from, to] = draft.range ?? [];
    setQuery((q) => ({
      page: 1,
      pageSize: q.pageSize,
      sort: q.sort,
      entityType: draft.entityType?.trim() || undefined,
      action: draft.action?.trim() || undefined,
      actor: draft.actor?.trim() || undefined,
      unitId: draft.unitId,
      from: from ? from.format('YYYY-MM-DD') : undefined,
      to: to ? to.format('YYYY-MM-DD') : undefined,
    }));
  };
  const reset = () => {
    setDraft({});
    setQuery((q) => ({ page: 1, pageSize: q.pageSize, sort: '-seq' }));
  };

  return (
    <>
      <PageHeader
        title="审计日志"
        subTitle="所有数据变更与登录操作均记入哈希链，不可篡改"
        extra={can('audit.verify') ? <AuditVerifyButton onResult={setVerify} /> : null}
      />
      {verify ? <AuditVerifyResultAlert result={verify} onClose={() => setVerify(null)} /> : null}
      <Card size="small">
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <AutoComplete
            allowClear
            placeholder="对象类型"
            aria-label="对象类型"
            value={draft.entityType}
            onChange={(v: string) => setDraft((d) => ({ ...d, entityType: v }))}
            options={ENTITY_OPTIONS}
            showSearch={{ filterOption: (input, opt) => String(opt?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
            style={{ width: 160 }}
          />
          <AutoComplete
            allowClear
            placeholder="操作"
            aria-label="操作"
            value={draft.action}
            onChange={(v: string) => setDraft((d) => ({ ...d, action: v }))}
            options={ACTION_OPTIONS}
            showSearch={{ filterOption: (input, opt) => String(opt?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
            style={{ width: 160 }}
          />
          <Input
            allowClear
            placeholder="操作人用户名"
            aria-label="操作人"
            value={draft.actor}
            onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))}
            onPressEnter={apply}
            style={{ width: 150 }}
          />
          <DatePicker.RangePicker
            value={draft.range ?? null}
            onChange={(v) => setDraft((d) => ({ ...d, range: v as Draft['range'] }))}
            placeholder={['开始日期', '结束日期']}
            aria-label="日期范围"
          />
          <UnitTreeSelect value={draft.unitId} onChange={(v) => setDraft((d) => ({ ...d, unitId: v }))} placeholder="单位" style={{ width: 180 }} />
          <Button type="primary" onClick={apply}>
            查询
          </Button>
          <Button onClick={reset}>重置</Button>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的审计记录" /> }}
          expandable={{
            expandedRowRender: (r) => (
              <div style={{ maxWidth: isMobile ? '90vw' : 960 }}>
                <JsonDiff before={r.before} after={r.after} labels={OFFICER_FIELD_LABELS} />
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8, wordBreak: 'break-all' }}>
                  对象ID：{r.entityId ?? '—'} · 来源IP：{r.ip ?? '—'} · 哈希：<code>{r.hash}</code>
                </Typography.Text>
              </div>
            ),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (t) => `共 ${t} 条`,
            simple: isMobile,
          }}
          onChange={(p, _f, sorter, extra) => {
            if (extra.action === 'paginate') setQuery((q) => ({ ...q, page: p.current, pageSize: p.pageSize }));
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              setQuery((q) => ({ ...q, page: 1, sort: s?.order === 'ascend' ? 'seq' : '-seq' }));
            }
          }}
          columns={[
            {
              title: '序号',
              dataIndex: 'seq',
              key: 'seq',
              width: 80,
              sorter: true,
              sortOrder: query.sort === 'seq' ? 'ascend' : 'descend',
              sortDirections: ['descend', 'ascend', 'descend'],
            },
            { title: '时间', dataIndex: 'at', key: 'at', width: 150, render: fmtDateTime },
            { title: '操作人', dataIndex: 'actorName', key: 'actorName', width: 110, render: (v: string | null) => v || '系统' },
            { title: '单位', dataIndex: 'unitName', key: 'unitName', responsive: ['md'], render: (v: string | null) => v || '—' },
            {
              title: '对象类型',
              dataIndex: 'entityType',
              key: 'entityType',
              width: 100,
              render: (v: string) => <Tag>{entityTypeLabel(v)}</Tag>,
            },
            {
              title: '操作',
              dataIndex: 'action',
              key: 'action',
              width: 110,
              render: (v: string) => <Tag color={/fail|lock|delete|disable/.test(v) ? 'red' : 'blue'}>{actionLabel(v)}</Tag>,
            },
            { title: '对象ID', dataIndex: 'entityId', key: 'entityId', responsive: ['xl'], ellipsis: true, render: (v: string | null) => v || '—' },
            { title: 'IP', dataIndex: 'ip', key: 'ip', responsive: ['lg'], render: (v: string | null) => v || '—' },
          ]}
        />
      </Card>
    </>
  );
}
