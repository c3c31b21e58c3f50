// The real entry point, as `npm start` runs it, in production mode with the demo accounts untouched.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'cg-main-'));

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

describe('server entry point', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start in production while demo accounts keep their published passwords', async () => {
    const { code, output } = await run({ NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain('演示数据已写入');
    expect(output).toContain('拒绝以生产模式启动');
    expect(output).toMatch(/admin/);
    expect(output).not.toContain('已启动');
  }, 180_000); // a first start seeds the demo data into a fresh PGlite folder: about a minute on a busy 2-core machine
});
