// POST /webhooks/greenapi: authenticate, validate, store keyed by idMessage (duplicates are no-ops),
// enqueue a turn for the chat, answer 200 at once. Model and payment work never happen here.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createInboundStore, recordDeliveryStatus } from '../../db/channel.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { contentText, parseNotification, withoutNul } from './notifications.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Accepts `Bearer <t>` and a bare `<t>`; compares digests so the comparison is constant-time. */
export function webhookTokenOk(header: string | undefined, expected: string): boolean {
  if (!expected || !header) return false;
  const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
  return timingSafeEqual(sha(presented), sha(expected));
}

export type GreenApiWebhookOptions = {
  db: Db;
  log: Logger;
  metrics: Metrics;
  /** Required token; undefined only in the sandbox with no token configured. */
  token?: string;
  /** When set, notifications for another instance are refused. */
  idInstance?: string;
  enqueueTurn: (chatId: string) => Promise<void>;
};

export async function greenApiWebhook(app: FastifyInstance, opts: GreenApiWebhookOptions) {
  const inbound = createInboundStore(opts.db);
  app.post('/webhooks/greenapi', async (req, reply) => {
    if (opts.token !== undefined && !webhookTokenOk(req.headers.authorization, opts.token)) {
      opts.metrics.webhooks.inc({ source: 'greenapi', result: 'unauthorized' });
      return reply.code(401).send({ error: 'unauthorized', message: 'missing or wrong webhook token' });
    }
    const parsed = parseNotification(req.body);
    if (!parsed.ok) {
      opts.metrics.webhooks.inc({ source: 'greenapi', result: 'invalid' });
      return reply.code(400).send({ error: 'invalid_notification', message: parsed.reason });
    }
    const n = parsed.notification;
    if (opts.idInstance && String(n.idInstance) !== opts.idInstance) {
      opts.metrics.webhooks.inc({ source: 'greenapi', result: 'wrong_instance' });
      return reply.code(403).send({ error: 'wrong_instance', message: 'notification is for another Green API instance' });
    }
    switch (n.typeWebhook) {
      case 'incomingMessageReceived': {
        const media = n.content.kind === 'file' ? { ...n.content } : n.content.kind === 'unsupported' ? { typeMessage: n.content.typeMessage } : null;
        const stored = await inbound.store({
          idMessage: n.idMessage,
          chatId: n.chatId,
          typeWebhook: n.typeWebhook,
          typeMessage: n.content.kind,
          text: withoutNul(contentText(n.content)),
          media: withoutNul(media),
        });
        if (stored) await opts.enqueueTurn(n.chatId);
        opts.metrics.webhooks.inc({ source: 'greenapi', result: stored ? 'stored' : 'duplicate' });
        return { ok: true, duplicate: !stored };
      }
      case 'outgoingMessageStatus': {
        const known = await recordDeliveryStatus(opts.db, n.idMessage, n.status);
        if (n.status === 'failed' || n.status === 'noAccount') opts.log.warn({ idMessage: n.idMessage, status: n.status }, 'outbound message not delivered');
        opts.metrics.webhooks.inc({ source: 'greenapi', result: 'status' });
        return { ok: true, known };
      }
      case 'stateInstanceChanged':
        opts.log.warn({ stateInstance: n.stateInstance }, 'Green API instance state changed');
        opts.metrics.webhooks.inc({ source: 'greenapi', result: 'state' });
        return { ok: true };
      default:
        // Echoes of our own sends and types we do not act on: acknowledged so the queue moves on.
        opts.metrics.webhooks.inc({ source: 'greenapi', result: 'ignored' });
        return { ok: true, ignored: true };
    }
  });
}
