// What every tool returns: the localized text to relay, optional reply buttons (≤ 3, titles ≤ 20
// chars), optional structured data for the model. The local model relays `text` verbatim.
export type ToolButton = { id: string; title: string };
export type ToolReply = { text: string; buttons?: ToolButton[]; data?: Record<string, unknown>; refused?: string };

export function reply(text: string, buttons?: ToolButton[], data?: Record<string, unknown>): ToolReply {
  if (buttons && (buttons.length > 3 || buttons.some((b) => [...b.title].length > 20))) {
    throw new Error(`reply buttons break WhatsApp limits: ${JSON.stringify(buttons)}`);
  }
  return { text, ...(buttons?.length ? { buttons } : {}), ...(data ? { data } : {}) };
}

export function parseToolReply(text: string): ToolReply | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && typeof (v as ToolReply).text === 'string') return v as ToolReply;
  } catch {
    // not ours
  }
  return undefined;
}
