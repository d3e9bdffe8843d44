// The provider port: collections, disbursements, refunds and status queries in our terms (our refs,
// domain money), plus the normalized events every provider's verified callbacks become.
import type { CollectionContext } from '../../db/payments/callback.ts';
import type { Tx } from '../../db/client.ts';
import type { Money } from './money.ts';

export type { Money } from './money.ts';

export type ProviderName = 'stripe' | 'mpesa' | 'pawapay';
export type PaymentKind = 'collection' | 'disbursement' | 'refund';

/** Canonical failure codes: pawaPay's vocabulary plus PAYER_UNREACHABLE (Daraja 1037) and card codes. */
export type Failure = { code: string; reason: string; providerCode?: string };

export type CollectionRequest = {
  /** Our `pay_…` ref; generated when absent. A retry with the same ref is the same provider request. */
  ref?: string;
  amount: Money;
  /** E.164 (`+2547…`); required for mobile money, optional for Stripe. */
  phone?: string;
  /** pawaPay provider code (`VODACOM_MPESA_COD`, `TIGO_TZA`…); predicted from the phone when absent. */
  network?: string;
  /** Short text shown to the payer (line item name, STK reference, customer message). */
  description: string;
  /** Our ids (contributionId, groupId, cycleId…) carried in provider metadata. */
  metadata?: Record<string, string>;
  /** Stripe Checkout only. */
  successUrl?: string;
  cancelUrl?: string;
  customerEmail?: string;
  /** Stripe Connect: groups charges and transfers of one round. */
  transferGroup?: string;
};

export type DisbursementRequest = {
  /** Our `pout_…` ref; generated when absent. */
  ref?: string;
  amount: Money;
  phone?: string;
  network?: string;
  /** Stripe Connect destination (`acct_…`); Stripe payouts need it. */
  destinationAccount?: string;
  description: string;
  metadata?: Record<string, string>;
  transferGroup?: string;
};

export type RefundRequest = {
  /** Our `rfd_…` ref; generated when absent. */
  ref?: string;
  /** The collection (`pay_…`) to refund. */
  paymentRef: string;
  /** Partial refund; the whole collection when absent. */
  amount?: Money;
  reason?: string;
  metadata?: Record<string, string>;
};

export type InitResult =
  | { status: 'accepted'; ref: string; provider: ProviderName; providerRef?: string; checkoutUrl?: string }
  | { status: 'duplicate'; ref: string; provider: ProviderName; providerRef?: string; checkoutUrl?: string }
  | { status: 'rejected'; ref: string; provider: ProviderName; failure: Failure };

export type PaymentStatus =
  | { state: 'pending' }
  | { state: 'succeeded'; amount: Money; providerTransactionId?: string; completedAt?: Date }
  | { state: 'failed'; failure: Failure }
  | { state: 'not_found' };

export interface PaymentProvider {
  readonly name: ProviderName;
  /** True when this adapter talks to our built-in sandbox rather than the real provider. */
  readonly sandbox: boolean;
  collect(req: CollectionRequest): Promise<InitResult>;
  disburse(req: DisbursementRequest): Promise<InitResult>;
  refund(req: RefundRequest): Promise<InitResult>;
  /** Asks the provider (never our own tables) where a payment stands; used by reconciliation. */
  status(ref: string): Promise<PaymentStatus>;
  /** Verifies a callback on its raw bytes and turns it into normalized events (none: acknowledge only). */
  verifyWebhook(req: RawWebhook): Promise<VerifiedEvent[]>;
}

export type RawWebhook = {
  method: string;
  /** Path with query string, as received. */
  url: string;
  /** The Host header as received (RFC 9421 `@authority`). */
  host: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  remoteIp: string;
};

export type ProviderEventType =
  | 'collection.succeeded'
  | 'collection.failed'
  | 'disbursement.succeeded'
  | 'disbursement.failed'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'dispute.opened'
  | 'dispute.updated'
  | 'dispute.closed';

/** What a verified callback says, before it is stored. */
export type VerifiedEvent = {
  provider: ProviderName;
  /** The provider's event id (Stripe `evt_…`) or a deterministic one built from its ids. */
  providerEventId: string;
  /** The provider's own event name (`payment_intent.succeeded`, `stk_callback`, `deposit.COMPLETED`). */
  providerType: string;
  type: ProviderEventType;
  /** Our ref (pay_/pout_/rfd_); for disputes, the disputed collection. Null when we cannot tell. */
  ref: string | null;
  /** The provider's id of the object (cs_/pi_/re_/dp_…, CheckoutRequestID, pawaPay UUID). */
  providerRef: string;
  amount: Money | null;
  failure: Failure | null;
  /** Dispute status (Stripe `needs_response`, `won`, `lost`…), provider receipt numbers, our metadata. */
  details: Record<string, string>;
  occurredAt: Date;
  raw: unknown;
  /** A second provider id to remember on the payment when storing the event (Stripe's payment intent). */
  altRef?: string | null;
};

/**
 * A stored, verified event as handed to `onProviderEvent`. For collections, `context` holds the rows
 * the store statement already locked and read (the attempt, and for a success its due and the member).
 */
export type ProviderEvent = VerifiedEvent & { id: string; context?: CollectionContext };

/** Applies a stored event in the webhook's transaction; may return outbox ids to send once it commits. */
export type OnProviderEvent = (tx: Tx, event: ProviderEvent) => Promise<void | string[]>;

/** Thrown by `verifyWebhook`: answered with `status` and `reason`, nothing recorded. */
export class WebhookRejected extends Error {
  readonly status: number;
  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
  }
}

/** Thrown by adapters when the provider refuses a request outright (bad credentials, bad input). */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly code: string;
  constructor(provider: ProviderName, code: string, message: string) {
    super(`${provider}: ${code} ${message}`);
    this.provider = provider;
    this.code = code;
  }
}
