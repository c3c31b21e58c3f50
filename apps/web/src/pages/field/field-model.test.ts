// The phone's view of a complaint while steps wait in the queue: status, buttons, record and photos follow the same
// rules as the server, and a report made offline shows as a signed complaint of its own.
import { describe, expect, it } from 'vitest';
import type { ComplaintDetail } from '../../api/complaints';
import type { LogEntryView } from '../../api/duty';
import type { QueueEntry } from '../../lib/offline-queue';
import { currentShiftId, dueStateOf, dutyLogBody, fromReport, fromServer, project, projectLogEntries, rolesOf } from './field-model';

const handler = rolesOf(['complaint.read', 'complaint.handle']);

function detail(more: Partial<ComplaintDetail> = {}): ComplaintDetail {
  return {
    id: 'c1', code: 'TS20250602001', source: 'clerk', sourceLabel: '窗口受理', externalSystem: null, externalNo: null,
    categoryId: 'k', categoryCode: 'SR01', categoryName: '市容环境／占道经营', description: '流动摊贩', address: '南京东路100号',
    lat: 31.2, lon: 121.47, reporterName: '张三', reporterPhone: '13800000000', unitId: 'u', unitName: '南京东路街道中队',
    status: 'dispatched', statusLabel: '已派遣', receivedAt: '2025-06-02T01:00:00Z', contactDueAt: '2025-06-03T16:00:00Z',
    dueAt: '2025-06-06T16:00:00Z', closedAt: null, contactedAt: null, handledAt: null, repliedAt: null, handledOnTime: null,
    handlingNote: null, replyText: null, satisfaction: null, satisfactionLabel: null, feedbackAt: null, reopenCount: 0, returnCount: 0,
    extensionPending: false, extensionRequestedDueAt: null, mergedIntoId: null, mergedIntoCode: null, overdue: false, dueState: 'normal',
    createdByName: '内勤', createdAt: '2025-06-02T01:00:00Z', version: 3,
    events: [{ id: 1, kind: 'dispatched', kindLabel: '派遣', at: '2025-06-02T01:05:00Z', actorName: '内勤', fromStatus: 'accepted', toStatus: 'dispatched', fromUnitName: null, toUnitName: null, note: null }],
    photos: [], links: [],
    availableActions: [
      { action: 'contact', label: '首次联系', reasonRequired: false }, { action: 'sign', label: '签收', reasonRequired: false },
      { action: 'return', label: '退回', reasonRequired: true }, { action: 'reply', label: '回复市民', reasonRequired: false },
    ],
    archive: { items: [], complete: false, missing: [] }, canReroute: false, canMerge: false, canRecordFeedback: false,
    ...more,
  };
}

let seq = 0;
function entry(group: string, kind: QueueEntry['kind'], more: Partial<QueueEntry> = {}): QueueEntry {
  seq += 1;
  return {
    id: `e${seq}`, kind, group, method: 'POST', path: `/api/complaints/${group}/actions`, label: kind, createdAt: `2025-06-02T02:0${seq % 10}:00Z`,
    attempts: 0, lastError: null, lastTriedAt: null, ...more,
  };
}

describe('project', () => {
  it('shows only the field actions the server offers when nothing waits', () => {
    const c = project(fromServer(detail()), [], handler);
    expect(c.actions.map((a) => a.action)).toEqual(['contact', 'sign', 'return']);
    expect(c.pending).toBe(0);
    expect(c.statusLabel).toBe('待签收');
  });

  it('moves the status and the buttons with the queued steps, and lists them as pending', () => {
    const queued = [
      entry('c1', 'action', { body: { action: 'sign' } }),
      entry('c1', 'photo', { path: '/api/complaints/c1/photos', query: { stage: 'after' } }),
      entry('c1', 'action', { body: { action: 'handle', note: '已劝离' } }),
      entry('other', 'action', { body: { action: 'sign' } }),
    ];
    const afterSign = project(fromServer(detail()), queued.slice(0, 1), handler);
    expect(afterSign.status).toBe('signed');
    expect(afterSign.actions.map((a) => a.action)).toEqual(['contact', 'start', 'handle', 'return', 'request_extension']);

    const c = project(fromServer(detail()), queued, handler, '王队员');
    expect(c.status).toBe('handled');
    expect(c.statusLabel).toBe('已处置');
    expect(c.handlingNote).toBe('已劝离');
    expect(c.pending).toBe(3);
    expect(c.actions).toEqual([]);
    expect(c.photos.map((p) => [p.stage, p.entryId, p.url])).toEqual([['after', queued[1].id, null]]);
    expect(c.events.filter((e) => e.pending).map((e) => [e.label, e.actorName])).toEqual([
      ['签收', '王队员'], ['上传处置后照片', '王队员'], ['处置完毕', '王队员'],
    ]);
  });

  it('records contact and an extension request without moving the status', () => {
    const c = project(fromServer(detail({ status: 'signed' })), [
      entry('c1', 'action', { body: { action: 'contact', note: '已电话联系' } }),
      entry('c1', 'action', { body: { action: 'request_extension', reason: '需协调物业', extensionDays: 3 } }),
    ], handler);
    expect(c.status).toBe('signed');
    expect(c.contactedAt).not.toBeNull();
    expect(c.extensionPending).toBe(true);
    expect(c.actions.map((a) => a.action)).toEqual(['start', 'handle', 'return']);
    expect(c.events.at(-1)?.note).toBe('延期3个工作日：需协调物业');
  });

  it('shows an offline report as signed with its own photos and steps, no 首次联系', () => {
    const local = 'local-1';
    const report = entry(local, 'report', {
      path: '/api/complaints/field', creates: local, meta: { categoryName: '市容环境／乱堆物' },
      body: { categoryCode: 'SR02', description: '垃圾堆放', lat: 31.2, lon: 121.47 },
    });
    const photo = entry(local, 'photo', { path: `/api/complaints/{${local}}/photos`, query: { stage: 'before' } });
    const c = project(fromReport(report, '王队员'), [report, photo], handler);
    expect(c).toMatchObject({ id: local, local: true, status: 'signed', categoryName: '市容环境／乱堆物', pending: 2 });
    expect(c.photos).toHaveLength(1);
    expect(c.actions.map((a) => a.action)).toEqual(['start', 'handle', 'return', 'request_extension']);
  });
});

describe('dueStateOf', () => {
  it('flags overdue and within 24 hours against the phone clock', () => {
    const now = Date.parse('2025-06-06T00:00:00Z');
    expect(dueStateOf({ status: 'signed', dueAt: '2025-06-05T23:00:00Z' }, now)).toBe('overdue');
    expect(dueStateOf({ status: 'signed', dueAt: '2025-06-06T20:00:00Z' }, now)).toBe('near');
    expect(dueStateOf({ status: 'signed', dueAt: '2025-06-09T00:00:00Z' }, now)).toBe('normal');
    expect(dueStateOf({ status: 'handled', dueAt: '2025-06-05T23:00:00Z' }, now)).toBe('done');
  });
});

describe('勤务日志 on the phone', () => {
  const server: LogEntryView = {
    id: 'log1', officerId: 'o', officerName: '王队员', shiftId: 's1', shiftName: '早班', at: '2025-06-02T01:00:00.000Z', text: '巡查步行街',
    lat: null, lon: null, createdAt: '2025-06-02T01:00:05.000Z',
    photos: [{ id: 'p1', fileName: 'a.jpg', mimeType: 'image/jpeg', sizeBytes: 10, uploadedAt: '2025-06-02T01:00:06.000Z', url: '/api/duty/logs/log1/photos/p1' }],
  };

  it('builds the body: trimmed text, the shift and position only when known', () => {
    const at = new Date('2025-06-02T02:00:00Z');
    expect(dutyLogBody({ text: '  劝离摊贩3处 ', shiftId: null }, null, at)).toEqual({ text: '劝离摊贩3处', at: '2025-06-02T02:00:00.000Z' });
    expect(dutyLogBody({ text: '劝离', shiftId: 's1' }, { lat: 31.2, lon: 121.47 }, at))
      .toEqual({ text: '劝离', shiftId: 's1', lat: 31.2, lon: 121.47, at: '2025-06-02T02:00:00.000Z' });
  });

  it('shows an entry written offline as 待同步 with its queued photos, newest first', () => {
    const local = 'local-log-1';
    const log = entry(local, 'duty_log', {
      path: '/api/duty/my/logs', creates: local, body: { text: '离线记的日志', shiftId: 's1', lat: 31.2, lon: 121.47, at: '2025-06-02T03:00:00.000Z' },
    });
    const photo = entry(local, 'duty_log_photo', { path: `/api/duty/my/logs/{${local}}/photos`, file: { name: 'x.jpg', type: 'image/jpeg', size: 9, field: 'file' } });
    const list = projectLogEntries([server], [log, photo], { s1: '早班' });
    expect(list.map((e) => e.id)).toEqual([local, 'log1']);
    expect(list[0]).toMatchObject({ local: true, text: '离线记的日志', shiftName: '早班', lat: 31.2, pending: 2 });
    expect(list[0].photos).toEqual([{ key: photo.id, url: null, entryId: photo.id }]);
    expect(list[1]).toMatchObject({ local: false, pending: 0 });
  });

  it('adds photos still queued for an entry the server already has', () => {
    const photo = entry('log1', 'duty_log_photo', { path: '/api/duty/my/logs/log1/photos' });
    const [e] = projectLogEntries([server], [photo]);
    expect(e.pending).toBe(1);
    expect(e.photos.map((p) => [p.url, p.entryId])).toEqual([['/api/duty/logs/log1/photos/p1', null], [null, photo.id]]);
  });

  it('keeps 诉件 entries out of the log and log entries out of the complaint', () => {
    const log = entry('c1', 'duty_log_photo');
    expect(projectLogEntries([], [entry('c1', 'action', { body: { action: 'sign' } })])).toEqual([]);
    const c = fromServer(detail());
    expect(project(c, [log], handler)).toBe(c);
  });

  it('links a new entry to the shift running now, else the next one, else the last one', () => {
    const shifts = [
      { id: 'early', startsAt: '2025-06-02T00:00:00Z', endsAt: '2025-06-02T04:00:00Z' },
      { id: 'late', startsAt: '2025-06-02T08:00:00Z', endsAt: '2025-06-02T12:00:00Z' },
    ];
    expect(currentShiftId(shifts, Date.parse('2025-06-02T01:00:00Z'))).toBe('early');
    expect(currentShiftId(shifts, Date.parse('2025-06-02T05:00:00Z'))).toBe('late');
    expect(currentShiftId(shifts, Date.parse('2025-06-02T13:00:00Z'))).toBe('late');
    expect(currentShiftId([], Date.parse('2025-06-02T13:00:00Z'))).toBeNull();
  });
});
