// 终端手机号 as the 执法装备库 stores it (11–20 digits as typed, often '0' + an 11-digit number, the JT/T 808-2013
// BCD[6] spelling) versus the codec's one form (normalizeJt808Phone: leading zeros dropped, padded to 11). The gateway
// compares only the codec's form, so '013912345678' in the 装备库 matches a 2013 terminal sending 013912345678 and a
// 2019 terminal sending 00000000013912345678 alike.
import { JT808_PHONE_MAX_DIGITS, JT808_PHONE_MIN_DIGITS, normalizeJt808Phone } from '@cg/domain';

/** The codec's form of a stored 终端手机号, or null when it is not 1–20 digits. */
export function jt808PhoneOfStored(stored: string): string | null {
  return normalizeJt808Phone(stored.trim());
}

/**
 * Every spelling the 装备库 accepts (11–20 digits) that normalises to `phone` (already in the codec's form): the
 * number itself and the number behind up to 20 − length leading zeros. Looking each up exactly keeps the lookup on the
 * unique index of the stored attribute.
 */
export function storedPhoneSpellings(phone: string): string[] {
  if (normalizeJt808Phone(phone) !== phone) return [];
  const out: string[] = [];
  for (let s = phone; s.length <= JT808_PHONE_MAX_DIGITS; s = `0${s}`) {
    if (s.length >= JT808_PHONE_MIN_DIGITS) out.push(s);
  }
  return out;
}

/** The BCD digits a terminal of this edition sends for a phone in the codec's form; null when it does not fit. */
export function jt808PhoneForEdition(phone: string, edition: 2013 | 2019): string | null {
  const width = edition === 2019 ? 20 : 12;
  return phone.length <= width ? phone.padStart(width, '0') : null;
}
