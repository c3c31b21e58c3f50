import { Space, Tag, Tooltip } from 'antd';
import type { OfficerQuality, QualityProblemKind } from '../api/types';

const KINDS: { kind: QualityProblemKind; flag: keyof Pick<OfficerQuality, 'complete' | 'valid' | 'fresh'>; label: string; color: string }[] = [
  { kind: 'missing', flag: 'complete', label: '不完整', color: 'orange' },
  { kind: 'invalid', flag: 'valid', label: '有误', color: 'red' },
  { kind: 'stale', flag: 'fresh', label: '待确认', color: 'gold' },
];

/** 数据质量 tags of one officer record; hovering a tag lists its problems. */
export function QualityTags({ quality }: { quality: OfficerQuality | undefined }) {
  if (!quality) return <span>—</span>;
  const bad = KINDS.filter((k) => !quality[k.flag] || quality.problems.some((p) => p.kind === k.kind));
  if (bad.length === 0) return <Tag color="green">合格</Tag>;
  return (
    <Space size={[0, 4]} wrap>
      {bad.map((k) => {
        const problems = quality.problems.filter((p) => p.kind === k.kind);
        return (
          <Tooltip
            key={k.kind}
            title={
              problems.length ? (
                <ul className="quality-problems">
                  {problems.map((p, i) => (
                    <li key={`${p.field}-${i}`}>{p.message}</li>
                  ))}
                </ul>
              ) : (
                k.label
              )
            }
          >
            <Tag color={k.color} style={{ cursor: 'help' }}>
              {k.label}
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}

export const QUALITY_KIND_LABELS: Record<QualityProblemKind, string> = { missing: '缺失', invalid: '有误', stale: '待确认' };
