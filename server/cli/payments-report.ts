// npm run payments:report [-- --days 30]: provider vs ledger totals per day, provider and currency.
// Provider side: verified provider events (collections succeeded, payouts and refunds completed) —
// what the providers told us. Ledger side: payment.captured (amount + late fee), payout.completed (net)
// and refund.completed. Events set aside for review moved no money and are shown apart. Exit 1 when a
// day's provider total differs from ledger + held for review.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connect } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';

const REPORT_SQL = `
with provider as (
  select (e.occurred_at at time zone 'UTC')::date as day, e.provider, e.currency,
    case e.type when 'collection.succeeded' then 'collections' when 'disbursement.succeeded' then 'payouts' else 'refunds' end as kind,
    sum(case when r.id is null then e.amount_minor else 0 end)::bigint as provider_minor,
    sum(case when r.id is not null then e.amount_minor else 0 end)::bigint as held_minor
  from provider_events e left join payment_reviews r on r.id = e.id
  where e.emitted and e.type in ('collection.succeeded', 'disbursement.succeeded', 'refund.succeeded') and e.occurred_at >= now() - make_interval(days => $1)
  group by 1, 2, 3, 4
), ledger as (
  select (coalesce((l.data->>'captured_at')::timestamptz, l.occurred_at) at time zone 'UTC')::date as day, l.data->>'provider' as provider, l.data->>'currency' as currency,
    'collections' as kind, sum((l.data->>'amount_minor')::bigint + coalesce((l.data->>'late_fee_minor')::bigint, 0))::bigint as ledger_minor
  from ledger_events l where l.event_type = 'payment.captured' group by 1, 2, 3
  union all
  select (pe.occurred_at at time zone 'UTC')::date, pr.provider, pr.currency, 'payouts', sum(pr.net_minor)::bigint
  from payout_runs pr join provider_events pe on pe.provider = pr.provider and pe.type = 'disbursement.succeeded' and pe.emitted
    and (pe.ref = pr.payout_id or pe.ref like pr.payout_id || '\\_r%')
  where pr.status = 'completed' group by 1, 2, 3
  union all
  select (pe.occurred_at at time zone 'UTC')::date, pe.provider, rf.currency, 'refunds', sum(rf.amount_minor)::bigint
  from refunds rf join provider_events pe on pe.ref = rf.id and pe.type = 'refund.succeeded' and pe.emitted
  where rf.status = 'completed' group by 1, 2, 3
)
select coalesce(p.day, l.day)::text as day, coalesce(p.kind, l.kind) as kind, coalesce(p.provider, l.provider) as provider,
  coalesce(p.currency, l.currency) as currency, coalesce(p.provider_minor, 0)::text as provider_minor,
  coalesce(l.ledger_minor, 0)::text as ledger_minor, coalesce(p.held_minor, 0)::text as held_minor
from provider p full join ledger l on l.day = p.day and l.provider = p.provider and l.currency = p.currency and l.kind = p.kind
where coalesce(p.day, l.day) >= (now() - make_interval(days => $1))::date
order by 1, 2, 3, 4`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--days');
  const days = at >= 0 ? Number(args[at + 1]) : 30;
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = path.resolve(process.env.DATA_DIR ?? '.data');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const srv = await startEmbeddedPostgres({ dataDir: dir });
    url = srv.url;
    stop = () => srv.close();
  }
  const { pool } = connect(url, { max: 2 });
  try {
    const client = await pool.connect();
    let rows: Array<Record<string, string>>;
    try {
      await client.query('begin isolation level repeatable read read only');
      rows = (await client.query(REPORT_SQL, [days])).rows;
      await client.query('commit');
    } finally {
      client.release();
    }
    let mismatches = 0;
    console.log('day         kind         provider  currency      provider_minor        ledger_minor   held_for_review');
    for (const r of rows) {
      const ok = BigInt(r.provider_minor) === BigInt(r.ledger_minor);
      if (!ok) mismatches++;
      console.log(
        `${r.day}  ${r.kind.padEnd(11)}  ${r.provider.padEnd(8)}  ${r.currency.padEnd(8)}  ${r.provider_minor.padStart(18)}  ${r.ledger_minor.padStart(18)}  ${r.held_minor.padStart(16)}${ok ? '' : '  MISMATCH'}`,
      );
    }
    console.log(mismatches === 0 ? `OK: ${rows.length} line(s), provider totals match the ledger` : `FAILED: ${mismatches} line(s) differ`);
    return mismatches === 0 ? 0 : 1;
  } finally {
    await pool.end();
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
