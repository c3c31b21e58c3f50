import { describe, expect, it } from 'vitest';
import { DEFAULT_PERFORMANCE_FLOORS } from './equipment-performance.ts';

const floor = (code: string) => DEFAULT_PERFORMANCE_FLOORS.find((f) => f.code === code)!;

describe('performance floors', () => {
  it('passes a 4G body camera that meets every floor, and names each shortfall otherwise', () => {
    const f = floor('body_camera_4g');
    expect(f.shortfalls({ network: '5G', resolution: '2K', batteryHours: 10, positioning: true })).toEqual([]);
    expect(f.shortfalls({ network: '无', resolution: '720P', batteryHours: 6, positioning: false })).toEqual([
      '未联网（4G/5G）', '分辨率720P低于1080P', '续航6小时低于8小时', '不具备定位',
    ]);
    expect(f.shortfalls({ network: '4G', positioning: true })).toEqual(['分辨率未登记', '续航未登记']);
  });
  it('asks a vehicle for 4G video of at least 1080P', () => {
    const f = floor('vehicle');
    expect(f.shortfalls({ has4gVideo: true, videoResolution: '1080P' })).toEqual([]);
    expect(f.shortfalls({ has4gVideo: true, videoResolution: '720P' })).toEqual(['车载视频分辨率720P低于1080P']);
    expect(f.shortfalls({ has4gVideo: false })).toEqual(['未配备4G车载视频']);
  });
  it('checks a data terminal\'s capacity and ports, at the boundary too', () => {
    const f = floor('data_terminal');
    expect(f.shortfalls({ capacityTb: 4, ports: 8 })).toEqual([]);
    expect(f.shortfalls({ capacityTb: 3.9, ports: 4 })).toEqual(['存储容量3.9TB低于4TB', '接口数4个低于8个']);
  });
  it('reads only the attributes it declares: the same verdict from those alone, with null read as missing', () => {
    const samples: Record<string, unknown>[] = [
      { network: '4G', resolution: '1080P', batteryHours: 9, positioning: true, has4gVideo: true, videoResolution: '2K', capacityTb: 8, ports: 16, brand: 'X', hasDashcam: true },
      { network: '3G', resolution: '720P', batteryHours: 2, positioning: false, has4gVideo: false, videoResolution: '720P', capacityTb: 1, ports: 2, extra: 'y' },
      { network: null, resolution: null, batteryHours: null, positioning: null, has4gVideo: null, capacityTb: null, ports: null },
      {},
    ];
    for (const f of DEFAULT_PERFORMANCE_FLOORS) {
      for (const a of samples) {
        const only = Object.fromEntries(f.reads.filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]]));
        expect(f.shortfalls(only), `${f.code} ${JSON.stringify(a)}`).toEqual(f.shortfalls(a));
      }
    }
  });
});
