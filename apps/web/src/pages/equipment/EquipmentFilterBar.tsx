import { useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, Flex, Input, Select } from 'antd';
import { EQUIPMENT_GROUPS, EQUIPMENT_STATUSES } from '@cg/domain';
import type { EquipmentGroup, EquipmentStatus } from '@cg/domain';
import type { EquipmentCategory, EquipmentListQuery } from '../../api/types';
import { options } from '../../lib/labels';
import { hasEquipmentFilters } from './equipment-query';
import { categoryOptions } from './use-categories';

interface Props {
  query: EquipmentListQuery;
  categories: EquipmentCategory[] | undefined;
  categoriesLoading?: boolean;
  onChange: (patch: Partial<EquipmentListQuery>) => void;
}

export function EquipmentFilterBar({ query, categories, categoriesLoading, onChange }: Props) {
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const categoryOpts = useMemo(() => categoryOptions(categories, query.group), [categories, query.group]);

  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder="资产编号 / 序列号 / 型号 / 品牌"
        aria-label="搜索装备"
        value={text}
        maxLength={50}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => onChange({ q: v.trim() || undefined })}
        style={{ width: 260, maxWidth: '100%' }}
      />
      <Select<EquipmentGroup>
        allowClear
        placeholder="分组"
        aria-label="分组"
        value={query.group}
        onChange={(v) => {
          // A category of another group would leave the list empty for no visible reason.
          const keep = !v || !query.categoryId || categories?.find((c) => c.id === query.categoryId)?.groupName === v;
          onChange({ group: v, ...(keep ? {} : { categoryId: undefined }) });
        }}
        options={options(EQUIPMENT_GROUPS) as { value: EquipmentGroup; label: string }[]}
        style={{ width: 130 }}
      />
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="类别"
        aria-label="类别"
        loading={categoriesLoading}
        value={query.categoryId}
        onChange={(v) => onChange({ categoryId: v })}
        options={categoryOpts}
        popupMatchSelectWidth={false}
        style={{ width: 160 }}
      />
      <Select<EquipmentStatus>
        allowClear
        placeholder="状态"
        aria-label="状态"
        value={query.status}
        onChange={(v) => onChange({ status: v })}
        options={options(EQUIPMENT_STATUSES) as { value: EquipmentStatus; label: string }[]}
        style={{ width: 110 }}
      />
      <Checkbox checked={query.overdue === 'true'} onChange={(e) => onChange({ overdue: e.target.checked ? 'true' : undefined })}>
        仅看逾期未还
      </Checkbox>
      <Checkbox
        checked={query.noResponsible === 'true'}
        onChange={(e) => onChange({ noResponsible: e.target.checked ? 'true' : undefined })}
      >
        无责任人
      </Checkbox>
      {hasEquipmentFilters(query) ? (
        <Button
          type="link"
          onClick={() => {
            setText('');
            onChange({
              q: undefined, group: undefined, categoryId: undefined, status: undefined, overdue: undefined, noResponsible: undefined,
            });
          }}
        >
          清除筛选
        </Button>
      ) : null}
    </Flex>
  );
}
