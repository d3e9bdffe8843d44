// One Postgres for a whole eval run (embedded, or the server at EVALS_DATABASE_URL / DATABASE_URL as an
// admin URL), a migrated template database, and a fresh clone of it for every episode (isolation:
// an episode never sees another's rows; the ledger's append-only triggers forbid truncating anyway).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { startQueue } from '../../server/jobs/queue.ts';

export type EvalPostgres = { adminUrl: string; template: string; clone(): Promise<{ url: string; drop(): Promise<void> }>; close(): Promise<void> };

export async function startEvalPostgres(): Promise<EvalPostgres> {
  let adminUrl = process.env.EVALS_DATABASE_URL ?? process.env.DATABASE_URL;
  let stop = async () => {};
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

  return {
    adminUrl,
    template,
    async clone() {
      const name = `ev_${randomBytes(6).toString('hex')}`;
      for (let attempt = 0; ; attempt++) {
        try {
          await adminQuery(adminUrl, `create database ${name} template ${template}`);
          break;
        } catch (err) {
          if (attempt > 60 || !String(err).includes('being accessed by other users')) throw err;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      }
      return { url: withDatabase(adminUrl, name), drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`).then(() => {}) };
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
