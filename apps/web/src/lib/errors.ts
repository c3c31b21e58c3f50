import { isApiError } from '../api/client';

/** The Chinese message to show for any thrown value (the server's `message` when there is one). */
export function errorMessage(e: unknown, fallback = '操作失败，请稍后重试'): string {
  if (isApiError(e)) return e.message || fallback;
  if (e instanceof Error && e.message) return e.message;
  return fallback;
}

/** 401 is handled globally (back to the login page) and needs no toast. */
export function isSilentError(e: unknown): boolean {
  return isApiError(e) && e.status === 401;
}
