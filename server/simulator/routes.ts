// The simulator: a WhatsApp-like web chat at /simulator for the sandbox WhatsApp. Messages typed on
// the page are turned into Green API notifications and posted to the real webhook route.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chatIdFromE164, normalizeE164 } from '../../core/identity/phone.ts';
import { looksLikePin } from '../../core/identity/pin.ts';
import type { Db } from '../../db/client.ts';
import { recordPhoneMessage, SANDBOX_INSTANCE, SANDBOX_WID, sandboxChats, sandboxMessages } from '../whatsapp/sandbox.ts';
import { incomingMessage, type PhoneInput } from './inbound.ts';

const PAGE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'page.html'), 'utf8');

const Send = z.object({
  phone: z.string().min(6).max(20),
  text: z.string().max(10_000).optional(),
  buttonId: z.string().max(200).optional(),
  buttonText: z.string().max(100).optional(),
});

export async function simulatorRoutes(app: FastifyInstance, opts: { db: Db; webhookToken?: string }) {
  app.get('/simulator', async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));

  app.get('/simulator/api/chats', async () => ({ phones: (await sandboxChats(opts.db)).map((c) => `+${c.replace('@c.us', '')}`) }));

  app.get('/simulator/api/messages', async (req, reply) => {
    const q = req.query as { phone?: string; after?: string };
    const e164 = q.phone ? normalizeE164(q.phone) : undefined;
    if (!e164) return reply.code(400).send({ error: 'phone is required (E.164, e.g. +254700000001)' });
    return { messages: await sandboxMessages(opts.db, chatIdFromE164(e164), Number(q.after ?? 0) || 0) };
  });

  app.post('/simulator/api/send', async (req, reply) => {
    const parsed = Send.safeParse(req.body);
    if (!parsed.success || (!parsed.data.text && !parsed.data.buttonId)) return reply.code(400).send({ error: 'phone and text (or buttonId) are required' });
    const e164 = normalizeE164(parsed.data.phone);
    if (!e164) return reply.code(400).send({ error: 'not a phone number' });
    const input: PhoneInput = parsed.data.buttonId ? { buttonId: parsed.data.buttonId, buttonText: parsed.data.buttonText } : { text: parsed.data.text ?? '' };
    const body = incomingMessage(e164, input, { idInstance: SANDBOX_INSTANCE, wid: SANDBOX_WID, senderName: 'Simulator' });
    // The phone's own screen shows what was typed; a PIN is shown as dots even there.
    const shown =
      'text' in input
        ? { text: looksLikePin(input.text) ? '••••' : input.text }
        : 'buttonId' in input
          ? { text: input.buttonText ?? input.buttonId, buttonId: input.buttonId }
          : {};
    await recordPhoneMessage(opts.db, chatIdFromE164(e164), 'buttonId' in input ? 'button_reply' : 'text', shown, String(body.idMessage));
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/greenapi',
      headers: opts.webhookToken ? { authorization: `Bearer ${opts.webhookToken}` } : {},
      payload: body,
    });
    return reply.code(res.statusCode).send(res.json());
  });
}
