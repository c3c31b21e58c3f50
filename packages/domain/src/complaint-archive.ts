// 一事一档: what a complaint's file must hold to count as complete (indicator "share with a complete 一事一档").
// A complaint found on patrol (巡查发现) has no citizen to call, answer or ask, so those items do not apply to it.
// A duplicate merged into another is complete: its file is the other complaint's.

export interface ArchiveFacts {
  source: string;
  status: string;
  mergedIntoId: string | null;
  contactedAt: string | null;
  handlingNote: string | null;
  replyText: string | null;
  satisfaction: string | null;
  eventKinds: readonly string[];
  photoStages: readonly string[];
}

export interface ArchiveItem { key: string; label: string; ok: boolean }

export interface ArchiveCheck {
  items: ArchiveItem[];
  /** Every item that applies is present and the complaint is closed. */
  complete: boolean;
  missing: string[];
}

export function checkComplaintArchive(f: ArchiveFacts): ArchiveCheck {
  if (f.mergedIntoId) return { items: [{ key: 'merged', label: '已并入其他诉件（档案随主件）', ok: true }], complete: true, missing: [] };
  const citizen = f.source !== 'field';
  const has = (kind: string) => f.eventKinds.includes(kind);
  const items: ArchiveItem[] = [
    { key: 'accepted', label: '受理登记', ok: has('accepted') },
    { key: 'dispatched', label: '派遣记录', ok: has('dispatched') },
    { key: 'signed', label: '签收记录', ok: has('signed') },
    ...(citizen ? [{ key: 'contacted', label: '首次联系诉求人', ok: f.contactedAt !== null }] : []),
    { key: 'handlingNote', label: '处置情况说明', ok: Boolean(f.handlingNote) },
    { key: 'afterPhoto', label: '处置后照片', ok: f.photoStages.includes('after') },
    ...(citizen ? [
      { key: 'reply', label: '回复市民', ok: Boolean(f.replyText) },
      { key: 'satisfaction', label: '市民评价', ok: f.satisfaction !== null },
    ] : []),
    { key: 'closed', label: '办结', ok: f.status === 'closed' },
  ];
  const missing = items.filter((i) => !i.ok).map((i) => i.label);
  return { items, complete: missing.length === 0, missing };
}
