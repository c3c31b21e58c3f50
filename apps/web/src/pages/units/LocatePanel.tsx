import { useEffect, useState } from 'react';
import { Alert, Button, Flex, InputNumber, Switch, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/client';
import { unitsApi } from '../../api/endpoints';
import type { LocateResult } from '../../api/types';
import { errorMessage } from '../../lib/errors';

interface Props {
  /** A point clicked on the map in pick mode. */
  picked: [number, number] | null;
  pickMode: boolean;
  onPickModeChange: (on: boolean) => void;
  onLocated: (point: [number, number] | null) => void;
  onSelectUnit: (id: string) => void;
}

type Outcome = { kind: 'ok'; result: LocateResult } | { kind: 'miss'; message: string } | { kind: 'error'; message: string };

/** 定位查询: which 中队's jurisdiction holds a point (typed in, or clicked on the map). */
export function LocatePanel({ picked, pickMode, onPickModeChange, onLocated, onSelectUnit }: Props) {
  const [lon, setLon] = useState<number | null>(null);
  const [lat, setLat] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const locate = async (x: number, y: number) => {
    setBusy(true);
    setOutcome(null);
    onLocated([x, y]);
    try {
      const result = await unitsApi.locate(x, y);
      setOutcome({ kind: 'ok', result });
    } catch (e) {
      if (isApiError(e) && (e.code === 'NOT_IN_JURISDICTION' || e.status === 404)) {
        setOutcome({ kind: 'miss', message: e.message || '该位置不在任何中队的辖区内' });
      } else {
        setOutcome({ kind: 'error', message: errorMessage(e, '定位查询失败') });
      }
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!picked) return;
    setLon(picked[0]);
    setLat(picked[1]);
    void locate(picked[0], picked[1]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked]);

  const valid = lon !== null && lat !== null && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;

  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={8} align="center">
        <InputNumber<number>
          aria-label="经度"
          placeholder="经度，如 121.4903"
          value={lon}
          onChange={(v) => setLon(v)}
          min={-180}
          max={180}
          step={0.001}
          precision={6}
          style={{ width: 170 }}
          prefix="经度"
        />
        <InputNumber<number>
          aria-label="纬度"
          placeholder="纬度，如 31.2397"
          value={lat}
          onChange={(v) => setLat(v)}
          min={-90}
          max={90}
          step={0.001}
          precision={6}
          style={{ width: 170 }}
          prefix="纬度"
        />
        <Button type="primary" icon={<AimOutlined />} loading={busy} disabled={!valid} onClick={() => valid && locate(lon, lat)}>
          定位查询
        </Button>
        <Flex align="center" gap={6}>
          <Switch size="small" checked={pickMode} onChange={onPickModeChange} aria-label="在地图上点选位置" />
          <Typography.Text type="secondary">在地图上点选</Typography.Text>
        </Flex>
      </Flex>
      {outcome?.kind === 'ok' ? (
        <Alert
          type="success"
          showIcon
          data-testid="locate-result"
          title={
            <span>
              该位置属于：<Typography.Text strong>{outcome.result.unit.name}</Typography.Text>
              {outcome.result.unit.kind ? `（${outcome.result.unit.kind}）` : ''}
            </span>
          }
          description={
            outcome.result.ancestors?.length
              ? `上级：${outcome.result.ancestors.map((a) => a.name).join(' / ')}`
              : undefined
          }
          action={
            <Button size="small" onClick={() => onSelectUnit(outcome.result.unit.id)}>
              查看该中队
            </Button>
          }
        />
      ) : null}
      {outcome?.kind === 'miss' ? <Alert type="warning" showIcon title={outcome.message} /> : null}
      {outcome?.kind === 'error' ? <Alert type="error" showIcon title={outcome.message} /> : null}
    </Flex>
  );
}
