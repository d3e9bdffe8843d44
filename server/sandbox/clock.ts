// The sandbox test clock (outside contract): GET /sandbox/clock → {now}; POST with {now} or
// {advance: ISO 8601 duration} → {now}, after which every timed job that has become due runs.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AppClock, parseIsoDuration } from '../clock.ts';

const Body = z.union([z.object({ now: z.iso.datetime({ offset: true }) }), z.object({ advance: z.string().min(2).max(40) })]);

export async function sandboxClockRoutes(app: FastifyInstance, opts: { clock: AppClock; runDue: () => Promise<void> }) {
  app.get('/sandbox/clock', async () => {
    await opts.clock.refresh();
    return { now: opts.clock.now().toISOString() };
  });
  app.post('/sandbox/clock', async (req, reply) => {
    const parsed = Body.safeParse(req.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send({ error: 'invalid_clock_request', message: 'send {"now": ISO 8601 date-time} or {"advance": ISO 8601 duration such as "P7D"}' });
    if ('now' in parsed.data) {
      await opts.clock.setNow(new Date(parsed.data.now));
    } else {
      const ms = parseIsoDuration(parsed.data.advance);
      if (ms === undefined) return reply.code(400).send({ error: 'invalid_duration', message: `not an ISO 8601 duration: ${parsed.data.advance}` });
      await opts.clock.advance(ms);
    }
    await opts.runDue();
    return { now: opts.clock.now().toISOString() };
  });
}
