// Marks sent outbox rows through a group commit (db/group-commit.ts): under load one UPDATE and one WAL
// flush record many replies' Green API ids instead of one each.
import type { Db } from './client.ts';
import { createGroupCommit } from './group-commit.ts';

export type SentMark = { id: string; providerMessageId: string /** a fresh send skipped the claim: count its attempt here */; fresh: boolean };

export type SentMarker = { mark(m: SentMark): Promise<void> };

const TEXT = `
  update outbox o set status = 'sent', provider_message_id = v.pid, sent_at = now(),
    attempts = o.attempts + v.inc,
    -- Uploaded bytes (QR codes, including an admin's TOTP enrolment) are not kept once delivered.
    body = o.body - 'dataBase64'
  from unnest($1::text[], $2::text[], $3::int[]) as v(id, pid, inc)
  where o.id = v.id`;

export function createSentMarker(db: Db): SentMarker {
  const group = createGroupCommit<SentMark, void>(async (marks) => {
    await db.$client.query({
      name: 'outbox_sent',
      text: TEXT,
      values: [marks.map((m) => m.id), marks.map((m) => m.providerMessageId), marks.map((m) => (m.fresh ? 1 : 0))],
    });
    return marks.map(() => undefined);
  });
  return { mark: (m) => group.write(m) };
}
