// 装备管理考核指标 (GET /api/equipment/indicators) for a unit and a date, with a drawer listing what each figure
// counted and what is missing, linked to the items, officers and units behind it.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Empty, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { equipmentApi } from '../../api/endpoints';
import type { EquipmentIndicator, IndicatorRecord } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../lib/use-is-mobile';
import { useRequest } from '../../lib/use-request';

const pct = (v: number) => `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
const fmtValue = (ind: EquipmentIndicator, v: number) => (ind.kind === 'ratio' ? pct(v) : `${v}`);

/** Met when a ratio reaches its target, or a count (逾期 …) stays at or below it. */
function met(ind: EquipmentIndicator): boolean | undefined {
  if (ind.target === undefined) return undefined;
  return ind.kind === 'ratio' ? ind.value >= ind.target : ind.value <= ind.target;
}

type RecordKind = 'item' | 'officer' | 'unit';

/** What the ids of an indicator's records and gaps name (see equipment-indicators.ts on the server). */
function recordKind(key: string, side: 'records' | 'gaps'): RecordKind {
  if (key.startsWith('kit.')) return side === 'records' ? 'item' : 'officer';
  if (key.startsWith('squadron_kit.')) return 'unit';
  return 'item';
}

export function IndicatorSection({ unitId, categories }: { unitId: string; categories?: { id: string; code: string }[] }) {
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? undefined;
  const report = useRequest((signal) => equipmentApi.indicators({ unitId, asOf }, signal), [unitId, asOf]);
  const [open, setOpen] = useState<EquipmentIndicator | null>(null);
  const r = report.data;

  const setAsOf = (value: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set('asOf', value);
      else next.delete('asOf');
      return next;
    }, { replace: true });

  return (
    <Card
      size="small"
      title="装备管理考核指标"
      extra={
        <Space>
          <Typography.Text type="secondary">统计日</Typography.Text>
          <DatePicker
            aria-label="统计日"
            value={asOf ? dayjs(asOf) : null}
            placeholder="今天"
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : undefined)}
          />
        </Space>
      }
    >
      {report.error ? <LoadError error={report.error} onRetry={report.reload} /> : null}
      {r ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {r.unit.name} · 统计日 {r.asOf} · 在岗人员 {r.activeOfficers} 人 · 中队 {r.squadrons} 个 · 装备 {r.items} 件（在役 {r.itemsInService} 件）。
          {r.notes.join(' ')}
        </Typography.Paragraph>
      ) : null}
      <Table<EquipmentIndicator>
        size="small"
        rowKey="key"
        loading={report.loading}
        dataSource={r?.indicators ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="indicator-table"
        locale={{ emptyText: <Empty description={r ? '该单位在统计日没有可计算的指标' : '暂无数据'} /> }}
        onRow={(ind) => ({ onClick: () => setOpen(ind), style: { cursor: 'pointer' } })}
        columns={[
          { title: '指标', dataIndex: 'label' },
          {
            title: '数值', key: 'value', align: 'right',
            render: (_, ind) => <Typography.Text strong type={met(ind) === false ? 'danger' : undefined}>{fmtValue(ind, ind.value)}</Typography.Text>,
          },
          {
            title: '分子 / 分母', key: 'ratio', align: 'right',
            render: (_, ind) => (ind.numerator !== undefined && ind.denominator !== undefined ? `${ind.numerator} / ${ind.denominator}` : '—'),
          },
          { title: '目标', key: 'target', align: 'right', render: (_, ind) => (ind.target === undefined ? '—' : fmtValue(ind, ind.target)) },
          {
            title: '达标', key: 'met',
            render: (_, ind) => {
              const m = met(ind);
              return m === undefined ? '—' : <Tag color={m ? 'green' : 'red'}>{m ? '达标' : '未达标'}</Tag>;
            },
          },
          {
            title: '明细', key: 'open',
            render: (_, ind) => (
              <Button type="link" size="small" onClick={(e) => { e.stopPropagation(); setOpen(ind); }}>
                查看（{ind.records.length + ind.gaps.length}）
              </Button>
            ),
          },
        ]}
      />
      <IndicatorDrawer indicator={open} categories={categories} onClose={() => setOpen(null)} />
    </Card>
  );
}

function IndicatorDrawer({ indicator, categories, onClose }: {
  indicator: EquipmentIndicator | null; categories?: { id: string; code: string }[]; onClose: () => void;
}) {
  const isMobile = useIsMobile();
  const { can } = useAuth();
  const ind = indicator;
  const sameLists = ind ? ind.records.length === ind.gaps.length && ind.records.every((r, i) => r.id === ind.gaps[i]?.id) : false;
  const categoryId = ind?.key.startsWith('squadron_kit.') ? categories?.find((c) => c.code === ind.key.slice('squadron_kit.'.length))?.id : undefined;

  const link = (kind: RecordKind, rec: IndicatorRecord) => {
    if (kind === 'item') return <Link to={`/equipment/${rec.id}`}>{rec.label}</Link>;
    if (kind === 'officer') return can('officer.read') ? <Link to={`/officers/${rec.id}`}>{rec.label}</Link> : rec.label;
    const q = new URLSearchParams({ unitId: rec.id, ...(categoryId ? { categoryId } : {}) });
    return <Link to={`/equipment?${q.toString()}`}>{rec.label}</Link>;
  };
  const list = (side: 'records' | 'gaps', rows: IndicatorRecord[], empty: string) => (
    <List
      size="small"
      data-testid={`indicator-${side}`}
      dataSource={rows}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
      renderItem={(rec) => (
        <List.Item>
          <List.Item.Meta title={link(recordKind(ind!.key, side), rec)} description={rec.detail} />
        </List.Item>
      )}
    />
  );

  return (
    <Drawer open={ind !== null} title={ind?.label} size={isMobile ? '100%' : 560} onClose={onClose} destroyOnHidden>
      {ind ? (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 12 }}
            items={[
              { key: 'value', label: '数值', children: fmtValue(ind, ind.value) },
              { key: 'target', label: '目标', children: ind.target === undefined ? '—' : fmtValue(ind, ind.target) },
              ...(ind.numerator !== undefined ? [{ key: 'numerator', label: '分子', children: ind.numerator }] : []),
              ...(ind.denominator !== undefined ? [{ key: 'denominator', label: '分母', children: ind.denominator }] : []),
            ]}
          />
          {ind.truncated ? <Alert type="warning" showIcon title="记录较多，每个清单只列出前 500 条" style={{ marginBottom: 12 }} /> : null}
          <Tabs
            items={[
              ...(ind.records.length > 0 || ind.gaps.length === 0
                ? [{ key: 'records', label: `统计对象（${ind.records.length}）`, children: list('records', ind.records, '没有计入的记录') }]
                : []),
              ...(!sameLists && ind.gaps.length > 0 ? [{ key: 'gaps', label: `差距（${ind.gaps.length}）`, children: list('gaps', ind.gaps, '没有差距') }] : []),
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
