// One episode = one case run with one variant index: a fresh database cloned from the template, the
// real runtime (agents, tools, Postgres, pg-boss, clock) with a recorder around its model provider,
// the actor's messages posted to the real Green API webhook route, and replies read from a fake
// Green API. Returns everything the judge needs; judging is in judge.ts.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { chatIdFromE164 } from '../../core/identity/phone.ts';
import { findMemberByPhone, getMember } from '../../db/members.ts';
import { buildApp } from '../../server/app.ts';
import { parseIsoDuration } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';
import { incomingMessage } from '../../server/simulator/inbound.ts';
import type { FakeGreenApi } from '../../server/whatsapp/fake-greenapi.ts';
import type { EvalCase } from '../schema.ts';
import type { SlotDb } from './postgres.ts';
import { callsIn, ModelRecorder, type ModelStep, messageOf, type RecordedCall, resultsIn } from './recorder.ts';
import { seedEpisode } from './seed.ts';

export type TurnRecord = {
  index: number;
  sent: string;
  isPin: boolean;
  replies: Array<{ text: string; buttons: Array<{ id: string; title: string }> }>;
  /** Agent key of the model step that wrote the final message (null: no model ran). */
  answeringAgent: string | null;
  agentsVisited: string[];
  calls: RecordedCall[]; // model-emitted function calls, handoffs included (transfer_to_*)
  /** Results of calls (this turn's, or an earlier turn's resumed after a PIN), by call id. */
  results: Map<string, string>;
  pendingApproval: boolean;
  pendingTool: string | null;
  /** Index in the episode's model steps of this turn's first step. */
  firstStep: number;
  ms: number;
  error?: string;
};

export type EpisodeRecord = {
  caseId: string;
  variant: number;
  turns: TurnRecord[];
  steps: ModelStep[];
  logs: string;
  seedNotes: string[];
  finalRows: FinalRows;
  domainBefore: string;
  domainAfter: string;
  error?: string;
  ms: number;
  /** Where the episode's time went (clone, start, seed, turns, stop), for tuning the harness. */
  phases: Record<string, number>;
};

export type FinalRows = {
  members: Map<string, Record<string, unknown> | undefined>;
  supportTickets: number;
  pending: boolean;
  sql: Array<{ query: string; rows: unknown[]; error?: string }>;
};

export type EpisodeEnv = {
  fake: FakeGreenApi;
  model: 'local' | 'openai';
  /** Extra environment for the runtime (OPENAI_*, LANGFUSE_*). */
  env: Record<string, string>;
  turnTimeoutMs: number;
};

const WEBHOOK_TOKEN = 'evals-webhook-token-000000000000';
const PII_KEY = 'a5'.repeat(32);
let instanceSeq = 0;

export function variantCount(c: EvalCase): number {
  return Math.max(1, ...c.turns.map((t) => t.variants?.length ?? 1));
}

export function turnText(c: EvalCase, i: number, variant: number): string {
  const t = c.turns[i];
  const actor = c.seed.members.find((m) => m.key === c.actor);
  const raw = t.variants ? t.variants[Math.min(variant, t.variants.length - 1)] : (t.user ?? t.button?.text ?? t.button?.id ?? '');
  return raw.replaceAll('{{pin}}', actor?.pin ?? '0000');
}

/** Runs one episode on `db`, which the caller's slot owns; it is wiped first. */
export async function runEpisode(c: EvalCase, variant: number, envIn: EpisodeEnv, db: SlotDb): Promise<EpisodeRecord> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const n = performance.now();
    phases[name] = Math.round(n - mark);
    mark = n;
  };
  const actor = c.seed.members.find((m) => m.key === c.actor);
  if (!actor) throw new Error(`${c.id}: actor ${c.actor} is not a seeded member`);
  await db.reset();
  phase('reset');
  const idInstance = String(7_100_000_000 + ((process.pid * 1000 + ++instanceSeq) % 899_999_999));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const recorder = new ModelRecorder();
  const admins = c.seed.members.filter((m) => m.roles.includes('platform_admin')).map((m) => m.phone);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: process.env.EVALS_DATA_DIR ?? '.data-evals',
    LOG_LEVEL: 'info',
    PII_ENCRYPTION_KEY: PII_KEY,
    GREEN_API_URL: envIn.fake.url,
    GREEN_API_MEDIA_URL: envIn.fake.url,
    GREEN_API_ID_INSTANCE: idInstance,
    GREEN_API_TOKEN: 'evals-api-token',
    GREEN_API_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    PLATFORM_ADMINS: admins.join(','),
    TURN_CONCURRENCY: '2',
    ...envIn.env,
  });
  let rt: Runtime | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const record: EpisodeRecord = {
    caseId: c.id,
    variant,
    turns: [],
    steps: recorder.steps,
    logs: '',
    seedNotes: [],
    finalRows: { members: new Map(), supportTickets: 0, pending: false, sql: [] },
    domainBefore: '',
    domainAfter: '',
    ms: 0,
    phases,
  };
  try {
    rt = await createRuntime(config, { logDestination: sink, wrapModelProvider: recorder.wrap, role: 'all' });
    phase('start');
    const now = new Date(c.now);
    await rt.clock.setNow(now);
    const seeded = await seedEpisode(rt.db, rt.pii, c.seed, now);
    record.seedNotes = seeded.notes;
    record.domainBefore = await domainHash(rt);
    app = await buildApp(rt);
    await app.ready();
    await rt.startWorkers();
    phase('seed');
    const chatId = chatIdFromE164(actor.phone);
    const pendingCalls = new Map<string, RecordedCall>();
    let approvalAgent: string | null = null; // the agent whose tool call awaits a PIN

    for (let i = 0; i < c.turns.length; i++) {
      const turn = c.turns[i];
      if (turn.advance) {
        const ms = parseIsoDuration(turn.advance);
        if (ms === undefined) throw new Error(`${c.id}: bad advance ${turn.advance}`);
        await rt.clock.advance(ms);
        await rt.runDue();
      }
      const text = turnText(c, i, variant);
      const stepFrom = recorder.steps.length;
      const callsFrom = envIn.fake.calls.length;
      const t0 = performance.now();
      const idMessage = randomBytes(10).toString('hex').toUpperCase();
      const input = turn.button ? { buttonId: turn.button.id, buttonText: turn.button.text } : { text };
      const body = incomingMessage(actor.phone, input, { idInstance, wid: '254700000000@c.us', idMessage, senderName: actor.name ?? '' });
      const res = await app.inject({
        method: 'POST',
        url: '/webhooks/greenapi',
        headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      const tr: TurnRecord = {
        index: i,
        sent: text,
        isPin: /^\s*\d{4,6}\s*$/.test(text),
        replies: [],
        answeringAgent: null,
        agentsVisited: [],
        calls: [],
        results: new Map(),
        pendingApproval: false,
        pendingTool: null,
        firstStep: stepFrom,
        ms: 0,
      };
      if (res.statusCode !== 200) tr.error = `webhook answered ${res.statusCode}: ${res.body.slice(0, 200)}`;
      else {
        // Event first (the reply reaching the fake Green API), then the database confirms the turn is complete.
        await envIn.fake.waitFor((x) => x.idInstance === idInstance && envIn.fake.calls.indexOf(x) >= callsFrom, envIn.turnTimeoutMs).catch(() => {});
        const outcome = await waitForTurn(rt, idMessage, 5000);
        if (outcome !== 'done') tr.error = `turn ${outcome}`;
        const sentCount = outcome === 'timeout' ? 0 : await outboxCount(rt, idMessage);
        await waitUntil(() => envIn.fake.calls.slice(callsFrom).filter((x) => x.idInstance === idInstance).length >= sentCount, 5000);
      }
      tr.ms = performance.now() - t0;
      tr.replies = envIn.fake.calls
        .slice(callsFrom)
        .filter((x) => x.idInstance === idInstance && x.body.chatId === chatId)
        .map((x) => ({ text: String(x.body.message ?? x.body.body ?? ''), buttons: (x.body.buttons as TurnRecord['replies'][0]['buttons']) ?? [] }));
      const steps = recorder.steps.slice(stepFrom);
      tr.calls = callsIn(steps, stepFrom);
      for (const call of tr.calls) if (!call.name.startsWith('transfer_to_')) pendingCalls.set(call.callId, call);
      const results = resultsIn(steps);
      for (const [id, out] of results) if (pendingCalls.has(id)) tr.results.set(id, out);
      for (const id of tr.results.keys()) pendingCalls.delete(id);
      tr.agentsVisited = [...new Set(steps.map((s) => s.agentKey))];
      const last = [...steps].reverse().find((s) => messageOf(s) !== undefined) ?? steps.at(-1);
      // Agents stop on their first tool result, so a resumed approval can finish with no model call:
      // the reply is then the approved tool's, and the agent that called it answers.
      tr.answeringAgent = last?.agentKey ?? (steps.length === 0 ? approvalAgent : null);
      const conv = await rt.db.execute(sql`select pending_state is not null as pending, pending_summary from conversations where chat_id = ${chatId}`);
      const row = conv.rows[0] as { pending?: boolean; pending_summary?: { tool?: string } } | undefined;
      tr.pendingApproval = Boolean(row?.pending);
      tr.pendingTool = row?.pending ? (row.pending_summary?.tool ?? null) : null;
      approvalAgent = tr.pendingApproval ? (tr.calls.at(-1)?.agentKey ?? approvalAgent) : null;
      const err = steps.find((s) => s.error);
      if (err && !tr.error) tr.error = `model error: ${err.error}`;
      record.turns.push(tr);
    }
    phase('turns');
    record.domainAfter = await domainHash(rt);
    record.finalRows = await finalRows(rt, c, seeded.memberIds, chatId);
    phase('final');
  } catch (err) {
    record.error = String((err as Error)?.stack ?? err).slice(0, 2000);
  } finally {
    record.logs = logs.join('');
    await app?.close().catch(() => {});
    await rt?.close().catch(() => {});
    phase('stop');
    record.ms = performance.now() - started;
  }
  return record;
}

async function waitForTurn(rt: Runtime, idMessage: string, timeoutMs: number): Promise<'done' | 'failed' | 'timeout'> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await rt.pool.query(
      `select i.status, (select count(*)::int from outbox o where o.idempotency_key like 'reply:' || i.id_message || ':%' and o.status in ('pending','sending')) as unsent
         from inbound_messages i where i.id_message = $1`,
      [idMessage],
    );
    const row = r.rows[0] as { status: string; unsent: number } | undefined;
    if (row && (row.status === 'done' || row.status === 'failed') && row.unsent === 0) return row.status === 'done' ? 'done' : 'failed';
    await new Promise((res) => setTimeout(res, 10));
  }
  return 'timeout';
}

async function outboxCount(rt: Runtime, idMessage: string): Promise<number> {
  const r = await rt.pool.query(`select count(*)::int as n from outbox where idempotency_key like $1 and status = 'sent'`, [`reply:${idMessage}:%`]);
  return (r.rows[0] as { n: number }).n;
}

async function waitUntil(pred: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pred() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
}

/** Tables whose content a refused request must leave untouched (those that exist in this schema). */
const DOMAIN_TABLES = [
  // the ledger and its projections
  'ledger_events',
  'ledger_transfers',
  'ledger_accounts',
  'escrow_cycles',
  'contributions',
  'payouts',
  'refunds',
  'disputes',
  'escrow_freezes',
  // payments (issue 5): provider requests and events, collections, dues, payout runs, reviews
  'provider_payments',
  'provider_events',
  'payment_attempts',
  'payment_reviews',
  'payout_runs',
  'dues',
  // disputes (issue 6): the cases and their evidence
  'dispute_cases',
  'dispute_evidence',
  // groups and membership
  'groups',
  'group_members',
  'invites',
  'cycles',
  'auction_rounds',
  'auction_bids',
  'auction_settlements',
  'auction_dividends',
];

async function domainHash(rt: Runtime): Promise<string> {
  const parts: string[] = [];
  const m = await rt.pool.query(
    `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from (select id, status, pin_hash, payout_destination_enc, payout_destination_masked from members) x`,
  );
  parts.push(`members:${m.rows[0].h}`);
  for (const t of DOMAIN_TABLES) {
    const ex = await rt.pool.query(`select to_regclass($1) is not null as ok`, [`public.${t}`]);
    if (!ex.rows[0].ok) continue;
    const r = await rt.pool.query(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`);
    parts.push(`${t}:${r.rows[0].h}`);
  }
  return parts.join(' ');
}

async function finalRows(rt: Runtime, c: EvalCase, ids: Map<string, string>, chatId: string): Promise<FinalRows> {
  const out: FinalRows = { members: new Map(), supportTickets: 0, pending: false, sql: [] };
  for (const m of c.seed.members) {
    let id = ids.get(m.key);
    if (!id) {
      // Created during the episode (onboarding: new).
      id = (await findMemberByPhone(rt.db, rt.pii, m.phone))?.id;
    }
    if (!id) {
      out.members.set(m.key, undefined);
      continue;
    }
    const row = await getMember(rt.db, rt.pii, id);
    out.members.set(
      m.key,
      row && {
        locale: row.locale,
        onboarding_step: row.onboardingStep,
        name: row.name,
        reminders_paused: row.remindersPaused,
        payout_destination_masked: row.payoutDestinationMasked,
        pin_set: Boolean(row.pinHash),
        pin_locked: Boolean(row.pinLockedUntil && row.pinLockedUntil > rt.clock.now()),
      },
    );
  }
  out.supportTickets = Number((await rt.pool.query('select count(*)::int as n from support_tickets')).rows[0].n);
  out.pending = Boolean((await rt.pool.query('select pending_state is not null as p from conversations where chat_id = $1', [chatId])).rows[0]?.p);
  for (const q of c.final_state?.sql ?? []) {
    try {
      const r = await rt.pool.query(q.query);
      out.sql.push({ query: q.query, rows: JSON.parse(JSON.stringify(r.rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) });
    } catch (err) {
      out.sql.push({ query: q.query, rows: [], error: String((err as Error).message) });
    }
  }
  return out;
}
