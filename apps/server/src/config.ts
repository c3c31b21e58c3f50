// Settings from the environment, with the defaults a newcomer needs.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  production: boolean;
  seedDemo: boolean;
  demoScale: number;
  webRoot: string;
  secureCookie: boolean;
  trustProxy: boolean;
  loginRateLimit: number;
}

function intFrom(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`环境变量 ${name} 应为 ${min}–${max} 之间的整数，当前为 "${raw}"`);
  return n;
}

export function loadConfig(): ServerConfig {
  return {
    port: intFrom('PORT', 3000, 0, 65535), // 0: any free port
    host: process.env.HOST || '0.0.0.0',
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: path.resolve(repoRoot, process.env.DATA_DIR || 'data/pglite'),
    production: process.env.NODE_ENV === 'production',
    seedDemo: process.env.SEED_DEMO !== 'false',
    demoScale: intFrom('DEMO_SCALE', 1, 1, 100),
    webRoot: path.resolve(repoRoot, process.env.WEB_ROOT || 'apps/web/dist'),
    secureCookie: process.env.COOKIE_SECURE === 'true',
    trustProxy: process.env.TRUST_PROXY === 'true',
    loginRateLimit: intFrom('LOGIN_RATE_LIMIT', 30, 1, 10_000),
  };
}
