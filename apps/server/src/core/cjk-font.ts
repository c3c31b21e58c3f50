// Noto Sans SC for PDFs with Chinese text (labels, 一事一档, reports): read once; pdfkit embeds only the glyphs used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let fontBytes: Buffer | undefined;

export function cjkFont(): Buffer {
  fontBytes ??= readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  return fontBytes;
}
