// The jurisdiction map (offline, no tiles) with a complaint's point; in pick mode a click sets the point.
import { lazy, Suspense, useMemo } from 'react';
import { Skeleton } from 'antd';
import { unitsApi } from '../../api/endpoints';
import { useMe } from '../../auth/auth-context';
import { useRequest } from '../../lib/use-request';

const JurisdictionMap = lazy(() => import('../../components/JurisdictionMap'));

interface Props {
  point: { lat: number; lon: number } | null;
  onPick?: (lon: number, lat: number) => void;
  className?: string;
}

export function ComplaintMap({ point, onPick, className = 'complaint-map' }: Props) {
  const me = useMe();
  const geo = useRequest((signal) => unitsApi.geojson(me.unit.id, signal), [me.unit.id]);
  const marker = useMemo<[number, number] | null>(() => (point ? [point.lon, point.lat] : null), [point?.lon, point?.lat]); // eslint-disable-line react-hooks/exhaustive-deps
  // Mounted once the polygons are here, so their fit-to-bounds does not undo the zoom to the point.
  if (geo.loading && !geo.data) return <div className={className}><Skeleton.Node active style={{ width: '100%', height: 300 }} /></div>;
  return (
    <div className={className}>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 300 }} />}>
        <JurisdictionMap collection={geo.data} mode={onPick ? 'locate' : 'select'} onPick={onPick} marker={marker} zoomToMarker />
      </Suspense>
    </div>
  );
}
