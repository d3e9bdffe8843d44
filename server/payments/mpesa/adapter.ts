// M-Pesa Daraja adapter (Kenya): STK Push collections, STK Query, B2C payouts (and refunds as B2C to
// the payer). Daraja signs nothing, so every request carries a single-use secret in its callback URL
// and no callback counts until Daraja itself confirms it (STK Query; Transaction Status for B2C).
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { providerPayments } from '../../../db/schema/payments.ts';
import type { MpesaConfig } from '../config.ts';
import { hashSecret, newId, newSecret } from '../ids.ts';
import { decimalToMinor } from '../money.ts';
import type {
  CollectionRequest,
  DisbursementRequest,
  Failure,
  InitResult,
  PaymentKind,
  PaymentProvider,
  PaymentStatus,
  RawWebhook,
  RefundRequest,
  VerifiedEvent,
} from '../provider.ts';
import { WebhookRejected } from '../provider.ts';
import { findPaymentByTokenHash, getPaymentRecord, insertPaymentRecord, type PaymentRecord, updatePaymentRecord } from '../records.ts';
import { createDarajaTokenSource } from './token.ts';

/** Daraja result codes → canonical failure codes (mobile-money.md §1.3). */
const RESULT_CODES: Record<string, string> = {
  '1': 'INSUFFICIENT_BALANCE',
  '2': 'AMOUNT_OUT_OF_BOUNDS',
  '3': 'AMOUNT_OUT_OF_BOUNDS',
  '4': 'WALLET_LIMIT_REACHED',
  '8': 'WALLET_LIMIT_REACHED',
  '17': 'PAYMENT_IN_PROGRESS',
  '1001': 'PAYMENT_IN_PROGRESS',
  '1019': 'PAYMENT_NOT_APPROVED',
  '1025': 'INVALID_INPUT',
  '1032': 'PAYMENT_NOT_APPROVED',
  '1037': 'PAYER_UNREACHABLE',
  '2001': 'PAYMENT_NOT_APPROVED',
  '2028': 'INVALID_INPUT',
  '8006': 'PAYMENT_NOT_APPROVED',
  '9999': 'UNKNOWN_ERROR',
  SFC_IC0003: 'INVALID_INPUT',
};

export function darajaFailure(code: string | number, desc?: string): Failure {
  const c = String(code);
  return { code: RESULT_CODES[c] ?? 'UNKNOWN_ERROR', reason: desc ?? `Daraja result ${c}`, providerCode: c };
}

/** `YYYYMMDDHHmmss` in Kenyan time (EAT, UTC+3), as Daraja expects. */
export function darajaTimestamp(now = Date.now()): string {
  return new Date(now + 3 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64');
}

/** Path name under /webhooks/mobilemoney/: Daraja refuses callback URLs containing "mpesa" (unverified). */
export const DARAJA_CALLBACK_PATH = '/webhooks/mobilemoney/daraja';

type DarajaResponse = { status: number; body: Record<string, any> };

export function createMpesaProvider(opts: { db: Db; config: MpesaConfig; sandbox: boolean; publicBaseUrl: string }): PaymentProvider {
  const { db, config } = opts;
  const apiBase = config.apiBase.replace(/\/+$/, '');
  const tokens = createDarajaTokenSource(db, { apiBase, consumerKey: config.consumerKey, consumerSecret: config.consumerSecret });

  async function call(path: string, body: unknown): Promise<DarajaResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      const res = await fetch(`${apiBase}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as Record<string, any>;
      // An invalid token (another app instance refreshed it): refresh once and retry.
      if (json.errorCode === '404.001.03' && attempt === 0) {
        tokens.invalidate(token);
        continue;
      }
      return { status: res.status, body: json };
    }
  }

  const callbackUrl = (ref: string, secret: string, extra = '') =>
    `${opts.publicBaseUrl}${DARAJA_CALLBACK_PATH}?ref=${encodeURIComponent(ref)}&t=${secret}${extra}`;

  function phoneDigits(phone: string | undefined): string | null {
    const d = (phone ?? '').replace(/^\+/, '');
    return /^254\d{9}$/.test(d) ? d : null;
  }

  function wholeShillings(m: { currency: string; minor: bigint }): number | null {
    if (m.currency.toUpperCase() !== 'KES' || m.minor <= 0n || m.minor % 100n !== 0n) return null;
    return Number(m.minor / 100n);
  }

  async function collect(req: CollectionRequest): Promise<InitResult> {
    const ref = req.ref ?? newId('pay');
    const phone = phoneDigits(req.phone);
    const amount = wholeShillings(req.amount);
    if (!phone) return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'INVALID_PHONE_NUMBER', reason: 'a Kenyan number (+254…) is required' } };
    if (amount === null)
      return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'INVALID_AMOUNT', reason: 'M-Pesa takes whole Kenyan shillings' } };
    const { secret, hash } = newSecret();
    const { record, created } = await insertPaymentRecord(db, {
      ref,
      provider: 'mpesa',
      kind: 'collection',
      amount: req.amount,
      phone: `+${phone}`,
      callbackTokenHash: hash,
      metadata: req.metadata,
    });
    // STK Push is not idempotent at Daraja: never prompt the member twice for one ref.
    if (!created && record.providerRef) return { status: 'duplicate', ref, provider: 'mpesa', providerRef: record.providerRef };
    if (!created) await db.update(providerPayments).set({ callbackTokenHash: hash }).where(eq(providerPayments.ref, ref));
    const timestamp = darajaTimestamp();
    const res = await call('/mpesa/stkpush/v1/processrequest', {
      BusinessShortCode: config.shortcode,
      Password: stkPassword(config.shortcode, config.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: config.transactionType,
      Amount: amount,
      PartyA: phone,
      PartyB: config.partyB ?? config.shortcode,
      PhoneNumber: phone,
      CallBackURL: callbackUrl(ref, secret),
      AccountReference: (req.metadata?.accountReference ?? req.description).slice(0, 12),
      TransactionDesc: req.description.slice(0, 13),
    });
    if (res.body.ResponseCode !== '0' || !res.body.CheckoutRequestID) {
      return { status: 'rejected', ref, provider: 'mpesa', failure: requestFailure(res) };
    }
    await updatePaymentRecord(db, ref, { providerRef: res.body.CheckoutRequestID, altRef: res.body.MerchantRequestID ?? null });
    return { status: 'accepted', ref, provider: 'mpesa', providerRef: res.body.CheckoutRequestID };
  }

  async function b2c(
    kind: PaymentKind,
    ref: string,
    req: { amount: { currency: string; minor: bigint }; phone?: string; description: string; metadata?: Record<string, string> },
    parentRef?: string,
  ): Promise<InitResult> {
    if (!config.b2c) return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'PAYOUTS_NOT_ALLOWED', reason: 'M-Pesa B2C is not configured' } };
    const phone = phoneDigits(req.phone);
    const amount = wholeShillings(req.amount);
    if (!phone) return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'INVALID_PHONE_NUMBER', reason: 'a Kenyan number (+254…) is required' } };
    if (amount === null)
      return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'INVALID_AMOUNT', reason: 'M-Pesa takes whole Kenyan shillings' } };
    const { secret, hash } = newSecret();
    const { record, created } = await insertPaymentRecord(db, {
      ref,
      provider: 'mpesa',
      kind,
      amount: req.amount,
      phone: `+${phone}`,
      parentRef,
      callbackTokenHash: hash,
      metadata: req.metadata,
    });
    if (!created) {
      if (record.providerRef) return { status: 'duplicate', ref, provider: 'mpesa', providerRef: record.providerRef };
      // A retry after a lost answer: Daraja refuses a duplicate OriginatorConversationID, so resending is safe.
      await db.update(providerPayments).set({ callbackTokenHash: hash }).where(eq(providerPayments.ref, ref));
    }
    const res = await call('/mpesa/b2c/v3/paymentrequest', {
      OriginatorConversationID: ref, // ours and unique: Daraja's idempotency key
      InitiatorName: config.b2c.initiatorName,
      SecurityCredential: config.b2c.securityCredential,
      CommandID: config.b2c.commandId,
      Amount: amount,
      PartyA: config.b2c.shortcode,
      PartyB: phone,
      Remarks: req.description.slice(0, 100).padEnd(2, '.'),
      QueueTimeOutURL: callbackUrl(ref, secret, '&q=timeout'),
      ResultURL: callbackUrl(ref, secret),
      Occassion: (req.metadata?.occasion ?? '').slice(0, 100),
    });
    if (res.body.errorCode === '500.002.1001') return { status: 'duplicate', ref, provider: 'mpesa', providerRef: record.providerRef ?? undefined };
    if (res.body.ResponseCode !== '0' || !res.body.ConversationID) return { status: 'rejected', ref, provider: 'mpesa', failure: requestFailure(res) };
    await updatePaymentRecord(db, ref, { providerRef: res.body.ConversationID });
    return { status: 'accepted', ref, provider: 'mpesa', providerRef: res.body.ConversationID };
  }

  async function disburse(req: DisbursementRequest): Promise<InitResult> {
    return b2c('disbursement', req.ref ?? newId('pout'), req);
  }

  /** STK has no refund: the money goes back by B2C to the number that paid. */
  async function refund(req: RefundRequest): Promise<InitResult> {
    const ref = req.ref ?? newId('rfd');
    const payment = await getPaymentRecord(db, req.paymentRef);
    if (payment?.provider !== 'mpesa' || payment.kind !== 'collection' || payment.status !== 'succeeded') {
      return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'INVALID_INPUT', reason: `no completed M-Pesa collection ${req.paymentRef}` } };
    }
    const amount = req.amount ?? { currency: payment.currency, minor: payment.amountMinor };
    if (amount.minor > payment.amountMinor)
      return { status: 'rejected', ref, provider: 'mpesa', failure: { code: 'AMOUNT_TOO_LARGE', reason: 'more than was paid' } };
    return b2c('refund', ref, { amount, phone: payment.phone ?? undefined, description: req.reason ?? 'Refund', metadata: req.metadata }, payment.ref);
  }

  async function stkQuery(checkoutRequestId: string): Promise<PaymentStatus | { state: 'unknown'; failure: Failure }> {
    const timestamp = darajaTimestamp();
    const res = await call('/mpesa/stkpushquery/v1/query', {
      BusinessShortCode: config.shortcode,
      Password: stkPassword(config.shortcode, config.passkey, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: checkoutRequestId,
    });
    const b = res.body;
    if (b.ResponseCode === '0' && b.ResultCode !== undefined) {
      if (String(b.ResultCode) === '0') return { state: 'succeeded', amount: { currency: 'KES', minor: 0n } };
      return { state: 'failed', failure: darajaFailure(b.ResultCode, b.ResultDesc) };
    }
    // "The transaction is being processed": the member has not answered yet.
    if (b.errorCode === '500.001.1001') return { state: 'pending' };
    return { state: 'unknown', failure: requestFailure(res) };
  }

  /** Asks Daraja for a B2C's outcome; the answer comes back asynchronously to a fresh single-use URL. */
  async function transactionStatus(rec: PaymentRecord, transactionId?: string): Promise<void> {
    if (!config.b2c) return;
    const { secret, hash } = newSecret();
    await updatePaymentRecord(db, rec.ref, { statusTokenHash: hash });
    await call('/mpesa/transactionstatus/v1/query', {
      Initiator: config.b2c.initiatorName,
      SecurityCredential: config.b2c.securityCredential,
      CommandID: 'TransactionStatusQuery',
      ...(transactionId ? { TransactionID: transactionId } : {}),
      OriginalConversationID: rec.ref,
      PartyA: config.b2c.shortcode,
      IdentifierType: '4',
      ResultURL: callbackUrl(rec.ref, secret),
      QueueTimeOutURL: callbackUrl(rec.ref, secret, '&q=timeout'),
      Remarks: 'Payout status',
      Occasion: '',
    });
  }

  async function status(ref: string): Promise<PaymentStatus> {
    const rec = await getPaymentRecord(db, ref);
    if (rec?.provider !== 'mpesa' || !rec.providerRef) return { state: 'not_found' };
    if (rec.kind === 'collection') {
      const s = await stkQuery(rec.providerRef);
      if (s.state === 'succeeded')
        return { state: 'succeeded', amount: { currency: rec.currency, minor: rec.amountMinor }, providerTransactionId: rec.providerRef };
      if (s.state === 'unknown') return { state: 'pending' };
      return s;
    }
    // B2C status is asynchronous: ask, and let the confirming callback settle it.
    await transactionStatus(rec);
    return { state: 'pending' };
  }

  async function verifyWebhook(req: RawWebhook): Promise<VerifiedEvent[]> {
    const url = new URL(req.url, 'http://callback.local');
    const secret = url.searchParams.get('t');
    if (!secret) throw new WebhookRejected(401, 'missing callback token');
    const found = await findPaymentByTokenHash(db, hashSecret(secret));
    if (found?.record.provider !== 'mpesa') throw new WebhookRejected(401, 'unknown callback token');
    const rec = found.record;
    // Single use: once a payment is settled its callback URLs answer 200 and change nothing.
    if (rec.status !== 'pending') return [];
    let body: Record<string, any>;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw new WebhookRejected(400, 'body is not JSON');
    }
    if (rec.kind === 'collection') return stkCallback(rec, body);
    return b2cCallback(rec, found.which, body, url.searchParams.get('q') === 'timeout');
  }

  async function stkCallback(rec: PaymentRecord, body: Record<string, any>): Promise<VerifiedEvent[]> {
    const cb = body?.Body?.stkCallback;
    if (!cb || typeof cb.CheckoutRequestID !== 'string') throw new WebhookRejected(400, 'not an STK callback');
    const checkoutRequestId = rec.providerRef;
    if (!checkoutRequestId || cb.CheckoutRequestID !== checkoutRequestId)
      throw new WebhookRejected(400, 'callback does not match the request it was issued for');
    // The callback only triggers the check; Daraja's own answer decides.
    const q = await stkQuery(checkoutRequestId);
    if (q.state !== 'succeeded' && q.state !== 'failed') return [];
    const items = new Map<string, unknown>(((cb.CallbackMetadata?.Item ?? []) as Array<{ Name: string; Value?: unknown }>).map((i) => [i.Name, i.Value]));
    const ours = { currency: rec.currency, minor: rec.amountMinor };
    const details: Record<string, string> = { ...rec.metadata, callback_result_code: String(cb.ResultCode) };
    const receipt = items.get('MpesaReceiptNumber');
    if (receipt) details.receipt = String(receipt);
    const paid = items.get('Amount');
    if (paid !== undefined) {
      try {
        if (decimalToMinor(paid as number, 'KES') !== rec.amountMinor) details.amount_mismatch = String(paid);
      } catch {
        details.amount_mismatch = String(paid);
      }
    }
    const when = items.get('TransactionDate');
    await db
      .update(providerPayments)
      .set({ tokenUsedAt: new Date() })
      .where(and(eq(providerPayments.ref, rec.ref), isNull(providerPayments.tokenUsedAt)));
    return [
      {
        provider: 'mpesa',
        providerEventId: `stk:${checkoutRequestId}`,
        providerType: 'stk_callback',
        type: q.state === 'succeeded' ? 'collection.succeeded' : 'collection.failed',
        ref: rec.ref,
        providerRef: checkoutRequestId,
        amount: ours,
        failure: q.state === 'failed' ? q.failure : null,
        details,
        occurredAt: when ? darajaDate(String(when)) : new Date(),
        raw: body,
      },
    ];
  }

  async function b2cCallback(rec: PaymentRecord, which: 'callback' | 'status', body: Record<string, any>, timedOut: boolean): Promise<VerifiedEvent[]> {
    const r = body?.Result;
    if (!r || typeof r !== 'object') throw new WebhookRejected(400, 'not a Daraja result');
    const originator = r.OriginatorConversationID ?? r.OriginalConversationID;
    if (which === 'callback') {
      if (originator !== undefined && originator !== rec.ref && r.ConversationID !== rec.providerRef)
        throw new WebhookRejected(400, 'result does not match the request');
      // First hop: the B2C result (or queue timeout) only triggers a Transaction Status query, once.
      const won = await db
        .update(providerPayments)
        .set({
          tokenUsedAt: new Date(),
          metadata: {
            ...rec.metadata,
            b2c_result_code: String(r.ResultCode ?? (timedOut ? 'timeout' : '')),
            ...(r.TransactionID ? { transaction_id: String(r.TransactionID) } : {}),
          },
        })
        .where(and(eq(providerPayments.ref, rec.ref), isNull(providerPayments.tokenUsedAt)))
        .returning({ ref: providerPayments.ref });
      if (won.length > 0) await transactionStatus(rec, r.TransactionID ? String(r.TransactionID) : undefined);
      return [];
    }
    // Second hop: Daraja's answer to our own status query, on a URL only Daraja was given.
    const params = resultParameters(r);
    const txStatus = String(params.get('TransactionStatus') ?? '');
    const ok = String(r.ResultCode) === '0' && txStatus === 'Completed';
    if (String(r.ResultCode) === '0' && txStatus !== 'Completed' && txStatus !== 'Failed') return [];
    const details: Record<string, string> = { ...rec.metadata };
    const receipt = params.get('ReceiptNo') ?? rec.metadata.transaction_id;
    if (receipt) details.receipt = String(receipt);
    const amountParam = params.get('Amount');
    if (ok && amountParam !== undefined && decimalToMinor(amountParam as number, 'KES') !== rec.amountMinor) details.amount_mismatch = String(amountParam);
    const failureCode = String(r.ResultCode) === '0' ? (rec.metadata.b2c_result_code ?? 'UNKNOWN') : String(r.ResultCode);
    const kind = rec.kind === 'refund' ? 'refund' : 'disbursement';
    return [
      {
        provider: 'mpesa',
        providerEventId: `b2c:${rec.ref}`,
        providerType: 'b2c_result',
        type: ok ? `${kind}.succeeded` : `${kind}.failed`,
        ref: rec.ref,
        providerRef: rec.providerRef ?? rec.ref,
        amount: { currency: rec.currency, minor: rec.amountMinor },
        failure: ok ? null : darajaFailure(failureCode, String(r.ResultDesc ?? 'B2C failed')),
        details,
        occurredAt: new Date(),
        raw: body,
      },
    ];
  }

  return { name: 'mpesa', sandbox: opts.sandbox, collect, disburse, refund, status, verifyWebhook };
}

function requestFailure(res: DarajaResponse): Failure {
  const code = String(res.body.errorCode ?? res.body.ResponseCode ?? `http_${res.status}`);
  const canonical = code.startsWith('400.') ? 'INVALID_INPUT' : code.startsWith('500.003') ? 'PROVIDER_TEMPORARILY_UNAVAILABLE' : 'UNKNOWN_ERROR';
  return { code: canonical, reason: String(res.body.errorMessage ?? res.body.ResponseDescription ?? 'request refused'), providerCode: code };
}

/** `ResultParameters.ResultParameter` may be an array or a single object: normalise to a map. */
function resultParameters(r: Record<string, any>): Map<string, unknown> {
  const p = r.ResultParameters?.ResultParameter;
  const list = Array.isArray(p) ? p : p ? [p] : [];
  return new Map(list.map((x: { Key: string; Value?: unknown }) => [x.Key, x.Value]));
}

/** 20261204081544 (EAT) → Date. */
function darajaDate(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return new Date();
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 3, +m[5], +m[6]));
}
