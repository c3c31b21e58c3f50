// One tier of the 评分标准 editor: pass line, then categories → items → a table of criteria. Every level shows the live
// sum of its children against its own points, and the domain's problems of that place in red. Read-only shows the same
// tree as text (published versions, users without evaluation.rubric).
import type { HTMLAttributes, ReactNode } from 'react';
import { Button, Card, Flex, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EVALUATION_TIER_LABELS, EVIDENCE_SOURCES, EVIDENCE_SOURCE_LABELS, INDICATOR_CATALOGUE, INDICATOR_MODULES, INDICATORS_BY_ID,
  type RubricContent, type RubricCriterion, type RubricProblem, type ScoringRule,
} from '@cg/domain';
import {
  addCategory, addCriterion, addItem, boundDefaults, canRemove, categorySum, fieldProblems, indicatorGroups, itemSum, 
  patchCategory, patchCriterion, patchItem, patchTier, remove, setIndicator, setSource, tierSum, type CategoryLoc, type CriterionLoc,
  type ItemLoc, type Sum,
} from './rubric-edit';

export const SCORING_RULE_LABELS: Record<ScoringRule, string> = { linear: '按比例计分', threshold: '达标得分' };
const GROUPS = indicatorGroups(INDICATOR_CATALOGUE);
const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

function Problems({ messages, testId }: { messages: readonly string[] | undefined; testId?: string }) {
  if (!messages?.length) return null;
  return (
    <Flex vertical data-testid={testId}>
      {messages.map((m) => <Typography.Text key={m} type="danger" style={{ fontSize: 12 }}>{m}</Typography.Text>)}
    </Flex>
  );
}

function SumTag({ s, what, testId }: { s: Sum; what: string; testId: string }) {
  return (
    <Tag color={s.ok ? 'green' : 'red'} data-testid={testId} data-ok={s.ok ? 'true' : 'false'}>
      {what}合计 {fmt(s.sum)} / {fmt(s.expected)} 分
    </Tag>
  );
}

function RemoveButton({ what, onConfirm, disabled, testId }: { what: string; onConfirm: () => void; disabled: boolean; testId: string }) {
  const button = <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={disabled} aria-label={`删除${what}`} data-testid={testId} />;
  if (disabled) return <Tooltip title={`至少保留一个${what}`}>{button}</Tooltip>;
  return (
    <Popconfirm title={`删除该${what}？`} description="保存前可用“放弃修改”恢复。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={onConfirm}>
      {button}
    </Popconfirm>
  );
}

export function IndicatorName({ id }: { id: string | undefined }) {
  const def = id ? INDICATORS_BY_ID.get(id) : undefined;
  if (!id) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!def) return <Typography.Text type="danger">{id}（不存在）</Typography.Text>;
  const planned = INDICATOR_MODULES[def.module].planned;
  return (
    <Tooltip title={def.description}>
      <span>{def.label}{planned ? <Tag color="default" style={{ marginLeft: 4 }}>未接入</Tag> : null}</span>
    </Tooltip>
  );
}

interface Props {
  content: RubricContent;
  tierIndex: number;
  problems: readonly RubricProblem[];
  editable: boolean;
  onChange: (next: RubricContent) => void;
}

export function RubricTierEditor({ content, tierIndex, problems, editable, onChange }: Props) {
  const tier = content.tiers[tierIndex]!;
  const tloc = { tier: tierIndex };
  const tierOwn = fieldProblems(problems, tloc);
  const ts = tierSum(tier);

  return (
    <Flex vertical gap={12} data-testid={`rubric-tier-${tier.tier}`}>
      <Flex wrap gap={16} align="center">
        <Space>
          <span>合格线</span>
          {editable ? (
            <InputNumber min={1} max={100} step={1} value={tier.passLine} suffix="分" style={{ width: 130 }} data-testid={`rubric-passline-${tier.tier}`}
              status={tierOwn.passLine ? 'error' : undefined} onChange={(v) => onChange(patchTier(content, tloc, { passLine: v ?? 0 }))} />
          ) : <Typography.Text strong data-testid={`rubric-passline-${tier.tier}`}>{fmt(tier.passLine)} 分</Typography.Text>}
        </Space>
        {tier.requires ? <Typography.Text type="secondary">须在同一轮次通过“{EVALUATION_TIER_LABELS[tier.requires]}”</Typography.Text> : null}
        <SumTag s={ts} what="类别" testId={`rubric-tier-sum-${tier.tier}`} />
      </Flex>
      <Problems messages={[...(tierOwn.passLine ?? []), ...(tierOwn.categories ?? []), ...(tierOwn.tier ?? []), ...(tierOwn.requires ?? [])]} />

      {tier.categories.map((cat, ci) => {
        const cloc: CategoryLoc = { tier: tierIndex, category: ci };
        const own = fieldProblems(problems, cloc);
        return (
          <Card key={ci} size="small" data-testid={`rubric-category-${cat.code}`}
            title={
              <Flex wrap gap={8} align="center" style={{ padding: '4px 0' }}>
                <NodeFields editable={editable} code={cat.code} name={cat.name} weight={cat.weight} own={own} what="类别"
                  onPatch={(p) => onChange(patchCategory(content, cloc, p))} />
                <SumTag s={categorySum(cat)} what="项目" testId={`rubric-category-sum-${cat.code}`} />
              </Flex>
            }
            extra={editable ? (
              <Space size={4}>
                <Button size="small" icon={<PlusOutlined />} onClick={() => onChange(addItem(content, cloc))} data-testid={`rubric-add-item-${cat.code}`}>项目</Button>
                <RemoveButton what="类别" disabled={!canRemove(content, cloc)} onConfirm={() => onChange(remove(content, cloc))} testId={`rubric-remove-category-${cat.code}`} />
              </Space>
            ) : null}>
            <Problems messages={[...(own.code ?? []), ...(own.weight ?? []), ...(own.items ?? [])]} />
            <Flex vertical gap={12}>
              {cat.items.map((item, ii) => {
                const iloc: ItemLoc = { ...cloc, item: ii };
                const iown = fieldProblems(problems, iloc);
                return (
                  <div key={ii} data-testid={`rubric-item-${item.code}`} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
                    <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 8 }}>
                      <Flex wrap gap={8} align="center">
                        <NodeFields editable={editable} code={item.code} name={item.name} weight={item.weight} own={iown} what="项目"
                          onPatch={(p) => onChange(patchItem(content, iloc, p))} />
                        <SumTag s={itemSum(item)} what="指标" testId={`rubric-item-sum-${item.code}`} />
                      </Flex>
                      {editable ? (
                        <Space size={4}>
                          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange(addCriterion(content, iloc))} data-testid={`rubric-add-criterion-${item.code}`}>指标</Button>
                          <RemoveButton what="项目" disabled={!canRemove(content, iloc)} onConfirm={() => onChange(remove(content, iloc))} testId={`rubric-remove-item-${item.code}`} />
                        </Space>
                      ) : null}
                    </Flex>
                    <Problems messages={[...(iown.code ?? []), ...(iown.weight ?? []), ...(iown.criteria ?? [])]} />
                    <CriteriaTable content={content} loc={iloc} problems={problems} editable={editable} onChange={onChange} />
                  </div>
                );
              })}
            </Flex>
          </Card>
        );
      })}
      {editable ? (
        <Button icon={<PlusOutlined />} type="dashed" onClick={() => onChange(addCategory(content, tloc))} data-testid={`rubric-add-category-${tier.tier}`}>
          添加类别
        </Button>
      ) : null}
    </Flex>
  );
}

function NodeFields({ editable, code, name, weight, own, what, onPatch }: {
  editable: boolean; code: string; name: string; weight: number; own: Record<string, string[]>; what: string;
  onPatch: (p: { code?: string; name?: string; weight?: number }) => void;
}) {
  if (!editable) {
    return (
      <Space size={8} wrap>
        <Typography.Text type="secondary">{code}</Typography.Text>
        <Typography.Text strong>{name}</Typography.Text>
        <Typography.Text>{fmt(weight)} 分</Typography.Text>
      </Space>
    );
  }
  return (
    <Space size={4} wrap>
      <Input size="small" value={code} style={{ width: 110 }} aria-label={`${what}编号`} status={own.code ? 'error' : undefined}
        onChange={(e) => onPatch({ code: e.target.value })} />
      <Input size="small" value={name} style={{ width: 180 }} aria-label={`${what}名称`} maxLength={60} status={name.trim() ? undefined : 'error'}
        onChange={(e) => onPatch({ name: e.target.value })} />
      <InputNumber size="small" value={weight} min={0} max={100} step={1} style={{ width: 100 }} suffix="分" aria-label={`${what}分值`}
        status={own.weight ? 'error' : undefined} data-testid={`rubric-weight-${code}`} onChange={(v) => onPatch({ weight: v ?? 0 })} />
    </Space>
  );
}

interface Row { crit: RubricCriterion; index: number }

function CriteriaTable({ content, loc, problems, editable, onChange }: {
  content: RubricContent; loc: ItemLoc; problems: readonly RubricProblem[]; editable: boolean; onChange: (c: RubricContent) => void;
}) {
  const item = content.tiers[loc.tier]!.categories[loc.category]!.items[loc.item]!;
  const rows: Row[] = item.criteria.map((crit, index) => ({ crit, index }));
  const at = (r: Row): CriterionLoc => ({ ...loc, criterion: r.index });
  const errs = (r: Row) => fieldProblems(problems, at(r));
  const cell = (node: ReactNode, messages?: string[]) => (<Flex vertical gap={2}>{node}<Problems messages={messages} /></Flex>);

  return (
    <Table<Row>
      rowKey="index" size="small" pagination={false} dataSource={rows} scroll={{ x: 1280 }}
      onRow={(r) => ({ 'data-testid': `rubric-criterion-${r.crit.code}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: '编号', key: 'code', width: 120,
          render: (_, r) => (editable ? cell(
            <Input size="small" value={r.crit.code} aria-label="指标编号" status={errs(r).code ? 'error' : undefined}
              onChange={(e) => onChange(patchCriterion(content, at(r), { code: e.target.value }))} />, errs(r).code)
            : r.crit.code),
        },
        {
          title: '指标内容', key: 'text', width: 260,
          render: (_, r) => (editable ? cell(
            <Input.TextArea size="small" value={r.crit.text} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} aria-label="指标内容"
              status={r.crit.text.trim() ? undefined : 'error'} onChange={(e) => onChange(patchCriterion(content, at(r), { text: e.target.value }))} />,
            r.crit.text.trim() ? undefined : ['请填写指标内容'])
            : r.crit.text),
        },
        {
          title: '分值', key: 'weight', width: 90,
          render: (_, r) => (editable ? cell(
            <InputNumber size="small" value={r.crit.weight} min={0} max={100} step={1} style={{ width: 80 }} aria-label="指标分值"
              status={errs(r).weight ? 'error' : undefined} data-testid={`rubric-weight-${r.crit.code}`}
              onChange={(v) => onChange(patchCriterion(content, at(r), { weight: v ?? 0 }))} />, errs(r).weight)
            : fmt(r.crit.weight)),
        },
        {
          title: '证据来源', key: 'source', width: 170,
          render: (_, r) => (editable ? (
            <Select size="small" value={r.crit.source} style={{ width: 160 }} aria-label="证据来源" data-testid={`rubric-source-${r.crit.code}`}
              options={EVIDENCE_SOURCES.map((s) => ({ value: s, label: EVIDENCE_SOURCE_LABELS[s] }))}
              onChange={(v) => onChange(setSource(content, at(r), v))} />
          ) : EVIDENCE_SOURCE_LABELS[r.crit.source]),
        },
        {
          title: '数据指标', key: 'indicator', width: 240,
          render: (_, r) => {
            if (r.crit.source === 'onsite') return <Typography.Text type="secondary">（现场检查计分）</Typography.Text>;
            if (!editable) return <IndicatorName id={r.crit.indicatorId} />;
            const def = r.crit.indicatorId ? INDICATORS_BY_ID.get(r.crit.indicatorId) : undefined;
            return cell(
              <Select size="small" value={r.crit.indicatorId} style={{ width: 230 }} showSearch optionFilterProp="search" placeholder="选择数据指标"
                aria-label="数据指标" status={errs(r).indicatorId ? 'error' : undefined} data-testid={`rubric-indicator-${r.crit.code}`} popupMatchSelectWidth={360}
                onChange={(v: string) => onChange(setIndicator(content, at(r), v))}
                options={GROUPS.map((g) => ({
                  label: `${g.label}${g.planned ? '（未接入）' : ''}`,
                  title: g.label,
                  options: g.options.map((o) => ({
                    value: o.value, search: `${o.label} ${o.value} ${g.label}`,
                    label: <span title={o.description}>{o.label}{o.planned ? <Tag style={{ marginLeft: 4 }}>未接入</Tag> : null}</span>,
                  })),
                }))} />,
              [...(errs(r).indicatorId ?? []), ...(def && INDICATOR_MODULES[def.module].planned ? ['（该模块未接入，将以现场检查计分）'] : [])],
            );
          },
        },
        {
          title: '目标值 / 起评值', key: 'bounds', width: 200,
          render: (_, r) => {
            if (r.crit.source === 'onsite') return '—';
            const d = boundDefaults(r.crit.indicatorId);
            const threshold = r.crit.scoring === 'threshold';
            if (!editable) {
              const t = r.crit.target ?? d.target;
              const f = r.crit.floor ?? d.floor;
              return `目标 ${t ?? '—'}${threshold ? '' : ` / 起评 ${f ?? '—'}`}`;
            }
            const e = errs(r);
            return cell(
              <Flex vertical gap={2}>
                <InputNumber size="small" value={r.crit.target} min={0} max={10_000} step={0.05} style={{ width: 180 }} prefix="目标"
                  placeholder={d.target === null ? '' : `默认 ${d.target}`} aria-label="目标值" status={e.target ? 'error' : undefined}
                  onChange={(v) => onChange(patchCriterion(content, at(r), { target: v ?? undefined }))} />
                {threshold ? null : (
                  <InputNumber size="small" value={r.crit.floor} min={0} max={10_000} step={0.05} style={{ width: 180 }} prefix="起评"
                    placeholder={d.floor === null ? '' : `默认 ${d.floor}`} aria-label="起评值" status={e.floor ? 'error' : undefined}
                    onChange={(v) => onChange(patchCriterion(content, at(r), { floor: v ?? undefined }))} />
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.unit}</Typography.Text>
              </Flex>,
              [...(e.target ?? []), ...(e.floor ?? [])],
            );
          },
        },
        {
          title: '计分方式', key: 'scoring', width: 120,
          render: (_, r) => (editable && r.crit.source !== 'onsite' ? (
            <Select size="small" value={r.crit.scoring} style={{ width: 110 }} aria-label="计分方式"
              options={(Object.keys(SCORING_RULE_LABELS) as ScoringRule[]).map((s) => ({ value: s, label: SCORING_RULE_LABELS[s] }))}
              onChange={(v) => onChange(patchCriterion(content, at(r), { scoring: v }))} />
          ) : r.crit.source === 'onsite' ? '现场评分' : SCORING_RULE_LABELS[r.crit.scoring]),
        },
        {
          title: '现场检查要点', key: 'guide', width: 220,
          render: (_, r) => (editable ? (
            <Input.TextArea size="small" value={r.crit.onsiteGuide ?? ''} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} aria-label="现场检查要点"
              placeholder={r.crit.source === 'data' ? '选填' : '检查员在现场查看什么'}
              onChange={(e) => onChange(patchCriterion(content, at(r), { onsiteGuide: e.target.value }))} />
          ) : (r.crit.onsiteGuide || '—')),
        },
        ...(editable ? [{
          title: '', key: 'remove', width: 50, fixed: 'right' as const,
          render: (_: unknown, r: Row) => (
            <RemoveButton what="指标" disabled={!canRemove(content, at(r))} onConfirm={() => onChange(remove(content, at(r)))}
              testId={`rubric-remove-criterion-${r.crit.code}`} />
          ),
        }] : []),
      ]}
    />
  );
}
