// Starts the platform: database (embedded PGlite or DATABASE_URL), migrations, demo data, HTTP server, jobs.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '@cg/db';
import { buildApp } from './app.ts';
import { ensureBuiltinCategories } from './modules/equipment/equipment.service.ts';
import { ensureComplaintDefaults } from './modules/complaints/complaints.service.ts';
import { ensureDefaultRubric } from './modules/evaluation/evaluation-rubrics.service.ts';
import { checkUncheckedItems } from './modules/equipment/equipment-attribute-check.ts';
import { Jt808Gateway } from './modules/jt808/jt808-gateway.ts';
import { PositionBus } from './modules/tracking/position-bus.ts';
import { loadConfig } from './config.ts';
import { runHousekeeping, runPositionMaintenance, startScheduler } from './scheduler.ts';
import { demoAccountsWithDefaultPassword, isSeeded, seedDemoData } from './seed/demo-seed.ts';
import { DEMO_USERS } from './seed/demo-users.ts';
import { seedDemoTracking } from './seed/demo-tracking.ts';
import { seedDemoDispatch } from './seed/demo-dispatch.ts';
import { demoOpen311KeyActive, seedDemoOpen311 } from './seed/demo-open311.ts';
import { seedDemoComplaints } from './seed/demo-complaints.ts';
import { seedDemoDuty } from './seed/demo-duty.ts';
import { seedDemoInfrastructure } from './seed/demo-infrastructure.ts';

const say = (message: string) => console.log(`[平台] ${message}`);

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const fresh = !existsSync(path.join(config.dataDir, 'PG_VERSION'));
    mkdirSync(config.dataDir, { recursive: true });
    say(fresh ? `首次启动：正在初始化内置数据库 ${config.dataDir}（约需数秒）…` : `使用内置数据库 ${config.dataDir}`);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  say(`数据库：${database.kind === 'pglite' ? 'PGlite（内置 PostgreSQL）' : 'PostgreSQL'} ${database.location}`);
  await migrateDatabase(database);
  say('数据库结构已是最新');
  const added = await ensureBuiltinCategories(database.db);
  if (added) say(`已写入 ${added} 个内置装备类别`);
  const complaintDefaults = await ensureComplaintDefaults(database.db);
  if (complaintDefaults.categories) say(`已写入 ${complaintDefaults.categories} 个内置诉件类别`);
  if (complaintDefaults.calendarDays) say(`已写入 ${complaintDefaults.calendarDays} 天法定节假日与调休安排`);
  if (await ensureDefaultRubric(database.db)) say('已写入默认考核评分标准（附表一、附表二）');

  let seeded = false;
  if (!(await isSeeded(database.db))) {
    if (config.seedDemo) {
      say(`正在写入演示数据（规模系数 ${config.demoScale}）…`);
      const r = await seedDemoData(database.db, { scale: config.demoScale, onProgress: say });
      say(`演示数据已写入：${r.units} 个单位、${r.officers} 名执法人员、${r.users} 个演示账号（${(r.ms / 1000).toFixed(1)} 秒）`);
      await seedDemoTracking(database.db, { onProgress: say });
      say(`写入演示调度任务：${await seedDemoDispatch(database.db)} 个`);
      say(`写入演示诉件：${await seedDemoComplaints(database.db)} 件`);
      const duty = await seedDemoDuty(database.db);
      say(`写入演示勤务：${duty.plans} 份勤务计划、${duty.shifts} 个班次、${duty.checkins} 次签到签退、${duty.logs} 条勤务日志`);
      const infra = await seedDemoInfrastructure(database.db);
      say(`写入演示基础设施登记：${infra.squadrons} 个中队、${infra.devices} 台设备、${infra.logs} 条机房记录`);
      seeded = true;
    } else {
      say('数据库为空且 SEED_DEMO=false：未写入演示数据');
    }
  }
  // Items loaded before equipment_items.attribute_problems existed (or in bulk) get checked in the background; until then
  // the 完整性 indicator checks them itself.
  void checkUncheckedItems(database.db).then((n) => { if (n) say(`已核查 ${n} 件装备的性能属性完整性`); })
    .catch((e: unknown) => console.error('[平台] 装备属性完整性核查失败', e));
  // The demo Open311 key, also on a demo database seeded before it existed; never written on a production server.
  if (config.seedDemo && !config.production && (await seedDemoOpen311(database.db))) say('已创建演示 Open311 接口密钥 demo-open311-key');
  if (config.production) {
    const unchanged = await demoAccountsWithDefaultPassword(database.db);
    if (unchanged.length) {
      console.error(`[平台] 拒绝以生产模式启动：演示账号 ${unchanged.join('、')} 仍使用公开的默认密码。请先修改或停用这些账号。`);
      await database.close();
      process.exit(1);
    }
  }
  if (config.production && (await demoOpen311KeyActive(database.db))) {
    console.error('[平台] 拒绝以生产模式启动：演示 Open311 接口密钥 demo-open311-key 仍然有效。请先停用该密钥（open311_api_keys.active）。');
    await database.close();
    process.exit(1);
  }

  // One bus per process: the JT/T 808 gateway publishes committed positions, the command map's stream reads them.
  const positionBus = new PositionBus();
  const app = await buildApp({
    database, positionBus, webRoot: config.webRoot, secureCookie: config.secureCookie, trustProxy: config.trustProxy,
    loginRateLimit: config.loginRateLimit, publicUrl: config.publicUrl,
    logger: { level: process.env.LOG_LEVEL || 'warn' },
  });
  if (!existsSync(config.webRoot)) say(`未找到前端构建目录 ${config.webRoot}：仅提供 API（npm start 会先构建前端）`);
  await runHousekeeping(database.db, app.log);
  await runPositionMaintenance(database.db, app.log, config.positionRetentionDays);
  const cron = startScheduler(database.db, app.log, { positionRetentionDays: config.positionRetentionDays });
  await app.listen({ port: config.port, host: config.host });
  let gateway: Jt808Gateway | null = null;
  if (config.jt808Enabled) {
    gateway = new Jt808Gateway({
      db: database.db, databaseKind: database.kind, log: app.log, bus: positionBus, host: config.host,
      port: config.jt808Port, idleMs: config.jt808IdleSeconds * 1000, maxConnections: config.jt808MaxConnections,
      retentionDays: config.positionRetentionDays,
    });
    const jt808Port = await gateway.start().catch((err: unknown) => {
      throw new Error(`JT/T 808 网关无法监听端口 ${config.jt808Port}：${(err as Error).message}（用 JT808_PORT 换端口，或 JT808_ENABLED=false 关闭网关）`);
    });
    say(`JT/T 808 网关：TCP 端口 ${jt808Port}（北斗终端须在执法装备库登记）`);
  } else {
    say('JT/T 808 网关未启动（JT808_ENABLED=false）');
  }

  const url = `http://localhost:${config.port}`;
  say(`已启动：${url}    API 文档：${url}/api/docs    健康检查：${url}/api/health`);
  if (seeded || !config.production) {
    say('演示账号（首次使用后请修改密码）：');
    for (const u of DEMO_USERS) say(`  ${u.username.padEnd(10)} / ${u.password.padEnd(13)} ${u.displayName}`);
  }

  const shutdown = async (signal: string) => {
    say(`收到 ${signal}，正在停止…`);
    cron.stop();
    // Terminals first: queued positions are committed and acked before the database closes.
    await gateway?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('[平台] 启动失败：', err);
  process.exit(1);
});
