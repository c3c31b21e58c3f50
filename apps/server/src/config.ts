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
  /** Address users reach the platform at (printed into QR labels); unset: taken from each request. */
  publicUrl?: string;
  /** JT/T 808 gateway (北斗 terminals): on unless JT808_ENABLED=false; port 0 = any free port. */
  jt808Enabled: boolean;
  jt808Port: number;
  /** A terminal session silent this long is closed and marked offline (3 × a 60 s heartbeat). */
  jt808IdleSeconds: number;
  jt808MaxConnections: number;
  /** Daily position partitions older than this are dropped. */
  positionRetentionDays: number;
}

function intFrom(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`环境变量 ${name} 应为 ${min}–${max} 之间的整数，当前为 "${raw}"`);
  return n;
}

function httpUrlFrom(name: string): string | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new Error(`环境变量 ${name} 应为 http(s) 网址（如 https://cg.example.gov.cn），当前为 "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
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
    publicUrl: httpUrlFrom('PUBLIC_URL'),
    jt808Enabled: process.env.JT808_ENABLED !== 'false',
    jt808Port: intFrom('JT808_PORT', 6808, 0, 65535),
    jt808IdleSeconds: intFrom('JT808_IDLE_SECONDS', 180, 10, 86_400),
    jt808MaxConnections: intFrom('JT808_MAX_CONNECTIONS', 20_000, 1, 1_000_000),
    positionRetentionDays: intFrom('POSITION_RETENTION_DAYS', 180, 1, 3650),
  };
}
