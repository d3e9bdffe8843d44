// The application clock. In production it is the system clock. Elsewhere it is the system clock plus
// an offset that the sandbox test clock (/sandbox/clock) moves; the offset lives in the database so
// every web and worker process sees the same time.
import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/client.ts';
import { channelState } from '../db/schema/channel.ts';

const KEY = 'clock.offset_ms';

export type AppClock = Clock & {
  readonly settable: boolean;
  offsetMs(): number;
  setNow(at: Date): Promise<Date>;
  advance(ms: number): Promise<Date>;
  refresh(): Promise<void>;
};

export function createAppClock(db: Db, opts: { settable: boolean }): AppClock {
  let offset_ms = 0;
  const clock: AppClock = {
    settable: opts.settable,
    now: () => new Date(Date.now() + offset_ms),
    offsetMs: () => offset_ms,
    async refresh() {
      if (!opts.settable) return;
      const r = await db.select().from(channelState).where(eq(channelState.key, KEY));
      offset_ms = r[0] ? Number((r[0].value as { ms: number }).ms) : 0;
    },
    async setNow(at) {
      if (!opts.settable) throw new Error('the clock cannot be set in production');
      offset_ms = at.getTime() - Date.now();
      await db
        .insert(channelState)
        .values({ key: KEY, value: { ms: offset_ms } })
        .onConflictDoUpdate({ target: channelState.key, set: { value: { ms: offset_ms }, updatedAt: sql`now()` } });
      return clock.now();
    },
    async advance(ms) {
      await clock.refresh();
      return clock.setNow(new Date(clock.now().getTime() + ms));
    },
  };
  return clock;
}

/** ISO 8601 durations as the sandbox clock accepts them: P7D, PT2H30M, P1DT12H, P2W. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  const ms = ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
  return Number.isFinite(ms) ? ms : undefined;
}
