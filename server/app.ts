// The fastify app: webhooks, health and metrics, the simulator and the sandbox. Built by a factory so
// tests use the same wiring on a real port.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Runtime } from './runtime.ts';
import { sandboxClockRoutes } from './sandbox/clock.ts';
import { simulatorRoutes } from './simulator/routes.ts';
import { sandboxGreenApi } from './whatsapp/sandbox.ts';
import { greenApiWebhook } from './whatsapp/webhook.ts';

export async function buildApp(rt: Runtime): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: rt.log.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true } as never),
    bodyLimit: 1_048_576,
    genReqId: () => crypto.randomUUID(),
  });
  app.setErrorHandler((err: { statusCode?: number; message?: string; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err: String(err.message) }, 'request failed');
    reply.code(status).send({ error: status >= 500 ? 'internal_error' : (err.code ?? 'bad_request'), message: status >= 500 ? 'internal error' : err.message });
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await rt.db.execute(sql`select 1`);
      await rt.boss.getQueue('turn');
      return { ok: true };
    } catch (err) {
      return reply.code(503).send({ ok: false, error: String((err as Error).message) });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    await rt.refreshQueueDepth().catch(() => {});
    return reply.type(rt.metrics.registry.contentType).send(await rt.metrics.registry.metrics());
  });

  await app.register(greenApiWebhook, {
    db: rt.db,
    log: rt.log,
    metrics: rt.metrics,
    token: rt.webhookToken,
    idInstance: rt.config.whatsappMode === 'greenapi' ? rt.config.GREEN_API_ID_INSTANCE : undefined,
    enqueueTurn: rt.enqueueTurn,
  });
  for (const plugin of rt.extraPlugins) await app.register(plugin);

  if (rt.config.NODE_ENV !== 'production') {
    await app.register(sandboxClockRoutes, { clock: rt.clock, runDue: rt.runDue });
    if (rt.config.whatsappMode === 'sandbox') {
      await app.register(sandboxGreenApi, { db: rt.db, token: rt.sandboxGreenApiToken, publicBaseUrl: rt.publicBaseUrl });
      await app.register(simulatorRoutes, { db: rt.db, webhookToken: rt.webhookToken });
    }
  }
  app.get('/', async (_req, reply) =>
    rt.config.whatsappMode === 'sandbox' && rt.config.NODE_ENV !== 'production' ? reply.redirect('/simulator') : { name: 'likelemba', ok: true },
  );
  return app;
}
