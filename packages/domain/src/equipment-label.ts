// What a QR label on a piece of equipment encodes: the item's URL, which carries its 资产编号. A phone's own camera
// app opens the item page; the inventory scanner reads the tag back out. Labels printed by other systems often
// hold the bare tag, so that is accepted too.
import { assetTagProblem, normalizeAssetTag } from './equipment.ts';

export const LABEL_PATH_PREFIX = '/equipment/tag/';

/** The text a label's QR code holds, e.g. https://cg.example/equipment/tag/HP-001. */
export function labelPayload(baseUrl: string, assetTag: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${LABEL_PATH_PREFIX}${encodeURIComponent(normalizeAssetTag(assetTag))}`;
}

/** The 资产编号 in a scanned code (our label URL or a bare tag), or null when the code is neither. */
export function assetTagFromScan(text: string): string | null {
  const s = typeof text === 'string' ? text.trim() : '';
  if (s === '') return null;
  const at = s.indexOf(LABEL_PATH_PREFIX);
  let candidate = s;
  if (at >= 0) {
    const rest = s.slice(at + LABEL_PATH_PREFIX.length).split(/[?#/]/)[0] ?? '';
    try {
      candidate = decodeURIComponent(rest);
    } catch {
      return null;
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(s)) {
    return null; // some other URL or scheme (a WeChat link, a payment code...)
  }
  const tag = normalizeAssetTag(candidate);
  return assetTagProblem(tag) === null ? tag : null;
}
