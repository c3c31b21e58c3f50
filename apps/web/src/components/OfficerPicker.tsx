import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { officersApi } from '../api/endpoints';
import type { Officer } from '../api/types';

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Limit the search to a unit's subtree. */
  unitId?: string;
  placeholder?: string;
  id?: string;
}

const label = (o: Pick<Officer, 'name' | 'badgeNo' | 'unitName'>) =>
  `${o.name}${o.badgeNo ? `（${o.badgeNo}）` : ''} · ${o.unitName}`;

/** Searchable select of 执法人员 (by 姓名/执法证号/手机), for linking a user account to an officer. */
export function OfficerPicker({ value, onChange, unitId, placeholder = '输入姓名或执法证号搜索', id }: Props) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [known, setKnown] = useState<{ value: string; label: string } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  // Label of an already linked officer.
  useEffect(() => {
    if (!value || known?.value === value || options.some((o) => o.value === value)) return;
    let alive = true;
    officersApi
      .get(value)
      .then((o) => alive && setKnown({ value: o.id, label: label(o) }))
      .catch(() => alive && setKnown({ value, label: value }));
    return () => {
      alive = false;
    };
  }, [value, known, options]);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return;
    timer.current = window.setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      officersApi
        .list({ q: text, unitId, pageSize: 20 })
        .then((page) => {
          if (mine === seq.current) setOptions(page.items.map((o) => ({ value: o.id, label: label(o) })));
        })
        .catch(() => undefined)
        .finally(() => mine === seq.current && setLoading(false));
    }, 300);
  };

  const merged = useMemo(
    () => (known && !options.some((o) => o.value === known.value) ? [known, ...options] : options),
    [known, options],
  );

  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? undefined)}
      options={merged}
      notFoundContent={loading ? <Spin size="small" /> : '无匹配人员'}
    />
  );
}
