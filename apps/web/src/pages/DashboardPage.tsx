import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Flex, Progress, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { UNIT_KINDS } from '@cg/domain';
import { officersApi } from '../api/endpoints';
import type { UnitTreeNode } from '../api/types';
import { useAuth, useMe } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useUnitTree } from '../components/unit-tree-context';
import { percent } from '../lib/format';
import { countByKind } from '../lib/tree';
import { useRequest } from '../lib/use-request';
import { EquipmentReminders } from './dashboard/EquipmentReminders';
import { MyKitCard } from './dashboard/MyKitCard';
import { toQualityRows, type QualityRow } from './dashboard/quality-rows';

const QualityChart = lazy(() => import('./dashboard/QualityChart'));

const TARGET = 95; // default target rate (%) used to colour the gauges and the gap list

function rateColor(v: number): string {
  if (v >= TARGET) return '#52c41a';
  if (v >= 80) return '#faad14';
  return '#ff4d4f';
}

export default function DashboardPage() {
  const me = useMe();
  const { can } = useAuth();
  const { index, roots } = useUnitTree();
  const [scopeId, setScopeId] = useState<string | undefined>(undefined);
  const scope = scopeId ?? roots[0]?.id ?? me.unit.id;
  const scopeNode: UnitTreeNode | undefined = index.byId.get(scope);
  const canOfficers = can('officer.read');

  const quality = useRequest((signal) => officersApi.quality(scope, signal), [scope], canOfficers);

  const kindCounts = useMemo(() => (scopeNode ? countByKind([scopeNode]) : new Map<string, number>()), [scopeNode]);
  const rows = useMemo(() => toQualityRows(quality.data?.byUnit ?? []), [quality.data]);
  const gaps = rows.filter((r) => r.total > 0 && r.worst < TARGET).slice(0, 10);
  const q = quality.data;
  const rates = q
    ? [
        { key: 'complete', label: '完整率', value: percent(q.complete, q.total), hint: '必填字段齐全的记录占比', filter: 'incomplete' },
        { key: 'valid', label: '准确率', value: percent(q.valid, q.total), hint: '通过身份证号、执法证号、手机号等校验的记录占比', filter: 'invalid' },
        { key: 'fresh', label: '及时率', value: percent(q.fresh, q.total), hint: '本季度内已确认（复核）的记录占比', filter: 'stale' },
      ]
    : [];

  return (
    <>
      <PageHeader
        title="工作台"
        subTitle={`${me.displayName}，您好！当前范围：${scopeNode?.name ?? me.unit.name}`}
        extra={
          <UnitTreeSelect
            value={scope}
            onChange={(v) => setScopeId(v)}
            allowClear={false}
            style={{ minWidth: 240 }}
            aria-label="统计范围"
          />
        }
      />

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="组织机构" size="small" extra={can('unit.read') ? <Link to="/units">查看组织机构</Link> : null}>
            <Flex wrap gap={24}>
              {UNIT_KINDS.filter((k) => kindCounts.get(k)).map((k) => (
                <Statistic key={k} title={k} value={kindCounts.get(k) ?? 0} suffix="个" />
              ))}
              {kindCounts.size === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无单位" /> : null}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="执法人员库" size="small" extra={canOfficers ? <Link to={`/officers?unitId=${scope}`}>查看人员</Link> : null}>
            {quality.loading && !q ? (
              <Skeleton active paragraph={{ rows: 1 }} />
            ) : (
              <Flex wrap gap={24}>
                <Statistic title="执法人员总数" value={q?.total ?? scopeNode?.officerCount ?? 0} suffix="人" />
                <Statistic title="数据完整" value={q?.complete ?? 0} suffix="人" />
                <Statistic title="数据准确" value={q?.valid ?? 0} suffix="人" />
                <Statistic title="本季度已确认" value={q?.fresh ?? 0} suffix="人" />
              </Flex>
            )}
          </Card>
        </Col>

        {me.officerId ? (
          <Col xs={24} lg={can('equipment.read') ? 12 : 24}>
            <MyKitCard />
          </Col>
        ) : null}
        {can('equipment.read') ? (
          <Col xs={24} lg={me.officerId ? 12 : 24}>
            <EquipmentReminders unitId={scope} />
          </Col>
        ) : null}

        {canOfficers ? (
          <Col span={24}>
            <Card
              title="执法人员库数据质量"
              size="small"
              extra={q?.quarter ? <Tag color="blue">统计周期：{q.quarter}</Tag> : null}
            >
              {quality.error ? <LoadError error={quality.error} onRetry={quality.reload} /> : null}
              {quality.loading && !q ? <Skeleton active /> : null}
              {q ? (
                q.total === 0 ? (
                  <Empty description="该范围内暂无执法人员记录" />
                ) : (
                  <Row gutter={[16, 16]}>
                    {rates.map((r) => (
                      <Col xs={24} sm={8} key={r.key} style={{ textAlign: 'center' }}>
                        <Progress type="dashboard" percent={r.value} strokeColor={rateColor(r.value)} format={(p) => `${p}%`} />
                        <div>
                          <Typography.Text strong>{r.label}</Typography.Text>
                        </div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.hint}
                        </Typography.Text>
                        <div>
                          <Link to={`/officers?unitId=${scope}&quality=${r.filter}`}>查看问题记录</Link>
                        </div>
                      </Col>
                    ))}
                  </Row>
                )
              ) : null}
            </Card>
          </Col>
        ) : null}

        {canOfficers && rows.length > 0 ? (
          <>
            <Col xs={24} xl={14}>
              <Card title="各单位数据质量（由低到高）" size="small">
                <Suspense fallback={<Skeleton active />}>
                  <QualityChart rows={rows} />
                </Suspense>
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title="差距清单" size="small" extra={<Typography.Text type="secondary">目标 {TARGET}%</Typography.Text>}>
                {gaps.length === 0 ? (
                  <Alert type="success" showIcon title="各单位数据质量均已达标" />
                ) : (
                  <GapTable rows={gaps} />
                )}
              </Card>
            </Col>
          </>
        ) : null}
      </Row>
    </>
  );
}

function GapTable({ rows }: { rows: QualityRow[] }) {
  const pct = (v: number) => <span style={{ color: rateColor(v) }}>{v}%</span>;
  return (
    <Table<QualityRow>
      size="small"
      rowKey="unitId"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: '单位', dataIndex: 'unitName', render: (v: string, r) => <Link to={`/officers?unitId=${r.unitId}&quality=${r.worstDimension}`}>{v}</Link> },
        { title: '人数', dataIndex: 'total', align: 'right' },
        { title: '完整率', dataIndex: 'completeness', align: 'right', render: pct },
        { title: '准确率', dataIndex: 'validity', align: 'right', render: pct },
        { title: '及时率', dataIndex: 'freshness', align: 'right', render: pct },
      ]}
    />
  );
}
