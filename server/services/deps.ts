// What every money-side service is built with (payments, refunds, disputes, admin): the database, the
// PII cipher, the clock, the ledger's context, the logger, and the outbox's sender for what it enqueued.
import type { Clock } from '../../core/clock.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import type { Db } from '../../db/client.ts';
import type { LedgerContext } from '../../db/ledger/services.ts';
import type { Logger } from '../log.ts';

export type ServiceDeps = {
  db: Db;
  pii: PiiCipher;
  clock: Clock;
  ledger: LedgerContext;
  log: Logger;
  deliver: (ids: string[]) => void;
};
