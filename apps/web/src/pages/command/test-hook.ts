// A read-only window of the command map for browser tests and field diagnosis (window.__commandMap): what the map's
// source holds and where playback is. Nothing here changes the page.
import type { CommandMapHandle, RenderedView } from './CommandMap';
import type { PositionItem } from './position-store';

export interface PlaybackState {
  playing: boolean;
  speed: number;
  /** Current playback time (ms) and the track's bounds. */
  t: number;
  start: number;
  end: number;
  points: number;
}

export interface CommandMapHook {
  /** Features in the map's GeoJSON source, read back from MapLibre. */
  sourceFeatureCount(): Promise<number>;
  /** A unit as the page holds it (position, state), or null. */
  position(sourceId: string): PositionItem | null;
  /** When the map's source was last replaced (ms since epoch), and how many live batches arrived. */
  lastUpdateAt: number;
  liveBatches: number;
  /** Render time of recent frames (ms). */
  frameTimes(): number[];
  /** Zoom, cluster bubbles (screen position relative to the map, count) and single units drawn now; null without a map. */
  renderedView(): RenderedView | null;
  playback: PlaybackState | null;
}

declare global {
  interface Window {
    __commandMap?: CommandMapHook;
  }
}

export function createHook(map: () => CommandMapHandle | null, position: (id: string) => PositionItem | null): CommandMapHook {
  return {
    sourceFeatureCount: async () => (await map()?.sourceFeatureCount()) ?? 0,
    position,
    lastUpdateAt: 0,
    liveBatches: 0,
    frameTimes: () => map()?.frameTimes() ?? [],
    renderedView: () => map()?.renderedView() ?? null,
    playback: null,
  };
}
