// Prometheus metrics (GET /metrics): turns, turn latency, queue depth, outbox failures.
import client from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    turns: new client.Counter({ name: 'likelemba_turns_total', help: 'Member messages handled', labelNames: ['outcome'], registers: [registry] }),
    turnSeconds: new client.Histogram({
      name: 'likelemba_turn_seconds',
      help: 'Time to handle one member message (agents, tools, outbox write)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    webhooks: new client.Counter({ name: 'likelemba_webhooks_total', help: 'Webhook deliveries', labelNames: ['source', 'result'], registers: [registry] }),
    outboxSent: new client.Counter({ name: 'likelemba_outbox_sent_total', help: 'Outbound messages sent', registers: [registry] }),
    outboxFailures: new client.Counter({
      name: 'likelemba_outbox_failures_total',
      help: 'Outbound send failures',
      labelNames: ['kind'],
      registers: [registry],
    }),
    queueDepth: new client.Gauge({ name: 'likelemba_queue_depth', help: 'Jobs waiting per queue', labelNames: ['queue'], registers: [registry] }),
  };
}
