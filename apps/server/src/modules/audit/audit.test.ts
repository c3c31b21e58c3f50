import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { verifyAuditChain } from './audit.service.ts';
import { auditEntryHash, canonicalJson } from './audit-hash.ts';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    const base = { seq: 1, at: new Date(0), actorId: null, actorName: 'x', unitId: null, entityType: 't', entityId: null, action: 'a', before: null, after: { a: 1, b: 2 }, ip: null, requestId: null, prevHash: '0' };
    expect(auditEntryHash(base)).toBe(auditEntryHash({ ...base, after: { b: 2, a: 1 } }));
    expect(auditEntryHash(base)).not.toBe(auditEntryHash({ ...base, after: { a: 1, b: 3 } }));
  });

  it('records every write with actor, unit, entity and before/after', async () => {
    const me = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json();
    const officer = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${me.unit.id}&pageSize=1`)).json().items[0];
    await t.as('njdl_nq', 'PATCH', `/api/officers/${officer.id}`, { version: officer.version, phone: '13811112222' });
    const entries = (await t.as('admin', 'GET', `/api/audit?entityType=officer&entityId=${officer.id}`)).json();
    expect(entries.items[0]).toMatchObject({
      action: 'update', entityType: 'officer', entityId: officer.id, unitId: me.unit.id,
      actorName: expect.stringContaining('njdl_nq'), after: { phone: '13811112222' },
    });
    expect(entries.items[0].before).toHaveProperty('phone');
  });

  it('scopes the audit view: a district admin sees no entries of other districts', async () => {
    const mine = (await t.as('hp_admin', 'GET', '/api/audit?pageSize=200')).json();
    const district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit;
    const tree = (await t.as('hp_admin', 'GET', '/api/units/tree')).json();
    expect(tree[0].id).toBe(district.id);
    const allowed = new Set<string>();
    const walk = (n: { id: string; children: unknown[] }) => { allowed.add(n.id); (n.children as typeof n[]).forEach(walk); };
    tree.forEach(walk);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e: { unitId: string }) => allowed.has(e.unitId))).toBe(true);
  });

  it('verifies the chain, and an edit made by SQL (bypassing the append-only trigger) is detected and named', async () => {
    const ok = (await t.as('admin', 'POST', '/api/audit/verify')).json();
    expect(ok).toMatchObject({ ok: true, firstBroken: null });
    expect(ok.checked).toBeGreaterThan(3);

    const target = await queryOne<{ seq: string }>(t.database.db, sql`SELECT seq::text FROM audit_log WHERE action = 'update' ORDER BY seq LIMIT 1`);
    const seq = Number(target!.seq);
    // As a database superuser could: disable triggers for the session and rewrite history.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET after = '{"phone":"13000000000"}'::jsonb WHERE seq = ${seq}`);
    });
    const broken = await verifyAuditChain(t.database.db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toEqual({ seq, reason: expect.stringContaining('篡改') });
    const viaApi = (await t.as('admin', 'POST', '/api/audit/verify')).json();
    expect(viaApi.firstBroken.seq).toBe(seq);
  });
});
