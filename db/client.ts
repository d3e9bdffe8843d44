// One pg Pool per process, wrapped by drizzle; `Tx` is what repositories take so callers can compose
// several writes into one transaction.
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema> & { $client: pg.Pool };
/** A transaction handle; also accepts the top-level db (a transaction of one statement). */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

// bigint columns come back as strings by default; money is bigint everywhere, so parse int8 to BigInt.
pg.types.setTypeParser(20, (v) => BigInt(v));

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function connect(url: string, opts: { max?: number } = {}): { pool: pg.Pool; db: Db } {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20 });
  // An idle client error (server restart) must not crash the process.
  pool.on('error', () => {});
  return { pool, db: drizzle(pool, { schema }) as Db };
}

/**
 * Applies pending migrations. Several processes may start at once on one database (`npm run web`
 * beside workers, a deploy): an advisory lock makes the others wait, then find nothing to apply.
 */
export async function runMigrations(db: Db): Promise<void> {
  const lock = await db.$client.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtextextended($1, 0))', ['likelemba:migrations']);
    await migrate(db, { migrationsFolder });
  } finally {
    await lock.query('select pg_advisory_unlock(hashtextextended($1, 0))', ['likelemba:migrations']).catch(() => {});
    lock.release();
  }
}
