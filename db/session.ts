// The Agents SDK Session over Postgres (the SDK ships none): one row per history item, ordered by
// position, trimmed to the newest `keep` items when read.
import type { AgentInputItem, Session } from '@openai/agents';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { sessionItems } from './schema/conversations.ts';

export class PostgresSession implements Session {
  readonly #db: Db;
  readonly #id: string;
  readonly #keep: number;
  constructor(db: Db, sessionId: string, keep = 40) {
    this.#db = db;
    this.#id = sessionId;
    this.#keep = keep;
  }

  async getSessionId(): Promise<string> {
    return this.#id;
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    const n = Math.min(limit ?? this.#keep, this.#keep);
    const rows = await this.#db
      .select({ item: sessionItems.item })
      .from(sessionItems)
      .where(eq(sessionItems.sessionId, this.#id))
      .orderBy(desc(sessionItems.position))
      .limit(n);
    const items = rows.reverse().map((r) => r.item as AgentInputItem);
    // Never start the window on an orphaned tool result (its call fell outside the window).
    while (items.length && (items[0] as { type?: string }).type === 'function_call_result') items.shift();
    return items;
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.#db.transaction(async (tx) => {
      // Serialise writers to one session (turns of one chat are already serial; this is belt and braces).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${this.#id}, 7))`);
      const r = await tx.execute(sql`select coalesce(max(position), -1)::int as p from session_items where session_id = ${this.#id}`);
      const start = Number((r.rows[0] as { p: number }).p) + 1;
      await tx.insert(sessionItems).values(items.map((item, i) => ({ sessionId: this.#id, position: start + i, item })));
    });
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    const r = await this.#db.execute(
      sql`delete from session_items where id = (select id from session_items where session_id = ${this.#id} order by position desc limit 1) returning item`,
    );
    return (r.rows[0] as { item: AgentInputItem } | undefined)?.item;
  }

  async clearSession(): Promise<void> {
    await this.#db.delete(sessionItems).where(and(eq(sessionItems.sessionId, this.#id)));
  }
}
