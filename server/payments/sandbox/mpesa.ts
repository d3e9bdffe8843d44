// Daraja sandbox: OAuth (a new token invalidates the previous one), STK Push with Password check,
// STK Query ("being processed" until the member answers), B2C with duplicate-originator refusal,
// Transaction Status with its asynchronous result, and unsigned JSON callbacks like Safaricom's.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import { darajaTimestamp, stkPassword } from '../mpesa/adapter.ts';
import type { SandboxCredentials } from './keys.ts';
import { addPending, type Delivery, deliver, getObject, type Outcome, type PendingRow, postCallback, putObject, type Send, updateObject } from './store.ts';

type Obj = Record<string, any>;
type Ctx = { db: Db; creds: SandboxCredentials; publicBaseUrl: string; log: (m: string) => void; onDisbursementPending?: (ref: string) => void };

const RESULT: Record<Outcome, { code: number; desc: string }> = {
  success: { code: 0, desc: 'The service request is processed successfully.' },
  insufficient_funds: { code: 1, desc: 'The balance is insufficient for the transaction.' },
  cancelled: { code: 1032, desc: 'Request cancelled by user' },
  timeout: { code: 1037, desc: 'DS timeout user cannot be reached' },
  wrong_pin: { code: 2001, desc: 'The initiator information is invalid.' },
};

const rid = () => randomBytes(6).toString('hex');

function err(reply: FastifyReply, status: number, errorCode: string, errorMessage: string) {
  return reply.code(status).send({ requestId: `${rid()}-${Date.now()}`, errorCode, errorMessage });
}

export async function mpesaSandbox(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const { db, creds } = ctx;
  const m = creds.mpesa;

  app.get('/sandbox/mpesa/oauth/v1/generate', async (req, reply) => {
    const q = req.query as Obj;
    if (q.grant_type !== 'client_credentials') return err(reply, 400, '400.008.02', 'Invalid grant type passed');
    const expected = `Basic ${Buffer.from(`${m.consumerKey}:${m.consumerSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return err(reply, 400, '400.008.01', 'Invalid Authentication passed');
    const token = randomBytes(21).toString('base64url');
    // Each new token invalidates the previous one, as on Daraja.
    await putObject(db, 'mpesa', 'oauth:current', 'token', { token, expiresAt: Date.now() + 3600_000 });
    return { access_token: token, expires_in: '3599' };
  });

  async function authorized(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const cur = await getObject(db, 'mpesa', 'oauth:current');
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!cur || cur.token !== bearer || cur.expiresAt < Date.now()) {
      await err(reply, 404, '404.001.03', 'Invalid Access Token');
      return false;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      await err(reply, 400, '400.002.02', 'Bad Request - Invalid BusinessShortCode');
      return false;
    }
    return true;
  }

  app.post('/sandbox/mpesa/mpesa/stkpush/v1/processrequest', async (req, reply) => {
    if (!(await authorized(req, reply))) return;
    const b = (req.body ?? {}) as Obj;
    if (String(b.BusinessShortCode) !== m.shortcode) return err(reply, 400, '400.002.02', 'Bad Request - Invalid BusinessShortCode');
    if (b.Password !== stkPassword(m.shortcode, m.passkey, String(b.Timestamp))) return err(reply, 500, '500.001.1001', 'Merchant does not exist');
    const amount = Number(b.Amount);
    if (!Number.isInteger(amount) || amount < 1 || amount > 250_000) return err(reply, 400, '400.002.02', 'Bad Request - Invalid Amount');
    const phone = String(b.PhoneNumber ?? '');
    if (!/^254\d{9}$/.test(phone)) return err(reply, 400, '400.002.02', 'Bad Request - Invalid PhoneNumber');
    if (!/^https?:\/\//.test(String(b.CallBackURL ?? ''))) return err(reply, 400, '400.002.02', 'Bad Request - Invalid CallBackURL');
    if (String(b.AccountReference ?? '').length > 12 || String(b.AccountReference ?? '') === '')
      return err(reply, 400, '400.002.02', 'Bad Request - Invalid AccountReference');
    const checkoutRequestId = `ws_CO_${darajaTimestamp()}${randomBytes(5).toString('hex')}`;
    const merchantRequestId = `${rid()}-${rid()}`;
    await putObject(db, 'mpesa', checkoutRequestId, 'stk', {
      ...b,
      CheckoutRequestID: checkoutRequestId,
      MerchantRequestID: merchantRequestId,
      state: 'pending',
    });
    await addPending(db, {
      ref: new URL(String(b.CallBackURL)).searchParams.get('ref') ?? checkoutRequestId,
      provider: 'mpesa',
      kind: 'collection',
      objectId: checkoutRequestId,
      phone: `+${phone}`,
      amountMinor: BigInt(amount) * 100n,
      currency: 'KES',
    });
    return {
      MerchantRequestID: merchantRequestId,
      CheckoutRequestID: checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    };
  });

  app.post('/sandbox/mpesa/mpesa/stkpushquery/v1/query', async (req, reply) => {
    if (!(await authorized(req, reply))) return;
    const b = (req.body ?? {}) as Obj;
    if (String(b.BusinessShortCode) !== m.shortcode || b.Password !== stkPassword(m.shortcode, m.passkey, String(b.Timestamp))) {
      return err(reply, 500, '500.001.1001', 'Merchant does not exist');
    }
    const stk = await getObject(db, 'mpesa', String(b.CheckoutRequestID ?? ''));
    if (!stk) return err(reply, 400, '400.002.02', 'Bad Request - Invalid CheckoutRequestID');
    if (stk.state === 'pending') return err(reply, 500, '500.001.1001', 'The transaction is being processed');
    return {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: stk.MerchantRequestID,
      CheckoutRequestID: stk.CheckoutRequestID,
      ResultCode: String(stk.ResultCode),
      ResultDesc: stk.ResultDesc,
    };
  });

  app.post('/sandbox/mpesa/mpesa/b2c/v3/paymentrequest', async (req, reply) => {
    if (!(await authorized(req, reply))) return;
    const b = (req.body ?? {}) as Obj;
    if (b.InitiatorName !== m.initiatorName || b.SecurityCredential !== m.securityCredential)
      return err(reply, 400, '400.002.02', 'Bad Request - Invalid Initiator');
    if (String(b.PartyA) !== m.b2cShortcode) return err(reply, 400, '400.002.02', 'Bad Request - Invalid PartyA');
    const amount = Number(b.Amount);
    const phone = String(b.PartyB ?? '');
    if (!Number.isInteger(amount) || amount < 10 || amount > 250_000) return err(reply, 400, '400.002.02', 'Bad Request - Invalid Amount');
    if (!/^254\d{9}$/.test(phone)) return err(reply, 400, '400.002.02', 'Bad Request - Invalid PartyB');
    const originator = String(b.OriginatorConversationID ?? '');
    if (!originator) return err(reply, 400, '400.002.02', 'Bad Request - Invalid OriginatorConversationID');
    if (await getObject(db, 'mpesa', `b2c:${originator}`)) return err(reply, 500, '500.002.1001', 'Duplicate OriginatorConversationID');
    const conversationId = `AG_${darajaTimestamp().slice(0, 8)}_${randomBytes(10).toString('hex')}`;
    await putObject(db, 'mpesa', `b2c:${originator}`, 'b2c', { ...b, ConversationID: conversationId, state: 'pending' });
    await addPending(db, {
      ref: originator,
      provider: 'mpesa',
      kind: 'disbursement',
      objectId: `b2c:${originator}`,
      phone: `+${phone}`,
      amountMinor: BigInt(amount) * 100n,
      currency: 'KES',
    });
    ctx.onDisbursementPending?.(originator);
    return {
      ConversationID: conversationId,
      OriginatorConversationID: originator,
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    };
  });

  app.post('/sandbox/mpesa/mpesa/transactionstatus/v1/query', async (req, reply) => {
    if (!(await authorized(req, reply))) return;
    const b = (req.body ?? {}) as Obj;
    if (b.Initiator !== m.initiatorName || b.SecurityCredential !== m.securityCredential)
      return err(reply, 400, '400.002.02', 'Bad Request - Invalid Initiator');
    const originator = String(b.OriginalConversationID ?? b.OriginatorConversationID ?? '');
    const tx = await getObject(db, 'mpesa', `b2c:${originator}`);
    const conversationId = `AG_${darajaTimestamp().slice(0, 8)}_${randomBytes(10).toString('hex')}`;
    const result = statusResult(tx, originator, conversationId);
    // The answer goes to ResultURL, asynchronously, like every Daraja result.
    const url = String(b.ResultURL ?? '');
    setImmediate(() => void postCallback(url, JSON.stringify(result), { 'content-type': 'application/json' }, ctx.log).catch(() => {}));
    return {
      OriginatorConversationID: `${rid()}-${rid()}`,
      ConversationID: conversationId,
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    };
  });
}

function statusResult(tx: Obj | undefined, originator: string, conversationId: string): Obj {
  if (!tx) {
    return {
      Result: {
        ResultType: 0,
        ResultCode: 'R000002',
        ResultDesc: 'The OriginatorConversationID cannot be found',
        OriginatorConversationID: originator,
        ConversationID: conversationId,
      },
    };
  }
  const status = tx.state === 'pending' ? 'Pending' : tx.ResultCode === 0 ? 'Completed' : 'Failed';
  if (status === 'Failed') {
    return {
      Result: { ResultType: 0, ResultCode: tx.ResultCode, ResultDesc: tx.ResultDesc, OriginatorConversationID: originator, ConversationID: conversationId },
    };
  }
  return {
    Result: {
      ResultType: 0,
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      OriginatorConversationID: originator,
      ConversationID: conversationId,
      TransactionID: tx.TransactionID ?? '',
      ResultParameters: {
        ResultParameter: [
          { Key: 'ReceiptNo', Value: tx.TransactionID ?? '' },
          { Key: 'TransactionStatus', Value: status },
          { Key: 'Amount', Value: Number(tx.Amount) },
          { Key: 'CreditPartyName', Value: `${tx.PartyB} - SANDBOX MEMBER` },
          { Key: 'DebitPartyName', Value: `${tx.PartyA} - LIKELEMBA` },
          { Key: 'ReasonType', Value: 'Business Payment to Customer via API' },
        ],
      },
    },
  };
}

const receipt = () => `S${randomBytes(5).toString('hex').toUpperCase().slice(0, 9)}`;

/** The member answered the STK prompt (or the B2C went through / failed): send Safaricom's callback. */
export async function completeMpesa(ctx: Ctx, row: PendingRow, outcome: Outcome, delivery: Delivery): Promise<void> {
  const { db } = ctx;
  const r = RESULT[outcome];
  const sends: Send[] = [];
  const post = (url: string, body: Obj): Send => {
    const payload = JSON.stringify(body);
    return async () => {
      await postCallback(url, payload, { 'content-type': 'application/json', 'user-agent': 'Apache-HttpClient/4.5.5 (Java/1.8.0_151)' }, ctx.log);
    };
  };
  if (row.kind === 'collection') {
    const code = receipt();
    const stk = await updateObject(db, 'mpesa', row.objectId, (o) => {
      o.state = 'done';
      o.ResultCode = r.code;
      o.ResultDesc = r.desc;
      if (r.code === 0) o.MpesaReceiptNumber = code;
    });
    if (!stk) throw new Error(`unknown STK ${row.objectId}`);
    const cb: Obj = { MerchantRequestID: stk.MerchantRequestID, CheckoutRequestID: stk.CheckoutRequestID, ResultCode: r.code, ResultDesc: r.desc };
    if (r.code === 0) {
      cb.CallbackMetadata = {
        Item: [
          { Name: 'Amount', Value: Number(stk.Amount) },
          { Name: 'MpesaReceiptNumber', Value: code },
          { Name: 'Balance' },
          { Name: 'TransactionDate', Value: Number(darajaTimestamp()) },
          { Name: 'PhoneNumber', Value: Number(stk.PhoneNumber) },
        ],
      };
    }
    sends.push(post(String(stk.CallBackURL), { Body: { stkCallback: cb } }));
  } else {
    const txId = receipt();
    const b2c = await updateObject(db, 'mpesa', row.objectId, (o) => {
      o.state = 'done';
      o.ResultCode = r.code;
      o.ResultDesc = r.desc;
      if (r.code === 0) o.TransactionID = txId;
    });
    if (!b2c) throw new Error(`unknown B2C ${row.objectId}`);
    const result: Obj = {
      ResultType: 0,
      ResultCode: r.code,
      ResultDesc: r.desc,
      OriginatorConversationID: b2c.OriginatorConversationID,
      ConversationID: b2c.ConversationID,
      TransactionID: r.code === 0 ? txId : '',
    };
    if (r.code === 0) {
      result.ResultParameters = {
        ResultParameter: [
          { Key: 'TransactionAmount', Value: Number(b2c.Amount) },
          { Key: 'TransactionReceipt', Value: txId },
          { Key: 'ReceiverPartyPublicName', Value: `${b2c.PartyB} - SANDBOX MEMBER` },
          {
            Key: 'TransactionCompletedDateTime',
            Value: new Date(Date.now() + 3 * 3600_000).toISOString().replace(/^(\d+)-(\d+)-(\d+)T([\d:]+).*$/, '$3.$2.$1 $4'),
          },
          { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
        ],
      };
    }
    result.ReferenceData = { ReferenceItem: { Key: 'QueueTimeoutURL', Value: String(b2c.QueueTimeOutURL) } };
    // A timeout is reported on the queue-timeout URL, not the result URL.
    sends.push(post(String(outcome === 'timeout' ? b2c.QueueTimeOutURL : b2c.ResultURL), { Result: result }));
  }
  await deliver(sends, delivery);
}
