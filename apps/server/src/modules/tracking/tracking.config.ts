// Settings of the command map's position reads and live stream. Read from the environment here (not config.ts) so the
// tracking module stays self-contained; buildApp takes an override for tests.

export interface TrackingConfig {
  /** A source with no position newer than this is 离线 (TRACKING_OFFLINE_MINUTES, default 10). */
  offlineAfterMinutes: number;
  /** Above this speed a fresh position counts as 行驶中 (below: 静止). */
  movingSpeedKmh: number;
  /** Live stream: at most one event per client per this many ms (positions coalesced by source in between). */
  streamIntervalMs: number;
  /** Live stream: a comment line this often keeps proxies from closing an idle connection. */
  streamHeartbeatMs: number;
  /** Live stream: how often an open stream re-checks that its session is still valid (logout, expiry, disabled). */
  streamSessionCheckMs: number;
}

export const DEFAULT_TRACKING_CONFIG: TrackingConfig = {
  offlineAfterMinutes: 10,
  movingSpeedKmh: 3,
  streamIntervalMs: 1000,
  streamHeartbeatMs: 15_000,
  streamSessionCheckMs: 60_000,
};

export function loadTrackingConfig(env: NodeJS.ProcessEnv = process.env): TrackingConfig {
  const raw = env.TRACKING_OFFLINE_MINUTES;
  let offlineAfterMinutes = DEFAULT_TRACKING_CONFIG.offlineAfterMinutes;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 1440) {
      throw new Error(`环境变量 TRACKING_OFFLINE_MINUTES 应为 1–1440 之间的整数，当前为 "${raw}"`);
    }
    offlineAfterMinutes = n;
  }
  return { ...DEFAULT_TRACKING_CONFIG, offlineAfterMinutes };
}
