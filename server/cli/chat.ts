// Terminal chat with the sandbox WhatsApp of a running server: `npm run chat -- --phone +254700000001`
// (start the server first with `npm start`). Buttons are shown as [id] title; type the id to tap one.
import { createInterface } from 'node:readline/promises';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const phone = opt('phone', '+254700000001');
const base = opt('url', `http://127.0.0.1:${process.env.PORT ?? 3000}`);
let after = 0;
const buttonIds = new Set<string>();

type Msg = { id: number; direction: string; kind: string; body: Record<string, unknown> };

function show(m: Msg) {
  if (m.direction === 'in') return;
  const b = m.body;
  if (m.kind === 'buttons') {
    const btns = b.buttons as Array<{ buttonId: string; buttonText: string }>;
    for (const x of btns) buttonIds.add(x.buttonId);
    console.log(`\n🤖 ${b.body}\n${btns.map((x) => `   [${x.buttonId}] ${x.buttonText}`).join('\n')}`);
  } else if (m.kind === 'file') console.log(`\n🤖 📎 ${b.fileName} ${b.urlFile ?? ''}${b.caption ? `\n${b.caption}` : ''}`);
  else console.log(`\n🤖 ${b.text}`);
}

async function poll() {
  const r = await fetch(`${base}/simulator/api/messages?phone=${encodeURIComponent(phone)}&after=${after}`).catch(() => undefined);
  if (!r?.ok) return;
  for (const m of ((await r.json()) as { messages: Msg[] }).messages) {
    after = Math.max(after, m.id);
    show(m);
  }
}

const health = await fetch(`${base}/healthz`).catch(() => undefined);
if (!health?.ok) {
  console.error(`No Likelemba server at ${base}. Start it with \`npm start\` in another terminal.`);
  process.exit(1);
}
console.log(`Chatting as ${phone} with ${base} (sandbox WhatsApp). Ctrl+C to quit.`);
await poll();
const timer = setInterval(poll, 500);
const rl = createInterface({ input: process.stdin, output: process.stdout });
rl.on('close', () => {
  clearInterval(timer);
  process.exit(0);
});
for await (const line of rl) {
  const text = line.trim();
  if (!text) continue;
  const body = buttonIds.has(text) ? { phone, buttonId: text } : { phone, text };
  const r = await fetch(`${base}/simulator/api/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) console.error(`! ${r.status} ${await r.text()}`);
}
