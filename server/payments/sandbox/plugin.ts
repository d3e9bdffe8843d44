// The sandbox payment providers under /sandbox/… (never in production): Stripe, Daraja and pawaPay
// emulators, and the outside-contract prompt routes GET /sandbox/payments/pending and
// POST /sandbox/payments/:ref/complete that answer a pending collection or disbursement.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client.ts';
import { sandboxCredentials } from './keys.ts';
import { completeMpesa, mpesaSandbox } from './mpesa.ts';
import { completePawapay, pawapaySandbox } from './pawapay.ts';
import { closePending, type Delivery, findPending, getObject, listPending, OUTCOMES, type Outcome, type PendingRow } from './store.ts';
import { completeStripeSession, stripeSandbox } from './stripe.ts';

export type SandboxPaymentsOptions = {
  db: Db;
  /** Where the sandbox sends callbacks (our own server) and the base of hosted checkout links. */
  publicBaseUrl: string;
  /** Answer disbursement prompts by themselves with `success` after this many ms (off when absent). */
  autoCompleteDisbursementsMs?: number;
};

const DELIVERY_OUTCOMES = ['late', 'duplicated', 'out_of_order'];

export async function sandboxPaymentsPlugin(app: FastifyInstance, opts: SandboxPaymentsOptions): Promise<void> {
  const creds = await sandboxCredentials(opts.db);
  const publicBaseUrl = opts.publicBaseUrl.replace(/\/+$/, '');
  const log = (m: string) => app.log.warn(m);
  const ctx = { db: opts.db, creds, publicBaseUrl, log };

  async function complete(row: PendingRow, outcome: Outcome, delivery: Delivery): Promise<void> {
    if (row.provider === 'stripe') await completeStripeSession(ctx, row.objectId, outcome, delivery);
    else if (row.provider === 'mpesa') await completeMpesa(ctx, row, outcome, delivery);
    else await completePawapay(ctx, row, outcome, delivery);
  }
  /** Whether the provider object behind a prompt already carries its outcome. */
  async function settled(row: PendingRow): Promise<boolean> {
    const o = await getObject(opts.db, row.provider as 'mpesa', row.objectId);
    if (!o) return true;
    if (row.provider === 'mpesa') return o.state === 'done';
    if (row.provider === 'pawapay') return o.status === 'COMPLETED' || o.status === 'FAILED';
    return o.status !== 'open';
  }
  const onDisbursementPending =
    opts.autoCompleteDisbursementsMs === undefined
      ? undefined
      : (ref: string) => {
          setTimeout(async () => {
            const row = await findPending(opts.db, ref);
            if (row && row.status === 'pending' && (await closePending(opts.db, row.ref, 'success'))) {
              await complete(row, 'success', { mode: 'normal', copies: 1, delayMs: 0 }).catch((e) => log(`auto-complete ${ref}: ${e}`));
            }
          }, opts.autoCompleteDisbursementsMs).unref?.();
        };

  await app.register(async (scope) => {
    await stripeSandbox(scope, ctx);
  });
  await app.register(async (scope) => {
    await mpesaSandbox(scope, { ...ctx, onDisbursementPending });
  });
  await app.register(async (scope) => {
    await pawapaySandbox(scope, { ...ctx, onDisbursementPending });
  });

  app.get('/sandbox/payments/pending', async () => {
    const rows = await listPending(opts.db);
    return rows.map((r) => ({
      ref: r.ref,
      provider: r.provider,
      kind: r.kind,
      phone: r.phone,
      amount_minor: Number(r.amountMinor),
      currency: r.currency,
      created_at: r.createdAt.toISOString(),
    }));
  });

  app.post<{ Params: { ref: string }; Body: { outcome?: string; delivery?: string; copies?: number; delay_ms?: number } | undefined }>(
    '/sandbox/payments/:ref/complete',
    async (req, reply) => {
      const body = req.body ?? {};
      const asked = String(body.outcome ?? '');
      if (!OUTCOMES.includes(asked) && !DELIVERY_OUTCOMES.includes(asked)) {
        return reply.code(400).send({ error: `outcome must be one of ${[...OUTCOMES, ...DELIVERY_OUTCOMES].join(', ')}` });
      }
      // `late`, `duplicated`, `out_of_order` as outcomes mean a success delivered that way.
      const outcome = (OUTCOMES.includes(asked) ? asked : 'success') as Outcome;
      const mode = (DELIVERY_OUTCOMES.includes(asked) ? asked : (body.delivery ?? 'normal')) as Delivery['mode'];
      if (!['normal', ...DELIVERY_OUTCOMES].includes(mode)) return reply.code(400).send({ error: 'delivery must be normal, late, duplicated or out_of_order' });
      const delivery: Delivery = {
        mode,
        copies: Math.min(Math.max(Number(body.copies ?? 5), 1), 20),
        delayMs: Math.min(Math.max(Number(body.delay_ms ?? 1500), 0), 600_000),
      };
      const row = await findPending(opts.db, req.params.ref);
      if (!row) return reply.code(404).send({ error: 'no such pending payment' });
      if (!(await closePending(opts.db, row.ref, asked))) {
        // The same answer again after a crash between closing the prompt and settling the provider object
        // (a real provider settles atomically): finish the settlement instead of leaving it pending forever.
        const again = await findPending(opts.db, row.ref);
        if (again && again.outcome === asked && !(await settled(again))) {
          await complete(again, outcome, delivery);
          return { ref: row.ref, provider: row.provider, kind: row.kind, outcome, delivery: mode, status: 'completed', resumed: true };
        }
        return reply.code(409).send({ error: `payment already completed (${row.outcome})` });
      }
      await complete(row, outcome, delivery);
      return { ref: row.ref, provider: row.provider, kind: row.kind, outcome, delivery: mode, status: 'completed' };
    },
  );
}
