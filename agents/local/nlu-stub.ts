// TEMPORARY stub until agents/local/nlu/index.ts lands.
export function classify(text: string, _o: { lang?: string; expecting?: string[] }): { intent: string; confidence: number; slots: Record<string, unknown>; lang: string } {
  const s = text.toLowerCase().trim();
  if (/^\d$/.test(s)) return { intent: 'choose_option', confidence: 1, slots: { n: Number(s) }, lang: 'en' };
  if (/^(menu|menyu)$/.test(s)) return { intent: 'menu', confidence: 1, slots: {}, lang: 'en' };
  if (/^(help|aide|msaada)$/.test(s)) return { intent: 'help', confidence: 1, slots: {}, lang: 'en' };
  if (/^(status)$/.test(s)) return { intent: 'status', confidence: 1, slots: {}, lang: 'en' };
  if (/^(stop)$/.test(s)) return { intent: 'stop_reminders', confidence: 1, slots: {}, lang: 'en' };
  if (/^(resume)$/.test(s)) return { intent: 'resume_reminders', confidence: 1, slots: {}, lang: 'en' };
  if (/^(hi|hello|habari)$/.test(s)) return { intent: 'greeting', confidence: 1, slots: {}, lang: 'en' };
  const m = /payout number to (\+?\d+)/.exec(s);
  if (m) return { intent: 'change_payout_destination', confidence: 1, slots: { phone: m[1] }, lang: 'en' };
  return { intent: 'unknown', confidence: 0, slots: {}, lang: 'en' };
}
export function detectInjection(_t: string) { return { detected: false }; }
