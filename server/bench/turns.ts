// bench:turns — N simulated members each send M messages through the real webhook route of a real
// server process (`server/main.ts`, its own Node process, as in production); this process only plays
// the members and a fake Green API that records the replies. Prints throughput and latency from
// webhook receipt to the outbound Green API call; the last line is one JSON object.
// Usage: npm run bench:turns [-- --members 200 --messages 5]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPiiCipher } from '../../core/identity/pii.ts';
import { connect, runMigrations } from '../../db/client.ts';
import { freePort, startEmbeddedPostgres } from '../../db/embedded.ts';
import { findOrCreateMember, updateMember } from '../../db/members.ts';
import { startFakeGreenApi } from '../../test/helpers/fake-greenapi.ts';
import { incomingMessage } from '../simulator/inbound.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const members_count = arg('members', 200);
const messages_per_member = arg('messages', 5);
// Server processes (each `npm start`-style web + workers) on one database, as production scales out.
// Node runs one thread, so a 2-core box uses two; members are spread over them like a load balancer would.
const processes_count = arg('processes', 1);
const TEXTS = ['menu', 'help', 'status', 'hello', 'nataka msaada', 'aide', 'menyu', 'stop', 'resume'];
const INSTANCE = '7103000042';
const TOKEN = 'bench-token';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-bench-'));
chmodSync(dataDir, 0o755);
let dbUrl = process.env.DATABASE_URL;
let stopDb = async () => {};
if (!dbUrl) {
  const pg = await startEmbeddedPostgres({ dataDir, database: 'bench_turns' });
  dbUrl = pg.url;
  stopDb = pg.close;
}
const piiKey = randomBytes(32).toString('hex');
const { pool, db } = connect(dbUrl, { max: 4 });
await runMigrations(db);
// Members who finished onboarding, so every message is an ordinary turn through the agents.
const pii = createPiiCipher(Buffer.from(piiKey, 'hex'));
const phones = Array.from({ length: members_count }, (_, i) => `+2547${String(10_000_000 + i).padStart(8, '0')}`);
for (const p of phones) {
  const { member } = await findOrCreateMember(db, pii, p, new Date());
  await updateMember(db, member.id, { onboardingStep: 'done', status: 'active', locale: 'en' });
}
await pool.end();

const fake = await startFakeGreenApi();
const ports: number[] = [];
for (let i = 0; i < processes_count; i++) ports.push(await freePort());
const servers = ports.map((port) => spawn(path.join(root, 'node_modules/.bin/node'), [path.join(root, 'server/main.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PII_ENCRYPTION_KEY: piiKey,
    GREEN_API_URL: fake.url,
    GREEN_API_MEDIA_URL: fake.url,
    GREEN_API_ID_INSTANCE: INSTANCE,
    GREEN_API_TOKEN: 'bench',
    GREEN_API_WEBHOOK_TOKEN: TOKEN,
    TURN_CONCURRENCY: process.env.TURN_CONCURRENCY ?? '16',
  },
}));
const bases = ports.map((port) => `http://127.0.0.1:${port}`);
for (const base of bases) {
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 300) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
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
    const res = await fetch(`${bases[idx % bases.length]}/webhooks/greenapi`, {
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

let sum_s = 0;
let count = 0;
for (const base of bases) {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? 0);
  sum_s += metric('likelemba_turn_seconds_sum');
  count += metric('likelemba_turn_seconds_count');
}
const inside_ms = (sum_s / count) * 1000;

latencies_ms.sort((a, b) => a - b);
const pct = (q: number) => Math.round(latencies_ms[Math.min(latencies_ms.length - 1, Math.floor(q * latencies_ms.length))] * 10) / 10;
const turns = latencies_ms.length;
const result = {
  bench: 'turns',
  members: members_count,
  messages_per_member,
  server_processes: processes_count,
  turns,
  turns_per_s: Math.round((turns / wall_s) * 10) / 10,
  p50_ms: pct(0.5),
  p95_ms: pct(0.95),
  p99_ms: pct(0.99),
  load_avg: Number(os.loadavg()[0].toFixed(2)),
};
console.log(`${turns} turns from ${members_count} members (each waits for its reply before the next message), ${processes_count} server process(es), in ${wall_s.toFixed(2)} s`);
console.log(`throughput ${result.turns_per_s} turns/s; webhook→outbound p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms`);
console.log(`mean time inside a turn (agents, tools, outbox write): ${inside_ms.toFixed(1)} ms; load average ${result.load_avg}`);
for (const server of servers) {
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
}
await fake.close();
await stopDb();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify(result));
process.exit(0);
