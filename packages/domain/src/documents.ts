// 制度文件: the rules documents the standard asks each squadron to have, and what an uploaded file really is.
export const DOCUMENT_KINDS = {
  equipment_rules: '装备使用、维护、管理制度',
  machine_room_rules: '机房管理制度',
  duty_rules: '勤务指挥室管理制度',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export type DocumentFileType = 'pdf' | 'docx' | 'doc';

export const DOCUMENT_MIME: Record<DocumentFileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
};

/** The file type from its first bytes (not its name): PDF, Word 2007+ (a zip named .docx) or Word 97–2003 (OLE). */
export function detectDocumentType(bytes: Uint8Array, fileName: string): DocumentFileType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'doc';
  if (starts([0x50, 0x4b, 0x03, 0x04]) && /\.docx$/i.test(fileName)) return 'docx';
  return null;
}
