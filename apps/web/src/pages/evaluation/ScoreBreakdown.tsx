// The score of a squadron, tier by tier: total against the pass line, then categories → items → criteria, each criterion
// with its evidence source, how it was scored, its indicator value against the target and — expanded — the records
// behind it, what is missing and the on-site finding. Shared by 中队自评, 现场评分 and the round pages.
import { useMemo, type HTMLAttributes } from 'react';
import { Card, Col, Collapse, Descriptions, Empty, Flex, Image, Row, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  EVALUATION_TIER_LABELS, EVIDENCE_SOURCE_LABELS, INDICATORS_BY_ID, type CriterionScore, type IndicatorResult, type TierScore,
} from '@cg/domain';
import { fmtDateTime } from '../../lib/format';
import { EvidenceRecordList } from './GapList';
import {
  basisTag, fmtPercent, fmtPoints, fmtRatio, fmtValueVsTarget, shortOfLine, tierStatus,
} from './score-format';

export interface ScoreFinding {
  criterionCode: string; verdict: 'confirm' | 'override'; credit: number | null; reason: string | null; inspectorName: string; at: string;
  photos: { id: string; fileName: string; url: string }[];
}

function FindingView({ finding }: { finding: ScoreFinding }) {
  return (
    <div data-testid={`criterion-finding-${finding.criterionCode}`}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        {
          key: 'verdict', label: '现场检查',
          children: finding.verdict === 'confirm' ? <Tag color="green">确认数据</Tag> : <Tag color="orange">改判</Tag>,
        },
        { key: 'credit', label: '得分比例', children: finding.credit === null ? '按数据' : fmtPercent(finding.credit) },
        { key: 'who', label: '检查员', children: `${finding.inspectorName} · ${fmtDateTime(finding.at)}` },
        ...(finding.reason ? [{ key: 'reason', label: '理由', span: 3, children: finding.reason }] : []),
      ]} />
      {finding.photos.length ? (
        <Image.PreviewGroup>
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            {finding.photos.map((p) => (
              <Image key={p.id} src={p.url} width={80} height={80} style={{ objectFit: 'cover', borderRadius: 6 }} alt={p.fileName} />
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : null}
    </div>
  );
}

function CriterionDetail({ s, indicator, finding }: { s: CriterionScore; indicator: IndicatorResult | undefined; finding: ScoreFinding | undefined }) {
  const def = s.indicatorId ? INDICATORS_BY_ID.get(s.indicatorId) : undefined;
  return (
    <Flex vertical gap={12} style={{ padding: '4px 8px' }} data-testid={`criterion-detail-${s.code}`}>
      {def ? (
        <Typography.Text type="secondary">
          数据指标：{def.label}（{def.description}）
          {s.unavailableReason ? <Typography.Text type="warning">；{s.unavailableReason}</Typography.Text> : null}
        </Typography.Text>
      ) : <Typography.Text type="secondary">此项以现场检查计分。</Typography.Text>}
      {s.fixesToFull ? (
        <Typography.Text>
          补齐 {s.fixesToFull} 项即可得满分{s.pointsPerFix !== null ? `，每补 1 项约得 ${fmtPoints(s.pointsPerFix)} 分` : ''}。
        </Typography.Text>
      ) : null}
      {indicator ? (
        <Row gutter={[16, 8]}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>缺少或不达标（{indicator.gaps.length}{indicator.truncated ? '+' : ''}）</Typography.Text>
            <EvidenceRecordList records={indicator.gaps} empty="没有缺项" testId={`criterion-gaps-${s.code}`} />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>已计入的记录（{indicator.records.length}{indicator.truncated ? '+' : ''}）</Typography.Text>
            <EvidenceRecordList records={indicator.records} truncated={indicator.truncated} empty="没有记录" testId={`criterion-records-${s.code}`} />
          </Col>
        </Row>
      ) : null}
      {finding ? <FindingView finding={finding} /> : s.source !== 'data' ? <Typography.Text type="secondary">尚无现场检查记录。</Typography.Text> : null}
    </Flex>
  );
}

function CriteriaTable({ criteria, indicators, findings, showHeader }: {
  criteria: CriterionScore[]; indicators: Record<string, IndicatorResult>; findings: Map<string, ScoreFinding>; showHeader: boolean;
}) {
  const columns: TableColumnsType<CriterionScore> = [
    { title: '评估指标', dataIndex: 'text', render: (v: string, s) => <span>{v}{findings.has(s.code) ? <Tag style={{ marginLeft: 6 }}>有检查记录</Tag> : null}</span> },
    {
      title: '证据来源', dataIndex: 'source', width: 150,
      render: (v: CriterionScore['source'], s) => (
        <span>
          {EVIDENCE_SOURCE_LABELS[v]}
          {s.indicatorLabel ? <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{s.indicatorLabel}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: '计分方式', dataIndex: 'basis', width: 110,
      render: (v: CriterionScore['basis'], s) => {
        const tag = basisTag(v, s.indicatorId);
        return <Tooltip title={s.unavailableReason ?? tag.hint}><Tag color={tag.color}>{tag.label}</Tag></Tooltip>;
      },
    },
    { title: '指标值 / 目标', key: 'value', width: 170, render: (_: unknown, s) => fmtValueVsTarget(s) },
    { title: '分子 / 分母', key: 'ratio', width: 100, render: (_: unknown, s) => fmtRatio(s) ?? '—' },
    {
      title: '得分 / 分值', key: 'points', width: 100, align: 'right',
      render: (_: unknown, s) => (
        <span data-testid={`criterion-points-${s.code}`}>
          <Typography.Text strong type={s.credit === null ? 'warning' : s.gain > 1e-6 ? 'danger' : undefined}>
            {s.credit === null ? '待定' : fmtPoints(s.points)}
          </Typography.Text>
          {' / '}{fmtPoints(s.weight)}
        </span>
      ),
    },
  ];
  return (
    <Table<CriterionScore>
      size="small" rowKey="code" columns={columns} dataSource={criteria} pagination={false} scroll={{ x: 860 }} showHeader={showHeader}
      onRow={(s) => ({ 'data-testid': `criterion-${s.code}` }) as HTMLAttributes<HTMLElement>}
      expandable={{
        expandRowByClick: true,
        expandedRowRender: (s) => (
          <CriterionDetail s={s} indicator={s.indicatorId ? indicators[s.indicatorId] : undefined} finding={findings.get(s.code)} />
        ),
      }}
    />
  );
}

function TierCard({ tier, indicators, findings }: { tier: TierScore; indicators: Record<string, IndicatorResult>; findings: Map<string, ScoreFinding> }) {
  const status = tierStatus(tier);
  // Categories short of full points start open; full ones stay closed but rendered (their rows remain addressable).
  const open = tier.categories.filter((c) => c.points < c.weight - 1e-6).map((c) => c.code);
  return (
    <Card
      size="small" data-testid={`score-tier-${tier.tier}`}
      title={<span>{tier.name} <Tag color={status.color} data-testid={`score-status-${tier.tier}`}>{status.label}</Tag></span>}
      extra={<Typography.Text type="secondary">合格线 {fmtPoints(tier.passLine)} 分</Typography.Text>}
    >
      <Row gutter={[16, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Statistic
            title="得分" value={fmtPoints(tier.points)} suffix="/ 100"
            styles={{ content: { color: tier.passed ? '#389e0d' : '#cf1322' } }}
            valueRender={(node) => <span data-testid={`score-total-${tier.tier}`}>{node}</span>}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="距合格线" value={shortOfLine(tier) > 0 ? `差 ${fmtPoints(shortOfLine(tier))}` : '已达到'} />
        </Col>
        <Col xs={12} md={6}>
          <Tooltip title="现场检查项目在检查前计0分"><Statistic title="待现场检查" value={fmtPoints(tier.pendingPoints)} suffix="分" /></Tooltip>
        </Col>
        <Col xs={12} md={6}>
          <Tooltip title="待现场检查的项目全部得满分时的得分"><Statistic title="最好情况" value={fmtPoints(tier.bestCase)} suffix="分" /></Tooltip>
        </Col>
      </Row>
      {tier.requirementMet !== null ? (
        <Typography.Paragraph type={tier.requirementMet ? 'success' : 'danger'} data-testid={`score-requirement-${tier.tier}`}>
          {tier.requirementMet ? '前提：规范化达标中队已达标。' : `前提：须同时通过${EVALUATION_TIER_LABELS.standard}，目前未通过。`}
        </Typography.Paragraph>
      ) : null}
      <Collapse
        size="small" defaultActiveKey={open}
        items={tier.categories.map((cat) => ({
          key: cat.code,
          forceRender: true,
          label: (
            <Flex justify="space-between" gap={8}>
              <span>{cat.name}</span>
              <Typography.Text type={cat.points < cat.weight - 1e-6 ? 'danger' : 'success'} data-testid={`score-category-${cat.code}`}>
                {fmtPoints(cat.points)} / {fmtPoints(cat.weight)}
              </Typography.Text>
            </Flex>
          ),
          children: (
            <Flex vertical gap={12}>
              {cat.items.map((item, i) => (
                <div key={item.code} data-testid={`score-item-${item.code}`}>
                  <Flex justify="space-between" style={{ marginBottom: 4 }}>
                    <Typography.Text strong>{item.name}</Typography.Text>
                    <Typography.Text type="secondary">{fmtPoints(item.points)} / {fmtPoints(item.weight)} 分</Typography.Text>
                  </Flex>
                  <CriteriaTable criteria={item.criteria} indicators={indicators} findings={findings} showHeader={i === 0} />
                </div>
              ))}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}

export function ScoreBreakdown({ tiers, indicators, findings }: {
  tiers: TierScore[]; indicators: Record<string, IndicatorResult>; findings?: ScoreFinding[];
}) {
  const byCode = useMemo(() => new Map((findings ?? []).map((f) => [f.criterionCode, f])), [findings]);
  if (!tiers.length) return <Empty description="没有评分" />;
  return (
    <Flex vertical gap={16} data-testid="score-breakdown">
      {tiers.map((t) => <TierCard key={t.tier} tier={t} indicators={indicators} findings={byCode} />)}
    </Flex>
  );
}
