import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, users } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { demoAccountsWithDefaultPassword } from '../../seed/demo-seed.ts';
import { hashPassword } from './password.ts';
import { buildApp } from '../../app.ts';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('logs in with the demo admin, returns a token and sets an HTTP-only cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'Admin@123456' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).toMatchObject({ username: 'admin', role: 'city_admin', roleLabel: '市局管理员' });
    const cookie = res.cookies.find((c) => c.name === 'cg_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.value).toBe(body.token);

    const viaCookie = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { cg_session: body.token } });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json().unit.kind).toBe('市局');
  });

  it('answers 401 without a session and for a wrong password', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/officers' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('UNAUTHENTICATED');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'kaohe', password: 'nope-nope-1' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  it('locks an account after 5 failures, even for the right password, until unlocked', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'njdl_dy', password: `wrong-${i}-xx` } });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'njdl_dy', password: 'wrong-5-xx' } });
    expect(fifth.statusCode).toBe(423);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'njdl_dy', password: 'Demo@123456' } });
    expect(right.statusCode).toBe(423);
    expect(right.json().code).toBe('ACCOUNT_LOCKED');

    const list = await t.as('hp_admin', 'GET', '/api/users?q=njdl_dy');
    const id = list.json().items[0].id;
    expect(list.json().items[0].lockedUntil).not.toBeNull();
    expect((await t.as('hp_admin', 'POST', `/api/users/${id}/unlock`)).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'njdl_dy', password: 'Demo@123456' } });
    expect(after.statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hp_zhihui', password: 'Demo@123456' } });
    const token = login.json().token;
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(401);
  });

  it('checks permissions per role: an officer cannot create officers or see the audit log', async () => {
    expect((await t.as('njdl_dy', 'GET', '/api/audit')).statusCode).toBe(403);
    const create = await t.as('njdl_dy', 'POST', '/api/officers', {});
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('FORBIDDEN');
    expect((await t.as('kaohe', 'POST', '/api/users', {})).statusCode).toBe(403);
  });

  it('does not let a district admin grant a role above their own', async () => {
    const me = (await t.as('hp_admin', 'GET', '/api/auth/me')).json();
    const res = await t.as('hp_admin', 'POST', '/api/users', {
      username: 'sneaky', displayName: '越权', role: 'city_admin', unitId: me.unit.id, password: 'Abcdef12345',
    });
    expect(res.statusCode).toBe(403);
    expect(await t.count('users')).toBe(7);
  });

  it('changing a password requires the old one and the password policy', async () => {
    const weak = await t.as('njdl_nq', 'POST', '/api/auth/password', { oldPassword: 'Demo@123456', newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0].field).toBe('newPassword');
    const ok = await t.as('njdl_nq', 'POST', '/api/auth/password', { oldPassword: 'Demo@123456', newPassword: 'NewSecret2026' });
    expect(ok.statusCode).toBe(204);
  });

  it('lists demo accounts that still have the published password (production start refuses)', async () => {
    const before = await demoAccountsWithDefaultPassword(t.database.db);
    expect(before).toContain('admin');
    expect(before).not.toContain('njdl_nq'); // changed above
    for (const username of before) {
      await t.database.db.update(users).set({ passwordHash: await hashPassword('Changed-2026-x') }).where(eq(users.username, username));
    }
    expect(await demoAccountsWithDefaultPassword(t.database.db)).toEqual([]);
  });

  it('limits login attempts per client address with 429 RATE_LIMITED', async () => {
    const app = await buildApp({ database: t.database, loginRateLimit: 3 });
    try {
      const attempt = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'x-x-x-x-x-1' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('秒后再试') });
    } finally {
      await app.close();
    }
  });
});
