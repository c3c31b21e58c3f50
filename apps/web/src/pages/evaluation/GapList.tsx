// 差距清单: every criterion short of full points, in the order given (the most valuable fix first), with what to do and
// the records to fix. Shared by 中队自评, 现场评分 and the round pages.
import { useState, type HTMLAttributes } from 'react';
import { Button, Empty, List, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { EVALUATION_TIER_LABELS, type EvidenceRecord, type GapEntry } from '@cg/domain';
import { basisTag, fmtPoints, isAppLink } from './score-format';

export type GapRow = GapEntry & { tierLabel?: string; records?: EvidenceRecord[] };

/** Records behind an indicator (what was counted or what is missing), each opening its page in the app when it has one. */
export function EvidenceRecordList({ records, truncated, empty = '没有记录', testId }: {
  records: EvidenceRecord[]; truncated?: boolean; empty?: string; testId?: string;
}) {
  if (!records.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <>
      <List<EvidenceRecord>
        size="small" dataSource={records} data-testid={testId}
        pagination={records.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        renderItem={(r) => (
          <List.Item key={r.id} style={{ paddingInline: 0 }}>
            <span>
              {r.link
                ? isAppLink(r.link) ? <Link to={r.link}>{r.label}</Link> : <a href={r.link} target="_blank" rel="noreferrer">{r.label}</a>
                : r.label}
              {r.detail ? <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{r.detail}</Typography.Text> : null}
            </span>
          </List.Item>
        )}
      />
      {truncated ? <Typography.Text type="secondary">仅列出前 {records.length} 条。</Typography.Text> : null}
    </>
  );
}

export function GapList({ gaps, max }: { gaps: GapRow[]; max?: number }) {
  const [all, setAll] = useState(false);
  const shown = max !== undefined && !all ? gaps.slice(0, max) : gaps;
  const columns: TableColumnsType<GapRow> = [
    { title: '等级', key: 'tier', width: 120, render: (_: unknown, g) => g.tierLabel ?? EVALUATION_TIER_LABELS[g.tier] },
    {
      title: '类别 / 项目', key: 'item', width: 180,
      render: (_: unknown, g) => <span>{g.categoryName}<Typography.Text type="secondary"> / {g.itemName}</Typography.Text></span>,
    },
    {
      title: '评估指标', dataIndex: 'text',
      render: (v: string, g) => {
        const tag = basisTag(g.basis, g.indicatorId);
        return <span>{v} <Tooltip title={tag.hint}><Tag color={tag.color}>{tag.label}</Tag></Tooltip></span>;
      },
    },
    {
      title: '可得分', dataIndex: 'gain', width: 80, align: 'right',
      render: (v: number, g) => <Typography.Text strong type="danger" data-testid={`gap-gain-${g.criterionCode}`}>+{fmtPoints(v)}</Typography.Text>,
    },
    { title: '建议', dataIndex: 'advice' },
    {
      title: '每补1项', key: 'perFix', width: 110,
      render: (_: unknown, g) => (
        <span>
          {g.pointsPerFix !== null ? `+${fmtPoints(g.pointsPerFix)}分` : '—'}
          {g.fixesToFull ? <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>共需 {g.fixesToFull} 项</Typography.Text> : null}
        </span>
      ),
    },
  ];
  return (
    <div data-testid="gap-list">
      <Table<GapRow>
        size="small" rowKey={(g) => `${g.tier}:${g.criterionCode}`} columns={columns} dataSource={shown} pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description="没有差距：各项指标均已得满分" /> }}
        onRow={(g) => ({ 'data-testid': `gap-${g.criterionCode}` }) as HTMLAttributes<HTMLElement>}
        expandable={{
          rowExpandable: (g) => (g.records?.length ?? 0) > 0,
          expandedRowRender: (g) => <EvidenceRecordList records={g.records ?? []} testId={`gap-records-${g.criterionCode}`} />,
        }}
      />
      {max !== undefined && gaps.length > max ? (
        <Button type="link" size="small" onClick={() => setAll((v) => !v)} data-testid="gap-list-toggle">
          {all ? `只看前 ${max} 项` : `显示全部 ${gaps.length} 项`}
        </Button>
      ) : null}
    </div>
  );
}
