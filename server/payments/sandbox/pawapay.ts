// pawaPay v2 sandbox: deposits, payouts and refunds (UUID idempotency → DUPLICATE_IGNORED, per-provider
// currency and decimal checks), status lookups, predict-provider, the public-key endpoint, and
// callbacks signed with RFC 9421 (ECDSA P-256) and a SHA-512 Content-Digest, like pawaPay's.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../db/client.ts';
import { decimalToMinor, minorToDecimal } from '../money.ts';
import { PAWAPAY_PROVIDERS } from '../pawapay/adapter.ts';
import { signRequest } from '../pawapay/signatures.ts';
import type { SandboxCredentials } from './keys.ts';
import { addPending, type Delivery, deliver, getObject, type Outcome, type PendingRow, postCallback, putObject, type Send, updateObject } from './store.ts';

type Obj = Record<string, any>;
type Ctx = { db: Db; creds: SandboxCredentials; publicBaseUrl: string; log: (m: string) => void; onDisbursementPending?: (ref: string) => void };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const FAILURES: Record<Exclude<Outcome, 'success'>, { failureCode: string; failureMessage: string }> = {
  insufficient_funds: { failureCode: 'INSUFFICIENT_BALANCE', failureMessage: 'The customer does not have enough funds.' },
  cancelled: { failureCode: 'PAYMENT_NOT_APPROVED', failureMessage: 'The customer declined the payment.' },
  timeout: { failureCode: 'PAYMENT_NOT_APPROVED', failureMessage: 'The customer did not authorise the payment in time.' },
  wrong_pin: { failureCode: 'PAYMENT_NOT_APPROVED', failureMessage: 'The customer entered a wrong PIN.' },
};

/** Phone prefix → provider, for predict-provider (a rough table; the real service knows better). */
const PREFIXES: Array<[RegExp, string]> = [
  [/^243(81|82|83)/, 'VODACOM_MPESA_COD'],
  [/^243(97|98|99)/, 'AIRTEL_COD'],
  [/^243(84|85|89|80)/, 'ORANGE_COD'],
  [/^255(74|75|76)/, 'VODACOM_TZA'],
  [/^255(65|67|71|77)/, 'TIGO_TZA'],
  [/^255(68|69|78)/, 'AIRTEL_TZA'],
  [/^255(61|62)/, 'HALOTEL_TZA'],
  [/^254/, 'MPESA_KEN'],
  [/^256(76|77|78|39)/, 'MTN_MOMO_UGA'],
  [/^256(70|74|75)/, 'AIRTEL_OAPI_UGA'],
  [/^237/, 'MTN_MOMO_CMR'],
  [/^225/, 'ORANGE_CIV'],
  [/^221/, 'ORANGE_SEN'],
];

const COUNTRY_CODE: Record<string, string> = { COD: '243', TZA: '255', KEN: '254', UGA: '256', CMR: '237', CIV: '225', SEN: '221' };

function reject(id: string, idField: string, failureCode: string, failureMessage: string) {
  return { [idField]: id, status: 'REJECTED', failureReason: { failureCode, failureMessage } };
}

export async function pawapaySandbox(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const { db, creds } = ctx;

  app.addHook('preHandler', async (req, reply: FastifyReply) => {
    if (!req.url.startsWith('/sandbox/pawapay/v2/')) return;
    if (req.headers.authorization !== `Bearer ${creds.pawapay.apiToken}`) {
      return reply.code(401).send({ failureReason: { failureCode: 'AUTHENTICATION_ERROR', failureMessage: 'The API token is not valid.' } });
    }
  });

  app.get('/sandbox/pawapay/v2/public-key/http', async () => [{ id: creds.pawapay.keyId, key: creds.pawapay.publicKeyPem }]);

  app.post('/sandbox/pawapay/v2/predict-provider', async (req, reply) => {
    const phone = String((req.body as Obj)?.phoneNumber ?? '').replace(/\D/g, '');
    const hit = PREFIXES.find(([re]) => re.test(phone));
    if (!hit) return reply.code(400).send({ failureReason: { failureCode: 'INVALID_PHONE_NUMBER', failureMessage: 'Unknown number.' } });
    return { country: PAWAPAY_PROVIDERS[hit[1]].country, provider: hit[1], phoneNumber: phone };
  });

  const kinds = [
    { path: 'deposits', idField: 'depositId', party: 'payer', kind: 'collection' as const },
    { path: 'payouts', idField: 'payoutId', party: 'recipient', kind: 'disbursement' as const },
  ];
  for (const k of kinds) {
    app.post(`/sandbox/pawapay/v2/${k.path}`, async (req, reply) => {
      const b = (req.body ?? {}) as Obj;
      const id = String(b[k.idField] ?? '');
      if (!UUID.test(id)) return reply.code(400).send(reject(id, k.idField, 'INVALID_INPUT', `${k.idField} must be a UUIDv4`));
      const prior = await getObject(db, 'pawapay', id);
      if (prior) return { [k.idField]: id, status: 'DUPLICATE_IGNORED', created: prior.created };
      const acct = b[k.party]?.accountDetails ?? {};
      const provider = PAWAPAY_PROVIDERS[String(acct.provider)];
      const phone = String(acct.phoneNumber ?? '');
      if (!provider) return reject(id, k.idField, 'INVALID_PROVIDER', `Unknown provider ${acct.provider}`);
      if (!/^\d{9,15}$/.test(phone) || (COUNTRY_CODE[provider.country] && !phone.startsWith(COUNTRY_CODE[provider.country]))) {
        return reject(id, k.idField, 'INVALID_PHONE_NUMBER', 'The phone number does not belong to this provider.');
      }
      if (b.currency !== provider.currency) return reject(id, k.idField, 'INVALID_CURRENCY', `${acct.provider} takes ${provider.currency}`);
      let minor: bigint;
      try {
        // The sandbox, like most providers, takes whole units only for zero-exponent currencies.
        if (!/^\d+(\.\d{1,2})?$/.test(String(b.amount))) throw new Error('format');
        minor = decimalToMinor(String(b.amount), provider.currency);
      } catch {
        return reject(id, k.idField, 'INVALID_AMOUNT', 'The amount is not valid for this provider.');
      }
      if (minor <= 0n) return reject(id, k.idField, 'INVALID_AMOUNT', 'The amount must be positive.');
      const created = new Date().toISOString();
      const record = {
        [k.idField]: id,
        kind: k.path,
        status: 'ACCEPTED',
        amount: b.amount,
        currency: b.currency,
        country: provider.country,
        [k.party]: b[k.party],
        customerMessage: b.customerMessage,
        clientReferenceId: b.clientReferenceId,
        created,
        metadata: Object.assign({}, ...((b.metadata ?? []) as Obj[]).map((m) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== 'isPII')))),
      };
      await putObject(db, 'pawapay', id, k.path, record);
      const ref = typeof b.clientReferenceId === 'string' && b.clientReferenceId ? b.clientReferenceId : id;
      await addPending(db, { ref, provider: 'pawapay', kind: k.kind, objectId: id, phone: `+${phone}`, amountMinor: minor, currency: provider.currency });
      if (k.kind === 'disbursement') ctx.onDisbursementPending?.(ref);
      return { [k.idField]: id, status: 'ACCEPTED', created };
    });
  }

  app.post('/sandbox/pawapay/v2/refunds', async (req, reply) => {
    const b = (req.body ?? {}) as Obj;
    const id = String(b.refundId ?? '');
    if (!UUID.test(id)) return reply.code(400).send(reject(id, 'refundId', 'INVALID_INPUT', 'refundId must be a UUIDv4'));
    const prior = await getObject(db, 'pawapay', id);
    if (prior) return { refundId: id, status: 'DUPLICATE_IGNORED', created: prior.created };
    const deposit = await getObject(db, 'pawapay', String(b.depositId ?? ''));
    if (deposit?.kind !== 'deposits' || deposit.status !== 'COMPLETED')
      return reject(id, 'refundId', 'INVALID_INPUT', 'The deposit is not a completed deposit.');
    const paid = decimalToMinor(String(deposit.amount), deposit.currency);
    let asked: bigint;
    try {
      asked = b.amount === undefined ? paid - BigInt(deposit.refundedMinor ?? 0) : decimalToMinor(String(b.amount), deposit.currency);
    } catch {
      return reject(id, 'refundId', 'INVALID_AMOUNT', 'The amount is not valid.');
    }
    let refused: string | null = null;
    await updateObject(db, 'pawapay', deposit.depositId, (d) => {
      const already = BigInt(d.refundedMinor ?? 0);
      if (already >= paid) refused = 'DEPOSIT_ALREADY_REFUNDED';
      else if (asked <= 0n || already + asked > paid) refused = 'AMOUNT_TOO_LARGE';
      else d.refundedMinor = String(already + asked);
    });
    if (refused) return reject(id, 'refundId', refused, 'The refund cannot be made.');
    const created = new Date().toISOString();
    const amountText = b.amount ?? minorToDecimal({ currency: deposit.currency, minor: asked });
    const refund = {
      refundId: id,
      kind: 'refunds',
      depositId: deposit.depositId,
      status: 'COMPLETED',
      amount: amountText,
      currency: deposit.currency,
      country: deposit.country,
      recipient: deposit.payer,
      created,
      providerTransactionId: `RF${randomBytes(5).toString('hex').toUpperCase()}`,
      metadata: {},
    };
    await putObject(db, 'pawapay', id, 'refunds', refund);
    // Refunds need no customer action: the callback follows shortly.
    const send = callback(ctx, refund);
    setImmediate(() => void send().catch(() => {}));
    return { refundId: id, status: 'ACCEPTED', created };
  });

  for (const path of ['deposits', 'payouts', 'refunds']) {
    app.get<{ Params: { id: string } }>(`/sandbox/pawapay/v2/${path}/:id`, async (req) => {
      const o = await getObject(db, 'pawapay', req.params.id);
      if (!o || o.kind !== path) return { status: 'NOT_FOUND' };
      const { kind: _k, refundedMinor: _r, ...data } = o;
      return { status: 'FOUND', data };
    });
  }
}

/** A signed callback of the object's current state to the dashboard-configured URL; signed at send time. */
function callback(ctx: Ctx, object: Obj): Send {
  const { kind: _k, refundedMinor: _r, ...data } = object;
  const payload = JSON.stringify(data);
  const url = `${ctx.publicBaseUrl}/webhooks/mobilemoney/pawapay`;
  return async () => {
    const headers = signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: payload },
      { keyId: ctx.creds.pawapay.keyId, privateKeyPem: ctx.creds.pawapay.privateKeyPem },
    );
    await postCallback(url, payload, headers, ctx.log);
  };
}

/** The member answered (or the payout went through / failed): finalize and send the signed callback. */
export async function completePawapay(ctx: Ctx, row: PendingRow, outcome: Outcome, delivery: Delivery): Promise<void> {
  const o = await updateObject(ctx.db, 'pawapay', row.objectId, (d) => {
    if (outcome === 'success') {
      d.status = 'COMPLETED';
      d.providerTransactionId = `PP${randomBytes(6).toString('hex').toUpperCase()}`;
    } else {
      d.status = 'FAILED';
      d.failureReason = FAILURES[outcome];
    }
  });
  if (!o) throw new Error(`unknown pawaPay object ${row.objectId}`);
  await deliver([callback(ctx, o)], delivery);
}
