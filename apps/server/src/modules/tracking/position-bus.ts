// In-process fan-out of committed positions: the JT/T 808 gateway and the field-app position API publish after their
// transaction commits; the command map's live stream subscribes. One process holds both ends; when the platform is
// scaled out, this is the seam where NATS JetStream (subject positions.<unitPath>) replaces the in-memory bus.

export interface LivePosition {
  sourceId: string;
  sourceKind: 'terminal' | 'officer';
  unitId: string;
  /** Materialised path of the unit, so subscribers can scope by prefix without a query. */
  unitPath: string;
  vehicleId: string | null;
  officerId: string | null;
  /** Plate, or officer name. */
  label: string;
  ts: string;
  lat: number;
  lon: number;
  speedKmh: number | null;
  direction: number | null;
  alarm: number;
  status: number;
}

export type PositionListener = (batch: readonly LivePosition[]) => void;

export class PositionBus {
  private readonly listeners = new Set<PositionListener>();

  subscribe(listener: PositionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers a committed batch to every subscriber; a failing subscriber does not affect the others. */
  publish(batch: readonly LivePosition[]): void {
    if (batch.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // A broken live stream must never fail the write path that already committed.
      }
    }
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
