// Low-level access for the ledger's hot path: the pg client under a drizzle transaction, literal quoting
// for the one multi-statement read, and row decoders (int8 → bigint, timestamptz → ISO string).
import type pg from 'pg';
import type { Db, Tx } from '../client.ts';

export type Client = { query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult | pg.QueryResult[]> };

function rawClient(tx: Tx): Client & { totalCount?: number } {
  const session = (tx as unknown as { session?: { client?: Client & { totalCount?: number } } }).session;
  if (!session?.client) throw new Error('expected a drizzle node-postgres database or transaction');
  return session.client;
}

/** The pg Pool under a top-level drizzle database (the batcher takes connections of its own from it). */
export function poolOf(db: Db): pg.Pool {
  const client = rawClient(db) as unknown as pg.Pool & { totalCount?: number };
  if (typeof client.totalCount !== 'number') throw new Error('expected a top-level drizzle node-postgres database (a Pool), not a transaction');
  return client;
}

/** Runs `fn` on the transaction's own connection; a top-level db gets a transaction of its own. */
export async function withClient<T>(tx: Tx, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = rawClient(tx);
  // A Pool (not a transaction) would spread our statements over several connections and lose the lock.
  if (typeof client.totalCount === 'number') return (tx as Db).transaction((inner) => fn(rawClient(inner)));
  return fn(client);
}

const SAFE = /^[A-Za-z0-9_:.\-]{1,200}$/;

/** A quoted SQL literal for ids only (validated against a strict alphabet first). */
export function lit(id: string): string {
  if (!SAFE.test(id)) throw new Error(`unsafe identifier for a literal: ${JSON.stringify(id).slice(0, 80)}`);
  return `'${id}'`;
}

/**
 * Any text as a dollar-quoted SQL literal (no escaping rules to get wrong: the tag is chosen so it does
 * not occur in the text). For the batched hot path, which inlines its JSON to fold statements together.
 */
export function quote(text: string): string {
  if (text.includes('\u0000')) throw new Error('NUL bytes cannot be sent to Postgres');
  // The text must not contain `$tag` at all (not just `$tag$`): a body ending in `$ta` would otherwise
  // join the closing delimiter into an early end.
  let tag = 'j';
  for (let i = 0; text.includes(`$${tag}`); i++) tag = `j${i}x`;
  return `$${tag}$${text}$${tag}$`;
}

export const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as string | number));
export const num = (v: unknown): number => Number(v);
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());
