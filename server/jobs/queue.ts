// pg-boss on the same Postgres: the durable queue behind turns, outbound sends and timed sweeps.
// Queues use LISTEN/NOTIFY so a worker wakes within milliseconds; polling is only the backstop.
import { PgBoss } from 'pg-boss';

export const QUEUES = {
  turn: 'turn', // { chatId } — drain that chat's queued messages in order
  outbox: 'outbox', // { id } — send one outbound message
  sweep: 'sweep', // {} — run every timed job that has become due (reminders, payouts, reconciliation…)
} as const;

export async function startQueue(connectionString: string, opts: { schedule: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    useListenNotify: true,
    max: 6,
    // Let our own sweep cron fire every minute; checking schedules every few seconds keeps it prompt.
    cronMonitorIntervalSeconds: 5,
    cronWorkerIntervalSeconds: 5,
  } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on('error', () => {}); // logged by the caller's listener; never crash the process on a queue hiccup
  await boss.start();
  await ensureQueue(boss, QUEUES.turn, { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 });
  await ensureQueue(boss, QUEUES.outbox, { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 });
  await ensureQueue(boss, QUEUES.sweep, { retryLimit: 2, retryDelay: 5, expireInSeconds: 600, policy: 'singleton' });
  if (opts.schedule) await boss.schedule(QUEUES.sweep, '* * * * *', {}, {});
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Record<string, unknown>): Promise<void> {
  const existing = await boss.getQueue(name);
  if (!existing) await boss.createQueue(name, { notify: true, ...options } as Parameters<PgBoss['createQueue']>[1]);
}
