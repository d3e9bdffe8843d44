// The composition root: database, queue, clock, channel, agents and workers, wired from config.
// `npm start` runs web and workers in one process; `--role web|worker` splits them.
import path from 'node:path';
import { type ModelProvider, Runner, setTraceProcessors, setTracingDisabled } from '@openai/agents';
import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { createPiiCipher, parsePiiKey, type PiiCipher } from '../core/identity/pii.ts';
import { buildAgentGraph, type AgentGraph, type AgentTools } from '../agents/graph.ts';
import { createModelProvider } from '../agents/provider.ts';
import { chatsWithStaleInbound, type NewOutbound, strandedOutbox } from '../db/channel.ts';
import { connect, runMigrations, type Db } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { session_items_local_max, session_items_max } from '../policies/limits.ts';
import { makeCommonTools } from '../tools/common.ts';
import { makeGroupTools } from '../tools/groups.ts';
import { makeGroupAdminTools } from '../tools/groups-admin.ts';
import { makeAuctionTools } from '../tools/groups-auction.ts';
import { makeOnboardingTools } from '../tools/onboarding.ts';
import { makePaymentTools } from '../tools/payments.ts';
import { makePayoutDestinationTools } from '../tools/payout-destination.ts';
import type { ToolServices } from '../tools/services.ts';
import { type AppClock, createAppClock } from './clock.ts';
import type { Config } from './config.ts';
import { QUEUES, startQueue } from './jobs/queue.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { devSecret } from './secrets.ts';
import { createFlowServices, createMemberServices, createSupportServices } from './services/members.ts';
import { createPaymentsModule } from './services/payments-wiring.ts';
import { createDisputesModule, type DisputesModule } from './services/disputes-wiring.ts';
import { createGroupServices } from './services/groups.ts';
import { sweepQuorum, sweepReminders } from './services/groups-sweeps.ts';
import { createAuctionServices, sweepAuctions } from './services/groups-auction.ts';
import { createLangfuseTracing } from './tracing/langfuse.ts';
import { createDispatcher } from './turns/dispatcher.ts';
import { createTurnWorker, type TurnWorker } from './turns/worker.ts';
import type { Memberships } from './turns/turn.ts';
import { createGreenApiClient } from './whatsapp/client.ts';
import { createOutboxSender, type OutboxSender } from './whatsapp/outbox-sender.ts';
import { SANDBOX_INSTANCE } from './whatsapp/sandbox.ts';

/** A timed job run by the sweep (every minute, and whenever the sandbox clock moves). */
export type Sweep = { name: string; run(now: Date): Promise<void> };

export type Runtime = {
  config: Config;
  log: Logger;
  db: Db;
  pool: pg.Pool;
  boss: PgBoss;
  clock: AppClock;
  metrics: Metrics;
  pii: PiiCipher;
  graph: AgentGraph;
  runner: Runner;
  modelName: string;
  publicBaseUrl: string;
  webhookToken?: string;
  sandboxGreenApiToken: string;
  turnWorker: TurnWorker;
  outbox: OutboxSender;
  sweeps: Sweep[];
  extraPlugins: FastifyPluginAsync[];
  enqueueTurn(chatId: string): Promise<void>;
  deliver(ids: string[]): void;
  runDue(): Promise<void>;
  refreshQueueDepth(): Promise<void>;
  startWorkers(): Promise<void>;
  close(): Promise<void>;
};

export type RuntimeOptions = {
  role?: 'all' | 'web' | 'worker';
  logDestination?: NodeJS.WritableStream;
  port?: number;
  /** Tests wrap the model provider to record every model request. */
  wrapModelProvider?: (p: ModelProvider) => ModelProvider;
};

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const log = createLogger(config.LOG_LEVEL, opts.logDestination as never);
  const closers: Array<() => Promise<void>> = [];
  let url = config.DATABASE_URL;
  if (!url) {
    const pgSrv = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, log: (l) => log.debug({ pg: l.trim() }, 'postgres') });
    url = pgSrv.url;
    closers.push(pgSrv.close);
    log.info({ dataDir: path.resolve(config.DATA_DIR) }, 'embedded Postgres ready');
  }
  const { pool, db } = connect(url, { max: 40 });
  closers.unshift(() => pool.end());
  await runMigrations(db);

  const production = config.NODE_ENV === 'production';
  if (production && !config.PII_ENCRYPTION_KEY) throw new Error('PII_ENCRYPTION_KEY is required in production');
  const pii = createPiiCipher(parsePiiKey(config.PII_ENCRYPTION_KEY ?? devSecret(config.DATA_DIR, 'pii.key')));
  const clock = createAppClock(db, { settable: !production });
  await clock.refresh();
  const metrics = createMetrics();
  const port = opts.port ?? config.PORT;
  const publicBaseUrl = (config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');

  // Tracing is silent unless Langfuse is configured (the SDK's default exporter would call OpenAI).
  // With both keys, agent runs are traced to Langfuse (server/tracing/langfuse.ts; PINs and numbers masked).
  const tracing =
    config.LANGFUSE_PUBLIC_KEY && config.LANGFUSE_SECRET_KEY
      ? createLangfuseTracing({
          publicKey: config.LANGFUSE_PUBLIC_KEY,
          secretKey: config.LANGFUSE_SECRET_KEY,
          baseUrl: config.LANGFUSE_BASE_URL,
          environment: config.NODE_ENV,
        })
      : undefined;
  setTraceProcessors(tracing ? [tracing.processor] : []);
  setTracingDisabled(!tracing);
  if (tracing) closers.unshift(() => tracing.processor.shutdown());

  const role = opts.role ?? 'all';
  const boss = await startQueue(url, { schedule: role !== 'web' });
  closers.unshift(() => boss.stop({ graceful: true, timeout: 5000 }));

  const sandboxGreenApiToken = devSecret(config.DATA_DIR, 'sandbox-greenapi-token');
  const greenApi =
    config.whatsappMode === 'greenapi'
      ? createGreenApiClient({
          apiUrl: config.GREEN_API_URL ?? 'https://api.green-api.com',
          mediaUrl: config.GREEN_API_MEDIA_URL ?? config.GREEN_API_URL ?? 'https://media.green-api.com',
          idInstance: config.GREEN_API_ID_INSTANCE ?? '',
          token: config.GREEN_API_TOKEN ?? '',
        })
      : createGreenApiClient({
          apiUrl: `${publicBaseUrl}/sandbox/greenapi`,
          mediaUrl: `${publicBaseUrl}/sandbox/greenapi`,
          idInstance: SANDBOX_INSTANCE,
          token: sandboxGreenApiToken,
        });

  // `deliver` is defined below with the outbox sender; group services hand it rows after each commit.
  const deliverLater = (ids: string[]) => deliver(ids);
  const groups = createGroupServices({ db, pii, clock, botPhone: config.BOT_PHONE ?? '+254700000000', deliver: deliverLater });
  const auctionDeps = { db, pii, clock, deliver: deliverLater, ledgerContext: groups.ledgerContext };
  // Payments (issue 5): adapters, webhook + sandbox routes, callback → ledger, sweeps.
  // Disputes, refunds, admins (issue 6): card disputes arrive through the payments webhook (bound late).
  let disputes: DisputesModule | undefined;
  const payments = await createPaymentsModule({
    db,
    pii,
    clock,
    log,
    deliver: deliverLater,
    publicBaseUrl,
    nodeEnv: config.NODE_ENV,
    onDisputeEvent: (tx, e) => (disputes ? disputes.onProviderEvent(tx, e) : Promise.resolve([])),
  });
  const flows = createFlowServices(db);
  disputes = createDisputesModule({
    db,
    pii,
    clock,
    log,
    deliver: deliverLater,
    dataDir: config.DATA_DIR,
    platformAdmins: config.platformAdmins,
    flows,
    payments,
  });
  const services: ToolServices = {
    members: createMemberServices(db, pii, clock),
    support: createSupportServices(db, pii),
    status: { summary: (memberId, locale) => groups.statusSummary(memberId, locale) },
    flows,
    groups,
    payments: payments.services,
  };
  const tools: AgentTools = {
    common: makeCommonTools(services),
    triage: makeOnboardingTools(services),
    setup: [...makeGroupTools(services), ...makeGroupAdminTools(services), ...makeAuctionTools(services, createAuctionServices(auctionDeps))],
    payments: [...makePaymentTools(services), ...makePayoutDestinationTools(services)],
    disputes: disputes.tools.disputes,
    admin: disputes.tools.admin,
  };
  const graph = buildAgentGraph(tools);
  const { provider, name: modelName } = createModelProvider(config);
  const runner = new Runner({
    modelProvider: opts.wrapModelProvider ? opts.wrapModelProvider(provider) : provider,
    traceIncludeSensitiveData: false,
    workflowName: 'likelemba turn',
  });
  const memberships: Memberships = (memberId) => groups.memberships(memberId);

  const outbox = createOutboxSender({ db, client: greenApi, log, metrics });
  const retryLater = (id: string) => boss.send(QUEUES.outbox, { id }, { startAfter: 2 });
  const deliverNew = (rows: NewOutbound[]) => {
    for (const row of rows) {
      outbox
        .deliverFresh(row)
        .then((r) => (r === 'retry' ? retryLater(row.id) : null))
        .catch((err) => log.error({ err: String(err), outboxId: row.id }, 'deliver failed'));
    }
  };
  const deliver = (ids: string[]) => {
    for (const id of ids) {
      outbox
        .deliver(id)
        .then((r) => (r === 'retry' ? boss.send(QUEUES.outbox, { id }, { startAfter: 2 }) : null))
        .catch((err) => log.error({ err: String(err), outboxId: id }, 'deliver failed'));
    }
  };
  const sessionItemsMax = config.modelMode === 'local' ? session_items_local_max : session_items_max;
  const turnWorker = createTurnWorker({
    db,
    pii,
    clock,
    graph,
    runner,
    log,
    platformAdmins: config.platformAdmins,
    memberships,
    pool,
    metrics,
    deliver,
    deliverNew,
    sessionItemsMax,
    media: disputes.media,
  });

  const dispatcher = createDispatcher((chatId) => turnWorker.drainChat(chatId), { concurrency: config.TURN_CONCURRENCY, log });
  let workersStarted = false;

  const sweeps: Sweep[] = [
    {
      name: 'inbound-stranded',
      async run() {
        for (const chatId of await chatsWithStaleInbound(db, new Date(Date.now() - 30_000))) await boss.send(QUEUES.turn, { chatId });
      },
    },
    {
      name: 'outbox-stranded',
      async run() {
        // Real time, not the app clock: a send is stranded after 30 real seconds.
        const ids = await strandedOutbox(db, new Date(Date.now() - 30_000));
        for (const id of ids) await boss.send(QUEUES.outbox, { id });
      },
    },
    { name: 'group-reminders', run: (now) => sweepReminders({ db, pii, deliver }, now).then(() => undefined) },
    { name: 'group-quorum', run: (now) => sweepQuorum({ db, pii, deliver, ledgerContext: groups.ledgerContext }, now).then(() => undefined) },
    { name: 'group-auctions', run: (now) => sweepAuctions(auctionDeps, now).then(() => undefined) },
    ...payments.sweeps,
    ...disputes.sweeps,
  ];

  const rt: Runtime = {
    config,
    log,
    db,
    pool,
    boss,
    clock,
    metrics,
    pii,
    graph,
    runner,
    modelName,
    publicBaseUrl,
    webhookToken: config.GREEN_API_WEBHOOK_TOKEN,
    sandboxGreenApiToken,
    turnWorker,
    outbox,
    sweeps,
    extraPlugins: [payments.plugin],
    async enqueueTurn(chatId) {
      // Workers here: drain at once. Web-only process: the queue carries it to a worker process.
      if (workersStarted) dispatcher.dispatch(chatId);
      else await boss.send(QUEUES.turn, { chatId });
    },
    deliver,
    async runDue() {
      await clock.refresh();
      const now = clock.now();
      for (const s of sweeps) {
        try {
          await s.run(now);
        } catch (err) {
          log.error({ err: String((err as Error)?.stack ?? err), sweep: s.name }, 'sweep failed');
        }
      }
    },
    async refreshQueueDepth() {
      for (const name of Object.values(QUEUES)) {
        const q = await boss.getQueue(name);
        if (q) metrics.queueDepth.set({ queue: name }, (q as { queuedCount?: number }).queuedCount ?? 0);
      }
    },
    async startWorkers() {
      workersStarted = true;
      await boss.work<{ chatId: string }>(
        QUEUES.turn,
        { batchSize: config.TURN_CONCURRENCY, burstWhenBatchFull: true, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
        async (jobs) => {
          await clock.refresh();
          const chats = [...new Set(jobs.map((j) => j.data.chatId))];
          await Promise.all(chats.map((c) => turnWorker.drainChat(c)));
        },
      );
      await boss.work<{ id: string }>(QUEUES.outbox, { batchSize: 20, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async (jobs) => {
        const results = await Promise.all(jobs.map((j) => outbox.deliver(j.data.id)));
        // A retryable failure fails the job so pg-boss retries it with backoff.
        if (results.includes('retry')) throw new Error('some sends will be retried');
      });
      await boss.work(QUEUES.sweep, { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 5 }, async () => rt.runDue());
    },
    async close() {
      for (const c of closers) await c().catch(() => {});
    },
  };
  return rt;
}
