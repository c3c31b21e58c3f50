import { useEffect, useState } from 'react';
import { Button, Flex, Input, Select } from 'antd';
import { CERT_STATUSES, OFFICER_STATUSES, POSITIONS } from '@cg/domain';
import type { CertStatus, OfficerStatus, Position } from '@cg/domain';
import type { OfficerListQuery, QualityFilter } from '../../api/types';
import { QUALITY_FILTER_OPTIONS, options } from '../../lib/labels';

interface Props {
  query: OfficerListQuery;
  onChange: (patch: Partial<OfficerListQuery>) => void;
}

export function OfficerFilterBar({ query, onChange }: Props) {
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const hasFilters = Boolean(query.q || query.status || query.certStatus || query.position || query.quality);

  return (
    <Flex wrap gap={8} style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder="姓名 / 执法证号 / 手机"
        aria-label="搜索人员"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => onChange({ q: v.trim() || undefined })}
        style={{ width: 240 }}
      />
      <Select<OfficerStatus>
        allowClear
        placeholder="人员状态"
        aria-label="人员状态"
        value={query.status}
        onChange={(v) => onChange({ status: v })}
        options={options(OFFICER_STATUSES) as { value: OfficerStatus; label: string }[]}
        style={{ width: 120 }}
      />
      <Select<CertStatus>
        allowClear
        placeholder="持证状态"
        aria-label="持证状态"
        value={query.certStatus}
        onChange={(v) => onChange({ certStatus: v })}
        options={options(CERT_STATUSES) as { value: CertStatus; label: string }[]}
        style={{ width: 120 }}
      />
      <Select<Position>
        allowClear
        placeholder="职务"
        aria-label="职务"
        value={query.position}
        onChange={(v) => onChange({ position: v })}
        options={options(POSITIONS) as { value: Position; label: string }[]}
        style={{ width: 120 }}
      />
      <Select<QualityFilter>
        allowClear
        placeholder="数据质量"
        aria-label="数据质量"
        value={query.quality}
        onChange={(v) => onChange({ quality: v })}
        options={QUALITY_FILTER_OPTIONS}
        style={{ width: 120 }}
      />
      {hasFilters ? (
        <Button
          type="link"
          onClick={() => {
            setText('');
            onChange({ q: undefined, status: undefined, certStatus: undefined, position: undefined, quality: undefined });
          }}
        >
          清除筛选
        </Button>
      ) : null}
    </Flex>
  );
}
