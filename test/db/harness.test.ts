import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('test database harness', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('gives each file a migrated database of its own', async () => {
    const r = await t.db.execute(sql`select count(*)::int as n from members`);
    expect(r.rows[0]).toEqual({ n: 0 });
    const name = await t.db.execute(sql`select current_database() as d`);
    expect(String(name.rows[0].d)).toMatch(/^t_/);
  });
});
