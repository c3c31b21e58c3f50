import { describe, expect, it } from 'vitest';
import { detectDocumentType } from './documents.ts';

const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0]);

describe('detectDocumentType', () => {
  it('recognises PDF, Word 97–2003 and Word 2007+ by content', () => {
    expect(detectDocumentType(new TextEncoder().encode('%PDF-1.7\n...'), 'x.bin')).toBe('pdf');
    expect(detectDocumentType(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), '制度.doc')).toBe('doc');
    expect(detectDocumentType(bytes(0x50, 0x4b, 0x03, 0x04), '制度.DOCX')).toBe('docx');
  });

  it('refuses other files even when they are named like a document', () => {
    expect(detectDocumentType(bytes(0x50, 0x4b, 0x03, 0x04), 'archive.zip')).toBeNull();
    expect(detectDocumentType(new TextEncoder().encode('<html>'), 'rules.pdf')).toBeNull();
    expect(detectDocumentType(new Uint8Array(), 'empty.pdf')).toBeNull();
  });
});
