// npm run simulate:jt808 -- --terminals N --interval S [--host --port --edition 2013|2019|mixed --duration S]
// Drives N registered 北斗 terminals (installed in vehicles) against a running platform. The terminals and their
// jurisdictions come from the HTTP API (logged in as admin by default), so it works against `npm start` without
// touching the embedded database, which only one process may open.
import { parseArgs } from 'node:util';
import type { JurisdictionGeometry } from '@cg/domain';
import type { Jt808TerminalEntry } from '../modules/jt808/jt808.service.ts';
import { Jt808Simulation, SHANGHAI_FALLBACK, type SimArea, type SimTerminalSpec } from '../modules/jt808/jt808-simulator.ts';

const USAGE = `用法：npm run simulate:jt808 -- --terminals 50 --interval 5 [选项]
  --terminals N      模拟终端数（取执法装备库中已安装在车辆上的北斗终端），默认 10
  --interval S       位置汇报间隔（秒，可为小数），默认 5
  --duration S       运行时长（秒），默认一直运行到 Ctrl+C
  --host H           网关地址，默认 127.0.0.1
  --port P           网关端口，默认 $JT808_PORT 或 6808
  --edition E        2013 | 2019 | mixed（按装备库登记的协议版本），默认 mixed
  --api URL          平台地址，默认 http://127.0.0.1:$PORT（3000）
  --unit ID          只取该单位（含下级）的终端
  --user U           登录账号，默认 admin；密码取 --password 或 $SIMULATOR_PASSWORD，默认 Admin@123456
  --blind-rate R     每次汇报进入盲区的概率，默认 0.002
  --seed N           随机种子，默认 808
  --json             结束时只输出一行 JSON 汇总`;

function fail(message: string): never {
  console.error(`[模拟器] ${message}`);
  process.exit(1);
}

function num(value: string | undefined, name: string, fallback: number, min: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) fail(`--${name} 应为不小于 ${min} 的${integer ? '整数' : '数'}：${value}`);
  return n;
}

async function api<T>(base: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((err: unknown) => fail(`无法连接平台 ${base}：${(err as Error).message}（平台是否已用 npm start 启动？）`));
  if (!res.ok) fail(`${path} → HTTP ${res.status}：${await res.text()}`);
  return (await res.json()) as T;
}

async function main() {
  const { values } = parseArgs({
    options: {
      terminals: { type: 'string' }, interval: { type: 'string' }, duration: { type: 'string' }, host: { type: 'string' },
      port: { type: 'string' }, edition: { type: 'string' }, api: { type: 'string' }, unit: { type: 'string' },
      user: { type: 'string' }, password: { type: 'string' }, 'blind-rate': { type: 'string' }, seed: { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const count = num(values.terminals, 'terminals', 10, 1, true);
  const intervalS = num(values.interval, 'interval', 5, 0.05, false);
  const durationS = num(values.duration, 'duration', 0, 0, false);
  const port = num(values.port ?? process.env.JT808_PORT, 'port', 6808, 1, true);
  const edition = values.edition ?? 'mixed';
  if (!['2013', '2019', 'mixed'].includes(edition)) fail(`--edition 只能是 2013、2019 或 mixed：${edition}`);
  const base = (values.api ?? `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, '');
  const say = (m: string) => { if (!values.json) console.log(`[模拟器] ${m}`); };

  const login = await api<{ token: string }>(base, '/api/auth/login', null, {
    username: values.user ?? 'admin', password: values.password ?? process.env.SIMULATOR_PASSWORD ?? 'Admin@123456',
  });
  const entries: Jt808TerminalEntry[] = [];
  for (let page = 1; entries.length < count; page++) {
    const q = new URLSearchParams({ installed: 'true', page: String(page), pageSize: '200', ...(values.unit ? { unitId: values.unit } : {}) });
    const r = await api<{ items: Jt808TerminalEntry[]; total: number }>(base, `/api/jt808/terminals?${q}`, login.token);
    entries.push(...r.items);
    if (r.items.length === 0 || entries.length >= r.total) break;
  }
  if (entries.length === 0) fail('执法装备库中没有已安装在车辆上的北斗终端');
  if (entries.length < count) say(`装备库中只有 ${entries.length} 台已安装的北斗终端，按 ${entries.length} 台模拟`);
  const chosen = entries.slice(0, count);

  const geo = await api<{ features: { properties: { code: string }; geometry: JurisdictionGeometry }[] }>(
    base, `/api/units/geojson${values.unit ? `?rootId=${encodeURIComponent(values.unit)}` : ''}`, login.token);
  const geometries = new Map(geo.features.map((f) => [f.properties.code, f.geometry]));
  const specs: SimTerminalSpec[] = chosen.map((e) => {
    // A unit without a jurisdiction of its own (a 区局) drives anywhere in its subtree's box.
    const area: SimArea = e.bbox ? { geometry: (e.ownJurisdiction && geometries.get(e.unitCode)) || null, bbox: e.bbox } : SHANGHAI_FALLBACK;
    // BCD[6] holds 12 digits: longer numbers can only speak 2019.
    const wanted = edition === 'mixed' ? e.edition : (Number(edition) as 2013 | 2019);
    const ed = e.phone.length > 12 ? 2019 : wanted;
    // Register fields have fixed widths per edition (maker 5/11, terminal id 7/30, model 20/30 bytes).
    return {
      phone: e.phone, edition: ed, plate: e.plate ?? e.assetTag,
      terminalId: (e.terminalId ?? e.assetTag).slice(0, ed === 2019 ? 30 : 7), maker: (e.maker ?? '70111').slice(0, ed === 2019 ? 11 : 5),
      model: e.model.slice(0, 20), area,
    };
  });
  const editions = specs.reduce((acc, s) => ({ ...acc, [s.edition]: (acc[s.edition] ?? 0) + 1 }), {} as Record<number, number>);
  say(`${specs.length} 台终端（2013 版 ${editions[2013] ?? 0}、2019 版 ${editions[2019] ?? 0}）→ ${values.host ?? '127.0.0.1'}:${port}，每 ${intervalS} 秒汇报一次${durationS ? `，运行 ${durationS} 秒` : '，Ctrl+C 结束'}`);

  const sim = new Jt808Simulation(specs, {
    host: values.host ?? '127.0.0.1', port, intervalS, blindRate: num(values['blind-rate'], 'blind-rate', 0.002, 0, false),
    seed: num(values.seed, 'seed', 808, 0, true),
  });
  sim.start();
  const progress = setInterval(() => {
    const s = sim.summary();
    say(`在线 ${s.connected}/${s.terminals}，已发送位置 ${s.sent.positions}，已应答 ${s.acked.positions}（${s.positionsPerSecond} 条/秒），应答延迟 p50 ${s.latencyMs.p50} ms、p99 ${s.latencyMs.p99} ms`);
  }, 10_000);

  const finish = async () => {
    clearInterval(progress);
    const s = await sim.stop();
    if (values.json) {
      console.log(JSON.stringify(s));
    } else {
      say('汇总：');
      say(`  终端 ${s.terminals} 台，注册成功 ${s.registered}，被拒 ${s.refused}，重连 ${s.reconnects}`);
      say(`  发送：位置汇报 ${s.sent.locations}，盲区补传 ${s.sent.batches} 批，心跳 ${s.sent.heartbeats}，位置共 ${s.sent.positions} 条`);
      say(`  应答：${s.acked.messages} 条消息、${s.acked.positions} 个位置；失败 ${s.failed}；未应答 ${s.unanswered}`);
      say(`  吞吐 ${s.positionsPerSecond} 位置/秒（${s.elapsedS} 秒）；应答延迟 p50 ${s.latencyMs.p50} ms、p90 ${s.latencyMs.p90} ms、p99 ${s.latencyMs.p99} ms、最大 ${s.latencyMs.max} ms`);
    }
    process.exit(0);
  };
  if (durationS > 0) setTimeout(() => void finish(), durationS * 1000);
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
}

main().catch((err: unknown) => fail(String((err as Error)?.stack ?? err)));
