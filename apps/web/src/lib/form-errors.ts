import type { FormInstance } from 'antd';
import { isApiError } from '../api/client';
import { errorMessage } from './errors';

/**
 * Puts the server's field errors (400 VALIDATION_FAILED `details[].field`) under the matching form items.
 * `details[].field` may be a plain name (`idNumber`) or a path (`body.idNumber`); the last segment that
 * names a form field wins. Returns the top message plus the errors that matched no field.
 */
export function applyServerErrors(form: FormInstance, e: unknown, fieldAliases: Record<string, string> = {}): {
  message: string;
  unmatched: string[];
} {
  const message = errorMessage(e);
  if (!isApiError(e) || e.details.length === 0) return { message, unmatched: [] };
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  for (const alias of Object.values(fieldAliases)) known.add(alias);
  const byField = new Map<string, string[]>();
  const unmatched: string[] = [];
  for (const d of e.details) {
    const raw = d.field ?? '';
    const segments = raw.split(/[.[\]/]+/).filter(Boolean);
    let target: string | undefined;
    for (let i = segments.length - 1; i >= 0 && !target; i--) {
      const s = fieldAliases[segments[i]] ?? segments[i];
      if (known.has(s)) target = s;
    }
    if (target) byField.set(target, [...(byField.get(target) ?? []), d.message]);
    else unmatched.push(raw ? `${raw}：${d.message}` : d.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  const first = [...byField.keys()][0];
  if (first) form.scrollToField(first, { block: 'center' });
  return { message, unmatched };
}

/** validateFields without the rejection: the values, or null when a rule failed (antd shows the errors). */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
