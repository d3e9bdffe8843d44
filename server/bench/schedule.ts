// bench:schedule — 10,000 running groups × 10 members (two cycles each), then ONE reminder sweep at the
// instant the first cycle's "2 days before" reminders fall due: 100,000 due contributions, each turned
// into a reminder_sends claim and an outbox row (decrypted phone and name, localized text) in batches.
// Prints the wall time and reminders/s; the last line is JSON. Env: BENCH_GROUPS, BENCH_MEMBERS.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createPiiCipher, type PiiCipher } from '../../core/identity/pii.ts';
import { cycleSchedule, type GroupRules, rulesToJson } from '../../core/rosca/index.ts';
import { connect, type Db, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { sweepReminders } from '../services/groups-sweeps.ts';

/**
 * Seeds `groupsCount` active groups of `membersPerGroup` members with cycles 1–2 and their dues, set-based
 * (generate_series), with real encrypted phones and names. Returns the instant cycle 1's first reminder is due.
 */
export async function seedSchedule(db: Db, pii: PiiCipher, groupsCount: number, membersPerGroup: number): Promise<Date> {
  const rules: GroupRules = {
    name: 'Bench',
    contribution: { currency: 'KES', minor: 500_000n },
    frequency: 'weekly',
    startDate: '2026-12-04',
    timeZone: 'Africa/Nairobi',
    dueHour: 18,
    membersCount: membersPerGroup,
    payoutOrder: 'random',
    lateFee: { kind: 'none' },
    graceDays: 1,
    quorumPercent: 100,
    platformFeeBps: 0,
    auctionMaxDiscountBps: 3000,
  };
  const c1 = cycleSchedule(rules, 1);
  const c2 = cycleSchedule(rules, 2);
  const total = groupsCount * membersPerGroup;
  // Members: encryption happens in Node; rows go in as one unnest per 10,000.
  for (let from = 0; from < total; from += 10_000) {
    const ids: string[] = [];
    const idx: string[] = [];
    const enc: string[] = [];
    const names: string[] = [];
    for (let i = from; i < Math.min(total, from + 10_000); i++) {
      const phone = `+2547${String(10_000_000 + i).padStart(8, '0')}`;
      ids.push(`usr_b${i}`);
      idx.push(pii.blindIndex(phone));
      enc.push(pii.encrypt(phone));
      names.push(pii.encrypt(`Member ${i}`));
    }
    // Four array parameters (drizzle's sql`` would spread each array into thousands of parameters).
    await (db as unknown as { $client: { query(text: string, values: unknown[]): Promise<unknown> } }).$client.query(
      `insert into members (id, phone_index, phone_enc, phone_masked, country, name_enc, locale, status, onboarding_step)
       select id, ix, ph, '+2547•••••000', 'KE', nm, (array['en','fr','sw'])[1 + (row_number() over () % 3)::int], 'active', 'done'
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as u(id, ix, ph, nm)`,
      [ids, idx, enc, names],
    );
  }
  const json = JSON.stringify(rulesToJson(rules));
  await db.execute(sql`
    insert into groups (id, name, organizer_id, status, currency, contribution_minor, frequency, start_date, time_zone, members_count, payout_order, rules, seed_enc, seed_commitment, creation_key, started_at)
    select 'grp_b' || g, 'Group ' || g, 'usr_b' || (g * ${membersPerGroup}), 'active', 'KES', 500000, 'weekly', '2026-12-04', 'Africa/Nairobi', ${membersPerGroup}, 'random', ${json}::jsonb, 'x', 'x', 'bench:' || g, now()
    from generate_series(0, ${groupsCount - 1}) g`);
  await db.execute(sql`
    insert into group_members (group_id, member_id, role)
    select 'grp_b' || (i / ${membersPerGroup}), 'usr_b' || i, case when i % ${membersPerGroup} = 0 then 'organizer' else 'member' end
    from generate_series(0, ${total - 1}) i`);
  for (const [n, c] of [
    [1, c1],
    [2, c2],
  ] as const) {
    await db.execute(sql`
      insert into cycles (id, group_id, cycle_no, due_date, due_at, remind_before_at, remind_due_day_at, grace_deadline_at, recipient_member_id)
      select 'cyc_b' || g || '_' || ${n}, 'grp_b' || g, ${n}, ${c.due_date}, ${c.due_at.toISOString()}::timestamptz, ${c.reminders[0].at.toISOString()}::timestamptz,
             ${c.reminders[1].at.toISOString()}::timestamptz, ${c.grace_deadline_at.toISOString()}::timestamptz, 'usr_b' || (g * ${membersPerGroup} + ${n - 1})
      from generate_series(0, ${groupsCount - 1}) g`);
    await db.execute(sql`
      insert into dues (cycle_id, member_id, group_id, amount_minor, currency, due_at)
      select 'cyc_b' || (i / ${membersPerGroup}) || '_' || ${n}, 'usr_b' || i, 'grp_b' || (i / ${membersPerGroup}), 500000, 'KES', ${c.due_at.toISOString()}::timestamptz
      from generate_series(0, ${total - 1}) i`);
  }
  await db.execute(sql`analyze`);
  return c1.reminders[0].at;
}

async function main() {
  const groupsCount = Number(process.env.BENCH_GROUPS ?? 10_000);
  const membersPerGroup = Number(process.env.BENCH_MEMBERS ?? 10);
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-bench-schedule-'));
    chmodSync(dir, 0o755);
    const srv = await startEmbeddedPostgres({ dataDir: dir });
    url = srv.url;
    stop = async () => {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const { pool, db } = connect(url, { max: 4 });
  await runMigrations(db);
  const pii = createPiiCipher(Buffer.alloc(32, 7));
  const s0 = performance.now();
  const at = await seedSchedule(db, pii, groupsCount, membersPerGroup);
  console.log(`seeded ${groupsCount} groups × ${membersPerGroup} members (2 cycles each) in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  const t0 = performance.now();
  const sent = await sweepReminders({ db, pii, deliver: () => {} }, at, { deliver: false });
  const sweep_s = (performance.now() - t0) / 1000;
  const again = await sweepReminders({ db, pii, deliver: () => {} }, at, { deliver: false });
  const due = Number(
    ((await db.execute(sql`select count(*)::int as n from dues d join cycles c on c.id = d.cycle_id where c.cycle_no = 1`)).rows[0] as { n: number }).n,
  );
  console.log(
    `one sweep: ${sent} reminders for ${due} due contributions in ${sweep_s.toFixed(2)} s (${Math.round(sent / sweep_s)} reminders/s); a second sweep sent ${again}`,
  );
  await pool.end();
  await stop();
  console.log(JSON.stringify({ bench: 'schedule', due_contributions: due, sweep_s: Number(sweep_s.toFixed(3)), reminders_per_s: Math.round(sent / sweep_s) }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
