// 基础设施登记: types mirroring apps/server/src/modules/infrastructure (views, registry, indicators) and one small
// function per route used by the registry page.
import type {
  CommandRoomMode, IndicatorKind, IndicatorResult, InfraDeviceKind, InfraLocationKind, MachineRoomLogKind, NetworkLinkKind,
} from '@cg/domain';
import { http } from './client';
import type { UnitDocument } from './types';

const enc = encodeURIComponent;

interface Stamp { id: string; unitId: string; createdByName: string; createdAt: string; updatedAt: string; version: number }

export interface LinkView extends Stamp {
  kind: NetworkLinkKind; kindLabel: string; provider: string | null; upMbps: number; downMbps: number; note: string | null;
}
export interface RoomView extends Stamp {
  mode: CommandRoomMode; modeLabel: string; sharedWith: string | null; location: string; areaM2: number | null; note: string | null;
}
export interface DeviceView extends Stamp {
  kind: InfraDeviceKind; kindLabel: string; name: string; model: string | null; locationKind: InfraLocationKind | null;
  locationLabel: string | null; room: string | null; retentionDays: number | null; retentionVerifiedOn: string | null; inService: boolean;
  note: string | null;
}
export interface TestCallView extends Stamp { at: string; success: boolean; counterpart: string | null; note: string | null }
export interface LogView extends Stamp { at: string; kind: MachineRoomLogKind; kindLabel: string; text: string }

export interface Registry {
  unit: { id: string; name: string; kind: string };
  links: LinkView[];
  room: RoomView | null;
  devices: DeviceView[];
  testCalls: TestCallView[];
  machineRoomLogCount: number;
  lastMachineRoomLogAt: string | null;
  documents: { machineRoomRules: UnitDocument | null; equipmentRules: UnitDocument | null };
}

export interface InfraIndicator extends IndicatorResult { label: string; kind: IndicatorKind; description: string; target: number }
export interface InfraIndicators { unitId: string; from: string; to: string; asOf: string; indicators: InfraIndicator[] }

export interface LinkInput { kind: NetworkLinkKind; provider?: string | null; upMbps: number; downMbps: number; note?: string | null }
export interface RoomInput { mode: CommandRoomMode; sharedWith?: string | null; location: string; areaM2?: number | null; note?: string | null }
export interface DeviceInput {
  kind: InfraDeviceKind; name: string; model?: string | null; locationKind?: InfraLocationKind | null; room?: string | null;
  retentionDays?: number | null; retentionVerifiedOn?: string | null; inService?: boolean; note?: string | null;
}
export interface TestCallInput { at: string; success: boolean; counterpart?: string | null; note?: string | null }
export interface LogInput { at: string; kind: MachineRoomLogKind; text: string }

/** The REST path segment of each record kind. */
export type InfraRecordPath = 'links' | 'command-room' | 'devices' | 'test-calls' | 'machine-room-logs';

const unitPath = (unitId: string, rest = '') => `/infrastructure/units/${enc(unitId)}${rest}`;

export const infrastructureApi = {
  registry: (unitId: string, signal?: AbortSignal) => http.get<Registry>(unitPath(unitId), undefined, signal),
  indicators: (unitId: string, q: { from?: string; to?: string }, signal?: AbortSignal) =>
    http.get<InfraIndicators>(unitPath(unitId, '/indicators'), q, signal),
  logs: (unitId: string, q: { page: number; pageSize: number; from?: string; to?: string }, signal?: AbortSignal) =>
    http.get<{ items: LogView[]; total: number; page: number; pageSize: number }>(unitPath(unitId, '/machine-room-logs'), q, signal),
  create: <T>(unitId: string, path: InfraRecordPath, body: object) => http.post<T>(unitPath(unitId, `/${path}`), body),
  update: <T>(path: InfraRecordPath, id: string, body: object & { version: number }) => http.patch<T>(`/infrastructure/${path}/${enc(id)}`, body),
  remove: (path: InfraRecordPath, id: string, version: number) =>
    http.delete<{ id: string; deleted: true }>(`/infrastructure/${path}/${enc(id)}?version=${version}`),
};
