// 勤务指挥室: the live map of the caller's vehicles (北斗 terminals) and officers on duty. Latest positions load once,
// then the server's event stream keeps them current; the map's source is replaced at most once a second.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, Drawer, Empty, Flex, Input, Segmented, Skeleton, Tag, Typography } from 'antd';
import { HistoryOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { LiveBatchDecoder } from '@cg/domain';
import { useNavigate } from 'react-router';
import { dispatchApi, trackingApi, unitsApi } from '../api/endpoints';
import type { PositionState } from '../api/types';
import { LoadError } from '../components/LoadError';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useUnitTree } from '../components/unit-tree-context';
import { fmtDateTime } from '../lib/format';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import type { CommandMapHandle } from './command/CommandMap';
import {
  PositionStore, STATUS_COLORS, STATUS_LABELS, TYPE_LABELS, type PositionItem, type TypeFilter,
} from './command/position-store';
import { createHook, type CommandMapHook } from './command/test-hook';
import { TrackPlayback } from './command/TrackPlayback';
import './command/command.css';

const CommandMap = lazy(() => import('./command/CommandMap'));

const LIST_LIMIT = 200;
/** Even without news, states are re-aged this often (a silent unit turns offline). */
const AGE_EVERY_MS = 15_000;
const STATES: PositionState[] = ['moving', 'stopped', 'offline'];
const EMPTY_COUNTS = { moving: 0, stopped: 0, offline: 0, total: 0 };

type LiveState = 'connecting' | 'open' | 'closed';

function ago(ts: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(ts)) / 1000));
  if (s < 60) return `${s}秒前`;
  if (s < 3600) return `${Math.floor(s / 60)}分钟前`;
  if (s < 86_400) return `${Math.floor(s / 3600)}小时前`;
  return `${Math.floor(s / 86_400)}天前`;
}

function UnitPopup({ item, onTrack }: { item: PositionItem; onTrack: () => void }) {
  return (
    <div className="command-popup-body" data-testid="unit-popup">
      <Flex align="center" gap={8} wrap>
        <Typography.Text strong style={{ fontSize: 15 }}>{item.label}</Typography.Text>
        <Tag color={STATUS_COLORS[item.status]} style={{ marginInlineEnd: 0 }}>{STATUS_LABELS[item.status]}</Tag>
        <Tag style={{ marginInlineEnd: 0 }}>{TYPE_LABELS[item.type]}</Tag>
      </Flex>
      <dl className="command-popup-fields">
        <dt>所属单位</dt><dd>{item.unitName || '—'}</dd>
        <dt>速度</dt><dd>{item.speedKmh != null ? `${Math.round(item.speedKmh)} km/h` : '—'}</dd>
        <dt>定位时间</dt><dd>{fmtDateTime(item.ts)}（{ago(item.ts)}）</dd>
        <dt>坐标</dt><dd>{item.lon.toFixed(5)}, {item.lat.toFixed(5)}</dd>
      </dl>
      <Button type="primary" size="small" icon={<HistoryOutlined />} onClick={onTrack}>轨迹回放</Button>
    </div>
  );
}

export default function CommandPage() {
  const isMobile = useIsMobile();
  const { roots, index } = useUnitTree();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [type, setType] = useState<TypeFilter>('all');
  const [status, setStatus] = useState<PositionState | null>(null);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [playback, setPlayback] = useState<{ sourceId: string; label: string } | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [counts, setCounts] = useState(EMPTY_COUNTS);
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState<LiveState>('connecting');
  const [map, setMap] = useState<CommandMapHandle | null>(null);

  const store = useRef(new PositionStore()).current;
  const mapRef = useRef<CommandMapHandle | null>(null);
  mapRef.current = map;
  const filters = useRef({ type, status });
  filters.current = { type, status };
  const hookRef = useRef<CommandMapHook | null>(null);

  const unitName = useCallback((id: string) => index.byId.get(id)?.name ?? '', [index]);
  const unitNameRef = useRef(unitName);
  unitNameRef.current = unitName;

  // The map's source and the panel's figures, on the next animation frame.
  const lastBuild = useRef(0);
  const frame = useRef(0);
  const redraw = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const { collection, counts: next, diff } = store.build(filters.current.type, filters.current.status);
      if (mapRef.current) mapRef.current.setPositions(collection, diff);
      else store.forgetShown();
      lastBuild.current = Date.now();
      if (hookRef.current) hookRef.current.lastUpdateAt = lastBuild.current;
      setCounts(next);
      setVersion((v) => v + 1);
    });
  }, [store]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Live updates are applied once a second at most; the same tick re-ages states now and then.
  useEffect(() => {
    const tick = setInterval(() => {
      if (store.dirty || Date.now() - lastBuild.current > AGE_EVERY_MS) redraw();
    }, 1000);
    return () => clearInterval(tick);
  }, [store, redraw]);

  // Filters and a freshly ready map redraw at once (a new map gets everything).
  useEffect(() => {
    store.forgetShown();
    redraw();
  }, [type, status, map, store, redraw]);

  // Scope change: forget what was shown, then the latest list and the stream both merge in (newest fix wins).
  useEffect(() => {
    store.clear();
    redraw();
  }, [unitId, store, redraw]);
  const latest = useRequest((signal) => trackingApi.latestCompact({ unitId }, signal), [unitId]);
  const reloadLatest = latest.reload;
  useEffect(() => {
    if (!latest.data) return;
    const { batch, unitNames, serverTime, offlineAfterMinutes } = latest.data;
    // A batch of its own: its source keys are not the stream's.
    const { positions, skipped } = new LiveBatchDecoder().decode(batch);
    if (skipped) console.warn(`[勤务指挥室] 最新位置：${skipped} 条无法识别，已跳过`);
    store.merge({ serverTime, offlineAfterMinutes, positions }, (id) => unitNames[id] ?? unitNameRef.current(id));
    redraw();
  }, [latest.data, store, redraw]);

  useEffect(() => {
    setLive('connecting');
    const source = new EventSource(trackingApi.streamUrl({ unitId }));
    // Sources are named once per connection on the wire: a new connection starts with no names.
    const decoder = new LiveBatchDecoder();
    let dropped = false;
    source.onopen = () => {
      decoder.reset();
      setLive('open');
      // Back after a drop (server restart, network): catch up on what was missed meanwhile.
      if (dropped) reloadLatest();
      dropped = false;
    };
    source.onerror = () => {
      dropped = true;
      setLive(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    };
    source.addEventListener('positions', (e) => {
      let wire: unknown;
      try {
        wire = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        console.warn('[勤务指挥室] 实时定位：一批数据无法解析，已跳过');
        return;
      }
      const { positions, skipped } = decoder.decode(wire);
      if (skipped) console.warn(`[勤务指挥室] 实时定位：${skipped} 条无法识别，已跳过`);
      store.apply(positions, unitNameRef.current);
      if (hookRef.current) hookRef.current.liveBatches += 1;
    });
    source.addEventListener('session-ended', () => {
      source.close();
      setLive('closed');
    });
    return () => source.close();
  }, [unitId, store, reloadLatest]);

  // Read-only test/diagnosis hook.
  useEffect(() => {
    const hook = createHook(() => mapRef.current, (id) => store.get(id) ?? null);
    hookRef.current = hook;
    window.__commandMap = hook;
    return () => {
      if (window.__commandMap === hook) delete window.__commandMap;
      hookRef.current = null;
    };
  }, [store]);

  // Open 指挥调度 tasks as flags on the map; a click opens the task in 指挥调度.
  const navigate = useNavigate();
  const [taskTick, setTaskTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTaskTick((n) => n + 1), 15_000);
    return () => clearInterval(timer);
  }, []);
  const openTasks = useRequest((signal) => dispatchApi.list({ status: 'open', unitId, pageSize: 100 }, signal), [unitId, taskTick]);
  useEffect(() => {
    if (!map) return;
    map.setTasks((openTasks.data?.items ?? []).map((t) => ({
      id: t.id, code: t.code, title: t.title, statusLabel: t.statusLabel, urgent: t.priority === 'urgent', lon: t.lon, lat: t.lat,
    })), (id) => navigate(`/command/dispatch?task=${id}`));
  }, [map, openTasks.data, navigate]);

  const rootId = unitId ?? roots[0]?.id;
  const geo = useRequest((signal) => unitsApi.geojson(rootId, signal), [rootId], Boolean(rootId));

  const listVisible = !isMobile || drawerOpen;
  const list = useMemo(
    () => (listVisible ? store.search(query, type, status, LIST_LIMIT) : { items: [], total: 0 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, query, type, status, version, listVisible],
  );

  const selectedItem = selected ? store.get(selected) : undefined;
  const focus = (item: PositionItem) => {
    setSelected(item.sourceId);
    map?.flyTo(item.lon, item.lat);
    if (isMobile) setDrawerOpen(false);
  };
  const startPlayback = (item: PositionItem) => {
    setPlayback({ sourceId: item.sourceId, label: item.label });
    setSelected(null);
    if (isMobile) setDrawerOpen(false);
  };

  const popup = selectedItem
    ? {
      sourceId: selectedItem.sourceId,
      at: [selectedItem.lon, selectedItem.lat] as [number, number],
      content: <UnitPopup item={selectedItem} onTrack={() => startPlayback(selectedItem)} />,
    }
    : null;

  const liveBadge = (
    <Badge
      status={live === 'open' ? 'processing' : live === 'connecting' ? 'warning' : 'error'}
      text={live === 'open' ? '实时' : live === 'connecting' ? '连接中' : '已断开'}
      data-testid="live-state"
    />
  );

  const statusCards = (
    <div className="command-counts" role="group" aria-label="按状态筛选">
      {STATES.map((s) => (
        <button
          key={s}
          type="button"
          className={`command-count${status === s ? ' is-active' : ''}`}
          style={{ ['--state-color' as string]: STATUS_COLORS[s] }}
          onClick={() => setStatus((cur) => (cur === s ? null : s))}
          aria-pressed={status === s}
          data-testid={`count-${s}`}
        >
          <span className="command-count-value">{counts[s]}</span>
          <span className="command-count-label">{STATUS_LABELS[s]}</span>
        </button>
      ))}
    </div>
  );

  const panel = (
    <div className="command-panel-inner">
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>勤务指挥室</Typography.Title>
        {liveBadge}
      </Flex>
      <UnitTreeSelect value={unitId} onChange={setUnitId} placeholder="全部（本单位及下级）" style={{ width: '100%' }} aria-label="单位" />
      <Segmented
        block
        value={type}
        onChange={(v) => setType(v as TypeFilter)}
        options={[{ value: 'all', label: '全部' }, { value: 'vehicle', label: '车辆' }, { value: 'person', label: '人员' }]}
        aria-label="类型"
      />
      {statusCards}
      {openTasks.data && openTasks.data.total > 0 ? (
        <Button size="small" onClick={() => navigate('/command/dispatch')} data-testid="open-tasks">
          进行中的调度任务 {openTasks.data.total} 个
        </Button>
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="count-total">
        共 {counts.total} 个定位对象{status ? `，地图仅显示“${STATUS_LABELS[status]}”` : ''}
      </Typography.Text>
      <Input.Search allowClear placeholder="搜索车牌、姓名或单位" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="搜索" />
      {latest.error ? <LoadError error={latest.error} onRetry={latest.reload} title="位置数据加载失败" /> : null}
      <div className="command-list" data-testid="unit-list">
        {latest.loading && !latest.data ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
        {!latest.loading && list.total === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的车辆或人员" /> : null}
        {list.items.map((item) => (
          <button key={item.sourceId} type="button" className={`command-list-item${selected === item.sourceId ? ' is-selected' : ''}`} onClick={() => focus(item)}>
            <span className="command-dot" style={{ background: STATUS_COLORS[item.status] }} />
            <span className="command-list-main">
              <span className="command-list-label">{item.label}</span>
              <span className="command-list-sub">{TYPE_LABELS[item.type]} · {item.unitName || '—'}</span>
            </span>
            <span className="command-list-side">
              {item.status === 'moving' && item.speedKmh != null ? `${Math.round(item.speedKmh)} km/h` : STATUS_LABELS[item.status]}
              <br />
              {dayjs(item.ts).format('HH:mm')}
            </span>
          </button>
        ))}
        {list.total > list.items.length ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', padding: 8 }}>
            仅列出前 {list.items.length} 个（共 {list.total} 个），请输入关键字缩小范围
          </Typography.Text>
        ) : null}
      </div>
    </div>
  );

  const mapArea = (
    <div className="command-map-wrap">
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: '100%' }} />}>
        <CommandMap
          jurisdictions={geo.data}
          onReady={setMap}
          onSelect={(id) => setSelected(id)}
          popup={popup}
          onClosePopup={() => setSelected(null)}
        />
      </Suspense>
      {isMobile ? (
        <div className="command-mobile-bar">
          {statusCards}
          {liveBadge}
        </div>
      ) : null}
      {playback ? (
        <TrackPlayback
          sourceId={playback.sourceId}
          label={playback.label}
          map={map}
          hook={hookRef.current}
          onClose={() => setPlayback(null)}
          compact={isMobile}
        />
      ) : null}
      {isMobile ? (
        <Button className="command-mobile-open" type="primary" shape="round" icon={<UnorderedListOutlined />} onClick={() => setDrawerOpen(true)}>
          列表与筛选（{counts.total}）
        </Button>
      ) : null}
    </div>
  );

  return (
    <div className={`command-page${isMobile ? ' is-mobile' : ''}`} data-testid="command-page">
      {isMobile ? (
        <Drawer
          placement="bottom"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size="70%"
          title="车辆与人员"
          styles={{ body: { padding: 12 } }}
        >
          {panel}
        </Drawer>
      ) : (
        <aside className="command-panel" aria-label="车辆与人员">{panel}</aside>
      )}
      {mapArea}
    </div>
  );
}
