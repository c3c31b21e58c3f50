import { useEffect, useState } from 'react';
import { Button, DatePicker, Flex, Input, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { COMPLAINT_SOURCES, COMPLAINT_STATUSES, type ComplaintSource, type ComplaintStatus } from '../../api/complaints';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { toDateString } from '../../lib/format';
import { categoryTreeData, SOURCE_LABELS, STATUS_LABELS, useComplaintCategories } from './complaint-ui';
import { hasFilters, type ComplaintUrlQuery } from './complaint-query';

interface Props {
  query: ComplaintUrlQuery;
  onChange: (patch: Partial<ComplaintUrlQuery>) => void;
}

const STATUS_OPTIONS = [
  { value: 'open', label: '未办结' },
  ...COMPLAINT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
];

export function ComplaintFilterBar({ query, onChange }: Props) {
  const categories = useComplaintCategories();
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);

  return (
    <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="complaint-filters">
      <Input.Search
        allowClear
        placeholder="编号 / 内容 / 地址 / 工单号 / 诉求人"
        aria-label="搜索诉件"
        value={text}
        maxLength={50}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => onChange({ q: v.trim() || undefined })}
        style={{ width: 260 }}
      />
      <Select<ComplaintStatus | 'open'>
        allowClear
        placeholder="状态"
        aria-label="状态"
        data-testid="filter-status"
        value={query.status}
        onChange={(v) => onChange({ status: v })}
        options={STATUS_OPTIONS as { value: ComplaintStatus | 'open'; label: string }[]}
        style={{ width: 150 }}
      />
      <Select<'true' | 'false'>
        allowClear
        placeholder="是否超期"
        aria-label="是否超期"
        data-testid="filter-overdue"
        value={query.overdue}
        onChange={(v) => onChange({ overdue: v })}
        options={[{ value: 'true', label: '已超期' }, { value: 'false', label: '未超期' }]}
        style={{ width: 110 }}
      />
      <TreeSelect<string>
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder="诉件类别"
        aria-label="诉件类别"
        data-testid="filter-category"
        loading={categories.loading}
        treeData={categoryTreeData(categories.data, false)}
        treeNodeLabelProp="label"
        value={query.categoryId}
        onChange={(v) => onChange({ categoryId: v ?? undefined })}
        popupMatchSelectWidth={false}
        style={{ width: 180 }}
      />
      <Select<ComplaintSource>
        allowClear
        placeholder="来源"
        aria-label="来源"
        data-testid="filter-source"
        value={query.source}
        onChange={(v) => onChange({ source: v })}
        options={COMPLAINT_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
        style={{ width: 120 }}
      />
      <UnitTreeSelect
        placeholder="承办单位（含下级）"
        aria-label="承办单位"
        data-testid="filter-unit"
        value={query.unitId}
        onChange={(v) => onChange({ unitId: v })}
        style={{ width: 200 }}
      />
      <DatePicker.RangePicker
        aria-label="受理日期"
        data-testid="filter-received"
        placeholder={['受理日期起', '受理日期止']}
        allowEmpty={[true, true]}
        value={[query.receivedFrom ? dayjs(query.receivedFrom) : null, query.receivedTo ? dayjs(query.receivedTo) : null]}
        onChange={(v) => onChange({ receivedFrom: toDateString(v?.[0]), receivedTo: toDateString(v?.[1]) })}
        style={{ width: 260 }}
      />
      {hasFilters(query) || query.unitId ? (
        <Button
          type="link"
          onClick={() => {
            setText('');
            onChange({
              q: undefined, status: undefined, overdue: undefined, categoryId: undefined, source: undefined, unitId: undefined,
              receivedFrom: undefined, receivedTo: undefined,
            });
          }}
        >
          清除筛选
        </Button>
      ) : null}
    </Flex>
  );
}
