// Green API webhook bodies → a tolerant discriminated union. Unknown typeWebhook/typeMessage values
// parse into `other`/`unsupported` instead of throwing (a rejected notification blocks the instance's
// FIFO queue for a minute), but a body that is not a Green API notification at all is a 400.
import { z } from 'zod';

const InstanceData = z.object({ idInstance: z.coerce.number(), wid: z.string(), typeInstance: z.string().optional() }).loose();
const SenderData = z
  .object({
    chatId: z.string().min(1),
    chatName: z.string().optional(),
    sender: z.string().min(1),
    senderName: z.string().optional(),
    senderContactName: z.string().optional(),
  })
  .loose();

const Text = z.object({ textMessage: z.string() }).loose();
const Extended = z.object({ text: z.string() }).loose();
const File = z.object({ downloadUrl: z.string(), caption: z.string().optional(), fileName: z.string().optional(), mimeType: z.string().optional() }).loose();
const TemplateButtonReply = z
  .object({
    stanzaId: z.string().optional(),
    selectedIndex: z.union([z.number(), z.string()]).optional(),
    selectedId: z.string(),
    selectedDisplayText: z.string().optional(),
  })
  .loose();
const ButtonsResponse = z.object({ stanzaId: z.string().optional(), selectedButtonId: z.string(), selectedButtonText: z.string().optional() }).loose();
const ListResponse = z.object({ stanzaId: z.string().optional(), title: z.string().optional(), singleSelectReply: z.string() }).loose();

const MessageData = z.object({ typeMessage: z.string() }).loose();

const MessageEnvelope = z.object({
  typeWebhook: z.enum(['incomingMessageReceived', 'outgoingMessageReceived', 'outgoingAPIMessageReceived']),
  instanceData: InstanceData,
  timestamp: z.number(),
  idMessage: z.string().min(1).max(200),
  senderData: SenderData,
  messageData: MessageData,
});
const StatusEnvelope = z.object({
  typeWebhook: z.literal('outgoingMessageStatus'),
  instanceData: InstanceData,
  timestamp: z.number(),
  idMessage: z.string().min(1),
  chatId: z.string(),
  status: z.string(),
  description: z.string().optional(),
  sendByApi: z.boolean().optional(),
});
const StateEnvelope = z.object({
  typeWebhook: z.literal('stateInstanceChanged'),
  instanceData: InstanceData,
  timestamp: z.number(),
  stateInstance: z.string(),
});
const AnyEnvelope = z.object({ typeWebhook: z.string().min(1), instanceData: InstanceData, timestamp: z.number() }).loose();

export type InboundContent =
  | { kind: 'text'; text: string }
  | { kind: 'button'; buttonId: string; title?: string; replyTo?: string }
  | { kind: 'file'; mediaType: string; downloadUrl: string; mimeType?: string; fileName?: string; caption?: string }
  | { kind: 'unsupported'; typeMessage: string };

export type Notification =
  | {
      typeWebhook: 'incomingMessageReceived' | 'outgoingMessageReceived' | 'outgoingAPIMessageReceived';
      idInstance: number;
      idMessage: string;
      chatId: string;
      senderName?: string;
      timestamp: number;
      content: InboundContent;
      quotedId?: string;
    }
  | { typeWebhook: 'outgoingMessageStatus'; idInstance: number; idMessage: string; chatId: string; status: string; description?: string; timestamp: number }
  | { typeWebhook: 'stateInstanceChanged'; idInstance: number; stateInstance: string; timestamp: number }
  | { typeWebhook: 'other'; idInstance: number; type: string; timestamp: number; raw: unknown };

export type ParseResult = { ok: true; notification: Notification } | { ok: false; reason: string };

function issues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

function content(md: Record<string, unknown>): InboundContent {
  const type = String(md.typeMessage);
  const pick = <T>(schema: z.ZodType<T>, key: string): T | undefined => {
    const r = schema.safeParse(md[key]);
    return r.success ? r.data : undefined;
  };
  switch (type) {
    case 'textMessage': {
      const d = pick(Text, 'textMessageData');
      return d ? { kind: 'text', text: d.textMessage } : { kind: 'unsupported', typeMessage: type };
    }
    case 'extendedTextMessage':
    case 'quotedMessage': {
      const d = pick(Extended, 'extendedTextMessageData');
      return d ? { kind: 'text', text: d.text } : { kind: 'unsupported', typeMessage: type };
    }
    case 'templateButtonsReplyMessage':
    case 'templateButtonReplyMessage': {
      // Both spellings are seen in Green API's own samples; the data key is always singular.
      const d = pick(TemplateButtonReply, 'templateButtonReplyMessage');
      return d ? { kind: 'button', buttonId: d.selectedId, title: d.selectedDisplayText, replyTo: d.stanzaId } : { kind: 'unsupported', typeMessage: type };
    }
    case 'buttonsResponseMessage': {
      const d = pick(ButtonsResponse, 'buttonsResponseMessage');
      return d
        ? { kind: 'button', buttonId: d.selectedButtonId, title: d.selectedButtonText, replyTo: d.stanzaId }
        : { kind: 'unsupported', typeMessage: type };
    }
    case 'listResponseMessage': {
      const d = pick(ListResponse, 'listResponseMessage');
      return d ? { kind: 'button', buttonId: d.singleSelectReply, title: d.title, replyTo: d.stanzaId } : { kind: 'unsupported', typeMessage: type };
    }
    case 'imageMessage':
    case 'videoMessage':
    case 'documentMessage':
    case 'audioMessage':
    case 'stickerMessage': {
      const d = pick(File, 'fileMessageData');
      return d
        ? { kind: 'file', mediaType: type.replace('Message', ''), downloadUrl: d.downloadUrl, mimeType: d.mimeType, fileName: d.fileName, caption: d.caption }
        : { kind: 'unsupported', typeMessage: type };
    }
    default:
      return { kind: 'unsupported', typeMessage: type };
  }
}

/** Postgres text and jsonb cannot hold U+0000; no WhatsApp message means one, so it is dropped, not refused. */
export function withoutNul<T>(v: T): T;
export function withoutNul(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
  if (Array.isArray(v)) return v.map(withoutNul);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [withoutNul(k) as string, withoutNul(x)]));
  return v;
}

export function parseNotification(body: unknown): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body must be a JSON object' };
  const any = AnyEnvelope.safeParse(body);
  if (!any.success) return { ok: false, reason: issues(any.error) };
  const type = any.data.typeWebhook;
  if (type === 'incomingMessageReceived' || type === 'outgoingMessageReceived' || type === 'outgoingAPIMessageReceived') {
    const r = MessageEnvelope.safeParse(body);
    if (!r.success) return { ok: false, reason: issues(r.error) };
    const md = r.data.messageData as Record<string, unknown>;
    const quoted = md.quotedMessage as { stanzaId?: string } | undefined;
    return {
      ok: true,
      notification: {
        typeWebhook: r.data.typeWebhook,
        idInstance: r.data.instanceData.idInstance,
        idMessage: r.data.idMessage,
        chatId: r.data.senderData.chatId,
        senderName: r.data.senderData.senderName || r.data.senderData.chatName || undefined,
        timestamp: r.data.timestamp,
        content: content(md),
        quotedId: typeof quoted?.stanzaId === 'string' ? quoted.stanzaId : undefined,
      },
    };
  }
  if (type === 'outgoingMessageStatus') {
    const r = StatusEnvelope.safeParse(body);
    if (!r.success) return { ok: false, reason: issues(r.error) };
    const d = r.data;
    return {
      ok: true,
      notification: {
        typeWebhook: d.typeWebhook,
        idInstance: d.instanceData.idInstance,
        idMessage: d.idMessage,
        chatId: d.chatId,
        status: d.status,
        description: d.description,
        timestamp: d.timestamp,
      },
    };
  }
  if (type === 'stateInstanceChanged') {
    const r = StateEnvelope.safeParse(body);
    if (!r.success) return { ok: false, reason: issues(r.error) };
    return {
      ok: true,
      notification: {
        typeWebhook: 'stateInstanceChanged',
        idInstance: r.data.instanceData.idInstance,
        stateInstance: r.data.stateInstance,
        timestamp: r.data.timestamp,
      },
    };
  }
  return { ok: true, notification: { typeWebhook: 'other', idInstance: any.data.instanceData.idInstance, type, timestamp: any.data.timestamp, raw: body } };
}

/** The text a turn works on: typed text, a button id, or a file's caption. */
export function contentText(c: InboundContent): string | null {
  if (c.kind === 'text') return c.text;
  if (c.kind === 'button') return c.buttonId;
  if (c.kind === 'file') return c.caption ?? null;
  return null;
}
