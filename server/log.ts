// Structured logs (pino). Phone numbers are masked in every line, whatever field they hide in; PINs
// are never passed to the logger in the first place. A failed query's parameters (drizzle puts them in
// the error message: a member's words, names) are cut from every line, wherever the error text went.
import pino, { type Logger } from 'pino';
import { maskPhonesInText } from '../core/identity/phone.ts';

export type { Logger };

/**
 * Drizzle's `Failed query: …\nparams: …` message, as it appears inside a JSON string: the parameters
 * (escapes included) up to the stack's first frame or the end of the string become `[redacted]`.
 */
const QUERY_PARAMS = /\\nparams: (?:[^"\\]|\\.)*?(?=\\n {4}at |")/g;
export function withoutQueryParams(json: string): string {
  return json.includes('params: ') ? json.replace(QUERY_PARAMS, '\\nparams: [redacted]') : json;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.pin', 'pin'], censor: '[redacted]' },
      formatters: { log: (obj) => JSON.parse(withoutQueryParams(maskPhonesInText(JSON.stringify(obj)))) },
      hooks: {
        logMethod(args, method) {
          // Mask the message string too (the object part is handled by formatters.log).
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesInText(a) : a)) as typeof args;
          return method.apply(this, masked);
        },
      },
    },
    destination,
  );
}
