// The reminder sweep against real Postgres: two workers (separate connection pools) sweeping at the same
// instant, and the cron firing again, send each reminder exactly once; paused members get none.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPiiCipher } from '../../core/identity/pii.ts';
import { connect } from '../../db/client.ts';
import { seedSchedule } from '../../server/bench/schedule.ts';
import { sweepReminders } from '../../server/services/groups-sweeps.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('reminder sweep idempotency', () => {
  let tdb: TestDatabase;
  const pii = createPiiCipher(Buffer.alloc(32, 9));
  let at: Date;
  beforeAll(async () => {
    tdb = await createTestDatabase({ max: 4 });
    at = await seedSchedule(tdb.db, pii, 40, 5);
    await tdb.db.execute(sql`update members set reminders_paused = true where id = 'usr_b3'`);
  });
  afterAll(async () => tdb?.drop());

  it('two concurrent workers and repeated cron firings send each reminder once', async () => {
    const other = connect(tdb.url, { max: 4 });
    try {
      const deliver = () => {};
      const results = await Promise.all([
        sweepReminders({ db: tdb.db, pii, deliver }, at, { batchSize: 37 }),
        sweepReminders({ db: other.db, pii, deliver }, at, { batchSize: 53 }),
        sweepReminders({ db: other.db, pii, deliver }, at, { batchSize: 200 }),
      ]);
      expect(results.reduce((a, b) => a + b, 0)).toBe(199);
      expect(await sweepReminders({ db: tdb.db, pii, deliver }, at)).toBe(0);
      expect(await sweepReminders({ db: tdb.db, pii, deliver }, new Date(at.getTime() + 60_000))).toBe(0);
    } finally {
      await other.pool.end();
    }
    const rows = (await tdb.db.execute(sql`select idempotency_key, count(*)::int as n from outbox group by 1 having count(*) > 1`)).rows;
    expect(rows).toEqual([]);
    const total = (await tdb.db.execute(sql`select count(*)::int as n, count(distinct chat_id)::int as chats from outbox`)).rows[0];
    expect(total).toEqual({ n: 199, chats: 199 });
    const sends = (await tdb.db.execute(sql`select kind, count(*)::int as n from reminder_sends group by kind`)).rows;
    expect(sends).toEqual([{ kind: 'before', n: 199 }]);
    const paused = (await tdb.db.execute(sql`select count(*)::int as n from reminder_sends where member_id = 'usr_b3'`)).rows[0];
    expect(paused).toEqual({ n: 0 });
  });
});
