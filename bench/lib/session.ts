// Logging in and checked single requests against the running app.
import { DEMO_USERS } from '../../apps/server/src/seed/demo-users.ts';

/** The password of a demo login, or of an account a benchmark created itself (`extra`). */
export function passwordOf(username: string, extra: Record<string, string> = {}): string {
  const password = extra[username] ?? DEMO_USERS.find((u) => u.username === username)?.password;
  if (!password) throw new Error(`no password known for user ${username}`);
  return password;
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${body.slice(0, 300)}`);
  return (JSON.parse(body) as { token: string }).token;
}

/** One GET; throws with the URL, status and body unless it answers 200 with a page (`{items, total}`). */
export async function checkedListGet(baseUrl: string, token: string, what: string, path: string): Promise<{ ms: number; total: number }> {
  const t0 = performance.now();
  const res = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) {
    throw new Error(`${what}: GET ${decodeURIComponent(path)} answered ${res.status}: ${body.slice(0, 300)}`);
  }
  const json = JSON.parse(body) as { items?: unknown[]; total?: number };
  if (!Array.isArray(json.items) || typeof json.total !== 'number') {
    throw new Error(`${what}: GET ${decodeURIComponent(path)} did not answer {items, total}: ${body.slice(0, 200)}`);
  }
  return { ms, total: json.total };
}
