// bench:turns — N simulated members each send M messages through the real webhook route; a fake
// Green API server records the replies. Prints throughput and latency from webhook receipt to the
// outbound call; the last line is one JSON object.
// Usage: npm run bench:turns [-- --members 200 --messages 5]
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { findOrCreateMember, updateMember } from '../../db/members.ts';
import { freePort } from '../../db/embedded.ts';
import { createRuntime } from '../runtime.ts';
import { incomingMessage } from '../simulator/inbound.ts';
import { startFakeGreenApi } from '../../test/helpers/fake-greenapi.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const members_count = arg('members', 200);
const messages_per_member = arg('messages', 5);
const TEXTS = ['menu', 'help', 'status', 'hello', 'nataka msaada', 'aide', 'menyu', 'stop', 'resume'];
const INSTANCE = '7103000042';
const TOKEN = 'bench-token';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-bench-'));
chmodSync(dataDir, 0o755);
const fake = await startFakeGreenApi();
const port = await freePort();
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  PORT: String(port),
  LOG_LEVEL: 'warn',
  GREEN_API_URL: fake.url,
  GREEN_API_MEDIA_URL: fake.url,
  GREEN_API_ID_INSTANCE: INSTANCE,
  GREEN_API_TOKEN: 'bench',
  GREEN_API_WEBHOOK_TOKEN: TOKEN,
  TURN_CONCURRENCY: process.env.TURN_CONCURRENCY ?? '16',
});
const rt = await createRuntime(config, { port });
const app = await buildApp(rt);
await app.listen({ port, host: '127.0.0.1' });
await rt.startWorkers();

// Members who finished onboarding, so every message is an ordinary turn through the agents.
const phones = Array.from({ length: members_count }, (_, i) => `+2547${String(10_000_000 + i).padStart(8, '0')}`);
for (const p of phones) {
  const { member } = await findOrCreateMember(rt.db, rt.pii, p, new Date());
  await updateMember(rt.db, member.id, { onboardingStep: 'done', status: 'active', locale: 'en' });
}

const pending = new Map<string, (at: number) => void>();
fake.onCall = (c) => {
  const resolve = pending.get(String(c.body.chatId));
  if (resolve) {
    pending.delete(String(c.body.chatId));
    resolve(c.at);
  }
};

const latencies_ms: number[] = [];
async function member(phone: string, idx: number) {
  const chatId = `${phone.slice(1)}@c.us`;
  for (let m = 0; m < messages_per_member; m++) {
    const body = incomingMessage(phone, { text: TEXTS[(idx + m) % TEXTS.length] }, { idInstance: INSTANCE, wid: '254700111222@c.us' });
    const replied = new Promise<number>((r) => pending.set(chatId, r));
    const sent = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/greenapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    const at = await Promise.race([replied, new Promise<number>((_, rej) => setTimeout(() => rej(new Error('no reply in 30 s')), 30_000))]);
    latencies_ms.push(at - sent);
  }
}

// Warm up (JIT, connection pools) with a few turns that are not measured.
await Promise.all(phones.slice(0, 10).map((p, i) => member(p, i)));
latencies_ms.length = 0;
const started = performance.now();
await Promise.all(phones.map((p, i) => member(p, i)));
const wall_s = (performance.now() - started) / 1000;

latencies_ms.sort((a, b) => a - b);
const pct = (q: number) => Math.round(latencies_ms[Math.min(latencies_ms.length - 1, Math.floor(q * latencies_ms.length))] * 10) / 10;
const turns = latencies_ms.length;
const result = { bench: 'turns', members: members_count, messages_per_member, turns, turns_per_s: Math.round((turns / wall_s) * 10) / 10, p50_ms: pct(0.5), p95_ms: pct(0.95), p99_ms: pct(0.99) };
console.log(`${turns} turns from ${members_count} members in ${wall_s.toFixed(2)} s`);
console.log(`throughput ${result.turns_per_s} turns/s; webhook→outbound p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms`);
const hist = (await rt.metrics.turnSeconds.get()).values;
const sum_s = hist.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
const count = hist.find((v) => v.metricName?.endsWith('_count'))?.value ?? 1;
console.log(`mean time inside a turn (agents, tools, outbox write): ${((sum_s / count) * 1000).toFixed(1)} ms`);
await app.close();
await rt.close();
await fake.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify(result));
process.exit(0);
