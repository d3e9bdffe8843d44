// npm run ledger:verify [--group grp_…]: checks every chain link, rebuilds projections from events and
// compares, checks the money invariants. Prints a summary; exits 1 naming the event at fault.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connect } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--group');
  const groupId = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !groupId) {
    console.error('usage: npm run ledger:verify [-- --group grp_…]');
    return 2;
  }
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = path.resolve(process.env.DATA_DIR ?? '.data');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const srv = await startEmbeddedPostgres({ dataDir: dir });
    url = srv.url;
    stop = () => srv.close();
  }
  const { pool, db } = connect(url, { max: 2 });
  try {
    const started = performance.now();
    // One consistent snapshot: live writers never make events and projections look out of step.
    const report = await db.transaction((tx) => verifyLedger(tx, { groupId }), { isolationLevel: 'repeatable read', accessMode: 'read only' });
    const ms = Math.round(performance.now() - started);
    console.log(`ledger:verify — ${report.groups} group(s), ${report.events} event(s), ${report.faults.length} fault(s), ${ms} ms`);
    for (const f of report.faults.slice(0, 50)) {
      console.log(`FAULT group ${f.group_id} seq ${f.seq ?? '-'} event ${f.event_id ?? '-'}: ${f.problem}`);
    }
    if (report.faults.length > 50) console.log(`… and ${report.faults.length - 50} more`);
    console.log(report.faults.length === 0 ? 'OK: every chain links, projections match their events, invariants hold' : 'FAILED');
    return report.faults.length === 0 ? 0 : 1;
  } finally {
    await pool.end();
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
