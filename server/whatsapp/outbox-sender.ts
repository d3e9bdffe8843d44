// Sends outbox rows through Green API. A row is claimed before the call (so two senders never both
// send it) and finished after; 429/5xx leave it pending for a retry with backoff, 466 (quota) parks
// it and alerts, other 4xx fail it. Green API has no idempotency key, so a send that timed out is
// retried only after the stranded-row sweep, not immediately.
import { claimOutbox, finishOutbox, type NewOutbound, type OutboundBody } from '../../db/channel.ts';
import { createSentMarker } from '../../db/outbox-sent.ts';
import type { Db } from '../../db/client.ts';
import { outbox_attempts_max } from '../../policies/limits.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { GreenApiError, type GreenApiClient } from './client.ts';

type Outcome = 'sent' | 'retry' | 'failed' | 'skipped';
export type OutboxSender = {
  /** Claims a stored row (pending → sending) and sends it: the retry and sweep path. */
  deliver(id: string): Promise<Outcome>;
  /**
   * Sends a row its producer has just committed, without the claim round trip: no other sender
   * touches a pending row until it has failed once or is 30 s old (the stranded-row sweep).
   */
  deliverFresh(row: NewOutbound): Promise<Outcome>;
};

export function createOutboxSender(deps: { db: Db; client: GreenApiClient; log: Logger; metrics: Metrics }): OutboxSender {
  const sent = createSentMarker(deps.db);
  async function send(row: { id: string; chatId: string; kind: string; body: unknown }, attempts: number, fresh: boolean): Promise<Outcome> {
    const id = row.id;
    const body = row.body as OutboundBody;
    const finish = (r: Parameters<typeof finishOutbox>[2]) => finishOutbox(deps.db, id, r, { fresh });
    let providerMessageId: string;
    try {
      let res: { idMessage: string };
      if (row.kind === 'buttons' && 'buttons' in body) {
        res = await deps.client.sendInteractiveButtonsReply(row.chatId, {
          body: body.body,
          header: body.header,
          footer: body.footer,
          buttons: body.buttons.map((b) => ({ buttonId: b.id, buttonText: b.title })),
        });
      } else if (row.kind === 'file' && 'fileName' in body) {
        res = body.dataBase64
          ? await deps.client.sendFileByUpload(row.chatId, {
              data: Buffer.from(body.dataBase64, 'base64'),
              mimeType: body.mimeType ?? 'application/octet-stream',
              fileName: body.fileName,
              caption: body.caption,
            })
          : await deps.client.sendFileByUrl(row.chatId, { urlFile: body.url ?? '', fileName: body.fileName, caption: body.caption });
      } else {
        res = await deps.client.sendMessage(row.chatId, 'text' in body ? body.text : JSON.stringify(body));
      }
      providerMessageId = res.idMessage;
    } catch (err) {
      const e = err instanceof GreenApiError ? err : new GreenApiError(0, 'send', String(err));
      deps.metrics.outboxFailures.inc({ kind: e.kind });
      if (e.kind === 'quota') {
        deps.log.error({ outboxId: id, status: e.status }, 'Green API quota exceeded (466): sending parked until the plan allows it');
        await finish({ status: 'quota', lastError: e.message.slice(0, 500) });
        return 'failed';
      }
      if (e.kind === 'retryable' && attempts < outbox_attempts_max) {
        await finish({ status: 'pending', lastError: e.message.slice(0, 500) });
        return 'retry';
      }
      deps.log.error({ outboxId: id, status: e.status }, 'outbound message failed permanently');
      await finish({ status: 'failed', lastError: e.message.slice(0, 500) });
      return 'failed';
    }
    // Sent. A failure to record it is not a failed send (retrying now would send twice): the row stays
    // unfinished and the stranded-row sweep decides later.
    try {
      await sent.mark({ id, providerMessageId, fresh });
    } catch (err) {
      deps.log.error({ outboxId: id, err: String(err) }, 'message sent but not recorded as sent');
    }
    deps.metrics.outboxSent.inc();
    return 'sent';
  }
  return {
    async deliver(id) {
      const row = await claimOutbox(deps.db, id);
      return row ? send(row, row.attempts, false) : 'skipped';
    },
    deliverFresh: (row) => send(row, 1, true),
  };
}
