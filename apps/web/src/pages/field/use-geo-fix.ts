// The phone's position for the 诉件 pages: one shared geolocation watch while any of them is open, so each action and
// photo can carry where the officer stood (kept as long as the fix is recent).
import { useCallback, useEffect, useState } from 'react';
import { inShanghaiBox } from '@cg/domain';

export interface GeoFix {
  lat: number;
  lon: number;
  accuracyM: number;
  /** ms since epoch. */
  at: number;
}

export interface GeoState {
  fix: GeoFix | null;
  error: string | null;
  locating: boolean;
}

const MAX_AGE_FOR_ACTIONS_MS = 120_000;
let state: GeoState = { fix: null, error: null, locating: false };
const listeners = new Set<(s: GeoState) => void>();
let watchId: number | null = null;

function set(patch: Partial<GeoState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l(state);
}

function onPosition(pos: GeolocationPosition) {
  set({
    fix: {
      lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)),
      accuracyM: Math.round(pos.coords.accuracy), at: pos.timestamp || Date.now(),
    },
    error: null, locating: false,
  });
}

function onError(err: GeolocationPositionError) {
  set({
    locating: false,
    error: err.code === err.PERMISSION_DENIED ? '定位权限被拒绝，请在浏览器设置中允许定位'
      : err.code === err.TIMEOUT ? '定位超时，请到开阔处后重试' : `定位失败：${err.message}`,
  });
}

const OPTIONS: PositionOptions = { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 };

/** Asks for a fresh position now (the 重新定位 button). */
export function relocate(): void {
  const geo = globalThis.navigator?.geolocation;
  if (!geo) {
    set({ error: '此浏览器不支持定位' });
    return;
  }
  set({ locating: true });
  geo.getCurrentPosition(onPosition, onError, { ...OPTIONS, maximumAge: 0 });
}

/**
 * The last fix if recent enough to stamp an action with. A fix outside Shanghai is a GPS glitch: left out, since the
 * server would refuse the whole action for it.
 */
export function currentFix(maxAgeMs = MAX_AGE_FOR_ACTIONS_MS): { lat: number; lon: number } | null {
  const f = state.fix;
  if (!f || Date.now() - f.at > maxAgeMs || !inShanghaiBox(f.lon, f.lat)) return null;
  return { lat: f.lat, lon: f.lon };
}

export function useGeoFix(): GeoState & { relocate: () => void } {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    const geo = globalThis.navigator?.geolocation;
    if (watchId === null && geo) {
      set({ locating: state.fix === null });
      watchId = geo.watchPosition(onPosition, onError, OPTIONS);
    } else if (!geo) {
      set({ error: '此浏览器不支持定位' });
    }
    return () => {
      listeners.delete(setS);
      if (listeners.size === 0 && watchId !== null) {
        geo?.clearWatch(watchId);
        watchId = null;
      }
    };
  }, []);
  const again = useCallback(() => relocate(), []);
  return { ...s, relocate: again };
}
