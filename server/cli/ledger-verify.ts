// npm run ledger:verify [-- --group grp_…] [-- --no-migrate]: checks every chain link, rebuilds projections
// from events and compares, checks the money invariants. Prints a summary; exits 1 naming the event at
// fault, 2 when it cannot run (no database, schema missing) with a sentence saying what is wrong.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';

const usage = 'usage: npm run ledger:verify [-- --group grp_…] [-- --no-migrate]';
const LEDGER_TABLES = ['ledger_chain_heads', 'ledger_events', 'ledger_accounts', 'ledger_transfers', 'escrow_cycles', 'contributions'];

class CannotRun extends Error {}

/** The local embedded database: attach to one already running (the app's), else start it. */
async function localDatabase(): Promise<{ url: string; stop: () => Promise<void>; where: string }> {
  const dir = path.resolve(process.env.DATA_DIR ?? '.data');
  const pidFile = path.join(dir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dir, 'pg-password');
  if (existsSync(pidFile) && existsSync(passwordFile)) {
    const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
    if (Number(pid) > 0 && alive(Number(pid)) && Number(port) > 0) {
      // Starting our own would stop the running postmaster (the app's database) first: attach instead.
      const password = readFileSync(passwordFile, 'utf8').trim();
      return {
        url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/likelemba`,
        stop: async () => {},
        where: `running embedded Postgres in ${dir}`,
      };
    }
  }
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const srv = await startEmbeddedPostgres({ dataDir: dir });
  return { url: srv.url, stop: () => srv.close(), where: `embedded Postgres in ${dir}` };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    u.password = u.password ? '***' : '';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--group');
  const groupId = at >= 0 ? args[at + 1] : undefined;
  const migrate = !args.includes('--no-migrate');
  const unknown = args.filter((a, i) => a.startsWith('--') && a !== '--group' && a !== '--no-migrate' && i !== at + 1);
  if ((at >= 0 && (!groupId || groupId.startsWith('--'))) || unknown.length > 0) {
    console.error(usage);
    return 2;
  }
  let local: Awaited<ReturnType<typeof localDatabase>> | null = null;
  if (!process.env.DATABASE_URL) {
    try {
      local = await localDatabase();
    } catch (err) {
      throw new CannotRun(`no DATABASE_URL and the local embedded Postgres did not start: ${(err as Error).message}`);
    }
  }
  const url = process.env.DATABASE_URL ?? (local as { url: string }).url;
  const where = local ? local.where : redact(url);
  const { pool, db } = connect(url, { max: 2 });
  try {
    try {
      await pool.query('select 1');
    } catch (err) {
      throw new CannotRun(`cannot connect to ${where}: ${(err as Error).message}`);
    }
    if (migrate) {
      // The verifier reads the schema this code expects; a fresh or older database is brought up to date first
      // (what the app does at start). --no-migrate leaves the database untouched.
      const before = await appliedMigrations(pool);
      try {
        await runMigrations(db);
      } catch (err) {
        throw new CannotRun(`migrations failed on ${where}: ${(err as Error).message} (run with --no-migrate to verify without migrating)`);
      }
      const applied = (await appliedMigrations(pool)) - before;
      if (applied > 0) console.log(`ledger:verify — applied ${applied} pending migration(s) to ${where}`);
    }
    const missing = (await pool.query<{ t: string }>('select t from unnest($1::text[]) as t where to_regclass(t) is null', [LEDGER_TABLES])).rows.map(
      (r) => r.t,
    );
    if (missing.length > 0) {
      throw new CannotRun(`${where} has no ledger schema (missing ${missing.join(', ')}): run the migrations (npm start applies them, or drop --no-migrate)`);
    }
    const started = performance.now();
    // One consistent snapshot: live writers never make events and projections look out of step.
    const report = await db.transaction((tx) => verifyLedger(tx, { groupId }), { isolationLevel: 'repeatable read', accessMode: 'read only' });
    const ms = Math.round(performance.now() - started);
    console.log(`ledger:verify — ${report.groups} group(s), ${report.events} event(s), ${report.faults.length} fault(s), ${ms} ms`);
    if (groupId && report.events === 0) console.log(`note: group ${groupId} has no events`);
    for (const f of report.faults.slice(0, 50)) {
      console.log(`FAULT group ${f.group_id} seq ${f.seq ?? '-'} event ${f.event_id ?? '-'}: ${f.problem}`);
    }
    if (report.faults.length > 50) console.log(`… and ${report.faults.length - 50} more`);
    console.log(report.faults.length === 0 ? 'OK: every chain links, projections match their events, invariants hold' : 'FAILED');
    return report.faults.length === 0 ? 0 : 1;
  } finally {
    await pool.end();
    await local?.stop();
  }
}

async function appliedMigrations(pool: pg.Pool): Promise<number> {
  const exists = await pool.query("select to_regclass('drizzle.__drizzle_migrations') is not null as e");
  if (!exists.rows[0].e) return 0;
  return (await pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0].n;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof CannotRun) console.error(`ledger:verify cannot run: ${err.message}`);
    else console.error(err);
    process.exit(2);
  },
);
