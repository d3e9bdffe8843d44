// Everything a turn needs to know before it starts — the member, the chat's conversation, the
// member's groups — in one statement (this runs for every message, so it skips the query builder).
// The turn worker runs it in the same round trip as the chat lock (db/channel.ts `beginChatTurn`).
import type { PiiCipher } from '../core/identity/pii.ts';
import type { Db } from './client.ts';
import type { ConversationRow } from './conversations.ts';
import { decryptMember, type Member, type MemberRow } from './members.ts';

export type TurnState = { member?: Member; conv?: ConversationRow; memberships: { groupIds: string[]; organizer: boolean } };

/** $1: the member's phone blind index, $2: the chat id. */
export const TURN_STATE_SQL = `
  select
    (select to_jsonb(m) from members m where m.phone_index = $1) as member,
    (select to_jsonb(c) from conversations c where c.chat_id = $2) as conv,
    (select coalesce(jsonb_agg(jsonb_build_object('id', gm.group_id, 'role', gm.role, 'status', g.status)), '[]'::jsonb)
       from members m join group_members gm on gm.member_id = m.id and gm.status = 'active'
       join groups g on g.id = gm.group_id
      where m.phone_index = $1) as groups`;

export type StateRow = {
  member: Record<string, unknown> | null;
  conv: Record<string, unknown> | null;
  groups: Array<{ id: string; role: string; status: string }>;
};

/** to_jsonb gives snake_case keys and ISO strings; the row types are camelCase with Dates. */
function camelRow<T>(json: Record<string, unknown> | null): T | undefined {
  if (!json) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    const key = k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    out[key] = typeof v === 'string' && /(_at|_until)$/.test(k) ? new Date(v) : v;
  }
  return out as T;
}

export async function loadTurnState(db: Db, pii: PiiCipher, e164: string, chatId: string): Promise<TurnState> {
  const r = await db.$client.query({ name: 'turn_state', text: TURN_STATE_SQL, values: [pii.blindIndex(e164), chatId] });
  return parseTurnState(pii, r.rows[0] as StateRow);
}

export function parseTurnState(pii: PiiCipher, row: StateRow): TurnState {
  const memberRow = camelRow<MemberRow>(row.member);
  return {
    member: memberRow ? decryptMember(pii, memberRow) : undefined,
    conv: camelRow<ConversationRow>(row.conv),
    memberships: {
      groupIds: row.groups.map((g) => g.id),
      // Same rule as the groups service: an organizer of a group still open or running.
      organizer: row.groups.some((g) => g.role === 'organizer' && (g.status === 'open' || g.status === 'active')),
    },
  };
}
