// The Agents SDK Session over Postgres (the SDK ships none): one row per history item, ordered by
// position, trimmed to the newest `keep` items when read. Writes are buffered during a run and
// written by the turn's final statement (db/channel.ts finishTurn), so a turn's history, replies
// and status land together or not at all.
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
    if (n <= 0) return [];
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

  readonly #pending: AgentInputItem[] = [];

  async addItems(items: AgentInputItem[]): Promise<void> {
    this.#pending.push(...items);
  }

  /** Items added during this run, not yet written; the caller writes them with the turn. */
  takePending(): AgentInputItem[] {
    return this.#pending.splice(0, this.#pending.length);
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
