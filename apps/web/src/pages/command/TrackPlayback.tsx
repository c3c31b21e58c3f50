// 轨迹回放: one unit's track over a time range (default the last 2 hours), drawn on the map, with a marker that plays
// along it at 1×/4×/16×/64× and a time slider to scrub.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, DatePicker, Flex, Segmented, Slider, Space, Tag, Typography } from 'antd';
import { CloseOutlined, PauseCircleOutlined, PlayCircleOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { trackingApi } from '../../api/endpoints';
import type { Track, TrackPoint } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import type { CommandMapHandle } from './CommandMap';
import type { CommandMapHook } from './test-hook';

const SPEEDS = [1, 4, 16, 64] as const;
const MAX_RANGE_H = 24;

/** Position at time t (ms), interpolated between the two fixes around it. */
export function positionAt(points: readonly TrackPoint[], times: readonly number[], t: number): { at: [number, number]; index: number } | null {
  if (points.length === 0) return null;
  if (t <= times[0]) return { at: [points[0].lon, points[0].lat], index: 0 };
  const last = points.length - 1;
  if (t >= times[last]) return { at: [points[last].lon, points[last].lat], index: last };
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid;
  }
  const f = (t - times[lo]) / (times[hi] - times[lo] || 1);
  const a = points[lo];
  const b = points[hi];
  return { at: [a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f], index: lo };
}

export interface TrackPlaybackProps {
  sourceId: string;
  label: string;
  map: CommandMapHandle | null;
  hook: CommandMapHook | null;
  onClose: () => void;
  compact?: boolean;
}

export function TrackPlayback({ sourceId, label, map, hook, onClose, compact }: TrackPlaybackProps) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(2, 'hour'), dayjs()]);
  const [track, setTrack] = useState<Track | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(16);
  const [t, setT] = useState(0);
  const times = useMemo(() => track?.points.map((p) => Date.parse(p.ts)) ?? [], [track]);
  const start = times[0] ?? 0;
  const end = times[times.length - 1] ?? 0;

  // Only the newest request may set the track: clicking another unit (or range) while a long track loads must not
  // end with the first unit's line under the second unit's name.
  const latestRequest = useRef(0);
  useEffect(() => () => { latestRequest.current++; }, []);
  const load = useCallback(async (from: Dayjs, to: Dayjs) => {
    if (to.diff(from, 'hour', true) > MAX_RANGE_H) {
      setError(`时间范围不能超过${MAX_RANGE_H}小时`);
      return;
    }
    const request = ++latestRequest.current;
    setLoading(true);
    setError(null);
    setPlaying(false);
    try {
      const answer = await trackingApi.track({ sourceId, from: from.toISOString(), to: to.toISOString() });
      if (request !== latestRequest.current) return;
      setTrack(answer);
      setT(answer.points.length ? Date.parse(answer.points[0].ts) : 0);
    } catch (e) {
      if (request !== latestRequest.current) return;
      setError(errorMessage(e));
      setTrack(null);
    } finally {
      if (request === latestRequest.current) setLoading(false);
    }
  }, [sourceId]);

  // A new unit: load its last two hours.
  useEffect(() => {
    const now = dayjs();
    const initial: [Dayjs, Dayjs] = [now.subtract(2, 'hour'), now];
    setRange(initial);
    void load(initial[0], initial[1]);
  }, [load]);

  // Draw the line once per track; take it off the map when the panel closes.
  useEffect(() => {
    map?.setTrack(track?.points ?? null);
  }, [map, track]);
  useEffect(() => () => {
    map?.setTrack(null);
    map?.setPlayhead(null);
  }, [map]);

  const current = track ? positionAt(track.points, times, t) : null;
  useEffect(() => {
    map?.setPlayhead(current?.at ?? null);
  }, [map, current?.at[0], current?.at[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  // Playback clock: real time × speed, on animation frames.
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    if (!playing || !track) return;
    let frame = 0;
    let prev = performance.now();
    const step = (now: number) => {
      const next = Math.min(end, tRef.current + (now - prev) * speed);
      prev = now;
      setT(next);
      if (next >= end) {
        setPlaying(false);
        return;
      }
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, track, end]);

  useEffect(() => {
    if (!hook) return;
    hook.playback = track ? { playing, speed, t, start, end, points: track.points.length } : null;
  }, [hook, track, playing, speed, t, start, end]);
  useEffect(() => () => {
    if (hook) hook.playback = null;
  }, [hook]);

  const togglePlay = () => {
    if (!track || track.points.length < 2) return;
    if (!playing && t >= end) setT(start);
    setPlaying((p) => !p);
  };

  const point = current ? track?.points[current.index] : undefined;
  return (
    <div className={`command-playback${compact ? ' is-compact' : ''}`} data-testid="track-playback" role="region" aria-label="轨迹回放">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong ellipsis>轨迹回放 · {label}</Typography.Text>
        <Button type="text" size="small" icon={<CloseOutlined />} aria-label="关闭轨迹回放" onClick={onClose} />
      </Flex>
      <Flex gap={8} wrap align="center" style={{ marginTop: 6 }}>
        <DatePicker.RangePicker
          size="small"
          showTime={{ format: 'HH:mm' }}
          format="MM-DD HH:mm"
          value={range}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          style={{ flex: compact ? '1 1 100%' : undefined }}
          aria-label="回放时间范围"
        />
        <Button size="small" icon={<SearchOutlined />} loading={loading} onClick={() => void load(range[0], range[1])}>
          查询
        </Button>
      </Flex>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
      {track && !error ? (
        track.points.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>该时间范围内没有定位数据。</Typography.Paragraph>
        ) : (
          <>
            <Flex gap={8} align="center" style={{ marginTop: 8 }}>
              <Button
                type="primary"
                size="small"
                icon={playing ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
                onClick={togglePlay}
                disabled={track.points.length < 2}
              >
                {playing ? '暂停' : '播放'}
              </Button>
              <Segmented
                size="small"
                value={speed}
                onChange={(v) => setSpeed(Number(v))}
                options={SPEEDS.map((s) => ({ value: s, label: `${s}×` }))}
                aria-label="回放速度"
              />
            </Flex>
            <Slider
              min={start}
              max={Math.max(end, start + 1)}
              value={t}
              onChange={(v) => setT(v)}
              tooltip={{ formatter: (v) => (v ? dayjs(v).format('HH:mm:ss') : '') }}
              aria-label="回放时间"
              style={{ margin: '10px 4px 4px' }}
            />
            <Space size={12} wrap style={{ fontSize: 12 }}>
              <Typography.Text data-testid="playback-time">{dayjs(t).format('MM-DD HH:mm:ss')}</Typography.Text>
              <Typography.Text type="secondary">速度 {point?.speedKmh != null ? `${Math.round(point.speedKmh)} km/h` : '—'}</Typography.Text>
              {point?.satellites != null ? (
                <Typography.Text type={point.satellites < 4 ? 'warning' : 'secondary'} data-testid="playback-satellites">
                  卫星 {point.satellites} 颗{point.satellites < 4 ? '（定位不可靠）' : ''}
                </Typography.Text>
              ) : null}
              {point?.signal != null ? <Typography.Text type="secondary">信号 {point.signal}</Typography.Text> : null}
              {point?.accuracyM != null ? <Typography.Text type="secondary">精度 {Math.round(point.accuracyM)} m</Typography.Text> : null}
              {point?.blindArea ? <Tag color="orange" style={{ marginInlineEnd: 0 }}>盲区补报</Tag> : null}
              <Typography.Text type="secondary">
                {track.total} 个定位点{track.simplified ? `（已抽稀为 ${track.returned} 个）` : ''}
              </Typography.Text>
            </Space>
          </>
        )
      ) : null}
    </div>
  );
}
