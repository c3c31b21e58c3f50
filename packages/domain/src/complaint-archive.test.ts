import { describe, expect, it } from 'vitest';
import { checkComplaintArchive, type ArchiveFacts } from './complaint-archive.ts';

const full: ArchiveFacts = {
  source: '12345', status: 'closed', mergedIntoId: null, contactedAt: '2026-10-08T02:00:00Z', handlingNote: '已劝离', replyText: '已处理',
  satisfaction: 'satisfied', eventKinds: ['accepted', 'dispatched', 'contacted', 'signed', 'handled', 'replied', 'feedback', 'closed'],
  photoStages: ['before', 'after'],
};

describe('一事一档 completeness', () => {
  it('a closed 12345 complaint with every step, photo, reply and feedback is complete', () => {
    expect(checkComplaintArchive(full)).toMatchObject({ complete: true, missing: [] });
  });

  it('names what is missing', () => {
    const r = checkComplaintArchive({ ...full, contactedAt: null, photoStages: ['before'], satisfaction: null });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(['首次联系诉求人', '处置后照片', '市民评价']);
  });

  it('an open complaint is not complete yet', () => {
    expect(checkComplaintArchive({ ...full, status: 'replied' }).missing).toEqual(['办结']);
  });

  it('巡查发现 needs no contact, reply or feedback', () => {
    const r = checkComplaintArchive({ ...full, source: 'field', contactedAt: null, replyText: null, satisfaction: null });
    expect(r.complete).toBe(true);
    expect(r.items.map((i) => i.key)).not.toContain('reply');
  });

  it('a merged duplicate is complete through the main complaint', () => {
    expect(checkComplaintArchive({ ...full, mergedIntoId: 'x', status: 'closed', eventKinds: ['accepted', 'merged'], photoStages: [] }).complete).toBe(true);
  });
});
