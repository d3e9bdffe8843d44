// Phone numbers: E.164 normalisation, WhatsApp chat ids, masking for logs, country from calling code.

const CALLING_CODES: Array<[string, string]> = [
  ['254', 'KE'],
  ['255', 'TZ'],
  ['256', 'UG'],
  ['243', 'CD'],
  ['250', 'RW'],
  ['257', 'BI'],
  ['242', 'CG'],
  ['237', 'CM'],
  ['225', 'CI'],
  ['221', 'SN'],
  ['233', 'GH'],
  ['260', 'ZM'],
  ['265', 'MW'],
  ['258', 'MZ'],
  ['251', 'ET'],
  ['234', 'NG'],
  ['27', 'ZA'],
  ['1', 'US'],
  ['44', 'GB'],
  ['33', 'FR'],
  ['32', 'BE'],
];

/** "+254 712 345 678", "254712345678", "0712345678" (with a default country) → "+254712345678". */
export function normalizeE164(input: string, defaultCallingCode = '254'): string | undefined {
  const raw = input.trim();
  let digits = raw.replace(/[^\d]/g, '');
  if (!digits) return undefined;
  if (raw.startsWith('00')) digits = digits.slice(2);
  else if (!raw.startsWith('+') && digits.startsWith('0')) digits = defaultCallingCode + digits.slice(1);
  if (digits.length < 8 || digits.length > 15) return undefined;
  return `+${digits}`;
}

export function chatIdFromE164(e164: string): string {
  return `${e164.replace(/^\+/, '')}@c.us`;
}

export function e164FromChatId(chatId: string): string | undefined {
  const m = /^(\d{6,15})@c\.us$/.exec(chatId);
  return m ? `+${m[1]}` : undefined;
}

/** +254712345222 → +2547•••••222: enough to tell numbers apart in a log, not enough to call. */
export function maskPhone(e164: string): string {
  const d = e164.replace(/^\+/, '');
  if (d.length <= 7) return `+${d.slice(0, 2)}•••`;
  return `+${d.slice(0, 4)}${'•'.repeat(d.length - 7)}${d.slice(-3)}`;
}

/** Mask every phone-number-like run of digits in free text (log lines, traces). */
export function maskPhonesInText(text: string): string {
  return text
    .replace(/\+?\d[\d ]{7,16}\d/g, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 9 ? maskPhone(`+${digits}`) : m;
    })
    .replace(/(\d{9,15})@c\.us/g, (_m, d: string) => `${maskPhone(`+${d}`)}@c.us`);
}

export function countryFromE164(e164: string): string {
  const d = e164.replace(/^\+/, '');
  for (const [code, country] of CALLING_CODES) if (d.startsWith(code)) return country;
  return 'KE';
}
