// bench:turns — N simulated members each send M messages through the real webhook route of a real
// server process (`server/main.ts`, its own Node process, as in production); this process only plays
// the members and a fake Green API that records the replies. Prints throughput and latency from
// webhook receipt to the outbound Green API call; the last line is one JSON object.
// Usage: npm run bench:turns [-- --members 200 --messages 5 --rate 300 --processes 1 --only-rate]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPiiCipher } from '../../core/identity/pii.ts';
import { connect, runMigrations } from '../../db/client.ts';
import { freePort, startEmbeddedPostgres } from '../../db/embedded.ts';
import { findOrCreateMember, updateMember } from '../../db/members.ts';
import { startFakeGreenApi } from '../whatsapp/fake-greenapi.ts';
import { incomingMessage } from '../simulator/inbound.ts';
import { machineBusyMs, treeCpuMs } from './cpu.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const members_count = arg('members', 200);
const messages_per_member = arg('messages', 10);
// --rate R: after the capacity run, the same members send at R turns/s (open loop) and the latency
// figures come from that run (the target is about latency at a given load). --rate 0: capacity only.
// --only-rate: skip the capacity run.
const rate_arg = arg('rate', 300);
const only_rate = process.argv.includes('--only-rate');
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
// BENCH_SERVER_NODE_ARGS: extra node flags for the server processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const servers = ports.map((port) =>
  spawn(path.join(root, 'node_modules/.bin/node'), [...serverNodeArgs, path.join(root, 'server/main.ts')], {
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
  }),
);
// Whatever happens to this process (a failed readiness wait, an error), the servers go with it.
process.on('exit', () => {
  for (const server of servers) server.kill('SIGKILL');
});
const bases = ports.map((port) => `http://127.0.0.1:${port}`);
for (const base of bases) {
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (i > 600) throw new Error('server did not become ready in 60 s');
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

// Posts with node:http and a keep-alive agent: the load generator shares the box with the server, so it
// should cost as little CPU as it can (fetch's web streams cost several times more per request).
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function post(base: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/webhooks/greenapi`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies_ms: number[] = [];
/** One message: post it, wait for the reply to reach the fake Green API; returns when it did. */
async function turn(phone: string, idx: number, m: number): Promise<void> {
  const chatId = `${phone.slice(1)}@c.us`;
  const body = JSON.stringify(incomingMessage(phone, { text: TEXTS[(idx + m) % TEXTS.length] }, { idInstance: INSTANCE, wid: '254700111222@c.us' }));
  const replied = new Promise<number>((r) => pending.set(chatId, r));
  const sent = performance.now();
  const status = await post(bases[idx % bases.length], body);
  if (status !== 200) throw new Error(`webhook answered ${status}`);
  let timer: NodeJS.Timeout | undefined;
  const at = await Promise.race([replied, new Promise<number>((_, rej) => (timer = setTimeout(() => rej(new Error('no reply in 30 s')), 30_000)))]);
  clearTimeout(timer);
  latencies_ms.push(at - sent);
}

/** Closed loop: every member sends its next message as soon as the previous reply arrived (capacity). */
async function closedLoop(list: string[]) {
  await Promise.all(
    list.map(async (p, i) => {
      for (let m = 0; m < messages_per_member; m++) await turn(p, i, m);
    }),
  );
}

/**
 * Open loop at `rate` turns/s: message k (of members × messages) is due at k / rate seconds, members
 * taking turns, as independent people chatting produce load. A member still waiting for its previous
 * reply sends when it arrives (a person reads before writing again); latency is always from the post.
 */
async function openLoop(list: string[], rate: number) {
  const total = list.length * messages_per_member;
  const busy: Array<Promise<void>> = list.map(() => Promise.resolve());
  const t0 = performance.now();
  const all: Array<Promise<void>> = [];
  for (let k = 0; k < total; k++) {
    const wait = t0 + (k * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const i = k % list.length;
    const m = Math.floor(k / list.length);
    busy[i] = busy[i].then(() => turn(list[i], i, m));
    all.push(busy[i]);
  }
  await Promise.all(all);
}

type Phase = {
  turns: number;
  wall_s: number;
  turns_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  cpu_ms_per_turn: { server: number; postgres: number; bench: number; machine: number };
};
const postmasterPid = (() => {
  try {
    return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0; // an outside DATABASE_URL: its CPU is not ours to read
  }
})();
async function phase(run: () => Promise<void>): Promise<Phase> {
  latencies_ms.length = 0;
  const cpu0 = {
    server: servers.reduce((s, p) => s + treeCpuMs(p.pid ?? 0), 0),
    postgres: postmasterPid ? treeCpuMs(postmasterPid) : 0,
    bench: process.cpuUsage(),
    machine: machineBusyMs(),
  };
  const started = performance.now();
  await run();
  const wall_s = (performance.now() - started) / 1000;
  const b = process.cpuUsage(cpu0.bench);
  const turns = latencies_ms.length;
  const per = (ms: number) => Math.round((ms / turns) * 100) / 100;
  const sorted = [...latencies_ms].sort((a, z) => a - z);
  const pct = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return {
    turns,
    wall_s,
    turns_per_s: Math.round((turns / wall_s) * 10) / 10,
    p50_ms: pct(0.5),
    p95_ms: pct(0.95),
    p99_ms: pct(0.99),
    cpu_ms_per_turn: {
      server: per(servers.reduce((s, p) => s + treeCpuMs(p.pid ?? 0), 0) - cpu0.server),
      postgres: per(postmasterPid ? treeCpuMs(postmasterPid) - cpu0.postgres : 0),
      bench: per((b.user + b.system) / 1000),
      machine: per(machineBusyMs() - cpu0.machine),
    },
  };
}
const show = (name: string, r: Phase) => {
  console.log(
    `${name}: ${r.turns} turns in ${r.wall_s.toFixed(2)} s = ${r.turns_per_s} turns/s; webhook→outbound p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms, p99 ${r.p99_ms} ms`,
  );
  const c = r.cpu_ms_per_turn;
  console.log(
    `  CPU per turn: server ${c.server} ms, postgres ${c.postgres} ms, load generator ${c.bench} ms; whole machine ${c.machine} ms (all cores, everything running)`,
  );
};

// Warm up (JIT, connection pools) with turns that are not measured.
await closedLoop(phones.slice(0, 20));
// 1. Capacity: closed loop, no think time — the most turns/s this box gives; latency here is queueing
//    (members ÷ throughput), not service time.
const capacity = rate_arg === 0 || !only_rate ? await phase(() => closedLoop(phones)) : null;
if (capacity) show('capacity (closed loop, no think time)', capacity);
// 2. Latency at the target load: the same members, open loop at `--rate` turns/s (default 300).
const paced = rate_arg > 0 ? await phase(() => openLoop(phones, rate_arg)) : null;
if (paced) show(`at ${rate_arg} turns/s offered (open loop)`, paced);
const main = paced ?? (capacity as Phase);

let sum_s = 0;
let count = 0;
for (const base of bases) {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? 0);
  sum_s += metric('likelemba_turn_seconds_sum');
  count += metric('likelemba_turn_seconds_count');
}
const inside_ms = (sum_s / count) * 1000;
const result = {
  bench: 'turns',
  members: members_count,
  messages_per_member,
  server_processes: processes_count,
  offered_rate_per_s: paced ? rate_arg : null,
  turns: main.turns,
  turns_per_s: main.turns_per_s,
  p50_ms: main.p50_ms,
  p95_ms: main.p95_ms,
  p99_ms: main.p99_ms,
  capacity_turns_per_s: capacity?.turns_per_s ?? null,
  capacity_p99_ms: capacity?.p99_ms ?? null,
  cpu_ms_per_turn: (capacity ?? main).cpu_ms_per_turn,
  load_avg: Number(os.loadavg()[0].toFixed(2)),
};
console.log(
  `${processes_count} server process(es); mean time inside a turn (agents, tools, outbox write): ${inside_ms.toFixed(1)} ms; load average ${result.load_avg}`,
);
for (const server of servers) {
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
}
await fake.close();
await stopDb();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify(result));
process.exit(0);
