// Several processes starting at once on one fresh database must not race each other's migrations.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { connect, runMigrations } from '../../db/client.ts';

describe('migrations', () => {
  it('apply once when three processes start together on an empty database', async () => {
    const adminUrl = inject('adminDatabaseUrl');
    const name = `m_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const conns = [0, 1, 2].map(() => connect(u.toString(), { max: 3 }));
    try {
      await Promise.all(conns.map((c) => runMigrations(c.db)));
      const r = await conns[0].pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      const files = await conns[0].pool.query("select count(*)::int as n from information_schema.tables where table_name = 'ledger_events'");
      expect(files.rows[0].n).toBe(1);
      expect(r.rows[0].n).toBeGreaterThan(5);
    } finally {
      for (const c of conns) await c.pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
