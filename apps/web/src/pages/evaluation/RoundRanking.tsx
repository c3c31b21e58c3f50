// 排名: per tier, across the user's scope (the whole city for the city bureau) and within each district; equal points
// share a rank (the server ranks; 1, 1, 3 …).
import { useState, type HTMLAttributes } from 'react';
import { Empty, Segmented, Table, Tabs, Typography } from 'antd';
import { Link } from 'react-router';
import type { EvaluationTier } from '@cg/domain';
import type { ApplicantView, RankEntry, RoundDetail } from '../../api/evaluation';
import { PassTag } from './RoundScore';
import { fmtPoints } from './score-format';

function RankTable({ tier, items, byId, projected, showDistrict, testId }: {
  tier: EvaluationTier; items: RankEntry[]; byId: Map<string, ApplicantView>; projected: boolean; showDistrict: boolean; testId: string;
}) {
  return (
    <Table<RankEntry>
      data-testid={testId}
      rowKey="applicantId"
      size="small"
      dataSource={items}
      pagination={false}
      locale={{ emptyText: <Empty description="暂无得分" /> }}
      onRow={(r) => ({ 'data-testid': `${testId}-row-${r.applicantId}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: '名次', dataIndex: 'rank', width: 70, render: (n: number) => <Typography.Text strong>{n}</Typography.Text> },
        { title: '中队', dataIndex: 'unitName', render: (v: string, r) => <Link to={`/evaluation/applicants/${r.applicantId}`}>{v}</Link> },
        ...(showDistrict ? [{ title: '区局', dataIndex: 'districtName', render: (v: string | null) => v ?? '—' }] : []),
        { title: '得分', dataIndex: 'points', width: 90, align: 'right' as const, render: (p: number) => fmtPoints(p) },
        {
          title: projected ? '结果（预计）' : '结果', key: 'passed', width: 120,
          render: (_: unknown, r: RankEntry) => {
            const a = byId.get(r.applicantId);
            return <PassTag passed={tier === 'standard' ? a?.standardPassed : a?.demonstrationPassed} />;
          },
        },
      ]}
    />
  );
}

export function RoundRanking({ detail, cityWide }: { detail: RoundDetail; cityWide: boolean }) {
  const [scope, setScope] = useState<string>('city');
  const byId = new Map(detail.applicants.map((a) => [a.id, a]));
  const projected = detail.round.status !== 'published';
  const tiers: { tier: EvaluationTier; label: string }[] = [
    { tier: 'standard', label: '规范化达标中队' },
    { tier: 'demonstration', label: '示范中队' },
  ];
  return (
    <Tabs
      data-testid="round-ranking"
      items={tiers.map(({ tier, label }) => {
        const r = detail.ranking[tier];
        const districts = r.districts.filter((d) => d.items.length > 0);
        // One district only (a district's own view): its ranking is the whole list.
        const options = [
          { value: 'city', label: cityWide ? '全市' : '管辖范围内' },
          ...(districts.length > 1 ? districts.map((d) => ({ value: d.districtName, label: d.districtName })) : []),
        ];
        const current = options.some((o) => o.value === scope) ? scope : 'city';
        const items = current === 'city' ? r.city : (districts.find((d) => d.districtName === current)?.items ?? []);
        return {
          key: tier,
          label: `${label}（${r.city.length}）`,
          children: (
            <>
              {options.length > 1 ? (
                <Segmented
                  value={current}
                  onChange={(v) => setScope(String(v))}
                  options={options}
                  style={{ marginBottom: 12 }}
                  data-testid={`ranking-${tier}-scope`}
                />
              ) : null}
              <RankTable
                tier={tier}
                items={items}
                byId={byId}
                projected={projected}
                showDistrict={current === 'city'}
                testId={`ranking-${tier}`}
              />
            </>
          ),
        };
      })}
    />
  );
}
