// Verifies the audit log's SHA-256 chain: `npm run audit:verify -w @cg/server` (uses DATABASE_URL or the embedded data folder).
import { openDatabase } from '@cg/db';
import { loadConfig } from '../config.ts';
import { verifyAuditChain } from '../modules/audit/audit.service.ts';

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`审计链完整：已校验 ${result.checked} 条记录`);
  } else {
    console.error(`审计链校验失败：${result.firstBroken?.reason}（此前 ${result.checked} 条完好）`);
    process.exitCode = 2;
  }
} finally {
  await database.close();
}
