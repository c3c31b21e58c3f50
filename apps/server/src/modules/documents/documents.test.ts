import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

function multipart(content: Buffer, fileName: string) {
  const boundary = '----cgdoc' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

describe('制度文件', () => {
  let t: TestApp;
  let squadron: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
  });
  afterAll(() => t.close());

  it('uploads versions of the equipment rules, lists them newest first and downloads the exact bytes', async () => {
    const url = `/api/units/${squadron.id}/documents?kind=equipment_rules&title=${encodeURIComponent('装备管理制度')}`;
    const v1 = multipart(pdf('v1'), '装备管理制度.pdf');
    const first = await t.as('njdl_nq', 'POST', url, v1.body, v1.headers);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, mimeType: 'application/pdf', kindLabel: '装备使用、维护、管理制度' });
    const v2 = multipart(pdf('v2 修订'), '装备管理制度-2026.pdf');
    const second = (await t.as('njdl_nq', 'POST', url, v2.body, v2.headers)).json();
    expect(second.version).toBe(2);

    const list = (await t.as('njdl_dy', 'GET', `/api/units/${squadron.id}/documents?kind=equipment_rules`)).json();
    expect(list.map((d: { version: number }) => d.version)).toEqual([2, 1]);
    const download = await t.as('njdl_dy', 'GET', `/api/documents/${second.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(second.sha256);
    const audit = (await t.as('admin', 'GET', `/api/audit?entityType=document&entityId=${second.id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'upload', after: { version: 2, sha256: second.sha256 } });
  });

  it('refuses a file that is not really a PDF or Word document, and writes nothing', async () => {
    const before = await t.count('unit_documents');
    const fake = multipart(Buffer.from('<html>not a pdf</html>'), '制度.pdf');
    const res = await t.as('njdl_nq', 'POST', `/api/units/${squadron.id}/documents?kind=equipment_rules&title=${encodeURIComponent('假文件')}`, fake.body, fake.headers);
    expect(res.statusCode).toBe(415);
    expect(res.json().details[0].field).toBe('file');
    const badKind = await t.as('njdl_nq', 'POST', `/api/units/${squadron.id}/documents?kind=poems&title=abc`, fake.body, fake.headers);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().details[0].field).toBe('kind');
    expect(await t.count('unit_documents')).toBe(before);
  });

  it('keeps documents inside the scope: an officer cannot upload, another district gets 404', async () => {
    const v = multipart(pdf('x'), 'a.pdf');
    expect((await t.as('njdl_dy', 'POST', `/api/units/${squadron.id}/documents?kind=machine_room_rules&title=${encodeURIComponent('机房制度')}`, v.body, v.headers)).statusCode).toBe(403);
    const other = (await t.as('admin', 'GET', '/api/units?q=310104001')).json().items[0];
    expect((await t.as('njdl_nq', 'GET', `/api/units/${other.id}/documents`)).statusCode).toBe(404);
  });
});
