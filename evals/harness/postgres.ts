// One Postgres for a whole eval run (embedded, or the server at EVALS_DATABASE_URL / DATABASE_URL as an
// admin URL) and a migrated template database. Each runner slot clones the template once and wipes its
// clone back to the template's (empty) state before every episode: isolation of a fresh database at a
// fraction of the cost of a clone per episode (measured ~30 ms vs 200–1000 ms under load).

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { startQueue } from '../../server/jobs/queue.ts';

export type EpisodeDb = { url: string; drop(): Promise<void> };
/** A database owned by one runner slot: cloned once, wiped back to the template's state between episodes. */
export type SlotDb = EpisodeDb & { reset(): Promise<void> };
export type EvalPostgres = { adminUrl: string; template: string; clone(): Promise<EpisodeDb>; slot(): Promise<SlotDb>; close(): Promise<void> };

export async function startEvalPostgres(): Promise<EvalPostgres> {
  let adminUrl = process.env.EVALS_DATABASE_URL ?? process.env.DATABASE_URL;
  let stop = async () => {};
  const embedded = !adminUrl;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-evals-'));
    chmodSync(dir, 0o755);
    const srv = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
    adminUrl = srv.adminUrl;
    stop = async () => {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  if (embedded) {
    // A throwaway cluster: durability buys nothing here, and every turn commits several times.
    for (const q of [
      'alter system set fsync = off',
      'alter system set synchronous_commit = off',
      'alter system set full_page_writes = off',
      'select pg_reload_conf()',
    ])
      await adminQuery(adminUrl, q);
  }
  const template = `evals_template_${randomBytes(3).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  const { pool, db } = connect(templateUrl, { max: 2 });
  await runMigrations(db);
  await pool.end();
  // pg-boss creates its schema on first start; doing it once here keeps every episode's start fast.
  const boss = await startQueue(templateUrl, { schedule: false });
  await boss.stop({ graceful: false, timeout: 1000 });
  await new Promise((r) => setTimeout(r, 200));
  await adminQuery(adminUrl, `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${template}' and pid <> pg_backend_pid()`);

  // Clones are made one at a time: Postgres refuses two concurrent copies of one template.
  let chain: Promise<unknown> = Promise.resolve();
  const makeClone = () => {
    const name = `ev_${randomBytes(6).toString('hex')}`;
    const p = chain.then(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await adminQuery(adminUrl, `create database ${name} template ${template} strategy wal_log`);
          return { url: withDatabase(adminUrl, name), drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`).then(() => {}) };
        } catch (err) {
          if (attempt > 60 || !String(err).includes('being accessed by other users')) throw err;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      }
    });
    chain = p.catch(() => {});
    return p;
  };
  return {
    adminUrl,
    template,
    clone: makeClone,
    async slot() {
      const d = await makeClone();
      const c = new pg.Client({ connectionString: d.url });
      await c.connect();
      const tables = (await c.query(`select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname = 'public'`)).rows.map(
        (r) => r.t as string,
      );
      // Everything an episode can write, back to empty: the template has no rows in public tables
      // (asserted here), and pg-boss keeps its queue definitions but loses every job. Replica mode
      // skips the ledger's append-only triggers, which exist to stop the product, not a test wipe.
      const counts = await c.query(`select ${tables.map((t) => `(select count(*) from ${t})`).join(' + ')} as n`);
      if (Number(counts.rows[0].n) !== 0) throw new Error('the eval template has rows in public tables; a wipe would not restore it');
      // DELETE, not TRUNCATE: an episode leaves a few rows, and deleting them is ~10× cheaper than
      // giving 40 tables new files. Sequences keep counting (ids are never compared across episodes).
      const wipe = `begin; set local session_replication_role = replica; ${[...tables, 'pgboss.job'].map((t) => `delete from ${t};`).join(' ')} commit;`;
      return {
        url: d.url,
        async reset() {
          await c.query(wipe);
        },
        async drop() {
          await c.end().catch(() => {});
          await d.drop();
        },
      };
    },
    async close() {
      await adminQuery(adminUrl, `drop database if exists ${template} with (force)`).catch(() => {});
      await stop();
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
