// Starts the platform (built web app + API on a fresh database) and a headless Chromium for one test file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@cg/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/app.ts';
import { ensureComplaintDefaults } from '../../apps/server/src/modules/complaints/complaints.service.ts';
import { seedDemoData } from '../../apps/server/src/seed/demo-seed.ts';
import { ensureDefaultRubric } from '../../apps/server/src/modules/evaluation/evaluation-rubrics.service.ts';
import { Jt808Gateway } from '../../apps/server/src/modules/jt808/jt808-gateway.ts';
import { PositionBus } from '../../apps/server/src/modules/tracking/position-bus.ts';
import { checkUncheckedItems } from '../../apps/server/src/modules/equipment/equipment-attribute-check.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const artifactsDir = path.join(root, 'e2e/artifacts');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface Harness {
  baseUrl: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  database: TestDatabase;
  app: FastifyInstance;
  /** TCP port of the JT/T 808 gateway when started with `jt808: true`. */
  jt808Port: number | null;
  /** Saves a screenshot to e2e/artifacts (git-ignored). */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Browser window; default a 1440×900 desktop. */
  viewport?: { width: number; height: number };
  /** Emulate a phone (touch, mobile meta viewport). */
  mobile?: boolean;
  /** Extra Chromium switches, e.g. a fake camera fed from a file. */
  chromiumArgs?: string[];
  /** Also run the JT/T 808 gateway (any free port), publishing to the same position bus as the app, as `npm start` does. */
  jt808?: boolean;
  /**
   * Load the 诉件 categories and holiday calendar, and run the business clock of complaint deadlines from this instant
   * onwards (it advances with real time), so a test can place itself before a holiday.
   */
  complaintsFrom?: Date;
}

/** A phone-sized viewport (iPhone 12–15 class). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase();
  await seedDemoData(database.db, { scale: 1 });
  const positionBus = new PositionBus();
  await ensureComplaintDefaults(database.db);
  await ensureDefaultRubric(database.db);
  await checkUncheckedItems(database.db);
  const started = Date.now();
  const from = options.complaintsFrom;
  const now = from ? () => new Date(from.getTime() + (Date.now() - started)) : undefined;
  const app = await buildApp({ database, positionBus, webRoot: path.join(root, 'apps/web/dist'), now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  let gateway: Jt808Gateway | null = null;
  if (options.jt808) {
    gateway = new Jt808Gateway({ db: database.db, databaseKind: database.kind, bus: positionBus, host: '127.0.0.1', port: 0, log: app.log });
    await gateway.start();
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...(options.chromiumArgs ?? [])],
  });
  // The app's service worker (installable field app) is blocked in the default context: with it in control, Playwright
  // intermittently misses file downloads (seen in CI on the label PDF and Excel export). dispatch.e2e.ts checks the
  // worker in a phone context of its own.
  const context = await browser.newContext({
    // The users' browsers run on Shanghai time; the machine's (UTC here) would put the web app's "today" a day behind
    // from 16:00 UTC on.
    baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: options.viewport ?? { width: 1440, height: 900 }, acceptDownloads: true,
    serviceWorkers: 'block',
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  mkdirSync(artifactsDir, { recursive: true });
  return {
    baseUrl, browser, context, page, database, app, jt808Port: gateway?.port ?? null,
    async screenshot(name) {
      const file = path.join(artifactsDir, `${name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await gateway?.stop();
      await app.close();
      await database.destroy();
    },
  };
}
