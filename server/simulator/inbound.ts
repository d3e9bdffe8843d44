// Builds Green API notification bodies exactly as Green API sends them; used by the simulator page,
// `npm run chat`, tests and benchmarks so every inbound path goes through the real webhook route.
import { randomBytes } from 'node:crypto';
import { chatIdFromE164 } from '../../core/identity/phone.ts';

export type PhoneInput =
  | { text: string }
  | { buttonId: string; buttonText?: string; replyTo?: string }
  | { file: { downloadUrl: string; mimeType: string; fileName?: string; caption?: string } };

export function incomingMessage(
  phone: string,
  input: PhoneInput,
  opts: { idInstance: string; wid: string; idMessage?: string; senderName?: string; timestamp?: number },
): Record<string, unknown> {
  const chatId = chatIdFromE164(phone);
  let messageData: Record<string, unknown>;
  if ('text' in input) messageData = { typeMessage: 'textMessage', textMessageData: { textMessage: input.text } };
  else if ('buttonId' in input)
    messageData = {
      typeMessage: 'templateButtonsReplyMessage',
      templateButtonReplyMessage: {
        stanzaId: input.replyTo ?? '',
        selectedIndex: 0,
        selectedId: input.buttonId,
        selectedDisplayText: input.buttonText ?? input.buttonId,
      },
    };
  else {
    const type = input.file.mimeType.startsWith('image/') ? 'imageMessage' : 'documentMessage';
    messageData = { typeMessage: type, fileMessageData: { jpegThumbnail: '', forwardingScore: 0, isForwarded: false, caption: '', ...input.file } };
  }
  return {
    typeWebhook: 'incomingMessageReceived',
    instanceData: { idInstance: Number(opts.idInstance), wid: opts.wid, typeInstance: 'whatsapp' },
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
    idMessage: opts.idMessage ?? randomBytes(10).toString('hex').toUpperCase(),
    senderData: { chatId, chatName: opts.senderName ?? '', sender: chatId, senderName: opts.senderName ?? '' },
    messageData,
  };
}
