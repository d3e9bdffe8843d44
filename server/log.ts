// Structured logs (pino). Phone numbers are masked in every line, whatever field they hide in; PINs
// are never passed to the logger in the first place.
import pino, { type Logger } from 'pino';
import { maskPhonesInText } from '../core/identity/phone.ts';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.pin', 'pin'], censor: '[redacted]' },
      formatters: { log: (obj) => JSON.parse(maskPhonesInText(JSON.stringify(obj))) },
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
