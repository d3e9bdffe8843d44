// Time as a port: the core never reads the wall clock, it is handed a Clock (system, fixed, or simulated).
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export type TestClock = Clock & { set(at: Date | string): void; advance(ms: number): Date };

/** A clock that only moves when told to; what tests and the simulator use. */
export function createTestClock(start: Date | string = '2026-01-01T00:00:00.000Z'): TestClock {
  let now_ms = new Date(start).getTime();
  if (!Number.isFinite(now_ms)) throw new Error(`invalid start time: ${String(start)}`);
  return {
    now: () => new Date(now_ms),
    set(at) {
      const next_ms = new Date(at).getTime();
      if (!Number.isFinite(next_ms)) throw new Error(`invalid time: ${String(at)}`);
      now_ms = next_ms;
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`a test clock only moves forward (got ${ms} ms)`);
      now_ms += ms;
      return new Date(now_ms);
    },
  };
}
