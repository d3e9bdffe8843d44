// Daraja OAuth token, shared by every process: each new token invalidates the previous one, so one
// refresh at a time (in-process single flight + a Postgres advisory lock) and a cached copy in
// provider_tokens, refreshed a minute before expiry or when Daraja says it is invalid.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { providerTokens } from '../../../db/schema/payments.ts';
import { ProviderError } from '../provider.ts';

export type TokenSource = { get(): Promise<string>; invalidate(token: string): void };

const MARGIN_MS = 60_000;

export function createDarajaTokenSource(db: Db, cfg: { apiBase: string; consumerKey: string; consumerSecret: string }): TokenSource {
  const key = `mpesa:${createHash('sha256').update(`${cfg.apiBase}|${cfg.consumerKey}`).digest('hex').slice(0, 24)}`;
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let bad: string | null = null;

  async function fetchToken(): Promise<{ token: string; expiresAt: number }> {
    const basic = Buffer.from(`${cfg.consumerKey}:${cfg.consumerSecret}`).toString('base64');
    const res = await fetch(`${cfg.apiBase}/oauth/v1/generate?grant_type=client_credentials`, { headers: { authorization: `Basic ${basic}` } });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: string | number; errorCode?: string; errorMessage?: string };
    if (!res.ok || !body.access_token) throw new ProviderError('mpesa', body.errorCode ?? `http_${res.status}`, body.errorMessage ?? 'token request failed');
    // expires_in arrives as a string in practice and a number in the docs: accept both.
    const seconds = Number.parseInt(String(body.expires_in ?? '3599'), 10) || 3599;
    return { token: body.access_token, expiresAt: Date.now() + seconds * 1000 };
  }

  async function refresh(): Promise<string> {
    const fresh = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
      const rows = await tx.select().from(providerTokens).where(eq(providerTokens.key, key));
      const row = rows[0];
      // Another process may have refreshed while we waited for the lock.
      if (row && row.token !== bad && row.expiresAt.getTime() - MARGIN_MS > Date.now()) return { token: row.token, expiresAt: row.expiresAt.getTime() };
      const t = await fetchToken();
      await tx
        .insert(providerTokens)
        .values({ key, token: t.token, expiresAt: new Date(t.expiresAt) })
        .onConflictDoUpdate({ target: providerTokens.key, set: { token: t.token, expiresAt: new Date(t.expiresAt), updatedAt: new Date() } });
      return t;
    });
    cached = fresh;
    bad = null;
    return fresh.token;
  }

  return {
    async get() {
      if (cached && cached.token !== bad && cached.expiresAt - MARGIN_MS > Date.now()) return cached.token;
      if (!inflight) inflight = refresh().finally(() => (inflight = null));
      return inflight;
    },
    invalidate(token) {
      bad = token;
      if (cached?.token === token) cached = null;
    },
  };
}
