// Sandbox WhatsApp: a Green API emulator mounted at /sandbox/greenapi that the real client calls when
// GREEN_API_* are unset. It records what each simulated phone receives; the simulator page and
// `npm run chat` read it. Method names are matched case-insensitively, as Green API does.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sandboxWaFiles, sandboxWaMessages } from '../../db/schema/sandbox-whatsapp.ts';

export const SANDBOX_INSTANCE = '1100000001';
export const SANDBOX_WID = '254700000000@c.us';

const newMessageId = () => randomBytes(10).toString('hex').toUpperCase();

export async function sandboxGreenApi(app: FastifyInstance, opts: { db: Db; token: string; publicBaseUrl: string }) {
  const { db } = opts;
  await app.register(async (scope) => {
    // sendFileByUpload is multipart: keep the raw bytes and parse the few fields ourselves.
    scope.addContentTypeParser(/^multipart\/form-data/, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.all('/sandbox/greenapi/waInstance:id/:method/:token', async (req, reply) => {
      const { id, method, token } = req.params as { id: string; method: string; token: string };
      if (id !== SANDBOX_INSTANCE || token !== opts.token) return reply.code(401).send({ error: 'unauthorized' });
      const m = method.toLowerCase();
      const idMessage = newMessageId();
      if (m === 'sendmessage') {
        const b = req.body as { chatId?: string; message?: string };
        if (!b?.chatId || typeof b.message !== 'string') return reply.code(400).send({ error: 'chatId and message are required' });
        await db.insert(sandboxWaMessages).values({ chatId: b.chatId, direction: 'out', kind: 'text', body: { text: b.message }, idMessage });
        return { idMessage };
      }
      if (m === 'sendinteractivebuttonsreply') {
        const b = req.body as { chatId?: string; body?: string; header?: string; footer?: string; buttons?: Array<{ buttonId: string; buttonText: string }> };
        if (!b?.chatId || !b.body || !Array.isArray(b.buttons) || b.buttons.length === 0 || b.buttons.length > 3) {
          return reply.code(400).send({ error: 'chatId, body and 1–3 buttons are required' });
        }
        if (b.buttons.some((x) => !x.buttonId || !x.buttonText || x.buttonText.length > 25))
          return reply.code(400).send({ error: 'buttonText must be 1–25 characters' });
        await db.insert(sandboxWaMessages).values({ chatId: b.chatId, direction: 'out', kind: 'buttons', body: b, idMessage });
        return { idMessage };
      }
      if (m === 'sendfilebyurl') {
        const b = req.body as { chatId?: string; urlFile?: string; fileName?: string; caption?: string };
        if (!b?.chatId || !b.urlFile || !b.fileName) return reply.code(400).send({ error: 'chatId, urlFile and fileName are required' });
        await db.insert(sandboxWaMessages).values({ chatId: b.chatId, direction: 'out', kind: 'file', body: b, idMessage });
        return { idMessage };
      }
      if (m === 'sendfilebyupload') {
        const form = await new Request('http://x', {
          method: 'POST',
          headers: { 'content-type': String(req.headers['content-type']) },
          body: new Uint8Array(req.body as Buffer),
        }).formData();
        const chatId = String(form.get('chatId') ?? '');
        const file = form.get('file');
        if (!chatId || !(file instanceof Blob)) return reply.code(400).send({ error: 'chatId and file are required' });
        const fileId = newMessageId().toLowerCase();
        const fileName = String(form.get('fileName') ?? (file as File).name ?? 'file');
        await db
          .insert(sandboxWaFiles)
          .values({ id: fileId, fileName, mimeType: file.type || 'application/octet-stream', data: Buffer.from(await file.arrayBuffer()) });
        const urlFile = `${opts.publicBaseUrl}/sandbox/greenapi/files/${fileId}`;
        await db.insert(sandboxWaMessages).values({
          chatId,
          direction: 'out',
          kind: 'file',
          body: { urlFile, fileName, caption: form.get('caption') ?? undefined, mimeType: file.type },
          idMessage,
        });
        return { idMessage, urlFile };
      }
      if (m === 'getstateinstance') return { stateInstance: 'authorized' };
      if (m === 'getsettings')
        return { wid: SANDBOX_WID, webhookUrl: `${opts.publicBaseUrl}/webhooks/greenapi`, incomingWebhook: 'yes', outgoingWebhook: 'yes' };
      return reply.code(404).send({ error: `method ${method} is not emulated` });
    });
  });

  app.get('/sandbox/greenapi/files/:id', async (req, reply) => {
    const r = await db
      .select()
      .from(sandboxWaFiles)
      .where(eq(sandboxWaFiles.id, (req.params as { id: string }).id));
    if (!r[0]) return reply.code(404).send({ error: 'no such file' });
    return reply.type(r[0].mimeType).header('content-disposition', `inline; filename="${r[0].fileName}"`).send(r[0].data);
  });
}

export type SandboxMessage = { id: number; chatId: string; direction: string; kind: string; body: unknown; createdAt: Date };

export async function sandboxMessages(db: Db, chatId: string, afterId = 0, limit = 200): Promise<SandboxMessage[]> {
  return db
    .select({
      id: sandboxWaMessages.id,
      chatId: sandboxWaMessages.chatId,
      direction: sandboxWaMessages.direction,
      kind: sandboxWaMessages.kind,
      body: sandboxWaMessages.body,
      createdAt: sandboxWaMessages.createdAt,
    })
    .from(sandboxWaMessages)
    .where(and(eq(sandboxWaMessages.chatId, chatId), gt(sandboxWaMessages.id, afterId)))
    .orderBy(asc(sandboxWaMessages.id))
    .limit(limit);
}

export async function sandboxChats(db: Db): Promise<string[]> {
  const r = await db
    .select({ chatId: sandboxWaMessages.chatId, last: sql<number>`max(${sandboxWaMessages.id})` })
    .from(sandboxWaMessages)
    .groupBy(sandboxWaMessages.chatId)
    .orderBy(desc(sql`max(${sandboxWaMessages.id})`))
    .limit(50);
  return r.map((x) => x.chatId);
}

export async function recordPhoneMessage(db: Db, chatId: string, kind: string, body: unknown, idMessage: string): Promise<void> {
  await db.insert(sandboxWaMessages).values({ chatId, direction: 'in', kind, body, idMessage });
}
