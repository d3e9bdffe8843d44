// The eval runner works unchanged against an OpenAI-compatible endpoint: a local fake server speaks
// the Chat Completions API (tool calls, handoffs, messages), and `node evals/run.ts --model openai`
// runs real cases through the real runtime against it via OPENAI_BASE_URL.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

type Msg = {
  role: string;
  content?: string | null | Array<{ text?: string }>;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
};
type Req = { model: string; messages: Msg[]; tools?: Array<{ function: { name: string } }> };

/** A tiny deterministic "model": routes by keywords, calls tools, relays tool texts. */
function decide(req: Req): { content?: string; call?: { name: string; args: Record<string, unknown> } } {
  const tools = new Set((req.tools ?? []).map((t) => t.function.name));
  const msgs = req.messages;
  const last = msgs.at(-1);
  const text = (m?: Msg) => (typeof m?.content === 'string' ? m.content : Array.isArray(m?.content) ? m.content.map((p) => p.text ?? '').join('') : '');
  if (last?.role === 'tool') {
    const caller = [...msgs].reverse().find((m) => m.tool_calls?.some((c) => c.id === last.tool_call_id));
    const name = caller?.tool_calls?.find((c) => c.id === last.tool_call_id)?.function.name ?? '';
    if (!name.startsWith('transfer_to_')) {
      try {
        return { content: String(JSON.parse(text(last)).text ?? text(last)) };
      } catch {
        return { content: text(last) };
      }
    }
  }
  const user = text([...msgs].reverse().find((m) => m.role === 'user')).trim();
  const call = (name: string, args: Record<string, unknown> = {}) => ({ call: { name, args } });
  if (tools.has('onboarding_answer')) return /^help$/i.test(user) ? call('show_help') : call('onboarding_answer', { answer: user });
  const phone = /payout number to (\+?[\d ]+)/i.exec(user)?.[1]?.replace(/\s/g, '');
  if (phone) return tools.has('set_payout_destination') ? call('set_payout_destination', { phone }) : call('transfer_to_Payments');
  if (/^(help|hlp)\b/i.test(user)) return call('show_help');
  if (/^menu$/i.test(user)) return call('show_menu');
  return call('clarify', { reason: 'unclear' });
}

describe('evals against an OpenAI-compatible endpoint (Chat Completions)', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Req[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evals-openai-'));
  beforeAll(async () => {
    let n = 0;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Req;
        seen.push(body);
        const d = decide(body);
        const id = `call_${++n}`;
        const message = d.call
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [{ id, type: 'function', function: { name: d.call.name, arguments: JSON.stringify(d.call.args) } }],
            }
          : { role: 'assistant', content: d.content ?? '' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${n}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [{ index: 0, message, finish_reason: d.call ? 'tool_calls' : 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs onboarding, help and a PIN-approved payout change with --model openai', async () => {
    const out = path.join(dir, 'report.json');
    const cases = 'onboarding.full.en.001,menus.help.en.001,payments.payout_number_wrong_pin.en.001';
    const env = {
      ...process.env,
      OPENAI_API_KEY: 'sk-fake-local',
      OPENAI_BASE_URL: baseUrl,
      OPENAI_MODEL: 'fake-gpt',
      OPENAI_API: 'chat_completions',
      EVALS_DATABASE_URL: inject('adminDatabaseUrl'),
      EVALS_DATA_DIR: dir,
      LANGFUSE_PUBLIC_KEY: '',
      LANGFUSE_SECRET_KEY: '',
    };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['evals/run.ts', '--model', 'openai', '--filter', cases, '--out', out, '--concurrency', '2'], {
        env,
        cwd: path.resolve(import.meta.dirname, '../..'),
      });
      let so = '';
      let se = '';
      p.stdout.on('data', (c) => (so += c));
      p.stderr.on('data', (c) => (se += c));
      p.on('close', (c) => resolve({ code: c, stdout: so, stderr: se }));
    });
    const lines = stdout.trim().split('\n');
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(lines.at(-1), stdout + readFileSync(out.replace(/json$/, 'md'), 'utf8')).toBe('3 passed, 0 failed');
    const summary = JSON.parse(lines.at(-2) ?? '{}');
    expect(summary).toMatchObject({ evals: 'summary', model: 'openai:fake-gpt', cases: 3, policy_violations: 0 });
    expect(summary.intent_accuracy.en).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.model).toBe('openai:fake-gpt');
    // The endpoint really served the agents: a model call for every turn that needed understanding
    // (agents stop on their first tool result, so a tool's text is the reply without a relay call),
    // and a handoff to Payments.
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(seen.some((r) => r.tools?.some((t) => t.function.name === 'transfer_to_Payments'))).toBe(true);
    // …and a PIN never reached it.
    const everything = JSON.stringify(seen);
    for (const pin of ['9305', '2580', '1470']) expect(everything).not.toMatch(new RegExp(`(?<!\\d)${pin}(?!\\d)`));
  }, 120_000);
});
