// The embedded Postgres launcher survives what happens on laptops: a restart, and a parent process
// killed with SIGKILL that leaves its postmaster orphaned on the data directory.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../db/embedded.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-embedded-'));
chmodSync(dir, 0o755);

async function count(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('create table if not exists marks (n int)');
  await c.query('insert into marks values (1)');
  const r = await c.query('select count(*)::int as n from marks');
  await c.end();
  return r.rows[0].n;
}

describe('embedded Postgres', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across a restart and recovers from a SIGKILLed parent (stale postmaster)', async () => {
    // A child process starts the cluster, writes, and is killed with SIGKILL while Postgres runs.
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve('db/embedded.ts'))};
      import pg from 'pg';
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)}, database: 'crash' });
      const c = new pg.Client({ connectionString: db.url }); await c.connect();
      await c.query('create table if not exists marks (n int)'); await c.query('insert into marks values (1)'); await c.end();
      console.log('ready'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    const again = await startEmbeddedPostgres({ dataDir: dir, database: 'crash' });
    try {
      expect(await count(again.url)).toBe(2); // the row written before the crash, and a new one
    } finally {
      await again.close();
    }
    const third = await startEmbeddedPostgres({ dataDir: dir, database: 'crash' });
    try {
      expect(await count(third.url)).toBe(3);
    } finally {
      await third.close();
    }
  });
});
