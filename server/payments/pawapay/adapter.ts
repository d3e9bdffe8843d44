// pawaPay Merchant API v2 adapter (DRC, Tanzania, Uganda, Kenya, XAF/XOF markets…): deposits,
// payouts and refunds idempotent on UUIDs derived from our refs, decimal-string amounts, status
// queries, and RFC 9421 signed callbacks verified on the raw body (optionally signed requests).
import type { Db } from '../../../db/client.ts';
import type { PawapayConfig } from '../config.ts';
import { newId, uuidFromRef } from '../ids.ts';
import { decimalToMinor, type Money, minorToDecimal } from '../money.ts';
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
import { findPaymentByProviderRef, getPaymentRecord, insertPaymentRecord } from '../records.ts';
import { signRequest, verifySignedRequest } from './signatures.ts';

/** pawaPay provider codes by country (mobile-money.md §2.7), with the currency each one takes. */
export const PAWAPAY_PROVIDERS: Record<string, { country: string; currency: string }> = {
  VODACOM_MPESA_COD: { country: 'COD', currency: 'CDF' },
  AIRTEL_COD: { country: 'COD', currency: 'CDF' },
  ORANGE_COD: { country: 'COD', currency: 'CDF' },
  VODACOM_TZA: { country: 'TZA', currency: 'TZS' },
  TIGO_TZA: { country: 'TZA', currency: 'TZS' },
  AIRTEL_TZA: { country: 'TZA', currency: 'TZS' },
  HALOTEL_TZA: { country: 'TZA', currency: 'TZS' },
  MPESA_KEN: { country: 'KEN', currency: 'KES' },
  MTN_MOMO_UGA: { country: 'UGA', currency: 'UGX' },
  AIRTEL_OAPI_UGA: { country: 'UGA', currency: 'UGX' },
  MTN_MOMO_RWA: { country: 'RWA', currency: 'RWF' },
  AIRTEL_RWA: { country: 'RWA', currency: 'RWF' },
  MTN_MOMO_ZMB: { country: 'ZMB', currency: 'ZMW' },
  AIRTEL_OAPI_ZMB: { country: 'ZMB', currency: 'ZMW' },
  ZAMTEL_ZMB: { country: 'ZMB', currency: 'ZMW' },
  MTN_MOMO_CMR: { country: 'CMR', currency: 'XAF' },
  ORANGE_CMR: { country: 'CMR', currency: 'XAF' },
  MTN_MOMO_COG: { country: 'COG', currency: 'XAF' },
  AIRTEL_COG: { country: 'COG', currency: 'XAF' },
  AIRTEL_GAB: { country: 'GAB', currency: 'XAF' },
  ORANGE_CIV: { country: 'CIV', currency: 'XOF' },
  MTN_MOMO_CIV: { country: 'CIV', currency: 'XOF' },
  WAVE_CIV: { country: 'CIV', currency: 'XOF' },
  ORANGE_SEN: { country: 'SEN', currency: 'XOF' },
  FREE_SEN: { country: 'SEN', currency: 'XOF' },
  WAVE_SEN: { country: 'SEN', currency: 'XOF' },
  ORANGE_BFA: { country: 'BFA', currency: 'XOF' },
  MOOV_BFA: { country: 'BFA', currency: 'XOF' },
  MTN_MOMO_BEN: { country: 'BEN', currency: 'XOF' },
  MOOV_BEN: { country: 'BEN', currency: 'XOF' },
  AIRTEL_MWI: { country: 'MWI', currency: 'MWK' },
  TNM_MWI: { country: 'MWI', currency: 'MWK' },
  MTN_MOMO_GHA: { country: 'GHA', currency: 'GHS' },
  AIRTELTIGO_GHA: { country: 'GHA', currency: 'GHS' },
  VODAFONE_GHA: { country: 'GHA', currency: 'GHS' },
  MTN_MOMO_NGA: { country: 'NGA', currency: 'NGN' },
  AIRTEL_NGA: { country: 'NGA', currency: 'NGN' },
  MPESA_ETH: { country: 'ETH', currency: 'ETB' },
};

const PATHS: Record<PaymentKind, { path: string; idField: string; prefix: string }> = {
  collection: { path: 'deposits', idField: 'depositId', prefix: 'pay' },
  disbursement: { path: 'payouts', idField: 'payoutId', prefix: 'pout' },
  refund: { path: 'refunds', idField: 'refundId', prefix: 'rfd' },
};

type Json = Record<string, any>;

export function createPawapayProvider(opts: { db: Db; config: PawapayConfig; sandbox: boolean }): PaymentProvider {
  const { db, config } = opts;
  const apiBase = config.apiBase.replace(/\/+$/, '');
  let keys: Map<string, string> | null = null;

  async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const url = `${apiBase}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { authorization: `Bearer ${config.apiToken}`, ...(payload ? { 'content-type': 'application/json' } : {}) };
    if (payload && config.signing) headers = signRequest({ method, url, headers, body: payload }, config.signing);
    const res = await fetch(url, { method, headers, body: payload });
    const json = (await res.json().catch(() => ({}))) as Json;
    return { status: res.status, body: json };
  }

  async function callbackKey(keyid: string): Promise<string | undefined> {
    if (config.callbackPublicKey) return config.callbackPublicKey;
    if (!keys?.has(keyid)) {
      // Keys rotate: fetch again when we meet an id we do not know.
      const res = await api('GET', '/v2/public-key/http');
      const list = Array.isArray(res.body) ? (res.body as Array<{ id: string; key: string }>) : [];
      keys = new Map(list.map((k) => [String(k.id), String(k.key)]));
    }
    return keys.get(keyid);
  }

  async function providerFor(phone: string, network?: string): Promise<string | Failure> {
    if (network) return PAWAPAY_PROVIDERS[network] ? network : { code: 'INVALID_PROVIDER', reason: `unknown pawaPay provider ${network}` };
    const res = await api('POST', '/v2/predict-provider', { phoneNumber: phone });
    return typeof res.body.provider === 'string'
      ? res.body.provider
      : { code: 'INVALID_PHONE_NUMBER', reason: 'could not tell the mobile money provider of this number' };
  }

  async function initiate(
    kind: PaymentKind,
    ref: string,
    amount: Money,
    body: (id: string, amountText: string) => Json,
    record: { phone?: string | null; parentRef?: string; metadata?: Record<string, string> },
  ): Promise<InitResult> {
    const id = uuidFromRef(ref);
    let amountText: string;
    try {
      amountText = minorToDecimal(amount);
    } catch (err) {
      return { status: 'rejected', ref, provider: 'pawapay', failure: { code: 'INVALID_AMOUNT', reason: (err as Error).message } };
    }
    await insertPaymentRecord(db, {
      ref,
      provider: 'pawapay',
      kind,
      amount,
      phone: record.phone,
      providerRef: id,
      parentRef: record.parentRef,
      metadata: record.metadata,
    });
    const res = await api('POST', `/v2/${PATHS[kind].path}`, body(id, amountText));
    const s = res.body.status;
    if (s === 'ACCEPTED' || s === 'ENQUEUED' || s === 'SUBMITTED') return { status: 'accepted', ref, provider: 'pawapay', providerRef: id };
    if (s === 'DUPLICATE_IGNORED') return { status: 'duplicate', ref, provider: 'pawapay', providerRef: id };
    const fr = res.body.failureReason ?? {};
    return {
      status: 'rejected',
      ref,
      provider: 'pawapay',
      failure: { code: String(fr.failureCode ?? `HTTP_${res.status}`), reason: String(fr.failureMessage ?? 'rejected'), providerCode: fr.failureCode },
    };
  }

  function metadataList(ref: string, meta: Record<string, string> | undefined, phone?: string): Json[] {
    return [{ likelembaRef: ref }, ...Object.entries(meta ?? {}).map(([k, v]) => ({ [k]: v })), ...(phone ? [{ memberPhone: phone, isPII: true }] : [])];
  }

  const digits = (phone?: string) => (phone ?? '').replace(/^\+/, '');
  // 4–22 characters, letters, digits and spaces only.
  const customerMessage = (s: string) => {
    const m = s
      .replace(/[^A-Za-z0-9 ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 22)
      .trim();
    return m.length >= 4 ? m : 'Likelemba';
  };

  /**
   * A deposit (the member pays) or a payout (the member is paid): the same request to pawaPay, naming
   * the member's wallet as `payer` or `recipient`. The member's number also travels as PII-flagged
   * metadata on deposits, where pawaPay's dashboard shows it to support.
   */
  async function moveMoney(kind: 'collection' | 'disbursement', req: CollectionRequest | DisbursementRequest): Promise<InitResult> {
    const ref = req.ref ?? newId(PATHS[kind].prefix);
    const phone = digits(req.phone);
    if (!/^\d{9,15}$/.test(phone))
      return { status: 'rejected', ref, provider: 'pawapay', failure: { code: 'INVALID_PHONE_NUMBER', reason: 'phone number required' } };
    const provider = await providerFor(phone, req.network);
    if (typeof provider !== 'string') return { status: 'rejected', ref, provider: 'pawapay', failure: provider };
    const party = kind === 'collection' ? 'payer' : 'recipient';
    return initiate(
      kind,
      ref,
      req.amount,
      (id, amount) => ({
        [PATHS[kind].idField]: id,
        amount,
        currency: req.amount.currency.toUpperCase(),
        [party]: { type: 'MMO', accountDetails: { phoneNumber: phone, provider } },
        clientReferenceId: ref,
        customerMessage: customerMessage(req.description),
        metadata: metadataList(ref, req.metadata, kind === 'collection' ? phone : undefined),
      }),
      { phone: `+${phone}`, metadata: { ...(req.metadata ?? {}), network: provider } },
    );
  }
  const collect = (req: CollectionRequest) => moveMoney('collection', req);
  const disburse = (req: DisbursementRequest) => moveMoney('disbursement', req);

  async function refund(req: RefundRequest): Promise<InitResult> {
    const ref = req.ref ?? newId('rfd');
    const payment = await getPaymentRecord(db, req.paymentRef);
    if (payment?.provider !== 'pawapay' || payment.kind !== 'collection' || !payment.providerRef) {
      return { status: 'rejected', ref, provider: 'pawapay', failure: { code: 'INVALID_INPUT', reason: `no pawaPay deposit ${req.paymentRef}` } };
    }
    const depositId = payment.providerRef;
    const amount = req.amount ?? { currency: payment.currency, minor: payment.amountMinor };
    return initiate(
      'refund',
      ref,
      amount,
      (refundId, text) => ({
        refundId,
        depositId,
        ...(req.amount ? { amount: text, currency: amount.currency.toUpperCase() } : {}),
        metadata: metadataList(ref, req.metadata),
      }),
      { phone: payment.phone, parentRef: payment.ref, metadata: req.metadata },
    );
  }

  async function status(ref: string): Promise<PaymentStatus> {
    const rec = await getPaymentRecord(db, ref);
    if (rec?.provider !== 'pawapay' || !rec.providerRef) return { state: 'not_found' };
    const res = await api('GET', `/v2/${PATHS[rec.kind as PaymentKind].path}/${rec.providerRef}`);
    if (res.body.status !== 'FOUND') return { state: 'not_found' };
    return toStatus(res.body.data ?? {});
  }

  async function verifyWebhook(req: RawWebhook): Promise<VerifiedEvent[]> {
    const signed = req.headers.signature !== undefined || req.headers['signature-input'] !== undefined;
    if (signed || config.requireSignedCallbacks) {
      const path = req.url;
      const result = await verifySignedRequest({ method: req.method, authority: req.host, path, headers: req.headers, body: req.body }, callbackKey);
      if (!result.ok) throw new WebhookRejected(401, `bad signature: ${result.reason}`);
    }
    let body: Json;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw new WebhookRejected(400, 'body is not JSON');
    }
    // A refund carries its depositId too: test refundId first.
    const kind: PaymentKind | null = body.refundId ? 'refund' : body.payoutId ? 'disbursement' : body.depositId ? 'collection' : null;
    if (!kind) throw new WebhookRejected(400, 'no depositId, payoutId or refundId');
    const id = String(body[PATHS[kind].idField]);
    // Unsigned (when allowed): believe only pawaPay's own answer to a status query.
    let data = body;
    if (!signed) {
      const res = await api('GET', `/v2/${PATHS[kind].path}/${id}`);
      if (res.body.status !== 'FOUND') return [];
      data = res.body.data ?? {};
    }
    if (data.status !== 'COMPLETED' && data.status !== 'FAILED') return [];
    const rec = await findPaymentByProviderRef(db, 'pawapay', id);
    const ref = rec?.ref ?? (typeof data.clientReferenceId === 'string' ? data.clientReferenceId : null);
    let amount: Money | null = null;
    const details: Record<string, string> = { ...(rec?.metadata ?? {}) };
    try {
      if (data.amount !== undefined && data.currency)
        amount = { currency: String(data.currency), minor: decimalToMinor(String(data.amount), String(data.currency)) };
    } catch {
      details.amount_unparsed = String(data.amount);
    }
    if (rec && amount && (amount.minor !== rec.amountMinor || amount.currency !== rec.currency)) details.amount_mismatch = `${data.amount} ${data.currency}`;
    if (data.providerTransactionId) details.receipt = String(data.providerTransactionId);
    const ok = data.status === 'COMPLETED';
    const fr = data.failureReason ?? {};
    const kindName = kind === 'collection' ? 'collection' : kind === 'disbursement' ? 'disbursement' : 'refund';
    return [
      {
        provider: 'pawapay',
        providerEventId: `${kind}:${id}:${data.status}`,
        providerType: `${PATHS[kind].path}.${data.status}`,
        type: ok ? `${kindName}.succeeded` : `${kindName}.failed`,
        ref,
        providerRef: id,
        amount: amount ?? (rec ? { currency: rec.currency, minor: rec.amountMinor } : null),
        failure: ok ? null : { code: String(fr.failureCode ?? 'UNKNOWN_ERROR'), reason: String(fr.failureMessage ?? 'failed'), providerCode: fr.failureCode },
        details,
        occurredAt: data.created ? new Date(data.created) : new Date(),
        raw: body,
      },
    ];
  }

  return { name: 'pawapay', sandbox: opts.sandbox, collect, disburse, refund, status, verifyWebhook };
}

function toStatus(d: Json): PaymentStatus {
  if (d.status === 'COMPLETED') {
    return {
      state: 'succeeded',
      amount: { currency: String(d.currency), minor: decimalToMinor(String(d.amount), String(d.currency)) },
      providerTransactionId: d.providerTransactionId,
    };
  }
  if (d.status === 'FAILED')
    return {
      state: 'failed',
      failure: { code: String(d.failureReason?.failureCode ?? 'UNKNOWN_ERROR'), reason: String(d.failureReason?.failureMessage ?? 'failed') },
    };
  return { state: 'pending' };
}
