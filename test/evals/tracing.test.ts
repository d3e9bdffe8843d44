// Langfuse tracing: SDK spans become Langfuse observations, and neither a PIN nor a full phone number
// ever reaches an exported span — checked with an in-memory exporter and through the real runtime
// (keys set, OTLP posted to a local fake Langfuse).
import { createServer, type Server } from 'node:http';
import { Agent, Runner, setTraceProcessors, setTracingDisabled, tool } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { incomingMessage } from '../../server/simulator/inbound.ts';
import { createLangfuseTracing, maskSensitiveText } from '../../server/tracing/langfuse.ts';
import { type FakeGreenApi, startFakeGreenApi } from '../../server/whatsapp/fake-greenapi.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

describe('maskSensitiveText', () => {
  it('masks full numbers, bare PINs and PINs in approval contexts, and keeps amounts', () => {
    expect(maskSensitiveText('send it to +254 711 000 222 now')).not.toMatch(/711 000 222|711000222/);
    expect(maskSensitiveText('0711000222')).not.toContain('0711000222');
    expect(maskSensitiveText('4821')).toBe('[pin]');
    expect(maskSensitiveText('my PIN is 4821')).not.toContain('4821');
    expect(maskSensitiveText('approve with code 904512')).not.toContain('904512');
    expect(maskSensitiveText('pay 5000 for Umoja')).toContain('5000');
  });
});

describe('LangfuseAgentsProcessor with an in-memory exporter', () => {
  it('exports agent, generation, tool and handoff observations with no PIN and no full number', async () => {
    const exporter = new InMemorySpanExporter();
    const { processor } = createLangfuseTracing({ publicKey: 'pk-test', secretKey: 'sk-test', baseUrl: 'http://127.0.0.1:9', exporter });
    setTraceProcessors([processor]);
    setTracingDisabled(false);
    const setPayout = tool({
      name: 'set_payout_destination',
      description: 'test',
      parameters: z.object({ phone: z.string(), note: z.string() }),
      execute: async ({ phone }) => JSON.stringify({ text: `Payouts now go to ${phone}; PIN 4821 accepted` }),
    });
    const payments = new Agent({ name: 'Payments', instructions: 'pay', tools: [setPayout] });
    const model = new ScriptedModel([
      [functionCall('transfer_to_Payments', {}, { callId: 'h1' })],
      [functionCall('set_payout_destination', { phone: '+254711000222', note: 'pin 4821' }, { callId: 't1' })],
      [assistantMessage('Done: +254711000222 confirmed with PIN 4821')],
    ]);
    const triage = new Agent({ name: 'Triage', instructions: 'route', handoffs: [payments] });
    // Sensitive data on: the mask, not the SDK switch, is what must keep secrets out.
    const runner = new Runner({ model, traceIncludeSensitiveData: true, workflowName: 'likelemba turn' });
    await runner.run(triage, 'change my payout number to +254711000222, my pin is 4821');
    await processor.forceFlush();
    const spans = exporter.getFinishedSpans();
    const names = spans.map((s) => s.name);
    expect(names).toContain('likelemba turn');
    expect(names).toContain('set_payout_destination');
    expect(names.some((n) => n.startsWith('handoff'))).toBe(true);
    const dump = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes })));
    expect(dump).toContain('langfuse.observation.type');
    expect(dump).not.toContain('4821');
    expect(dump).not.toMatch(/254711000222|711000222/);
    setTraceProcessors([]);
    setTracingDisabled(true);
    await processor.shutdown();
  });
});

describe('the runtime traces to Langfuse only with keys, masked', () => {
  let fake: FakeGreenApi;
  let langfuse: Server;
  let t: TestRuntime;
  const posted: string[] = [];
  const INSTANCE = '7103000077';
  beforeAll(async () => {
    fake = await startFakeGreenApi();
    langfuse = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        posted.push(`${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => langfuse.listen(0, '127.0.0.1', r));
    const port = (langfuse.address() as { port: number }).port;
    t = await startTestRuntime({
      GREEN_API_URL: fake.url,
      GREEN_API_MEDIA_URL: fake.url,
      GREEN_API_ID_INSTANCE: INSTANCE,
      GREEN_API_TOKEN: 'api-token',
      PII_ENCRYPTION_KEY: '22'.repeat(32),
      LANGFUSE_PUBLIC_KEY: 'pk-lf-test',
      LANGFUSE_SECRET_KEY: 'sk-lf-test',
      LANGFUSE_BASE_URL: `http://127.0.0.1:${port}`,
    });
  });
  afterAll(async () => {
    await t?.close().catch(() => {});
    await fake?.close();
    await new Promise((r) => langfuse?.close(r));
    setTraceProcessors([]);
    setTracingDisabled(true);
  });

  it('sends agent traces of a PIN-approved payout change with the PIN and numbers masked', async () => {
    const phone = '+254700000301';
    const converse = async (text: string) => {
      const before = fake.calls.length;
      const res = await fetch(`${t.url}/webhooks/greenapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(incomingMessage(phone, { text }, { idInstance: INSTANCE, wid: 'w' })),
      });
      expect(res.status).toBe(200);
      const c = await fake.waitFor((x) => x.body.chatId === `${phone.slice(1)}@c.us` && fake.calls.indexOf(x) >= before);
      return String(c.body.message ?? c.body.body);
    };
    for (const m of ['Hi', '1', 'Wanjiku', '3958', '3958']) await converse(m);
    expect(await converse('change my payout number to +254711000222')).toMatch(/PIN/);
    await converse('3958');
    await t.app.close();
    await t.rt.close(); // flushes the tracer provider
    const otlp = posted.filter((p) => p.startsWith('/api/public/otel'));
    expect(otlp.length).toBeGreaterThan(0);
    const all = otlp.join('\n');
    expect(all).toContain('likelemba turn');
    expect(all).not.toContain('3958');
    expect(all).not.toMatch(/254711000222|711000222|254700000301|700000301/);
    t.close = async () => {
      await t.db.drop();
    };
  });
});
